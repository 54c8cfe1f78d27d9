import { ApiObject } from 'cdk8s';
import { Lazy, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { EKS_LIMITS, EKS_MAX_LAUNCH_TEMPLATE_NAME } from '../../catalog/limits';
import { EksAccessEntry, EksCluster } from '../../compute/eks-cluster';
import { shareDevices } from '../../compute/gpu-partitioning';
import { CapacityType } from '../../core/capacity';
import { CloudProvider } from '../../core/cloud';
import { ErrorCode, ValidationError } from '../../core/errors';
import { GpuSharing } from '../../core/gpu-sharing';
import { CloudTagKeys, managedByLabels, PlatformLabels } from '../../core/labels';
import { Names } from '../../core/names';
import { DEVICE_PLUGIN_CONFIG_LABEL, GpuSharingStrategy, MIG_CONFIG_LABEL, MigStrategy } from '../../core/nvidia';
import { compareStrings } from '../../core/order';
import { Taint } from '../../core/taint';
import {
  CloudTarget, DeviceUnit, FleetPlacement, FleetRequest, Invariant, MigProfileFacts, ModelOrigins, PoolDeclaration, PoolPlacement, PoolRequest,
  StorageTierRequest, TargetContext,
} from '../../model/seams';
import { BudgetModel, DevicePluginSharing, PlatformModel, PoolModel, PoolPartitioning, StorageTierModel } from '../../model/types';
import { GpuOperatorObjects, renderGpuOperator } from '../k8s/gpu-operator';
import { assertGpuOperatorMatchesPools } from '../k8s/gpu-operator-checks';
import { renderAutoscalerPriorities } from '../k8s/spot-fleet-ladder';
import { zonalStorageReachable } from '../storage-reachability';
import { StorageWarnings } from '../storage-warnings';
import { checkAwsBudget, renderAwsBudget } from './eks-budget';
import { AwsClusterRefs, ensureAwsProvider, renderEksCluster } from './eks-cluster';
import { EksPoolResources, renderEksNodeGroup } from './eks-node-group';
import { resolveAwsStorageTier } from './storage-plan';
import { renderAwsStorageTier } from './storage-resources';

/**
 * The EKS target: GPU pools as EKS managed node groups (launch template, IMDSv2, encrypted volumes, placement
 * groups and EFA, capacity reservations), the NVIDIA GPU operator's configuration for MIG and sharing, and the
 * cluster itself when the platform creates it.
 */
export class EksTarget implements CloudTarget {
  public readonly provider = CloudProvider.AWS;
  public readonly systemNamespaces: string[];
  /** EFA interfaces come with the node, not with quota (GPU quota bounds them). */
  public readonly nodeResourcePrefixes = ['vpc.amazonaws.com/efa'];
  public readonly defaultMigStrategy = MigStrategy.MIXED;

  private readonly clusterRefs: AwsClusterRefs;
  private readonly gpuOperatorNamespace: string;
  private readonly storageWarnings = new StorageWarnings();
  private gpuOperator?: GpuOperatorObjects;
  private autoscalerPriorities?: ApiObject;
  /** Each pool's resources by pool name, for the budgets that cap them. */
  private readonly poolResources = new Map<string, EksPoolResources>();

  constructor(private readonly context: TargetContext, private readonly cluster: EksCluster, gpuOperatorNamespace: string) {
    this.gpuOperatorNamespace = gpuOperatorNamespace;
    this.systemNamespaces = [gpuOperatorNamespace];
    ensureAwsProvider(context.stack as TerraformStack, context.cloud, context.platformName);
    // The node subnets' zones must be zones of the platform's region.
    for (const zone of cluster.zones) context.catalog.zoneIn(CloudProvider.AWS, zone, context.cloud.region);
    this.clusterRefs = renderEksCluster(context.cloudScope, cluster);
  }

  public checkPoolDeclaration(scope: IConstruct, pool: PoolDeclaration): void {
    Names.assertDns1123Label(scope, 'pool name', pool.name, EKS_LIMITS.maxNodeGroupName);
    const launchTemplate = `${this.cluster.clusterName}-${pool.name}`;
    if (launchTemplate.length > EKS_MAX_LAUNCH_TEMPLATE_NAME) {
      throw new ValidationError(ErrorCode.INVALID_NAME, {
        message: `The pool's launch template is named <cluster>-<pool>, and ${launchTemplate.length} characters exceed EC2's ${EKS_MAX_LAUNCH_TEMPLATE_NAME}.`,
        received: launchTemplate,
        fix: `Shorten the pool name to at most ${EKS_MAX_LAUNCH_TEMPLATE_NAME - this.cluster.clusterName.length - 1} characters.`,
      }, scope);
    }
    if (pool.capacity.type === CapacityType.RESERVED && !/^cr-[0-9a-f]{8,17}$/.test(pool.capacity.reservationId ?? '')) {
      throw new ValidationError(ErrorCode.CAPACITY_INVALID, {
        message: 'The reservation is not a valid Capacity Reservation id.',
        received: pool.capacity.reservationId,
        allowed: '"cr-" and 8-17 hex digits',
        fix: 'Pass the reservation id or name exactly as the cloud console shows it.',
      }, scope);
    }
    if (pool.instanceTypes !== undefined && pool.instanceTypes.length > EKS_LIMITS.maxInstanceTypes) {
      throw new ValidationError(ErrorCode.TOO_MANY_INSTANCE_TYPES, {
        message: `EKS allows at most ${EKS_LIMITS.maxInstanceTypes} instance types per managed node group.`,
        received: pool.instanceTypes.length,
        fix: 'Keep the 20 you most want; split the rest into another pool.',
      }, scope);
    }
  }

  public resolvePool(scope: IConstruct, pool: PoolRequest): PoolPlacement {
    if (pool.maxNodes > EKS_LIMITS.maxNodesPerGroup) {
      throw new ValidationError(ErrorCode.POOL_SIZE_INVALID, {
        message: `The pool size is invalid: EKS allows at most ${EKS_LIMITS.maxNodesPerGroup} nodes per managed node group.`,
        received: { minNodes: pool.minNodes, maxNodes: pool.maxNodes },
        allowed: `0 <= minNodes <= maxNodes, maxNodes >= 1, maxNodes <= ${EKS_LIMITS.maxNodesPerGroup}`,
        fix: 'Lower maxNodes, or split the pool.',
      }, scope);
    }
    this.checkTaints(scope, pool.taints);
    return this.place(scope, pool);
  }

  public checkNodeLabels(scope: IConstruct, labels: Record<string, string>): void {
    for (const [key, value] of Object.entries(labels)) {
      if (key.length > EKS_LIMITS.maxKeyLength || value.length > EKS_LIMITS.maxValueLength) {
        throw new ValidationError(ErrorCode.LABEL_INVALID, {
          message: `EKS limits node label keys and values to ${EKS_LIMITS.maxKeyLength} characters.`,
          received: { [key]: value },
          fix: 'Shorten the label key or value.',
        }, scope);
      }
    }
  }

  /**
   * The GPU operator partitions nodes by label (`nvidia.com/mig.config`) and the device plugin shares them by
   * label (`nvidia.com/device-plugin.config`); renamed replicas are advertised as `<resource>.shared`.
   */
  public partition(scope: IConstruct, devices: DeviceUnit[], mig: MigProfileFacts | undefined, sharing: GpuSharing | undefined): PoolPartitioning {
    if (sharing?.strategy === GpuSharingStrategy.MPS && mig) {
      throw new ValidationError(ErrorCode.SHARING_MPS_ON_MIG, {
        message: 'The NVIDIA device plugin does not support MPS on MIG devices.',
        received: { sharing: sharing.strategy, mig: mig.configName },
        fix: 'Use GpuSharing.timeSlicing(replicas) on MIG devices, or MPS on a pool without a MIG profile (GKE supports MPS on partitions).',
      }, scope);
    }
    const nodeLabels: Record<string, string> = {};
    let devicePluginSharing: DevicePluginSharing | undefined;
    if (mig) nodeLabels[MIG_CONFIG_LABEL] = mig.configName;
    if (sharing) {
      const configKey = mig ? `${sharing.configName}-${mig.configName}` : sharing.configName;
      nodeLabels[DEVICE_PLUGIN_CONFIG_LABEL] = configKey;
      devicePluginSharing = {
        configKey,
        strategy: sharing.strategy,
        replicas: sharing.replicas,
        failRequestsGreaterThanOne: sharing.failRequestsGreaterThanOne,
        renameByDefault: sharing.renameByDefault,
        resources: [...new Set(devices.map((d) => d.resourceName))],
      };
    }
    return {
      nodeLabels,
      perNode: shareDevices(devices, sharing?.replicas ?? 1, sharing?.renameByDefault === true),
      devicePluginSharing,
    };
  }

  /** The GPU operator's ClusterPolicy has one MIG strategy for the whole cluster. */
  public checkMigProfile(profile: MigProfileFacts, others: MigProfileFacts[]): void {
    const other = others.find((p) => p.strategy !== profile.strategy);
    if (other) {
      throw new ValidationError(ErrorCode.MIG_STRATEGY_CONFLICT, {
        message: `The GPU operator has one MIG strategy per cluster, but ${other.source.node.path} uses ${other.strategy} and this profile ${profile.strategy}.`,
        received: { [other.configName]: other.strategy, [profile.configName]: profile.strategy },
        fix: 'Use the same strategy on every MigPartitionProfile of the platform (MigStrategy.MIXED unless every GPU has one profile).',
      }, profile.source);
    }
  }

  public renderPool(scope: Construct, pool: PoolModel): void {
    // The team is read at synth (teams may be declared after the pool); no team, no tag.
    const team = Token.asString(Lazy.anyValue({ produce: () => this.context.model().poolTeams.get(pool.name) }));
    const resources = { [CloudTagKeys.AWS_POOL]: pool.name, [CloudTagKeys.AWS_TEAM]: team };
    // The provider's default tags reach resources, not the instances and volumes a launch template starts.
    const instances = { ...this.context.cloud.resourceTags, [CloudTagKeys.AWS_PLATFORM]: this.context.platformName, ...resources };
    this.poolResources.set(pool.name, renderEksNodeGroup(scope, pool, this.clusterRefs, { resources, instances }));
    // The GPU operator comes with the first GPU pool; CPU pools need none of it.
    if (!this.gpuOperator && pool.offering.gpuCount > 0) {
      const operatorScope = new Construct(this.context.clusterScope, 'GpuOperator');
      this.gpuOperator = renderGpuOperator(operatorScope, this.gpuOperatorNamespace, this.context.platformName, () => gpuOperatorModel(this.context.model()));
    }
  }

  /**
   * A fleet's pools are managed node groups sharing a fleet label, which its flavor selects. The cluster autoscaler's
   * priority expander prefers the spot node groups; it gives up on one when EC2 reports no spot capacity (its AWS
   * provider sees the failed launches at once) or when nodes do not come within `--max-node-provision-time`, and
   * scales the on-demand node group instead.
   */
  public placeFleet(scope: IConstruct, fleet: FleetRequest): FleetPlacement {
    const zones = fleet.zones ?? this.cluster.zones;
    this.assertNodeSubnetZones(scope, zones);
    const label = { [PlatformLabels.SPOT_FLEET]: fleet.name };
    return {
      zoneCount: new Set(zones).size,
      maxInstanceTypesPerPool: EKS_LIMITS.maxInstanceTypes,
      poolLabels: label,
      poolTaints: [],
      selectorLabels: label,
      interruption: {
        noticeSeconds: 120,
        maxPodGraceSeconds: 120,
        handling: 'EKS managed node groups with capacity type SPOT turn on Capacity Rebalancing: on an EC2 rebalance recommendation '
          + 'EKS starts a replacement spot node, then cordons and drains the node at risk (respecting PodDisruptionBudgets). The '
          + 'interruption notice comes two minutes before EC2 reclaims the instance; pods get their termination grace within those two minutes.',
      },
      fallbackMechanism: 'cluster autoscaler priority expander (ConfigMap cluster-autoscaler-priority-expander in kube-system): the fleet\'s '
        + 'spot node groups first, its on-demand node group next; run the autoscaler with --expander=priority,least-waste and '
        + '--max-node-provision-time set to the fleet\'s fallback time.',
    };
  }

  /** One priority-expander ConfigMap for all the platform's fleets (the autoscaler reads one), with the first fleet. */
  public renderFleet(): ApiObject {
    if (!this.autoscalerPriorities) {
      const scope = new Construct(this.context.clusterScope, 'ClusterAutoscaler');
      this.autoscalerPriorities = renderAutoscalerPriorities(scope, 'kube-system', () => this.context.model().fleets, managedByLabels());
    }
    return this.autoscalerPriorities;
  }

  public resolveStorageTier(scope: IConstruct, tier: StorageTierRequest): StorageTierModel {
    const cluster = this.cluster;
    return resolveAwsStorageTier(scope, tier, {
      platformName: this.context.platformName,
      region: this.context.cloud.region,
      clusterZones: cluster.zones,
      networkKnown: cluster.createProps !== undefined || (cluster.vpcId !== undefined && cluster.clusterSecurityGroupId !== undefined),
    });
  }

  public renderStorageTier(scope: Construct, tier: StorageTierModel): void {
    this.storageWarnings.scopes.set(tier.name, scope);
    renderAwsStorageTier(scope, tier, this.clusterRefs, this.context.platformName);
  }

  /** The Mountpoint driver reads S3 with its own IAM role (installed with the driver); team namespaces need no grant here. */
  public renderStorageAccess(): void {}

  public checkBudget(scope: IConstruct, budget: BudgetModel): void {
    checkAwsBudget(scope, this.context.platformName, budget);
  }

  public renderBudget(scope: Construct, budget: BudgetModel): void {
    const covered = () => {
      const model = this.context.model();
      return model.pools.filter((p) => budget.team === undefined || model.poolTeams.get(p.name) === budget.team)
        .map((p) => this.poolResources.get(p.name)!.nodeGroup);
    };
    renderAwsBudget(scope, this.context.platformName, budget, {
      autoScalingGroupNames: () => covered().map((g) => g.resources.get(0).autoscalingGroups.get(0).name),
      nodeGroupArns: () => covered().map((g) => g.arn),
    });
  }

  public invariants(): Invariant[] {
    const invariants: Invariant[] = [zonalStorageReachable((pool) => pool.zones.length > 0 ? pool.zones : this.cluster.zones, this.storageWarnings.warn)];
    invariants.push({
      description: 'The GPU operator runs on every GPU pool and every config a pool selects exists (escape-hatch edits included).',
      check: (model: PlatformModel) => {
        if (this.gpuOperator) assertGpuOperatorMatchesPools(this.gpuOperator, gpuPools(model));
      },
    });
    const entries = this.cluster.createProps?.accessEntries;
    if (entries !== undefined) invariants.push(teamGroupsMappedByAccessEntries(entries));
    return invariants;
  }

  /** The GPU operator's ClusterPolicy (escape hatch), once the platform has a GPU pool. */
  public get gpuOperatorClusterPolicy() {
    return this.gpuOperator?.clusterPolicy;
  }

  private checkTaints(scope: IConstruct, taints: Taint[]): void {
    if (taints.length > EKS_LIMITS.maxTaints) {
      throw new ValidationError(ErrorCode.TOO_MANY_TAINTS, {
        message: `EKS allows at most ${EKS_LIMITS.maxTaints} taints per node group.`,
        received: taints.length,
        fix: 'Remove taints; a pool rarely needs more than a few.',
      }, scope);
    }
    for (const taint of taints) {
      if (taint.key.length > EKS_LIMITS.maxKeyLength || (taint.value ?? '').length > EKS_LIMITS.maxValueLength) {
        throw new ValidationError(ErrorCode.TAINT_INVALID, {
          message: `EKS limits taint keys and values to ${EKS_LIMITS.maxKeyLength} characters.`,
          received: taint,
          fix: 'Shorten the key or value.',
        }, scope);
      }
    }
  }

  /** Pools and fleets run only in zones where the cluster has node subnets. */
  private assertNodeSubnetZones(scope: IConstruct, zones: readonly string[]): void {
    const clusterZones = this.cluster.zones;
    for (const zone of zones) {
      if (!clusterZones.includes(zone)) {
        throw new ValidationError(ErrorCode.POOL_ZONE_UNKNOWN, {
          message: 'The zone has no node subnet in the cluster.',
          received: zone,
          allowed: clusterZones.join(', '),
          fix: 'Pick zones the cluster has subnets in (or add a subnet there), or leave `zones` out for all of them.',
        }, scope);
      }
    }
  }

  /** Zones must have node subnets; compact placement is one zone (the first subnet zone by default); EFA only there. */
  private place(scope: IConstruct, pool: PoolRequest): PoolPlacement {
    const zones = [...(pool.zones ?? [])];
    const clusterZones = this.cluster.zones;
    this.assertNodeSubnetZones(scope, zones);
    if (pool.compactPlacement) {
      if (zones.length === 0) zones.push(clusterZones[0]);
      if (zones.length !== 1) {
        throw new ValidationError(ErrorCode.COMPACT_PLACEMENT_ZONES, {
          message: 'Compact placement keeps nodes in one zone, so the pool must name exactly one zone.',
          received: zones,
          fix: `Set zones to one zone, e.g. ["${zones[0]}"].`,
        }, scope);
      }
    }
    const efaCapable = pool.offering.efaInterfaces > 0;
    if (pool.efa && (!pool.compactPlacement || !efaCapable)) {
      throw new ValidationError(ErrorCode.EFA_UNSUPPORTED, {
        message: !efaCapable ? `${pool.offering.name} on aws has no EFA network cards.` : 'EFA interfaces are attached only to pools with COMPACT placement.',
        received: { efa: true, instanceType: pool.offering.name, placement: pool.compactPlacement ? 'compact' : 'spread' },
        fix: !efaCapable ? 'Pick an EFA-capable type (requirements: { efa: true }) or drop `efa`.' : 'Set placement: Placement.COMPACT, or drop `efa`.',
      }, scope);
    }
    const efa = pool.compactPlacement && efaCapable && pool.efa !== false;
    const cluster = this.cluster;
    if (efa && !cluster.createProps && (!cluster.vpcId || !cluster.clusterSecurityGroupId)) {
      throw new ValidationError(ErrorCode.EFA_NEEDS_NETWORK, {
        message: 'EFA interfaces need the VPC (for their security group) and the cluster security group.',
        received: { vpcId: cluster.vpcId, clusterSecurityGroupId: cluster.clusterSecurityGroupId },
        fix: 'Pass vpcId and clusterSecurityGroupId to EksCluster.fromAttributes, or set efa: false.',
      }, scope);
    }
    return { zones, efa, automaticTaints: [] };
  }
}

/**
 * A cluster the platform creates authenticates through access entries only: when the platform manages them, a group a
 * team binds that no entry maps grants nothing, which is a mistake to report rather than to deploy.
 */
function teamGroupsMappedByAccessEntries(entries: EksAccessEntry[]): Invariant {
  const mapped = new Set(entries.flatMap((e) => e.kubernetesGroups));
  return {
    description: 'On a created EKS cluster with access entries, every group a team binds is mapped by an access entry.',
    check(model: PlatformModel, origins: ModelOrigins): void {
      for (const team of model.teams) {
        const unmapped = [...team.adminGroups, ...team.memberGroups].filter((g) => !mapped.has(g));
        if (unmapped.length === 0) continue;
        throw new ValidationError(ErrorCode.TEAM_GROUP_NOT_MAPPED, {
          message: `Team ${team.name} binds the group${unmapped.length > 1 ? 's' : ''} ${unmapped.join(', ')}, which no access entry of the cluster maps: the binding would grant nothing.`,
          received: unmapped,
          allowed: mapped.size > 0 ? [...mapped].sort(compareStrings).join(', ') : 'none: the cluster has no access entry',
          fix: 'Add the group to the kubernetesGroups of the access entry of the IAM role its members use (EksCluster.create accessEntries), or fix the group name.',
        }, origins.of('queue', team.name));
      }
    },
  };
}

/** What the GPU operator's configuration is made of. */
function gpuOperatorModel(model: PlatformModel) {
  const sharing = new Map<string, DevicePluginSharing>();
  for (const p of gpuPools(model)) {
    const s = p.partitioning.devicePluginSharing;
    if (s) sharing.set(s.configKey, s);
  }
  return {
    migStrategy: model.migConfigs.length > 0 ? model.migConfigs[0].strategy : 'none' as const,
    migConfigs: model.migConfigs,
    sharing: [...sharing.values()],
    taints: gpuPools(model).flatMap((p) => p.taints),
  };
}

/** The pools with GPUs (the GPU operator runs on these only). */
function gpuPools(model: PlatformModel): PoolModel[] {
  return model.pools.filter((p) => p.offering.gpuCount > 0);
}

import { ApiObject } from 'cdk8s';
import { Lazy, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { GKE_COMPACT_PLACEMENT_SERIES, GKE_GPU_PARTITION_SIZES, GKE_LIMITS } from '../../catalog/limits';
import { GkeCluster } from '../../compute/gke-cluster';
import { shareDevices } from '../../compute/gpu-partitioning';
import { CapacityType } from '../../core/capacity';
import { CloudProvider } from '../../core/cloud';
import { ErrorCode, ValidationError } from '../../core/errors';
import { Architecture } from '../../core/gpu-model';
import { GpuSharing } from '../../core/gpu-sharing';
import { CloudTagKeys, managedByLabels, PlatformLabels } from '../../core/labels';
import { Names } from '../../core/names';
import { GpuSharingStrategy, MigStrategy } from '../../core/nvidia';
import { DEFAULT_GPU_TAINT, Taint, TaintEffect } from '../../core/taint';
import {
  CloudTarget, DeviceUnit, FleetPlacement, FleetRequest, Invariant, MigProfileFacts, ModelOrigins, PoolDeclaration, PoolPlacement, PoolRequest,
  StorageTierRequest, TargetContext,
} from '../../model/seams';
import { BudgetModel, PlatformModel, PoolModel, PoolPartitioning, SpotFleetModel, StorageTierModel, TeamStorageGrant } from '../../model/types';
import { COMPUTE_CLASS_LABEL, renderComputeClass } from '../k8s/spot-fleet-ladder';
import { zonalStorageReachable } from '../storage-reachability';
import { StorageWarnings } from '../storage-warnings';
import { checkGcpBudget, renderGcpBudget } from './gke-budget';
import { ensureGoogleProvider, GcpClusterRefs, renderGkeCluster } from './gke-cluster';
import { renderGkeNodePool } from './gke-node-pool';
import { resolveGcpStorageTier } from './storage-plan';
import { GcpStorageRenderer } from './storage-resources';

/**
 * The GKE target: GPU pools as GKE node pools (one machine type each, accelerators with GKE-managed drivers, MIG
 * partitions and GPU sharing as node pool settings, Spot or reservations, compact placement), and the cluster
 * itself when the platform creates it. GKE runs the device plugin and partitions GPUs itself: no GPU operator.
 */
export class GkeTarget implements CloudTarget {
  public readonly provider = CloudProvider.GCP;
  public readonly systemNamespaces: string[] = [];
  public readonly nodeResourcePrefixes: string[] = [];
  /** GKE advertises MIG partitions as `nvidia.com/gpu`. */
  public readonly defaultMigStrategy = MigStrategy.SINGLE;
  public readonly maxSharingReplicas = GKE_LIMITS.maxSharedClientsPerGpu;

  private readonly clusterRefs: GcpClusterRefs;
  private readonly storageWarnings = new StorageWarnings();
  private storage?: GcpStorageRenderer;

  constructor(private readonly context: TargetContext, private readonly cluster: GkeCluster) {
    ensureGoogleProvider(context.stack as TerraformStack, context.cloud, context.platformName);
    checkLocation(context, cluster.location);
    this.clusterRefs = renderGkeCluster(context.cloudScope, cluster, context.cloud);
  }

  public checkPoolDeclaration(scope: IConstruct, pool: PoolDeclaration): void {
    Names.assertDns1123Label(scope, 'pool name', pool.name, GKE_LIMITS.maxNodePoolName);
    if (!/^[a-z]/.test(pool.name)) {
      throw new ValidationError(ErrorCode.INVALID_NAME, {
        message: 'GKE node pool names start with a letter.',
        received: pool.name,
        fix: `Rename the pool, e.g. "pool-${pool.name}".`,
      }, scope);
    }
    if (pool.capacity.type === CapacityType.RESERVED && !Names.isDns1123Label(pool.capacity.reservationId ?? '')) {
      throw new ValidationError(ErrorCode.CAPACITY_INVALID, {
        message: 'The reservation is not a valid reservation name.',
        received: pool.capacity.reservationId,
        allowed: 'a DNS-1123 label (the reservation name)',
        fix: 'Pass the reservation id or name exactly as the cloud console shows it.',
      }, scope);
    }
    if (pool.instanceTypes !== undefined && pool.instanceTypes.length > 1) {
      throw new ValidationError(ErrorCode.GKE_SINGLE_MACHINE_TYPE, {
        message: 'A GKE node pool has exactly one machine type.',
        received: pool.instanceTypes,
        fix: 'Declare one pool per machine type.',
      }, scope);
    }
  }

  public resolvePool(scope: IConstruct, pool: PoolRequest): PoolPlacement {
    for (const taint of pool.taints) {
      if (taint.value === undefined || taint.value === '') {
        throw new ValidationError(ErrorCode.TAINT_VALUE_REQUIRED, {
          message: `GKE requires a value on every node pool taint; "${taint.key}" has none.`,
          received: taint,
          fix: 'Give the taint a value, e.g. "present" (the ResourceFlavor then tolerates it with operator Equal).',
        }, scope);
      }
    }
    const region = this.context.cloud.region;
    const zones = [...(pool.zones ?? [])];
    for (const zone of zones) {
      const info = this.context.catalog.findZone(CloudProvider.GCP, zone);
      if (!info || info.region !== region) {
        throw new ValidationError(ErrorCode.POOL_ZONE_UNKNOWN, {
          message: info ? `The zone is in ${info.region}, not in the platform's region ${region}.` : `The catalog knows no zone ${zone}.`,
          received: zone,
          allowed: this.context.catalog.zonesOf(CloudProvider.GCP, region).map((z) => z.name).join(', ') || `zones of ${region}`,
          fix: 'Pick a zone of the platform region.',
        }, scope);
      }
    }
    if (pool.compactPlacement) {
      if (zones.length !== 1) {
        throw new ValidationError(ErrorCode.COMPACT_PLACEMENT_ZONES, {
          message: 'Compact placement keeps nodes in one zone, so the pool must name exactly one zone.',
          received: zones,
          fix: `Set zones to one zone, e.g. ["${zones[0] ?? `${region}-a`}"].`,
        }, scope);
      }
      if (pool.maxNodes > GKE_LIMITS.maxCompactNodes) {
        throw new ValidationError(ErrorCode.COMPACT_PLACEMENT_LIMIT, {
          message: `A GKE compact placement policy holds at most ${GKE_LIMITS.maxCompactNodes} nodes.`,
          received: pool.maxNodes,
          fix: `Lower maxNodes to ${GKE_LIMITS.maxCompactNodes} or split the pool.`,
        }, scope);
      }
    }
    const maxNodes = Math.min(GKE_LIMITS.maxNodesPerCluster, zones.length > 0 ? zones.length * GKE_LIMITS.maxNodesPerPoolZone : GKE_LIMITS.maxNodesPerCluster);
    if (pool.maxNodes > maxNodes) {
      throw new ValidationError(ErrorCode.POOL_SIZE_INVALID, {
        message: `The pool size is invalid: GKE allows ${GKE_LIMITS.maxNodesPerPoolZone} nodes per node pool and zone and ${GKE_LIMITS.maxNodesPerCluster} per cluster.`,
        received: { maxNodes: pool.maxNodes, zones },
        allowed: `maxNodes <= ${maxNodes}`,
        fix: 'Lower maxNodes, or spread the pool over more zones.',
      }, scope);
    }
    const series = pool.offering.name.split('-')[0];
    if (pool.compactPlacement && !GKE_COMPACT_PLACEMENT_SERIES.includes(series)) {
      throw new ValidationError(ErrorCode.COMPACT_PLACEMENT_LIMIT, {
        message: `GKE does not offer compact placement on the ${series.toUpperCase()} machine series (${pool.offering.name}).`,
        received: pool.offering.name,
        allowed: GKE_COMPACT_PLACEMENT_SERIES.join(', '),
        fix: 'Pick an A2 (A100), A3 (H100) or G2 (L4) machine type, or use SPREAD placement.',
      }, scope);
    }
    if (pool.efa) {
      throw new ValidationError(ErrorCode.EFA_UNSUPPORTED, {
        message: `${pool.offering.name} on gcp has no EFA network cards.`,
        received: { efa: true, instanceType: pool.offering.name, placement: pool.compactPlacement ? 'compact' : 'spread' },
        fix: 'EFA is an AWS network card; drop `efa` (GKE compact placement needs none).',
      }, scope);
    }
    // GKE taints GPU nodes nvidia.com/gpu=present:NoSchedule itself (so that non-GPU pods stay off them), whatever
    // taints the pool declares: flavors must tolerate it, or admitted workloads would stay pending.
    // Likewise GKE taints Arm nodes kubernetes.io/arch=arm64:NoSchedule (the node pool's default architecture taint
    // behaviour), so that amd64-only images stay off them.
    const declared = (t: Taint) => pool.taints.some((d) => d.key === t.key && d.effect === t.effect);
    const automatic = [
      ...(pool.offering.gpuCount > 0 ? [DEFAULT_GPU_TAINT] : []),
      ...(pool.offering.architecture === Architecture.ARM64 ? [GKE_ARM_TAINT] : []),
    ];
    return { zones, efa: false, automaticTaints: automatic.filter((t) => !declared(t)) };
  }

  public checkNodeLabels(): void {
    // GKE takes Kubernetes label syntax, which the pool has checked.
  }

  /**
   * GKE partitions (`gpu_partition_size`) and shares (`gpu_sharing_config`, time-sharing or MPS, up to 48 clients)
   * GPUs itself and advertises the result as `nvidia.com/gpu`; there are no device-plugin options.
   */
  public partition(scope: IConstruct, devices: DeviceUnit[], mig: MigProfileFacts | undefined, sharing: GpuSharing | undefined): PoolPartitioning {
    if (sharing && (sharing.renameByDefault || !sharing.failRequestsGreaterThanOne)) {
      throw new ValidationError(ErrorCode.SHARING_OPTION_UNSUPPORTED, {
        message: 'GKE shares GPUs as nvidia.com/gpu and refuses requests for more than one shared GPU; these device-plugin options do not exist there.',
        received: { renameByDefault: sharing.renameByDefault, failRequestsGreaterThanOne: sharing.failRequestsGreaterThanOne },
        fix: 'Use GpuSharing.timeSlicing(replicas) without options on GKE.',
      }, scope);
    }
    return {
      nodeLabels: {},
      perNode: shareDevices(devices, sharing?.replicas ?? 1, false),
      gkePartitionSize: mig?.fullSingleProfile,
      gkeSharing: sharing
        ? { strategy: sharing.strategy === GpuSharingStrategy.MPS ? 'MPS' : 'TIME_SHARING', maxSharedClientsPerGpu: sharing.replicas }
        : undefined,
    };
  }

  /** GKE: one partition size per pool, every GPU fully partitioned, advertised as nvidia.com/gpu. */
  public checkMigProfile(profile: MigProfileFacts): void {
    const scope = profile.source;
    if (profile.strategy !== MigStrategy.SINGLE) {
      throw new ValidationError(ErrorCode.MIG_STRATEGY_UNSUPPORTED, {
        message: 'GKE advertises MIG partitions as nvidia.com/gpu; the mixed strategy is not available.',
        received: profile.strategy,
        allowed: MigStrategy.SINGLE,
        fix: 'Leave `strategy` unset on GKE; quotas on the pool\'s flavor then count partitions as nvidia.com/gpu.',
      }, scope);
    }
    const sizes = GKE_GPU_PARTITION_SIZES[profile.gpu.id] ?? [];
    const size = profile.fullSingleProfile;
    if (size === undefined) {
      throw new ValidationError(ErrorCode.MIG_GKE_ONE_PARTITION_SIZE, {
        message: 'GKE cuts every GPU of a node pool into the most instances of one size (gpu_partition_size); this layout is not such a partition.',
        received: profile.uniformLayout ?? profile.perGpuLayouts,
        allowed: `profile: one of ${sizes.join(', ')}`,
        fix: 'Use `profile` with one size (one pool per size, e.g. a 1g pool and a 3g pool), or run the mixed layout on an EKS platform.',
      }, scope);
    }
    if (!sizes.includes(size)) {
      throw new ValidationError(ErrorCode.MIG_GKE_PROFILE_UNSUPPORTED, {
        message: `GKE does not offer the partition size ${size} on the ${profile.gpu.displayName}.`,
        received: size,
        allowed: sizes.length > 0 ? sizes.join(', ') : 'none: GKE does not partition this GPU',
        fix: 'Pick one of the sizes GKE offers (no +me or 4g sizes on A100/H100), or run this profile on an EKS platform.',
      }, scope);
    }
  }

  public renderPool(scope: Construct, pool: PoolModel): void {
    // The provider's default labels do not reach node_config.resource_labels, which GKE puts on the nodes' VMs and disks.
    // The team is read at synth (teams may be declared after the pool); no team, no label.
    renderGkeNodePool(scope, pool, this.clusterRefs, {
      ...this.context.cloud.resourceTags,
      [CloudTagKeys.GCP_PLATFORM]: this.context.platformName,
      [CloudTagKeys.GCP_POOL]: pool.name,
      [CloudTagKeys.GCP_TEAM]: Token.asString(Lazy.anyValue({ produce: () => this.context.model().poolTeams.get(pool.name) })),
    });
  }

  public checkBudget(scope: IConstruct, budget: BudgetModel): void {
    checkGcpBudget(scope, this.context.platformName, budget);
  }

  public renderBudget(scope: Construct, budget: BudgetModel): void {
    renderGcpBudget(scope, this.context.platformName, this.context.cloud, budget);
  }

  /**
   * A fleet's pools belong to a ComputeClass named after the fleet (GKE ties manually created node pools to a class by
   * the `cloud.google.com/compute-class` label and taint); the fleet's flavor selects the class, and GKE creates nodes
   * in the class's first pool it can get: spot first, on-demand when Compute Engine has no spot capacity.
   */
  public placeFleet(scope: IConstruct, fleet: FleetRequest): FleetPlacement {
    const region = this.context.cloud.region;
    for (const zone of fleet.zones ?? []) {
      if (typeof zone !== 'string' || !zone.startsWith(`${region}-`)) {
        throw new ValidationError(ErrorCode.POOL_ZONE_UNKNOWN, {
          message: `The zone is not in region ${region}.`,
          received: zone,
          allowed: `zones of ${region}, e.g. ${region}-a`,
          fix: 'Pick zones of the platform region, or leave `zones` out for the cluster\'s.',
        }, scope);
      }
    }
    // Without zones, the pools take the cluster's node locations: one zone for a zonal cluster, GKE's three for a regional one.
    const location = this.clusterLocation();
    const clusterZones = /-[a-z]$/.test(location) ? 1 : GKE_REGIONAL_NODE_ZONES;
    return {
      zoneCount: fleet.zones ? new Set(fleet.zones).size : clusterZones,
      maxInstanceTypesPerPool: 1,
      poolLabels: { [PlatformLabels.SPOT_FLEET]: fleet.name, [COMPUTE_CLASS_LABEL]: fleet.name },
      poolTaints: [{ key: COMPUTE_CLASS_LABEL, value: fleet.name, effect: TaintEffect.NO_SCHEDULE }],
      selectorLabels: { [COMPUTE_CLASS_LABEL]: fleet.name },
      interruption: {
        noticeSeconds: 30,
        maxPodGraceSeconds: 15,
        handling: 'Compute Engine gives a Spot VM 30 seconds of notice; GKE\'s graceful node shutdown gives pods that are not system-critical '
          + 'up to 15 seconds of it (a longer terminationGracePeriodSeconds has no effect) and system pods the rest.',
      },
      fallbackMechanism: `GKE ComputeClass ${fleet.name}: the fleet's spot node pools first, its on-demand node pool next; GKE turns to the next `
        + 'pool when Compute Engine reports no capacity for the first.',
    };
  }

  /** The fleet's ComputeClass. */
  public renderFleet(scope: Construct, fleet: () => SpotFleetModel): ApiObject {
    const model = fleet();
    return renderComputeClass(scope, fleet, model.name, { ...managedByLabels(), [PlatformLabels.SPOT_FLEET]: model.name });
  }

  public resolveStorageTier(scope: IConstruct, tier: StorageTierRequest): StorageTierModel {
    return resolveGcpStorageTier(scope, tier, {
      platformName: this.context.platformName,
      project: this.context.cloud.project!,
      region: this.context.cloud.region,
      clusterLocation: this.clusterLocation(),
      network: this.cluster.network,
      subnetwork: this.cluster.subnetwork,
    });
  }

  public renderStorageTier(scope: Construct, tier: StorageTierModel): void {
    this.storageWarnings.scopes.set(tier.name, scope);
    this.storageRenderer().render(scope, tier);
  }

  public renderStorageAccess(scope: Construct, tier: StorageTierModel, team: string, namespaces: string[], grant: TeamStorageGrant): void {
    this.storageRenderer().renderAccess(scope, tier, team, namespaces, grant);
  }

  public invariants(): Invariant[] {
    // A pool without zones runs in the cluster's zone (zonal cluster) or in zones GKE picks in the region.
    const zonal = /-[a-z]$/.test(this.clusterLocation()) ? [this.clusterLocation()] : undefined;
    const reachable = zonalStorageReachable((pool) => (pool.zones.length > 0 ? pool.zones : zonal), this.storageWarnings.warn);
    return this.cluster.createProps?.rbacSecurityGroup === undefined ? [reachable] : [reachable, TEAM_GROUPS_ARE_GOOGLE_GROUPS];
  }

  private clusterLocation(): string {
    return this.cluster.location ?? this.cluster.createProps?.location ?? this.context.cloud.region;
  }

  private storageRenderer(): GcpStorageRenderer {
    this.storage ??= new GcpStorageRenderer({
      platformName: this.context.platformName,
      project: this.context.cloud.project!,
      region: this.context.cloud.region,
      network: this.cluster.network,
      subnetwork: this.cluster.subnetwork,
      cloudScope: this.context.cloudScope,
    });
    return this.storage;
  }
}

/** The zones GKE puts a regional cluster's nodes in unless told otherwise. */
const GKE_REGIONAL_NODE_ZONES = 3;

/** A Google Group is named by its e-mail address. */
const GOOGLE_GROUP = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * With Google Groups for RBAC, the groups a user is in are Google Group addresses: a group name that is not an e-mail
 * address can never match, and its binding would grant nothing.
 */
const TEAM_GROUPS_ARE_GOOGLE_GROUPS: Invariant = {
  description: 'On a created GKE cluster with Google Groups for RBAC, every group a team binds is a Google Group address.',
  check(model: PlatformModel, origins: ModelOrigins): void {
    for (const team of model.teams) {
      const wrong = [...team.adminGroups, ...team.memberGroups].filter((g) => !GOOGLE_GROUP.test(g));
      if (wrong.length === 0) continue;
      throw new ValidationError(ErrorCode.TEAM_GROUP_NOT_MAPPED, {
        message: `Team ${team.name} binds ${wrong.join(', ')}, which ${wrong.length > 1 ? 'are not Google Group addresses' : 'is not a Google Group address'}: with Google Groups for RBAC the binding would grant nothing.`,
        received: wrong,
        allowed: 'Google Group addresses such as ml-research@example.com, members of the cluster\'s gke-security-groups group',
        fix: 'Name the team\'s Google Groups by their e-mail addresses (and make them members of the rbacSecurityGroup).',
      }, origins.of('queue', team.name));
    }
  },
};

/** A GKE cluster's location is the platform's region (regional cluster) or a zone of it (zonal cluster). */
function checkLocation(context: TargetContext, location: string | undefined): void {
  const region = context.cloud.region;
  if (location === undefined || location === region) return;
  if (context.catalog.findRegion(CloudProvider.GCP, location)) {
    throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
      message: `The cluster is in region ${location}, but the platform's region is ${region}.`,
      received: location,
      allowed: `${region} or one of its zones`,
      fix: `Set the platform's region to ${location} (Cloud.gcp({ region })), or the cluster's location to ${region}.`,
    });
  }
  context.catalog.zoneIn(CloudProvider.GCP, location, region);
}

/** The taint GKE puts on the nodes of Arm node pools. */
const GKE_ARM_TAINT: Taint = { key: 'kubernetes.io/arch', value: 'arm64', effect: TaintEffect.NO_SCHEDULE };

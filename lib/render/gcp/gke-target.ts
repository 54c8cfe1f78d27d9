import { Lazy, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { GKE_COMPACT_PLACEMENT_SERIES, GKE_GPU_PARTITION_SIZES, GKE_LIMITS } from '../../catalog/limits';
import { GkeCluster } from '../../compute/gke-cluster';
import { shareDevices } from '../../compute/gpu-partitioning';
import { CapacityType } from '../../core/capacity';
import { CloudProvider } from '../../core/cloud';
import { ErrorCode, ValidationError } from '../../core/errors';
import { GpuSharing } from '../../core/gpu-sharing';
import { CloudTagKeys } from '../../core/labels';
import { Names } from '../../core/names';
import { GpuSharingStrategy, MigStrategy } from '../../core/nvidia';
import { DEFAULT_GPU_TAINT } from '../../core/taint';
import {
  CloudTarget, DeviceUnit, Invariant, MigProfileFacts, PoolDeclaration, PoolPlacement, PoolRequest, TargetContext,
} from '../../model/seams';
import { BudgetModel, PoolModel, PoolPartitioning } from '../../model/types';
import { checkGcpBudget, renderGcpBudget } from './gke-budget';
import { ensureGoogleProvider, GcpClusterRefs, renderGkeCluster } from './gke-cluster';
import { renderGkeNodePool } from './gke-node-pool';

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

  constructor(private readonly context: TargetContext, cluster: GkeCluster) {
    ensureGoogleProvider(context.stack as TerraformStack, context.cloud, context.platformName);
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
      if (typeof zone !== 'string' || !zone.startsWith(`${region}-`)) {
        throw new ValidationError(ErrorCode.POOL_ZONE_UNKNOWN, {
          message: `The zone is not in region ${region}.`,
          received: zone,
          allowed: `zones of ${region}, e.g. ${region}-a`,
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
    const declared = pool.taints.some((t) => t.key === DEFAULT_GPU_TAINT.key && t.effect === DEFAULT_GPU_TAINT.effect);
    return { zones, efa: false, automaticTaints: declared || pool.offering.gpuCount === 0 ? [] : [DEFAULT_GPU_TAINT] };
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

  public invariants(): Invariant[] {
    return [];
  }
}

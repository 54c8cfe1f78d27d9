import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { InstanceOffering, InstanceRequirements, UnitPrice } from '../catalog/types';
import { Capacity } from '../core/capacity';
import { ErrorCode, ValidationError } from '../core/errors';
import { GpuModel } from '../core/gpu-model';
import { GpuSharing } from '../core/gpu-sharing';
import { assertBoolean, kindOf } from '../core/guards';
import { PlatformLabels, ResourceNames } from '../core/labels';
import { assertConstructIdFree } from '../core/names';
import { Quantity } from '../core/quantity';
import { DEFAULT_GPU_TAINT, SPOT_TAINT, Taint } from '../core/taint';
import { NameClaim, PlatformContext, platformOf, undoConstruct } from '../model/context';
import { CapacityPoolModel, PoolModel, PoolResourceCapacity, ProvidedResource } from '../model/types';
import { ICapacityPool, markCapacityPool } from './capacity-pool';
import { takeFleetOwned } from './fleet-owned-pools';
import { assertSharing, devicesOf } from './gpu-partitioning';
import { assertSelectionInput, InstanceSelection, selectInstances } from './instance-selection';
import { MigPartitionProfile } from './mig-partition-profile';
import { checkPoolIdentity, checkPoolSettings, flavorTaints, hostCapacityAtMaxSize, PoolKind, poolNodeLabels, poolSelector } from './node-pool-common';
import { Placement } from './placement';

/** Properties of a {@link GpuNodePool}. */
export interface GpuNodePoolProps {
  /**
   * The pool name: node group / node pool name, ResourceFlavor name and pool label value.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The GPU model; the cheapest instance type carrying it is chosen (see `gpusPerNode`).
   * With `instanceTypes`, only says which accelerator a GCP machine type carries.
   * @default - selected by `requirements` or `instanceTypes`
   */
  readonly gpu?: GpuModel;
  /**
   * GPUs per node, with `gpu`.
   * @default - any count; the cheapest node wins (usually one GPU)
   */
  readonly gpusPerNode?: number;
  /**
   * Requirements; the cheapest catalog instance in the region that meets them is chosen.
   * @default - selected by `gpu` or `instanceTypes`
   */
  readonly requirements?: InstanceRequirements;
  /**
   * Explicit instance (AWS, up to 20, same GPU shape) or machine (GCP, exactly one) types.
   * @default - selected by `gpu` or `requirements`
   */
  readonly instanceTypes?: string[];
  /**
   * Fewest nodes.
   * @default 0 - the pool scales to zero
   */
  readonly minNodes?: number;
  /** Most nodes. Bounds what the pool can provide to quotas. */
  readonly maxNodes: number;
  /**
   * How the nodes are bought.
   * @default Capacity.onDemand()
   */
  readonly capacity?: Capacity;
  /**
   * Node taints, replacing the default. Spot pools also get `ml-platform-cdk.io/capacity-type=spot:NoSchedule`
   * ({@link GpuNodePool.SPOT_TAINT}), which only workloads of interruptible tiers may tolerate.
   * @default - [nvidia.com/gpu=present:NoSchedule]
   */
  readonly taints?: Taint[];
  /**
   * Extra node labels. The pool, GPU model and capacity labels are always set.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Root volume size per node, GiB (encrypted).
   * @default 200
   */
  readonly diskSizeGiB?: number;
  /**
   * Zones the nodes may run in.
   * @default - every zone of the cluster; with COMPACT placement on AWS, the first zone of the cluster's subnets
   */
  readonly zones?: string[];
  /**
   * Node placement.
   * @default Placement.SPREAD
   */
  readonly placement?: Placement;
  /**
   * Attach EFA network interfaces (AWS, COMPACT placement only).
   * @default - true when the placement is COMPACT and the instance type has EFA
   */
  readonly efa?: boolean;
  /**
   * Partition every node's GPUs with this MIG profile (same GPU model as the pool). The pool then
   * provides the profile's resources (`nvidia.com/mig-<profile>`, or `nvidia.com/gpu` per device under
   * the single strategy / on GKE).
   * @default - whole GPUs
   */
  readonly mig?: MigPartitionProfile;
  /**
   * Share each GPU (or each MIG device) between several pods: time-slicing or MPS.
   * @default - no sharing: one pod per device
   */
  readonly sharing?: GpuSharing;
}

/**
 * A pool of GPU nodes, rendered identically to every layer: an EKS managed node group (with its
 * launch template) or a GKE node pool in the cloud layer, and a Kueue ResourceFlavor that selects
 * exactly this pool and tolerates its taints in the cluster layer.
 *
 * Create it anywhere below an {@link MlPlatform}: directly, or inside a construct of your own.
 */
export class GpuNodePool extends Construct implements ICapacityPool {
  /** The taint GPU pools get by default, as GKE puts on GPU nodes: `nvidia.com/gpu=present:NoSchedule`. */
  public static readonly DEFAULT_TAINT: Taint = DEFAULT_GPU_TAINT;

  /**
   * The taint every spot pool gets besides its own: `ml-platform-cdk.io/capacity-type=spot:NoSchedule`. Pods tolerate it
   * to run on spot nodes, and only pods of interruptible tiers are allowed to.
   */
  public static readonly SPOT_TAINT: Taint = SPOT_TAINT;

  /** Whether `x` is a GpuNodePool. */
  public static isGpuNodePool(x: any): x is GpuNodePool {
    return x !== null && typeof x === 'object' && POOL_SYMBOL in x;
  }

  /** The pool name. */
  public readonly poolName: string;
  /** How the instance type was chosen, with the price and the alternatives. */
  public readonly selection: InstanceSelection;
  /** The catalog offering every node is. */
  public readonly offering: InstanceOffering;
  /** The instance or machine types. */
  public readonly instanceTypes: string[];
  /** GPUs per node. */
  public readonly gpusPerNode: number;
  /** Fewest nodes. */
  public readonly minNodes: number;
  /** Most nodes. */
  public readonly maxNodes: number;
  /** How the nodes are bought. */
  public readonly capacity: Capacity;
  /** Node taints, Kubernetes spelling. */
  public readonly taints: Taint[];
  /** All node labels, including the platform's. */
  public readonly nodeLabels: { [key: string]: string };
  /** Zones the nodes run in (empty = every zone of the cluster). */
  public readonly zones: string[];
  /** Node placement. */
  public readonly placement: Placement;
  /** Whether nodes get EFA interfaces. */
  public readonly efa: boolean;
  /** Root volume size per node, GiB. */
  public readonly diskSizeGiB: number;
  /** The MIG profile the pool's GPUs are partitioned with, if any. */
  public readonly mig?: MigPartitionProfile;
  /** How the pool's GPUs (or MIG devices) are shared, if at all. */
  public readonly sharing?: GpuSharing;
  /**
   * The Kueue ResourceFlavor of this pool (escape hatch: `addJsonPatch`); undefined on schedulers without flavors and
   * for a spot fleet's pools (the fleet has the flavor).
   */
  public readonly resourceFlavor?: ApiObject;
  /** The construct under which the pool's Terraform resources live (escape hatch: `node.findChild('NodeGroup')`). */
  public readonly cloudResources: Construct;

  private readonly platform: PlatformContext;
  private readonly model: PoolModel;
  private readonly capacityModel: CapacityPoolModel;

  constructor(scope: Construct, id: string, props: GpuNodePoolProps) {
    assertConstructIdFree(scope, id, 'GPU pool');
    const fleetOwned = takeFleetOwned(scope, id);
    super(scope, id);
    try {
      Object.defineProperty(this, POOL_SYMBOL, { value: true });
      markCapacityPool(this);
      const platform = platformOf(this, 'GpuNodePool');
      this.platform = platform;
      const target = platform._target;
      const identity = checkPoolIdentity(this, id, props, GPU_POOL);
      this.poolName = identity.poolName;
      this.capacity = identity.capacity;
      assertSelectionInput(this, props);
      target.checkPoolDeclaration(this, { name: this.poolName, capacity: this.capacity, instanceTypes: props.instanceTypes });
      this.selection = selectInstances(this, platform.catalog, platform.cloud, this.capacity, props);
      this.offering = this.selection.offering;
      this.instanceTypes = this.selection.instanceTypes;
      this.gpusPerNode = this.offering.gpuCount;

      const settings = checkPoolSettings(this, props, identity, GPU_POOL);
      this.minNodes = settings.minNodes;
      this.maxNodes = settings.maxNodes;
      this.diskSizeGiB = settings.diskSizeGiB;
      this.taints = settings.taints;
      this.placement = props.placement ?? Placement.SPREAD;
      if (!Object.values(Placement).includes(this.placement)) {
        throw new ValidationError(ErrorCode.COMPACT_PLACEMENT_ZONES, {
          message: 'Unknown placement.',
          received: this.placement,
          allowed: Object.values(Placement).join(', '),
          fix: 'Use Placement.SPREAD or Placement.COMPACT.',
        }, this);
      }
      if (props.efa !== undefined) assertBoolean(props.efa, { scope: this, code: ErrorCode.EFA_UNSUPPORTED, what: '`efa`', fix: 'Write efa: true or false, or leave it out.' });
      const resolved = target.resolvePool(this, {
        name: this.poolName,
        offering: this.offering,
        instanceTypes: this.instanceTypes,
        explicitInstanceTypes: props.instanceTypes !== undefined,
        capacity: this.capacity,
        minNodes: this.minNodes,
        maxNodes: this.maxNodes,
        taints: this.taints,
        zones: props.zones,
        compactPlacement: this.placement === Placement.COMPACT,
        efa: props.efa,
      });
      this.zones = resolved.zones;
      this.efa = resolved.efa;

      if (props.mig !== undefined && !MigPartitionProfile.isMigPartitionProfile(props.mig)) {
        throw new ValidationError(ErrorCode.MIG_LAYOUT_SPEC_INVALID, {
          message: `\`mig\` must be a MigPartitionProfile, not ${kindOf(props.mig)}.`,
          received: props.mig,
          fix: 'Pass new MigPartitionProfile(platform, id, {...}), or leave `mig` out for whole GPUs.',
        }, this);
      }
      this.mig = props.mig;
      this.sharing = props.sharing;
      const devices = devicesOf(this, this.offering, props.mig, platform);
      if (props.sharing !== undefined) assertSharing(this, props.sharing, target.maxSharingReplicas);
      const partitioning = target.partition(this, devices, props.mig?._facts(), props.sharing);
      this.nodeLabels = poolNodeLabels(this, platform, props.labels ?? {}, {
        [PlatformLabels.POOL]: this.poolName,
        [PlatformLabels.GPU_MODEL]: this.offering.gpu!.id,
        [PlatformLabels.CAPACITY_TYPE]: this.capacity.type,
        ...partitioning.nodeLabels,
      });
      const selectorLabels = poolSelector(this.poolName);
      // The spot taint is not tolerated by the flavor: workloads tolerate it themselves (see flavorTaints).
      const split = flavorTaints(this.taints, this.capacity);
      const toleratedTaints = [...split.tolerated, ...resolved.automaticTaints];
      platform._scheduler.checkPool(this, toleratedTaints, selectorLabels);

      const provided = partitioning.perNode.map((r) => ({ ...r, atMaxSize: r.perNode * this.maxNodes }));
      this.model = {
        name: this.poolName,
        offering: this.offering,
        instanceTypes: this.instanceTypes,
        minNodes: this.minNodes,
        maxNodes: this.maxNodes,
        capacity: this.capacity,
        taints: this.taints,
        labels: this.nodeLabels,
        diskSizeGiB: this.diskSizeGiB,
        zones: this.zones,
        compactPlacement: this.placement === Placement.COMPACT,
        efa: this.efa,
        partitioning,
        // A node without whole GPUs (every GPU partitioned) provides zero nvidia.com/gpu, not the instance type's count.
        extendedResources: { [ResourceNames.NVIDIA_GPU]: 0, ...Object.fromEntries(partitioning.perNode.map((r) => [r.resourceName, r.perNode])) },
        provided,
      };
      const capacity = capacityAtMaxSize(this.offering, this.maxNodes, provided);
      this.capacityModel = {
        name: this.poolName,
        taints: toleratedTaints,
        selectorLabels,
        nodeLabels: this.nodeLabels,
        flavorAnnotations: { [PlatformLabels.INSTANCE_TYPE_ANNOTATION]: this.instanceTypes.join(',') },
        capacity,
        capacityByResource: new Map(capacity.map((c) => [c.resourceName, c])),
        nodePool: this.model,
        classificationTaints: split.classification.length > 0 ? split.classification : undefined,
        capacityType: this.capacity.type,
        spotOnly: this.capacity.interruptible,
      };

      // A fleet's pool has no flavor of its own: teams get quota on the fleet, whose flavor covers all its pools.
      const member = fleetOwned
        ? { kind: 'gpu-pool' as const, source: this, pool: this.model }
        : { kind: 'gpu-pool' as const, source: this, pool: this.model, capacity: this.capacityModel };
      platform._register(member, [poolNameClaim(this.poolName, this)]);
      this.cloudResources = platform._cloudScope('pool', this.poolName);
      target.renderPool(this.cloudResources, this.model);
      this.resourceFlavor = fleetOwned ? undefined : platform._scheduler.renderFlavor(platform._clusterScope('pool', this.poolName), this.capacityModel);
    } catch (e) {
      undoConstruct(this);
      throw e;
    }
  }

  /** Name of the pool's Kueue ResourceFlavor. */
  public get flavorName(): string {
    return this.poolName;
  }

  /** Physical GPUs at the pool's maximum size (`maxNodes x gpusPerNode`), whatever partitioning makes of them. */
  public get maxGpus(): number {
    return this.maxNodes * this.gpusPerNode;
  }

  /**
   * The Kubernetes resources the pool's nodes provide, per node and at maximum size, in the names that
   * partitioning and sharing produce: e.g. 2 nodes x 8 A100 x 7 `1g.10gb` = 112 `nvidia.com/mig-1g.10gb`;
   * 4 nodes x 1 L4 x 4 time-slicing replicas = 16 `nvidia.com/gpu`.
   */
  public providedResources(): ProvidedResource[] {
    return this.model.provided.map((r) => ({ ...r }));
  }

  /**
   * What the pool offers team quotas at its maximum size: `cpu` and `memory` (the instance type's, not the
   * smaller allocatable) and each GPU device resource, with the CPU and memory that come with one device.
   * Computed once, when the pool is declared.
   */
  public capacityAtMaxSize(): PoolResourceCapacity[] {
    return [...this.capacityModel.capacity];
  }

  /**
   * The effective price of one unit of what the pool provides (per MIG device, per shared replica, per
   * GPU), for the pool's capacity type in the platform's region. Empty when the catalog has no price.
   */
  public unitPrices(): UnitPrice[] {
    const platform = this.platform;
    return platform.catalog.unitPrices(this.offering, platform.cloud.region, this.capacity.type, this.model.partitioning.perNode) ?? [];
  }

  /**
   * The resolved pool as plain data, as every renderer sees it.
   * @internal
   */
  public _toModel(): PoolModel {
    return this.model;
  }

}

/** The pool name space: node groups, node pools and flavors are named after pools. */
export function poolNameClaim(name: string, source: IConstruct): NameClaim {
  return {
    space: 'pool',
    name,
    holder: source.node.path,
    clash: (holder) => `Pool name "${name}" is already used by ${holder}.`,
    fix: 'Give each pool a unique name (node group, node pool and flavor names must be unique).',
  };
}

/**
 * `cpu` and `memory` of the instance type at maximum size, and each device resource with the CPU and memory that
 * come with one unit (the node's split by GPU share, rounded down so that derived amounts never add up to more
 * than the nodes have).
 */
function capacityAtMaxSize(o: InstanceOffering, maxNodes: number, provided: ProvidedResource[]): PoolResourceCapacity[] {
  const devices = provided.map((r) => ({
    resourceName: r.resourceName,
    atMaxSize: Quantity.of(r.atMaxSize),
    cpuPerUnit: Quantity.cpu(Math.floor((o.vcpus * 1000 * r.gpuShare) / o.gpuCount) / 1000),
    memoryPerUnit: Quantity.mebibytes(Math.floor((o.memoryGiB * 1024 * r.gpuShare) / o.gpuCount)),
  }));
  return [...hostCapacityAtMaxSize(o, maxNodes), ...devices];
}

const POOL_SYMBOL = Symbol.for('ml-platform-cdk.GpuNodePool');

const GPU_POOL: PoolKind = {
  construct: 'GpuNodePool',
  example: '{ gpu: GpuModel.L4, maxNodes: 4 }',
  selection: 'one of `gpu`, `requirements` or `instanceTypes`',
  defaultTaints: [DEFAULT_GPU_TAINT],
  defaultDiskSizeGiB: 200,
};

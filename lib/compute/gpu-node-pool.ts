import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { InstanceOffering, InstanceRequirements, UnitPrice } from '../catalog/types';
import { Capacity } from '../core/capacity';
import { ErrorCode, ValidationError } from '../core/errors';
import { GpuModel } from '../core/gpu-model';
import { assertLabels, assertTaints } from '../core/kube-syntax';
import { PlatformLabels, ResourceNames } from '../core/labels';
import { assertConstructIdFree } from '../core/names';
import { Quantity } from '../core/quantity';
import { DEFAULT_GPU_TAINT, Taint } from '../core/taint';
import { MlPlatform, platformOfScope } from '../platform';
import { PoolModel } from '../render/model';
import { ICapacityPool, markCapacityPool, PoolResourceCapacity } from './capacity-pool';
import { PoolPartitioning, ProvidedResource, resolvePartitioning } from './gpu-partitioning';
import { GpuSharing } from './gpu-sharing';
import { InstanceSelection, selectInstances } from './instance-selection';
import { MigPartitionProfile } from './mig-partition-profile';
import { Placement, resolvePlacement } from './placement';
import {
  assertCapacity, assertCloudLabels, assertCloudTaints, assertDiskSize, assertInstanceTypeCount, assertPoolName, assertPoolSize,
} from './pool-validation';

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
   * Node taints, replacing the default.
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
 */
export class GpuNodePool extends Construct implements ICapacityPool {
  /** The taint GPU pools get by default, as GKE puts on GPU nodes: `nvidia.com/gpu=present:NoSchedule`. */
  public static readonly DEFAULT_TAINT: Taint = DEFAULT_GPU_TAINT;

  /** Whether `x` is a GpuNodePool. */
  public static isGpuNodePool(x: any): x is GpuNodePool {
    return x !== null && typeof x === 'object' && POOL_SYMBOL in x;
  }

  /** The pool name. */
  public readonly poolName: string;
  /** The platform the pool belongs to. */
  public readonly platform: MlPlatform;
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
  /** The Kueue ResourceFlavor of this pool (escape hatch: `addJsonPatch`). */
  public readonly resourceFlavor?: ApiObject;
  /** The construct under which the pool's Terraform resources live (escape hatch: `node.findChild('NodeGroup')`). */
  public readonly cloudResources: Construct;

  private readonly partitioning: PoolPartitioning;

  constructor(scope: MlPlatform, id: string, props: GpuNodePoolProps) {
    assertConstructIdFree(scope, id, 'GPU pool');
    super(scope, id);
    Object.defineProperty(this, POOL_SYMBOL, { value: true });
    markCapacityPool(this);
    this.platform = platformOfScope(scope, this, 'GpuNodePool');
    const cloud = scope.cloud;
    this.poolName = props.name ?? id;
    assertPoolName(this, cloud, this.poolName);

    this.capacity = props.capacity ?? Capacity.onDemand();
    assertCapacity(this, cloud, this.capacity);
    if (props.instanceTypes) assertInstanceTypeCount(this, cloud, props.instanceTypes);
    this.selection = selectInstances(this, scope.catalog, cloud, this.capacity, props);
    this.offering = this.selection.offering;
    this.instanceTypes = this.selection.instanceTypes;
    this.gpusPerNode = this.offering.gpuCount;

    this.minNodes = props.minNodes ?? 0;
    this.maxNodes = props.maxNodes;
    assertPoolSize(this, cloud, this.minNodes, this.maxNodes);
    this.diskSizeGiB = props.diskSizeGiB ?? 200;
    assertDiskSize(this, this.diskSizeGiB);

    this.taints = [...(props.taints ?? [DEFAULT_GPU_TAINT])];
    assertTaints(this, this.taints);
    assertCloudTaints(this, cloud, this.taints);
    this.mig = props.mig;
    this.sharing = props.sharing;
    this.partitioning = resolvePartitioning(this, cloud, this.offering, props.mig, props.sharing);
    this.nodeLabels = this.buildLabels(props.labels ?? {});

    const placement = resolvePlacement(this, scope, this.offering, this.maxNodes, props);
    this.placement = placement.placement;
    this.zones = placement.zones;
    this.efa = placement.efa;

    scope._registerPool(this);
    this.cloudResources = scope._renderPoolCloud(this, this._toModel());
    this.resourceFlavor = scope._renderPoolFlavor(this, { [PlatformLabels.POOL]: this.poolName }, {
      [PlatformLabels.INSTANCE_TYPE_ANNOTATION]: this.instanceTypes.join(','),
    });
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
    return this.partitioning.perNode.map((r) => ({ ...r, atMaxSize: r.perNode * this.maxNodes }));
  }

  /**
   * What the pool offers team quotas at its maximum size: `cpu` and `memory` (the instance type's, not the
   * smaller allocatable) and each GPU device resource, with the CPU and memory that come with one device.
   */
  public capacityAtMaxSize(): PoolResourceCapacity[] {
    const o = this.offering;
    const devices = this.providedResources().map((r) => ({
      resourceName: r.resourceName,
      atMaxSize: Quantity.of(r.atMaxSize),
      // Rounded down, so that the teams' derived CPU and memory never add up to more than the nodes have.
      cpuPerUnit: Quantity.cpu(Math.floor((o.vcpus * 1000 * r.gpuShare) / o.gpuCount) / 1000),
      memoryPerUnit: Quantity.mebibytes(Math.floor((o.memoryGiB * 1024 * r.gpuShare) / o.gpuCount)),
    }));
    return [
      { resourceName: ResourceNames.CPU, atMaxSize: Quantity.cpu(o.vcpus * this.maxNodes) },
      { resourceName: ResourceNames.MEMORY, atMaxSize: Quantity.mebibytes(Math.round(o.memoryGiB * 1024) * this.maxNodes) },
      ...devices,
    ];
  }

  /**
   * The effective price of one unit of what the pool provides (per MIG device, per shared replica, per
   * GPU), for the pool's capacity type in the platform's region. Empty when the catalog has no price.
   */
  public unitPrices(): UnitPrice[] {
    const catalog = this.platform.catalog;
    return catalog.unitPrices(this.offering, this.platform.cloud.region, this.capacity.type, this.partitioning.perNode) ?? [];
  }

  /**
   * The resolved pool as plain data, as every renderer sees it.
   * @internal
   */
  public _toModel(): PoolModel {
    return {
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
      gpuPartitionSize: this.partitioning.gkePartitionSize,
      gpuSharing: this.partitioning.gkeSharing,
      // A node without whole GPUs (every GPU partitioned) provides zero nvidia.com/gpu, not the instance type's count.
      extendedResources: { [ResourceNames.NVIDIA_GPU]: 0, ...Object.fromEntries(this.partitioning.perNode.map((r) => [r.resourceName, r.perNode])) },
      devicePluginSharing: this.partitioning.devicePluginSharing,
    };
  }

  private buildLabels(extra: { [key: string]: string }): { [key: string]: string } {
    assertLabels(this, extra);
    const own: Record<string, string> = {
      [PlatformLabels.POOL]: this.poolName,
      [PlatformLabels.GPU_MODEL]: this.offering.gpu!.id,
      [PlatformLabels.CAPACITY_TYPE]: this.capacity.type,
      ...this.partitioning.nodeLabels,
    };
    const clash = Object.keys(extra).find((k) => k in own);
    if (clash) {
      throw new ValidationError(ErrorCode.LABEL_RESERVED, {
        message: `The label ${clash} is set by the platform and cannot be overridden.`,
        received: { [clash]: extra[clash] },
        fix: 'Remove it from `labels`; use another key for your own meaning.',
      }, this);
    }
    const labels = { ...extra, ...own };
    assertCloudLabels(this, this.platform.cloud, labels);
    return Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]]));
  }
}

const POOL_SYMBOL = Symbol.for('ml-platform-cdk.GpuNodePool');

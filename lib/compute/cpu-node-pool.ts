import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { InstanceOffering } from '../catalog/types';
import { Capacity } from '../core/capacity';
import { PlatformLabels } from '../core/labels';
import { assertConstructIdFree } from '../core/names';
import { Taint } from '../core/taint';
import { PlatformContext, platformOf, undoConstruct } from '../model/context';
import { CapacityPoolModel, PoolModel, PoolResourceCapacity } from '../model/types';
import { ICapacityPool, markCapacityPool } from './capacity-pool';
import { assertCpuSelectionInput, cheapestGpuNodeLike, CpuRequirements, selectCpuInstances } from './cpu-selection';
import { poolNameClaim } from './gpu-node-pool';
import { InstanceSelection } from './instance-selection';
import { checkPoolIdentity, checkPoolSettings, flavorTaints, hostCapacityAtMaxSize, PoolKind, poolNodeLabels, poolSelector } from './node-pool-common';

/** Properties of a {@link CpuNodePool}. */
export interface CpuNodePoolProps {
  /**
   * The pool name: node group / node pool name, ResourceFlavor name and pool label value.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * What the workloads need from a node; the cheapest CPU-only type in the platform's region that meets it is chosen.
   * @default - selected by `instanceTypes`
   */
  readonly requirements?: CpuRequirements;
  /**
   * Explicit instance (AWS, up to 20, same vCPUs, memory and architecture) or machine (GCP, exactly one) types.
   * @default - selected by `requirements`
   */
  readonly instanceTypes?: string[];
  /**
   * Let `requirements` choose burstable types (AWS T instances, GCP shared-core machines). Off by default: their price
   * holds only while the CPU stays under a baseline, which serving traffic does not.
   * @default false
   */
  readonly allowBurstable?: boolean;
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
   * Node taints. Without one, any pod may land on the pool's nodes; with one, only pods the pool's flavor admits
   * (or that tolerate it). Spot pools also get `ml-platform-cdk.io/capacity-type=spot:NoSchedule`, which only
   * workloads of interruptible tiers may tolerate.
   * @default - none (on spot capacity, the spot taint)
   */
  readonly taints?: Taint[];
  /**
   * Extra node labels. The pool and capacity labels are always set.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Root volume size per node, GiB (encrypted).
   * @default 100
   */
  readonly diskSizeGiB?: number;
  /**
   * Zones the nodes may run in.
   * @default - every zone of the cluster
   */
  readonly zones?: string[];
}

/** What a CPU pool's node costs against the cheapest GPU node that would also fit its workloads. */
export interface GpuNodeComparison {
  /** The cheapest GPU instance or machine type with at least the CPU node's vCPUs and memory, in the same region. */
  readonly gpuInstanceType: string;
  /** That GPU node's price, USD per node-hour, for the pool's capacity type. */
  readonly gpuUsdPerHour: number;
  /** The CPU node's price, USD per node-hour. */
  readonly cpuUsdPerHour: number;
  /** GPU price minus CPU price, USD per node-hour. */
  readonly savingUsdPerHour: number;
  /** The saving as a share of the GPU node's price, percent. */
  readonly savingPercent: number;
  /** The saving per node-month (730 hours). */
  readonly savingUsdPerNodeMonth: number;
}

/**
 * A pool of CPU-only nodes — x86 or Arm (Graviton on AWS; Axion and Ampere on GCP) — for work that does not need a GPU:
 * CPU inference of small models, pre- and post-processing, data preparation. Chosen by requirements as the
 * cheapest fitting type in the platform's region (burstable types excluded unless allowed), and rendered like a
 * {@link GpuNodePool}: an EKS managed node group with the standard AL2023 AMI of its architecture or a GKE node pool
 * without accelerators in the cloud layer, and a Kueue ResourceFlavor that selects exactly this pool in the cluster
 * layer, so teams get `cpu` and `memory` quota on it.
 */
export class CpuNodePool extends Construct implements ICapacityPool {
  /** Whether `x` is a CpuNodePool. */
  public static isCpuNodePool(x: any): x is CpuNodePool {
    return x !== null && typeof x === 'object' && CPU_POOL_SYMBOL in x;
  }

  /** The pool name. */
  public readonly poolName: string;
  /** How the instance type was chosen, with the price and the alternatives. */
  public readonly selection: InstanceSelection;
  /** The catalog offering every node is. */
  public readonly offering: InstanceOffering;
  /** The instance or machine types. */
  public readonly instanceTypes: string[];
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
  /** Root volume size per node, GiB. */
  public readonly diskSizeGiB: number;
  /** The Kueue ResourceFlavor of this pool (escape hatch); undefined on schedulers without flavors. */
  public readonly resourceFlavor?: ApiObject;
  /** The construct under which the pool's Terraform resources live (escape hatch: `node.findChild('NodeGroup')`). */
  public readonly cloudResources: Construct;

  private readonly platform: PlatformContext;
  private readonly model: PoolModel;
  private readonly capacityModel: CapacityPoolModel;

  constructor(scope: Construct, id: string, props: CpuNodePoolProps) {
    assertConstructIdFree(scope, id, 'CPU pool');
    super(scope, id);
    try {
      Object.defineProperty(this, CPU_POOL_SYMBOL, { value: true });
      markCapacityPool(this);
      const platform = platformOf(this, 'CpuNodePool');
      this.platform = platform;
      const target = platform._target;
      const identity = checkPoolIdentity(this, id, props, CPU_POOL);
      this.poolName = identity.poolName;
      this.capacity = identity.capacity;
      // The selection props' types first: the target reads `instanceTypes` (null is refused here, not read there).
      assertCpuSelectionInput(this, props);
      target.checkPoolDeclaration(this, { name: this.poolName, capacity: this.capacity, instanceTypes: props.instanceTypes });
      this.selection = selectCpuInstances(this, platform.catalog, platform.cloud, this.capacity, props);
      this.offering = this.selection.offering;
      this.instanceTypes = this.selection.instanceTypes;
      const settings = checkPoolSettings(this, props, identity, CPU_POOL);
      this.minNodes = settings.minNodes;
      this.maxNodes = settings.maxNodes;
      this.diskSizeGiB = settings.diskSizeGiB;
      this.taints = settings.taints;
      const placement = target.resolvePool(this, {
        name: this.poolName,
        offering: this.offering,
        instanceTypes: this.instanceTypes,
        explicitInstanceTypes: props.instanceTypes !== undefined,
        capacity: this.capacity,
        minNodes: this.minNodes,
        maxNodes: this.maxNodes,
        taints: this.taints,
        zones: settings.zones,
        compactPlacement: false,
        efa: false,
      });
      this.zones = placement.zones;
      this.nodeLabels = poolNodeLabels(this, platform, props.labels ?? {}, {
        [PlatformLabels.POOL]: this.poolName,
        [PlatformLabels.CAPACITY_TYPE]: this.capacity.type,
      });
      const selectorLabels = poolSelector(this.poolName);
      // As on GPU pools, the spot taint is for workloads to tolerate themselves, not the flavor.
      const split = flavorTaints(this.taints, this.capacity);
      const taints = [...split.tolerated, ...placement.automaticTaints];
      platform._scheduler.checkPool(this, taints, selectorLabels);

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
        compactPlacement: false,
        efa: false,
        partitioning: { nodeLabels: {}, perNode: [] },
        extendedResources: {},
        provided: [],
      };
      const capacity = hostCapacityAtMaxSize(this.offering, this.maxNodes);
      this.capacityModel = {
        name: this.poolName,
        taints,
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
      platform._register({ kind: 'cpu-pool', source: this, pool: this.model, capacity: this.capacityModel }, [poolNameClaim(this.poolName, this)]);
      this.cloudResources = platform._cloudScope('pool', this.poolName);
      target.renderPool(this.cloudResources, this.model);
      this.resourceFlavor = platform._scheduler.renderFlavor(platform._clusterScope('pool', this.poolName), this.capacityModel);
    } catch (e) {
      undoConstruct(this);
      throw e;
    }
  }

  /** Name of the pool's Kueue ResourceFlavor. */
  public get flavorName(): string {
    return this.poolName;
  }

  /** What the pool offers team quotas at its maximum size: `cpu` and `memory` (the instance type's). */
  public capacityAtMaxSize(): PoolResourceCapacity[] {
    return [...this.capacityModel.capacity];
  }

  /**
   * What a node of this pool saves against the cheapest GPU node in the region with at least its vCPUs and memory,
   * for the pool's capacity type: the node a team would otherwise run the same work on. Undefined when the catalog
   * prices no such GPU node, or not this one.
   */
  public comparedWithGpuNode(): GpuNodeComparison | undefined {
    const cpu = this.selection.price;
    const gpu = cheapestGpuNodeLike(this.platform.catalog, this.platform.cloud, this.capacity.type, this.offering);
    if (!cpu || !gpu) return undefined;
    const saving = gpu.price.usdPerHour - cpu.usdPerHour;
    return {
      gpuInstanceType: gpu.offering.name,
      gpuUsdPerHour: gpu.price.usdPerHour,
      cpuUsdPerHour: cpu.usdPerHour,
      savingUsdPerHour: saving,
      savingPercent: (saving / gpu.price.usdPerHour) * 100,
      savingUsdPerNodeMonth: saving * HOURS_PER_MONTH,
    };
  }

  /**
   * The resolved pool as plain data, as every renderer sees it.
   * @internal
   */
  public _toModel(): PoolModel {
    return this.model;
  }
}

/** Hours in an average month (8,760 / 12), as cloud price lists count them. */
const HOURS_PER_MONTH = 730;

const CPU_POOL_SYMBOL = Symbol.for('ml-platform-cdk.CpuNodePool');

const CPU_POOL: PoolKind = {
  construct: 'CpuNodePool',
  example: '{ requirements: { minVcpus: 4, minMemoryGiB: 16, architecture: Architecture.ARM64 }, maxNodes: 4 }',
  selection: 'one of `requirements` or `instanceTypes`',
  defaultTaints: [],
  defaultDiskSizeGiB: 100,
};

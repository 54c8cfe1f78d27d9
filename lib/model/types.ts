import { InstanceOffering } from '../catalog/types';
import { Capacity } from '../core/capacity';
import { Cloud } from '../core/cloud';
import { GpuSharingStrategy, MigStrategy } from '../core/nvidia';
import { Quantity } from '../core/quantity';
import { Taint } from '../core/taint';

// The resolved platform model: plain data, built once per synth from the constructs. Every renderer, every
// cross-layer check and (later) the cost estimate read it; none of them reads a construct.

/** One resource a pool offers to team quotas, at the pool's maximum size. */
export interface PoolResourceCapacity {
  /** Kubernetes resource name: `cpu`, `memory`, `nvidia.com/gpu`, `nvidia.com/mig-1g.10gb`, ... */
  readonly resourceName: string;
  /** The amount at the pool's maximum size (the ceiling for the sum of the teams' guaranteed quota). */
  readonly atMaxSize: Quantity;
  /**
   * CPU that comes with one unit of this (device) resource: the node's CPU split by GPU share.
   * @default - not a GPU device resource
   */
  readonly cpuPerUnit?: Quantity;
  /**
   * Memory that comes with one unit of this (device) resource: the node's memory split by GPU share.
   * @default - not a GPU device resource
   */
  readonly memoryPerUnit?: Quantity;
}

/** A Kubernetes resource a pool provides, and how much. */
export interface ProvidedResource {
  /** Resource name, e.g. `nvidia.com/gpu` or `nvidia.com/mig-1g.10gb`. */
  readonly resourceName: string;
  /** Amount per node. */
  readonly perNode: number;
  /** Amount at the pool's maximum size. */
  readonly atMaxSize: number;
  /**
   * The MIG profile each unit is.
   * @default - whole GPUs
   */
  readonly migProfile?: string;
  /** Pods that share one device (time-slicing or MPS replicas); 1 when not shared. */
  readonly sharedBy: number;
  /**
   * The share of one physical GPU a unit is: 1 for a whole GPU, compute slices / 7 for a MIG device on
   * A100/H100, divided by `sharedBy` when shared.
   */
  readonly gpuShare: number;
}

/** A resource one node provides, before it is multiplied by the pool size. */
export interface NodeResource {
  readonly resourceName: string;
  readonly perNode: number;
  readonly migProfile?: string;
  readonly sharedBy: number;
  readonly gpuShare: number;
}

/** Capacity teams get quota on (one Kueue flavor): a GPU pool the platform provisions, or nodes provisioned elsewhere. */
export interface CapacityPoolModel {
  /** The pool name (unique in the platform): ResourceFlavor name, node group / node pool name. */
  readonly name: string;
  /** The pool's node taints, Kubernetes spelling. */
  readonly taints: Taint[];
  /** The labels a flavor selects the pool's nodes by. */
  readonly selectorLabels: Record<string, string>;
  /** The labels the pool's nodes are known to carry (a flavor may select only these). */
  readonly nodeLabels: Record<string, string>;
  /** Annotations on the pool's flavor (e.g. the instance types chosen). */
  readonly flavorAnnotations: Record<string, string>;
  /** What the pool offers team quotas at its maximum size, `cpu` and `memory` first. */
  readonly capacity: PoolResourceCapacity[];
  /** The same, by resource name. */
  readonly capacityByResource: ReadonlyMap<string, PoolResourceCapacity>;
  /** The GPU pool behind the capacity; undefined for capacity provisioned elsewhere. */
  readonly gpuPool?: PoolModel;
}

/** The device-plugin sharing config a pool's nodes select (EKS). */
export interface DevicePluginSharing {
  /** Config key in the device-plugin ConfigMap; the `nvidia.com/device-plugin.config` label value. */
  readonly configKey: string;
  readonly strategy: GpuSharingStrategy;
  readonly replicas: number;
  readonly failRequestsGreaterThanOne: boolean;
  readonly renameByDefault: boolean;
  /** The resources (before renaming) whose devices are shared. */
  readonly resources: string[];
}

/** GKE `gpu_sharing_config`. */
export interface GkeGpuSharing {
  readonly strategy: 'TIME_SHARING' | 'MPS';
  readonly maxSharedClientsPerGpu: number;
}

/** What partitioning and sharing make of a pool's GPUs on its cloud. */
export interface PoolPartitioning {
  /** Node labels the NVIDIA components read (EKS): MIG config and device-plugin config. */
  readonly nodeLabels: Record<string, string>;
  /** The resources one node provides, in the names the cloud advertises them by. */
  readonly perNode: NodeResource[];
  /** GKE `gpu_partition_size`. */
  readonly gkePartitionSize?: string;
  /** GKE `gpu_sharing_config`. */
  readonly gkeSharing?: GkeGpuSharing;
  /** EKS device-plugin sharing config. */
  readonly devicePluginSharing?: DevicePluginSharing;
}

/**
 * A GPU pool as the renderers see it: plain data, fully resolved (instance chosen, defaults applied), so that
 * every layer renders the same facts.
 */
export interface PoolModel {
  /** Pool name: node group / node pool name, ResourceFlavor name, value of the pool label. */
  readonly name: string;
  /** The offering every node is (the first of `instanceTypes`). */
  readonly offering: InstanceOffering;
  /** Instance (AWS) or machine (GCP) types, all with the same GPU shape. */
  readonly instanceTypes: string[];
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly capacity: Capacity;
  /** Taints, Kubernetes spelling. */
  readonly taints: Taint[];
  /** Node labels, including the platform's pool/GPU/capacity labels, sorted by key. */
  readonly labels: Record<string, string>;
  readonly diskSizeGiB: number;
  /** Zones the pool's nodes may run in; empty = every zone of the cluster. */
  readonly zones: string[];
  /** Compact placement (AWS cluster placement group, GKE COMPACT policy). */
  readonly compactPlacement: boolean;
  /** Attach EFA interfaces (AWS; only with compact placement on EFA-capable types). */
  readonly efa: boolean;
  /** MIG partitioning and GPU sharing, as this cloud renders them. */
  readonly partitioning: PoolPartitioning;
  /** The extended resources one node provides (resource -> count): what the cluster autoscaler must assume for an empty pool. */
  readonly extendedResources: Record<string, number>;
  /** The resources the nodes provide, per node and at maximum size. */
  readonly provided: ProvidedResource[];
}

/** A MIG partitioning as the renderers see it. */
export interface MigConfigModel {
  /** mig-parted config name (= `nvidia.com/mig.config` label value). */
  readonly name: string;
  /** The GPU model id the config partitions. */
  readonly gpu: string;
  /** How the devices are advertised. */
  readonly strategy: MigStrategy;
  /** PCI device ids of the GPU model, so that a config never lands on another GPU (gpu-operator #603). */
  readonly pciDeviceIds: string[];
  /** The layout of every GPU, or one per GPU (empty = MIG disabled on that GPU). */
  readonly layouts: { readonly devices: 'all' | number[]; readonly slices: Record<string, number> }[];
}

/** A priority tier. */
export interface TierModel {
  readonly name: string;
  readonly value: number;
  readonly preemptsLowerTiers: boolean;
  readonly interruptible: boolean;
  readonly description?: string;
  /** Whether pods without a priority class get this tier (`globalDefault`). */
  readonly isDefault: boolean;
}

/** A team's quota of one resource on one pool. */
export interface ResourceAmounts {
  readonly nominal: Quantity;
  readonly borrowingLimit?: Quantity;
  readonly lendingLimit?: Quantity;
}

/** A team's resolved quota on one pool. */
export interface FlavorQuota {
  /** The pool (flavor) name. */
  readonly pool: string;
  /** The pool's capacity per resource name. */
  readonly capacity: ReadonlyMap<string, PoolResourceCapacity>;
  /** Per resource the pool provides, cpu and memory first, then by name. */
  readonly resources: ReadonlyMap<string, ResourceAmounts>;
}

/** A team's preemption rules (Kueue spellings). */
export interface TeamPreemptionModel {
  readonly reclaimWithinCohort: string;
  readonly borrowWithinCohort: string;
  readonly withinClusterQueue: string;
  /** With `borrowWithinCohort`, only workloads of this tier or lower may be preempted. */
  readonly borrowWithinCohortMaxTier?: string;
}

/** What a team declared, resolved at construction; the parts that depend on the rest of the platform are in {@link TeamModel}. */
export interface TeamDeclaration {
  readonly name: string;
  readonly namespaces: string[];
  /** Extra namespace labels. */
  readonly labels: Record<string, string>;
  readonly podSecurity: string;
  readonly adminGroups: string[];
  readonly memberGroups: string[];
  /** Namespaces whose pods may reach the team's pods, besides its own and the platform's; undefined = no isolation. */
  readonly allowIngressFrom?: string[];
  readonly sharesCapacity: boolean;
  /** The department's name. */
  readonly department?: string;
  /** Tiers the team may use; undefined = all. */
  readonly tiers?: string[];
  /** Quota per pool, in flavor preference order. */
  readonly flavors: FlavorQuota[];
  /** Every resource of the team's pools, cpu and memory first. */
  readonly coveredResources: string[];
  readonly fairShareWeight?: number;
  readonly queueingStrategy?: string;
  readonly preemption?: TeamPreemptionModel;
  readonly localQueueName?: string;
  readonly storageQuota?: Quantity;
  readonly objectCounts: Record<string, number>;
  readonly containerDefaults: { readonly cpu: string; readonly memory: string };
}

/** A team with what depends on the rest of the platform resolved. */
export interface TeamModel extends TeamDeclaration {
  /** Namespaces whose pods may reach the team's pods (own, the platform's, allowed), sorted; undefined = no isolation. */
  readonly ingressFromNamespaces?: string[];
  /** Tiers the team may not use, sorted: pods of these PriorityClasses are refused in its namespaces. Undefined = all allowed. */
  readonly forbiddenTiers?: string[];
  /** The namespaces' ResourceQuota `hard`, sorted by key. */
  readonly quotaHard: Record<string, string>;
  /** The value of `preemption.borrowWithinCohortMaxTier`, once tiers are known. */
  readonly borrowMaxPriority?: number;
}

/** A department as declared. */
export interface DepartmentDeclaration {
  readonly name: string;
  readonly fairShareWeight?: number;
}

/** A department: teams that share capacity with each other first. */
export interface DepartmentModel extends DepartmentDeclaration {
  /** Its teams' names, sorted. */
  readonly teams: string[];
}

/** The cap of a budget: a deny policy on scaling the platform's node groups, attached to roles when actual spend crosses a threshold (AWS). */
export interface BudgetCapModel {
  /** IAM role names the deny policy is attached to. */
  readonly roleNames: string[];
  /** Percentage of the limit at which it acts. */
  readonly thresholdPercent: number;
  /** Whether it acts without approval. */
  readonly automatic: boolean;
}

/** A budget as declared, checked. */
export interface BudgetModel {
  /** The budget name (unique in the platform). */
  readonly name: string;
  /** Monthly limit, USD (whole cents). */
  readonly monthlyLimitUsd: number;
  /** The team it is for; undefined = the whole platform. */
  readonly team?: string;
  /** Percentages of the limit that notify on actual spend, ascending. */
  readonly actualThresholdsPercent: number[];
  /** Percentages of the limit that notify on forecast spend, ascending. */
  readonly forecastThresholdsPercent: number[];
  readonly emails: string[];
  /** AWS SNS topic ARNs. */
  readonly snsTopicArns: string[];
  /** GCP Pub/Sub topic. */
  readonly pubsubTopic?: string;
  /** GCP Cloud Monitoring notification channels. */
  readonly notificationChannels: string[];
  /** GCP billing account id. */
  readonly billingAccountId?: string;
  /** AWS: activate the platform's tag keys as cost allocation tags. */
  readonly activateCostAllocationTags: boolean;
  /** AWS: the cap action. */
  readonly cap?: BudgetCapModel;
}

/** The whole resolved platform. Lists are sorted by name. */
export interface PlatformModel {
  /** The platform name. */
  readonly name: string;
  readonly cloud: Cloud;
  /** GPU pools the platform provisions. */
  readonly pools: PoolModel[];
  /** Every pool teams can get quota on (GPU pools and external pools). */
  readonly capacityPools: CapacityPoolModel[];
  readonly capacityPoolsByName: ReadonlyMap<string, CapacityPoolModel>;
  /** MIG configs, sorted by name and GPU model. */
  readonly migConfigs: MigConfigModel[];
  /** Tiers, highest value first; undefined when the platform declares none. */
  readonly tiers?: TierModel[];
  readonly teams: TeamModel[];
  readonly teamsByName: ReadonlyMap<string, TeamModel>;
  readonly departments: DepartmentModel[];
  readonly departmentsByName: ReadonlyMap<string, DepartmentModel>;
  /** GPU device resources the pools provide (everything but cpu and memory), sorted. */
  readonly deviceResourceNames: string[];
  /** Namespaces of the platform's own components (kube-system, the scheduler's, the target's), sorted. */
  readonly systemNamespaces: string[];
  /** Budgets, sorted by name. */
  readonly budgets: BudgetModel[];
  /**
   * The team each dedicated pool belongs to: a pool on which exactly one team has quota. The cloud bills such a pool's
   * nodes (idle time included) to that team through the team tag or label on them; a pool several teams share carries
   * none, and its cost cannot be split per team by the cloud.
   */
  readonly poolTeams: ReadonlyMap<string, string>;
}

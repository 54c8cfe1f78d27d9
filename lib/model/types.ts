import { InstanceOffering } from '../catalog/types';
import { Capacity, CapacityType } from '../core/capacity';
import { Cloud, CloudProvider } from '../core/cloud';
import { GpuSharingStrategy, MigStrategy } from '../core/nvidia';
import { Quantity } from '../core/quantity';
import { ObjectStorageClass, StorageCostDriverKind, StoragePerformance, StorageTierKind } from '../core/storage';
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
  /** The pool the platform provisions behind the capacity (GPU or CPU); undefined for capacity provisioned elsewhere. */
  readonly nodePool?: PoolModel;
  /**
   * Taints a workload must tolerate itself to be admitted on this capacity (the spot taint). The flavor lists them as
   * `nodeTaints` and does not tolerate them on the workload's behalf, so only workloads that say they tolerate
   * interruption get the capacity.
   * @default - none
   */
  readonly classificationTaints?: Taint[];
  /**
   * How the capacity is bought, for the order of flavors in a queue (reserved, then spot, then on-demand).
   * @default - not known (capacity provisioned elsewhere): ordered with on-demand
   */
  readonly capacityType?: CapacityType;
  /**
   * Whether the capacity is spot with nothing behind it (no on-demand fallback): a guarantee on it can vanish.
   * @default false
   */
  readonly spotOnly?: boolean;
  /**
   * The spot fleet the capacity is, if it is one.
   * @default - not a fleet
   */
  readonly fleet?: string;
  /**
   * For spot capacity with an on-demand fallback: how much of each resource the on-demand nodes hold at most, i.e. how
   * much of a guarantee survives losing every spot node.
   * @default - nothing backs the capacity (or it is not spot)
   */
  readonly backedByOnDemand?: ReadonlyMap<string, Quantity>;
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
  /**
   * Whether the team accepted that a guarantee on spot-only capacity may not be met.
   * @default false
   */
  readonly spotGuaranteeRiskAccepted?: boolean;
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
  /** Whether pods running as the namespace's `default` ServiceAccount get an API token mounted. */
  readonly automountDefaultServiceAccountToken: boolean;
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
  /**
   * Pools whose spot-only guarantee the team accepted the risk of (`acceptSpotGuaranteeRisk`), sorted.
   * @default - none
   */
  readonly spotGuaranteeRisks?: string[];
  /** The storage tiers the team was given, sorted by tier name. */
  readonly storage: TeamStorageGrant[];
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

/** How a cloud interrupts spot nodes and what a pod has left to finish its work. */
export interface InterruptionModel {
  /** Seconds between the cloud's interruption notice and the node going away. */
  readonly noticeSeconds: number;
  /** The longest `terminationGracePeriodSeconds` a pod on a spot node is actually given when its node is reclaimed. */
  readonly maxPodGraceSeconds: number;
  /** What the cloud and the node group do with rebalance recommendations and interruption notices, in words. */
  readonly handling: string;
}

/** One catalog price a fleet's cost rests on. */
export interface FleetPriceRow {
  /** The instance or machine type. */
  readonly instanceType: string;
  /** `spot` or `on-demand`. */
  readonly capacityType: CapacityType;
  /** USD per node-hour. */
  readonly usdPerNodeHour: number;
  /** GPUs per node. */
  readonly gpusPerNode: number;
  /** USD per GPU-hour: the node price over its GPUs. */
  readonly usdPerGpuHour: number;
  /** The region the price was taken from. */
  readonly priceRegion: string;
  /** Whether the price rests on another region's data. */
  readonly estimatedFromOtherRegion: boolean;
  /** How the price was obtained. */
  readonly basis: string;
  /** Where the price comes from. */
  readonly source: string;
  /** When that source was generated or retrieved. */
  readonly retrieved: string;
  /**
   * Spot: the cloud's interruption-frequency range for the type (AWS Spot Instance Advisor label, e.g. `<5%`).
   * @default - not known (GCP publishes none)
   */
  readonly interruptionFrequency?: string;
  /**
   * Spot: the upper bound of that range, percent (the advisor's own table: 5, 11, 16, 22; 100 for the open `>20%` range).
   * @default - not known
   */
  readonly interruptionMaxPercent?: number;
  /**
   * Spot: where the interruption figures come from.
   * @default - `source`
   */
  readonly interruptionSource?: string;
  /**
   * Spot: when that source was generated.
   * @default - `retrieved`
   */
  readonly interruptionRetrieved?: string;
}

/** What a fleet's cost is computed from: prices with their rows, and the share of GPU-hours on spot. */
export interface FleetPricingModel {
  /** The spot price of each of the fleet's spot types, in the fleet's order. */
  readonly spot: FleetPriceRow[];
  /**
   * The on-demand price of the fallback (and base) type.
   * @default - the fleet has no on-demand nodes
   */
  readonly onDemand?: FleetPriceRow;
  /**
   * The share of the fleet's GPU-hours expected on spot (0-1); the rest runs on the on-demand fallback.
   * @default - not known: the data does not bound the interruption rate and no share was given
   */
  readonly spotShare?: number;
  /** Where `spotShare` comes from, in words (the prop, or the interruption data and how it was read). */
  readonly spotShareBasis: string;
}

/** A checkpoint storage tier as a fleet's jobs see it. */
export interface FleetCheckpointModel {
  /** The storage tier's name. */
  readonly tier: string;
  /** The PersistentVolumeClaim name each team using the fleet gets in each of its namespaces. */
  readonly claimName: string;
  /** Where jobs mount the claim. */
  readonly mountPath: string;
  /** The directory jobs write checkpoints to (under the mount). */
  readonly directory: string;
  /** The claim size a team gets when it uses the fleet without being given the tier itself. */
  readonly claimSize: Quantity;
  /** Annotations pods need for the tier's CSI driver. */
  readonly podAnnotations: Record<string, string>;
}

/** A spot fleet: diversified spot pools, an optional on-demand base and fallback, one flavor for interruptible work. */
export interface SpotFleetModel {
  /** The fleet name: the name of its flavor and the prefix of its pools. */
  readonly name: string;
  /** The GPU model id every node carries. */
  readonly gpu: string;
  readonly gpusPerNode: number;
  /** Most nodes the fleet runs at once (spot, or on-demand in their place). */
  readonly maxNodes: number;
  /** The spot pools, in the order the autoscaler prefers them. */
  readonly spotPools: string[];
  /** The spot instance or machine types, in order of preference. */
  readonly spotInstanceTypes: string[];
  /**
   * The on-demand pool (base and fallback).
   * @default - none: a spot-only fleet
   */
  readonly onDemandPool?: string;
  /**
   * The on-demand pool's instance or machine type.
   * @default - none
   */
  readonly onDemandInstanceType?: string;
  /** On-demand nodes always running (the on-demand pool's minimum). */
  readonly onDemandBaseNodes: number;
  /** Most nodes of the on-demand pool, base included, when the fleet falls back from spot (0: no fallback). */
  readonly fallbackMaxNodes: number;
  /** Minutes the autoscaler waits for spot nodes before it turns to the on-demand pool (the stated time). */
  readonly fallbackAfterMinutes: number;
  /** Zones asked for, sorted (empty: every zone of the cluster). */
  readonly zones: string[];
  /** The node labels the fleet's flavor selects: every node of the fleet, spot or on-demand. */
  readonly nodeSelector: Record<string, string>;
  /** Every taint of the fleet's nodes, the spot taint included (spot nodes carry it, on-demand nodes do not). */
  readonly taints: Taint[];
  /** The cloud's interruption notice and handling. */
  readonly interruption: InterruptionModel;
  /** Seconds a job has to finish its checkpoint when its spot node is reclaimed (the pods' termination grace). */
  readonly checkpointGraceSeconds: number;
  /** Where jobs checkpoint. */
  readonly checkpoint: FleetCheckpointModel;
  /** Prices and the spot share. */
  readonly pricing: FleetPricingModel;
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
  /** Pools the platform provisions, GPU and CPU (a CPU pool's `offering.gpu` is undefined), sorted by name. */
  readonly pools: PoolModel[];
  /** Every pool teams can get quota on (GPU pools and external pools). */
  readonly capacityPools: CapacityPoolModel[];
  readonly capacityPoolsByName: ReadonlyMap<string, CapacityPoolModel>;
  /** MIG configs, sorted by name and GPU model. */
  readonly migConfigs: MigConfigModel[];
  /** Spot fleets, sorted by name. */
  readonly fleets: SpotFleetModel[];
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
  /** Storage tiers, sorted by name. */
  readonly storageTiers: StorageTierModel[];
  readonly storageTiersByName: ReadonlyMap<string, StorageTierModel>;
  /** Budgets, sorted by name. */
  readonly budgets: BudgetModel[];
  /**
   * The team each dedicated pool belongs to: a pool on which exactly one team has quota. The cloud bills such a pool's
   * nodes (idle time included) to that team through the team tag or label on them; a pool several teams share carries
   * none, and its cost cannot be split per team by the cloud.
   */
  readonly poolTeams: ReadonlyMap<string, string>;
}

/** A team's grant on one storage tier. */
export interface TeamStorageGrant {
  /** The tier's name. */
  readonly tier: string;
  /** What the team may claim of the tier in each of its namespaces (and what the platform's claim there requests). */
  readonly size: Quantity;
  /** Claims of the tier's storage class allowed per namespace. */
  readonly maxClaims: number;
  /** Whether the team mounts the tier read-only. */
  readonly readOnly: boolean;
}

/** A storage class of a tier, as the cluster layer renders it. */
export interface StorageClassSpec {
  /**
   * The provisioner: the tier's CSI driver when no claim of the class can make the driver create a cloud resource,
   * else `kubernetes.io/no-provisioner` (the tier's volumes are always the platform's file system).
   */
  readonly provisioner: string;
  /** StorageClass `parameters`. */
  readonly parameters: Record<string, string>;
}

/** How a PersistentVolume of a tier mounts it (the CSI source of every claim's volume). */
export interface StorageVolumeSpec {
  /** The CSI driver. */
  readonly driver: string;
  /** `csi.volumeHandle`; undefined when every volume needs a handle of its own (the PV name is used). */
  readonly volumeHandle?: string;
  /** `csi.volumeAttributes`. */
  readonly volumeAttributes: Record<string, string>;
  /** `mountOptions` of every volume. */
  readonly mountOptions: string[];
  /** Added for read-only mounts. */
  readonly readOnlyMountOptions: string[];
  /** Added for read-write mounts. */
  readonly readWriteMountOptions: string[];
}

/** A lifecycle transition of object data to a colder class. */
export interface StorageTransitionModel {
  readonly afterDays: number;
  readonly storageClass: ObjectStorageClass;
}

/** What happens to object data over time (archive tiers). */
export interface ObjectLifecycleModel {
  /** Transitions to colder classes, by age. */
  readonly transitions: StorageTransitionModel[];
  /** Whether the cloud moves objects between classes by access (S3 Intelligent-Tiering, GCS Autoclass). */
  readonly autoTiering: boolean;
  /** Objects are deleted this many days after creation. */
  readonly expireAfterDays?: number;
  /** Whether every write keeps the previous version. */
  readonly versioned: boolean;
  /** With versioning, days a replaced or deleted version is kept. */
  readonly noncurrentVersionExpirationDays?: number;
  /** Incomplete multipart uploads are aborted after this many days. */
  readonly abortIncompleteUploadsAfterDays: number;
}

/** A parallel tier's link to the object tier it imports from and exports to. */
export interface StorageLinkModel {
  /** The object tier's name. */
  readonly tier: string;
  /** Its bucket. */
  readonly bucket: string;
  /** The prefix of the bucket that is linked (empty: the whole bucket), without leading `/`, ending in `/` unless empty. */
  readonly prefix: string;
  /** Where the prefix appears in the file system (starts with `/`). */
  readonly fileSystemPath: string;
  /** Whether changes in the bucket appear in the file system. */
  readonly autoImport: boolean;
  /** Whether changes in the file system are written back to the bucket. */
  readonly autoExport: boolean;
}

/** What the cloud assigned to a tier's file system at its first deploy. */
export interface DeployedStorageModel {
  readonly fileSystemId?: string;
  readonly address?: string;
  readonly mountName?: string;
}

/** A user-given price for a service the catalog cannot price. */
export interface StorageUserPrice {
  readonly usdPerGiBMonth: number;
  readonly source: string;
}

/**
 * One part of a tier's monthly cost before it is priced: what is charged, how much of it, and which catalog row (or
 * the user-given price) prices it. The cost hook prices these from the catalog; nothing else does.
 */
export interface StorageCostDriverSpec {
  readonly kind: StorageCostDriverKind;
  /** What the figure is, in words (the assumption it rests on included). */
  readonly description: string;
  /** Quantity per month, in `unit`. */
  readonly quantity: number;
  /** The unit of `quantity`, as the catalog row prices it (e.g. `GB-month`, `1,000 requests`). */
  readonly unit: string;
  /** The storage class this part is in, for class-mix drivers. */
  readonly storageClass?: ObjectStorageClass;
  /** The catalog row that prices it: service and item. */
  readonly catalogService?: string;
  readonly catalogItem?: string;
  /**
   * Class-mix drivers: the catalog row that prices the same data in the service's standard class (the baseline of the
   * storage-tiering lever).
   */
  readonly standardCatalogService?: string;
  readonly standardCatalogItem?: string;
  /** Priced with the tier's user-given price per GiB-month. */
  readonly userPriced?: boolean;
  /** Why no price can exist for it, when neither a catalog row nor a user price applies. */
  readonly unpricedReason?: string;
}

/** A storage tier as every renderer, check and the cost estimate sees it: plain data, fully resolved. */
export interface StorageTierModel {
  /** The tier name (unique in the platform): StorageClass name, claim name, resource names. */
  readonly name: string;
  readonly kind: StorageTierKind;
  readonly cloud: CloudProvider;
  readonly region: string;
  /** The service and its configuration, in words (e.g. `Amazon FSx for Lustre (PERSISTENT_2, SSD, 250 MB/s/TiB)`). */
  readonly service: string;
  /** The bucket, file system or instance name. */
  readonly resourceName: string;
  /** The Lustre file system name clients mount (Managed Lustre), unique per platform. */
  readonly fileSystemName?: string;
  /** The StorageClass name (the tier name). */
  readonly storageClassName: string;
  /** The CSI driver that mounts the tier. */
  readonly csiDriver: string;
  /** The zone of a zonal service (FSx for Lustre, Filestore, Managed Lustre); undefined for regional ones. */
  readonly zone?: string;
  /** Provisioned capacity (file systems that provision), or the data expected (elastic services). */
  readonly capacityGiB?: number;
  /** Whether the capacity is provisioned, so that the teams' grants must fit it. */
  readonly bounded: boolean;
  /** MB/s per TiB (parallel tiers). */
  readonly throughputPerTiB?: number;
  readonly performance: StoragePerformance;
  /** Size of the node-local cache per mount (cache tiers). */
  readonly cacheSizeGiB?: number;
  /** Where jobs mount the tier's claim. */
  readonly mountPath: string;
  /** Whether the tier is mounted read-only unless a grant says otherwise. */
  readonly readOnly: boolean;
  /** Whether pods in other zones may mount a zonal tier (a warning instead of an error). */
  readonly allowCrossZoneMounts: boolean;
  /** `lifecycle.prevent_destroy` and the service's own deletion protection. */
  readonly deletionProtection: boolean;
  /** A customer-managed key given by the user; undefined: the platform creates one where the service takes one. */
  readonly encryptionKey?: string;
  /** How the data is encrypted at rest, in words. */
  readonly encryption: string;
  /** EFS: days before unread files move to Infrequent Access. */
  readonly infrequentAccessAfterDays?: number;
  readonly lifecycle?: ObjectLifecycleModel;
  readonly link?: StorageLinkModel;
  readonly deployed?: DeployedStorageModel;
  readonly storageClass: StorageClassSpec;
  /** How claims mount the tier; undefined until what the cloud assigns at deploy is known (`deployed`). */
  readonly volume?: StorageVolumeSpec;
  /** Annotations a pod that mounts the tier needs (GCS FUSE sidecar injection). */
  readonly podAnnotations: Record<string, string>;
  readonly userPrice?: StorageUserPrice;
  readonly costDrivers: StorageCostDriverSpec[];
}

import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Catalog } from '../catalog/catalog';
import { InstanceOffering } from '../catalog/types';
import { Capacity } from '../core/capacity';
import { Cloud, CloudProvider } from '../core/cloud';
import { GpuModel } from '../core/gpu-model';
import { GpuSharing } from '../core/gpu-sharing';
import { MigStrategy } from '../core/nvidia';
import { ObjectStorageClass, StoragePerformance, StorageTierKind } from '../core/storage';
import { Taint } from '../core/taint';
import {
  BudgetModel, CapacityPoolModel, DepartmentDeclaration, DeployedStorageModel, InterruptionModel, ObjectLifecycleModel, PlatformModel, PoolModel,
  PoolPartitioning, SpotFleetModel, StorageTierModel, StorageUserPrice, TeamDeclaration, TeamStorageGrant, TierModel,
} from './types';

// The two seams (a cloud target, a scheduler backend) and the renderer of core Kubernetes objects. Constructs
// say *what*; these say *how*. Constructs reach them through the platform they belong to (PlatformContext),
// so no construct imports a renderer and no construct or platform code branches on the cloud or the scheduler.

/**
 * A cross-layer invariant: one function that checks the resolved model and, where the invariant can be
 * broken by escape-hatch edits, the synthesized objects too. Throws a ValidationError.
 */
export interface Invariant {
  /** What the invariant says, in one line (for reports and test names). */
  readonly description: string;
  /** Throws a ValidationError pointing at the construct (from `origins`) or object that breaks the invariant. */
  check(model: PlatformModel, origins: ModelOrigins): void;
}

/** The constructs model entries came from, for error paths. */
export interface ModelOrigins {
  /** The construct that claimed `name` in a name space (`pool`, `queue` for teams and departments, `tiers`). */
  of(space: string, name: string): IConstruct | undefined;
}

/** What a cloud target needs of a MIG profile. */
export interface MigProfileFacts {
  /** The profile construct (errors point at it). */
  readonly source: IConstruct;
  readonly configName: string;
  readonly gpu: GpuModel;
  readonly strategy: MigStrategy;
  /** The layout of every GPU, or undefined with per-GPU layouts. */
  readonly uniformLayout?: ReadonlyArray<{ readonly profile: string; readonly count: number }>;
  /** The per-GPU layouts, if declared so. */
  readonly perGpuLayouts?: ReadonlyArray<ReadonlyArray<{ readonly profile: string; readonly count: number }>>;
  /** The profile of a full single-profile layout (what GKE calls a partition size); undefined otherwise. */
  readonly fullSingleProfile?: string;
  /** PCI device ids mig-parted matches the GPU model by (empty: the config applies to any GPU). */
  readonly pciDeviceIds: string[];
}

/** One kind of device a node has before sharing: whole GPUs or MIG devices of one profile. */
export interface DeviceUnit {
  readonly resourceName: string;
  readonly perNode: number;
  readonly migProfile?: string;
  /** The share of one physical GPU the device is. */
  readonly gpuShare: number;
}

/** What a GPU pool declares, checked before its instances are chosen. */
export interface PoolDeclaration {
  readonly name: string;
  readonly capacity: Capacity;
  readonly instanceTypes?: string[];
}

/** What a GPU pool asks of its cloud target before it is rendered. */
export interface PoolRequest {
  readonly name: string;
  readonly offering: InstanceOffering;
  readonly instanceTypes: string[];
  /** Whether `instanceTypes` were given by the user (rather than chosen by the catalog). */
  readonly explicitInstanceTypes: boolean;
  readonly capacity: Capacity;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly taints: Taint[];
  readonly zones?: string[];
  readonly compactPlacement: boolean;
  /** Whether EFA was asked for (true), refused (false) or left to the default (undefined). */
  readonly efa?: boolean;
}

/** Where a pool's nodes go, as its cloud target resolved it. */
export interface PoolPlacement {
  /** Zones; empty = every zone of the cluster. */
  readonly zones: string[];
  readonly efa: boolean;
  /** Taints the cloud puts on the nodes besides the declared ones (e.g. GKE's on GPU nodes): flavors must tolerate them too. */
  readonly automaticTaints: Taint[];
}

/** What a spot fleet asks of its cloud target before it declares its pools. */
export interface FleetRequest {
  /** The fleet name. */
  readonly name: string;
  /** Zones asked for; undefined = every zone of the cluster. */
  readonly zones?: string[];
}

/**
 * How a cloud target runs a spot fleet's node-level ladder: which labels and taints its pools carry so that the
 * autoscaler can prefer the spot pools and turn to the on-demand pool by itself, what the fleet's flavor selects, and
 * how the cloud interrupts spot nodes.
 */
export interface FleetPlacement {
  /** How many zones the fleet's pools span (for the diversification check). */
  readonly zoneCount: number;
  /** Most instance types one pool can carry (EKS managed node groups 20, GKE node pools 1). */
  readonly maxInstanceTypesPerPool: number;
  /** Labels on every pool of the fleet (spot and on-demand). */
  readonly poolLabels: Record<string, string>;
  /** Taints on every pool of the fleet besides the GPU and spot taints (e.g. GKE's ComputeClass taint). */
  readonly poolTaints: Taint[];
  /** The labels the fleet's flavor selects its nodes by: every spot node and every on-demand node of the fleet. */
  readonly selectorLabels: Record<string, string>;
  /** The cloud's interruption notice and what happens on it. */
  readonly interruption: InterruptionModel;
  /** How the node-level fallback works on this cloud, in words (for docs and reports). */
  readonly fallbackMechanism: string;
}

/** What a tier's data is expected to be like, for its cost drivers. */
export interface StorageUsageRequest {
  /** Data stored (default: the capacity). */
  readonly storedGiB?: number;
  /** Share of the data per storage class; empty: all in the tier's first class. */
  readonly classShares: ReadonlyArray<{ readonly storageClass: ObjectStorageClass; readonly share: number; readonly monthlyRetrievalGiB?: number }>;
  readonly monthlyReadRequests?: number;
  readonly monthlyWriteRequests?: number;
  readonly monthlyRetrievalGiB?: number;
  readonly objectCount?: number;
}

/** What a storage tier declares, checked and resolved into its model by the platform's cloud target. */
export interface StorageTierRequest {
  readonly name: string;
  readonly kind: StorageTierKind;
  readonly capacityGiB?: number;
  readonly throughputPerTiB?: number;
  readonly performance?: StoragePerformance;
  readonly zone?: string;
  /** The zones the catalog lists for the platform's region, sorted (empty when it has none). */
  readonly regionZones: string[];
  /** The bucket or file system name the user chose. */
  readonly resourceName?: string;
  readonly encryptionKey?: string;
  readonly cacheSizeGiB?: number;
  readonly infrequentAccessAfterDays?: number;
  readonly lifecycle?: ObjectLifecycleModel;
  /** The object tier a parallel tier is linked to, with the link's settings. */
  readonly link?: {
    readonly tier: StorageTierModel;
    readonly prefix: string;
    readonly fileSystemPath: string;
    readonly autoImport: boolean;
    readonly autoExport: boolean;
  };
  readonly deployed?: DeployedStorageModel;
  readonly usage: StorageUsageRequest;
  readonly userPrice?: StorageUserPrice;
  readonly mountPath: string;
  readonly readOnly: boolean;
  readonly allowCrossZoneMounts: boolean;
  readonly deletionProtection: boolean;
}

/**
 * A cloud target: how pools become nodes on one cloud (EKS managed node groups, GKE node pools; later
 * Karpenter, EKS Auto Mode, GKE ComputeClass). Owns the cloud layer's rendering, the cloud's spellings and
 * limits, and whatever cluster-layer objects the cloud needs (the GPU operator on EKS).
 */
export interface CloudTarget {
  readonly provider: CloudProvider;
  /** Namespaces of the target's own cluster components (e.g. the GPU operator's), which may reach team pods. */
  readonly systemNamespaces: string[];
  /** Resource-name prefixes that come with nodes rather than with quota (e.g. EFA interfaces), which queues must not count. */
  readonly nodeResourcePrefixes: string[];
  /** The MIG strategy a profile gets when it names none. */
  readonly defaultMigStrategy: MigStrategy;
  /** The most pods that may share one GPU, where the cloud has a maximum. */
  readonly maxSharingReplicas?: number;
  /** The GPU operator's ClusterPolicy, on targets that configure the operator, once the platform has a GPU pool. */
  readonly gpuOperatorClusterPolicy?: ApiObject;

  /** Checks what a pool declares before its instances are chosen: its name, capacity and explicit instance types. */
  checkPoolDeclaration(scope: IConstruct, pool: PoolDeclaration): void;
  /** Checks a pool against the cloud's rules and limits and resolves its placement (zones, EFA). */
  resolvePool(scope: IConstruct, pool: PoolRequest): PoolPlacement;
  /** Throws unless the node labels fit the cloud's limits. */
  checkNodeLabels(scope: IConstruct, labels: Record<string, string>): void;
  /** What MIG partitioning and GPU sharing make of a node's devices on this cloud (resources, node labels, cloud settings). */
  partition(scope: IConstruct, devices: DeviceUnit[], mig: MigProfileFacts | undefined, sharing: GpuSharing | undefined): PoolPartitioning;
  /** Checks a MIG profile against the cloud's rules and the platform's other profiles. */
  checkMigProfile(profile: MigProfileFacts, others: MigProfileFacts[]): void;
  /** Renders a pool's cloud resources (and any cluster-layer objects the cloud needs) into `scope`. */
  renderPool(scope: Construct, pool: PoolModel): void;
  /**
   * Checks a spot fleet's zones and says how the fleet's pools form a node-level ladder on this cloud; undefined on
   * targets that do not run spot fleets.
   */
  placeFleet?(scope: IConstruct, fleet: FleetRequest): FleetPlacement;
  /**
   * Renders what makes the autoscaler prefer a fleet's spot pools and turn to its on-demand pool (EKS: the cluster
   * autoscaler's priority expander; GKE: a ComputeClass); `scope` is the fleet's scope in the chart.
   */
  renderFleet?(scope: Construct, fleet: () => SpotFleetModel): ApiObject | undefined;
  /**
   * Checks a storage tier against the cloud's services (the kind it can provide, sizes, steps, names, zones, keys) and
   * resolves it: service, CSI driver, storage class, volume source, cost drivers.
   */
  resolveStorageTier(scope: IConstruct, tier: StorageTierRequest): StorageTierModel;
  /** Renders a tier's cloud resources (encrypted, private, protected from deletion) into `scope`. */
  renderStorageTier(scope: Construct, tier: StorageTierModel): void;
  /**
   * Renders what lets a team's namespaces use a tier in the cloud layer (GCS: workload identity grants on the bucket),
   * if the cloud needs anything.
   */
  renderStorageAccess(scope: Construct, tier: StorageTierModel, team: string, namespaces: string[], grant: TeamStorageGrant): void;
  /**
   * Checks a budget against the cloud's notification options and limits, when it is declared. A target without
   * budgets leaves this and {@link renderBudget} out, and budgets are refused on its platforms.
   */
  checkBudget?(scope: IConstruct, budget: BudgetModel): void;
  /**
   * Renders a budget into `scope`, and once per stack what switches cost allocation on; what depends on the rest of
   * the platform (the pools a team's budget covers) is read from the model at synth.
   */
  renderBudget?(scope: Construct, budget: BudgetModel): void;
  /** The target's cross-layer invariants. */
  invariants(): Invariant[];
}

/** The objects a scheduler backend renders for one team. */
export interface TeamQueueObjects {
  /** Kueue ClusterQueue. */
  readonly clusterQueue?: ApiObject;
  /** Volcano Queue. */
  readonly volcanoQueue?: ApiObject;
  /** Kueue LocalQueues by namespace. */
  readonly localQueues: ReadonlyMap<string, ApiObject>;
}

/** What a team declared that its scheduler backend checks. */
export interface TeamSchedulingRequest {
  readonly name: string;
  readonly fairShareWeight?: number;
  readonly queueingStrategy?: string;
  readonly preemption?: {
    readonly reclaimWithinCohort?: string;
    readonly borrowWithinCohort?: string;
    readonly borrowWithinCohortMaxTier?: string;
    readonly withinTeam?: string;
  };
  readonly localQueueName?: string;
  readonly sharesCapacity: boolean;
  readonly coveredResources: string[];
  readonly flavorCount: number;
}

/** A team's scheduling settings as its backend resolved them. */
export interface TeamScheduling {
  readonly queueingStrategy?: string;
  readonly preemption?: {
    readonly reclaimWithinCohort: string;
    readonly borrowWithinCohort: string;
    readonly withinClusterQueue: string;
    readonly borrowWithinCohortMaxTier?: string;
  };
  readonly localQueueName?: string;
}

/**
 * A scheduler backend (Kueue, Volcano; later others): queues, flavors, tiers' scheduler objects, and the
 * scheduler's own rules and configuration.
 */
export interface SchedulerBackend {
  /** The backend's name, e.g. `kueue`. */
  readonly kind: string;
  /** The namespace the scheduler runs in. */
  readonly namespace: string;
  /** Namespaces of the scheduler's components, which may reach team pods. */
  readonly systemNamespaces: string[];
  /** What already takes a queue name (a built-in queue, the platform's cohort), if anything. */
  queueNameTakenBy(name: string): string | undefined;
  /** Throws unless a pool's taints and selector labels fit what the backend can express. */
  checkPool(scope: IConstruct, taints: Taint[], selectorLabels: Record<string, string>): void;
  /** Throws unless the fair-share weight is one the backend accepts. */
  checkFairShareWeight(scope: IConstruct, weight: number | undefined): void;
  /** Checks and resolves a team's scheduling settings. */
  resolveTeam(scope: IConstruct, team: TeamSchedulingRequest): TeamScheduling;
  /** Throws unless the backend can represent a department. */
  checkDepartment(scope: IConstruct): void;
  /** Annotations the team's namespaces need (e.g. Volcano's default queue). */
  namespaceAnnotations(team: string): Record<string, string>;
  /** The pool's flavor, if the backend has flavors. */
  renderFlavor(scope: Construct, pool: CapacityPoolModel): ApiObject | undefined;
  /** A tier's scheduler object (Kueue WorkloadPriorityClass), if the backend has one. */
  renderTier(scope: Construct, tier: TierModel): ApiObject | undefined;
  /**
   * A team's queue objects; `namespaces` are the scopes of its namespaces. What depends on the rest of the
   * platform is read from the model at synth.
   */
  renderTeam(scope: Construct, namespaces: ReadonlyMap<string, Construct>, team: TeamDeclaration): TeamQueueObjects;
  /** A department's object (Kueue Cohort, Volcano parent Queue). */
  renderDepartment(scope: Construct, department: DepartmentDeclaration): ApiObject;
  /** The backend's cross-layer invariants. */
  invariants(): Invariant[];
}

/** The objects of one team namespace. */
export interface TeamNamespaceObjects {
  /** The Namespace. */
  readonly namespace: ApiObject;
  /** The ResourceQuota bounding what the namespace's pods request. */
  readonly resourceQuota: ApiObject;
  /** The ResourceQuota refusing pods of Kubernetes' system priority classes. */
  readonly systemPriorityQuota: ApiObject;
  /** The namespace's `default` ServiceAccount (no automounted token unless the team asks). */
  readonly defaultServiceAccount: ApiObject;
  /** The LimitRange giving containers default requests. */
  readonly limitRange: ApiObject;
  /**
   * The NetworkPolicy isolating the namespace.
   * @default - none: isolation is off
   */
  readonly networkPolicy?: ApiObject;
  /** The admin and member Roles. */
  readonly roles: ApiObject[];
}

/** Renders core Kubernetes objects (namespaces, quotas, RBAC, priority classes) from the model. */
export interface CoreRenderer {
  /** One team namespace with its quota, defaults, isolation and RBAC; the quota is read from the model at synth. */
  renderTeamNamespace(scope: Construct, team: TeamDeclaration, namespace: string, annotations: Record<string, string>): TeamNamespaceObjects;
  /** A tier's PriorityClass. */
  renderPriorityClass(scope: Construct, tier: TierModel): ApiObject;
  /** A storage tier's StorageClass. */
  renderStorageClass(scope: Construct, tier: StorageTierModel): ApiObject;
  /**
   * A team's claim on a storage tier in one namespace, and the PersistentVolume pre-bound to it (once the tier's volume
   * source is known).
   */
  renderStorageClaim(scope: Construct, tier: StorageTierModel, grant: TeamStorageGrant, team: string, namespace: string): StorageClaimObjects;
}

/** A team's claim on a storage tier in one namespace. */
export interface StorageClaimObjects {
  /** The PersistentVolumeClaim. */
  readonly claim: ApiObject;
  /**
   * The PersistentVolume bound to it.
   * @default - none yet: the tier's file system id or address is not known before its first deploy
   */
  readonly volume?: ApiObject;
}

/** What a cloud target is created with. */
export interface TargetContext {
  readonly platformName: string;
  readonly cloud: Cloud;
  /** The platform's catalog (regions and zones, instance types). */
  readonly catalog: Catalog;
  /** The cdktf stack the cloud layer goes to (typed as a construct: cdktf stays inside the renderers). */
  readonly stack: Construct;
  /** The platform's own scope in the stack (provider settings, a created cluster). */
  readonly cloudScope: Construct;
  /** The platform's own scope in the chart (cluster-layer objects the cloud needs, e.g. the GPU operator). */
  readonly clusterScope: Construct;
  /** The resolved model (read at synth). */
  model(): PlatformModel;
}

/** What a scheduler backend is created with. */
export interface BackendContext {
  readonly platformName: string;
  readonly cloud: Cloud;
  /** The platform's cloud target (what comes with nodes, e.g. EFA interfaces the queues must not count). */
  readonly target: CloudTarget;
  /** The platform's own scope in the chart (the scheduler's configuration and root objects). */
  readonly clusterScope: Construct;
  /** The resolved model (read at synth). */
  model(): PlatformModel;
}

import { ApiObject, App as KubernetesApp, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Catalog } from './catalog/catalog';
import { ICapacityPool } from './compute/capacity-pool';
import { ICluster } from './compute/cluster';
import { EksCluster } from './compute/eks-cluster';
import { GkeCluster } from './compute/gke-cluster';
import type { GpuNodePool } from './compute/gpu-node-pool';
import type { MigPartitionProfile } from './compute/mig-partition-profile';
import { Cloud, CloudProvider } from './core/cloud';
import { ErrorCode, ValidationError } from './core/errors';
import { PlatformLabels } from './core/labels';
import { Names } from './core/names';
import { compareStrings } from './core/order';
import { Quantity } from './core/quantity';
import { AwsClusterRefs, ensureAwsProvider, renderEksCluster } from './render/aws/eks-cluster';
import { renderEksNodeGroup } from './render/aws/eks-node-group';
import { ensureGoogleProvider, GcpClusterRefs, renderGkeCluster } from './render/gcp/gke-cluster';
import { renderGkeNodePool } from './render/gcp/gke-node-pool';
import { assertFlavorMatchesPool } from './render/k8s/flavor-checks';
import { GpuOperatorModel, GpuOperatorObjects, renderGpuOperator } from './render/k8s/gpu-operator';
import { assertGpuOperatorMatchesPools } from './render/k8s/gpu-operator-checks';
import { renderResourceFlavor, tolerationFor } from './render/k8s/kueue';
import { renderCohort, renderKueueConfig } from './render/k8s/kueue-queues';
import { renderVolcanoSchedulerConfig, VolcanoQueueAmounts } from './render/k8s/volcano';
import { DevicePluginSharing, PoolModel } from './render/model';
import { terraformTarget } from './render/terraform-app';
import type { Department } from './scheduling/department';
import type { PriorityTiers } from './scheduling/priority-tiers';
import { ResolvedAllOrNothing, Scheduler, SchedulerKind } from './scheduling/scheduler';
import type { TeamNamespace } from './scheduling/team-namespace';

/** Properties of an {@link MlPlatform}. */
export interface MlPlatformProps {
  /** The cloud, region (and GCP project) the platform runs in. */
  readonly cloud: Cloud;
  /** The cluster: `EksCluster.fromAttributes(...)` / `.create(...)` or `GkeCluster.fromAttributes(...)` / `.create(...)`. */
  readonly cluster: ICluster;
  /**
   * The catalog to choose instances and prices from.
   * @default Catalog.default()
   */
  readonly catalog?: Catalog;
  /**
   * An existing cdk8s chart to put the cluster layer in.
   * @default - a chart named after the platform, in `kubernetesApp` or in an app the platform owns
   */
  readonly chart?: Chart;
  /**
   * An existing cdk8s app to add the platform's chart to (you then call its `synth()`).
   * @default - the platform owns an app; `platform.synth()` writes it to `kubernetesOutdir`
   */
  readonly kubernetesApp?: KubernetesApp;
  /**
   * Output directory of the cdk8s app the platform owns.
   * @default - `CDK8S_OUTDIR` if set, else `dist` (cdk8s's own default)
   */
  readonly kubernetesOutdir?: string;
  /**
   * An existing cdktf `TerraformStack` to put the cloud layer in.
   * @default - a stack named after the platform, in `terraformApp` or in an app the platform owns
   */
  readonly stack?: Construct;
  /**
   * An existing cdktf `App` to add the platform's stack to (you then call its `synth()`).
   * @default - the platform owns an app; `platform.synth()` writes it to `terraformOutdir`
   */
  readonly terraformApp?: Construct;
  /**
   * Output directory of the cdktf app the platform owns.
   * @default - `CDKTF_OUTDIR` if set, else `cdktf.out` (cdktf's own default)
   */
  readonly terraformOutdir?: string;
  /**
   * Namespace the NVIDIA GPU operator runs in (EKS): its MIG manager and device-plugin ConfigMaps go there.
   * @default 'gpu-operator'
   */
  readonly gpuOperatorNamespace?: string;
  /**
   * The batch scheduler teams' workloads go through.
   * @default Scheduler.kueue()
   */
  readonly scheduler?: Scheduler;
}

const MANAGED_BY_LABELS = { 'app.kubernetes.io/managed-by': 'ml-platform-cdk' };

/** Throws {@link ErrorCode.DUPLICATE_NAME} when `name` is already registered by another construct. */
function assertNameFree(registry: Map<string, IConstruct>, name: string, construct: IConstruct, what: string, fix: string): void {
  const existing = registry.get(name);
  if (existing) {
    throw new ValidationError(ErrorCode.DUPLICATE_NAME, {
      message: `${what} name "${name}" is already used by ${existing.node.path}.`,
      received: name,
      fix,
    }, construct);
  }
}

const PLATFORM_SYMBOL = Symbol.for('ml-platform-cdk.MlPlatform');

/**
 * Throws {@link ErrorCode.SCOPE_INVALID} unless `construct` was created directly under a platform; returns the platform.
 * @param construct the construct (created with `scope` as its parent)
 * @param what the construct's class name, for the message
 */
export function platformOfScope(scope: Construct, construct: Construct, what: string): MlPlatform {
  if (!MlPlatform.isMlPlatform(scope)) {
    throw new ValidationError(ErrorCode.SCOPE_INVALID, {
      message: `${what} must be created directly under an MlPlatform.`,
      received: scope?.node?.path,
      fix: `Pass the platform as the scope: new ${what}(platform, id, props).`,
    }, construct);
  }
  return scope;
}

/**
 * The root of an ML platform: one model from which both layers are synthesized — the cloud
 * layer (cdktf stack: cluster, node groups / node pools) and the cluster layer (cdk8s chart:
 * Kueue flavors and everything that runs in the cluster).
 *
 * Constructs are created under it (`new GpuNodePool(platform, 'h100', {...})`); cross-layer
 * invariants are checked when either layer is synthesized.
 */
export class MlPlatform extends Construct {
  /** Whether `x` is an MlPlatform. */
  public static isMlPlatform(x: any): x is MlPlatform {
    return x !== null && typeof x === 'object' && PLATFORM_SYMBOL in x;
  }

  /** The platform a construct belongs to. */
  public static of(construct: IConstruct): MlPlatform {
    const found = construct.node.scopes.reverse().find((c) => MlPlatform.isMlPlatform(c));
    if (!found) {
      throw new ValidationError(ErrorCode.SCOPE_INVALID, {
        message: 'The construct is not inside an MlPlatform.',
        fix: 'Create it under a platform: new X(platform, id, props).',
      }, construct);
    }
    return found as MlPlatform;
  }

  /** The platform name (the construct id): chart and stack name, tag value. */
  public readonly platformName: string;
  /** The cloud target. */
  public readonly cloud: Cloud;
  /** The cluster. */
  public readonly cluster: ICluster;
  /** The catalog instances and prices come from. */
  public readonly catalog: Catalog;
  /** The cdk8s chart holding the cluster layer. */
  public readonly chart: Chart;
  /** The cdktf `TerraformStack` holding the cloud layer (typed as a construct to keep cdktf out of the public API). */
  public readonly stack: Construct;

  private readonly ownedKubernetesApp?: KubernetesApp;
  private readonly ownedTerraformApp?: { synth(): void };
  private readonly cloudRoot: Construct;
  private readonly clusterRoot: Construct;
  /** The batch scheduler. */
  public readonly scheduler: Scheduler;
  /** Kueue: the platform's cohort, which teams join (undefined on Volcano). */
  public readonly cohortName?: string;

  private readonly poolsByName = new Map<string, GpuNodePool>();
  private readonly capacityPoolsByName = new Map<string, ICapacityPool>();
  private readonly teamsByName = new Map<string, TeamNamespace>();
  private readonly namespaceOwners = new Map<string, TeamNamespace>();
  private readonly departmentsByName = new Map<string, Department>();
  private readonly externalFlavors: { flavor: ApiObject; pool: ICapacityPool; nodeLabels: Record<string, string> }[] = [];
  private schedulerRendered = false;
  private readonly allOrNothing?: ResolvedAllOrNothing;
  private readonly migProfilesByName = new Map<string, MigPartitionProfile>();
  private readonly gpuOperatorNamespace: string;
  private gpuOperator?: GpuOperatorObjects;
  private tiers?: PriorityTiers;
  private readonly clusterScopes = new Map<string, Construct>();
  private readonly awsCluster?: AwsClusterRefs;
  private readonly gcpCluster?: GcpClusterRefs;

  /**
   * @param id the platform name, a DNS-1123 label
   * @param props the cloud, the cluster and where to synthesize
   */
  constructor(id: string, props: MlPlatformProps) {
    // A root construct, like cdk8s's and cdktf's App: constructs' Node accepts an undefined scope for roots.
    super(undefined as unknown as Construct, id);
    Object.defineProperty(this, PLATFORM_SYMBOL, { value: true });
    Names.assertDns1123Label(this, 'platform name', id);
    this.platformName = id;
    this.cloud = props.cloud;
    this.cluster = props.cluster;
    this.catalog = props.catalog ?? Catalog.default();
    this.assertClusterMatchesCloud();
    this.gpuOperatorNamespace = props.gpuOperatorNamespace ?? 'gpu-operator';
    Names.assertDns1123Label(this, 'GPU operator namespace', this.gpuOperatorNamespace);
    this.scheduler = props.scheduler ?? Scheduler.kueue();
    this.allOrNothing = this.scheduler._validate(this);
    if (this.scheduler.kind === SchedulerKind.KUEUE) {
      this.cohortName = this.scheduler.cohortName ?? id;
    }

    if (!props.chart && !props.kubernetesApp) {
      this.ownedKubernetesApp = new KubernetesApp({ outdir: props.kubernetesOutdir });
    }
    this.chart = props.chart ?? new Chart(props.kubernetesApp ?? this.ownedKubernetesApp!, id);
    const terraform = terraformTarget(this, props.stack, props.terraformApp, props.terraformOutdir);
    this.ownedTerraformApp = terraform.ownedApp;
    this.stack = terraform.stack;

    // Both layers check the platform's invariants when synthesized, whoever synthesizes them.
    const check = { validate: () => { this.validatePlatform(); return []; } };
    this.chart.node.addValidation(check);
    this.stack.node.addValidation(check);

    this.clusterRoot = new Construct(this.chart, id);
    this.cloudRoot = new Construct(this.stack, id);
    if (this.cluster instanceof EksCluster) {
      ensureAwsProvider(terraform.stack, this.cloud, id);
      this.awsCluster = renderEksCluster(this.cloudRoot, this.cluster);
    } else if (this.cluster instanceof GkeCluster) {
      ensureGoogleProvider(terraform.stack, this.cloud, id);
      this.gcpCluster = renderGkeCluster(this.cloudRoot, this.cluster, this.cloud);
    }
  }

  /** The GPU pools, sorted by name. */
  public get pools(): GpuNodePool[] {
    return [...this.poolsByName.values()].sort((a, b) => compareStrings(a.poolName, b.poolName));
  }

  /** Every pool teams can get quota on (GPU pools and external pools), sorted by name. */
  public get capacityPools(): ICapacityPool[] {
    return [...this.capacityPoolsByName.values()].sort((a, b) => compareStrings(a.poolName, b.poolName));
  }

  /** The teams, sorted by name. */
  public get teams(): TeamNamespace[] {
    return [...this.teamsByName.values()].sort((a, b) => compareStrings(a.teamName, b.teamName));
  }

  /** The departments, sorted by name. */
  public get departments(): Department[] {
    return [...this.departmentsByName.values()].sort((a, b) => compareStrings(a.departmentName, b.departmentName));
  }

  /**
   * Namespaces of the platform's own components, which may always reach team pods (probes, webhooks,
   * metrics): kube-system, the scheduler's and (EKS) the GPU operator's.
   */
  public get platformNamespaces(): string[] {
    const namespaces = ['kube-system', this.scheduler.namespace, ...(this.awsCluster ? [this.gpuOperatorNamespace] : [])];
    return [...new Set(namespaces)].sort(compareStrings);
  }

  /**
   * Checks the cross-layer invariants, even after escape-hatch edits: a ResourceFlavor selects exactly its pool
   * and tolerates its taints; the GPU operator configures every pool; the tiers teams name exist; per pool and
   * resource, the teams' guaranteed quota adds up to no more than the pool provides at its maximum size.
   * Throws a {@link ValidationError}. Runs automatically when either layer is synthesized.
   */
  public validatePlatform(): void {
    for (const pool of this.pools) {
      if (pool.resourceFlavor) assertFlavorMatchesPool(pool.resourceFlavor, pool._toModel());
    }
    // External pools: their flavor may select only the labels declared for their nodes.
    for (const { flavor, pool, nodeLabels } of this.externalFlavors) {
      assertFlavorMatchesPool(flavor, { name: pool.poolName, taints: pool.taints, labels: nodeLabels });
    }
    if (this.gpuOperator) assertGpuOperatorMatchesPools(this.gpuOperator, this.pools.map((p) => p._toModel()));
    for (const team of this.teams) team._validateAtSynth();
    this.assertQuotasFitCapacity();
  }

  /** The platform's priority tiers, if declared. */
  public get priorityTiers(): PriorityTiers | undefined {
    return this.tiers;
  }

  /** The MIG partition profiles, sorted by config name and GPU model. */
  public get migProfiles(): MigPartitionProfile[] {
    return [...this.migProfilesByName.values()].sort((a, b) => compareStrings(a.configName, b.configName) || compareStrings(a.gpu.id, b.gpu.id));
  }

  /**
   * The GPU operator's ClusterPolicy (EKS platforms with GPU pools; escape hatch: `addJsonPatch`).
   * Undefined on GKE, where GKE runs the driver, the device plugin and MIG partitioning itself.
   */
  public get gpuOperatorClusterPolicy(): ApiObject | undefined {
    return this.gpuOperator?.clusterPolicy;
  }

  /**
   * Writes both layers: the cluster layer to the cdk8s app's outdir, the cloud layer to the
   * cdktf app's outdir. Apps passed in by the user are theirs to synthesize; this synthesizes
   * the apps the platform owns.
   */
  public synth(): void {
    this.validatePlatform();
    this.ownedKubernetesApp?.synth();
    this.ownedTerraformApp?.synth();
  }

  /** @internal */
  public _registerCapacityPool(pool: ICapacityPool): void {
    assertNameFree(this.capacityPoolsByName, pool.poolName, pool, 'Pool', 'Give each pool a unique name (node group, node pool and flavor names must be unique).');
    this.capacityPoolsByName.set(pool.poolName, pool);
  }

  /** @internal */
  public _registerPool(pool: GpuNodePool): void {
    this._registerCapacityPool(pool);
    this.poolsByName.set(pool.poolName, pool);
    if (this.awsCluster && !this.gpuOperator) {
      const scope = new Construct(this.clusterRoot, 'GpuOperator');
      this.gpuOperator = renderGpuOperator(scope, this.gpuOperatorNamespace, this.platformName, () => this.gpuOperatorModel());
    }
  }

  /** @internal */
  public _registerPriorityTiers(tiers: PriorityTiers): void {
    if (this.tiers) {
      throw new ValidationError(ErrorCode.DUPLICATE_NAME, {
        message: `The platform already has priority tiers: ${this.tiers.node.path}.`,
        received: tiers.node.id,
        fix: 'Declare all tiers in one PriorityTiers.',
      }, tiers);
    }
    this.tiers = tiers;
  }

  /**
   * The scope in the platform's chart where a construct's cluster-layer objects go (created once per construct).
   * @internal
   */
  public _clusterScope(construct: Construct): Construct {
    const id = construct.node.id;
    let scope = this.clusterScopes.get(id);
    if (!scope) {
      scope = new Construct(this.clusterRoot, id);
      this.clusterScopes.set(id, scope);
    }
    return scope;
  }

  /** @internal */
  public _registerMigProfile(profile: MigPartitionProfile): void {
    // Profiles of different GPU models may share a config name (mig-parted filters each entry by PCI id).
    const key = `${profile.configName}|${profile.gpu.id}`;
    const unfiltered = (p: MigPartitionProfile) => p.spec.migPciDeviceIds.length === 0;
    const existing = this.migProfilesByName.get(key)
      ?? this.migProfiles.find((p) => p.configName === profile.configName && (unfiltered(p) || unfiltered(profile)));
    if (existing) {
      throw new ValidationError(ErrorCode.DUPLICATE_NAME, {
        message: `MIG config name "${profile.configName}" is already used by ${existing.node.path}.`,
        received: profile.configName,
        fix: 'Give each MigPartitionProfile of a GPU model a unique `name` (it is the nvidia.com/mig.config label value).',
      }, profile);
    }
    const other = this.migProfiles.find((p) => p.strategy !== profile.strategy);
    if (other && this.awsCluster) {
      throw new ValidationError(ErrorCode.MIG_STRATEGY_CONFLICT, {
        message: `The GPU operator has one MIG strategy per cluster, but ${other.node.path} uses ${other.strategy} and this profile ${profile.strategy}.`,
        received: { [other.configName]: other.strategy, [profile.configName]: profile.strategy },
        fix: 'Use the same strategy on every MigPartitionProfile of the platform (MigStrategy.MIXED unless every GPU has one profile).',
      }, profile);
    }
    this.migProfilesByName.set(key, profile);
  }

  /** @internal */
  public _renderPoolCloud(pool: GpuNodePool, model: PoolModel): Construct {
    const scope = new Construct(this.cloudRoot, pool.node.id);
    if (this.awsCluster) renderEksNodeGroup(scope, model, this.awsCluster);
    if (this.gcpCluster) renderGkeNodePool(scope, model, this.gcpCluster);
    return scope;
  }

  /**
   * The pool's Kueue ResourceFlavor (undefined on Volcano, which has no flavors).
   * @internal
   */
  public _renderPoolFlavor(pool: ICapacityPool, nodeLabels: Record<string, string>, annotations: Record<string, string>): ApiObject | undefined {
    if (this.scheduler.kind !== SchedulerKind.KUEUE) return undefined;
    const scope = this._clusterScope(pool as unknown as Construct);
    const flavor = renderResourceFlavor(scope, 'ResourceFlavor', {
      name: pool.flavorName,
      labels: { ...MANAGED_BY_LABELS, [PlatformLabels.POOL]: pool.poolName },
      annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      nodeLabels,
      tolerations: pool.taints.map(tolerationFor),
    });
    // GPU pools are checked against the labels their nodes get (validatePlatform); other pools against what they declare.
    if (!this.poolsByName.has(pool.poolName)) this.externalFlavors.push({ flavor, pool, nodeLabels: { ...nodeLabels } });
    return flavor;
  }

  /** @internal */
  public _registerTeam(team: TeamNamespace): void {
    assertNameFree(this.teamsByName, team.teamName, team, 'Team', 'Give each team a unique name (it names the team\'s queue).');
    this.assertQueueNameFree(team, team.teamName);
    for (const namespace of team.namespaces) {
      const owner = this.namespaceOwners.get(namespace);
      if (owner || this.platformNamespaces.includes(namespace)) {
        throw new ValidationError(owner ? ErrorCode.DUPLICATE_NAME : ErrorCode.NAMESPACE_RESERVED, {
          message: owner ? `Namespace ${namespace} already belongs to team ${owner.teamName}.` : `Namespace ${namespace} is one of the platform's own.`,
          received: namespace,
          fix: 'Give every team namespaces of its own.',
        }, team);
      }
    }
    this.teamsByName.set(team.teamName, team);
    for (const namespace of team.namespaces) this.namespaceOwners.set(namespace, team);
    this.renderSchedulerOnce();
  }

  /** @internal */
  public _registerDepartment(department: Department): void {
    assertNameFree(this.departmentsByName, department.departmentName, department, 'Department', 'Give each department a unique name.');
    this.assertQueueNameFree(department, department.departmentName);
    this.departmentsByName.set(department.departmentName, department);
    this.renderSchedulerOnce();
  }

  /**
   * A Volcano department queue's amounts: the sums of its teams' deserved and guaranteed amounts.
   * @internal
   */
  public _departmentAmounts(department: Department): VolcanoQueueAmounts {
    const sum = (key: 'deserved' | 'guarantee') => {
      const total = new Map<string, Quantity>();
      for (const team of this.teams.filter((t) => t.department === department)) {
        for (const [name, text] of Object.entries(team._volcanoAmounts()[key])) {
          total.set(name, (total.get(name) ?? Quantity.of(0)).plus(Quantity.parse(text)));
        }
      }
      return Object.fromEntries([...total.keys()].sort(compareStrings).map((k) => [k, total.get(k)!.toString()]));
    };
    return { deserved: sum('deserved'), guarantee: sum('guarantee'), capability: {} };
  }

  /**
   * GPU device resources the platform's pools provide (everything but cpu and memory), sorted.
   * @internal
   */
  public _deviceResourceNames(): string[] {
    const names = this.capacityPools.flatMap((p) => p.capacityAtMaxSize().map((c) => c.resourceName));
    return [...new Set(names)].filter((n) => n !== 'cpu' && n !== 'memory').sort(compareStrings);
  }

  /**
   * Team queues, department queues and cohorts share one name space: the Kueue cohort hierarchy or Volcano's
   * queue list (where `default` and `root` exist already).
   */
  private assertQueueNameFree(construct: Construct, name: string): void {
    const volcano = this.scheduler.kind === SchedulerKind.VOLCANO;
    const taken = volcano && ['default', 'root'].includes(name) ? 'Volcano\'s built-in queue'
      : name === this.cohortName ? 'the platform\'s cohort'
      : this.teamsByName.has(name) ? `team ${name}`
      : this.departmentsByName.has(name) ? `department ${name}` : undefined;
    if (taken) {
      throw new ValidationError(ErrorCode.DUPLICATE_NAME, {
        message: `The name ${name} is already taken by ${taken}.`,
        received: name,
        fix: 'Give teams and departments names distinct from each other and from the platform cohort.',
      }, construct);
    }
  }

  /** The scheduler's platform-wide objects, rendered when the first team or department is declared. */
  private renderSchedulerOnce(): void {
    if (this.schedulerRendered) return;
    this.schedulerRendered = true;
    const scope = new Construct(this.clusterRoot, 'Scheduler');
    const s = this.scheduler;
    if (s.kind === SchedulerKind.KUEUE) {
      renderCohort(scope, this.cohortName!, undefined, undefined, MANAGED_BY_LABELS);
      renderKueueConfig(scope, {
        namespace: s.namespace,
        frameworks: s.frameworks,
        // EFA interfaces come with the node, not with quota (GPU quota bounds them); GKE has none.
        excludeResourcePrefixes: this.awsCluster ? ['ephemeral-storage', 'vpc.amazonaws.com/efa'] : ['ephemeral-storage'],
        fairSharing: s.fairSharing,
        allOrNothing: this.allOrNothing,
      }, MANAGED_BY_LABELS);
    } else {
      renderVolcanoSchedulerConfig(scope, () => ({
        namespace: s.namespace,
        configMapName: s.configMapName!,
        queuePlugin: s.queuePlugin!,
        hierarchy: this.departmentsByName.size > 0,
        deviceResources: this._deviceResourceNames(),
      }), { namespace: s.namespace, name: s.configMapName! }, MANAGED_BY_LABELS);
    }
  }

  /**
   * Per pool and resource, the sum of the teams' guaranteed quota must fit what the pool provides at its
   * maximum size (Kueue itself never compares quotas with nodes). One pass over the teams' quotas.
   */
  private assertQuotasFitCapacity(): void {
    const totals = new Map<string, { pool: ICapacityPool; resource: string; total: Quantity; teams: Record<string, string> }>();
    for (const team of this.teams) {
      for (const flavor of team._flavorQuotas) {
        for (const [resource, amounts] of flavor.resources) {
          if (amounts.nominal.isZero()) continue;
          const key = `${flavor.pool.poolName}|${resource}`;
          const entry = totals.get(key) ?? { pool: flavor.pool, resource, total: Quantity.of(0), teams: {} };
          entry.total = entry.total.plus(amounts.nominal);
          entry.teams[team.teamName] = amounts.nominal.toString();
          totals.set(key, entry);
        }
      }
    }
    // Devices first: CPU and memory guarantees are mostly derived from them, so the device is what to report.
    const cpuOrMemory = (r: string) => Number(r === 'cpu' || r === 'memory');
    for (const entry of [...totals.values()].sort((a, b) => cpuOrMemory(a.resource) - cpuOrMemory(b.resource))) {
      const capacity = entry.pool.capacityAtMaxSize().find((c) => c.resourceName === entry.resource);
      if (capacity && entry.total.compare(capacity.atMaxSize) <= 0) continue;
      throw new ValidationError(ErrorCode.QUOTA_EXCEEDS_CAPACITY, {
        message: `The teams are guaranteed ${entry.total.toString()} ${entry.resource} on pool ${entry.pool.poolName}, `
          + `which provides ${capacity?.atMaxSize.toString() ?? 'none'} at its maximum size: guarantees could not all be met at once.`,
        received: entry.teams,
        allowed: `at most ${capacity?.atMaxSize.toString() ?? '0'} in total`,
        fix: 'Lower the teams\' guaranteed amounts (they can still borrow), or raise the pool\'s maxNodes.',
      }, entry.pool);
    }
  }

  /** What the GPU operator's configuration is made of, read at synth. */
  private gpuOperatorModel(): GpuOperatorModel {
    const pools = this.pools.map((p) => p._toModel());
    const sharing = new Map<string, DevicePluginSharing>();
    for (const p of pools) if (p.devicePluginSharing) sharing.set(p.devicePluginSharing.configKey, p.devicePluginSharing);
    const profiles = this.migProfiles;
    return {
      migStrategy: profiles.length > 0 ? profiles[0].strategy : 'none',
      migConfigs: profiles.map((p) => p._toConfigModel()),
      sharing: [...sharing.values()],
      taints: pools.flatMap((p) => p.taints),
    };
  }

  private assertClusterMatchesCloud(): void {
    const kind = this.cluster instanceof EksCluster ? CloudProvider.AWS : this.cluster instanceof GkeCluster ? CloudProvider.GCP : undefined;
    if (kind !== this.cloud.provider) {
      throw new ValidationError(ErrorCode.CLUSTER_CLOUD_MISMATCH, {
        message: kind === undefined
          ? 'The cluster is neither an EksCluster nor a GkeCluster.'
          : `The cluster is on ${kind} but the platform's cloud is ${this.cloud.provider}.`,
        received: kind ?? typeof this.cluster,
        fix: this.cloud.provider === CloudProvider.AWS ? 'Use EksCluster.fromAttributes(...) or EksCluster.create(...).' : 'Use GkeCluster.fromAttributes(...) or GkeCluster.create(...).',
      }, this);
    }
  }
}

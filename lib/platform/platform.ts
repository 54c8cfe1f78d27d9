import { ApiObject, App as KubernetesApp, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Catalog } from '../catalog/catalog';
import { ICapacityPool } from '../compute/capacity-pool';
import { ICluster } from '../compute/cluster';
import type { CpuNodePool } from '../compute/cpu-node-pool';
import type { GpuNodePool } from '../compute/gpu-node-pool';
import type { MigPartitionProfile } from '../compute/mig-partition-profile';
import type { SpotFleet } from '../compute/spot-fleet';
import { Cloud } from '../core/cloud';
import { atScope, ErrorCode, ValidationError } from '../core/errors';
import { assertInstance, checkedConstructId, idForName } from '../core/guards';
import { Names } from '../core/names';
import { compareStrings } from '../core/order';
import { StateBackend } from '../core/state-backend';
import type { Budget } from '../cost/budget';
import { CostOptions, CostReportOptions } from '../cost/options';
import { PlatformEstimate } from '../cost/types';
import { buildPlatformModel } from '../model/build';
import { isPlatform, markPlatform, Member, membersOf, NameClaim } from '../model/context';
import { CloudTarget, CoreRenderer, Invariant, ModelOrigins, SchedulerBackend } from '../model/seams';
import { PlatformModel } from '../model/types';
import { schedulerBackendFor } from '../render/backends';
import { KubernetesCoreRenderer } from '../render/k8s/core-renderer';
import { cloudTargetFor } from '../render/targets';
import type { Department } from '../scheduling/department';
import type { PriorityTiers } from '../scheduling/priority-tiers';
import { Scheduler } from '../scheduling/scheduler';
import type { TeamNamespace } from '../scheduling/team-namespace';
import type { StorageTier } from '../storage/storage-tier';
import { attachStateBackend, kubernetesTarget, terraformTarget } from './apps';
import { PlatformCost } from './cost';
import { PLATFORM_INVARIANTS } from './invariants';
import { Registry } from './registry';

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
   * An existing cdk8s chart to put the cluster layer in (its objects keep the order cdk8s gives them).
   * @default - a chart named after the platform, in `kubernetesApp` or in an app the platform owns, written in install order
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
   * Where the cloud layer's Terraform state is kept: `StateBackend.s3({...})` or `StateBackend.gcs({...})` for a
   * team, `StateBackend.local({...})`, or `StateBackend.configuredOnStack()` for a backend you configure on `stack`.
   * @default - a backend the stack passed in `stack` has, else `StateBackend.local()`: the file `terraform.<stack>.tfstate` in the stack's working directory (`cdktf.out/stacks/<stack>/`)
   */
  readonly stateBackend?: StateBackend;
  /**
   * Namespace the NVIDIA GPU operator runs in, on clouds where the platform configures it (EKS): its MIG manager
   * and device-plugin ConfigMaps go there.
   * @default 'gpu-operator'
   */
  readonly gpuOperatorNamespace?: string;
  /**
   * The batch scheduler teams' workloads go through.
   * @default Scheduler.kueue()
   */
  readonly scheduler?: Scheduler;
  /**
   * The assumptions of the cost estimate (`estimate()`, the summary and the reports at synth).
   * @default - 50% expected utilization, 24 hours a day, the catalog's PUE
   */
  readonly cost?: CostOptions;
  /**
   * What is printed and written about cost when the cluster layer is synthesized.
   * @default - the summary printed and `<platform>.report.html` / `.md` written to the cdk8s output directory (the environment variable `ML_PLATFORM_COST_REPORT` = `off`, `files` or `summary` changes this default)
   */
  readonly costReport?: CostReportOptions;
}

/**
 * The root of an ML platform: one model from which both layers are synthesized — the cloud layer (cdktf stack:
 * cluster, node groups / node pools) and the cluster layer (cdk8s chart: flavors, queues, namespaces and
 * everything that runs in the cluster).
 *
 * Constructs are created anywhere below it (`new GpuNodePool(platform, 'h100', {...})`, or inside a construct of
 * your own); cross-layer invariants are checked when either layer is synthesized. The cloud target (from the
 * cluster) and the scheduler backend (from `scheduler`) render them; the platform itself only wires the apps,
 * keeps the registry and runs the checks.
 */
export class MlPlatform extends Construct {
  /** Whether `x` is an MlPlatform. */
  public static isMlPlatform(x: any): x is MlPlatform {
    return isPlatform(x);
  }

  /** The platform a construct belongs to. */
  public static of(construct: IConstruct): MlPlatform {
    const scopes = construct?.node?.scopes ?? [];
    for (let i = scopes.length - 1; i >= 0; i--) {
      if (isPlatform(scopes[i])) return scopes[i] as MlPlatform;
    }
    throw new ValidationError(ErrorCode.SCOPE_INVALID, {
      message: 'The construct is not inside an MlPlatform.',
      fix: 'Create it under a platform: new X(platform, id, props).',
    }, construct);
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
  /** The batch scheduler. */
  public readonly scheduler: Scheduler;

  /** @internal */
  public readonly _target: CloudTarget;
  /** @internal */
  public readonly _scheduler: SchedulerBackend;
  /** @internal */
  public readonly _core: CoreRenderer;

  private readonly ownedKubernetesApp?: KubernetesApp;
  private readonly ownedTerraformApp?: { synth(): void };
  private readonly registry = new Registry();
  /** Member scopes in the chart and the stack, by kind and name. */
  private readonly clusterScopes = new Map<string, Construct>();
  private readonly cloudScopes = new Map<string, Construct>();
  private readonly clusterRoot: Construct;
  private readonly cloudRoot: Construct;
  private cached?: { version: number; model: PlatformModel };
  private readonly cost: PlatformCost;

  /**
   * @param id the platform name, a DNS-1123 label
   * @param props the cloud, the cluster and where to synthesize
   */
  constructor(id: string, props: MlPlatformProps) {
    // A root construct, like cdk8s's and cdktf's App: constructs' Node accepts an undefined scope for roots.
    super(undefined as unknown as Construct, checkedConstructId(id, 'platform'));
    markPlatform(this);
    Names.assertDns1123Label(this, 'platform name', id);
    if (props === null || typeof props !== 'object') {
      throw new ValidationError(ErrorCode.CLOUD_INVALID, {
        message: 'MlPlatform needs its props: at least `cloud` and `cluster`.',
        received: props,
        fix: 'Pass e.g. { cloud: Cloud.aws({ region: "us-east-1" }), cluster: EksCluster.fromAttributes({...}) }.',
      }, this);
    }
    if (!(props.cloud instanceof Cloud)) {
      throw new ValidationError(ErrorCode.CLOUD_INVALID, {
        message: '`cloud` is not a Cloud.',
        received: props.cloud === null ? 'null' : typeof props.cloud,
        fix: 'Use Cloud.aws({ region }) or Cloud.gcp({ project, region }).',
      }, this);
    }
    this.platformName = id;
    this.cloud = props.cloud;
    this.cluster = props.cluster;
    if (props.catalog !== undefined && !(props.catalog instanceof Catalog)) {
      throw new ValidationError(ErrorCode.CATALOG_DATA_INVALID, {
        message: '`catalog` is not a Catalog.',
        received: props.catalog === null ? 'null' : typeof props.catalog,
        fix: 'Pass Catalog.default(), Catalog.fromDirectory(dir) or Catalog.fromData({...}), or leave `catalog` out.',
      }, this);
    }
    this.catalog = props.catalog ?? Catalog.default();
    atScope(this, () => this.catalog.region(this.cloud.provider, this.cloud.region));
    this.scheduler = props.scheduler ?? Scheduler.kueue();
    const gpuOperatorNamespace = props.gpuOperatorNamespace ?? 'gpu-operator';
    Names.assertDns1123Label(this, 'GPU operator namespace', gpuOperatorNamespace);

    const kubernetes = kubernetesTarget(this, props.chart, props.kubernetesApp, props.kubernetesOutdir);
    const terraform = terraformTarget(this, props.stack, props.terraformApp, props.terraformOutdir);
    if (props.stateBackend !== undefined) {
      assertInstance(props.stateBackend, StateBackend, {
        scope: this, code: ErrorCode.STATE_BACKEND_INVALID, what: '`stateBackend`', fix: 'Use StateBackend.s3(), .gcs(), .local() or .configuredOnStack().',
      }, 'made by StateBackend.s3(), .gcs(), .local() or .configuredOnStack()');
    }
    attachStateBackend(this, terraform.stack, props.stateBackend, this.cloud);
    this.ownedKubernetesApp = kubernetes.ownedApp;
    this.ownedTerraformApp = terraform.ownedApp;
    this.chart = kubernetes.chart;
    this.stack = terraform.stack;

    // The platform's own objects and its members' objects live in separate subtrees, keyed by kind and name, so
    // that no user construct id can collide with an internal one.
    this.clusterRoot = new Construct(this.chart, id);
    this.cloudRoot = new Construct(this.stack, id);
    const model = () => this._model();
    this._target = cloudTargetFor(this.cluster, {
      platformName: id,
      cloud: this.cloud,
      catalog: this.catalog,
      stack: this.stack,
      cloudScope: this.cloudRoot,
      clusterScope: new Construct(this.clusterRoot, 'Platform'),
      model,
    }, { gpuOperatorNamespace }, this);
    this._scheduler = schedulerBackendFor(this.scheduler, {
      platformName: id,
      cloud: this.cloud,
      target: this._target,
      clusterScope: this.clusterRoot.node.findChild('Platform') as Construct,
      model,
    }, this);
    this._core = new KubernetesCoreRenderer(model);

    // Both layers check the platform's invariants when synthesized, whoever synthesizes them.
    const check = { validate: () => { this.validatePlatform(); return []; } };
    this.chart.node.addValidation(check);
    this.stack.node.addValidation(check);
    this.cost = new PlatformCost(this, props.cost, props.costReport);
  }

  /**
   * What the platform will cost a month, from the catalog: per pool the floor, expected and ceiling figures and the
   * effective price of GPUs, MIG devices and shared replicas; per team its guaranteed share and borrowing ceiling, with
   * an idle line per pool; the saving against the naive baseline by lever; energy and CO2; what cannot be priced.
   * @param options assumptions replacing the platform's `cost` ones, field by field
   */
  public estimate(options?: CostOptions): PlatformEstimate {
    return this.cost.estimate(options);
  }

  /** The GPU pools, sorted by name. */
  public get pools(): GpuNodePool[] {
    return this.sources('gpu-pool') as GpuNodePool[];
  }

  /** The CPU pools, sorted by name. */
  public get cpuPools(): CpuNodePool[] {
    return this.sources('cpu-pool') as CpuNodePool[];
  }

  /**
   * Every pool teams can get quota on (GPU, CPU and external pools and spot fleets), sorted by name. A fleet's own
   * pools are not listed: teams get quota on the fleet.
   */
  public get capacityPools(): ICapacityPool[] {
    const withCapacity = this.registry.members.filter((m) => (m.kind === 'gpu-pool' && m.capacity)
      || m.kind === 'cpu-pool' || m.kind === 'external-pool' || m.kind === 'spot-fleet');
    return withCapacity.map((m) => m.source as ICapacityPool)
      .sort((a, b) => compareStrings(a.poolName, b.poolName));
  }

  /** The spot fleets, sorted by name. */
  public get spotFleets(): SpotFleet[] {
    return this.sources('spot-fleet') as SpotFleet[];
  }

  /** The teams, sorted by name. */
  public get teams(): TeamNamespace[] {
    return this.sources('team') as TeamNamespace[];
  }

  /** The departments, sorted by name. */
  public get departments(): Department[] {
    return this.sources('department') as Department[];
  }

  /** The storage tiers, sorted by name. */
  public get storageTiers(): StorageTier[] {
    return this.sources('storage-tier') as StorageTier[];
  }

  /** The budgets, sorted by name. */
  public get budgets(): Budget[] {
    return this.sources('budget') as Budget[];
  }

  /** The MIG partition profiles, sorted by config name and GPU model. */
  public get migProfiles(): MigPartitionProfile[] {
    return membersOf(this.registry.members, 'mig-profile')
      .sort((a, b) => compareStrings(a.config.name, b.config.name) || compareStrings(a.config.gpu, b.config.gpu))
      .map((m) => m.source as MigPartitionProfile);
  }

  /** The platform's priority tiers, if declared. */
  public get priorityTiers(): PriorityTiers | undefined {
    return membersOf(this.registry.members, 'tiers')[0]?.source as PriorityTiers | undefined;
  }

  /**
   * Namespaces of the platform's own components, which may always reach team pods (probes, webhooks, metrics):
   * kube-system, the scheduler's and the cloud target's (e.g. the GPU operator's on EKS).
   */
  public get platformNamespaces(): string[] {
    return this._systemNamespaces();
  }

  /**
   * The GPU operator's ClusterPolicy (escape hatch: `addJsonPatch`), on clouds where the platform configures the
   * operator (EKS) once it has a GPU pool. Undefined on GKE, which runs the driver, the device plugin and MIG itself.
   */
  public get gpuOperatorClusterPolicy(): ApiObject | undefined {
    return this._target.gpuOperatorClusterPolicy;
  }

  /**
   * Checks the cross-layer invariants on the model and on the synthesized objects (so escape-hatch edits are
   * checked too): flavors select exactly their pools and tolerate their taints; the GPU operator configures every
   * pool; the tiers teams name exist; per pool and resource, the teams' guarantees fit what the pool provides at its
   * maximum size. Throws a {@link ValidationError}. Runs automatically when either layer is synthesized.
   */
  public validatePlatform(): void {
    const model = this._model();
    const origins: ModelOrigins = { of: (space, name) => this.registry.claimant(space, name)?.source };
    for (const invariant of this.invariants()) invariant.check(model, origins);
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
  public _register(member: Member, claims: NameClaim[]): void {
    this.registry.register(member, claims);
  }

  /** @internal */
  public _members(): readonly Member[] {
    return this.registry.members;
  }

  /** @internal */
  public _claimant(space: string, name: string): Member | undefined {
    return this.registry.claimant(space, name);
  }

  /** @internal */
  public _systemNamespaces(): string[] {
    return [...new Set(['kube-system', ...this._scheduler.systemNamespaces, ...this._target.systemNamespaces])].sort(compareStrings);
  }

  /** @internal */
  public _clusterScope(kind: string, name: string): Construct {
    return scopeFor(this.clusterScopes, this.clusterRoot, kind, name);
  }

  /** @internal */
  public _cloudScope(kind: string, name: string): Construct {
    // Pools sit directly under the platform's root, as they always have: their Terraform logical ids stay stable.
    return kind === 'pool' ? scopeFor(this.cloudScopes, this.cloudRoot, undefined, name) : scopeFor(this.cloudScopes, this.cloudRoot, kind, name);
  }

  /** @internal */
  public _model(): PlatformModel {
    const version = this.registry.version;
    if (!this.cached || this.cached.version !== version) {
      this.cached = {
        version,
        model: buildPlatformModel({ name: this.platformName, cloud: this.cloud, members: this.registry.members, systemNamespaces: this._systemNamespaces() }),
      };
    }
    return this.cached.model;
  }

  /** Every invariant: the scheduler backend's, the cloud target's, then the platform's own. */
  private invariants(): Invariant[] {
    return [...this._scheduler.invariants(), ...this._target.invariants(), ...PLATFORM_INVARIANTS];
  }

  private sources(kind: Member['kind']): IConstruct[] {
    const named = this.registry.members.filter((m) => m.kind === kind).map((m) => ({ m, name: memberName(m) }));
    return named.sort((a, b) => compareStrings(a.name, b.name)).map((x) => x.m.source);
  }
}

function memberName(m: Member): string {
  switch (m.kind) {
    case 'gpu-pool': case 'cpu-pool': return m.pool.name;
    case 'external-pool': return m.capacity.name;
    case 'spot-fleet': return m.fleet.name;
    case 'mig-profile': return m.config.name;
    case 'tiers': return '';
    case 'team': return m.team.name;
    case 'department': return m.department.name;
    case 'storage-tier': return m.tier.name;
    case 'budget': return m.budget.name;
  }
}

/**
 * A member's scope under `root`: `<Kind>/<name>` (PascalCase kind containers, DNS-label names: no collision with
 * each other or with the platform's own `Platform` scope), or `<name>` when `kind` is undefined.
 */
function scopeFor(cache: Map<string, Construct>, root: Construct, kind: string | undefined, name: string): Construct {
  const key = `${kind ?? ''}/${name}`;
  let scope = cache.get(key);
  if (!scope) {
    let parent = root;
    if (kind !== undefined) {
      const container = kind.charAt(0).toUpperCase() + kind.slice(1);
      parent = (root.node.tryFindChild(container) as Construct | undefined) ?? new Construct(root, container);
    }
    scope = new Construct(parent, idForName(name));
    cache.set(key, scope);
  }
  return scope;
}

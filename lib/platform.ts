import { ApiObject, App as KubernetesApp, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Catalog } from './catalog/catalog';
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
import { AwsClusterRefs, ensureAwsProvider, renderEksCluster } from './render/aws/eks-cluster';
import { renderEksNodeGroup } from './render/aws/eks-node-group';
import { ensureGoogleProvider, GcpClusterRefs, renderGkeCluster } from './render/gcp/gke-cluster';
import { renderGkeNodePool } from './render/gcp/gke-node-pool';
import { assertFlavorMatchesPool } from './render/k8s/flavor-checks';
import { GpuOperatorModel, GpuOperatorObjects, renderGpuOperator } from './render/k8s/gpu-operator';
import { assertGpuOperatorMatchesPools } from './render/k8s/gpu-operator-checks';
import { renderResourceFlavor, tolerationFor } from './render/k8s/kueue';
import { DevicePluginSharing, PoolModel } from './render/model';
import { terraformTarget } from './render/terraform-app';
import type { PriorityTiers } from './scheduling/priority-tiers';

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
  private readonly poolsByName = new Map<string, GpuNodePool>();
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

  /**
   * Checks the cross-layer invariants (a ResourceFlavor selects exactly its pool and tolerates
   * its taints, even after escape-hatch edits). Throws a {@link ValidationError}.
   * Runs automatically when either layer is synthesized.
   */
  public validatePlatform(): void {
    for (const pool of this.pools) {
      assertFlavorMatchesPool(pool.resourceFlavor, pool._toModel());
    }
    if (this.gpuOperator) assertGpuOperatorMatchesPools(this.gpuOperator, this.pools.map((p) => p._toModel()));
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
  public _registerPool(pool: GpuNodePool): void {
    const existing = this.poolsByName.get(pool.poolName);
    if (existing) {
      throw new ValidationError(ErrorCode.DUPLICATE_NAME, {
        message: `Pool name "${pool.poolName}" is already used by ${existing.node.path}.`,
        received: pool.poolName,
        fix: 'Give each pool a unique name (node group, node pool and flavor names must be unique).',
      }, pool);
    }
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

  /** @internal */
  public _renderPoolFlavor(pool: GpuNodePool): ApiObject {
    const scope = this._clusterScope(pool);
    return renderResourceFlavor(scope, 'ResourceFlavor', {
      name: pool.flavorName,
      labels: { 'app.kubernetes.io/managed-by': 'ml-platform-cdk', [PlatformLabels.POOL]: pool.poolName },
      annotations: { [PlatformLabels.INSTANCE_TYPE_ANNOTATION]: pool.instanceTypes.join(',') },
      nodeLabels: { [PlatformLabels.POOL]: pool.poolName },
      tolerations: pool.taints.map(tolerationFor),
    });
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

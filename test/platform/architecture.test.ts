import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App as K8sApp, Lazy, Testing as K8sTesting } from 'cdk8s';
import { App as TfApp, TerraformOutput, TerraformStack, Testing as TfTesting } from 'cdktf';
import { Construct } from 'constructs';
import {
  Architecture, Budget, Capacity, Cloud, CloudProvider, CpuNodePool, Department, ErrorCode, ExternalNodePool, GpuModel, GpuNodePool, GpuSharing,
  ICluster, MigPartitionProfile, MlPlatform, MlPlatformProps, PriorityTiers, Scheduler, SpotFleet, StorageTier, StorageTierKind, TeamNamespace,
  ValidationError,
} from '../../lib';
import { MigStrategy } from '../../lib/core/nvidia';
import {
  BackendContext, CloudTarget, DeviceUnit, Invariant, SchedulerBackend, TargetContext, TeamQueueObjects,
} from '../../lib/model/seams';
import { CapacityPoolModel, DepartmentDeclaration, PoolModel, PoolPartitioning, StorageTierModel, TeamDeclaration, TierModel } from '../../lib/model/types';
import { awsPlatform, existingEks, kubernetesOf, objectNamed, resources, terraformOf, validationErrorOf } from '../support/platforms';

// ---------------------------------------------------------------------------------------------------------------
// A toy cloud target and a toy scheduler backend, written here, outside lib/: the seams let them plug in without
// any change to the platform.

/** Renders each pool as one Terraform output; no cluster layer of its own. */
class ToyTarget implements CloudTarget {
  public readonly provider = CloudProvider.AWS;
  public readonly systemNamespaces = ['toy-system'];
  public readonly nodeResourcePrefixes: string[] = [];
  public readonly defaultMigStrategy = MigStrategy.SINGLE;
  public rendered: string[] = [];
  constructor(private readonly context: TargetContext) {}
  public checkPoolDeclaration(): void {}
  public resolvePool() { return { zones: [], efa: false, automaticTaints: [] }; }
  public checkNodeLabels(): void {}
  public partition(_scope: Construct, devices: DeviceUnit[]): PoolPartitioning {
    return { nodeLabels: { 'toy.example.com/partitioned': 'no' }, perNode: devices.map((d) => ({ ...d, sharedBy: 1 })) };
  }
  public checkMigProfile(): void {}
  public renderPool(scope: Construct, pool: PoolModel): void {
    this.rendered.push(pool.name);
    new TerraformOutput(scope, 'Nodes', { value: { name: pool.name, type: pool.instanceTypes[0], max: pool.maxNodes } });
  }
  public resolveStorageTier(): StorageTierModel {
    throw new ValidationError(ErrorCode.STORAGE_KIND_UNSUPPORTED, { message: 'The toy cloud has no storage.', fix: 'Use a real cloud.' });
  }
  public renderStorageTier(): void {}
  public renderStorageAccess(): void {}
  public invariants(): Invariant[] {
    return [{ description: 'toy: the platform name is not "forbidden"', check: () => expect(this.context.platformName).not.toBe('forbidden') }];
  }
}

class ToyCluster implements ICluster {
  public readonly provider = CloudProvider.AWS;
  public readonly clusterName = 'toy';
  public target?: ToyTarget;
  public _cloudTarget(context: TargetContext): CloudTarget {
    this.target = new ToyTarget(context);
    return this.target;
  }
}

/** One ConfigMap per team listing its guaranteed GPUs, read from the model at synth. */
class ToyBackend implements SchedulerBackend {
  public readonly kind = 'toy';
  public readonly namespace = 'toy-scheduler';
  public readonly systemNamespaces = ['toy-scheduler'];
  constructor(private readonly context: BackendContext) {}
  public queueNameTakenBy(name: string) { return name === 'reserved' ? 'the toy scheduler' : undefined; }
  public checkPool(): void {}
  public checkFairShareWeight(): void {}
  public resolveTeam() { return {}; }
  public checkDepartment(): void {}
  public namespaceAnnotations(team: string) { return { 'toy.example.com/queue': team }; }
  public renderFlavor(_scope: Construct, _pool: CapacityPoolModel): ApiObject | undefined { return undefined; }
  public renderTier(_scope: Construct, _tier: TierModel): ApiObject | undefined { return undefined; }
  public renderTeam(scope: Construct, _namespaces: ReadonlyMap<string, Construct>, team: TeamDeclaration): TeamQueueObjects {
    new ApiObject(scope, 'ToyQueue', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${team.name}-queue`, namespace: this.namespace },
      data: {
        guaranteed: JSON.stringify(team.flavors.map((f) => [f.pool, f.resources.get('nvidia.com/gpu')?.nominal.toString()])),
        // Read at synth: teams declared later are counted.
        peers: Lazy.any({ produce: () => String(this.context.model().teams.length) }),
      },
    });
    return { localQueues: new Map() };
  }
  public renderDepartment(scope: Construct, department: DepartmentDeclaration): ApiObject {
    return new ApiObject(scope, 'ToyDepartment', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: department.name, namespace: this.namespace } });
  }
  public invariants(): Invariant[] { return []; }
}

describe('a toy cloud target and a toy scheduler backend plug in through the seams', () => {
  const cluster = new ToyCluster();
  const platform = new MlPlatform('toy-ml', {
    cloud: Cloud.aws({ region: 'us-east-1' }),
    cluster,
    scheduler: Scheduler._custom('toy', (context) => new ToyBackend(context)),
    kubernetesApp: K8sTesting.app(),
    terraformApp: TfTesting.app(),
  });
  const pool = new GpuNodePool(platform, 'l4', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4 });
  new PriorityTiers(platform, 'tiers');
  const research = new Department(platform, 'research');
  new TeamNamespace(platform, 'vision', { department: research, quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '3' } }] });

  test('the cloud layer is the toy target\'s: one output per pool, no EKS node group', () => {
    const tf = JSON.parse(TfTesting.synth(platform.stack as TerraformStack, true));
    expect(cluster.target!.rendered).toEqual(['l4']);
    expect(Object.values(tf.output).map((o: any) => o.value.name)).toEqual(['l4']);
    expect(tf.resource).toBeUndefined();
  });

  test('the cluster layer is the toy backend\'s (no Kueue object), with the core objects and the toy\'s own namespaces', () => {
    const objects = kubernetesOf(platform);
    expect(objects.filter((o) => o.apiVersion.startsWith('kueue.x-k8s.io'))).toEqual([]);
    expect(objectNamed(objects, 'ConfigMap', 'vision-queue').data).toEqual({ guaranteed: '[["l4","3"]]', peers: '1' });
    expect(objectNamed(objects, 'ConfigMap', 'research').metadata.namespace).toBe('toy-scheduler');
    expect(objectNamed(objects, 'Namespace', 'vision').metadata.annotations).toEqual({ 'toy.example.com/queue': 'vision' });
    // The pool's node labels come from the toy target's partitioning.
    expect(pool.nodeLabels['toy.example.com/partitioned']).toBe('no');
    // The isolation policy lets the toy scheduler's and the toy target's namespaces in.
    const ingress = objectNamed(objects, 'NetworkPolicy', 'vision-isolation').spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values;
    expect(ingress).toEqual(['kube-system', 'toy-scheduler', 'toy-system', 'vision']);
    expect(platform.platformNamespaces).toEqual(['kube-system', 'toy-scheduler', 'toy-system']);
  });

  test('the platform\'s own invariants still run on toy platforms, and so do the toy\'s', () => {
    new TeamNamespace(platform, 'nlp', { quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '2' } }] });
    expect(validationErrorOf(() => platform.validatePlatform()).code).toBe(ErrorCode.QUOTA_EXCEEDS_CAPACITY);
  });

  test('the backend\'s reserved queue names are refused', () => {
    expect(validationErrorOf(() => new TeamNamespace(platform, 'reserved')).code).toBe(ErrorCode.DUPLICATE_NAME);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Compose anywhere; output independent of declaration order and construct nesting.

interface Apps {
  readonly k8s: K8sApp;
  readonly tf: TfApp;
  readonly dir: string;
}

function apps(): Apps {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-arch-'));
  return { k8s: new K8sApp({ outdir: path.join(dir, 'k8s') }), tf: new TfApp({ outdir: path.join(dir, 'tf') }), dir };
}

/** Both layers as they are written to disk, file by file. */
function synthesized(a: Apps): Record<string, string> {
  a.k8s.synth();
  a.tf.synth();
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(a.dir, full)] = fs.readFileSync(full, 'utf-8');
    }
  };
  walk(a.dir);
  fs.rmSync(a.dir, { recursive: true, force: true });
  return files;
}

function platformIn(a: Apps, props: Partial<MlPlatformProps> = {}): MlPlatform {
  return new MlPlatform('fraud-ml', {
    cloud: Cloud.aws({ region: 'us-east-1' }),
    cluster: existingEks(),
    kubernetesApp: a.k8s,
    terraformApp: a.tf,
    scheduler: Scheduler.kueue({ fairSharing: true }),
    ...props,
  });
}

/** The parts of a fraud-detection platform, declared one by one so that tests can reorder and nest them. */
function declarations(scope: () => Construct) {
  const made: Record<string, any> = {};
  return {
    made,
    steps: {
      mig: () => { made.mig = new MigPartitionProfile(scope(), 'slices', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' }); },
      a100: () => { made.a100 = new GpuNodePool(scope(), 'a100-inference', { instanceTypes: ['p4d.24xlarge'], maxNodes: 2, mig: made.mig }); },
      l4: () => { made.l4 = new GpuNodePool(scope(), 'l4-notebooks', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4, sharing: GpuSharing.timeSlicing(4) }); },
      h100: () => { made.h100 = new GpuNodePool(scope(), 'h100-train', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: 2, capacity: Capacity.spot() }); },
      cpu: () => { made.cpu = new ExternalNodePool(scope(), 'cpu', { nodeLabels: { 'eks.amazonaws.com/nodegroup': 'general' }, resources: { cpu: '256', memory: '1Ti' } }); },
      tiers: () => { made.tiers = new PriorityTiers(scope(), 'tiers'); },
      risk: () => { made.risk = new Department(scope(), 'risk', { fairShareWeight: 2 }); },
      scoring: () => {
        made.scoring = new TeamNamespace(scope(), 'scoring', {
          department: made.risk,
          tiers: ['production-critical', 'batch'],
          quotas: [{ pool: made.a100, guaranteed: { 'nvidia.com/mig-1g.5gb': '28' } }],
        });
      },
      research: () => {
        made.research = new TeamNamespace(scope(), 'research', {
          department: made.risk,
          namespaces: ['research', 'research-dev'],
          fairShareWeight: 2,
          quotas: [
            { pool: made.h100, guaranteed: { 'nvidia.com/gpu': '8' }, acceptSpotGuaranteeRisk: true },
            { pool: made.l4, guaranteed: { 'nvidia.com/gpu': '8' }, borrowingLimit: { 'nvidia.com/gpu': '8' } },
          ],
        });
      },
      arm: () => {
        made.arm = new CpuNodePool(scope(), 'features-arm', { requirements: { minVcpus: 8, minMemoryGiB: 32, architecture: Architecture.ARM64 }, maxNodes: 4 });
      },
      etl: () => {
        made.etl = new TeamNamespace(scope(), 'etl', {
          quotas: [{ pool: made.cpu, guaranteed: { cpu: '32', memory: '128Gi' } }, { pool: made.arm, guaranteed: { cpu: '8', memory: '32Gi' } }],
        });
      },
      budget: () => { made.budget = new Budget(scope(), 'budget', { monthlyLimitUsd: 250000, emails: ['finops@example.com'] }); },
      fleet: () => {
        made.checkpoints = new StorageTier(scope(), 'checkpoints', { kind: StorageTierKind.ARCHIVE, bucketName: 'fraud-ml-checkpoints' });
        made.fleet = new SpotFleet(scope(), 'retrain', {
          gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4, onDemandBaseNodes: 1, checkpoints: { tier: made.checkpoints, claimSizePerTeam: '200Gi' },
        });
      },
      forecast: () => {
        made.forecast = new TeamNamespace(scope(), 'forecast', { tiers: ['batch'], quotas: [{ pool: made.fleet, guaranteed: { 'nvidia.com/gpu': '2' } }] });
      },
    },
  };
}

type Step = keyof ReturnType<typeof declarations>['steps'];

function declareInOrder(order: Step[], scopeOf: (platform: MlPlatform) => () => Construct = (p) => () => p): Record<string, string> {
  const a = apps();
  const platform = platformIn(a);
  const { steps } = declarations(scopeOf(platform));
  for (const step of order) steps[step]();
  return synthesized(a);
}

describe('the same platform declared in three orders synthesizes byte-identical output', () => {
  const orders: Step[][] = [
    ['mig', 'a100', 'l4', 'h100', 'fleet', 'cpu', 'arm', 'tiers', 'risk', 'scoring', 'research', 'etl', 'forecast', 'budget'],
    ['budget', 'cpu', 'arm', 'etl', 'fleet', 'forecast', 'h100', 'risk', 'l4', 'research', 'mig', 'a100', 'scoring', 'tiers'],
    ['tiers', 'risk', 'h100', 'l4', 'research', 'mig', 'cpu', 'fleet', 'a100', 'budget', 'forecast', 'arm', 'etl', 'scoring'],
  ];
  const outputs = orders.map((order) => declareInOrder(order));

  test.each([1, 2])('order %i equals order 0, file by file (both layers)', (i) => {
    expect(Object.keys(outputs[i]).sort()).toEqual(Object.keys(outputs[0]).sort());
    for (const file of Object.keys(outputs[0])) expect({ file, text: outputs[i][file] }).toEqual({ file, text: outputs[0][file] });
  });

  test('the files are the two layers, not empty', () => {
    const yaml = outputs[0]['k8s/fraud-ml.k8s.yaml'];
    expect(yaml).toContain('kind: ClusterQueue');
    expect(JSON.parse(outputs[0]['tf/stacks/fraud-ml/cdk.tf.json']).resource.aws_eks_node_group).toBeDefined();
  });

  test('the cluster layer is in install order: namespaces first, then by kind, namespace and name', () => {
    const kinds = outputs[0]['k8s/fraud-ml.k8s.yaml'].split('\n').filter((l) => l.startsWith('kind: ')).map((l) => l.slice(6));
    expect(kinds[0]).toBe('Namespace');
    expect(kinds.indexOf('PriorityClass')).toBeLessThan(kinds.indexOf('ResourceQuota'));
    expect(kinds.lastIndexOf('Namespace')).toBeLessThan(kinds.indexOf('Role'));
  });
});

describe('constructs compose anywhere below the platform', () => {
  /** A blueprint of the user's: a construct that owns a whole team's platform slice. */
  class FraudDetection extends Construct {
    public readonly inference: Construct;
    constructor(scope: Construct, id: string) {
      super(scope, id);
      this.inference = new Construct(this, 'Inference');
    }
  }

  const order: Step[] = ['mig', 'a100', 'l4', 'h100', 'fleet', 'cpu', 'arm', 'tiers', 'risk', 'scoring', 'research', 'etl', 'forecast', 'budget'];
  const flat = declareInOrder(order);
  const nested = declareInOrder(order, (platform) => {
    const blueprint = new FraudDetection(platform, 'FraudDetection');
    // Two levels below the platform: FraudDetection/Inference/<construct>.
    return () => blueprint.inference;
  });

  test('a blueprint that owns pools, a MIG profile, tiers and teams two levels down synthesizes what the flat declaration does', () => {
    expect(Object.keys(nested).sort()).toEqual(Object.keys(flat).sort());
    for (const file of Object.keys(flat)) expect({ file, text: nested[file] }).toEqual({ file, text: flat[file] });
  });

  test('the platform finds its members wherever they are', () => {
    const a = apps();
    const platform = platformIn(a);
    const blueprint = new FraudDetection(platform, 'FraudDetection');
    const { steps, made } = declarations(() => blueprint.inference);
    for (const step of order) steps[step]();
    expect(platform.teams.map((t) => t.node.path)).toEqual([
      'fraud-ml/FraudDetection/Inference/etl', 'fraud-ml/FraudDetection/Inference/forecast', 'fraud-ml/FraudDetection/Inference/research',
      'fraud-ml/FraudDetection/Inference/scoring',
    ]);
    expect(platform.spotFleets).toEqual([made.fleet]);
    expect(platform.cpuPools).toEqual([made.arm]);
    expect(platform.budgets).toEqual([made.budget]);
    expect(MlPlatform.of(made.scoring)).toBe(platform);
    expect(platform.migProfiles).toEqual([made.mig]);
    expect(platform.priorityTiers).toBe(made.tiers);
    fs.rmSync(a.dir, { recursive: true, force: true });
  });
});

describe('internal construct ids never collide with user ids', () => {
  test.each(['Platform', 'Scheduler', 'GpuOperator', 'Cluster', 'Pool', 'Team'])('constructs with the id %s', (id) => {
    const p = awsPlatform();
    const pool = new GpuNodePool(p, id, { name: 'l4', gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 2 });
    new TeamNamespace(new Construct(p, `${id}-group`), id, { name: 'vision', quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '1' } }] });
    new Department(new Construct(p, `${id}-dept`), id, { name: 'research' });
    const objects = kubernetesOf(p);
    expect(objectNamed(objects, 'ClusterQueue', 'vision').spec.resourceGroups[0].flavors[0].name).toBe('l4');
    expect(objectNamed(objects, 'ClusterPolicy', 'cluster-policy')).toBeDefined();
    expect(resources(terraformOf(p), 'aws_eks_node_group').map((n) => n.node_group_name)).toEqual(['l4']);
  });

  test('the cloud resources of a pool are keyed by its name: a renamed or moved construct keeps its Terraform logical ids', () => {
    const logicalIds = (declare: (p: MlPlatform) => void) => {
      const p = awsPlatform();
      declare(p);
      return Object.keys(terraformOf(p).resource.aws_eks_node_group);
    };
    const before = logicalIds((p) => new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2 }));
    const renamed = logicalIds((p) => new GpuNodePool(p, 'InferencePool', { name: 'l4', gpu: GpuModel.L4, maxNodes: 2 }));
    const moved = logicalIds((p) => new GpuNodePool(new Construct(p, 'Blueprint'), 'Pool', { name: 'l4', gpu: GpuModel.L4, maxNodes: 2 }));
    expect(renamed).toEqual(before);
    expect(moved).toEqual(before);
  });
});

describe('a construct whose validation fails leaves nothing behind', () => {
  test('a refused team, pool, department and profile are not in the tree, not registered, and their ids and names stay free', () => {
    const p = awsPlatform();
    const pool = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
    const refusals = [
      () => new TeamNamespace(p, 'vision', { quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '-1' } }] }),
      () => new GpuNodePool(p, 'a100', { gpu: GpuModel.A100_80GB, maxNodes: 0 }),
      () => new Department(p, 'research', { fairShareWeight: 3 }),
      () => new MigPartitionProfile(p, 'slices', { gpu: GpuModel.A100_40GB, profile: '9g.99gb' }),
      () => new PriorityTiers(p, 'tiers', { tiers: [] }),
    ];
    for (const refuse of refusals) validationErrorOf(refuse);
    expect(p.node.children.map((c) => c.node.id)).toEqual(['l4']);
    expect(p.teams).toEqual([]);
    expect(p.departments).toEqual([]);
    expect(p.migProfiles).toEqual([]);
    expect(p.priorityTiers).toBeUndefined();
    // The same ids and names are free for a correct declaration.
    new TeamNamespace(p, 'vision', { quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '1' } }] });
    new GpuNodePool(p, 'a100', { gpu: GpuModel.A100_80GB, maxNodes: 1 });
    new Department(p, 'research');
    new PriorityTiers(p, 'tiers');
    const objects = kubernetesOf(p);
    expect(objects.filter((o) => o.kind === 'ClusterQueue').map((o) => o.metadata.name)).toEqual(['vision']);
    expect(objects.filter((o) => o.kind === 'ResourceFlavor').map((o) => o.metadata.name)).toEqual(['a100', 'l4']);
  });
});

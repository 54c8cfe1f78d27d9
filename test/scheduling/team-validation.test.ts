import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AllOrNothingOptions, BorrowPreemptionPolicy, Department, ErrorCode, ExternalNodePool, ExternalNodePoolProps, GpuModel, GpuNodePool, ICapacityPool,
  MigPartitionProfile, MlPlatform, PodSecurityLevel, PriorityTiers, Quantity, QueueingStrategy, ReclaimPolicy, Scheduler, TaintEffect, TeamNamespace,
  TeamNamespaceProps, TeamPreemptionPolicy, VolcanoQueuePlugin,
} from '../../lib';
import { awsPlatform, gcpPlatform, kubernetesOf, objectNamed, terraformOf, validationErrorOf } from '../support/platforms';

/*
 * Every ValidationError the teams-and-scheduling code raises (Scheduler, TeamNamespace, PoolQuota resolution,
 * Department, ExternalNodePool, the platform's team registry and its synth-time quota check), each with the
 * boundary that passes next to it, so that a check that stops firing or fires too early both fail a test.
 */

type Refusal = ReturnType<typeof validationErrorOf> & { receivedJson?: string; detail: string };

/**
 * Runs `declare`, expects a ValidationError (never a TypeError) with `code` about the construct at `path`, whose
 * message starts with the code and the path and ends with its fix hint; returns the error.
 */
function expectRefusal(declare: () => unknown, code: ErrorCode, path: string): Refusal {
  const error = validationErrorOf(declare) as Refusal;
  expect(error.code).toBe(code);
  expect(error.constructPath).toBe(path);
  expect(error.message.startsWith(`[${code}] ${path}: `)).toBe(true);
  expect(error.fix.length).toBeGreaterThan(10);
  expect(error.message).toContain(`Fix: ${error.fix}`);
  return error;
}

const GPU = 'nvidia.com/gpu';
const MIG_1G = 'nvidia.com/mig-1g.5gb';

/** AWS g6.xlarge: 1 L4, 4 vCPU, 16 GiB per node; at 2 nodes: 2 GPUs, 8 CPUs, 32Gi. */
const l4Pool = (p: MlPlatform) => new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
/** 8 H100 per node, 2 nodes: 16 GPUs. */
const h100Pool = (p: MlPlatform) => new GpuNodePool(p, 'h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: 2 });
/** 8 A100-40GB per node cut into 1g.5gb (7 per GPU), 2 nodes: 112 nvidia.com/mig-1g.5gb (mixed strategy on EKS). */
function migPool(p: MlPlatform): GpuNodePool {
  const mig = new MigPartitionProfile(p, 'mig', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
  return new GpuNodePool(p, 'a100', { gpu: GpuModel.A100_40GB, gpusPerNode: 8, maxNodes: 2, mig });
}
/** A CPU node group the platform does not provision: 256 CPUs and 1Ti. */
const cpuPool = (p: MlPlatform, props: Partial<ExternalNodePoolProps> = {}, id = 'cpu') => new ExternalNodePool(p, id, {
  nodeLabels: { 'eks.amazonaws.com/nodegroup': 'general' },
  resources: { cpu: '256', memory: '1Ti' },
  ...props,
});
const volcanoPlatform = (plugin?: VolcanoQueuePlugin) => awsPlatform({ scheduler: Scheduler.volcano(plugin ? { queuePlugin: plugin } : {}) });
const fairSharingPlatform = () => awsPlatform({ scheduler: Scheduler.kueue({ fairSharing: true }) });
/** A team `training` on a fresh platform. */
const trainingOn = (make: () => MlPlatform, props: TeamNamespaceProps) => () => new TeamNamespace(make(), 'training', props);
/** A team `training` with quota on the H100 pool of a fresh AWS Kueue platform. */
const onH100 = (quota: { guaranteed?: Record<string, string>; borrowingLimit?: Record<string, string>; lendingLimit?: Record<string, string> },
  props: TeamNamespaceProps = {}, make: () => MlPlatform = awsPlatform) => () => {
  const p = make();
  return new TeamNamespace(p, 'training', { ...props, quotas: [{ pool: h100Pool(p), ...quota }] });
};
const clusterQueue = (p: MlPlatform, name: string) => objectNamed(kubernetesOf(p), 'ClusterQueue', name);
/** The ClusterQueue's quota of one resource on one flavor. */
const cqResource = (cq: any, flavor: string, resource: string) =>
  cq.spec.resourceGroups[0].flavors.find((f: any) => f.name === flavor).resources.find((r: any) => r.name === resource);

describe('SCHEDULER_OPTION_INVALID: scheduler options, refused when the platform is created', () => {
  const withAllOrNothing = (allOrNothing: AllOrNothingOptions) => () => awsPlatform({ scheduler: Scheduler.kueue({ allOrNothing }) });

  test.each<[string, AllOrNothingOptions, string | undefined]>([
    ['timeoutMinutes', { timeoutMinutes: 0 }, '0'],
    ['timeoutMinutes', { timeoutMinutes: -5 }, '-5'],
    ['timeoutMinutes', { timeoutMinutes: 1.5 }, '1.5'],
    ['timeoutMinutes', { timeoutMinutes: NaN }, undefined],
    ['recoveryTimeoutMinutes', { recoveryTimeoutMinutes: 0 }, '0'],
    ['backoffBaseSeconds', { backoffBaseSeconds: 0.5 }, '0.5'],
    ['backoffMaxSeconds', { backoffMaxSeconds: 2 ** 31 }, '2147483648'],
  ])('allOrNothing.%s = %j', (name, options, received) => {
    const error = expectRefusal(withAllOrNothing(options), ErrorCode.SCHEDULER_OPTION_INVALID, 'aws-test');
    expect(error.detail).toBe(`allOrNothing.${name} must be a whole number of at least 1.`);
    if (received !== undefined) expect(error.receivedJson).toBe(received);
    expect(error.allowed).toBe('an integer from 1 to 2147483647');
    expect(error.fix).toContain(`allOrNothing.${name}`);
  });

  test('backoffMaxSeconds below backoffBaseSeconds (given, or the default 60)', () => {
    const error = expectRefusal(withAllOrNothing({ backoffBaseSeconds: 120, backoffMaxSeconds: 60 }), ErrorCode.SCHEDULER_OPTION_INVALID, 'aws-test');
    expect(error.receivedJson).toBe('{"backoffBaseSeconds":120,"backoffMaxSeconds":60}');
    expect(error.fix).toContain('at least backoffBaseSeconds');
    expectRefusal(withAllOrNothing({ backoffMaxSeconds: 30 }), ErrorCode.SCHEDULER_OPTION_INVALID, 'aws-test');
  });

  test('boundaries pass: backoffMax equal to backoffBase, the largest int32, a timeout of 1 minute', () => {
    expect(() => withAllOrNothing({ backoffBaseSeconds: 90, backoffMaxSeconds: 90 })()).not.toThrow();
    expect(() => withAllOrNothing({ timeoutMinutes: 1, backoffBaseSeconds: 1, backoffMaxSeconds: 2_147_483_647 })()).not.toThrow();
  });

  test('unknown frameworks: the message says so and lists what Kueue knows', () => {
    const error = expectRefusal(() => awsPlatform({ scheduler: Scheduler.kueue({ frameworks: ['batch/job', 'kubeflow.org/pytorchjobs'] }) }),
      ErrorCode.SCHEDULER_OPTION_INVALID, 'aws-test');
    expect(error.detail).toBe('Kueue does not know these job frameworks.');
    expect(error.receivedJson).toContain('kubeflow.org/pytorchjobs');
    expect(error.allowed).toContain('kubeflow.org/pytorchjob,');
    expect(error.allowed).toContain('leaderworkerset.x-k8s.io/leaderworkerset');
  });

  test('an empty framework list', () => {
    const error = expectRefusal(() => awsPlatform({ scheduler: Scheduler.kueue({ frameworks: [] }) }), ErrorCode.SCHEDULER_OPTION_INVALID, 'aws-test');
    expect(error.detail).toBe('Kueue needs at least one job framework.');
  });

  test('known non-default frameworks pass', () => {
    expect(() => awsPlatform({ scheduler: Scheduler.kueue({ frameworks: ['pod', 'batch/job', 'sparkoperator.k8s.io/sparkapplication'] }) })).not.toThrow();
  });

  test('an unknown Volcano queue plugin', () => {
    const error = expectRefusal(() => volcanoPlatform('drf' as VolcanoQueuePlugin), ErrorCode.SCHEDULER_OPTION_INVALID, 'aws-test');
    expect(error.receivedJson).toBe('"drf"');
    expect(error.allowed).toBe('capacity, proportion');
  });
});

describe('SCHEDULER_OPTION_UNSUPPORTED: Kueue-only settings on Volcano', () => {
  test.each<[string, TeamNamespaceProps]>([
    ['preemption', { preemption: { withinTeam: TeamPreemptionPolicy.NEVER } }],
    ['an empty preemption object', { preemption: {} }],
    ['queueingStrategy', { queueingStrategy: QueueingStrategy.STRICT_FIFO }],
    ['localQueueName', { localQueueName: 'jobs' }],
  ])('a Volcano team with %s', (_what, props) => {
    const error = expectRefusal(trainingOn(() => volcanoPlatform(), props), ErrorCode.SCHEDULER_OPTION_UNSUPPORTED, 'aws-test/training');
    expect(error.detail).toContain('Kueue settings');
    expect(error.fix).toContain('Scheduler.kueue()');
  });

  test('the same settings pass on Kueue', () => {
    const props: TeamNamespaceProps = { preemption: { withinTeam: TeamPreemptionPolicy.NEVER }, queueingStrategy: QueueingStrategy.STRICT_FIFO, localQueueName: 'jobs' };
    expect(trainingOn(awsPlatform, props)).not.toThrow();
  });

  test('a Department on Volcano with the proportion plugin, which cannot nest queues', () => {
    const error = expectRefusal(() => new Department(volcanoPlatform(VolcanoQueuePlugin.PROPORTION), 'research'),
      ErrorCode.SCHEDULER_OPTION_UNSUPPORTED, 'aws-test/research');
    expect(error.receivedJson).toBe('"proportion"');
    expect(error.fix).toContain('VolcanoQueuePlugin.CAPACITY');
  });

  test('a Department on Volcano with the capacity plugin (the default) is the parent of its teams\' queues', () => {
    const p = volcanoPlatform();
    const research = new Department(p, 'research');
    new TeamNamespace(p, 'training', { department: research });
    expect(objectNamed(kubernetesOf(p), 'Queue', 'training').spec.parent).toBe('research');
  });
});

test('QUOTA_INVALID: a team that does not share, guaranteed CPU without memory on a pool, could run no pod', () => {
  const p = awsPlatform();
  const cpu = new ExternalNodePool(p, 'cpu', { nodeLabels: { pool: 'cpu' }, resources: { cpu: '64', memory: '256Gi' } });
  const error = expectRefusal(() => new TeamNamespace(p, 'alone', { sharesCapacity: false, quotas: [{ pool: cpu, guaranteed: { cpu: '8' } }] }),
    ErrorCode.QUOTA_INVALID, 'aws-test/alone');
  expect(error.receivedJson).toBe('{"cpu":"8","memory":"0"}');
  // Sharing teams may borrow the memory; both guaranteed is fine when alone.
  new TeamNamespace(p, 'sharing', { quotas: [{ pool: cpu, guaranteed: { cpu: '8' } }] });
  new TeamNamespace(p, 'both', { sharesCapacity: false, quotas: [{ pool: cpu, guaranteed: { cpu: '8', memory: '32Gi' } }] });
  expect(() => kubernetesOf(p)).not.toThrow();
});

describe('FAIR_SHARE_WEIGHT_INVALID', () => {
  test.each([-1, 1e-10, 1e-9, NaN, Infinity, 1e15])('Kueue team weight %p', (weight) => {
    const error = expectRefusal(trainingOn(fairSharingPlatform, { fairShareWeight: weight }), ErrorCode.FAIR_SHARE_WEIGHT_INVALID, 'aws-test/training');
    expect(error.allowed).toBe('0, or a number in (1e-9, 1e15)');
    expect(error.detail).toContain('Kueue');
  });

  test.each([0, 1.5, -1, 65536, 70000])('Volcano team weight %p', (weight) => {
    const error = expectRefusal(trainingOn(() => volcanoPlatform(), { fairShareWeight: weight }), ErrorCode.FAIR_SHARE_WEIGHT_INVALID, 'aws-test/training');
    expect(error.allowed).toBe('an integer in [1, 65535]');
    expect(error.receivedJson).toBe(String(weight));
  });

  test('department weights are checked the same way', () => {
    expectRefusal(() => new Department(awsPlatform(), 'research', { fairShareWeight: -0.5 }), ErrorCode.FAIR_SHARE_WEIGHT_INVALID, 'aws-test/research');
    expectRefusal(() => new Department(volcanoPlatform(), 'research', { fairShareWeight: 0 }), ErrorCode.FAIR_SHARE_WEIGHT_INVALID, 'aws-test/research');
    expectRefusal(() => new Department(volcanoPlatform(), 'research', { fairShareWeight: 2.5 }), ErrorCode.FAIR_SHARE_WEIGHT_INVALID, 'aws-test/research');
  });

  test('boundaries pass on Kueue: 0 (always last), just above 1e-9, fractions; rendered as quantities', () => {
    for (const [weight, rendered] of [[0, '0'], [2e-9, '2n'], [0.5, '500m'], [3, '3']] as const) {
      const p = fairSharingPlatform();
      new TeamNamespace(p, 'training', { fairShareWeight: weight, quotas: [{ pool: l4Pool(p), guaranteed: { [GPU]: '1' } }] });
      expect(clusterQueue(p, 'training').spec.fairSharing).toEqual({ weight: rendered });
    }
  });

  test('on Kueue, a weight without fair sharing would do nothing: refused for teams and departments', () => {
    const team = expectRefusal(() => new TeamNamespace(awsPlatform(), 'training', { fairShareWeight: 2 }), ErrorCode.FAIR_SHARE_WEIGHT_INVALID, 'aws-test/training');
    expect(team.fix).toContain('fairSharing: true');
    expectRefusal(() => new Department(awsPlatform(), 'research', { fairShareWeight: 2 }), ErrorCode.FAIR_SHARE_WEIGHT_INVALID, 'aws-test/research');
    const p = fairSharingPlatform();
    expect(new Department(p, 'research', { fairShareWeight: 2 }).fairShareWeight).toBe(2);
  });

  test('boundaries pass on Volcano: 1 and 65535', () => {
    for (const weight of [1, 65535]) {
      const p = volcanoPlatform();
      new TeamNamespace(p, 'training', { fairShareWeight: weight });
      new Department(p, 'research', { fairShareWeight: weight });
      const objects = kubernetesOf(p);
      expect(objectNamed(objects, 'Queue', 'training').spec.weight).toBe(weight);
      expect(objectNamed(objects, 'Queue', 'research').spec.weight).toBe(weight);
    }
  });
});

describe('PREEMPTION_INVALID', () => {
  test.each<[string, TeamNamespaceProps, string]>([
    ['a team that does not share but reclaims', { sharesCapacity: false, preemption: { reclaimWithinCohort: ReclaimPolicy.ANY } },
      'nobody to reclaim from or borrow from'],
    ['a team that does not share but preempts while borrowing', { sharesCapacity: false, preemption: { borrowWithinCohort: BorrowPreemptionPolicy.LOWER_PRIORITY } },
      'nobody to reclaim from or borrow from'],
    ['borrowWithinCohort without reclaimWithinCohort', {
      preemption: { reclaimWithinCohort: ReclaimPolicy.NEVER, borrowWithinCohort: BorrowPreemptionPolicy.LOWER_PRIORITY },
    }, 'needs reclaimWithinCohort other than NEVER'],
    ['borrowWithinCohortMaxTier without borrowWithinCohort', { preemption: { borrowWithinCohortMaxTier: 'batch' } },
      'only applies with borrowWithinCohort LOWER_PRIORITY'],
  ])('%s', (_title, props, detail) => {
    const error = expectRefusal(trainingOn(awsPlatform, props), ErrorCode.PREEMPTION_INVALID, 'aws-test/training');
    expect(error.detail).toContain(detail);
    expect(error.fix).toContain('TeamPreemption');
  });

  test('borrowWithinCohort with fair sharing, which ignores it', () => {
    const error = expectRefusal(trainingOn(fairSharingPlatform, { preemption: { borrowWithinCohort: BorrowPreemptionPolicy.LOWER_PRIORITY } }),
      ErrorCode.PREEMPTION_INVALID, 'aws-test/training');
    expect(error.detail).toContain('With fair sharing');
    expect(error.receivedJson).toBe('{"borrowWithinCohort":"LowerPriority"}');
  });

  test.each<[string, TeamNamespaceProps, string, string]>([
    ['reclaimWithinCohort', { preemption: { reclaimWithinCohort: 'Sometimes' as ReclaimPolicy } }, '"Sometimes"', 'Never, LowerPriority, Any'],
    ['borrowWithinCohort', { preemption: { borrowWithinCohort: 'Any' as BorrowPreemptionPolicy } }, '"Any"', 'Never, LowerPriority'],
    ['withinTeam', { preemption: { withinTeam: 'Any' as TeamPreemptionPolicy } }, '"Any"', 'Never, LowerPriority, LowerOrNewerEqualPriority'],
    ['queueing strategy', { queueingStrategy: 'LIFO' as QueueingStrategy }, '"LIFO"', 'BestEffortFIFO, StrictFIFO'],
  ])('an unknown %s value', (what, props, received, allowed) => {
    const error = expectRefusal(trainingOn(awsPlatform, props), ErrorCode.PREEMPTION_INVALID, 'aws-test/training');
    expect(error.detail).toBe(`Unknown ${what} policy.`);
    expect(error.receivedJson).toBe(received);
    expect(error.allowed).toBe(allowed);
  });

  test('boundaries pass: a team that does not share with reclaim NEVER; borrowing preemption with the default reclaim (Any)', () => {
    const p = awsPlatform();
    const l4 = l4Pool(p);
    new TeamNamespace(p, 'solo', { sharesCapacity: false, preemption: { reclaimWithinCohort: ReclaimPolicy.NEVER }, quotas: [{ pool: l4, guaranteed: { [GPU]: '1' } }] });
    new TeamNamespace(p, 'training', { preemption: { borrowWithinCohort: BorrowPreemptionPolicy.LOWER_PRIORITY }, quotas: [{ pool: l4, guaranteed: { [GPU]: '1' } }] });
    const objects = kubernetesOf(p);
    const solo = objectNamed(objects, 'ClusterQueue', 'solo').spec;
    expect(solo.cohortName).toBeUndefined();
    expect(solo.preemption.reclaimWithinCohort).toBe('Never');
    const training = objectNamed(objects, 'ClusterQueue', 'training').spec;
    expect(training.preemption).toMatchObject({ reclaimWithinCohort: 'Any', borrowWithinCohort: { policy: 'LowerPriority' } });
  });
});

describe('NAMESPACE_RESERVED', () => {
  test.each(['kube-system', 'default', 'kube-public', 'kube-node-lease'])('Kubernetes\' own namespace %s', (namespace) => {
    const error = expectRefusal(trainingOn(awsPlatform, { namespaces: ['ml-training', namespace] }), ErrorCode.NAMESPACE_RESERVED, 'aws-test/training');
    expect(error.receivedJson).toBe(JSON.stringify(namespace));
    expect(error.detail).toContain('belongs to Kubernetes');
    expect(error.allowed).toContain('kube-system');
  });

  test('a team named default gets the namespace default unless it lists its own', () => {
    expectRefusal(() => new TeamNamespace(awsPlatform(), 'default'), ErrorCode.NAMESPACE_RESERVED, 'aws-test/default');
    expect(() => new TeamNamespace(awsPlatform(), 'default', { namespaces: ['ml-default'] })).not.toThrow();
  });

  test.each<[string, () => MlPlatform, string]>([
    ['Kueue\'s namespace', awsPlatform, 'kueue-system'],
    ['a custom Kueue namespace', () => awsPlatform({ scheduler: Scheduler.kueue({ namespace: 'ml-kueue' }) }), 'ml-kueue'],
    ['Volcano\'s namespace', () => volcanoPlatform(), 'volcano-system'],
    ['the GPU operator\'s namespace on EKS', awsPlatform, 'gpu-operator'],
    ['a custom GPU operator namespace on EKS', () => awsPlatform({ gpuOperatorNamespace: 'nvidia' }), 'nvidia'],
  ])('%s', (_title, make, namespace) => {
    const error = expectRefusal(trainingOn(make, { namespaces: [namespace] }), ErrorCode.NAMESPACE_RESERVED, 'aws-test/training');
    expect(error.detail).toBe(`Namespace ${namespace} is one of the platform's own.`);
    expect(error.receivedJson).toBe(JSON.stringify(namespace));
  });

  test('namespaces of a component the platform does not run are free: gpu-operator on GKE, kueue-system on Volcano, volcano-system on Kueue', () => {
    expect(trainingOn(gcpPlatform, { namespaces: ['gpu-operator'] })).not.toThrow();
    expect(trainingOn(() => volcanoPlatform(), { namespaces: ['kueue-system'] })).not.toThrow();
    expect(trainingOn(awsPlatform, { namespaces: ['volcano-system'] })).not.toThrow();
  });
});

describe('QUOTA_POOL_INVALID', () => {
  test('a pool of another platform: received names it', () => {
    const p = awsPlatform();
    const other = awsPlatform({}, 'other');
    const foreign = h100Pool(other);
    const error = expectRefusal(() => new TeamNamespace(p, 'training', { quotas: [{ pool: foreign }] }), ErrorCode.QUOTA_POOL_INVALID, 'aws-test/training');
    expect(error.detail).toBe('quotas[0].pool is not a pool of this team\'s platform (or it is one of a spot fleet\'s own pools).');
    expect(error.receivedJson).toBe('"other/h100"');
  });

  test('a look-alike object, a construct that is not a pool, a missing pool; the index is named', () => {
    const p = awsPlatform();
    const l4 = l4Pool(p);
    const lookAlike = { poolName: 'fake', flavorName: 'fake', taints: [], capacityAtMaxSize: () => [] } as unknown as ICapacityPool;
    const a = expectRefusal(() => new TeamNamespace(p, 'a', { quotas: [{ pool: l4 }, { pool: lookAlike }] }), ErrorCode.QUOTA_POOL_INVALID, 'aws-test/a');
    expect(a.detail).toContain('quotas[1].pool');
    expect(a.receivedJson).toBe('"object"');
    const tiers = new PriorityTiers(p, 'tiers');
    const b = expectRefusal(() => new TeamNamespace(p, 'b', { quotas: [{ pool: tiers as unknown as ICapacityPool }] }), ErrorCode.QUOTA_POOL_INVALID, 'aws-test/b');
    expect(b.receivedJson).toBe('"aws-test/tiers"');
    expectRefusal(() => new TeamNamespace(p, 'c', { quotas: [{ pool: undefined as unknown as ICapacityPool }] }), ErrorCode.QUOTA_POOL_INVALID, 'aws-test/c');
  });
});

describe('QUOTA_INVALID', () => {
  test.each<[string, Record<string, string>, string]>([
    // A negative count is told so, not that it must be a whole number (which it is).
    ['a negative GPU count', { [GPU]: '-1' }, 'must be zero or more'],
    ['a fractional GPU count', { [GPU]: '1.5' }, 'whole number: devices are not divisible'],
    ['a milli-GPU', { [GPU]: '500m' }, 'whole number: devices are not divisible'],
    ['negative CPU', { cpu: '-1' }, 'zero or more'],
    ['negative memory', { memory: '-1Gi' }, 'zero or more'],
  ])('guaranteed: %s', (_title, guaranteed, detail) => {
    const error = expectRefusal(onH100({ guaranteed }), ErrorCode.QUOTA_INVALID, 'aws-test/training');
    expect(error.detail).toContain(detail);
    expect(error.detail).toContain('on h100');
    expect(error.receivedJson).toBe(JSON.stringify(Object.values(guaranteed)[0]));
  });

  test('borrowing and lending limits and MIG devices are checked the same way', () => {
    expect(expectRefusal(onH100({ borrowingLimit: { [GPU]: '-2' } }), ErrorCode.QUOTA_INVALID, 'aws-test/training').detail)
      .toContain('The borrowingLimit of nvidia.com/gpu on h100');
    expect(expectRefusal(onH100({ guaranteed: { [GPU]: '8' }, lendingLimit: { [GPU]: '0.5' } }), ErrorCode.QUOTA_INVALID, 'aws-test/training').detail)
      .toContain('The lendingLimit of nvidia.com/gpu on h100');
    const p = awsPlatform();
    const a100 = migPool(p);
    expectRefusal(() => new TeamNamespace(p, 'training', { quotas: [{ pool: a100, guaranteed: { [MIG_1G]: '2.5' } }] }), ErrorCode.QUOTA_INVALID, 'aws-test/training');
  });

  test('a negative storage quota', () => {
    const error = expectRefusal(trainingOn(awsPlatform, { storageQuota: '-1Gi' }), ErrorCode.QUOTA_INVALID, 'aws-test/training');
    expect(error.receivedJson).toBe('"-1Gi"');
  });

  test.each<[string, Record<string, number>, string]>([
    ['an unknown key', { foo: 1 }, 'foo is not an object count a ResourceQuota takes.'],
    ['a count/ key with upper case', { 'count/Jobs.batch': 1 }, 'count/Jobs.batch is not an object count a ResourceQuota takes.'],
    ['requests.cpu (not an object count)', { 'requests.cpu': 1 }, 'requests.cpu is not an object count a ResourceQuota takes.'],
    ['a negative count', { pods: -1 }, 'The count of pods must be a whole number, 0 or more.'],
    ['a fractional count', { 'count/jobs.batch': 2.5 }, 'The count of count/jobs.batch must be a whole number, 0 or more.'],
    ['NaN', { services: NaN }, 'The count of services must be a whole number, 0 or more.'],
  ])('objectCounts: %s', (_title, objectCounts, detail) => {
    const error = expectRefusal(trainingOn(awsPlatform, { objectCounts }), ErrorCode.QUOTA_INVALID, 'aws-test/training');
    expect(error.detail).toBe(detail);
    expect(error.allowed).toContain('count/<resource>.<group>');
  });

  test.each<[string, TeamNamespaceProps['containerDefaults'], string]>([
    ['zero CPU', { cpu: '0' }, 'The default cpu request must be positive.'],
    ['zero milli-CPU', { cpu: '0m' }, 'The default cpu request must be positive.'],
    ['negative memory', { memory: '-1Gi' }, 'The default memory request must be positive.'],
  ])('containerDefaults: %s', (_title, containerDefaults, detail) => {
    expect(expectRefusal(trainingOn(awsPlatform, { containerDefaults }), ErrorCode.QUOTA_INVALID, 'aws-test/training').detail).toBe(detail);
  });

  test('boundaries pass: zero guarantees, fractional CPU, zero counts, a zero storage quota; rendered in the ResourceQuota', () => {
    const p = awsPlatform();
    const training = new TeamNamespace(p, 'training', {
      quotas: [{ pool: h100Pool(p), guaranteed: { [GPU]: '0', cpu: '0.5' } }],
      objectCounts: { 'pods': 0, 'count/jobs.batch': 200 },
      storageQuota: '0',
      containerDefaults: { cpu: '1m', memory: '1Mi' },
    });
    kubernetesOf(p);
    const hard = training.namespaceObjects('training').resourceQuota.toJson().spec.hard;
    expect(hard).toMatchObject({ 'pods': '0', 'count/jobs.batch': '200', 'requests.storage': '0' });
    expect(training.guaranteedOn(training.pools[0])).toMatchObject({ [GPU]: '0', cpu: '500m' });
  });
});

describe('QUANTITY_INVALID: amounts that are not Kubernetes quantities', () => {
  test('a guaranteed amount: the message says which amount on which pool', () => {
    const error = expectRefusal(onH100({ guaranteed: { [GPU]: 'lots' } }), ErrorCode.QUANTITY_INVALID, 'aws-test/training');
    expect(error.detail).toContain('guaranteed of nvidia.com/gpu on h100');
    expect(error.receivedJson).toBe('"lots"');
  });

  test('a number instead of a string: the fix says how to write it', () => {
    const error = expectRefusal(onH100({ guaranteed: { [GPU]: 8 as unknown as string } }), ErrorCode.QUANTITY_INVALID, 'aws-test/training');
    expect(error.fix).toContain('Write "8"');
  });

  test('limits, storage quota, container defaults', () => {
    expect(expectRefusal(onH100({ borrowingLimit: { [GPU]: '1.2.3' } }), ErrorCode.QUANTITY_INVALID, 'aws-test/training').detail)
      .toContain('borrowingLimit of nvidia.com/gpu on h100');
    expect(expectRefusal(trainingOn(awsPlatform, { storageQuota: 'ten' }), ErrorCode.QUANTITY_INVALID, 'aws-test/training').detail).toContain('storage quota');
    expect(expectRefusal(trainingOn(awsPlatform, { containerDefaults: { memory: '1 GiB' } }), ErrorCode.QUANTITY_INVALID, 'aws-test/training').detail)
      .toContain('default memory request');
  });

  test('an external pool\'s resources', () => {
    const error = expectRefusal(() => cpuPool(awsPlatform(), { resources: { cpu: 'many' } }), ErrorCode.QUANTITY_INVALID, 'aws-test/cpu');
    expect(error.detail).toContain('amount of cpu');
  });
});

describe('QUOTA_RESOURCE_NOT_PROVIDED', () => {
  test('nvidia.com/gpu on a MIG pool under the mixed strategy: allowed lists what the pool advertises', () => {
    const p = awsPlatform();
    const a100 = migPool(p);
    const error = expectRefusal(() => new TeamNamespace(p, 'training', { quotas: [{ pool: a100, guaranteed: { [GPU]: '1' } }] }),
      ErrorCode.QUOTA_RESOURCE_NOT_PROVIDED, 'aws-test/training');
    expect(error.receivedJson).toBe('"nvidia.com/gpu"');
    expect(error.allowed).toBe('cpu, memory, nvidia.com/mig-1g.5gb');
    expect(error.detail).toContain('Pool a100 does not provide nvidia.com/gpu');
    expect(error.fix).toContain('mixed strategy');
  });

  test('a MIG profile that is not in the pool\'s layout', () => {
    const p = awsPlatform();
    const a100 = migPool(p);
    const error = expectRefusal(() => new TeamNamespace(p, 'training', { quotas: [{ pool: a100, guaranteed: { 'nvidia.com/mig-2g.10gb': '1' } }] }),
      ErrorCode.QUOTA_RESOURCE_NOT_PROVIDED, 'aws-test/training');
    expect(error.receivedJson).toBe('"nvidia.com/mig-2g.10gb"');
  });

  test('a MIG resource on a whole-GPU pool; a GPU on a CPU pool (in a borrowing limit); a MIG resource on GKE, which advertises nvidia.com/gpu', () => {
    expectRefusal(onH100({ guaranteed: { [MIG_1G]: '1' } }), ErrorCode.QUOTA_RESOURCE_NOT_PROVIDED, 'aws-test/training');
    const p = awsPlatform();
    const cpu = cpuPool(p);
    const error = expectRefusal(() => new TeamNamespace(p, 'training', { quotas: [{ pool: cpu, borrowingLimit: { [GPU]: '1' } }] }),
      ErrorCode.QUOTA_RESOURCE_NOT_PROVIDED, 'aws-test/training');
    expect(error.detail).toContain('a borrowingLimit of it');
    expect(error.allowed).toBe('cpu, memory');
    const g = gcpPlatform();
    const gkeA100 = migPool(g);
    expectRefusal(() => new TeamNamespace(g, 'training', { quotas: [{ pool: gkeA100, guaranteed: { [MIG_1G]: '1' } }] }),
      ErrorCode.QUOTA_RESOURCE_NOT_PROVIDED, 'gcp-test/training');
  });

  test('the resources the pools advertise pass, up to all of them', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'training', { quotas: [{ pool: migPool(p), guaranteed: { [MIG_1G]: '112' } }] });
    expect(cqResource(clusterQueue(p, 'training'), 'a100', MIG_1G).nominalQuota).toBe('112');
    const g = gcpPlatform();
    expect(() => new TeamNamespace(g, 'training', { quotas: [{ pool: migPool(g), guaranteed: { [GPU]: '112' } }] })).not.toThrow();
  });
});

describe('QUOTA_EXCEEDS_CAPACITY: checked at synth, once every team is declared', () => {
  /** Teams a and b guaranteed `a` and `b` GPUs on the 16-GPU H100 pool. */
  function twoTeamsOnH100(a: string, b: string, make: () => MlPlatform = awsPlatform): MlPlatform {
    const p = make();
    const pool = h100Pool(p);
    new TeamNamespace(p, 'a', { quotas: [{ pool, guaranteed: { [GPU]: a } }] });
    new TeamNamespace(p, 'b', { quotas: [{ pool, guaranteed: { [GPU]: b } }] });
    return p;
  }

  test('8 + 9 GPUs on a 16-GPU pool: declared fine, refused by validatePlatform, kubernetesOf and the cloud layer\'s synth, on the pool', () => {
    const p = twoTeamsOnH100('8', '9');
    expectRefusal(() => p.validatePlatform(), ErrorCode.QUOTA_EXCEEDS_CAPACITY, 'aws-test/h100');
    expectRefusal(() => kubernetesOf(p), ErrorCode.QUOTA_EXCEEDS_CAPACITY, 'aws-test/h100');
    expectRefusal(() => terraformOf(p), ErrorCode.QUOTA_EXCEEDS_CAPACITY, 'aws-test/h100');
    expect(validationErrorOf(() => kubernetesOf(p)).fix).toContain('raise the pool\'s maxNodes');
  });

  test('the error names the resource the teams over-committed (GPUs) and shows each team\'s guarantee of it', () => {
    const error = expectRefusal(() => kubernetesOf(twoTeamsOnH100('8', '9')), ErrorCode.QUOTA_EXCEEDS_CAPACITY, 'aws-test/h100');
    expect(error.detail).toContain('guaranteed 17 nvidia.com/gpu on pool h100, which provides 16 at its maximum size');
    expect(error.receivedJson).toBe('{"a":"8","b":"9"}');
    expect(error.allowed).toBe('at most 16 in total');
  });

  test('8 + 8 GPUs on a 16-GPU pool synthesize (the sum may equal the capacity)', () => {
    const p = twoTeamsOnH100('8', '8');
    const objects = kubernetesOf(p);
    for (const team of ['a', 'b']) {
      expect(cqResource(objectNamed(objects, 'ClusterQueue', team), 'h100', GPU).nominalQuota).toBe('8');
    }
    expect(() => terraformOf(p)).not.toThrow();
  });

  test('on Volcano too', () => {
    expectRefusal(() => kubernetesOf(twoTeamsOnH100('16', '1', () => volcanoPlatform())), ErrorCode.QUOTA_EXCEEDS_CAPACITY, 'aws-test/h100');
    expect(() => kubernetesOf(twoTeamsOnH100('16', '0', () => volcanoPlatform()))).not.toThrow();
  });

  test('CPU that comes with GPUs counts: 2 L4 (8 CPUs) + 1 CPU on an 8-CPU pool', () => {
    const p = awsPlatform();
    const l4 = l4Pool(p);
    new TeamNamespace(p, 'a', { quotas: [{ pool: l4, guaranteed: { [GPU]: '2' } }] });
    new TeamNamespace(p, 'b', { quotas: [{ pool: l4, guaranteed: { cpu: '1' } }] });
    const error = expectRefusal(() => kubernetesOf(p), ErrorCode.QUOTA_EXCEEDS_CAPACITY, 'aws-test/l4');
    expect(error.detail).toContain('guaranteed 9 cpu on pool l4, which provides 8');
    expect(error.receivedJson).toBe('{"a":"8","b":"1"}');
  });

  test('MIG devices: 112 + 1 on a pool of 112', () => {
    const p = awsPlatform();
    const a100 = migPool(p);
    new TeamNamespace(p, 'a', { quotas: [{ pool: a100, guaranteed: { [MIG_1G]: '112' } }] });
    new TeamNamespace(p, 'b', { quotas: [{ pool: a100, guaranteed: { [MIG_1G]: '1' } }] });
    expectRefusal(() => kubernetesOf(p), ErrorCode.QUOTA_EXCEEDS_CAPACITY, 'aws-test/a100');
  });

  test('an external pool: CPU over, then exactly at its declared resources (mixed units add up)', () => {
    const over = awsPlatform();
    const pool = cpuPool(over);
    new TeamNamespace(over, 'a', { quotas: [{ pool, guaranteed: { cpu: '200' } }] });
    new TeamNamespace(over, 'b', { quotas: [{ pool, guaranteed: { cpu: '57000m' } }] });
    const error = expectRefusal(() => kubernetesOf(over), ErrorCode.QUOTA_EXCEEDS_CAPACITY, 'aws-test/cpu');
    expect(error.detail).toContain('guaranteed 257 cpu on pool cpu, which provides 256');

    const exact = awsPlatform();
    const pool2 = cpuPool(exact);
    new TeamNamespace(exact, 'a', { quotas: [{ pool: pool2, guaranteed: { cpu: '200', memory: '512Gi' } }] });
    new TeamNamespace(exact, 'b', { quotas: [{ pool: pool2, guaranteed: { cpu: '56', memory: '0.5Ti' } }] });
    expect(() => kubernetesOf(exact)).not.toThrow();
  });
});

describe('QUOTA_LENDING_EXCEEDS_NOMINAL', () => {
  test('lending 9 of 8 guaranteed GPUs: received shows both', () => {
    const error = expectRefusal(onH100({ guaranteed: { [GPU]: '8' }, lendingLimit: { [GPU]: '9' } }), ErrorCode.QUOTA_LENDING_EXCEEDS_NOMINAL, 'aws-test/training');
    expect(error.detail).toBe('The team cannot lend more nvidia.com/gpu on h100 than it is guaranteed.');
    expect(error.receivedJson).toBe('{"guaranteed":"8","lendingLimit":"9"}');
    expect(error.fix).toContain('at most 8');
  });

  test('lending what is not guaranteed at all (guaranteed 0); lending more CPU than comes with the GPUs; on Volcano too', () => {
    const none = expectRefusal(onH100({ lendingLimit: { [GPU]: '1' } }), ErrorCode.QUOTA_LENDING_EXCEEDS_NOMINAL, 'aws-test/training');
    expect(none.receivedJson).toBe('{"guaranteed":"0","lendingLimit":"1"}');
    const p = awsPlatform();
    const l4 = l4Pool(p);
    const cpu = expectRefusal(() => new TeamNamespace(p, 'training', { quotas: [{ pool: l4, guaranteed: { [GPU]: '1' }, lendingLimit: { cpu: '5' } }] }),
      ErrorCode.QUOTA_LENDING_EXCEEDS_NOMINAL, 'aws-test/training');
    expect(cpu.receivedJson).toBe('{"guaranteed":"4","lendingLimit":"5"}');
    expectRefusal(onH100({ guaranteed: { [GPU]: '8' }, lendingLimit: { [GPU]: '9' } }, {}, () => volcanoPlatform()),
      ErrorCode.QUOTA_LENDING_EXCEEDS_NOMINAL, 'aws-test/training');
  });

  test('lending all of the guarantee passes and is rendered (Kueue lendingLimit; Volcano guarantee = guaranteed - lent)', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'training', { quotas: [{ pool: h100Pool(p), guaranteed: { [GPU]: '8' }, lendingLimit: { [GPU]: '8' } }] });
    expect(cqResource(clusterQueue(p, 'training'), 'h100', GPU)).toEqual({ name: GPU, nominalQuota: '8', lendingLimit: '8' });
    const v = volcanoPlatform();
    new TeamNamespace(v, 'training', { quotas: [{ pool: h100Pool(v), guaranteed: { [GPU]: '8' }, lendingLimit: { [GPU]: '6' } }] });
    const queue = objectNamed(kubernetesOf(v), 'Queue', 'training').spec;
    expect(queue.deserved[GPU]).toBe('8');
    expect(queue.guarantee.resource[GPU]).toBe('2');
  });

  test('lending all GPUs of a guarantee whose CPU is set explicitly: the CPU derived from the lent GPUs does not exceed the CPU guaranteed', () => {
    // The user lends 8 of 8 GPUs and guarantees 10 CPUs. Nothing they wrote lends more than it guarantees.
    const p = awsPlatform();
    new TeamNamespace(p, 'training', { quotas: [{ pool: h100Pool(p), guaranteed: { [GPU]: '8', cpu: '10' }, lendingLimit: { [GPU]: '8' } }] });
    const cq = clusterQueue(p, 'training');
    for (const resource of cq.spec.resourceGroups[0].coveredResources as string[]) {
      const r = cqResource(cq, 'h100', resource);
      if (r.lendingLimit !== undefined) expect(Quantity.parse(r.lendingLimit).compare(Quantity.parse(r.nominalQuota))).toBeLessThanOrEqual(0);
    }
  });
});

describe('QUOTA_LIMIT_WITHOUT_COHORT', () => {
  test.each<[string, { borrowingLimit?: Record<string, string>; lendingLimit?: Record<string, string> }]>([
    ['a borrowing limit', { borrowingLimit: { [GPU]: '4' } }],
    ['a lending limit', { lendingLimit: { [GPU]: '4' } }],
  ])('a team that does not share, with %s', (_title, limits) => {
    const error = expectRefusal(onH100({ guaranteed: { [GPU]: '8' }, ...limits }, { sharesCapacity: false }), ErrorCode.QUOTA_LIMIT_WITHOUT_COHORT, 'aws-test/training');
    // Scheduler-neutral: the same message on Volcano platforms (it used to say "Kueue rejects them").
    expect(error.detail).toContain('limits on h100 would mean nothing');
    expect(error.detail).not.toContain('Kueue');
    expect(error.receivedJson).toContain('"4"');
    expectRefusal(onH100({ guaranteed: { [GPU]: '8' }, ...limits }, { sharesCapacity: false }, () => volcanoPlatform()),
      ErrorCode.QUOTA_LIMIT_WITHOUT_COHORT, 'aws-test/training');
  });

  test('a team in a department that does not share', () => {
    const p = awsPlatform();
    const research = new Department(p, 'research');
    const error = expectRefusal(() => new TeamNamespace(p, 'training', { department: research, sharesCapacity: false }),
      ErrorCode.QUOTA_LIMIT_WITHOUT_COHORT, 'aws-test/training');
    expect(error.receivedJson).toBe('{"department":"research","sharesCapacity":false}');
    expect(error.detail).toContain('cannot be in a department');
  });

  test('boundary: a team that does not share, with empty limit maps, gets a ClusterQueue outside the cohort', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'training', { sharesCapacity: false, quotas: [{ pool: h100Pool(p), guaranteed: { [GPU]: '8' }, borrowingLimit: {}, lendingLimit: {} }] });
    const cq = clusterQueue(p, 'training');
    expect(cq.spec.cohortName).toBeUndefined();
    expect(cqResource(cq, 'h100', GPU)).toEqual({ name: GPU, nominalQuota: '8' });
  });
});

describe('QUEUE_LIMIT_EXCEEDED: Kueue\'s limits for one resource group', () => {
  /** `pools` external pools, each providing `resources` resources. */
  function teamOnPools(pools: number, resources: number): () => TeamNamespace {
    return () => {
      const p = awsPlatform();
      const names = resources === 1 ? ['cpu'] : Array.from({ length: resources }, (_, i) => `example.com/r${i}`);
      const list = Array.from({ length: pools }, (_, i) => new ExternalNodePool(p, `pool-${i}`, {
        nodeLabels: { 'eks.amazonaws.com/nodegroup': `group-${i}` },
        resources: Object.fromEntries(names.map((n) => [n, '1'])),
      }));
      return new TeamNamespace(p, 'training', { quotas: list.map((pool) => ({ pool })) });
    };
  }

  test.each<[string, number, number, string]>([
    ['65 pools', 65, 1, '{"coveredResources":1,"flavorResourcePairs":65,"flavors":65}'],
    ['65 resources', 1, 65, '{"coveredResources":65,"flavorResourcePairs":65,"flavors":1}'],
    ['513 pool-resource pairs', 9, 57, '{"coveredResources":57,"flavorResourcePairs":513,"flavors":9}'],
  ])('%s', (_title, pools, resources, received) => {
    const error = expectRefusal(teamOnPools(pools, resources), ErrorCode.QUEUE_LIMIT_EXCEEDED, 'aws-test/training');
    expect(error.receivedJson).toBe(received);
    expect(error.allowed).toBe('at most 64 resources, 64 pools and 512 pool-resource pairs');
  });

  test('boundaries pass: 64 pools; 64 resources; 8 pools x 64 resources = 512 pairs', () => {
    expect(teamOnPools(64, 1)).not.toThrow();
    expect(teamOnPools(1, 64)).not.toThrow();
    expect(teamOnPools(8, 64)).not.toThrow();
  });
});

describe('EXTERNAL_POOL_INVALID', () => {
  const nineLabels = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`example.com/l${i}`, 'x']));

  test.each<[string, Partial<ExternalNodePoolProps>, string]>([
    ['no node labels', { nodeLabels: {} }, 'GPU nodes included'],
    ['9 node labels', { nodeLabels: nineLabels }, 'at most 8 node labels'],
    ['no resources', { resources: {} }, 'must say what its nodes provide'],
    ['zero CPU', { resources: { cpu: '0' } }, 'positive amount of cpu'],
    ['negative memory', { resources: { cpu: '1', memory: '-1Gi' } }, 'positive amount of memory'],
    ['a resource name with spaces', { resources: { 'fast cpu': '1' } }, 'fast cpu is not a Kubernetes resource name'],
    ['a resource name with an empty name part', { resources: { 'example.com/': '1' } }, 'is not a Kubernetes resource name'],
  ])('%s', (_title, props, detail) => {
    const error = expectRefusal(() => cpuPool(awsPlatform(), props), ErrorCode.EXTERNAL_POOL_INVALID, 'aws-test/cpu');
    expect(error.detail).toContain(detail);
  });

  test('received shows the bad value; allowed the label range', () => {
    const labels = expectRefusal(() => cpuPool(awsPlatform(), { nodeLabels: {} }), ErrorCode.EXTERNAL_POOL_INVALID, 'aws-test/cpu');
    expect(labels.allowed).toBe('at least 1 label (Kueue flavors take at most 8)');
    const zero = expectRefusal(() => cpuPool(awsPlatform(), { resources: { cpu: '0' } }), ErrorCode.EXTERNAL_POOL_INVALID, 'aws-test/cpu');
    expect(zero.receivedJson).toBe('"0"');
  });

  test('boundary: 8 node labels and an extended resource pass; the flavor selects the labels', () => {
    const p = awsPlatform();
    const eight = Object.fromEntries(Object.entries(nineLabels).slice(0, 8));
    const pool = cpuPool(p, { nodeLabels: eight, resources: { 'cpu': '8', 'example.com/fpga': '2' } });
    expect(pool.resourceFlavor!.toJson().spec.nodeLabels).toEqual(eight);
    expect(pool.capacityAtMaxSize().map((c) => c.resourceName)).toEqual(['cpu', 'example.com/fpga']);
  });

  test('nodes may be selected by well-known Kubernetes labels (the flavor only selects; it sets nothing on the nodes)', () => {
    const pool = cpuPool(awsPlatform(), { nodeLabels: { 'node.kubernetes.io/instance-type': 'm7i.8xlarge' } });
    expect(pool.resourceFlavor!.toJson().spec.nodeLabels).toEqual({ 'node.kubernetes.io/instance-type': 'm7i.8xlarge' });
  });

  test('node labels and taints are checked for syntax', () => {
    expectRefusal(() => cpuPool(awsPlatform(), { nodeLabels: { 'bad key!': 'x' } }), ErrorCode.LABEL_INVALID, 'aws-test/cpu');
    expectRefusal(() => cpuPool(awsPlatform(), { taints: [{ key: 'bad key!', effect: TaintEffect.NO_SCHEDULE }] }), ErrorCode.TAINT_INVALID, 'aws-test/cpu');
  });
});

describe('FLAVOR_TOLERATION_LIMIT on ExternalNodePool', () => {
  const taints = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `example.com/t${i}`, value: 'x', effect: TaintEffect.NO_SCHEDULE }));

  test('9 taints: one toleration each would exceed the flavor\'s 8', () => {
    const error = expectRefusal(() => cpuPool(awsPlatform(), { taints: taints(9) }), ErrorCode.FLAVOR_TOLERATION_LIMIT, 'aws-test/cpu');
    expect(JSON.parse(error.receivedJson!)).toHaveLength(9);
  });

  test('8 taints pass, each tolerated by the flavor', () => {
    const pool = cpuPool(awsPlatform(), { taints: taints(8) });
    expect(pool.resourceFlavor!.toJson().spec.tolerations).toHaveLength(8);
  });
});

describe('FLAVOR_* checks of external pools at synth (escape-hatch edits)', () => {
  test('a patch that drops the flavor\'s tolerations: FLAVOR_TAINT_NOT_TOLERATED', () => {
    const p = awsPlatform();
    const pool = cpuPool(p, { taints: [{ key: 'example.com/dedicated', value: 'etl', effect: TaintEffect.NO_SCHEDULE }] });
    expect(() => kubernetesOf(p)).not.toThrow();
    pool.resourceFlavor!.addJsonPatch(JsonPatch.remove('/spec/tolerations'));
    expect(validationErrorOf(() => kubernetesOf(p)).code).toBe(ErrorCode.FLAVOR_TAINT_NOT_TOLERATED);
  });

  test('a patch that selects a label the nodes do not carry: FLAVOR_LABEL_MISSING', () => {
    const p = awsPlatform();
    const pool = cpuPool(p);
    pool.resourceFlavor!.addJsonPatch(JsonPatch.add('/spec/nodeLabels/example.com~1zone', 'a'));
    const error = validationErrorOf(() => kubernetesOf(p));
    expect(error.code).toBe(ErrorCode.FLAVOR_LABEL_MISSING);
    expect(error.allowed).toBe('eks.amazonaws.com/nodegroup=general');
  });
});

describe('TIER_UNKNOWN: checked at synth, so tiers may be declared after the teams', () => {
  test('team tiers on a platform without PriorityTiers', () => {
    const p = awsPlatform();
    expect(() => new TeamNamespace(p, 'training', { tiers: ['training'] })).not.toThrow();
    const error = expectRefusal(() => kubernetesOf(p), ErrorCode.TIER_UNKNOWN, 'aws-test/training');
    expect(error.detail).toContain('declares no tiers');
    expect(error.receivedJson).toBe('"training"');
    expectRefusal(() => p.validatePlatform(), ErrorCode.TIER_UNKNOWN, 'aws-test/training');
  });

  test('a tier the platform does not declare: allowed lists the declared ones', () => {
    const p = awsPlatform();
    new PriorityTiers(p, 'tiers');
    new TeamNamespace(p, 'training', { tiers: ['training', 'urgent'] });
    const error = expectRefusal(() => kubernetesOf(p), ErrorCode.TIER_UNKNOWN, 'aws-test/training');
    expect(error.receivedJson).toBe('"urgent"');
    expect(error.allowed).toBe('production-critical, training, interactive, batch');
  });

  test('borrowWithinCohortMaxTier naming an unknown tier, with and without PriorityTiers', () => {
    const preemption = { borrowWithinCohort: BorrowPreemptionPolicy.LOWER_PRIORITY, borrowWithinCohortMaxTier: 'urgent' };
    const withTiers = awsPlatform();
    new PriorityTiers(withTiers, 'tiers');
    new TeamNamespace(withTiers, 'training', { preemption, quotas: [{ pool: l4Pool(withTiers), guaranteed: { [GPU]: '1' } }] });
    expect(expectRefusal(() => kubernetesOf(withTiers), ErrorCode.TIER_UNKNOWN, 'aws-test/training').receivedJson).toBe('"urgent"');
    const without = awsPlatform();
    new TeamNamespace(without, 'training', { preemption });
    expectRefusal(() => without.validatePlatform(), ErrorCode.TIER_UNKNOWN, 'aws-test/training');
  });

  test('tiers declared after the team pass; the max tier becomes the threshold', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'training', {
      tiers: ['training', 'batch'],
      preemption: { borrowWithinCohort: BorrowPreemptionPolicy.LOWER_PRIORITY, borrowWithinCohortMaxTier: 'batch' },
      quotas: [{ pool: l4Pool(p), guaranteed: { [GPU]: '1' } }],
    });
    const tiers = new PriorityTiers(p, 'tiers');
    expect(clusterQueue(p, 'training').spec.preemption.borrowWithinCohort).toEqual({ policy: 'LowerPriority', maxPriorityThreshold: tiers.tier('batch').value });
  });
});

describe('DUPLICATE_NAME', () => {
  test('the same team name twice (different construct ids): names the first team', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'a', { name: 'training' });
    const error = expectRefusal(() => new TeamNamespace(p, 'b', { name: 'training', namespaces: ['other'] }), ErrorCode.DUPLICATE_NAME, 'aws-test/b');
    expect(error.detail).toBe('Team name "training" is already used by aws-test/a.');
  });

  test('the same namespace in two teams: names the owner', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'research', { namespaces: ['shared', 'research'] });
    const error = expectRefusal(() => new TeamNamespace(p, 'training', { namespaces: ['training', 'shared'] }), ErrorCode.DUPLICATE_NAME, 'aws-test/training');
    expect(error.detail).toBe('Namespace shared already belongs to team research.');
    expect(error.receivedJson).toBe('"shared"');
  });

  test('a namespace listed twice in one team', () => {
    const error = expectRefusal(trainingOn(awsPlatform, { namespaces: ['ml', 'ml'] }), ErrorCode.DUPLICATE_NAME, 'aws-test/training');
    expect(error.detail).toBe('Namespace ml is listed twice.');
  });

  test('the same pool twice in a team\'s quotas', () => {
    const p = awsPlatform();
    const h100 = h100Pool(p);
    const error = expectRefusal(() => new TeamNamespace(p, 'training', { quotas: [{ pool: h100, guaranteed: { [GPU]: '1' } }, { pool: h100 }] }),
      ErrorCode.DUPLICATE_NAME, 'aws-test/training');
    expect(error.detail).toBe('Pool h100 appears twice in the team\'s quotas.');
  });

  test('a department name twice', () => {
    const p = awsPlatform();
    new Department(p, 'a', { name: 'research' });
    const error = expectRefusal(() => new Department(p, 'b', { name: 'research' }), ErrorCode.DUPLICATE_NAME, 'aws-test/b');
    expect(error.detail).toBe('Department name "research" is already used by aws-test/a.');
  });

  test('a team or department named like the platform cohort (the platform name, or cohortName)', () => {
    const error = expectRefusal(() => new TeamNamespace(awsPlatform(), 'aws-test'), ErrorCode.DUPLICATE_NAME, 'aws-test/aws-test');
    expect(error.detail).toBe('The name aws-test is already taken by the platform\'s cohort.');
    const custom = () => awsPlatform({ scheduler: Scheduler.kueue({ cohortName: 'ml' }) });
    expectRefusal(() => new TeamNamespace(custom(), 'ml'), ErrorCode.DUPLICATE_NAME, 'aws-test/ml');
    expectRefusal(() => new Department(custom(), 'ml'), ErrorCode.DUPLICATE_NAME, 'aws-test/ml');
    // With a custom cohort name, the platform name is free.
    expect(() => new TeamNamespace(custom(), 'aws-test')).not.toThrow();
  });

  test('a team named like a department, and a department named like a team', () => {
    const p = awsPlatform();
    new Department(p, 'research');
    const team = expectRefusal(() => new TeamNamespace(p, 'team', { name: 'research' }), ErrorCode.DUPLICATE_NAME, 'aws-test/team');
    expect(team.detail).toBe('The name research is already taken by department research.');
    const q = awsPlatform();
    new TeamNamespace(q, 'training');
    const department = expectRefusal(() => new Department(q, 'dept', { name: 'training' }), ErrorCode.DUPLICATE_NAME, 'aws-test/dept');
    expect(department.detail).toBe('The name training is already taken by team training.');
  });

  test.each(['default', 'root'])('a Volcano team or department named %s (Volcano\'s built-in queues)', (name) => {
    const error = expectRefusal(() => new TeamNamespace(volcanoPlatform(), 'team', { name, namespaces: ['ml'] }), ErrorCode.DUPLICATE_NAME, 'aws-test/team');
    expect(error.detail).toBe(`The name ${name} is already taken by Volcano's built-in queue.`);
    expectRefusal(() => new Department(volcanoPlatform(), 'dept', { name }), ErrorCode.DUPLICATE_NAME, 'aws-test/dept');
    // Kueue has no such queues.
    expect(() => new TeamNamespace(awsPlatform(), 'team', { name, namespaces: ['ml'] })).not.toThrow();
  });

  test('construct ids and pool names are unique across pools, teams and departments', () => {
    const p = awsPlatform();
    h100Pool(p);
    expectRefusal(() => new TeamNamespace(p, 'h100'), ErrorCode.DUPLICATE_NAME, 'aws-test');
    expectRefusal(() => new Department(p, 'h100'), ErrorCode.DUPLICATE_NAME, 'aws-test');
    const error = expectRefusal(() => cpuPool(p, { name: 'h100' }), ErrorCode.DUPLICATE_NAME, 'aws-test/cpu');
    expect(error.detail).toBe('Pool name "h100" is already used by aws-test/h100.');
  });
});

describe('LABEL_RESERVED: namespace labels the platform sets', () => {
  test.each([
    'pod-security.kubernetes.io/enforce',
    'pod-security.kubernetes.io/warn',
    'kubernetes.io/metadata.name',
    'ml-platform-cdk.io/team',
    'app.kubernetes.io/managed-by',
  ])('%s', (key) => {
    const error = expectRefusal(trainingOn(awsPlatform, { labels: { [key]: 'privileged' } }), ErrorCode.LABEL_RESERVED, 'aws-test/training');
    expect(error.receivedJson).toBe(JSON.stringify({ [key]: 'privileged' }));
    expect(error.detail).toBe(`The namespace label ${key} is set by the platform.`);
    expect(error.fix).toContain('podSecurity');
  });

  test('labels of the Kubernetes recommended set that the platform does not set (app.kubernetes.io/part-of) pass on a namespace', () => {
    const p = awsPlatform();
    const team = new TeamNamespace(p, 'training', { labels: { 'app.kubernetes.io/part-of': 'ml-platform' } });
    expect(team.namespaceObjects('training').namespace.toJson().metadata.labels['app.kubernetes.io/part-of']).toBe('ml-platform');
  });

  test('own labels pass and reach the namespace; a malformed one is LABEL_INVALID', () => {
    const p = awsPlatform();
    const team = new TeamNamespace(p, 'training', { labels: { 'example.com/cost-center': 'ml-42' } });
    expect(team.namespaceObjects('training').namespace.toJson().metadata.labels['example.com/cost-center']).toBe('ml-42');
    expectRefusal(trainingOn(awsPlatform, { labels: { 'example.com/cost-center': 'not ok!' } }), ErrorCode.LABEL_INVALID, 'aws-test/training');
  });
});

describe('INVALID_NAME', () => {
  test('an empty namespace list', () => {
    const error = expectRefusal(trainingOn(awsPlatform, { namespaces: [] }), ErrorCode.INVALID_NAME, 'aws-test/training');
    expect(error.detail).toBe('A team needs at least one namespace.');
  });

  test.each<[string, TeamNamespaceProps, string]>([
    ['an empty admin group', { adminGroups: [''] }, 'adminGroups'],
    ['a blank admin group', { adminGroups: ['ml-admins', '   '] }, 'adminGroups'],
    ['system:masters', { adminGroups: ['system:masters'] }, 'adminGroups'],
    ['system:authenticated as members', { memberGroups: ['system:authenticated'] }, 'memberGroups'],
    ['a group that is not a string', { memberGroups: [42 as unknown as string] }, 'memberGroups'],
  ])('%s', (_title, props, what) => {
    const error = expectRefusal(trainingOn(awsPlatform, props), ErrorCode.INVALID_NAME, 'aws-test/training');
    expect(error.detail).toBe(`${what} must be non-empty group names, not Kubernetes system groups.`);
  });

  test('groups pass when they are the identity provider\'s', () => {
    const p = awsPlatform();
    const team = new TeamNamespace(p, 'training', { adminGroups: ['ml-admins'], memberGroups: ['ml-users', 'ml-users'] });
    const bindings = kubernetesOf(p).filter((o) => o.kind === 'RoleBinding' && o.metadata.namespace === 'training');
    expect(bindings.flatMap((b) => b.subjects.map((s: any) => s.name)).sort()).toEqual(['ml-admins', 'ml-users']);
    expect(team.namespaces).toEqual(['training']);
  });

  test('an unknown Pod Security level', () => {
    const error = expectRefusal(trainingOn(awsPlatform, { podSecurity: 'strict' as PodSecurityLevel }), ErrorCode.INVALID_NAME, 'aws-test/training');
    expect(error.receivedJson).toBe('"strict"');
    expect(error.allowed).toBe('privileged, baseline, restricted');
  });

  test('namespaceObjects of a namespace the team does not have: allowed lists its namespaces', () => {
    const team = new TeamNamespace(awsPlatform(), 'training', { namespaces: ['ml-a', 'ml-b'] });
    const error = expectRefusal(() => team.namespaceObjects('nope'), ErrorCode.INVALID_NAME, 'aws-test/training');
    expect(error.allowed).toBe('ml-a, ml-b');
    expect(team.namespaceObjects('ml-b').namespace.toJson().metadata.name).toBe('ml-b');
  });

  test.each<[string, () => unknown, string]>([
    ['a team name', () => new TeamNamespace(awsPlatform(), 'Training'), 'aws-test/Training'],
    ['a namespace', trainingOn(awsPlatform, { namespaces: ['ml_training'] }), 'aws-test/training'],
    ['a LocalQueue name', trainingOn(awsPlatform, { localQueueName: 'Jobs' }), 'aws-test/training'],
    ['an allowIngressFrom namespace', trainingOn(awsPlatform, { allowIngressFrom: ['Ingress NGINX'] }), 'aws-test/training'],
    ['a department name', () => new Department(awsPlatform(), 'research', { name: 'R&D' }), 'aws-test/research'],
    ['an external pool name', () => cpuPool(awsPlatform(), { name: 'CPU' }), 'aws-test/cpu'],
    ['the scheduler namespace', () => awsPlatform({ scheduler: Scheduler.kueue({ namespace: 'Kueue' }) }), 'aws-test'],
    ['the cohort name', () => awsPlatform({ scheduler: Scheduler.kueue({ cohortName: 'my_cohort' }) }), 'aws-test'],
    ['the Volcano ConfigMap name', () => awsPlatform({ scheduler: Scheduler.volcano({ configMapName: 'Volcano' }) }), 'aws-test'],
  ])('DNS-1123: %s', (_title, declare, path) => {
    expectRefusal(declare, ErrorCode.INVALID_NAME, path);
  });

  test('a Volcano ConfigMap name longer than 63 characters is a valid ConfigMap name (DNS-1123 subdomain, up to 253)', () => {
    const release = 'ml-platform-volcano-scheduler-release-for-the-research-cluster';
    expect(() => awsPlatform({ scheduler: Scheduler.volcano({ configMapName: `${release}-scheduler-configmap` }) })).not.toThrow();
  });
});

describe('SCOPE_INVALID', () => {
  test('a department of another platform: received names it', () => {
    const other = awsPlatform({}, 'other');
    const research = new Department(other, 'research');
    const error = expectRefusal(trainingOn(awsPlatform, { department: research }), ErrorCode.SCOPE_INVALID, 'aws-test/training');
    expect(error.receivedJson).toBe('"other/research"');
    expect(error.fix).toContain('new Department(platform, id)');
  });

  test('an object that is not a Department', () => {
    const fake = { departmentName: 'research' } as unknown as Department;
    const error = expectRefusal(trainingOn(awsPlatform, { department: fake }), ErrorCode.SCOPE_INVALID, 'aws-test/training');
    expect(error.receivedJson).toBe('"object"');
  });

  test('teams, departments and external pools must be created inside a platform (at any depth), and leave nothing behind when refused', () => {
    const p = awsPlatform();
    const outside = new Construct(p.chart, 'outside');
    expectRefusal(() => new TeamNamespace(outside, 'training'), ErrorCode.SCOPE_INVALID, `${outside.node.path}/training`);
    expectRefusal(() => new Department(outside, 'research'), ErrorCode.SCOPE_INVALID, `${outside.node.path}/research`);
    expectRefusal(() => cpuPool(outside as MlPlatform), ErrorCode.SCOPE_INVALID, `${outside.node.path}/cpu`);
    expect(outside.node.children).toEqual([]);
    const group = new Construct(new Construct(p, 'group'), 'nested');
    new TeamNamespace(group, 'training');
    new Department(group, 'research');
    cpuPool(group as MlPlatform);
    expect(p.teams.map((t) => t.node.path)).toEqual(['aws-test/group/nested/training']);
  });

  test('a department of the same platform passes (Kueue: the team\'s ClusterQueue joins the department\'s cohort)', () => {
    const p = awsPlatform();
    const research = new Department(p, 'research');
    new TeamNamespace(p, 'training', { department: research, quotas: [{ pool: l4Pool(p), guaranteed: { [GPU]: '1' } }] });
    const objects = kubernetesOf(p);
    expect(objectNamed(objects, 'ClusterQueue', 'training').spec.cohortName).toBe('research');
    expect(objectNamed(objects, 'Cohort', 'research').spec.parentName).toBe('aws-test');
  });
});

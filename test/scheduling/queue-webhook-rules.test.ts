import { parse as parseYaml } from 'yaml';
import {
  Department, ExternalNodePool, GpuModel, GpuNodePool, MigPartitionProfile, MlPlatform, PriorityTiers, Scheduler, TeamNamespace, VolcanoQueuePlugin,
} from '../../lib';
import { describeWithCrds, getValidator } from '../conformance/crd-validator';
import { awsPlatform, gcpPlatform, kubernetesOf, objectNamed, terraformOf } from '../support/platforms';
import { KUEUE_RULES, kueueWebhookProblems, rulesOf, VOLCANO_RULES, volcanoWebhookProblems, webhookProblems } from '../support/webhook-rules';

// ---------------------------------------------------------------------------------------------------------------
// (a) The checker itself: every rule fires on a hand-made object that breaks it, and only that rule.
// ---------------------------------------------------------------------------------------------------------------

const KUEUE = 'kueue.x-k8s.io/v1beta2';
const VOLCANO = 'scheduling.volcano.sh/v1beta1';

const flavor = (name: string) => ({ apiVersion: KUEUE, kind: 'ResourceFlavor', metadata: { name }, spec: {} });
const cohort = (name: string, parentName?: string) => ({ apiVersion: KUEUE, kind: 'Cohort', metadata: { name }, spec: { parentName } });

/** A valid set: two flavors, a cohort tree, a ClusterQueue with two resource groups and limits, its LocalQueue. */
function kueueBase(): any[] {
  return [
    flavor('a100'),
    flavor('cpu'),
    cohort('platform'),
    cohort('research', 'platform'),
    {
      apiVersion: KUEUE,
      kind: 'ClusterQueue',
      metadata: { name: 'vision' },
      spec: {
        cohortName: 'research',
        namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['vision'] }] },
        fairSharing: { weight: '1' },
        resourceGroups: [
          {
            coveredResources: ['cpu', 'memory'],
            flavors: [{
              name: 'cpu',
              resources: [
                { name: 'cpu', nominalQuota: '8', borrowingLimit: '4', lendingLimit: '2' },
                { name: 'memory', nominalQuota: '32Gi', lendingLimit: '32Gi' },
              ],
            }],
          },
          {
            coveredResources: ['nvidia.com/mig-1g.5gb'],
            flavors: [{ name: 'a100', resources: [{ name: 'nvidia.com/mig-1g.5gb', nominalQuota: 7 }] }],
          },
        ],
      },
    },
    { apiVersion: KUEUE, kind: 'LocalQueue', metadata: { name: 'vision', namespace: 'vision' }, spec: { clusterQueue: 'vision' } },
  ];
}

/** A valid hierarchy: a department with two children (sums equal to its own amounts) and a top-level queue. */
function volcanoBase(): any[] {
  const queue = (name: string, spec: any) => ({ apiVersion: VOLCANO, kind: 'Queue', metadata: { name }, spec });
  return [
    queue('research', { weight: 2, deserved: { cpu: '8', memory: '32Gi' }, guarantee: { resource: { cpu: '2' } }, capability: { cpu: '16' } }),
    queue('vision', { parent: 'research', deserved: { cpu: '4', memory: '16Gi' }, guarantee: { resource: { cpu: '1' } }, capability: { cpu: '8' } }),
    queue('nlp', { parent: 'research', deserved: { cpu: '4000m', memory: '16Gi' }, guarantee: { resource: { cpu: '1' } } }),
    queue('serving', { parent: 'root', weight: 65535, deserved: { 'nvidia.com/gpu': 2 }, guarantee: { resource: { 'nvidia.com/gpu': '2' } } }),
  ];
}

const byName = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const cq = (objects: any[]) => byName(objects, 'ClusterQueue', 'vision').spec;
const cpuResources = (objects: any[]) => cq(objects).resourceGroups[0].flavors[0].resources;

/** A chain of `depth` queues below root: q1 <- q2 <- ... */
function volcanoChain(depth: number): any[] {
  return Array.from({ length: depth }, (_, i) => ({
    apiVersion: VOLCANO, kind: 'Queue', metadata: { name: `q${i + 1}` }, spec: { parent: i === 0 ? undefined : `q${i}` },
  }));
}

/** A ClusterQueue spec with `groups` resource groups of `flavors` flavors x `resources` resources, all names distinct. */
function wideGroups(groups: number, flavors: number, resources: number): { objects: any[]; spec: any } {
  const flavorObjects: any[] = [];
  const resourceGroups = Array.from({ length: groups }, (_, g) => {
    const covered = Array.from({ length: resources }, (__, r) => `example.com/r${g}-${r}`);
    return {
      coveredResources: covered,
      flavors: Array.from({ length: flavors }, (__, f) => {
        flavorObjects.push(flavor(`f${g}-${f}`));
        return { name: `f${g}-${f}`, resources: covered.map((name) => ({ name, nominalQuota: '1' })) };
      }),
    };
  });
  return { objects: flavorObjects, spec: { namespaceSelector: {}, resourceGroups } };
}

const kueueCases: [string, string, (objects: any[]) => any[] | void][] = [
  ['a quota that does not parse', 'kueue/quantity-invalid', (o) => { cpuResources(o)[0].nominalQuota = '8 cores'; }],
  ['a resource without nominalQuota', 'kueue/quantity-invalid', (o) => { delete cpuResources(o)[1].nominalQuota; }],
  ['a negative nominalQuota', 'kueue/quota-negative', (o) => { cpuResources(o)[0].nominalQuota = '-1'; delete cpuResources(o)[0].lendingLimit; }],
  ['a negative borrowingLimit', 'kueue/quota-negative', (o) => { cpuResources(o)[0].borrowingLimit = '-500m'; }],
  ['a negative lendingLimit', 'kueue/quota-negative', (o) => { cpuResources(o)[0].lendingLimit = '-1'; }],
  ['resources in another order than coveredResources', 'kueue/resources-order', (o) => { cpuResources(o).reverse(); }],
  ['a resource missing from a flavor', 'kueue/resources-order', (o) => { cpuResources(o).pop(); }],
  ['lendingLimit above nominalQuota', 'kueue/lending-exceeds-nominal', (o) => { cpuResources(o)[1].lendingLimit = '33Gi'; }],
  ['limits without a cohort', 'kueue/limit-without-cohort', (o) => { delete cq(o).cohortName; }],
  ['limits on a Cohort without a parent', 'kueue/limit-without-cohort', (o) => {
    byName(o, 'Cohort', 'platform').spec.resourceGroups = [{ coveredResources: ['cpu'], flavors: [{ name: 'cpu', resources: [{ name: 'cpu', nominalQuota: '4', lendingLimit: '1' }] }] }];
  }],
  ['a resource in two groups', 'kueue/resource-in-several-groups', (o) => {
    const gpuGroup = cq(o).resourceGroups[1];
    gpuGroup.coveredResources.push('cpu');
    gpuGroup.flavors[0].resources.push({ name: 'cpu', nominalQuota: '1' });
  }],
  ['a flavor in two groups', 'kueue/flavor-in-several-groups', (o) => { cq(o).resourceGroups[1].flavors[0].name = 'cpu'; }],
  ['more than 256 flavors in all', 'kueue/too-many-flavors', (o) => {
    const wide = wideGroups(5, 52, 1);
    byName(o, 'ClusterQueue', 'vision').spec = wide.spec;
    return [...o, ...wide.objects];
  }],
  ['more than 256 covered resources in all', 'kueue/too-many-resources', (o) => {
    const wide = wideGroups(5, 1, 52);
    byName(o, 'ClusterQueue', 'vision').spec = wide.spec;
    return [...o, ...wide.objects];
  }],
  ['more than 512 flavor-resource pairs in a group', 'kueue/too-many-flavor-resources', (o) => {
    const wide = wideGroups(1, 23, 23);
    byName(o, 'ClusterQueue', 'vision').spec = wide.spec;
    return [...o, ...wide.objects];
  }],
  ['no namespaceSelector', 'kueue/namespace-selector-missing', (o) => { delete cq(o).namespaceSelector; }],
  ['a null namespaceSelector', 'kueue/namespace-selector-missing', (o) => { cq(o).namespaceSelector = null; }],
  ['an In expression without values', 'kueue/label-selector-invalid', (o) => { cq(o).namespaceSelector.matchExpressions[0].values = []; }],
  ['an unknown selector operator', 'kueue/label-selector-invalid', (o) => { cq(o).namespaceSelector.matchExpressions[0].operator = 'Equals'; }],
  ['a negative fair-sharing weight', 'kueue/fair-sharing-weight', (o) => { cq(o).fairSharing.weight = '-1'; }],
  ['a fair-sharing weight of 1e-9', 'kueue/fair-sharing-weight', (o) => { cq(o).fairSharing.weight = '1n'; }],
  ['a Cohort fair-sharing weight that does not parse', 'kueue/fair-sharing-weight', (o) => { byName(o, 'Cohort', 'research').spec.fairSharing = { weight: 'heavy' }; }],
  ['a flavor with no ResourceFlavor', 'kueue/flavor-unknown', (o) => o.filter((x) => !(x.kind === 'ResourceFlavor' && x.metadata.name === 'a100'))],
  ['a LocalQueue whose ClusterQueue is not rendered', 'kueue/cluster-queue-unknown', (o) => { byName(o, 'LocalQueue', 'vision').spec.clusterQueue = 'visoin'; }],
  ['a ClusterQueue in a cohort that is not rendered', 'kueue/cohort-unknown', (o) => { cq(o).cohortName = 'reserach'; }],
  ['a Cohort whose parent is not rendered', 'kueue/cohort-parent-unknown', (o) => { byName(o, 'Cohort', 'research').spec.parentName = 'plaftorm'; }],
  ['a cohort cycle', 'kueue/cohort-cycle', (o) => { byName(o, 'Cohort', 'platform').spec.parentName = 'research'; }],
];

const volcanoCases: [string, string, (objects: any[]) => any[] | void][] = [
  ['a quantity that does not parse', 'volcano/quantity-invalid', (o) => { byName(o, 'Queue', 'vision').spec.capability.memory = 'lots'; }],
  ['a negative capability', 'volcano/quantity-negative', (o) => { byName(o, 'Queue', 'vision').spec.capability['example.com/fpga'] = '-1'; }],
  ['a negative deserved amount', 'volcano/quantity-negative', (o) => { byName(o, 'Queue', 'serving').spec.deserved.cpu = '-100m'; }],
  ['a guarantee without deserved', 'volcano/guarantee-not-deserved', (o) => { byName(o, 'Queue', 'serving').spec.deserved = {}; }],
  ['guarantee above deserved', 'volcano/guarantee-exceeds-deserved', (o) => { byName(o, 'Queue', 'serving').spec.guarantee.resource['nvidia.com/gpu'] = '3'; }],
  ['deserved above capability', 'volcano/deserved-exceeds-capability', (o) => { byName(o, 'Queue', 'vision').spec.capability.cpu = '3500m'; }],
  ['a queue that is its own parent', 'volcano/parent-self', (o) => { byName(o, 'Queue', 'serving').spec.parent = 'serving'; }],
  ['a parent that is not rendered', 'volcano/parent-unknown', (o) => { byName(o, 'Queue', 'serving').spec.parent = 'reserach'; }],
  ['a parent cycle', 'volcano/parent-cycle', (o) => [
    ...o,
    { apiVersion: VOLCANO, kind: 'Queue', metadata: { name: 'ping' }, spec: { parent: 'pong' } },
    { apiVersion: VOLCANO, kind: 'Queue', metadata: { name: 'pong' }, spec: { parent: 'ping' } },
  ]],
  ['a capability above an ancestor\'s', 'volcano/capability-exceeds-ancestor', (o) => { byName(o, 'Queue', 'vision').spec.capability.cpu = '17'; }],
  ['children deserving more than their parent', 'volcano/children-exceed-parent', (o) => { byName(o, 'Queue', 'nlp').spec.deserved.memory = '17Gi'; }],
  ['children guaranteed more than their parent', 'volcano/children-exceed-parent', (o) => { byName(o, 'Queue', 'nlp').spec.guarantee.resource.cpu = '1001m'; }],
  ['children deserving a resource their parent does not', 'volcano/children-exceed-parent', (o) => { byName(o, 'Queue', 'nlp').spec.deserved['nvidia.com/gpu'] = '1'; }],
  ['six levels below root', 'volcano/too-deep', () => volcanoChain(6)],
  ['weight 0', 'volcano/weight', (o) => { byName(o, 'Queue', 'research').spec.weight = 0; }],
  ['weight 65536', 'volcano/weight', (o) => { byName(o, 'Queue', 'research').spec.weight = 65536; }],
  ['a fractional weight', 'volcano/weight', (o) => { byName(o, 'Queue', 'research').spec.weight = 1.5; }],
];

describe('the webhook-rule checker catches each rule it states', () => {
  test('the valid hand-made objects pass (including numeric quantities, equal sums and parent root)', () => {
    expect(kueueWebhookProblems(kueueBase())).toEqual([]);
    expect(volcanoWebhookProblems(volcanoBase())).toEqual([]);
    expect(volcanoWebhookProblems(volcanoChain(5))).toEqual([]);
    // Limits that the cohort allows; lendingLimit equal to nominalQuota is allowed; weight 0 is allowed (always last).
    const objects = kueueBase();
    cq(objects).fairSharing.weight = 0;
    expect(kueueWebhookProblems(objects)).toEqual([]);
    cq(objects).fairSharing.weight = '2n';
    expect(kueueWebhookProblems(objects)).toEqual([]);
  });

  test.each(kueueCases)('Kueue: %s -> %s', (_what, rule, mutate) => {
    const base = kueueBase();
    const objects = mutate(base) ?? base;
    const problems = kueueWebhookProblems(objects);
    expect(rulesOf(problems)).toEqual([rule]);
    expect(volcanoWebhookProblems(objects)).toEqual([]);
  });

  test.each(volcanoCases)('Volcano: %s -> %s', (_what, rule, mutate) => {
    const base = volcanoBase();
    const objects = mutate(base) ?? base;
    expect(rulesOf(volcanoWebhookProblems(objects))).toEqual([rule]);
    expect(kueueWebhookProblems(objects)).toEqual([]);
  });

  test('every rule has a case above', () => {
    expect(new Set(kueueCases.map((c) => c[1]))).toEqual(new Set(KUEUE_RULES));
    expect(new Set(volcanoCases.map((c) => c[1]))).toEqual(new Set(VOLCANO_RULES));
  });

  test('problems name the object and the place', () => {
    const objects = kueueBase();
    cpuResources(objects)[1].lendingLimit = '33Gi';
    expect(kueueWebhookProblems(objects)).toEqual([
      '[kueue/lending-exceeds-nominal] ClusterQueue vision: resourceGroups[0].flavors[0].resources[1] (memory).lendingLimit 33Gi exceeds nominalQuota 32Gi',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// (b) Synthesized platforms: no webhook problem, and every object conforms to the official CRDs / Kubernetes schema.
// ---------------------------------------------------------------------------------------------------------------

interface Scenario {
  readonly platform: MlPlatform;
  /** Teams with quotas: each has a ClusterQueue (Kueue) or a Queue (Volcano). */
  readonly queuedTeams: string[];
  readonly departments: string[];
}

/** The device resource a GPU pool advertises: nvidia.com/mig-<profile> on EKS (mixed strategy), nvidia.com/gpu for GKE partitions. */
function deviceOf(pool: GpuNodePool): string {
  return pool.capacityAtMaxSize().map((c) => c.resourceName).find((n) => n !== 'cpu' && n !== 'memory')!;
}

/** Kueue with MIG, a plain GPU pool and an external CPU pool; two departments, lending and borrowing limits. */
function kueuePlatform(cloud: 'aws' | 'gcp', options: { fairSharing: boolean; allOrNothing: boolean }): Scenario {
  const scheduler = Scheduler.kueue({ fairSharing: options.fairSharing, allOrNothing: options.allOrNothing ? { timeoutMinutes: 15 } : undefined });
  const p = cloud === 'aws' ? awsPlatform({ scheduler }) : gcpPlatform({ scheduler });
  const mig = new MigPartitionProfile(p, 'mig', { gpu: GpuModel.A100_40GB, profile: cloud === 'aws' ? '1g.5gb' : '2g.10gb' });
  const a100 = new GpuNodePool(p, 'a100', { gpu: GpuModel.A100_40GB, gpusPerNode: cloud === 'aws' ? 8 : 1, maxNodes: 2, mig });
  const l4 = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 4 });
  const h100 = cloud === 'aws' ? new GpuNodePool(p, 'h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: 2 }) : undefined;
  const cpu = new ExternalNodePool(p, 'general', {
    nodeLabels: cloud === 'aws' ? { 'eks.amazonaws.com/nodegroup': 'general' } : { 'cloud.google.com/gke-nodepool': 'general' },
    resources: { cpu: '128', memory: '512Gi' },
  });
  new PriorityTiers(p, 'tiers');
  const migResource = deviceOf(a100);
  const research = new Department(p, 'research', { fairShareWeight: options.fairSharing ? 2 : undefined });
  const applied = new Department(p, 'applied');
  new TeamNamespace(p, 'vision', {
    department: research,
    fairShareWeight: options.fairSharing ? 0.5 : undefined,
    quotas: [
      { pool: a100, guaranteed: { [migResource]: '4' }, lendingLimit: { [migResource]: '2' }, borrowingLimit: { [migResource]: '4' } },
      { pool: cpu, guaranteed: { cpu: '16', memory: '64Gi' }, lendingLimit: { cpu: '16' } },
    ],
    tiers: ['training', 'batch'],
  });
  new TeamNamespace(p, 'nlp', {
    department: research,
    namespaces: ['nlp', 'nlp-dev'],
    quotas: [
      ...(h100 ? [{ pool: h100, guaranteed: { 'nvidia.com/gpu': '8' }, borrowingLimit: { 'nvidia.com/gpu': '8' } }] : []),
      { pool: l4, guaranteed: { 'nvidia.com/gpu': '2' } },
      { pool: a100, borrowingLimit: { [migResource]: '2' } },
    ],
  });
  new TeamNamespace(p, 'recsys', {
    department: applied,
    quotas: [{ pool: l4, guaranteed: { 'nvidia.com/gpu': '1', cpu: '2' } }, { pool: cpu, guaranteed: { cpu: '32', memory: '128Gi' } }],
  });
  new TeamNamespace(p, 'serving', { sharesCapacity: false, quotas: [{ pool: l4, guaranteed: { 'nvidia.com/gpu': '1' } }] });
  new TeamNamespace(p, 'platform-tools', {});
  return { platform: p, queuedTeams: ['nlp', 'recsys', 'serving', 'vision'], departments: ['applied', 'research'] };
}

/** Volcano: the capacity plugin with a department (hierarchy), or proportion with top-level queues only. */
function volcanoPlatform(cloud: 'aws' | 'gcp', plugin: VolcanoQueuePlugin | undefined, withDepartments: boolean): Scenario {
  const scheduler = Scheduler.volcano({ queuePlugin: plugin });
  const p = cloud === 'aws' ? awsPlatform({ scheduler }) : gcpPlatform({ scheduler });
  const mig = new MigPartitionProfile(p, 'mig', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
  const a100 = new GpuNodePool(p, 'a100', { gpu: GpuModel.A100_40GB, gpusPerNode: cloud === 'aws' ? 8 : 1, maxNodes: 2, mig });
  const l4 = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 4 });
  const cpu = new ExternalNodePool(p, 'general', {
    nodeLabels: cloud === 'aws' ? { 'karpenter.sh/nodepool': 'general' } : { 'cloud.google.com/gke-nodepool': 'general' },
    resources: { cpu: '128', memory: '512Gi' },
  });
  new PriorityTiers(p, 'tiers');
  const mig1g = deviceOf(a100);
  const research = withDepartments ? new Department(p, 'research', { fairShareWeight: 3 }) : undefined;
  new TeamNamespace(p, 'vision', {
    department: research,
    fairShareWeight: 2,
    quotas: [
      { pool: a100, guaranteed: { [mig1g]: '4' }, lendingLimit: { [mig1g]: '1' }, borrowingLimit: { [mig1g]: '2' } },
      { pool: cpu, guaranteed: { cpu: '16', memory: '64Gi' }, borrowingLimit: { cpu: '16', memory: '64Gi' } },
    ],
  });
  new TeamNamespace(p, 'nlp', {
    department: research,
    quotas: [{ pool: l4, guaranteed: { 'nvidia.com/gpu': '2' }, lendingLimit: { 'nvidia.com/gpu': '2' } }, { pool: a100, guaranteed: { [mig1g]: '2' } }],
  });
  new TeamNamespace(p, 'serving', { sharesCapacity: false, quotas: [{ pool: l4, guaranteed: { 'nvidia.com/gpu': '1' } }, { pool: cpu, guaranteed: { cpu: '4', memory: '16Gi' } }] });
  new TeamNamespace(p, 'notebooks', { fairShareWeight: 65535, quotas: [{ pool: cpu, borrowingLimit: { cpu: '8' } }] });
  return { platform: p, queuedTeams: ['nlp', 'notebooks', 'serving', 'vision'], departments: withDepartments ? ['research'] : [] };
}

const scenarios: [string, () => Scenario][] = [
  ['Kueue on AWS, fair sharing, all-or-nothing', () => kueuePlatform('aws', { fairSharing: true, allOrNothing: true })],
  ['Kueue on AWS, classical preemption', () => kueuePlatform('aws', { fairSharing: false, allOrNothing: false })],
  ['Kueue on GCP, fair sharing', () => kueuePlatform('gcp', { fairSharing: true, allOrNothing: false })],
  ['Kueue on GCP, all-or-nothing', () => kueuePlatform('gcp', { fairSharing: false, allOrNothing: true })],
  ['Volcano capacity with departments on AWS', () => volcanoPlatform('aws', VolcanoQueuePlugin.CAPACITY, true)],
  ['Volcano capacity (default plugin) with departments on GCP', () => volcanoPlatform('gcp', undefined, true)],
  ['Volcano capacity without departments on AWS', () => volcanoPlatform('aws', VolcanoQueuePlugin.CAPACITY, false)],
  ['Volcano proportion on AWS', () => volcanoPlatform('aws', VolcanoQueuePlugin.PROPORTION, false)],
  ['Volcano proportion on GCP', () => volcanoPlatform('gcp', VolcanoQueuePlugin.PROPORTION, false)],
];

const names = (objects: any[], kind: string) => objects.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();

describe('synthesized team platforms break no webhook rule', () => {
  test.each(scenarios)('%s', (_name, build) => {
    const { platform, queuedTeams, departments } = build();
    const objects = kubernetesOf(platform);
    terraformOf(platform);
    expect(webhookProblems(objects)).toEqual([]);
    // The checker saw the queues (not a vacuous pass).
    if (platform.scheduler.kind === 'kueue') {
      expect(names(objects, 'ClusterQueue')).toEqual(queuedTeams);
      expect(names(objects, 'Cohort')).toEqual([...departments, platform.platformName].sort());
      expect(objects.filter((o) => o.kind === 'LocalQueue').length).toBeGreaterThanOrEqual(queuedTeams.length);
      expect(names(objects, 'Queue')).toEqual([]);
    } else {
      expect(names(objects, 'Queue')).toEqual([...queuedTeams, ...departments].sort());
      expect(names(objects, 'ClusterQueue')).toEqual([]);
      expect(names(objects, 'ResourceFlavor')).toEqual([]);
    }
  });
});

describeWithCrds('synthesized team platforms conform to the official CRDs and the Kubernetes schema', () => {
  test.each(scenarios)('%s', (_name, build) => {
    const objects = kubernetesOf(build().platform);
    expect(getValidator().validateAll(objects)).toEqual([]);
  });

  test('the validator does check the queue kinds (a v1beta1 field on a ClusterQueue, weight 0 on a Volcano Queue)', () => {
    const kueueObjects = JSON.parse(JSON.stringify(kubernetesOf(kueuePlatform('aws', { fairSharing: false, allOrNothing: false }).platform)));
    objectNamed(kueueObjects, 'ClusterQueue', 'vision').spec.cohort = 'research';
    expect(getValidator().validateAll(kueueObjects)).toEqual([expect.stringContaining('ClusterQueue vision')]);
    const volcanoObjects = JSON.parse(JSON.stringify(kubernetesOf(volcanoPlatform('aws', VolcanoQueuePlugin.CAPACITY, true).platform)));
    objectNamed(volcanoObjects, 'Queue', 'vision').spec.weight = 0;
    expect(getValidator().validateAll(volcanoObjects)).toEqual([expect.stringContaining('Queue vision')]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Scheduler configuration
// ---------------------------------------------------------------------------------------------------------------

function volcanoConf(objects: any[]): any {
  const configMap = objectNamed(objects, 'ConfigMap', 'volcano-scheduler-configmap');
  expect(configMap.metadata.namespace).toBe('volcano-system');
  return parseYaml(configMap.data['volcano-scheduler.conf']);
}

function kueueConf(objects: any[]): any {
  const configMap = objectNamed(objects, 'ConfigMap', 'kueue-manager-config');
  expect(configMap.metadata.namespace).toBe('kueue-system');
  return parseYaml(configMap.data['controller_manager_config.yaml']);
}

describe('scheduler configuration', () => {
  test.each([
    ['capacity with departments', VolcanoQueuePlugin.CAPACITY, true],
    ['capacity without departments', VolcanoQueuePlugin.CAPACITY, false],
    ['proportion', VolcanoQueuePlugin.PROPORTION, false],
  ] as const)('Volcano, %s: reclaim and preempt on, gang/priority/drf/predicates, exactly one queue plugin', (_name, plugin, departments) => {
    const conf = volcanoConf(kubernetesOf(volcanoPlatform('aws', plugin, departments).platform));
    expect(typeof conf.actions).toBe('string');
    const actions = conf.actions.split(',').map((a: string) => a.trim());
    expect(actions).toEqual(expect.arrayContaining(['enqueue', 'allocate', 'preempt', 'reclaim', 'backfill']));
    expect(actions[0]).toBe('enqueue');
    const plugins: any[] = conf.tiers.flatMap((t: any) => t.plugins);
    const pluginNames = plugins.map((p) => p.name);
    expect(pluginNames).toEqual(expect.arrayContaining(['gang', 'priority', 'drf', 'predicates']));
    expect(new Set(pluginNames).size).toBe(pluginNames.length);
    const queuePlugins = plugins.filter((p) => p.name === 'capacity' || p.name === 'proportion');
    expect(queuePlugins.map((p) => p.name)).toEqual([plugin]);
    if (plugin === VolcanoQueuePlugin.CAPACITY && departments) {
      expect(queuePlugins[0].enableHierarchy).toBe(true);
    } else {
      expect(queuePlugins[0].enableHierarchy).toBeUndefined();
    }
  });

  test.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('Kueue, fair sharing %s, all-or-nothing %s', (fairSharing, allOrNothing) => {
    const conf = kueueConf(kubernetesOf(kueuePlatform('aws', { fairSharing, allOrNothing }).platform));
    expect(conf.apiVersion).toBe('config.kueue.x-k8s.io/v1beta2');
    expect(conf.kind).toBe('Configuration');
    if (allOrNothing) {
      expect(conf.waitForPodsReady).toEqual(expect.objectContaining({ timeout: '15m', blockAdmission: false }));
      expect(conf.waitForPodsReady.requeuingStrategy).toBeDefined();
      expect('backoffLimitCount' in conf.waitForPodsReady.requeuingStrategy).toBe(false);
      expect('backoffLimitCount' in conf.waitForPodsReady).toBe(false);
    } else {
      expect(conf.waitForPodsReady).toBeUndefined();
    }
    if (fairSharing) {
      expect(conf.fairSharing.preemptionStrategies).toEqual(['LessThanOrEqualToFinalShare', 'LessThanInitialShare']);
    } else {
      expect(conf.fairSharing).toBeUndefined();
    }
  });
});

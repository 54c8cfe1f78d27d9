/**
 * How typed L1s (cdk8s-plus-28's generated `k8s` classes and our lib/imports classes) behave with content produced
 * at synth, and with escape hatches: the rules lib/render relies on when it moves from hand-built ApiObjects to them.
 *
 * A generated L1's `toJson()` is `toJson_XxxProps(super.toJson())`: ApiObject first resolves lazies, sorts keys and
 * applies JSON patches, all on the *props* (TypeScript names, unions as `{ value }`), and only then converts props to
 * manifest JSON, keeping just the fields the props type declares. Hence:
 *  1. a Lazy may sit anywhere (whole `spec`, a nested field, one map entry), but what it produces must be
 *     props-shaped: union classes (`k8s.Quantity`, `IntOrString`, the CRDs' `fromString`/`fromNumber` classes) for
 *     union fields, TypeScript property names where they differ from the JSON ones (`hostPid`, not `hostPID`);
 *     plain manifest JSON loses those fields silently;
 *  2. `addJsonPatch` paths and values are props-shaped too: unknown fields are dropped, a plain string where a union
 *     class is expected deletes the field. `withManifestPatches` below applies patches to the manifest instead.
 */
import { ApiObject, Chart, JsonPatch, Lazy, Testing } from 'cdk8s';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import * as kueue from '../../lib/imports/kueue.x-k8s.io';
import * as nvidia from '../../lib/imports/nvidia.com';
import * as volcano from '../../lib/imports/scheduling.volcano.sh';
import { describeWithCrds, getValidator } from '../conformance/crd-validator';

const q = (v: string) => k8s.Quantity.fromString(v);
/** As written to YAML: `undefined` members dropped, key order kept. */
const manifest = (o: ApiObject) => JSON.parse(JSON.stringify(o.toJson()));
const newChart = () => new Chart(Testing.app(), 'test');

/** A value read at synth, as the renderers' model callbacks are. */
function later<T>(value: () => T): { readonly read: () => T; set: (next: () => T) => void } {
  let current = value;
  return { read: () => current(), set: (next) => { current = next; } };
}

interface CoreCase {
  readonly kind: string;
  /** The typed L1, with part of its content produced lazily. */
  readonly typed: (chart: Chart) => ApiObject;
  /** The same object as the renderers build it today. */
  readonly plain: (chart: Chart) => ApiObject;
  readonly expected: Record<string, unknown>;
}

const labels = { 'app.kubernetes.io/managed-by': 'ml-platform-cdk' };
const rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }];

const CORE: CoreCase[] = [
  {
    kind: 'Namespace (lazy label value)',
    typed: (c) => new k8s.KubeNamespace(c, 'Ns', { metadata: { name: 'team-a', labels: { ...labels, team: Lazy.any({ produce: () => 'a' }) } } }),
    plain: (c) => new ApiObject(c, 'Ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { ...labels, team: 'a' } } }),
    expected: { apiVersion: 'v1', kind: 'Namespace', metadata: { labels: { 'app.kubernetes.io/managed-by': 'ml-platform-cdk', 'team': 'a' }, name: 'team-a' } },
  },
  {
    kind: 'ResourceQuota (lazy map of Quantity)',
    typed: (c) => new k8s.KubeResourceQuota(c, 'Quota', {
      metadata: { name: 'a-quota', namespace: 'team-a' },
      spec: { hard: Lazy.any({ produce: (): Record<string, k8s.Quantity> => ({ 'requests.nvidia.com/gpu': q('4'), 'cpu': q('500m'), 'memory': q('64Gi') }) }) },
    }),
    plain: (c) => new ApiObject(c, 'Quota', {
      apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'a-quota', namespace: 'team-a' },
      spec: { hard: Lazy.any({ produce: () => ({ 'requests.nvidia.com/gpu': '4', 'cpu': '500m', 'memory': '64Gi' }) }) },
    }),
    expected: {
      apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'a-quota', namespace: 'team-a' },
      spec: { hard: { 'cpu': '500m', 'memory': '64Gi', 'requests.nvidia.com/gpu': '4' } },
    },
  },
  {
    kind: 'ResourceQuota (lazy spec with scopeSelector)',
    typed: (c) => new k8s.KubeResourceQuota(c, 'Tiers', {
      metadata: { name: 'a-tiers', namespace: 'team-a' },
      spec: Lazy.any({
        produce: (): k8s.ResourceQuotaSpec => ({
          hard: { pods: q('0') },
          scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['critical'] }] },
        }),
      }),
    }),
    plain: (c) => new ApiObject(c, 'Tiers', {
      apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'a-tiers', namespace: 'team-a' },
      spec: Lazy.any({ produce: () => ({ hard: { pods: '0' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['critical'] }] } }) }),
    }),
    expected: {
      apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'a-tiers', namespace: 'team-a' },
      spec: { hard: { pods: '0' }, scopeSelector: { matchExpressions: [{ operator: 'In', scopeName: 'PriorityClass', values: ['critical'] }] } },
    },
  },
  {
    kind: 'LimitRange (lazy limits, Quantity maps)',
    typed: (c) => new k8s.KubeLimitRange(c, 'Defaults', {
      metadata: { name: 'a-defaults', namespace: 'team-a' },
      spec: { limits: Lazy.any({ produce: (): k8s.LimitRangeItem[] => [{ type: 'Container', defaultRequest: { cpu: q('100m'), memory: q('256Mi') } }] }) },
    }),
    plain: (c) => new ApiObject(c, 'Defaults', {
      apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'a-defaults', namespace: 'team-a' },
      spec: { limits: [{ type: 'Container', defaultRequest: { cpu: '100m', memory: '256Mi' } }] },
    }),
    expected: {
      apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'a-defaults', namespace: 'team-a' },
      spec: { limits: [{ defaultRequest: { cpu: '100m', memory: '256Mi' }, type: 'Container' }] },
    },
  },
  {
    kind: 'NetworkPolicy (lazy nested array)',
    typed: (c) => new k8s.KubeNetworkPolicy(c, 'Isolation', {
      metadata: { name: 'a-isolation', namespace: 'team-a' },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: Lazy.any({
          produce: (): k8s.NetworkPolicyIngressRule[] => [{
            from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-a', 'ops'] }] } }],
          }],
        }),
      },
    }),
    plain: (c) => new ApiObject(c, 'Isolation', {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'a-isolation', namespace: 'team-a' },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-a', 'ops'] }] } }] }],
      },
    }),
    expected: {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'a-isolation', namespace: 'team-a' },
      spec: {
        ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-a', 'ops'] }] } }] }],
        podSelector: {},
        policyTypes: ['Ingress'],
      },
    },
  },
  {
    kind: 'Role (lazy top-level rules)',
    typed: (c) => new k8s.KubeRole(c, 'Role', { metadata: { name: 'a-member', namespace: 'team-a' }, rules: Lazy.any({ produce: (): k8s.PolicyRule[] => rules }) }),
    plain: (c) => new ApiObject(c, 'Role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'a-member', namespace: 'team-a' }, rules }),
    expected: {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'a-member', namespace: 'team-a' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
    },
  },
  {
    kind: 'RoleBinding (lazy subjects)',
    typed: (c) => new k8s.KubeRoleBinding(c, 'Binding', {
      metadata: { name: 'a-members', namespace: 'team-a' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'a-member' },
      subjects: Lazy.any({ produce: (): k8s.Subject[] => [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'data-science' }] }),
    }),
    plain: (c) => new ApiObject(c, 'Binding', {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'a-members', namespace: 'team-a' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'a-member' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'data-science' }],
    }),
    expected: {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'a-members', namespace: 'team-a' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'a-member' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'data-science' }],
    },
  },
  {
    kind: 'ConfigMap (lazy data)',
    typed: (c) => new k8s.KubeConfigMap(c, 'Config', {
      metadata: { name: 'kueue-manager-config', namespace: 'kueue-system' },
      data: Lazy.any({ produce: (): Record<string, string> => ({ 'controller_manager_config.yaml': '{"kind": "Configuration"}\n' }) }),
    }),
    plain: (c) => new ApiObject(c, 'Config', {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kueue-manager-config', namespace: 'kueue-system' },
      data: Lazy.any({ produce: () => ({ 'controller_manager_config.yaml': '{"kind": "Configuration"}\n' }) }),
    }),
    expected: {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kueue-manager-config', namespace: 'kueue-system' },
      data: { 'controller_manager_config.yaml': '{"kind": "Configuration"}\n' },
    },
  },
  {
    kind: 'PriorityClass (lazy value)',
    typed: (c) => new k8s.KubePriorityClass(c, 'Tier', {
      metadata: { name: 'batch' }, value: Lazy.any({ produce: () => 1000 }), globalDefault: false, preemptionPolicy: 'PreemptLowerPriority', description: 'Batch.',
    }),
    plain: (c) => new ApiObject(c, 'Tier', {
      apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'batch' },
      value: 1000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority', description: 'Batch.',
    }),
    expected: {
      apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'batch' },
      description: 'Batch.', globalDefault: false, preemptionPolicy: 'PreemptLowerPriority', value: 1000,
    },
  },
];

describe('core kinds through cdk8s-plus-28/lib/imports/k8s, content produced at synth', () => {
  test.each(CORE.map((c) => [c.kind, c] as const))('%s: the expected manifest, byte-identical to the plain ApiObject', (_kind, c) => {
    const typed = c.typed(newChart());
    expect(manifest(typed)).toEqual(c.expected);
    // Same keys in the same order: a renderer can switch to the typed class without changing its YAML.
    expect(JSON.stringify(typed.toJson())).toBe(JSON.stringify(c.plain(newChart()).toJson()));
  });

  test('the lazy is read at synth: values set after construction are in the manifest', () => {
    const hard = later(() => ({ 'requests.nvidia.com/gpu': q('1') }));
    const quota = new k8s.KubeResourceQuota(newChart(), 'Quota', { metadata: { name: 'a' }, spec: { hard: Lazy.any({ produce: hard.read }) } });
    hard.set(() => ({ 'requests.nvidia.com/gpu': q('8'), 'requests.nvidia.com/mig-1g.10gb': q('14') }));
    expect(manifest(quota).spec).toEqual({ hard: { 'requests.nvidia.com/gpu': '8', 'requests.nvidia.com/mig-1g.10gb': '14' } });
  });

  test('one lazy entry inside a typed map works too', () => {
    const quota = new k8s.KubeResourceQuota(newChart(), 'Quota', {
      metadata: { name: 'a' },
      spec: { hard: { 'pods': q('100'), 'requests.nvidia.com/gpu': Lazy.any({ produce: () => q('2') }) } },
    });
    expect(manifest(quota).spec.hard).toEqual({ 'pods': '100', 'requests.nvidia.com/gpu': '2' });
  });

  test('a lazy that produces plain manifest JSON loses its Quantity fields silently (do not do this)', () => {
    const quota = new k8s.KubeResourceQuota(newChart(), 'Quota', {
      metadata: { name: 'a' },
      spec: Lazy.any({ produce: () => ({ hard: { 'requests.nvidia.com/gpu': '4' }, scopes: ['NotBestEffort'] }) }),
    });
    // toJson_ResourceQuotaSpec reads `.value` of each entry: a string has none.
    expect(manifest(quota).spec).toEqual({ hard: {}, scopes: ['NotBestEffort'] });
  });

  test('metadata: a lazy label or annotation value resolves, a lazy map does not (typed or plain: ApiObjectMetadata copies the map)', () => {
    const lazyMap = { name: 'team-a', labels: Lazy.any({ produce: () => ({ team: 'a' }) }) };
    expect(manifest(new k8s.KubeNamespace(newChart(), 'Ns', { metadata: lazyMap })).metadata.labels).toEqual({ producer: {} });
    expect(manifest(new ApiObject(newChart(), 'Ns', { apiVersion: 'v1', kind: 'Namespace', metadata: lazyMap })).metadata.labels).toEqual({ producer: {} });
    const ns = new k8s.KubeNamespace(newChart(), 'Ns', { metadata: { name: 'team-a' } });
    ns.metadata.addLabel('team', 'a');
    expect(manifest(ns).metadata.labels).toEqual({ team: 'a' });
  });

  test('Quantity.fromNumber and IntOrString render as numbers', () => {
    const quota = new k8s.KubeResourceQuota(newChart(), 'Quota', { metadata: { name: 'a' }, spec: { hard: Lazy.any({ produce: () => ({ pods: k8s.Quantity.fromNumber(10) }) }) } });
    expect(manifest(quota).spec.hard).toEqual({ pods: 10 });
    const pdb = new k8s.KubePodDisruptionBudget(newChart(), 'Pdb', { metadata: { name: 'a' }, spec: { maxUnavailable: Lazy.any({ produce: () => k8s.IntOrString.fromString('25%') }) } });
    expect(manifest(pdb).spec).toEqual({ maxUnavailable: '25%' });
  });
});

// ---- CRD kinds generated into lib/imports -------------------------------------------------------------------------

const nominal = (v: string) => kueue.ClusterQueueSpecResourceGroupsFlavorsResourcesNominalQuota.fromString(v);
const borrowing = (v: string) => kueue.ClusterQueueSpecResourceGroupsFlavorsResourcesBorrowingLimit.fromString(v);

function clusterQueue(chart: Chart, threshold: () => number | undefined): kueue.ClusterQueue {
  return new kueue.ClusterQueue(chart, 'ClusterQueue', {
    metadata: { name: 'team-a', labels },
    spec: {
      cohortName: 'platform',
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-a'] }] },
      queueingStrategy: kueue.ClusterQueueSpecQueueingStrategy.BEST_EFFORT_FIFO,
      resourceGroups: Lazy.any({
        produce: (): kueue.ClusterQueueSpecResourceGroups[] => [{
          coveredResources: ['cpu', 'memory', 'nvidia.com/gpu'],
          flavors: [{
            name: 'h100',
            resources: [
              { name: 'cpu', nominalQuota: nominal('96') },
              { name: 'memory', nominalQuota: nominal('1Ti') },
              { name: 'nvidia.com/gpu', nominalQuota: nominal('8'), borrowingLimit: borrowing('8') },
            ],
          }],
        }],
      }),
      preemption: {
        reclaimWithinCohort: kueue.ClusterQueueSpecPreemptionReclaimWithinCohort.ANY,
        borrowWithinCohort: Lazy.any({
          produce: (): kueue.ClusterQueueSpecPreemptionBorrowWithinCohort => ({
            policy: kueue.ClusterQueueSpecPreemptionBorrowWithinCohortPolicy.LOWER_PRIORITY, maxPriorityThreshold: threshold(),
          }),
        }),
        withinClusterQueue: kueue.ClusterQueueSpecPreemptionWithinClusterQueue.LOWER_PRIORITY,
      },
      fairSharing: { weight: kueue.ClusterQueueSpecFairSharingWeight.fromString('2') },
    },
  });
}

interface VolcanoAmounts {
  readonly deserved: Record<string, string>;
  readonly guarantee: Record<string, string>;
  readonly capability: Record<string, string>;
}

/** Canonical quantities to the generated class of a map field; an empty map is omitted. */
function typedMap<T>(m: Record<string, string>, of: (v: string) => T): Record<string, T> | undefined {
  return Object.keys(m).length > 0 ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, of(v)])) : undefined;
}

function volcanoQueue(chart: Chart, amounts: () => VolcanoAmounts) {
  return new volcano.Queue(chart, 'Queue', {
    metadata: { name: 'team-a', labels },
    spec: Lazy.any({
      produce: (): volcano.QueueSpec => {
        const a = amounts();
        const guarantee = typedMap(a.guarantee, volcano.QueueSpecGuaranteeResource.fromString);
        return {
          weight: 1,
          reclaimable: true,
          deserved: typedMap(a.deserved, volcano.QueueSpecDeserved.fromString),
          guarantee: guarantee ? { resource: guarantee } : undefined,
          capability: typedMap(a.capability, volcano.QueueSpecCapability.fromString),
        };
      },
    }),
  });
}

function clusterPolicy(chart: Chart, tolerations: () => nvidia.ClusterPolicySpecDaemonsetsTolerations[], Class = nvidia.ClusterPolicy) {
  return new Class(chart, 'ClusterPolicy', {
    metadata: { name: 'cluster-policy', labels },
    spec: Lazy.any({
      produce: (): nvidia.ClusterPolicySpec => ({
        operator: { defaultRuntime: 'containerd' },
        daemonsets: { priorityClassName: 'system-node-critical', tolerations: tolerations() },
        driver: { enabled: false },
        toolkit: { enabled: false },
        devicePlugin: { enabled: true, config: { name: 'ml-device-plugin-config', default: 'default' } },
        gfd: { enabled: true },
        dcgm: { enabled: false },
        dcgmExporter: { enabled: true },
        nodeStatusExporter: { enabled: false },
        mig: { strategy: nvidia.ClusterPolicySpecMigStrategy.MIXED },
        migManager: { enabled: true, config: { name: 'ml-mig-parted-config', default: nvidia.ClusterPolicySpecMigManagerConfigDefault.ALL_HYPHEN_DISABLED } },
      }),
    }),
  });
}

const GPU_TOLERATION = { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' };

/** One of each CRD kind, as the Kueue, Volcano and GPU-operator renderers would build it. */
function crdObjects(chart: Chart): ApiObject[] {
  return [
    new kueue.ResourceFlavor(chart, 'Flavor', {
      metadata: { name: 'h100', labels },
      spec: { nodeLabels: { 'ml-platform-cdk.io/pool': 'h100' }, tolerations: Lazy.any({ produce: (): kueue.ResourceFlavorSpecTolerations[] => [GPU_TOLERATION] }) },
    }),
    clusterQueue(chart, () => 100),
    new kueue.LocalQueue(chart, 'LocalQueue', { metadata: { name: 'team-a', namespace: 'team-a', labels }, spec: { clusterQueue: 'team-a' } }),
    new kueue.Cohort(chart, 'Cohort', { metadata: { name: 'research', labels }, spec: { parentName: 'platform', fairSharing: { weight: kueue.CohortSpecFairSharingWeight.fromNumber(3) } } }),
    new kueue.WorkloadPriorityClass(chart, 'Wpc', { metadata: { name: 'batch', labels }, value: Lazy.any({ produce: () => 1000 }), description: 'Batch.' }),
    new kueue.AdmissionCheck(chart, 'Check', {
      metadata: { name: 'dws', labels },
      spec: { controllerName: 'kueue.x-k8s.io/provisioning-request', parameters: { apiGroup: 'kueue.x-k8s.io', kind: 'ProvisioningRequestConfig', name: 'dws' } },
    }),
    new kueue.Topology(chart, 'Topology', { metadata: { name: 'default', labels }, spec: { levels: [{ nodeLabel: 'topology.kubernetes.io/zone' }, { nodeLabel: 'kubernetes.io/hostname' }] } }),
    volcanoQueue(chart, () => ({ deserved: { 'nvidia.com/gpu': '8', 'cpu': '64' }, guarantee: { 'nvidia.com/gpu': '2' }, capability: { 'nvidia.com/gpu': '16' } })),
    clusterPolicy(chart, () => [GPU_TOLERATION]),
  ];
}

describe('CRD kinds from lib/imports, content produced at synth', () => {
  test('ClusterQueue: IntOrString classes render as the string or number given; the lazy threshold is read at synth', () => {
    const threshold = later((): number | undefined => undefined);
    const cq = clusterQueue(newChart(), threshold.read);
    threshold.set(() => 1000);
    const spec = manifest(cq).spec;
    expect(spec.resourceGroups).toEqual([{
      coveredResources: ['cpu', 'memory', 'nvidia.com/gpu'],
      flavors: [{ name: 'h100', resources: [{ name: 'cpu', nominalQuota: '96' }, { name: 'memory', nominalQuota: '1Ti' }, { borrowingLimit: '8', name: 'nvidia.com/gpu', nominalQuota: '8' }] }],
    }]);
    expect(spec.preemption.borrowWithinCohort).toEqual({ maxPriorityThreshold: 1000, policy: 'LowerPriority' });
    expect(spec.fairSharing).toEqual({ weight: '2' });
    expect(manifest(cq).apiVersion).toBe('kueue.x-k8s.io/v1beta2');
    const numeric = kueue.ClusterQueueSpecResourceGroupsFlavorsResourcesNominalQuota.fromNumber(8);
    expect(kueue.toJson_ClusterQueueSpecResourceGroupsFlavorsResources({ name: 'nvidia.com/gpu', nominalQuota: numeric })).toEqual({ name: 'nvidia.com/gpu', nominalQuota: 8 });
  });

  test('Volcano Queue: deserved, capability and guarantee.resource are maps of Quantity-like classes; empty maps omitted', () => {
    const amounts = later((): VolcanoAmounts => ({ deserved: { cpu: '1' }, guarantee: {}, capability: {} }));
    const queue = volcanoQueue(newChart(), amounts.read);
    amounts.set(() => ({ deserved: { 'nvidia.com/gpu': '8', 'memory': '512Gi' }, guarantee: { 'nvidia.com/gpu': '2' }, capability: {} }));
    expect(manifest(queue)).toEqual({
      apiVersion: 'scheduling.volcano.sh/v1beta1', kind: 'Queue', metadata: { labels, name: 'team-a' },
      spec: { deserved: { 'memory': '512Gi', 'nvidia.com/gpu': '8' }, guarantee: { resource: { 'nvidia.com/gpu': '2' } }, reclaimable: true, weight: 1 },
    });
  });

  test('ResourceFlavor tolerations are plain structs of strings; Cohort fairSharing.weight is an IntOrString class', () => {
    const [flavor, , , cohort, wpc] = crdObjects(newChart());
    expect(manifest(flavor).spec).toEqual({ nodeLabels: { 'ml-platform-cdk.io/pool': 'h100' }, tolerations: [{ effect: 'NoSchedule', key: 'nvidia.com/gpu', operator: 'Equal', value: 'present' }] });
    expect(manifest(cohort).spec).toEqual({ fairSharing: { weight: 3 }, parentName: 'platform' });
    expect(manifest(wpc)).toEqual({ apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'WorkloadPriorityClass', metadata: { labels, name: 'batch' }, description: 'Batch.', value: 1000 });
  });

  test('ClusterPolicy: lazy spec typed as ClusterPolicySpec; a JSON spelling that differs from the TypeScript one is dropped', () => {
    const policy = clusterPolicy(newChart(), () => [GPU_TOLERATION]);
    const spec = manifest(policy).spec;
    expect(spec.daemonsets).toEqual({ priorityClassName: 'system-node-critical', tolerations: [{ effect: 'NoSchedule', key: 'nvidia.com/gpu', operator: 'Equal', value: 'present' }] });
    expect(spec.mig).toEqual({ strategy: 'mixed' });
    expect(spec.migManager).toEqual({ config: { default: 'all-disabled', name: 'ml-mig-parted-config' }, enabled: true });
    // `hostPID` in JSON is `hostPid` in the props: a lazy must use the TypeScript name.
    const renamed = (hostPid: Record<string, boolean>) => new nvidia.ClusterPolicy(newChart(), 'P', {
      metadata: { name: 'p' }, spec: Lazy.any({ produce: () => ({ ...manifest(policy).spec, dcgmExporter: { enabled: true, ...hostPid } }) }),
    });
    expect(manifest(renamed({ hostPID: true })).spec.dcgmExporter).toEqual({ enabled: true });
    expect(manifest(renamed({ hostPid: true })).spec.dcgmExporter).toEqual({ enabled: true, hostPID: true });
  });

  test('Testing.synth of a chart of typed objects gives each object\'s toJson()', () => {
    const chart = newChart();
    const objects = crdObjects(chart);
    expect(Testing.synth(chart)).toEqual(objects.map(manifest));
  });
});

describeWithCrds('typed L1 output conforms to the official CRDs', () => {
  test('every CRD kind built with lazies validates (unknown fields rejected, CEL rules evaluated)', () => {
    const objects = crdObjects(newChart()).map(manifest);
    expect(objects.map((o) => `${o.apiVersion}|${o.kind}`).sort()).toEqual([
      'kueue.x-k8s.io/v1beta2|AdmissionCheck', 'kueue.x-k8s.io/v1beta2|ClusterQueue', 'kueue.x-k8s.io/v1beta2|Cohort', 'kueue.x-k8s.io/v1beta2|LocalQueue',
      'kueue.x-k8s.io/v1beta2|ResourceFlavor', 'kueue.x-k8s.io/v1beta2|Topology', 'kueue.x-k8s.io/v1beta2|WorkloadPriorityClass', 'nvidia.com/v1|ClusterPolicy',
      'scheduling.volcano.sh/v1beta1|Queue',
    ]);
    expect(getValidator().validateAll(objects)).toEqual([]);
  });

  test('every core kind built with lazies validates', () => {
    expect(getValidator().validateAll(CORE.map((c) => manifest(c.typed(newChart()))))).toEqual([]);
  });
});

// ---- Escape hatches ----------------------------------------------------------------------------------------------

/**
 * The same L1 class, whose `addJsonPatch` edits the manifest (JSON names, plain values) as on a plain ApiObject,
 * instead of the props that the generated `toJson()` converts afterwards (cdk8s-team/cdk8s#2172). Typed `: T` so
 * that declaration emit (jsii) never sees the anonymous class: with ApiObject's private members it would fail TS4094.
 */
function withManifestPatches<T extends new (...args: any[]) => ApiObject>(Base: T): T {
  return class extends Base {
    private readonly manifestPatches: JsonPatch[] = [];
    public addJsonPatch(...ops: JsonPatch[]): void {
      this.manifestPatches.push(...ops);
    }
    public toJson(): any {
      return JsonPatch.apply(super.toJson(), ...this.manifestPatches);
    }
  };
}

describe('addJsonPatch on typed L1s', () => {
  const quota = (chart: Chart, Class: typeof k8s.KubeResourceQuota = k8s.KubeResourceQuota) => new Class(chart, 'Quota', {
    metadata: { name: 'a', namespace: 'team-a' },
    spec: { hard: Lazy.any({ produce: () => ({ 'cpu': q('8'), 'requests.nvidia.com/gpu': q('4') }) }) },
  });

  test('metadata and plain fields named alike in JSON and TypeScript: patched as on a plain ApiObject', () => {
    const policy = clusterPolicy(newChart(), () => [GPU_TOLERATION]);
    policy.addJsonPatch(JsonPatch.add('/metadata/labels/example.com~1owner', 'ml-infra'), JsonPatch.remove('/spec/daemonsets/tolerations'));
    policy.addJsonPatch(JsonPatch.replace('/spec/migManager/config/name', 'some-other-config'));
    const m = manifest(policy);
    expect(m.metadata.labels['example.com/owner']).toBe('ml-infra');
    expect(m.spec.daemonsets).toEqual({ priorityClassName: 'system-node-critical' });
    expect(m.spec.migManager.config.name).toBe('some-other-config');
  });

  test('a plain value where the props hold a Quantity deletes the field; `{ value }` (the props shape) works', () => {
    const dropped = quota(newChart());
    dropped.addJsonPatch(JsonPatch.replace('/spec/hard/cpu', '16'));
    expect(manifest(dropped).spec.hard).toEqual({ 'requests.nvidia.com/gpu': '4' });
    const propsShaped = quota(newChart());
    propsShaped.addJsonPatch(JsonPatch.replace('/spec/hard/cpu', { value: '16' }));
    expect(manifest(propsShaped).spec.hard).toEqual({ 'cpu': '16', 'requests.nvidia.com/gpu': '4' });
  });

  test('fields the props type does not declare (typos, newer API fields) are dropped silently', () => {
    const tier = new k8s.KubePriorityClass(newChart(), 'Tier', { metadata: { name: 'batch' }, value: 1000 });
    tier.addJsonPatch(JsonPatch.add('/descripton', 'x'), JsonPatch.replace('/value', 42), JsonPatch.add('/kind', 'Other'));
    // The typo is gone and kind/apiVersion come back from the class's GVK; a wrongly typed value passes through.
    expect(manifest(tier)).toEqual({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'batch' }, value: 42 });
  });

  test('withManifestPatches: patches apply to the manifest, exactly as on the plain ApiObject', () => {
    const PatchableQuota = withManifestPatches(k8s.KubeResourceQuota);
    const typed = quota(newChart(), PatchableQuota);
    const plain = new ApiObject(newChart(), 'Quota', {
      apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'a', namespace: 'team-a' }, spec: { hard: { 'cpu': '8', 'requests.nvidia.com/gpu': '4' } },
    });
    const patches = [JsonPatch.replace('/spec/hard/cpu', '16'), JsonPatch.add('/spec/unknownField', true), JsonPatch.add('/metadata/annotations', { a: 'b' })];
    typed.addJsonPatch(...patches);
    plain.addJsonPatch(...patches);
    expect(typed).toBeInstanceOf(k8s.KubeResourceQuota);
    expect(manifest(typed)).toEqual(manifest(plain));
    expect(manifest(typed).spec).toEqual({ hard: { 'cpu': '16', 'requests.nvidia.com/gpu': '4' }, unknownField: true });

    const PatchablePolicy = withManifestPatches(nvidia.ClusterPolicy);
    const policy = clusterPolicy(newChart(), () => [GPU_TOLERATION], PatchablePolicy);
    policy.addJsonPatch(JsonPatch.add('/spec/dcgmExporter/hostPID', true));
    expect(manifest(policy).spec.dcgmExporter).toEqual({ enabled: true, hostPID: true });
  });
});

import * as fs from 'fs';
import * as path from 'path';
import type * as Cel from '@marcbachmann/cel-js';
import { parse as parseYaml } from 'yaml';
import { CelRuleEvaluator } from './cel-rules';
import {
  ConformanceValidator,
  CRDS_DIR,
  describeWithCrds,
  getValidator,
  validateDevicePluginConfig,
  validateMigPartedConfig,
} from './crd-validator';
import { requireEsm } from './esm-loader';

// ---------- valid samples ----------

const KUEUE = 'kueue.x-k8s.io/v1beta2';

const resourceFlavor = {
  apiVersion: KUEUE,
  kind: 'ResourceFlavor',
  metadata: { name: 'h100-spot' },
  spec: {
    nodeLabels: { 'karpenter.sh/capacity-type': 'spot', 'karpenter.k8s.aws/instance-gpu-name': 'h100' },
    nodeTaints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
    tolerations: [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
  },
};

const clusterQueue = {
  apiVersion: KUEUE,
  kind: 'ClusterQueue',
  metadata: { name: 'team-a' },
  spec: {
    cohortName: 'ml-platform',
    namespaceSelector: {},
    resourceGroups: [
      {
        coveredResources: ['cpu', 'memory', 'nvidia.com/gpu'],
        flavors: [
          {
            name: 'h100-spot',
            resources: [
              { name: 'cpu', nominalQuota: 96 },
              { name: 'memory', nominalQuota: '768Gi' },
              { name: 'nvidia.com/gpu', nominalQuota: 8, borrowingLimit: 8, lendingLimit: 4 },
            ],
          },
        ],
      },
    ],
  },
};

const localQueue = {
  apiVersion: KUEUE,
  kind: 'LocalQueue',
  metadata: { name: 'default', namespace: 'team-a' },
  spec: { clusterQueue: 'team-a' },
};

const workloadPriorityClass = {
  apiVersion: KUEUE,
  kind: 'WorkloadPriorityClass',
  metadata: { name: 'production' },
  value: 1000,
  description: 'Production training jobs',
};

const volcanoQueue = {
  apiVersion: 'scheduling.volcano.sh/v1beta1',
  kind: 'Queue',
  metadata: { name: 'research' },
  spec: { weight: 1, reclaimable: true, capability: { cpu: '64', 'nvidia.com/gpu': 8 } },
};

const nodePool = {
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodePool',
  metadata: { name: 'gpu-spot' },
  spec: {
    template: {
      metadata: { labels: { 'nvidia.com/mig.config': 'all-1g.10gb' } },
      spec: {
        nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'gpu' },
        requirements: [
          { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] },
          { key: 'karpenter.k8s.aws/instance-gpu-count', operator: 'Gt', values: ['0'] },
        ],
        taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
        expireAfter: '720h',
      },
    },
    limits: { 'nvidia.com/gpu': 16 },
    disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '5m' },
    weight: 50,
  },
};

const ec2NodeClass = {
  apiVersion: 'karpenter.k8s.aws/v1',
  kind: 'EC2NodeClass',
  metadata: { name: 'gpu' },
  spec: {
    amiSelectorTerms: [{ alias: 'al2023@latest' }],
    role: 'KarpenterNodeRole-ml',
    subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'ml' } }],
    securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'ml' } }],
  },
};

const clusterPolicy = {
  apiVersion: 'nvidia.com/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'cluster-policy' },
  spec: {
    operator: {},
    daemonsets: {},
    driver: { enabled: false },
    toolkit: { enabled: true },
    devicePlugin: { config: { name: 'time-slicing', default: 'any' } },
    dcgm: {},
    dcgmExporter: {},
    gfd: {},
    nodeStatusExporter: {},
    mig: { strategy: 'mixed' },
    migManager: { enabled: true, config: { name: 'custom-mig-parted-config', default: 'all-disabled' } },
  },
};

const configMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'time-slicing', namespace: 'gpu-operator', labels: { 'app.kubernetes.io/part-of': 'ml-platform' } },
  data: { any: 'version: v1\n' },
};

const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } };

const resourceQuota = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'gpu-quota', namespace: 'team-a' },
  spec: { hard: { 'requests.nvidia.com/gpu': '4', 'requests.cpu': '64' } },
};

const clusterRole = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'system:ml-platform:queue-viewer' },
  rules: [{ apiGroups: ['kueue.x-k8s.io'], resources: ['localqueues'], verbs: ['get', 'list', 'watch'] }],
};

const daemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'node-agent', namespace: 'kube-system' },
  spec: {
    selector: { matchLabels: { app: 'node-agent' } },
    template: {
      metadata: { labels: { app: 'node-agent' } },
      spec: { containers: [{ name: 'agent', image: 'busybox:1.36', resources: { limits: { memory: '64Mi' } } }] },
    },
  },
};

/** One valid object of each remaining built-in kind the platform emits (proves no false unknown-field reports). */
const moreBuiltInKinds = [
  {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'defaults', namespace: 'team-a' },
    spec: { limits: [{ type: 'Container', default: { cpu: '1', memory: '1Gi' }, defaultRequest: { cpu: '500m' } }] },
  },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'trainer', namespace: 'team-a', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/x' } } },
  // A team namespace's default ServiceAccount, without an automounted token.
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'team-a' }, automountServiceAccountToken: false },
  // A team namespace's zero quota on Kubernetes' own priority classes.
  {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'team-a-system-priorities', namespace: 'team-a' },
    spec: {
      hard: { pods: '0' },
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['system-cluster-critical', 'system-node-critical'] }] },
    },
  },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'batch-low' }, value: 100, preemptionPolicy: 'Never', globalDefault: false },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'same-namespace', namespace: 'team-a' },
    spec: {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ protocol: 'UDP', port: 53 }] }],
    },
  },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'queue-user', namespace: 'team-a' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'queue-user', namespace: 'team-a' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'queue-user' },
    subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'team-a' }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'queue-viewers' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:ml-platform:queue-viewer' },
    subjects: [{ kind: 'ServiceAccount', name: 'trainer', namespace: 'team-a' }],
  },
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'gp3' },
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'inference', namespace: 'team-a' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'inference' } },
      template: {
        metadata: { labels: { app: 'inference', 'kueue.x-k8s.io/queue-name': 'default' } },
        spec: {
          containers: [{ name: 'server', image: 'vllm/vllm-openai:latest', ports: [{ containerPort: 8000 }], resources: { limits: { 'nvidia.com/gpu': 1 } } }],
          tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
          nodeSelector: { 'karpenter.sh/capacity-type': 'on-demand' },
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'datasets', namespace: 'team-a' },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: '100Gi' } } },
  },
];

/** A copy of `obj` with `mutate` applied, so each negative test changes exactly one thing. */
function variant<T>(obj: T, mutate: (copy: any) => void): T {
  const copy = structuredClone(obj);
  mutate(copy);
  return copy;
}

describeWithCrds('ConformanceValidator', () => {
  // Acquired in beforeAll: jest still runs the body of a skipped describe, and the CRDs may be missing.
  let validator: ConformanceValidator;
  beforeAll(() => {
    validator = getValidator();
  });

  test.each([
    ['Kueue ResourceFlavor with nodeLabels, taints and tolerations', resourceFlavor],
    ['Kueue ClusterQueue with cohortName, resourceGroups, namespaceSelector {}', clusterQueue],
    ['Kueue LocalQueue', localQueue],
    ['Kueue WorkloadPriorityClass with top-level value', workloadPriorityClass],
    ['Volcano Queue', volcanoQueue],
    ['Karpenter NodePool', nodePool],
    ['Karpenter EC2NodeClass', ec2NodeClass],
    ['NVIDIA ClusterPolicy', clusterPolicy],
    ['ConfigMap', configMap],
    ['Namespace', namespace],
    ['ResourceQuota', resourceQuota],
    ['ClusterRole with a path-segment name', clusterRole],
    ['DaemonSet', daemonSet],
  ])('accepts a valid %s', (_label, obj: object) => {
    expect(validator.validate(obj)).toEqual([]);
  });

  test.each(moreBuiltInKinds.map((obj) => [`${obj.apiVersion}|${obj.kind}`, obj]))('accepts a valid %s', (_label, obj: object) => {
    expect(validator.validate(obj)).toEqual([]);
  });

  test('validateAll concatenates the problems of all objects', () => {
    const bad = variant(namespace, (ns) => (ns.metadata.name = 'Team_A'));
    expect(validator.validateAll([clusterQueue, bad, localQueue])).toEqual([
      expect.stringMatching(/^v1\|Namespace Team_A: metadata\.name: "Team_A" is not a DNS-1123 label/),
    ]);
  });

  test('does not modify the object it validates (defaults are applied to a copy)', () => {
    const queue = structuredClone(clusterQueue);
    validator.validate(queue);
    expect(queue).toEqual(clusterQueue);
  });

  describe('schema violations', () => {
    test('unknown field: v1beta1 `cohort` in a v1beta2 ClusterQueue', () => {
      const obj = variant(clusterQueue, (cq) => (cq.spec.cohort = 'ml-platform'));
      expect(validator.validate(obj)).toEqual([`${KUEUE}|ClusterQueue team-a: spec.cohort: unknown field "cohort"`]);
    });

    test('unknown field: `spec` on a WorkloadPriorityClass', () => {
      const obj = variant(workloadPriorityClass, (wpc) => (wpc.spec = { value: 1 }));
      expect(validator.validate(obj)).toContain(`${KUEUE}|WorkloadPriorityClass production: spec: unknown field "spec"`);
    });

    test('missing required field: WorkloadPriorityClass without value', () => {
      const obj = variant(workloadPriorityClass, (wpc) => delete wpc.value);
      expect(validator.validate(obj)).toEqual([
        `${KUEUE}|WorkloadPriorityClass production: <root>: must have required property 'value'`,
      ]);
    });

    test('missing required field: NodePool disruption without consolidateAfter', () => {
      const obj = variant(nodePool, (np) => delete np.spec.disruption.consolidateAfter);
      expect(validator.validate(obj)).toEqual([
        "karpenter.sh/v1|NodePool gpu-spot: spec.disruption: must have required property 'consolidateAfter'",
      ]);
    });

    test('bad enum: ClusterQueue queueingStrategy', () => {
      const obj = variant(clusterQueue, (cq) => (cq.spec.queueingStrategy = 'FIFO'));
      expect(validator.validate(obj)).toEqual([
        `${KUEUE}|ClusterQueue team-a: spec.queueingStrategy: must be equal to one of the allowed values ["StrictFIFO","BestEffortFIFO"]`,
      ]);
    });

    test('bad bound: NodePool weight above 100', () => {
      const obj = variant(nodePool, (np) => (np.spec.weight = 101));
      expect(validator.validate(obj)).toEqual(['karpenter.sh/v1|NodePool gpu-spot: spec.weight: must be <= 100']);
    });

    test('duplicate key in a list-type=map list', () => {
      const obj = variant(clusterQueue, (cq) => cq.spec.resourceGroups[0].flavors.push(cq.spec.resourceGroups[0].flavors[0]));
      expect(validator.validate(obj)).toContain(
        `${KUEUE}|ClusterQueue team-a: spec.resourceGroups[0].flavors: duplicate entries in a list of type map (keys: name)`,
      );
    });
  });

  describe('CEL (x-kubernetes-validations) violations', () => {
    test('ClusterQueue borrowingLimit without cohortName', () => {
      const obj = variant(clusterQueue, (cq) => delete cq.spec.cohortName);
      expect(validator.validate(obj)).toEqual([
        `${KUEUE}|ClusterQueue team-a: spec: CEL: borrowingLimit must be nil when cohort is empty`,
      ]);
    });

    test('ClusterQueue flavor with fewer resources than coveredResources', () => {
      const obj = variant(clusterQueue, (cq) => cq.spec.resourceGroups[0].flavors[0].resources.pop());
      expect(validator.validate(obj)).toEqual([
        `${KUEUE}|ClusterQueue team-a: spec.resourceGroups[0]: CEL: flavors must have the same number of resources as the coveredResources`,
      ]);
    });

    test('ResourceFlavor toleration with operator Exists and a value', () => {
      const obj = variant(resourceFlavor, (rf) => (rf.spec.tolerations[0].operator = 'Exists'));
      expect(validator.validate(obj)).toEqual([
        `${KUEUE}|ResourceFlavor h100-spot: spec.tolerations: CEL: a value must be empty when 'operator' is 'Exists'`,
      ]);
    });

    test('EC2NodeClass with both role and instanceProfile', () => {
      const obj = variant(ec2NodeClass, (nc) => (nc.spec.instanceProfile = 'KarpenterNodeInstanceProfile'));
      expect(validator.validate(obj)).toEqual([
        "karpenter.k8s.aws/v1|EC2NodeClass gpu: spec: CEL: must specify exactly one of ['role', 'instanceProfile']",
      ]);
    });

    test('NodePool requirement on a restricted karpenter.sh label (uses the string.find extension)', () => {
      const obj = variant(nodePool, (np) =>
        np.spec.template.spec.requirements.push({ key: 'karpenter.sh/custom', operator: 'Exists' }),
      );
      expect(validator.validate(obj)).toEqual([
        'karpenter.sh/v1|NodePool gpu-spot: spec.template.spec.requirements[2].key: CEL: label domain "karpenter.sh" is restricted',
      ]);
    });

    test('rules read schema defaults (flavorFungibility.preference needs both whenCan* = TryNextFlavor)', () => {
      // whenCanPreempt defaults to TryNextFlavor; without defaulting the rule would fail with "no such key".
      const ok = variant(clusterQueue, (cq) => (cq.spec.flavorFungibility = { whenCanBorrow: 'TryNextFlavor', preference: 'BorrowingOverPreemption' }));
      expect(validator.validate(ok)).toEqual([]);
      // whenCanBorrow defaults to MayStopSearch.
      const bad = variant(clusterQueue, (cq) => (cq.spec.flavorFungibility = { preference: 'BorrowingOverPreemption' }));
      expect(validator.validate(bad)).toEqual([
        `${KUEUE}|ClusterQueue team-a: spec.flavorFungibility: CEL: preference can only be set when both whenCanBorrow and whenCanPreempt are TryNextFlavor`,
      ]);
    });

    test('a rule that throws is reported, not swallowed (Gt with a non-integer value)', () => {
      const obj = variant(nodePool, (np) => (np.spec.template.spec.requirements[1].values = ['many']));
      expect(validator.validate(obj)).toEqual([
        "karpenter.sh/v1|NodePool gpu-spot: spec.template.spec.requirements: CEL rule evaluation error (int() type error: cannot convert to int): self.all(x, (x.operator == 'Gt' || x.operator == 'Lt' || x.operator == 'Gte' || x.operator == 'Lte') ? (x.values.size() == 1 && int(x.values[0]) >= 0) : true)",
      ]);
    });

    test('transition rules (oldSelf) are skipped on create', () => {
      // LocalQueue.spec.clusterQueue carries `self == oldSelf`; evaluating it without an old object would throw.
      expect(validator.validate(localQueue)).toEqual([]);
    });

    test('every non-transition rule in the saved CRDs compiles with the registered Kubernetes extensions', () => {
      expect(validator.uncompilableCelRules()).toEqual([]);
    });

    test('a Kubernetes CEL library function that is not registered makes a rule uncompilable', () => {
      const evaluator = new CelRuleEvaluator(requireEsm<typeof Cel>('@marcbachmann/cel-js'));
      expect(evaluator.compileError("isQuantity(self.limit) && quantity(self.limit).isGreaterThan(quantity('0'))")).toBeInstanceOf(Error);
      expect(evaluator.compileError("self.find('^[^/]+') == 'karpenter.sh'")).toBeUndefined();
      expect(evaluator.evaluate({ 'x-kubernetes-validations': [{ rule: 'isQuantity(self)', message: 'm' }] }, '1Gi')).toEqual([
        expect.stringMatching(/^<root>: CEL rule does not compile \(.*\): isQuantity\(self\)$/),
      ]);
    });
  });

  test('every served version of every saved CRD compiles (RE2 patterns included)', () => {
    expect(validator.compileAllCrds()).toBe(validator.crdTypeKeys().length);
    expect(validator.crdTypeKeys()).toEqual(
      expect.arrayContaining([
        'kueue.x-k8s.io/v1beta2|AdmissionCheck', // pattern ^(?i)...
        'kueue.x-k8s.io/v1beta1|ClusterQueue',
        'scheduling.volcano.sh/v1beta1|PodGroup',
        'batch.volcano.sh/v1alpha1|Job',
        'karpenter.sh/v1|NodeClaim',
        'nvidia.com/v1|ClusterPolicy',
      ]),
    );
  });

  describe('versions, kinds and metadata', () => {
    test('deprecated served version (Kueue v1beta1) is an error even when the object matches its schema', () => {
      const obj = variant(clusterQueue, (cq) => {
        cq.apiVersion = 'kueue.x-k8s.io/v1beta1';
        cq.spec.cohort = cq.spec.cohortName;
        delete cq.spec.cohortName;
      });
      expect(validator.validate(obj)).toEqual([
        'kueue.x-k8s.io/v1beta1|ClusterQueue team-a: deprecated apiVersion kueue.x-k8s.io/v1beta1 (kueue.x-k8s.io_ClusterQueue.yaml): This version is deprecated. Use v1beta2 instead.',
      ]);
    });

    test('unknown kind', () => {
      const obj = { apiVersion: KUEUE, kind: 'ClusterQueues', metadata: { name: 'x' } };
      expect(validator.validate(obj)).toEqual([
        `${KUEUE}|ClusterQueues x: no schema for ${KUEUE}|ClusterQueues: neither a served version of a saved CRD nor a built-in kind known to kubernetes-models`,
      ]);
    });

    test('unknown version of a known group', () => {
      const obj = variant(nodePool, (np) => (np.apiVersion = 'karpenter.sh/v1beta1'));
      expect(validator.validate(obj)).toEqual([expect.stringContaining('no schema for karpenter.sh/v1beta1|NodePool')]);
    });

    test('a nested model type is not a kind', () => {
      expect(validator.validate({ apiVersion: 'v1', kind: 'PodSpec', metadata: { name: 'x' } })).toEqual([
        expect.stringContaining('no schema for v1|PodSpec'),
      ]);
    });

    test('invalid metadata.name', () => {
      const obj = variant(clusterQueue, (cq) => (cq.metadata.name = 'Team_A'));
      expect(validator.validate(obj)).toEqual([
        `${KUEUE}|ClusterQueue Team_A: metadata.name: "Team_A" is not a DNS-1123 subdomain (lowercase alphanumerics, '-' and '.', alphanumeric at both ends)`,
      ]);
    });

    test('metadata.name longer than 253 characters', () => {
      const obj = variant(localQueue, (lq) => (lq.metadata.name = 'a'.repeat(254)));
      expect(validator.validate(obj)).toEqual([expect.stringContaining('must be no more than 253 characters')]);
    });

    test('invalid label key and value', () => {
      const obj = variant(configMap, (cm) => (cm.metadata.labels = { 'bad key': 'ok', team: 'not ok!' }));
      expect(validator.validate(obj)).toEqual([
        'v1|ConfigMap time-slicing: metadata.labels: name part of key "bad key" must be 1-63 alphanumerics, \'-\', \'_\' or \'.\', alphanumeric at both ends',
        'v1|ConfigMap time-slicing: metadata.labels: value "not ok!" of "team" must be <= 63 alphanumerics, \'-\', \'_\' or \'.\', alphanumeric at both ends',
      ]);
    });

    test('annotation keys must be qualified names', () => {
      const obj = variant(namespace, (ns) => (ns.metadata.annotations = { 'example.com/ok': 'x', 'a/b/c': 'y' }));
      expect(validator.validate(obj)).toEqual(['v1|Namespace team-a: metadata.annotations: key "a/b/c" may contain at most one \'/\'']);
    });

    test('namespace on a cluster-scoped kind', () => {
      const obj = variant(clusterQueue, (cq) => (cq.metadata.namespace = 'team-a'));
      expect(validator.validate(obj)).toEqual([
        `${KUEUE}|ClusterQueue team-a: metadata.namespace: ${KUEUE}|ClusterQueue is cluster-scoped and must not set a namespace`,
      ]);
    });
  });

  describe('built-in kinds (kubernetes-models)', () => {
    test('unknown top-level field: ConfigMap with spec', () => {
      const obj = variant(configMap, (cm) => (cm.spec = { data: {} }));
      expect(validator.validate(obj)).toEqual(['v1|ConfigMap time-slicing: spec: unknown field "spec"']);
    });

    test('unknown nested field: container `imagee` in a DaemonSet', () => {
      const obj = variant(daemonSet, (ds) => (ds.spec.template.spec.containers[0].imagee = 'x'));
      expect(validator.validate(obj)).toEqual([
        'apps/v1|DaemonSet node-agent: spec.template.spec.containers[0].imagee: unknown field "imagee"',
      ]);
    });

    test('unknown field in metadata of a built-in kind', () => {
      const obj = variant(namespace, (ns) => (ns.metadata.label = { a: 'b' }));
      expect(validator.validate(obj)).toEqual(['v1|Namespace team-a: metadata.label: unknown field "label"']);
    });

    test('map keys are not mistaken for unknown fields, map values are still type-checked', () => {
      const obj = variant(configMap, (cm) => (cm.data = { 'config.yaml': 'x', replicas: 4 }));
      expect(validator.validate(obj)).toEqual(['v1|ConfigMap time-slicing: data.replicas: must be string']);
    });

    test('missing required field: RoleBinding without roleRef, subject without name', () => {
      const obj = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'queue-users', namespace: 'team-a' },
        subjects: [{ kind: 'Group' }],
      };
      expect(validator.validate(obj)).toEqual([
        "rbac.authorization.k8s.io/v1|RoleBinding queue-users: <root>: must have required property 'roleRef'",
        "rbac.authorization.k8s.io/v1|RoleBinding queue-users: subjects[0]: must have required property 'name'",
      ]);
    });

    test('bad enum in a built-in kind: PriorityClass preemptionPolicy', () => {
      const obj = {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: 'batch-low' },
        value: 10,
        preemptionPolicy: 'Sometimes',
      };
      expect(validator.validate(obj)).toEqual([
        expect.stringMatching(/^scheduling\.k8s\.io\/v1\|PriorityClass batch-low: preemptionPolicy: must be equal to one of the allowed values/),
      ]);
    });
  });
});

describeWithCrds('NVIDIA config files', () => {
  const migConfig = {
    version: 'v1',
    'mig-configs': {
      'all-1g.10gb': [{ devices: 'all', 'mig-enabled': true, 'mig-devices': { '1g.10gb': 7 } }],
      'custom-mixed': [
        { devices: [0, 1], 'mig-enabled': false },
        { devices: [2, 3], 'mig-enabled': true, 'mig-devices': { '1g.10gb': 2, '2g.20gb': 1, '3g.40gb': 1 } },
      ],
    },
  };
  const timeSlicing = {
    version: 'v1',
    flags: { migStrategy: 'none' },
    sharing: { timeSlicing: { failRequestsGreaterThanOne: true, resources: [{ name: 'nvidia.com/gpu', replicas: 4 }] } },
  };

  test('upstream mig-parted default config passes', () => {
    const text = fs.readFileSync(path.join(CRDS_DIR, 'mig-parted-default-config.yaml'), 'utf8');
    expect(validateMigPartedConfig(parseYaml(text))).toEqual([]);
  });

  test('config.yaml of the upstream GPU operator mig-parted ConfigMap passes', () => {
    const file = path.join(CRDS_DIR, 'variants', 'gpu-operator-default-mig-parted-config.configmap.yaml');
    const configMapDoc = parseYaml(fs.readFileSync(file, 'utf8'));
    expect(validateMigPartedConfig(configMapDoc.data['config.yaml'])).toEqual([]);
  });

  test('valid mig-parted and device-plugin configs pass', () => {
    expect(validateMigPartedConfig(migConfig)).toEqual([]);
    expect(validateDevicePluginConfig(timeSlicing)).toEqual([]);
  });

  test('mig-parted: unknown key, mig-enabled without mig-devices, bad profile name', () => {
    const bad = variant(migConfig, (c) => {
      const entry = c['mig-configs']['all-1g.10gb'][0];
      entry.migDevices = entry['mig-devices'];
      delete entry['mig-devices'];
      c['mig-configs']['custom-mixed'][1]['mig-devices'] = { '1g.10GB': 1 };
    });
    const problems = validateMigPartedConfig(bad);
    expect(problems).toContain('mig-parted config: mig-configs["all-1g.10gb"][0].migDevices: unknown field "migDevices"');
    expect(problems).toContain('mig-parted config: mig-configs["all-1g.10gb"][0]: must have required property \'mig-devices\'');
    expect(problems).toContain('mig-parted config: mig-configs.custom-mixed[1].mig-devices: property name must be valid');
  });

  test('mig-parted: a layout with every profile count 0', () => {
    const bad = variant(migConfig, (c) => (c['mig-configs']['all-1g.10gb'][0]['mig-devices'] = { '1g.10gb': 0 }));
    expect(validateMigPartedConfig(bad)).toEqual([
      'mig-parted config: mig-configs["all-1g.10gb"][0].mig-devices: all profile counts are 0',
    ]);
  });

  test('device-plugin: timeSlicing replicas 1 is rejected', () => {
    const bad = variant(timeSlicing, (c) => (c.sharing.timeSlicing.resources[0].replicas = 1));
    expect(validateDevicePluginConfig(bad)).toEqual([
      'device-plugin config: sharing.timeSlicing.resources[0].replicas: must be >= 2',
    ]);
  });

  test('device-plugin: unknown key and timeSlicing together with mps', () => {
    const bad = variant(timeSlicing, (c) => {
      c.sharing.timeSlicing.replicas = 4;
      c.sharing.mps = { resources: [{ name: 'nvidia.com/gpu', replicas: 2 }] };
    });
    const problems = validateDevicePluginConfig(bad);
    expect(problems).toContain('device-plugin config: sharing.timeSlicing.replicas: unknown field "replicas"');
    expect(problems).toContain('device-plugin config: sharing: must NOT be valid');
  });

  test('YAML text is accepted too', () => {
    expect(validateDevicePluginConfig('version: v2\n')).toEqual(['device-plugin config: version: must be equal to constant "v1"']);
  });
});

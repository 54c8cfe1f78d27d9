import {
  BorrowPreemptionPolicy, Department, ExternalNodePool, GpuModel, GpuNodePool, MigPartitionProfile, MlPlatform, PodSecurityLevel, PriorityTiers, Quantity,
  Scheduler, TeamNamespace, TeamPreemptionPolicy, VolcanoQueuePlugin,
} from '../../lib';
import { awsPlatform, gcpPlatform, kubernetesOf, objectNamed } from '../support/platforms';

const ofKind = (objects: any[], kind: string, namespace?: string) =>
  objects.filter((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace));

function h100(p: MlPlatform, maxNodes = 2): GpuNodePool {
  return new GpuNodePool(p, 'h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes });
}

describe('TeamNamespace: namespaces, isolation and access', () => {
  test('each namespace gets Pod Security labels, a default-deny-from-other-teams policy, roles and bindings', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'vision', { namespaces: ['vision', 'vision-dev'], adminGroups: ['vision-leads'], memberGroups: ['vision'] });
    new TeamNamespace(p, 'speech');
    const objects = kubernetesOf(p);
    for (const ns of ['vision', 'vision-dev']) {
      const namespace = objectNamed(objects, 'Namespace', ns);
      expect(namespace.metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/warn': 'restricted',
        'ml-platform-cdk.io/team': 'vision',
      });
      const [policy] = ofKind(objects, 'NetworkPolicy', ns);
      expect(policy.spec.podSelector).toEqual({});
      expect(policy.spec.policyTypes).toEqual(['Ingress']);
      const allowed = policy.spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values;
      // The team's own namespaces and the platform's, never another team's.
      expect(allowed).toEqual(expect.arrayContaining(['vision', 'vision-dev', 'kube-system', 'kueue-system', 'gpu-operator']));
      expect(allowed).not.toContain('speech');
      const bindings = ofKind(objects, 'RoleBinding', ns);
      expect(bindings.map((b) => [b.roleRef.kind, b.roleRef.name, b.subjects.map((s: any) => s.name)])).toEqual([
        ['Role', 'vision-admin', ['vision-leads']],
        ['Role', 'vision-member', ['vision']],
      ]);
    }
    // A team without groups gets its roles but no bindings.
    expect(ofKind(objects, 'RoleBinding', 'speech')).toEqual([]);
    expect(ofKind(objects, 'Role', 'speech')).toHaveLength(2);
  });

  test('roles are namespace-scoped and never grant writes on quotas, limits, policies or the namespace', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'vision', { adminGroups: ['vision-leads'] });
    const objects = kubernetesOf(p);
    expect(objects.filter((o) => o.kind.startsWith('Cluster') && o.kind.includes('Role'))).toEqual([]);
    const writes = ['create', 'update', 'patch', 'delete', 'deletecollection', '*'];
    for (const role of ofKind(objects, 'Role', 'vision')) {
      for (const rule of role.rules) {
        expect(rule.resources).not.toContain('*');
        expect(rule.verbs).not.toContain('*');
        const guarded = ['resourcequotas', 'limitranges', 'networkpolicies', 'namespaces', 'clusterqueues', 'localqueues'];
        if (rule.resources.some((r: string) => guarded.includes(r))) {
          expect(rule.verbs.filter((v: string) => writes.includes(v))).toEqual([]);
        }
      }
    }
    const member = objectNamed(objects, 'Role', 'vision-member');
    expect(member.rules.some((r: any) => r.resources.includes('secrets'))).toBe(false);
  });

  test('opt-outs: no isolation policy, a stricter Pod Security level, extra allowed namespaces', () => {
    const p = gcpPlatform();
    new TeamNamespace(p, 'open', { networkIsolation: false, podSecurity: PodSecurityLevel.RESTRICTED });
    new TeamNamespace(p, 'serving', { allowIngressFrom: ['ingress-nginx'] });
    const objects = kubernetesOf(p);
    expect(ofKind(objects, 'NetworkPolicy', 'open')).toEqual([]);
    expect(objectNamed(objects, 'Namespace', 'open').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const [policy] = ofKind(objects, 'NetworkPolicy', 'serving');
    // GKE has no GPU operator namespace.
    expect(policy.spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values).toEqual(['ingress-nginx', 'kube-system', 'kueue-system', 'serving']);
  });

  test('LimitRange sets default requests only (a default limit could undercut a container\'s own request)', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'a');
    new TeamNamespace(p, 'b', { containerDefaults: { cpu: '0.25', memory: '512Mi' } });
    const objects = kubernetesOf(p);
    expect(objectNamed(objects, 'LimitRange', 'a-defaults').spec.limits).toEqual([{ type: 'Container', defaultRequest: { cpu: '500m', memory: '1Gi' } }]);
    expect(objectNamed(objects, 'LimitRange', 'b-defaults').spec.limits[0].defaultRequest).toEqual({ cpu: '250m', memory: '512Mi' });
  });
});

describe('TeamNamespace: quotas', () => {
  test('guaranteed GPUs bring their share of the node\'s CPU and memory; explicit amounts win', () => {
    const p = awsPlatform();
    const pool = h100(p); // p5.48xlarge: 8 x H100, 192 vCPU, 2 TiB
    const offering = pool.offering;
    const derived = new TeamNamespace(p, 'derived', { quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '2' } }] });
    const explicit = new TeamNamespace(p, 'explicit', { quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '2', cpu: '10' } }] });
    const share = 2 / offering.gpuCount;
    expect(derived.guaranteedOn(pool)).toEqual({
      'cpu': Quantity.cpu(offering.vcpus * share).toString(),
      'memory': Quantity.gibibytes(offering.memoryGiB * share).toString(),
      'nvidia.com/gpu': '2',
    });
    expect(explicit.guaranteedOn(pool).cpu).toBe('10');
    expect(explicit.guaranteedOn(pool).memory).toBe(derived.guaranteedOn(pool).memory);
  });

  test('MIG slices bring a seventh of a GPU\'s share each, rounded down, so teams never add up to more than the node', () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'mig', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    const pool = new GpuNodePool(p, 'a100', { gpu: GpuModel.A100_40GB, gpusPerNode: 8, maxNodes: 1, mig });
    // Seven teams with one GPU's worth of slices each, plus one with the last GPU's: the whole node.
    const teams = Array.from({ length: 8 }, (_, i) => new TeamNamespace(p, `t${i}`, { quotas: [{ pool, guaranteed: { 'nvidia.com/mig-1g.5gb': '7' } }] }));
    const cpu = Quantity.sum(teams.map((t) => Quantity.parse(t.guaranteedOn(pool).cpu)));
    expect(cpu.compare(Quantity.of(pool.offering.vcpus))).toBeLessThanOrEqual(0);
    expect(cpu.compare(Quantity.of(pool.offering.vcpus - 1))).toBeGreaterThan(0);
    expect(() => kubernetesOf(p)).not.toThrow();
  });

  test('ClusterQueue: one resource group, resources in covered order in every flavor, flavors in the order given', () => {
    const p = awsPlatform();
    const big = h100(p);
    const l4 = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 4 });
    const cpu = new ExternalNodePool(p, 'cpu', { nodeLabels: { pool: 'cpu' }, resources: { cpu: '64', memory: '256Gi' } });
    new TeamNamespace(p, 'mixed', {
      quotas: [
        { pool: l4, guaranteed: { 'nvidia.com/gpu': '1' }, borrowingLimit: { 'nvidia.com/gpu': '2' } },
        { pool: cpu, guaranteed: { cpu: '8', memory: '32Gi' } },
        { pool: big },
      ],
    });
    const cq = objectNamed(kubernetesOf(p), 'ClusterQueue', 'mixed');
    expect(cq.spec.resourceGroups).toHaveLength(1);
    const [group] = cq.spec.resourceGroups;
    expect(group.coveredResources).toEqual(['cpu', 'memory', 'nvidia.com/gpu']);
    expect(group.flavors.map((f: any) => f.name)).toEqual(['l4', 'cpu', 'h100']);
    for (const flavor of group.flavors) expect(flavor.resources.map((r: any) => r.name)).toEqual(group.coveredResources);
    // The CPU pool provides no GPUs: zero quota there. The H100 pool is borrow-only.
    expect(group.flavors[1].resources[2]).toEqual({ name: 'nvidia.com/gpu', nominalQuota: '0' });
    expect(group.flavors[2].resources.map((r: any) => r.nominalQuota)).toEqual(['0', '0', '0']);
    expect(group.flavors[0].resources[2]).toEqual({ name: 'nvidia.com/gpu', nominalQuota: '1', borrowingLimit: '2' });
    expect(cq.spec.namespaceSelector).toEqual({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['mixed'] }] });
    expect(cq.spec.cohortName).toBe('aws-test');
    expect(cq.spec.preemption).toEqual({ reclaimWithinCohort: 'Any', borrowWithinCohort: { policy: 'Never' }, withinClusterQueue: 'LowerPriority' });
    expect(cq.spec.fairSharing).toBeUndefined();
    expect(objectNamed(kubernetesOf(p), 'LocalQueue', 'mixed').spec.clusterQueue).toBe('mixed');
  });

  test('ResourceQuota: the most the team can be admitted per resource, zero for GPUs it has no quota for, storage and object counts', () => {
    const p = awsPlatform();
    const big = h100(p); // 16 GPUs at max
    const l4 = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 4 });
    new TeamNamespace(p, 'capped', {
      quotas: [{ pool: big, guaranteed: { 'nvidia.com/gpu': '4' }, borrowingLimit: { 'nvidia.com/gpu': '2' } }],
      storageQuota: '10Ti',
      objectCounts: { 'pods': 500, 'services.loadbalancers': 1 },
    });
    new TeamNamespace(p, 'unbounded', { quotas: [{ pool: big, guaranteed: { 'nvidia.com/gpu': '4' } }] });
    new TeamNamespace(p, 'alone', { sharesCapacity: false, quotas: [{ pool: big, guaranteed: { 'nvidia.com/gpu': '4' } }] });
    // A pool declared after the teams still gets its zero entry.
    new GpuNodePool(p, 'late', { gpu: GpuModel.A10G, maxNodes: 1 });
    const objects = kubernetesOf(p);
    const hard = (team: string) => objectNamed(objects, 'ResourceQuota', `${team}-quota`).spec.hard;
    expect(hard('capped')).toMatchObject({
      'requests.nvidia.com/gpu': '6',
      'requests.storage': '10Ti',
      'pods': '500',
      'services.loadbalancers': '1',
      'services.nodeports': '0',
    });
    expect(hard('unbounded')['requests.nvidia.com/gpu']).toBe('16');
    expect(hard('alone')['requests.nvidia.com/gpu']).toBe('4');
    for (const team of ['capped', 'unbounded', 'alone']) expect(hard(team)['requests.nvidia.com/gpu']).not.toBe('0');
    expect(hard('capped')['requests.cpu']).toBeDefined();
    expect(l4.poolName).toBe('l4');
    // The A10G pool was declared after every team; its GPUs are nvidia.com/gpu too, so the team's GPU cap covers them.
    expect(Object.keys(hard('alone')).filter((k) => k.startsWith('requests.nvidia.com/'))).toEqual(['requests.nvidia.com/gpu']);
  });

  test('a team without quota gets no queue and no GPUs, MIG slices included', () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'mig', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    new GpuNodePool(p, 'a100', { gpu: GpuModel.A100_40GB, gpusPerNode: 8, maxNodes: 1, mig });
    new TeamNamespace(p, 'web');
    const objects = kubernetesOf(p);
    expect(ofKind(objects, 'ClusterQueue')).toEqual([]);
    expect(ofKind(objects, 'LocalQueue')).toEqual([]);
    expect(objectNamed(objects, 'ResourceQuota', 'web-quota').spec.hard).toMatchObject({ 'requests.nvidia.com/mig-1g.5gb': '0' });
  });

  test('a team that does not share capacity has no cohort and reclaims nothing', () => {
    const p = awsPlatform();
    const pool = h100(p);
    new TeamNamespace(p, 'alone', { sharesCapacity: false, quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '8' } }] });
    const cq = objectNamed(kubernetesOf(p), 'ClusterQueue', 'alone');
    expect(cq.spec.cohortName).toBeUndefined();
    expect(cq.spec.preemption.reclaimWithinCohort).toBe('Never');
  });
});

describe('TeamNamespace: tiers, preemption and fair sharing', () => {
  test('tiers the team may not use are refused by a PriorityClass-scoped quota; tiers declared after the team count', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'serving', { tiers: ['production-critical', 'batch'] });
    new TeamNamespace(p, 'any');
    new PriorityTiers(p, 'tiers');
    const objects = kubernetesOf(p);
    const quota = objectNamed(objects, 'ResourceQuota', 'serving-tiers');
    expect(quota.spec).toEqual({
      hard: { pods: '0' },
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['interactive', 'training'] }] },
    });
    expect(objects.filter((o) => o.metadata.name === 'any-tiers')).toEqual([]);
  });

  test('borrowing preemption names a tier\'s value as the threshold', () => {
    const p = awsPlatform();
    const pool = h100(p);
    new TeamNamespace(p, 'urgent', {
      quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '4' } }],
      preemption: { borrowWithinCohort: BorrowPreemptionPolicy.LOWER_PRIORITY, borrowWithinCohortMaxTier: 'interactive', withinTeam: TeamPreemptionPolicy.NEVER },
    });
    const tiers = new PriorityTiers(p, 'tiers');
    const cq = objectNamed(kubernetesOf(p), 'ClusterQueue', 'urgent');
    expect(cq.spec.preemption.borrowWithinCohort).toEqual({ policy: 'LowerPriority', maxPriorityThreshold: tiers.tier('interactive').value });
    expect(cq.spec.preemption.withinClusterQueue).toBe('Never');
  });

  test('with fair sharing, every ClusterQueue carries its weight and the manager config turns it on', () => {
    const p = awsPlatform({ scheduler: Scheduler.kueue({ fairSharing: true }) });
    const pool = h100(p);
    new TeamNamespace(p, 'heavy', { quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '4' } }], fairShareWeight: 2.5 });
    new TeamNamespace(p, 'light', { quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '4' } }] });
    const objects = kubernetesOf(p);
    expect(objectNamed(objects, 'ClusterQueue', 'heavy').spec.fairSharing).toEqual({ weight: '2500m' });
    expect(objectNamed(objects, 'ClusterQueue', 'light').spec.fairSharing).toEqual({ weight: '1' });
    const config = JSON.parse(objectNamed(objects, 'ConfigMap', 'kueue-manager-config').data['controller_manager_config.yaml']);
    expect(config.fairSharing.preemptionStrategies).toEqual(['LessThanOrEqualToFinalShare', 'LessThanInitialShare']);
    expect(config.waitForPodsReady).toBeUndefined();
  });

  test('all-or-nothing admission requeues with backoff and never deactivates', () => {
    const p = awsPlatform({ scheduler: Scheduler.kueue({ allOrNothing: { timeoutMinutes: 15, backoffMaxSeconds: 1800 }, namespace: 'kueue' }) });
    new TeamNamespace(p, 'train');
    const map = objectNamed(kubernetesOf(p), 'ConfigMap', 'kueue-manager-config');
    expect(map.metadata.namespace).toBe('kueue');
    const config = JSON.parse(map.data['controller_manager_config.yaml']);
    expect(config.apiVersion).toBe('config.kueue.x-k8s.io/v1beta2');
    expect(config.namespace).toBe('kueue');
    expect(config.waitForPodsReady).toEqual({
      timeout: '15m',
      recoveryTimeout: '15m',
      blockAdmission: false,
      requeuingStrategy: { timestamp: 'Eviction', backoffBaseSeconds: 60, backoffMaxSeconds: 1800 },
    });
  });
});

describe('departments and cohorts', () => {
  test('Kueue: the platform cohort, department cohorts under it, teams in their department', () => {
    const p = awsPlatform({ scheduler: Scheduler.kueue({ cohortName: 'acme', fairSharing: true }) });
    const pool = h100(p);
    const research = new Department(p, 'research', { fairShareWeight: 3 });
    new TeamNamespace(p, 'vision', { department: research, quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '4' } }] });
    new TeamNamespace(p, 'ops', { quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '4' } }] });
    const objects = kubernetesOf(p);
    expect(objectNamed(objects, 'Cohort', 'acme').spec).toEqual({});
    expect(objectNamed(objects, 'Cohort', 'research').spec).toEqual({ parentName: 'acme', fairSharing: { weight: '3' } });
    expect(objectNamed(objects, 'ClusterQueue', 'vision').spec.cohortName).toBe('research');
    expect(objectNamed(objects, 'ClusterQueue', 'ops').spec.cohortName).toBe('acme');
  });

  test('Kueue does not count EFA interfaces (EKS) or scratch space: no queue covers them', () => {
    const config = (p: MlPlatform) => {
      new TeamNamespace(p, 't');
      return JSON.parse(objectNamed(kubernetesOf(p), 'ConfigMap', 'kueue-manager-config').data['controller_manager_config.yaml']);
    };
    expect(config(awsPlatform()).resources.excludeResourcePrefixes).toEqual(['ephemeral-storage', 'vpc.amazonaws.com/efa']);
    expect(config(gcpPlatform()).resources.excludeResourcePrefixes).toEqual(['ephemeral-storage']);
  });

  test('scheduler objects appear with the first team or department, not before', () => {
    const p = awsPlatform();
    h100(p);
    expect(ofKind(kubernetesOf(p), 'Cohort')).toEqual([]);
    new Department(p, 'research');
    expect(ofKind(kubernetesOf(p), 'Cohort').map((c) => c.metadata.name).sort()).toEqual(['aws-test', 'research']);
  });
});

describe('Volcano', () => {
  test('a Queue per team: deserved = guaranteed, guarantee = the part never lent, capability = guaranteed + borrowing', () => {
    const p = awsPlatform({ scheduler: Scheduler.volcano() });
    const pool = h100(p);
    new TeamNamespace(p, 'limits', {
      quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '4', 'cpu': '16', 'memory': '64Gi' }, lendingLimit: { 'nvidia.com/gpu': '1' }, borrowingLimit: { 'nvidia.com/gpu': '2' } }],
    });
    new TeamNamespace(p, 'alone', { sharesCapacity: false, quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '2' } }], fairShareWeight: 3 });
    const objects = kubernetesOf(p);
    expect(objectNamed(objects, 'Queue', 'limits').spec).toEqual({
      weight: 1,
      reclaimable: true,
      deserved: { 'cpu': '16', 'memory': '64Gi', 'nvidia.com/gpu': '4' },
      guarantee: { resource: { 'nvidia.com/gpu': '3' } },
      capability: { 'nvidia.com/gpu': '6' },
    });
    const alone = objectNamed(objects, 'Queue', 'alone').spec;
    expect(alone.reclaimable).toBe(false);
    expect(alone.weight).toBe(3);
    expect(alone.guarantee.resource).toEqual(alone.deserved);
    expect(alone.capability).toEqual(alone.deserved);
    // No Kueue objects on a Volcano platform: no flavors, no queues, no WorkloadPriorityClasses.
    new PriorityTiers(p, 'tiers');
    expect(kubernetesOf(p).filter((o) => o.apiVersion.startsWith('kueue.x-k8s.io'))).toEqual([]);
    expect(pool.resourceFlavor).toBeUndefined();
    expect(objectNamed(objects, 'Namespace', 'limits').metadata.annotations).toEqual({ 'scheduling.volcano.sh/queue-name': 'limits' });
  });

  test('the scheduler config: proportion without hierarchy; capacity with hierarchy once a department exists; binpack on GPU resources', () => {
    const proportion = awsPlatform({ scheduler: Scheduler.volcano({ queuePlugin: VolcanoQueuePlugin.PROPORTION }) });
    h100(proportion);
    new TeamNamespace(proportion, 'a');
    const conf = (p: MlPlatform) => JSON.parse(objectNamed(kubernetesOf(p), 'ConfigMap', 'volcano-scheduler-configmap').data['volcano-scheduler.conf']);
    const plugins = (p: MlPlatform) => conf(p).tiers.flatMap((t: any) => t.plugins);
    expect(plugins(proportion).map((pl: any) => pl.name)).toEqual(['priority', 'gang', 'conformance', 'drf', 'predicates', 'proportion', 'nodeorder', 'binpack']);
    expect(plugins(proportion).find((pl: any) => pl.name === 'binpack').arguments['binpack.resources']).toBe('nvidia.com/gpu');

    const capacity = awsPlatform({ scheduler: Scheduler.volcano() });
    new TeamNamespace(capacity, 'a');
    expect(plugins(capacity).find((pl: any) => pl.name === 'capacity')).toEqual({ name: 'capacity' });
    new Department(capacity, 'research');
    expect(plugins(capacity).find((pl: any) => pl.name === 'capacity')).toEqual({ name: 'capacity', enableHierarchy: true });
  });
});

test('synthesis is deterministic: the same declarations give byte-identical output', () => {
  const build = () => {
    const p = awsPlatform({ scheduler: Scheduler.kueue({ fairSharing: true }) });
    const pool = h100(p);
    new PriorityTiers(p, 'tiers');
    const d = new Department(p, 'd');
    new TeamNamespace(p, 'b', { department: d, quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '3' } }], adminGroups: ['z', 'a'] });
    new TeamNamespace(p, 'a', { quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '5' } }], tiers: ['batch'] });
    return JSON.stringify(kubernetesOf(p));
  };
  expect(build()).toBe(build());
});

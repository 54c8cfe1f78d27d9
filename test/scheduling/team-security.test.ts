import { ErrorCode, GpuModel, GpuNodePool, PodSecurityLevel, PriorityTiers, Scheduler, TeamNamespace } from '../../lib';
import { describeWithCrds, getValidator } from '../conformance/crd-validator';
import { awsPlatform, gcpPlatform, kubernetesOf, objectNamed, terraformOf, validationErrorOf } from '../support/platforms';

const inNamespace = (objects: any[], kind: string, namespace: string) => objects.filter((o) => o.kind === kind && o.metadata.namespace === namespace);

describe('team namespaces: no system priorities, no automounted default token', () => {
  const p = awsPlatform();
  new TeamNamespace(p, 'vision', { namespaces: ['vision', 'vision-dev'], tiers: ['batch'] });
  new PriorityTiers(p, 'tiers');
  const objects = kubernetesOf(p);

  test.each(['vision', 'vision-dev'])('%s: pods of system-cluster-critical and system-node-critical are refused by a zero pod quota', (ns) => {
    const quota = objectNamed(inNamespace(objects, 'ResourceQuota', ns), 'ResourceQuota', 'vision-system-priorities');
    expect(quota.spec).toEqual({
      hard: { pods: '0' },
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['system-cluster-critical', 'system-node-critical'] }] },
    });
    expect(quota.metadata.labels).toMatchObject({ 'ml-platform-cdk.io/team': 'vision' });
  });

  test('the system quota is a quota of its own: the tier quota and the resource quota are unchanged', () => {
    expect(inNamespace(objects, 'ResourceQuota', 'vision').map((q) => q.metadata.name).sort())
      .toEqual(['vision-quota', 'vision-system-priorities', 'vision-tiers']);
    expect(objectNamed(inNamespace(objects, 'ResourceQuota', 'vision'), 'ResourceQuota', 'vision-tiers').spec.scopeSelector.matchExpressions[0].values)
      .not.toContain('system-node-critical');
  });

  test.each(['vision', 'vision-dev'])('%s: the default ServiceAccount does not automount its token', (ns) => {
    const [account] = inNamespace(objects, 'ServiceAccount', ns);
    expect(account).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: ns, labels: { 'app.kubernetes.io/managed-by': 'ml-platform-cdk', 'ml-platform-cdk.io/team': 'vision' } },
      automountServiceAccountToken: false,
    });
  });

  test('service accounts and quotas come after their namespace in the output (install order)', () => {
    const index = (kind: string, name: string, ns?: string) =>
      objects.findIndex((o) => o.kind === kind && o.metadata.name === name && (ns === undefined || o.metadata.namespace === ns));
    expect(index('Namespace', 'vision')).toBeLessThan(index('ResourceQuota', 'vision-system-priorities', 'vision'));
    expect(index('Namespace', 'vision-dev')).toBeLessThan(index('ServiceAccount', 'default', 'vision-dev'));
  });
});

describe('team opt-outs and escape hatches for the hardening objects', () => {
  test('automountDefaultServiceAccountToken: true mounts the default token again, in every namespace of the team', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'tools', { namespaces: ['tools', 'tools-ci'], automountDefaultServiceAccountToken: true });
    new TeamNamespace(p, 'locked');
    const objects = kubernetesOf(p);
    expect(inNamespace(objects, 'ServiceAccount', 'tools')[0].automountServiceAccountToken).toBe(true);
    expect(inNamespace(objects, 'ServiceAccount', 'tools-ci')[0].automountServiceAccountToken).toBe(true);
    expect(inNamespace(objects, 'ServiceAccount', 'locked')[0].automountServiceAccountToken).toBe(false);
  });

  test('namespaceObjects() exposes the default ServiceAccount and the system-priority quota, and patches reach the output', () => {
    const p = awsPlatform();
    const team = new TeamNamespace(p, 'vision');
    const objects = team.namespaceObjects('vision');
    objects.defaultServiceAccount.metadata.addAnnotation('example.com/owner', 'vision');
    objects.systemPriorityQuota.metadata.addLabel('example.com/audit', 'yes');
    const out = kubernetesOf(p);
    expect(inNamespace(out, 'ServiceAccount', 'vision')[0].metadata.annotations).toEqual({ 'example.com/owner': 'vision' });
    expect(objectNamed(out, 'ResourceQuota', 'vision-system-priorities').metadata.labels['example.com/audit']).toBe('yes');
  });

  test.each([
    ['automountDefaultServiceAccountToken', 'false'],
    ['automountDefaultServiceAccountToken', 1],
    ['networkIsolation', 'false'],
    ['networkIsolation', null],
  ])('%s: %j is refused, not coerced', (prop, value) => {
    const error = validationErrorOf(() => new TeamNamespace(awsPlatform(), 't', { [prop]: value } as any));
    expect(error.code).toBe(ErrorCode.TEAM_OPTION_INVALID);
    expect(error.constructPath).toBe('aws-test/t');
    expect(error.message).toContain(prop);
  });
});

describe('PodSecurityLevel.RESTRICTED: the hardening path', () => {
  test('enforces restricted (warn and audit are restricted at every level)', () => {
    const p = gcpPlatform();
    new TeamNamespace(p, 'hardened', { podSecurity: PodSecurityLevel.RESTRICTED });
    new TeamNamespace(p, 'ordinary');
    const objects = kubernetesOf(p);
    expect(objectNamed(objects, 'Namespace', 'hardened').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
    expect(objectNamed(objects, 'Namespace', 'ordinary').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  test('the level is one of the three Pod Security Standards (the enum value, not its name)', () => {
    const p = awsPlatform();
    expect(validationErrorOf(() => new TeamNamespace(p, 'x', { podSecurity: 'RESTRICTED' as PodSecurityLevel })).code).toBe(ErrorCode.INVALID_NAME);
  });
});

describe('allowIngressFrom never names another team\'s namespace', () => {
  test.each([
    ['declared before the other team', true],
    ['declared after the other team', false],
  ])('%s: INGRESS_FROM_OTHER_TEAM at synth, pointing at the team that opens itself', (_label, first) => {
    const p = awsPlatform();
    const open = () => new TeamNamespace(p, 'serving', { allowIngressFrom: ['ingress-nginx', 'research-dev'] });
    if (first) open();
    new TeamNamespace(p, 'research', { namespaces: ['research', 'research-dev'] });
    if (!first) open();
    for (const synth of [() => kubernetesOf(p), () => terraformOf(p)]) {
      const error = validationErrorOf(synth);
      expect(error.code).toBe(ErrorCode.INGRESS_FROM_OTHER_TEAM);
      expect(error.constructPath).toBe('aws-test/serving');
      expect(error.message).toContain('research-dev belongs to team research');
    }
  });

  test('the team\'s own namespaces, the platform\'s and namespaces of no team are allowed', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'research', { namespaces: ['research', 'research-dev'], allowIngressFrom: ['research-dev', 'kube-system', 'monitoring'] });
    new TeamNamespace(p, 'serving');
    const policy = objectNamed(inNamespace(kubernetesOf(p), 'NetworkPolicy', 'research'), 'NetworkPolicy', 'research-isolation');
    expect(policy.spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values).not.toContain('serving');
  });

  test('a team without isolation lets everyone in already: its allowIngressFrom is not read', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'open', { networkIsolation: false, allowIngressFrom: ['research'] });
    new TeamNamespace(p, 'research');
    expect(() => kubernetesOf(p)).not.toThrow();
  });
});

describeWithCrds('the new team objects conform to the Kubernetes API', () => {
  test.each([
    ['EKS, Kueue', () => awsPlatform()],
    ['GKE, Volcano', () => gcpPlatform({ scheduler: Scheduler.volcano() })],
  ])('%s: every object validates, the ServiceAccounts and the scoped quotas among them', (_label, platform) => {
    const p = platform();
    const pool = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4 });
    new PriorityTiers(p, 'tiers');
    new TeamNamespace(p, 'vision', { podSecurity: PodSecurityLevel.RESTRICTED, quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '2' } }], tiers: ['batch'] });
    new TeamNamespace(p, 'speech', { namespaces: ['speech', 'speech-dev'] });
    const objects = kubernetesOf(p);
    const validated = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(validated).toEqual(expect.arrayContaining([
      'ServiceAccount/vision/default', 'ServiceAccount/speech-dev/default',
      'ResourceQuota/vision/vision-system-priorities', 'ResourceQuota/speech-dev/speech-system-priorities',
    ]));
    expect(getValidator().validateAll(objects)).toEqual([]);
  });

  test('the validator would catch a wrong field on them (an unknown ServiceAccount field, a bad quota scope)', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'vision');
    const objects = kubernetesOf(p);
    const account = { ...objectNamed(objects, 'ServiceAccount', 'default'), automountToken: false };
    const quota = structuredClone(objectNamed(objects, 'ResourceQuota', 'vision-system-priorities'));
    quota.spec.scopeSelector.matchExpressions[0].operator = 'Includes';
    expect(getValidator().validateAll([account, quota])).toEqual([
      'v1|ServiceAccount default: automountToken: unknown field "automountToken"',
      expect.stringContaining('v1|ResourceQuota vision-system-priorities: spec.scopeSelector.matchExpressions[0].operator'),
    ]);
  });
});

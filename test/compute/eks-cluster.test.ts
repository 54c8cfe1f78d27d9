import { EksAccessEntry, EksCluster, EksClusterProps, EksControlPlaneLogType, ErrorCode, GpuModel, GpuNodePool, TeamNamespace } from '../../lib';
import { awsPlatform, kubernetesOf, resources, resourceWhere, terraformOf, validationErrorOf } from '../support/platforms';

const base: EksClusterProps = {
  clusterName: 'ml-new',
  vpcId: 'vpc-0123456789abcdef0',
  subnets: [
    { subnetId: 'subnet-0aaaaaaaaaaaaaaa1', availabilityZone: 'us-east-1a' },
    { subnetId: 'subnet-0bbbbbbbbbbbbbbb2', availabilityZone: 'us-east-1b' },
  ],
};

const research: EksAccessEntry = { principalArn: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/ResearchLeads', kubernetesGroups: ['research-leads', 'research'] };
const serving: EksAccessEntry = { principalArn: 'arn:aws:iam::111122223333:role/ml-serving', kubernetesGroups: ['serving-oncall'] };

/** The cloud layer of a platform on a cluster created with `props` (and one GPU pool, so that node groups exist). */
function created(props: Partial<EksClusterProps> = {}) {
  const platform = awsPlatform({ cluster: EksCluster.create({ ...base, ...props }) });
  new GpuNodePool(platform, 'l4', { gpu: GpuModel.L4, maxNodes: 1 });
  const tf = terraformOf(platform);
  return { platform, tf, cluster: resourceWhere(tf, 'aws_eks_cluster', 'name', 'ml-new') };
}

describe('EksCluster.create: security defaults', () => {
  const { tf, cluster } = created();

  test('all five control-plane log types are on', () => {
    expect(cluster.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
  });

  test('the endpoint is private: no public access, no public CIDRs', () => {
    expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(cluster.vpc_config.public_access_cidrs).toBeUndefined();
  });

  test('the VPC CNI add-on runs its network policy agent, and node groups join after it', () => {
    const [addon] = resources(tf, 'aws_eks_addon');
    expect(addon).toMatchObject({ addon_name: 'vpc-cni', resolve_conflicts_on_create: 'OVERWRITE', resolve_conflicts_on_update: 'PRESERVE' });
    expect(JSON.parse(addon.configuration_values)).toEqual({ enableNetworkPolicy: 'true' });
    expect(addon.cluster_name).toMatch(/^\$\{aws_eks_cluster\..*\.name\}$/);
    const nodeGroup = resourceWhere(tf, 'aws_eks_node_group', 'node_group_name', 'l4');
    expect(nodeGroup.depends_on.some((d: string) => d.startsWith('aws_eks_addon.'))).toBe(true);
  });

  test('the cluster and its secrets key cannot be destroyed by a plan (prevent_destroy), and EKS deletion protection is on', () => {
    expect(cluster.lifecycle).toEqual({ prevent_destroy: true });
    expect(cluster.deletion_protection).toBe(true);
    expect(resources(tf, 'aws_kms_key').map((k) => k.lifecycle)).toEqual([{ prevent_destroy: true }]);
  });

  test('no access entries unless asked: the platform does not guess who may use the cluster', () => {
    expect(resources(tf, 'aws_eks_access_entry')).toEqual([]);
  });
});

describe('EksCluster.create: opt-outs', () => {
  test('controlPlaneLogTypes picks log types (in EKS order); [] turns control-plane logging off', () => {
    const some = created({ controlPlaneLogTypes: [EksControlPlaneLogType.SCHEDULER, EksControlPlaneLogType.AUDIT] }).cluster;
    expect(some.enabled_cluster_log_types).toEqual(['audit', 'scheduler']);
    expect(created({ controlPlaneLogTypes: [] }).cluster.enabled_cluster_log_types ?? []).toEqual([]);
  });

  test('networkPolicyAgent: false renders no vpc-cni add-on (another plugin enforces NetworkPolicies)', () => {
    const { tf } = created({ networkPolicyAgent: false });
    expect(resources(tf, 'aws_eks_addon')).toEqual([]);
    expect(resourceWhere(tf, 'aws_eks_node_group', 'node_group_name', 'l4').depends_on.some((d: string) => d.startsWith('aws_eks_addon.'))).toBe(false);
  });

  test('deletionProtection: false lets the cluster and its key be destroyed', () => {
    const { tf, cluster } = created({ deletionProtection: false });
    expect(cluster.deletion_protection).toBe(false);
    expect(cluster.lifecycle).toBeUndefined();
    expect(resources(tf, 'aws_kms_key')[0].lifecycle).toBeUndefined();
  });

  test('a given secrets key is used, and no key is created', () => {
    const { tf, cluster } = created({ secretsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/mrk-0123' });
    expect(cluster.encryption_config.provider.key_arn).toBe('arn:aws:kms:us-east-1:111122223333:key/mrk-0123');
    expect(resources(tf, 'aws_kms_key')).toEqual([]);
  });
});

describe('EksCluster.create: control-plane access', () => {
  test('a public endpoint answers the CIDR blocks given, sorted and distinct', () => {
    const { cluster } = created({ endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24', '198.51.100.7/32', '203.0.113.0/24'] });
    expect(cluster.vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ['198.51.100.7/32', '203.0.113.0/24'] });
  });

  test.each(['0.0.0.0/0', '10.0.0.0/0'])('%s (the whole internet) is refused: CONTROL_PLANE_OPEN', (cidr) => {
    const error = validationErrorOf(() => EksCluster.create({ ...base, endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24', cidr] }));
    expect(error.code).toBe(ErrorCode.CONTROL_PLANE_OPEN);
    expect(error.fix).toContain('allowPublicAccessFromAnywhere');
  });

  test('allowPublicAccessFromAnywhere: true is the explicit opt-in to 0.0.0.0/0', () => {
    const { cluster } = created({ endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'], allowPublicAccessFromAnywhere: true });
    expect(cluster.vpc_config.public_access_cidrs).toEqual(['0.0.0.0/0']);
  });

  test('::/0 and other IPv6 blocks are refused, opt-in or not: created clusters are IPv4 clusters', () => {
    for (const allow of [false, true]) {
      const error = validationErrorOf(() => EksCluster.create({ ...base, endpointPublicAccess: true, publicAccessCidrs: ['::/0'], allowPublicAccessFromAnywhere: allow }));
      expect(error.code).toBe(ErrorCode.CLUSTER_INVALID);
      expect(error.message).toContain('IPv6');
    }
  });

  test.each([
    ['a public endpoint without CIDR blocks', { endpointPublicAccess: true }, 'publicAccessCidrs'],
    ['CIDR blocks for a private endpoint', { publicAccessCidrs: ['203.0.113.0/24'] }, 'endpoint is private'],
    ['more than 40 CIDR blocks', { endpointPublicAccess: true, publicAccessCidrs: Array.from({ length: 41 }, (_, i) => `10.0.${i}.0/24`) }, 'at most 40'],
    ['a malformed block', { endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0'] }, 'not well formed'],
    ['a string for the opt-in', { allowPublicAccessFromAnywhere: 'yes' as unknown as boolean }, 'true or false'],
  ])('%s is refused: CLUSTER_INVALID', (_label, props: Partial<EksClusterProps>, text) => {
    const error = validationErrorOf(() => EksCluster.create({ ...base, ...props }));
    expect(error.code).toBe(ErrorCode.CLUSTER_INVALID);
    expect(error.message).toContain(text);
  });

  test.each([
    ['an unknown log type name', ['AUDIT']],
    ['not a list', 'audit'],
  ])('controlPlaneLogTypes: %s is refused', (_label, value) => {
    expect(validationErrorOf(() => EksCluster.create({ ...base, controlPlaneLogTypes: value as any })).code).toBe(ErrorCode.CLUSTER_INVALID);
  });

  test('networkPolicyAgent must be a boolean', () => {
    expect(validationErrorOf(() => EksCluster.create({ ...base, networkPolicyAgent: 'false' as any })).code).toBe(ErrorCode.CLUSTER_INVALID);
  });
});

describe('EksCluster.create: access entries', () => {
  test('one STANDARD access entry per principal, mapping it to its Kubernetes groups (sorted), with no access policy', () => {
    const { tf } = created({ accessEntries: [serving, research] });
    expect(resources(tf, 'aws_eks_access_entry').map((e) => [e.principal_arn, e.type, e.kubernetes_groups])).toEqual([
      [research.principalArn, 'STANDARD', ['research', 'research-leads']],
      [serving.principalArn, 'STANDARD', ['serving-oncall']],
    ]);
    expect(resources(tf, 'aws_eks_access_entry')[0].cluster_name).toMatch(/^\$\{aws_eks_cluster\..*\.name\}$/);
    expect(resources(tf, 'aws_eks_access_policy_association')).toEqual([]);
  });

  test('an entry\'s logical id comes from its principal: reordering the list replaces nothing', () => {
    const ids = (entries: EksAccessEntry[]) => Object.keys(created({ accessEntries: entries }).tf.resource.aws_eks_access_entry);
    expect(ids([serving, research])).toEqual(ids([research, serving]));
  });

  test.each([
    ['not a list', 'arn:aws:iam::111122223333:role/x', ErrorCode.CLUSTER_INVALID],
    ['an STS session ARN', [{ principalArn: 'arn:aws:sts::111122223333:assumed-role/ml/alice', kubernetesGroups: ['a'] }], ErrorCode.CLUSTER_INVALID],
    ['the same principal twice', [serving, { ...serving, kubernetesGroups: ['other'] }], ErrorCode.DUPLICATE_NAME],
    ['a system: group (EKS refuses them)', [{ ...serving, kubernetesGroups: ['system:masters'] }], ErrorCode.CLUSTER_INVALID],
    ['no groups', [{ ...serving, kubernetesGroups: [] }], ErrorCode.CLUSTER_INVALID],
    ['a null entry', [null], ErrorCode.CLUSTER_INVALID],
  ])('%s is refused', (_label, accessEntries, code) => {
    expect(validationErrorOf(() => EksCluster.create({ ...base, accessEntries: accessEntries as any })).code).toBe(code);
  });

  test('with access entries, a group a team binds that no entry maps is refused at synth: TEAM_GROUP_NOT_MAPPED', () => {
    const platform = awsPlatform({ cluster: EksCluster.create({ ...base, accessEntries: [research] }) });
    new TeamNamespace(platform, 'research', { adminGroups: ['research-leads'], memberGroups: ['research'] });
    expect(() => kubernetesOf(platform)).not.toThrow();
    // Declared after the first team, with a typo: the check reads the whole model at synth.
    new TeamNamespace(platform, 'serving', { adminGroups: ['serving-on-call'] });
    const error = validationErrorOf(() => kubernetesOf(platform));
    expect(error.code).toBe(ErrorCode.TEAM_GROUP_NOT_MAPPED);
    expect(error.constructPath).toBe('aws-test/serving');
    expect(error.allowed).toBe('research, research-leads');
    expect(validationErrorOf(() => terraformOf(platform)).code).toBe(ErrorCode.TEAM_GROUP_NOT_MAPPED);
  });

  test('accessEntries: [] means "this platform manages access, and maps nothing": team groups are refused', () => {
    const platform = awsPlatform({ cluster: EksCluster.create({ ...base, accessEntries: [] }) });
    new TeamNamespace(platform, 'solo');
    expect(() => kubernetesOf(platform)).not.toThrow();
    new TeamNamespace(platform, 'vision', { memberGroups: ['vision'] });
    expect(validationErrorOf(() => kubernetesOf(platform)).allowed).toBe('none: the cluster has no access entry');
  });

  test('without accessEntries (managed elsewhere), and on existing clusters, team groups are not checked', () => {
    const platform = awsPlatform({ cluster: EksCluster.create(base) });
    new TeamNamespace(platform, 'vision', { memberGroups: ['vision'] });
    expect(() => kubernetesOf(platform)).not.toThrow();
    const existing = awsPlatform();
    new TeamNamespace(existing, 'vision', { memberGroups: ['vision'] });
    expect(() => kubernetesOf(existing)).not.toThrow();
  });
});

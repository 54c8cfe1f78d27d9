import { Budget, Cloud, EksCluster, GkeCluster, GpuModel, GpuNodePool, MlPlatform, Placement, TeamNamespace } from '../../lib';
import { awsPlatform, gcpPlatform, terraformOf } from '../support/platforms';

// Every cloud object the library creates carries the platform, pool and team tags (AWS) or labels (GCP) the cloud bill
// and OpenCost/Kubecost attribute spend by: the test walks the whole synthesized Terraform JSON, so a resource type added
// later without them fails here.

const TEAM_OF: Record<string, string | undefined> = { 'research-h100': 'research', 'shared-l4': undefined };

const SUBNETS = [
  { subnetId: 'subnet-0aaaaaaaaaaaaaaa1', availabilityZone: 'us-east-1a' },
  { subnetId: 'subnet-0bbbbbbbbbbbbbbb2', availabilityZone: 'us-east-1b' },
];

/** Taggable AWS resource types whose tags the provider's default_tags complete, and which pool each belongs to. */
const AWS_POOL_RESOURCES: Record<string, (r: any) => string> = {
  aws_eks_node_group: (r) => r.node_group_name,
  aws_launch_template: (r) => poolNamed(r.name),
  aws_placement_group: (r) => poolNamed(r.name),
  aws_security_group: (r) => poolNamed(r.name.replace(/-efa$/, '')),
};
/** The pool a `<cluster>-<pool>` name is for (the cluster part is a token when the platform creates the cluster). */
function poolNamed(name: string): string {
  return Object.keys(TEAM_OF).find((pool) => name.endsWith(`-${pool}`)) ?? name;
}

/** AWS resources that take no tags, or whose cost is not theirs to carry. */
const AWS_UNTAGGED = new Set(['aws_autoscaling_group_tag', 'aws_iam_role_policy_attachment', 'aws_iam_role_policy', 'aws_ce_cost_allocation_tag', 'aws_budgets_budget_action']);

function platforms() {
  const aws = awsPlatform({ cloud: Cloud.aws({ region: 'us-east-1', tags: { 'cost-center': 'ml' } }),
    cluster: EksCluster.create({ clusterName: 'ml-new', vpcId: 'vpc-0123456789abcdef0', subnets: SUBNETS, kubernetesVersion: '1.33' }) });
  const gcp = gcpPlatform({ cloud: Cloud.gcp({ project: 'acme-ml-test', region: 'us-central1', labels: { 'cost-center': 'ml' } }),
    cluster: GkeCluster.create({ clusterName: 'ml-new', network: 'vpc', subnetwork: 'nodes' }) });
  for (const p of [aws, gcp]) declare(p);
  return { aws, gcp };
}

function declare(p: MlPlatform): void {
  const own = new GpuNodePool(p, 'research-h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: 2, placement: Placement.COMPACT,
    zones: p.cloud.provider === 'aws' ? undefined : ['us-central1-a'] });
  const shared = new GpuNodePool(p, 'shared-l4', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4 });
  new TeamNamespace(p, 'research', { quotas: [{ pool: own, guaranteed: { 'nvidia.com/gpu': '8' } }, { pool: shared, guaranteed: { 'nvidia.com/gpu': '1' } }] });
  new TeamNamespace(p, 'vision', { quotas: [{ pool: shared, guaranteed: { 'nvidia.com/gpu': '1' } }] });
  new Budget(p, 'ResearchBudget', { name: 'research', team: 'research', monthlyLimitUsd: 50000, emails: ['finops@example.com'],
    ...(p.cloud.provider === 'gcp' ? { billingAccountId: '012345-6789AB-CDEF01' } : { cap: { roleNames: ['cluster-autoscaler'] } }) });
}


describe('cost allocation tags and labels on every cloud object', () => {
  const { aws, gcp } = platforms();

  test('AWS: the provider tags every resource with the platform and the user\'s tags; pool resources carry pool and team; instances and volumes all three', () => {
    const tf = terraformOf(aws);
    expect(tf.provider.aws[0].default_tags).toEqual([{ tags: { 'ml-platform-cdk:platform': 'aws-test', 'cost-center': 'ml' } }]);
    const seen = new Set<string>();
    for (const [type, byId] of Object.entries(tf.resource as Record<string, Record<string, any>>)) {
      for (const r of Object.values(byId)) {
        const poolOf = AWS_POOL_RESOURCES[type];
        if (!poolOf) continue;
        const pool = poolOf(r);
        const team = TEAM_OF[pool];
        expect(Object.keys(TEAM_OF)).toContain(pool);
        expect(r.tags).toMatchObject({ 'ml-platform-cdk:pool': pool });
        expect(r.tags['ml-platform-cdk:team']).toBe(team);
        for (const spec of r.tag_specifications ?? []) {
          expect(spec.tags).toEqual({ 'cost-center': 'ml', 'ml-platform-cdk:platform': 'aws-test', 'ml-platform-cdk:pool': pool, ...(team ? { 'ml-platform-cdk:team': team } : {}) });
        }
        seen.add(`${type}:${pool}`);
      }
    }
    expect([...seen].sort()).toEqual([
      'aws_eks_node_group:research-h100', 'aws_eks_node_group:shared-l4', 'aws_launch_template:research-h100', 'aws_launch_template:shared-l4',
      'aws_placement_group:research-h100', 'aws_security_group:research-h100',
    ]);
    // Every other resource type is either tagged through default_tags (it has a tags argument in the binding) or listed as untaggable.
    const others = Object.keys(tf.resource).filter((t) => !AWS_POOL_RESOURCES[t] && !AWS_UNTAGGED.has(t)).sort();
    expect(others).toEqual(['aws_budgets_budget', 'aws_eks_addon', 'aws_eks_cluster', 'aws_iam_policy', 'aws_iam_role', 'aws_kms_key']);
  });

  test('GCP: node pools label their VMs and disks with platform, pool and team and the user\'s labels; the provider labels the rest', () => {
    const tf = terraformOf(gcp);
    expect(tf.provider.google[0].default_labels).toEqual({ 'ml-platform-cdk-platform': 'gcp-test', 'cost-center': 'ml' });
    const pools = Object.values(tf.resource.google_container_node_pool as Record<string, any>);
    expect(pools.map((p) => p.name).sort()).toEqual(['research-h100', 'shared-l4']);
    for (const p of pools) {
      const team = TEAM_OF[p.name];
      expect(p.node_config.resource_labels).toEqual({
        'cost-center': 'ml', 'ml-platform-cdk-platform': 'gcp-test', 'ml-platform-cdk-pool': p.name, ...(team ? { 'ml-platform-cdk-team': team } : {}),
      });
    }
    for (const c of Object.values(tf.resource.google_monitoring_notification_channel as Record<string, any>)) {
      expect(c.user_labels).toEqual({ 'ml-platform-cdk-platform': 'gcp-test' });
    }
    expect(Object.values(tf.resource.google_container_cluster as Record<string, any>)[0].cost_management_config).toEqual({ enabled: true });
  });
});

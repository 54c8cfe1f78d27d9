import { TerraformStack, Testing as TfTesting } from 'cdktf';
import { Construct } from 'constructs';
import { EksCluster, GkeCluster, GpuModel, GpuNodePool, GpuNodePoolProps, MlPlatform, TeamNamespace, TeamNamespaceProps } from '../../lib';
import { awsPlatform, gcpPlatform, kubernetesOf, resources, terraformOf } from '../support/platforms';

// What the README's "Renaming pools and teams" says, as tests: cloud resources and cluster objects are keyed by the
// names the user gives (`name`), never by construct ids or where a construct is declared.

const subnets = [
  { subnetId: 'subnet-0aaaaaaaaaaaaaaa1', availabilityZone: 'us-east-1a' },
  { subnetId: 'subnet-0bbbbbbbbbbbbbbb2', availabilityZone: 'us-east-1b' },
];

const CLOUDS: [string, () => MlPlatform, string, string][] = [
  ['EKS', () => awsPlatform({ cluster: EksCluster.create({ clusterName: 'ml', vpcId: 'vpc-0123456789abcdef0', subnets }) }), 'aws_eks_node_group', 'node_group_name'],
  ['GKE', () => gcpPlatform({ cluster: GkeCluster.create({ clusterName: 'ml', network: 'vpc', subnetwork: 'nodes' }) }), 'google_container_node_pool', 'name'],
];

/** Both layers, as text, of a platform with one pool and one team declared by `declare`. */
function layers(make: () => MlPlatform, declare: (p: MlPlatform) => void): { tf: string; k8s: string } {
  const p = make();
  declare(p);
  return { tf: TfTesting.synth(p.stack as TerraformStack, true), k8s: JSON.stringify(kubernetesOf(p)) };
}

const pool = (props: Partial<GpuNodePoolProps> = {}): GpuNodePoolProps => ({ gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 2, ...props });

describe.each(CLOUDS)('%s: renaming a pool', (_cloud, make, nodeGroupType, nameKey) => {
  const team = (p: MlPlatform, gpuPool: GpuNodePool) => new TeamNamespace(p, 'vision', { quotas: [{ pool: gpuPool, guaranteed: { 'nvidia.com/gpu': '1' } }] });
  const before = layers(make, (p) => team(p, new GpuNodePool(p, 'l4', pool())));

  test('a new construct id with the same `name` changes nothing in either layer', () => {
    expect(layers(make, (p) => team(p, new GpuNodePool(p, 'InferencePool', pool({ name: 'l4' }))))).toEqual(before);
  });

  test('moving the pool into a blueprint construct, with the same `name`, changes nothing in either layer', () => {
    expect(layers(make, (p) => team(p, new GpuNodePool(new Construct(p, 'Blueprint'), 'Pool', pool({ name: 'l4' }))))).toEqual(before);
  });

  test('a new `name` replaces the node group (its name is immutable in the cloud API), and nothing else in the cloud layer', () => {
    const renamed = layers(make, (p) => team(p, new GpuNodePool(p, 'l4', pool({ name: 'l4-inference' }))));
    const [old, now] = [JSON.parse(before.tf), JSON.parse(renamed.tf)];
    expect(resources(now, nodeGroupType).map((n) => n[nameKey])).toEqual(['l4-inference']);
    expect(Object.keys(now.resource[nodeGroupType])).not.toEqual(Object.keys(old.resource[nodeGroupType]));
    // The cluster, its key and its roles keep their logical ids and their configuration.
    const clusterType = nodeGroupType === 'aws_eks_node_group' ? 'aws_eks_cluster' : 'google_container_cluster';
    expect(now.resource[clusterType]).toEqual(old.resource[clusterType]);
    // Everything outside the pool's own scope (logical ids `<platform>_<pool name>_…`) is untouched.
    const outsidePool = (tf: any) => Object.fromEntries(Object.entries<Record<string, unknown>>(tf.resource).flatMap(([type, byId]) =>
      Object.entries(byId).filter(([id]) => !/_l4(-inference)?_/.test(id)).map(([id, r]) => [`${type}.${id}`, r])));
    expect(Object.keys(outsidePool(old)).length).toBeGreaterThan(3);
    expect(outsidePool(now)).toEqual(outsidePool(old));
  });
});

describe('renaming a team', () => {
  const make = () => awsPlatform();
  const declare = (id: string, props: TeamNamespaceProps = {}, scope?: (p: MlPlatform) => Construct) => (p: MlPlatform) => {
    const gpuPool = new GpuNodePool(p, 'l4', pool());
    new TeamNamespace(scope ? scope(p) : p, id, { quotas: [{ pool: gpuPool, guaranteed: { 'nvidia.com/gpu': '1' } }], ...props });
  };
  const before = layers(make, declare('vision'));

  test('a new construct id with the same `name`, or a move into a blueprint, changes nothing in either layer', () => {
    expect(layers(make, declare('VisionTeam', { name: 'vision' }))).toEqual(before);
    expect(layers(make, declare('Team', { name: 'vision' }, (p) => new Construct(p, 'Research')))).toEqual(before);
  });

  test('a new `name` with the namespaces pinned keeps the namespaces (and what is in them); only the team\'s own objects are renamed', () => {
    const p = awsPlatform();
    declare('vision', { name: 'computer-vision', namespaces: ['vision'] })(p);
    const objects = kubernetesOf(p);
    const old = JSON.parse(before.k8s) as any[];
    const names = (list: any[], kind: string) => list.filter((o) => o.kind === kind).map((o) => o.metadata.name);
    expect(names(objects, 'Namespace')).toEqual(names(old, 'Namespace'));
    expect(objects.filter((o) => o.metadata.namespace === 'computer-vision')).toEqual([]);
    expect(names(objects, 'ClusterQueue')).toEqual(['computer-vision']);
    expect(names(objects, 'LocalQueue')).toEqual(['computer-vision']);
  });
});

test('the platform\'s name is its stack and the prefix of every logical id: renaming a platform is a state move, not a rename', () => {
  const ids = (name: string) => {
    const p = awsPlatform({ cluster: EksCluster.create({ clusterName: 'ml', vpcId: 'vpc-0123456789abcdef0', subnets }) }, name);
    return { stack: p.stack.node.id, cluster: Object.keys(terraformOf(p).resource.aws_eks_cluster) };
  };
  const [a, b] = [ids('ml-a'), ids('ml-b')];
  expect([a.stack, b.stack]).toEqual(['ml-a', 'ml-b']);
  expect(a.cluster).not.toEqual(b.cluster);
});

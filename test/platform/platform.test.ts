import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, JsonPatch, Testing as K8sTesting } from 'cdk8s';
import { TerraformStack, Testing as TfTesting } from 'cdktf';
import { Capacity, Cloud, EksCluster, GkeCluster, GpuModel, GpuNodePool, MlPlatform, Placement } from '../../lib';
import { awsPlatform, existingEks, kubernetesOf, resources, resourceWhere, terraformOf } from '../support/platforms';

const subnets = [
  { subnetId: 'subnet-0aaaaaaaaaaaaaaa1', availabilityZone: 'us-east-1a' },
  { subnetId: 'subnet-0bbbbbbbbbbbbbbb2', availabilityZone: 'us-east-1b' },
];

describe('MlPlatform creating an EKS cluster', () => {
  const platform = awsPlatform({ cluster: EksCluster.create({ clusterName: 'ml-new', vpcId: 'vpc-0123456789abcdef0', subnets, kubernetesVersion: '1.33' }) });
  new GpuNodePool(platform, 'h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: 2, placement: Placement.COMPACT });
  const tf = terraformOf(platform);
  const cluster = resourceWhere(tf, 'aws_eks_cluster', 'name', 'ml-new');

  test('private endpoint, secrets encrypted with a rotating KMS key, audit logs, deletion protection', () => {
    expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(cluster.encryption_config.resources).toEqual(['secrets']);
    expect(cluster.encryption_config.provider.key_arn).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
    expect(resources(tf, 'aws_kms_key')[0].enable_key_rotation).toBe(true);
    expect(cluster.enabled_cluster_log_types).toContain('audit');
    expect(cluster.deletion_protection).toBe(true);
    expect(cluster.access_config).toEqual({ authentication_mode: 'API' });
    expect(cluster.version).toBe('1.33');
  });

  test('node role with exactly the three policies EKS documents for nodes', () => {
    const nodeRole = resourceWhere(tf, 'aws_iam_role', 'name', 'ml-new-nodes');
    expect(JSON.parse(nodeRole.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com' });
    const nodePolicies = resources(tf, 'aws_iam_role_policy_attachment')
      .filter((a) => a.role.includes('NodeRole'))
      .map((a) => a.policy_arn.split('/').pop())
      .sort();
    expect(nodePolicies).toEqual(['AmazonEC2ContainerRegistryReadOnly', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy']);
  });

  test('node groups reference the created cluster and role, after the cluster exists', () => {
    const ng = resourceWhere(tf, 'aws_eks_node_group', 'node_group_name', 'h100');
    expect(ng.cluster_name).toMatch(/^\$\{aws_eks_cluster\..*\.name\}$/);
    expect(ng.node_role_arn).toMatch(/^\$\{aws_iam_role\..*\.arn\}$/);
    expect(ng.depends_on.some((d: string) => d.startsWith('aws_eks_cluster.'))).toBe(true);
    // EFA interfaces carry the created cluster's security group.
    const lt = resources(tf, 'aws_launch_template')[0];
    expect(lt.network_interfaces[0].security_groups[0]).toMatch(/vpc_config\[0\]\.cluster_security_group_id/);
  });

  test('AWS provider in the platform region with platform tags', () => {
    expect(tf.provider.aws[0]).toMatchObject({ region: 'us-east-1', default_tags: [{ tags: { 'ml-platform-cdk:platform': 'aws-test' } }] });
  });
});

describe('MlPlatform creating a GKE cluster', () => {
  const platform = new MlPlatform('gcp-new', {
    cloud: Cloud.gcp({ project: 'acme-ml-test', region: 'us-central1', labels: { team: 'ml-infra' } }),
    cluster: GkeCluster.create({ clusterName: 'ml-new', network: 'vpc', subnetwork: 'nodes' }),
    kubernetesApp: K8sTesting.app(),
    terraformApp: TfTesting.app(),
  });
  new GpuNodePool(platform, 'l4', { gpu: GpuModel.L4, maxNodes: 2, capacity: Capacity.spot() });
  const tf = terraformOf(platform);
  const cluster = resourceWhere(tf, 'google_container_cluster', 'name', 'ml-new');

  test('no default node pool, workload identity, private nodes, Dataplane V2, deletion protection', () => {
    expect(cluster.remove_default_node_pool).toBe(true);
    expect(cluster.workload_identity_config).toEqual({ workload_pool: 'acme-ml-test.svc.id.goog' });
    expect(cluster.private_cluster_config.enable_private_nodes).toBe(true);
    expect(cluster.datapath_provider).toBe('ADVANCED_DATAPATH');
    expect(cluster.deletion_protection).toBe(true);
    expect(cluster.location).toBe('us-central1');
  });

  test('a dedicated node service account with least-privilege roles, used by the pools', () => {
    const account = resources(tf, 'google_service_account')[0];
    expect(account.account_id).toBe('ml-new-nodes');
    expect(resources(tf, 'google_project_iam_member').map((m) => m.role).sort())
      .toEqual(['roles/artifactregistry.reader', 'roles/container.defaultNodeServiceAccount']);
    const np = resources(tf, 'google_container_node_pool')[0];
    expect(np.node_config.service_account).toMatch(/^\$\{google_service_account\..*\.email\}$/);
    expect(np.cluster).toMatch(/^\$\{google_container_cluster\..*\.name\}$/);
  });

  test('Google provider with project, region and labels', () => {
    expect(tf.provider.google[0]).toMatchObject({
      project: 'acme-ml-test', region: 'us-central1', default_labels: { 'ml-platform-cdk-platform': 'gcp-new', team: 'ml-infra' },
    });
  });
});

describe('composition with existing apps, charts and stacks', () => {
  test('a user chart and stack receive the platform objects; one provider only', () => {
    const k8sApp = K8sTesting.app();
    const tfApp = TfTesting.app();
    const chart = new Chart(k8sApp, 'mine');
    const stack = new TerraformStack(tfApp, 'mine');
    const platform = new MlPlatform('p', { cloud: Cloud.aws({ region: 'us-east-1' }), cluster: existingEks(), chart, stack });
    new GpuNodePool(platform, 'l4', { gpu: GpuModel.L4, maxNodes: 1 });
    expect(platform.chart).toBe(chart);
    // The flavor, and on EKS the GPU operator's configuration (the AMI has no device plugin).
    expect(chart.toJson().map((o: any) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ClusterPolicy/cluster-policy', 'ConfigMap/p-device-plugin-config', 'ConfigMap/p-mig-parted-config', 'ResourceFlavor/l4',
    ]);
    const tf = JSON.parse(TfTesting.synth(stack, true));
    expect(tf.provider.aws).toHaveLength(1);
    expect(resources(tf, 'aws_eks_node_group')).toHaveLength(1);
  });

  test('two platforms share one app pair, each in its own chart and stack', () => {
    const kubernetesApp = K8sTesting.app();
    const terraformApp = TfTesting.app();
    const a = new MlPlatform('a', { cloud: Cloud.aws({ region: 'us-east-1' }), cluster: existingEks(), kubernetesApp, terraformApp });
    const b = new MlPlatform('b', { cloud: Cloud.aws({ region: 'us-east-1' }), cluster: existingEks(), kubernetesApp, terraformApp });
    new GpuNodePool(a, 'l4', { gpu: GpuModel.L4, maxNodes: 1 });
    new GpuNodePool(b, 'l4', { gpu: GpuModel.L4, maxNodes: 1 });
    expect(kubernetesApp.charts.map((c) => c.node.id)).toEqual(['a', 'b']);
    expect(resources(terraformOf(a), 'aws_eks_node_group')).toHaveLength(1);
    expect(resources(terraformOf(b), 'aws_eks_node_group')).toHaveLength(1);
  });

  test('MlPlatform.of finds the platform of a nested construct', () => {
    const p = awsPlatform();
    const pool = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 1 });
    expect(MlPlatform.of(pool)).toBe(p);
    expect(MlPlatform.isMlPlatform(p)).toBe(true);
    expect(GpuNodePool.isGpuNodePool(pool)).toBe(true);
    expect(p.pools).toEqual([pool]);
  });
});

describe('synth()', () => {
  function build(k8sOut: string, tfOut: string): MlPlatform {
    const p = new MlPlatform('owned', {
      cloud: Cloud.aws({ region: 'us-east-1' }), cluster: existingEks(), kubernetesOutdir: k8sOut, terraformOutdir: tfOut,
    });
    new GpuNodePool(p, 'h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: 2, capacity: Capacity.spot(), placement: Placement.COMPACT });
    new GpuNodePool(p, 'l4', { requirements: { minGpuMemoryGiB: 24, gpusPerNode: 1 }, maxNodes: 4 });
    return p;
  }
  function readTree(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) walk(full); else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf-8');
      }
    };
    walk(dir);
    return out;
  }

  test('writes both layers where asked, byte-identical on every run', () => {
    const runs = [0, 1].map(() => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-synth-'));
      const k8sOut = path.join(root, 'k8s');
      const tfOut = path.join(root, 'tf');
      fs.mkdirSync(tfOut);
      build(k8sOut, tfOut).synth();
      return { k8s: readTree(k8sOut), tf: readTree(tfOut) };
    });
    expect(Object.keys(runs[0].k8s)).toEqual(['owned.k8s.yaml']);
    expect(Object.keys(runs[0].tf).sort()).toEqual(['manifest.json', 'stacks/owned/cdk.tf.json']);
    expect(runs[1]).toEqual(runs[0]);
  });

  test('cross-layer validation runs before anything is written', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-synth-'));
    fs.mkdirSync(path.join(root, 'tf'));
    const p = build(path.join(root, 'k8s'), path.join(root, 'tf'));
    p.pools[0].resourceFlavor!.addJsonPatch(JsonPatch.remove('/spec/tolerations'));
    expect(() => p.synth()).toThrow(/FLAVOR_TAINT_NOT_TOLERATED/);
    expect(fs.existsSync(path.join(root, 'k8s', 'owned.k8s.yaml'))).toBe(false);
  });

  test('kubernetesOf lists the flavors of all pools', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'b', { gpu: GpuModel.L4, maxNodes: 1 });
    new GpuNodePool(p, 'a', { gpu: GpuModel.T4, maxNodes: 1 });
    expect(kubernetesOf(p).filter((o) => o.kind === 'ResourceFlavor').map((o) => o.metadata.name).sort()).toEqual(['a', 'b']);
    expect(p.pools.map((x) => x.poolName)).toEqual(['a', 'b']);
  });
});

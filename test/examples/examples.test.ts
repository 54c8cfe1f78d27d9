import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { describeWithCrds, getValidator, validateDevicePluginConfig, validateMigPartedConfig } from '../conformance/crd-validator';

/**
 * Runs `npm run synth`'s script on every example into a temporary folder and checks what a user
 * would get: both layers exist, agree with each other, and the cluster layer is accepted by the
 * official CRDs.
 */
const root = path.resolve(__dirname, '../..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-examples-'));
const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'synth-examples.js'), '--out', out], { cwd: root, encoding: 'utf-8' });
const examples = fs.readdirSync(path.join(root, 'examples')).filter((d) => fs.existsSync(path.join(root, 'examples', d, 'main.ts')));

function clusterLayer(example: string): any[] {
  const dir = path.join(out, 'dist', example);
  return fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort().flatMap((f) =>
    parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf-8')).map((d) => ({ ...d.toJS(), __file: f })));
}

function cloudLayer(example: string): Record<string, any> {
  const dir = path.join(out, 'cdktf.out', example);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf-8'));
  return Object.fromEntries(Object.keys(manifest.stacks).map((stack) => [
    stack, JSON.parse(fs.readFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf-8')),
  ]));
}

test('every example synthesizes', () => {
  expect(run.stderr).not.toMatch(/failed/);
  expect(run.status).toBe(0);
  expect(examples.length).toBeGreaterThan(0);
  for (const example of examples) {
    expect(fs.readdirSync(path.join(out, 'dist', example)).length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(out, 'cdktf.out', example, 'manifest.json'))).toBe(true);
  }
});

describe('gpu-pools example: node pools and flavors agree', () => {
  const objects = clusterLayer('gpu-pools');
  const stacks = cloudLayer('gpu-pools');

  test('three pools on AWS and three on GCP', () => {
    expect(Object.values(stacks['aws-ml'].resource.aws_eks_node_group)).toHaveLength(3);
    expect(Object.values(stacks['gcp-ml'].resource.google_container_node_pool)).toHaveLength(3);
  });

  test.each(['aws-ml', 'gcp-ml'])('%s: each flavor selects its pool by a label the pool sets and tolerates the pool taints', (stack) => {
    const tf = stacks[stack];
    const pools: any[] = Object.values(tf.resource.aws_eks_node_group ?? tf.resource.google_container_node_pool);
    const flavors = objects.filter((o) => o.kind === 'ResourceFlavor' && o.__file === `${stack}.k8s.yaml`);
    expect(flavors.map((f) => f.metadata.name).sort()).toEqual(pools.map((p) => p.node_group_name ?? p.name).sort());
    for (const pool of pools) {
      const name = pool.node_group_name ?? pool.name;
      const labels = pool.labels ?? pool.node_config.labels;
      const taints: any[] = pool.taint ?? pool.node_config.taint;
      const flavor = flavors.find((f) => f.metadata.name === name);
      for (const [key, value] of Object.entries(flavor.spec.nodeLabels)) expect(labels[key]).toBe(value);
      // Each pool's flavor selects it and no other pool.
      const selected = pools.filter((p) => Object.entries(flavor.spec.nodeLabels).every(([k, v]) => (p.labels ?? p.node_config.labels)[k] === v));
      expect(selected).toEqual([pool]);
      const cloudEffect: Record<string, string> = { NO_SCHEDULE: 'NoSchedule', NO_EXECUTE: 'NoExecute', PREFER_NO_SCHEDULE: 'PreferNoSchedule' };
      for (const taint of taints) {
        expect(flavor.spec.tolerations).toContainEqual({ key: taint.key, operator: 'Equal', value: taint.value, effect: cloudEffect[taint.effect] });
      }
    }
  });

  test('the H100 training pools are spot, 8 GPUs per node, compactly placed', () => {
    const aws = Object.values(stacks['aws-ml'].resource.aws_eks_node_group as Record<string, any>).find((p) => p.node_group_name === 'h100-train');
    expect(aws.capacity_type).toBe('SPOT');
    expect(aws.instance_types).toEqual(['p5.48xlarge']);
    expect(Object.values(stacks['aws-ml'].resource.aws_placement_group)).toHaveLength(1);
    const gcp = Object.values(stacks['gcp-ml'].resource.google_container_node_pool as Record<string, any>).find((p) => p.name === 'h100-train');
    expect(gcp.node_config.spot).toBe(true);
    expect(gcp.node_config.guest_accelerator[0].count).toBe(8);
    expect(gcp.placement_policy).toEqual({ type: 'COMPACT' });
  });
});

describe('gpu-sharing example: partitions and sharing agree across layers', () => {
  const objects = clusterLayer('gpu-sharing');
  const aws = cloudLayer('gpu-sharing')['aws-ml'];
  const gcp = cloudLayer('gpu-sharing')['gcp-ml'];
  const named = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const nodeGroup = (name: string) => Object.values(aws.resource.aws_eks_node_group as Record<string, any>).find((g) => g.node_group_name === name);
  const nodePool = (name: string) => Object.values(gcp.resource.google_container_node_pool as Record<string, any>).find((p) => p.name === name);
  const policy = named('ClusterPolicy', 'cluster-policy');
  const migConfigMap = named('ConfigMap', policy.spec.migManager.config.name);
  const devicePluginConfigMap = named('ConfigMap', policy.spec.devicePlugin.config.name);
  const migConfigs = JSON.parse(migConfigMap.data['config.yaml'])['mig-configs'];

  test('EKS: every node group that selects a MIG or device-plugin config finds it where the ClusterPolicy points', () => {
    expect(nodeGroup('notebooks').labels['nvidia.com/mig.config']).toBe('all-1g.5gb');
    expect(nodeGroup('experiments').labels['nvidia.com/mig.config']).toBe('h100-experiments');
    expect(nodeGroup('inference').labels['nvidia.com/device-plugin.config']).toBe('time-slicing-4');
    for (const group of Object.values(aws.resource.aws_eks_node_group as Record<string, any>)) {
      const mig = group.labels['nvidia.com/mig.config'];
      if (mig) expect(migConfigs[mig]).toBeDefined();
      const plugin = group.labels['nvidia.com/device-plugin.config'];
      if (plugin) expect(devicePluginConfigMap.data[plugin]).toBeDefined();
    }
  });

  test('EKS: the mixed strategy everywhere, and the layouts the example declares', () => {
    expect(policy.spec.mig.strategy).toBe('mixed');
    expect(JSON.parse(devicePluginConfigMap.data.default).flags.migStrategy).toBe('mixed');
    expect(migConfigs['all-1g.5gb'][0]['mig-devices']).toEqual({ '1g.5gb': 7 });
    expect(migConfigs['h100-experiments'][0]['mig-devices']).toEqual({ '1g.10gb': 2, '2g.20gb': 1, '3g.40gb': 1 });
    const sharing = JSON.parse(devicePluginConfigMap.data['time-slicing-4']).sharing.timeSlicing;
    expect(sharing.resources).toEqual([{ name: 'nvidia.com/gpu', replicas: 4 }]);
  });

  test('EKS: the cluster autoscaler is told what an empty MIG or shared node provides', () => {
    const tags = Object.values(aws.resource.aws_autoscaling_group_tag as Record<string, any>).map((t) => [t.autoscaling_group_name, t.tag.key, t.tag.value]);
    const asgOf = (pool: string) => expect.stringContaining(`aws_eks_node_group.aws-ml_${pool}_NodeGroup`);
    const prefix = 'k8s.io/cluster-autoscaler/node-template/resources/';
    expect(tags).toContainEqual([asgOf('notebooks'), `${prefix}nvidia.com/mig-1g.5gb`, '56']);
    expect(tags).toContainEqual([asgOf('notebooks'), `${prefix}nvidia.com/gpu`, '0']);
    expect(tags).toContainEqual([asgOf('experiments'), `${prefix}nvidia.com/mig-1g.10gb`, '16']);
    expect(tags).toContainEqual([asgOf('inference'), `${prefix}nvidia.com/gpu`, '4']);
  });

  test('GKE: one partition size per pool and time-sharing, with no GPU-operator objects', () => {
    expect(nodePool('notebooks').node_config.guest_accelerator[0]).toMatchObject({ type: 'nvidia-tesla-a100', count: 1, gpu_partition_size: '1g.5gb' });
    expect(nodePool('inference').node_config.guest_accelerator[0].gpu_sharing_config).toEqual({ gpu_sharing_strategy: 'TIME_SHARING', max_shared_clients_per_gpu: 4 });
    expect(objects.filter((o) => o.__file === 'gcp-ml.k8s.yaml').map((o) => o.kind)).toEqual(['ResourceFlavor', 'ResourceFlavor']);
  });

  describeWithCrds('the NVIDIA configs validate against the derived schemas', () => {
    test('mig-parted config', () => {
      expect(validateMigPartedConfig(migConfigMap.data['config.yaml'])).toEqual([]);
    });
    test.each(['default', 'time-slicing-4'])('device-plugin config %s', (key) => {
      expect(validateDevicePluginConfig(devicePluginConfigMap.data[key])).toEqual([]);
    });
  });
});

describeWithCrds('examples: the cluster layer conforms to the official CRDs', () => {
  test.each(examples)('%s', (example) => {
    const objects = clusterLayer(example).map(({ __file, ...o }) => o);
    expect(objects.length).toBeGreaterThan(0);
    expect(getValidator().validateAll(objects)).toEqual([]);
  });
});

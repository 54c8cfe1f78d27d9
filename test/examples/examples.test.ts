import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Catalog, CloudProvider, Quantity } from '../../lib';
import { describeWithCrds, getValidator, validateDevicePluginConfig, validateMigPartedConfig } from '../conformance/crd-validator';
import { conformanceProblems } from '../support/compute-class';

/**
 * Runs `npm run synth`'s script on every example into a temporary folder and checks what a user
 * would get: both layers exist, agree with each other, and the cluster layer is accepted by the
 * official CRDs.
 */
const root = path.resolve(__dirname, '../..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-examples-'));
// As `npm run synth` runs them: the cost summary printed and the reports written (tests turn them off by default).
const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'synth-examples.js'), '--out', out], {
  cwd: root, encoding: 'utf-8', env: { ...process.env, ML_PLATFORM_COST_REPORT: 'on' },
});
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

test('every example prints its estimate and writes both cost reports per platform, next to the cluster layer', () => {
  for (const example of examples) {
    const platforms = Object.keys(JSON.parse(fs.readFileSync(path.join(out, 'cdktf.out', example, 'manifest.json'), 'utf-8')).stacks);
    expect(platforms.length).toBeGreaterThan(0);
    for (const platform of platforms) {
      for (const file of [`${platform}.report.html`, `${platform}.report.md`]) expect(fs.statSync(path.join(out, 'dist', example, file)).size).toBeGreaterThan(1000);
      expect(run.stdout).toContain(`Cost estimate: ${platform} `);
      expect(run.stdout).toContain(`reports: ${path.join(out, 'dist', example, `${platform}.report.html`)}`);
    }
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
        const spelled = { key: taint.key, value: taint.value, effect: cloudEffect[taint.effect] };
        if (taint.key === 'ml-platform-cdk.io/capacity-type') {
          // The spot taint: left for workloads to tolerate themselves, so only interruptible tiers get the spot pool.
          expect(flavor.spec.nodeTaints).toEqual([spelled]);
          expect(flavor.spec.tolerations.map((t: any) => t.key)).not.toContain(taint.key);
        } else {
          expect(flavor.spec.tolerations).toContainEqual({ ...spelled, operator: 'Equal' });
        }
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

describe('teams example: three persona teams on Kueue, on both clouds', () => {
  const objects = clusterLayer('teams');
  const stacks = cloudLayer('teams');
  const catalog = Catalog.default();
  const on = (file: string) => objects.filter((o) => o.__file === file);

  test.each(['aws-ml', 'gcp-ml'])('%s: every team namespace has a LocalQueue for its ClusterQueue, which selects exactly its namespaces', (stack) => {
    const mine = on(`${stack}.k8s.yaml`);
    const queues = mine.filter((o) => o.kind === 'ClusterQueue');
    expect(queues.map((q) => q.metadata.name).sort()).toEqual(['data-prep', 'inference', 'training']);
    for (const cq of queues) {
      const selected = cq.spec.namespaceSelector.matchExpressions[0].values;
      const locals = mine.filter((o) => o.kind === 'LocalQueue' && o.spec.clusterQueue === cq.metadata.name);
      expect(locals.map((l) => l.metadata.namespace).sort()).toEqual([...selected].sort());
      for (const ns of selected) expect(mine.some((o) => o.kind === 'Namespace' && o.metadata.name === ns)).toBe(true);
      for (const flavor of cq.spec.resourceGroups[0].flavors) {
        expect(mine.some((o) => o.kind === 'ResourceFlavor' && o.metadata.name === flavor.name)).toBe(true);
      }
    }
    const training = queues.find((q) => q.metadata.name === 'training');
    expect(training.spec.cohortName).toBe('research');
    expect(mine.find((o) => o.kind === 'Cohort' && o.metadata.name === 'research').spec.parentName).toBe(stack);
  });

  test.each(['aws-ml', 'gcp-ml'])('%s: guaranteed GPUs fit what the node pools reach at maximum size', (stack) => {
    const tf = stacks[stack];
    const mine = on(`${stack}.k8s.yaml`);
    const pools: any[] = Object.values(tf.resource.aws_eks_node_group ?? tf.resource.google_container_node_pool);
    const provider = stack === 'aws-ml' ? 'aws' : 'gcp';
    for (const pool of pools) {
      const name = pool.node_group_name ?? pool.name;
      const type = pool.instance_types?.[0] ?? pool.node_config.machine_type;
      const maxNodes = pool.scaling_config?.max_size ?? pool.autoscaling.total_max_node_count;
      const gpus = catalog.findOfferings(provider === 'aws' ? CloudProvider.AWS : CloudProvider.GCP, type)[0].gpuCount * maxNodes;
      const guaranteed = mine.filter((o) => o.kind === 'ClusterQueue')
        .flatMap((cq) => cq.spec.resourceGroups[0].flavors.filter((f: any) => f.name === name).map((f: any) => ({ cq, f })))
        .map(({ cq, f }) => Number(f.resources[cq.spec.resourceGroups[0].coveredResources.indexOf('nvidia.com/gpu')]?.nominalQuota ?? 0));
      expect(guaranteed.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(gpus);
    }
  });

  test('the personas: fair sharing and all-or-nothing admission that never deactivates; production preempts batch in inference', () => {
    const mine = on('aws-ml.k8s.yaml');
    const config = JSON.parse(mine.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'kueue-manager-config').data['controller_manager_config.yaml']);
    expect(config.fairSharing.preemptionStrategies.length).toBeGreaterThan(0);
    expect(config.waitForPodsReady.timeout).toBe('10m');
    expect(config.waitForPodsReady.requeuingStrategy.backoffLimitCount).toBeUndefined();
    const cq = (name: string) => mine.find((o) => o.kind === 'ClusterQueue' && o.metadata.name === name);
    expect(cq('inference').spec.preemption.withinClusterQueue).toBe('LowerPriority');
    const gpuIndex = cq('inference').spec.resourceGroups[0].coveredResources.indexOf('nvidia.com/gpu');
    expect(cq('inference').spec.resourceGroups[0].flavors[0].resources[gpuIndex]).toMatchObject({ nominalQuota: '6', lendingLimit: '2' });
    expect(mine.find((o) => o.kind === 'PriorityClass' && o.metadata.name === 'batch').preemptionPolicy).toBe('Never');
    // The data-prep team may only run batch work; its elastic CPU flavor selects the CPU node group, not a GPU pool.
    const tiers = mine.find((o) => o.kind === 'ResourceQuota' && o.metadata.name === 'data-prep-tiers');
    expect(tiers.spec.scopeSelector.matchExpressions[0].values).toEqual(['interactive', 'production-critical', 'training']);
    expect(mine.find((o) => o.kind === 'ResourceFlavor' && o.metadata.name === 'general-cpu').spec.nodeLabels).toEqual({ 'eks.amazonaws.com/nodegroup': 'general' });
    expect(cq('data-prep').spec.resourceGroups[0].coveredResources).toEqual(['cpu', 'memory']);
  });

  test('namespaces: baseline Pod Security, ingress only from the team, the platform and what the team allows', () => {
    const mine = on('aws-ml.k8s.yaml');
    const ns = mine.find((o) => o.kind === 'Namespace' && o.metadata.name === 'inference');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    const policy = mine.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'inference');
    expect(policy.spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values).toEqual(['gpu-operator', 'inference', 'ingress-nginx', 'kube-system', 'kueue-system']);
    const quota = mine.find((o) => o.kind === 'ResourceQuota' && o.metadata.name === 'data-prep-quota');
    expect(quota.spec.hard['requests.nvidia.com/gpu']).toBe('0');
    expect(mine.filter((o) => o.kind === 'ClusterRoleBinding' || o.kind === 'ClusterRole')).toEqual([]);
  });
});

describe('teams-volcano example: Volcano queues instead of Kueue', () => {
  const objects = clusterLayer('teams-volcano');
  const queue = (name: string) => objects.find((o) => o.kind === 'Queue' && o.metadata.name === name);

  test('no Kueue object at all; a Queue per team and one for the department', () => {
    expect(objects.filter((o) => String(o.apiVersion).startsWith('kueue.x-k8s.io'))).toEqual([]);
    expect(objects.filter((o) => o.kind === 'Queue').map((q) => q.metadata.name).sort()).toEqual(['data-prep', 'inference', 'research', 'training']);
    expect(queue('training').spec.parent).toBe('research');
    expect(queue('data-prep').spec.parent).toBeUndefined();
  });

  test('the department deserves what its teams deserve; guarantee <= deserved <= capability', () => {
    for (const resource of ['cpu', 'memory', 'nvidia.com/gpu']) {
      const sum = Quantity.parse(queue('training').spec.deserved[resource]).plus(Quantity.parse(queue('inference').spec.deserved[resource]));
      expect(Quantity.parse(queue('research').spec.deserved[resource]).isEqualTo(sum)).toBe(true);
    }
    for (const q of objects.filter((o) => o.kind === 'Queue')) {
      for (const [resource, amount] of Object.entries<string>(q.spec.guarantee?.resource ?? {})) {
        expect(Quantity.parse(amount).compare(Quantity.parse(q.spec.deserved[resource]))).toBeLessThanOrEqual(0);
      }
      for (const [resource, amount] of Object.entries<string>(q.spec.capability ?? {})) {
        expect(Quantity.parse(q.spec.deserved[resource] ?? '0').compare(Quantity.parse(amount))).toBeLessThanOrEqual(0);
      }
    }
    expect(queue('inference').spec.guarantee.resource['nvidia.com/gpu']).toBe('4');
  });

  test('the scheduler reclaims and preempts, with the hierarchical capacity plugin; namespaces name their queue', () => {
    const config = JSON.parse(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'volcano-scheduler-configmap').data['volcano-scheduler.conf']);
    expect(config.actions.split(', ')).toEqual(['enqueue', 'allocate', 'preempt', 'reclaim', 'backfill']);
    const plugins = config.tiers.flatMap((t: any) => t.plugins);
    expect(plugins.find((pl: any) => pl.name === 'capacity')).toEqual({ name: 'capacity', enableHierarchy: true });
    expect(plugins.some((pl: any) => pl.name === 'proportion')).toBe(false);
    const ns = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'training');
    expect(ns.metadata.annotations['scheduling.volcano.sh/queue-name']).toBe('training');
  });
});

describe('cpu-inference example: Arm CPU pools beside a GPU pool, with the saving printed', () => {
  const objects = clusterLayer('cpu-inference');
  const stacks = cloudLayer('cpu-inference');
  const catalog = Catalog.default();

  test('EKS: the Arm pool is a managed node group on the standard Arm AMI; the GPU pool keeps the NVIDIA one', () => {
    const groups = Object.values(stacks['aws-ml'].resource.aws_eks_node_group) as any[];
    const arm = groups.find((g) => g.node_group_name === 'serve-arm');
    expect(arm.ami_type).toBe('AL2023_ARM_64_STANDARD');
    expect(catalog.findOfferings(CloudProvider.AWS, arm.instance_types[0])[0]).toMatchObject({ gpuCount: 0, architecture: 'arm64' });
    expect(groups.find((g) => g.node_group_name === 'serve-l4').ami_type).toBe('AL2023_x86_64_NVIDIA');
  });

  test('GKE: the Arm pool has no accelerator and its flavor tolerates the arm64 taint GKE sets', () => {
    const pools = Object.values(stacks['gcp-ml'].resource.google_container_node_pool) as any[];
    const arm = pools.find((p) => p.name === 'serve-arm');
    expect(arm.node_config.guest_accelerator).toBeUndefined();
    expect(catalog.findOfferings(CloudProvider.GCP, arm.node_config.machine_type)[0]).toMatchObject({ gpuCount: 0, architecture: 'arm64' });
    const flavor = objects.find((o) => o.kind === 'ResourceFlavor' && o.metadata.name === 'serve-arm' && o.__file.startsWith('gcp'));
    expect(flavor.spec.tolerations).toEqual([{ key: 'kubernetes.io/arch', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' }]);
  });

  test('the team gets cpu and memory on the CPU flavor and GPUs on the GPU flavor', () => {
    const queue = objects.find((o) => o.kind === 'ClusterQueue' && o.metadata.name === 'search' && o.__file.startsWith('aws'));
    const flavors = queue.spec.resourceGroups.flatMap((g: any) => g.flavors);
    // One resource group covers cpu, memory and GPUs, so the CPU flavor lists the GPU at zero: a GPU pod never lands there.
    expect(flavors.find((f: any) => f.name === 'serve-arm').resources).toEqual([
      { name: 'cpu', nominalQuota: '16' }, { name: 'memory', nominalQuota: '64Gi' }, { name: 'nvidia.com/gpu', nominalQuota: '0' },
    ]);
    expect(flavors.find((f: any) => f.name === 'serve-l4').resources.find((r: any) => r.name === 'nvidia.com/gpu').nominalQuota).toBe('1');
  });

  test('prints the saving against the cheapest GPU node that would fit, per platform', () => {
    // m6g.xlarge $0.154/h (aws-instances.json, us-east-1) vs g4dn.xlarge $0.526/h (aws-gpu-instances.json): 0.372/h, 70.7%.
    expect(run.stdout).toContain('aws-ml/serve-arm: m6g.xlarge (4 vCPU, 16 GiB, arm64) at $0.1540/h vs g4dn.xlarge at $0.5260/h -> saves $0.3720/h (70.7%)');
    expect(run.stdout).toMatch(/gcp-ml\/serve-arm: .* -> saves \$[0-9.]+\/h \([0-9.]+%\)/);
  });
});

describe('spot-fleet example: a spot training fleet checkpointing to a parallel tier, with an on-demand fallback', () => {
  const objects = clusterLayer('spot-fleet');
  const stacks = cloudLayer('spot-fleet');
  const on = (stack: string) => objects.filter((o) => o.__file === `${stack}.k8s.yaml`);
  const named = (stack: string, kind: string, name: string, namespace?: string) =>
    on(stack).find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));

  test('prints the fleet\'s price and what a job needs', () => {
    expect(run.stdout).toMatch(/aws-ml\/train-spot: \$\d+\.\d+\/GPU-hour = 0\.8 x/);
    expect(run.stdout).toMatch(/gcp-ml\/train-spot: \$\d+\.\d+\/GPU-hour = 0\.8 x/);
    expect(run.stdout).toContain('gcp-ml/train-spot: jobs mount claim checkpoints at /mnt/checkpoints, env {"CHECKPOINT_DIR":"/mnt/checkpoints/train-spot"');
  });

  test.each(['aws-ml', 'gcp-ml'])('%s: spot pools over several types in the tier\'s zone, on-demand base and fallback', (stack) => {
    const tf = stacks[stack];
    const pools: any[] = Object.values(tf.resource.aws_eks_node_group ?? tf.resource.google_container_node_pool)
      .filter((p: any) => (p.node_group_name ?? p.name).startsWith('train-spot-'));
    const spot = pools.filter((p) => p.capacity_type === 'SPOT' || p.node_config?.spot === true);
    const types = new Set(spot.flatMap((p) => p.instance_types ?? [p.node_config.machine_type]));
    expect(types.size).toBeGreaterThanOrEqual(2);
    const onDemand = pools.find((p) => (p.node_group_name ?? p.name) === 'train-spot-on-demand');
    expect(onDemand.scaling_config?.min_size ?? onDemand.autoscaling.total_min_node_count).toBe(2);
    // Pinned to the checkpoint tier's zone (us-east-1a's subnet on AWS).
    for (const p of pools) expect(p.subnet_ids ?? p.node_locations).toEqual(stack === 'aws-ml' ? ['subnet-0aaa1111bbbb2222c'] : ['us-central1-a']);
  });

  test.each(['aws-ml', 'gcp-ml'])('%s: the research team (batch) climbs the ladder; serving (production-critical) cannot reach spot', (stack) => {
    const research = named(stack, 'ClusterQueue', 'research');
    expect(research.spec.resourceGroups[0].flavors.map((f: any) => f.name)).toEqual(['train-spot']);
    expect(research.spec.flavorFungibility).toEqual({ whenCanBorrow: 'MayStopSearch', whenCanPreempt: 'TryNextFlavor' });
    const flavor = named(stack, 'ResourceFlavor', 'train-spot');
    expect(flavor.spec.nodeTaints).toEqual([{ key: 'ml-platform-cdk.io/capacity-type', value: 'spot', effect: 'NoSchedule' }]);
    const policy = named(stack, 'ValidatingAdmissionPolicy', `${stack}-spot-pods`);
    expect(policy.spec.variables.find((v: any) => v.name === 'interruptibleTiers').expression).toBe("['batch']");
    // serving may only run production-critical work, which is not interruptible
    const tiers = named(stack, 'ResourceQuota', 'serving-tiers', 'serving');
    expect(tiers.spec.scopeSelector.matchExpressions[0].values).toContain('batch');
    expect(named(stack, 'ClusterQueue', 'serving').spec.resourceGroups[0].flavors.map((f: any) => f.name)).toEqual(['l4-inference']);
  });

  test.each(['aws-ml', 'gcp-ml'])('%s: the research team has a checkpoint claim in each namespace, with quota on the tier\'s class', (stack) => {
    for (const ns of ['research', 'research-dev']) {
      const claim = named(stack, 'PersistentVolumeClaim', 'checkpoints', ns);
      expect(claim.spec).toMatchObject({ storageClassName: 'checkpoints', resources: { requests: { storage: '2Ti' } } });
      expect(named(stack, 'ResourceQuota', 'research-quota', ns).spec.hard['checkpoints.storageclass.storage.k8s.io/requests.storage']).toBe('2Ti');
    }
    expect(named(stack, 'ResourceQuota', 'serving-quota', 'serving').spec.hard['checkpoints.storageclass.storage.k8s.io/requests.storage']).toBe('0');
  });

  test('the fallback per cloud: EKS priority expander ConfigMap, GKE ComputeClass; Kueue requeues with backoff', () => {
    expect(named('aws-ml', 'ConfigMap', 'cluster-autoscaler-priority-expander', 'kube-system').data.priorities).toContain('^eks-train-spot-on-demand-');
    expect(named('gcp-ml', 'ComputeClass', 'train-spot').spec.priorities.at(-1)).toEqual({ nodepools: ['train-spot-on-demand'] });
    for (const stack of ['aws-ml', 'gcp-ml']) {
      const config = JSON.parse(named(stack, 'ConfigMap', 'kueue-manager-config').data['controller_manager_config.yaml']);
      expect(config.waitForPodsReady).toMatchObject({ timeout: '25m', requeuingStrategy: { backoffBaseSeconds: 60, backoffMaxSeconds: 3600 } });
    }
  });
});

describe('fintech example: pools by GPU type, MIG slices guaranteed, a spot fleet, storage tiers, budgets and the saving by lever', () => {
  const objects = clusterLayer('fintech');
  const stacks = cloudLayer('fintech');
  const named = (stack: string, kind: string, name: string) => objects.find((o) => o.__file === `${stack}.k8s.yaml` && o.kind === kind && o.metadata.name === name);
  const LEVERS = ['partitioning/sharing', 'right-sizing', 'spot', 'scale-to-zero', 'storage tiering'];

  test.each(['aws-fintech', 'gcp-fintech'])('%s prints its estimate and a saving for every lever against the baseline', (platform) => {
    expect(run.stdout).toContain(`Cost estimate: ${platform} `);
    expect(run.stdout).toMatch(new RegExp(`^${platform}: expected \\$[\\d,]+/month \\(floor .*naive baseline \\$[\\d,]+/month, saving \\$[\\d,]+ \\(\\d+\\.\\d%\\)$`, 'm'));
    for (const lever of LEVERS) {
      // Every lever is measured here (storage tiering too: the archive tier's classes are all priced), and saves something.
      expect(run.stdout).toMatch(new RegExp(`^${platform}: saving by lever: ${lever}: \\$[1-9][\\d,]*/month \\(\\d+\\.\\d% of the baseline\\)$`, 'm'));
    }
    for (const file of [`${platform}.report.html`, `${platform}.report.md`]) expect(fs.statSync(path.join(out, 'dist', 'fintech', file)).size).toBeGreaterThan(1000);
    const md = fs.readFileSync(path.join(out, 'dist', 'fintech', `${platform}.report.md`), 'utf-8');
    expect(md).toContain('## Spot fleets');
    expect(md).toMatch(/\| train-spot \|/);
    expect(md).toMatch(/\| ledger-archive \| archive \|/);
    expect(md).toMatch(/\| storage tiering \| \$[\d,]+ \|/);
  });

  test.each(['aws-fintech', 'gcp-fintech'])('%s: the fleet is one line of the summary; its own pools are not priced again', (platform) => {
    const block = run.stdout.slice(run.stdout.indexOf(`Cost estimate: ${platform} `)).split('\nCost estimate: ')[0];
    expect(block).toMatch(/^train-spot +\S/m);
    expect(block).not.toMatch(/^train-spot-(spot|on-demand)/m);
    expect(block).toMatch(/^\(idle\) +train-spot /m);
    expect(block).toMatch(/^fraud-scoring +a100-scoring +28 nvidia\.com\/(mig-1g\.5gb|gpu) +50\.0%/m);
  });

  test.each(['aws-fintech', 'gcp-fintech'])('%s: the MIG pool\'s slices are guaranteed to fraud-scoring', (stack) => {
    const queue = named(stack, 'ClusterQueue', 'fraud-scoring');
    const flavor = queue.spec.resourceGroups.flatMap((g: any) => g.flavors).find((f: any) => f.name === 'a100-scoring');
    const slices = flavor.resources.find((r: any) => r.name === (stack === 'aws-fintech' ? 'nvidia.com/mig-1g.5gb' : 'nvidia.com/gpu'));
    expect(slices.nominalQuota).toBe('28');
  });

  test('budgets: a platform budget and a team budget on the pool dedicated to that team, on both clouds', () => {
    const aws = Object.values(stacks['aws-fintech'].resource.aws_budgets_budget) as any[];
    expect(aws.map((b) => b.limit_amount).sort()).toEqual(['100000.00', '70000.00']);
    const team = aws.find((b) => b.limit_amount === '70000.00');
    expect(JSON.stringify(team.cost_filter)).toContain('user:ml-platform-cdk:team$quant-research');
    const h100 = (Object.values(stacks['aws-fintech'].resource.aws_eks_node_group) as any[]).find((g) => g.node_group_name === 'h100-research');
    expect(h100.tags['ml-platform-cdk:team']).toBe('quant-research');
    const gcp = Object.values(stacks['gcp-fintech'].resource.google_billing_budget) as any[];
    expect(gcp).toHaveLength(2);
  });

  test.each(['aws-fintech', 'gcp-fintech'])('%s: storage tiers: an archive bucket with lifecycle transitions and a parallel file system', (stack) => {
    expect(named(stack, 'StorageClass', 'ledger-archive')).toBeDefined();
    expect(named(stack, 'StorageClass', 'checkpoints')).toBeDefined();
    const tf = stacks[stack].resource;
    if (stack === 'aws-fintech') {
      const rules = (Object.values(tf.aws_s3_bucket_lifecycle_configuration) as any[])[0].rule;
      expect(JSON.stringify(rules)).toContain('GLACIER');
      expect(Object.values(tf.aws_fsx_lustre_file_system)).toHaveLength(1);
    } else {
      const bucket = (Object.values(tf.google_storage_bucket) as any[])[0];
      expect(JSON.stringify(bucket.lifecycle_rule)).toContain('ARCHIVE');
      expect(Object.values(tf.google_lustre_instance)).toHaveLength(1);
    }
  });
});

describeWithCrds('examples: the cluster layer conforms to the official CRDs', () => {
  test.each(examples)('%s', (example) => {
    const objects = clusterLayer(example).map(({ __file, ...o }) => o);
    expect(objects.length).toBeGreaterThan(0);
    expect(conformanceProblems((o) => getValidator().validateAll(o), objects)).toEqual([]);
  });
});

#!/usr/bin/env node
// Synthesis benchmark: wall time, peak memory and objects emitted for growing platforms.
// Usage: npm run bench [-- --pools 10,20,40] [--teams 0,500]
// Each team has two namespaces and quota on two pools (one GPU guaranteed on the first for the first
// `pools` teams, borrowing elsewhere), so the quota-vs-capacity check sees every pool.
require('ts-node').register({ transpileOnly: true });
const fs = require('fs');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');
const { Testing: K8sTesting } = require('cdk8s');
const { Testing: TfTesting } = require('cdktf');
const lib = require('../lib');

const arg = process.argv.indexOf('--pools');
const sizes = (arg >= 0 ? process.argv[arg + 1] : '10,20,40').split(',').map(Number);
const teamArg = process.argv.indexOf('--teams');
const teamSizes = (teamArg >= 0 ? process.argv[teamArg + 1] : '0').split(',').map(Number);

const awsZones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const shapes = [
  { gpu: lib.GpuModel.L4, gpusPerNode: 1 },
  { gpu: lib.GpuModel.A10G, gpusPerNode: 4 },
  { gpu: lib.GpuModel.H100_80GB, gpusPerNode: 8, placement: lib.Placement.COMPACT },
  { gpu: lib.GpuModel.A100_80GB },
  { requirements: { minGpuMemoryGiB: 40, gpusPerNode: 1 } },
];
const gcpShapes = [
  { gpu: lib.GpuModel.L4, gpusPerNode: 1 },
  { gpu: lib.GpuModel.A100_40GB, gpusPerNode: 2 },
  { gpu: lib.GpuModel.H100_80GB, gpusPerNode: 8, capacity: lib.Capacity.spot(), placement: lib.Placement.COMPACT, zones: ['us-central1-a'] },
  { requirements: { minGpuMemoryGiB: 24, gpusPerNode: 1 } },
];

function platform(cloud, pools, teams, outRoot) {
  const k8s = K8sTesting.app({ outdir: path.join(outRoot, 'k8s') });
  const tf = TfTesting.app({ outdir: path.join(outRoot, 'tf') });
  const p = cloud === 'aws'
    ? new lib.MlPlatform('bench', {
      cloud: lib.Cloud.aws({ region: 'us-east-1' }),
      cluster: lib.EksCluster.fromAttributes({
        clusterName: 'bench', nodeRoleArn: 'arn:aws:iam::111122223333:role/n', vpcId: 'vpc-0abc', clusterSecurityGroupId: 'sg-0abc',
        subnets: awsZones.map((z, i) => ({ subnetId: `subnet-0${i}aaa`, availabilityZone: z })),
      }),
      kubernetesApp: k8s, terraformApp: tf,
    })
    : new lib.MlPlatform('bench', {
      cloud: lib.Cloud.gcp({ project: 'acme-bench', region: 'us-central1' }),
      cluster: lib.GkeCluster.create({ clusterName: 'bench', network: 'vpc', subnetwork: 'nodes' }),
      kubernetesApp: k8s, terraformApp: tf,
    });
  const list = cloud === 'aws' ? shapes : gcpShapes;
  const created = [];
  for (let i = 0; i < pools; i++) {
    created.push(new lib.GpuNodePool(p, `pool-${i}`, { maxNodes: 4, ...list[i % list.length] }));
  }
  if (teams > 0) new lib.PriorityTiers(p, 'tiers');
  for (let i = 0; i < teams; i++) {
    const first = created[i % pools];
    const second = created[(i + 1) % pools];
    new lib.TeamNamespace(p, `team-${i}`, {
      namespaces: [`team-${i}`, `team-${i}-dev`],
      memberGroups: [`team-${i}`],
      tiers: ['training', 'batch'],
      quotas: [
        { pool: first, guaranteed: i < pools ? { 'nvidia.com/gpu': '1' } : {}, borrowingLimit: { 'nvidia.com/gpu': '2' } },
        ...(second === first ? [] : [{ pool: second }]),
      ],
    });
  }
  return { p, k8s, tf };
}

const rows = [];
for (const cloud of ['aws', 'gcp']) {
  for (const pools of sizes) for (const teams of teamSizes) {
    const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-bench-'));
    const started = performance.now();
    const { k8s, tf } = platform(cloud, pools, teams, outRoot);
    k8s.synth();
    tf.synth();
    const ms = performance.now() - started;
    const objects = k8s.charts.flatMap((c) => c.toJson()).length;
    const stack = JSON.parse(fs.readFileSync(path.join(outRoot, 'tf', 'stacks', 'bench', 'cdk.tf.json'), 'utf-8'));
    const resources = Object.values(stack.resource).reduce((n, byType) => n + Object.keys(byType).length, 0);
    rows.push({ cloud, pools, teams, ms, objects, resources, rssMiB: process.resourceUsage().maxRSS / 1024 });
    fs.rmSync(outRoot, { recursive: true, force: true });
  }
}

console.log('| cloud | pools | teams | synth both layers (ms) | k8s objects | terraform resources | peak RSS (MiB) |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.cloud} | ${r.pools} | ${r.teams} | ${r.ms.toFixed(0)} | ${r.objects} | ${r.resources} | ${r.rssMiB.toFixed(0)} |`);
}

#!/usr/bin/env node
// Synthesis benchmark: wall time per phase, peak memory, objects and bytes emitted for growing platforms.
// Usage: npm run bench [-- --pools 10,20,40] [--teams 0,500] [--runs 3]
// Runs the compiled library (build/, from `npm run build`). Each team has two namespaces and quota on two pools
// (one GPU guaranteed on the first for the first `pools` teams, borrowing elsewhere), so the quota-vs-capacity
// check sees every pool. Each size runs in a fresh process, so peak memory is per size.
//
// Phases: construct (declaring the platform, pools, tiers and teams), resolve + check (building the model and
// running every cross-layer invariant), cluster-layer synth (cdk8s: lazy content, YAML, files; with the cost estimate
// and its two reports, as by default, the summary not printed), cloud-layer synth
// (cdktf: Terraform JSON, files). "floor" re-emits the same Kubernetes objects as plain cdk8s ApiObjects in a fresh
// app and writes them: what any cdk8s program producing this output pays, the library aside.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

if (process.argv[2] === '--one') {
  runOne(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
} else {
  const sizes = arg('--pools', '10,20,40').split(',').map(Number);
  const teamSizes = arg('--teams', '0').split(',').map(Number);
  const runs = Number(arg('--runs', '1'));
  const rows = [];
  for (const cloud of ['aws', 'gcp']) {
    for (const pools of sizes) for (const teams of teamSizes) {
      const results = [];
      for (let r = 0; r < runs; r++) {
        const child = spawnSync(process.execPath, [__filename, '--one', cloud, String(pools), String(teams)], { encoding: 'utf-8' });
        if (child.status !== 0) {
          process.stderr.write(child.stderr);
          process.exit(1);
        }
        results.push(JSON.parse(child.stdout));
      }
      // The median run by total time.
      results.sort((a, b) => a.total - b.total);
      rows.push(results[Math.floor(results.length / 2)]);
    }
  }
  const ms = (n) => n.toFixed(0);
  const pct = (part, whole) => `${((100 * part) / whole).toFixed(1)}%`;
  console.log('| cloud | pools | teams | construct (ms) | resolve + check (ms) | cluster-layer synth (ms) | cloud-layer synth (ms) | total (ms) | construct + resolve/check | floor: same objects as plain ApiObjects (ms) | k8s objects | YAML bytes | terraform resources | peak RSS (MiB) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.cloud} | ${r.pools} | ${r.teams} | ${ms(r.construct)} | ${ms(r.resolve)} | ${ms(r.k8s)} | ${ms(r.tf)} | ${ms(r.total)} | `
      + `${pct(r.construct + r.resolve, r.total)} | ${ms(r.floor)} | ${r.objects} | ${r.yamlBytes} | ${r.resources} | ${r.rssMiB.toFixed(0)} |`);
  }
}

function runOne(cloud, pools, teams) {
  const lib = require('../build');
  const { App: K8sApp, ApiObject, Chart } = require('cdk8s');
  const { App: TfApp } = require('cdktf');
  const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-bench-'));
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
  // Load the catalog and the frameworks before timing: every program pays this once.
  const catalog = lib.Catalog.default();

  const t0 = performance.now();
  const k8s = new K8sApp({ outdir: path.join(outRoot, 'k8s') });
  const tf = new TfApp({ outdir: path.join(outRoot, 'tf') });
  const p = cloud === 'aws'
    ? new lib.MlPlatform('bench', {
      cloud: lib.Cloud.aws({ region: 'us-east-1' }),
      cluster: lib.EksCluster.fromAttributes({
        clusterName: 'bench', nodeRoleArn: 'arn:aws:iam::111122223333:role/n', vpcId: 'vpc-0abc12345', clusterSecurityGroupId: 'sg-0abc12345',
        subnets: awsZones.map((z, i) => ({ subnetId: `subnet-0${i}aaa11111`, availabilityZone: z })),
      }),
      catalog, kubernetesApp: k8s, terraformApp: tf, costReport: { printSummary: false },
    })
    : new lib.MlPlatform('bench', {
      cloud: lib.Cloud.gcp({ project: 'acme-bench', region: 'us-central1' }),
      cluster: lib.GkeCluster.create({ clusterName: 'bench', network: 'vpc', subnetwork: 'nodes' }),
      catalog, kubernetesApp: k8s, terraformApp: tf, costReport: { printSummary: false },
    });
  const list = cloud === 'aws' ? shapes : gcpShapes;
  const created = [];
  for (let i = 0; i < pools; i++) created.push(new lib.GpuNodePool(p, `pool-${i}`, { maxNodes: 4, ...list[i % list.length] }));
  if (teams > 0) new lib.PriorityTiers(p, 'tiers');
  for (let i = 0; i < teams; i++) {
    const first = created[i % pools];
    const second = created[(i + 1) % pools];
    new lib.TeamNamespace(p, `team-${i}`, {
      namespaces: [`team-${i}`, `team-${i}-dev`],
      memberGroups: [`team-${i}`],
      tiers: ['training', 'batch'],
      quotas: [
        // A guarantee on the spot-only pool is a risk the bench accepts (else it is refused).
        { pool: first, guaranteed: i < pools ? { 'nvidia.com/gpu': '1' } : {}, borrowingLimit: { 'nvidia.com/gpu': '2' }, acceptSpotGuaranteeRisk: first.capacity.interruptible },
        ...(second === first ? [] : [{ pool: second }]),
      ],
    });
  }
  const t1 = performance.now();
  p.validatePlatform();
  const t2 = performance.now();
  k8s.synth();
  const t3 = performance.now();
  tf.synth();
  const t4 = performance.now();

  const yamlFile = path.join(outRoot, 'k8s', 'bench.k8s.yaml');
  const yamlBytes = fs.statSync(yamlFile).size;
  const objects = p.chart.toJson();
  const stack = JSON.parse(fs.readFileSync(path.join(outRoot, 'tf', 'stacks', 'bench', 'cdk.tf.json'), 'utf-8'));
  const resources = Object.values(stack.resource).reduce((n, byType) => n + Object.keys(byType).length, 0);

  // The floor: the same objects, as plain ApiObjects in a fresh chart, synthesized to disk.
  const f0 = performance.now();
  const plainApp = new K8sApp({ outdir: path.join(outRoot, 'plain') });
  const plain = new Chart(plainApp, 'bench');
  objects.forEach((o, i) => new ApiObject(plain, `o${i}`, o));
  plainApp.synth();
  const f1 = performance.now();
  if (fs.readFileSync(path.join(outRoot, 'plain', 'bench.k8s.yaml'), 'utf-8') !== fs.readFileSync(yamlFile, 'utf-8')) {
    throw new Error('the floor program did not emit the same bytes');
  }
  fs.rmSync(outRoot, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({
    cloud, pools, teams,
    construct: t1 - t0, resolve: t2 - t1, k8s: t3 - t2, tf: t4 - t3, total: t4 - t0, floor: f1 - f0,
    objects: objects.length, yamlBytes, resources, rssMiB: process.resourceUsage().maxRSS / 1024,
  }));
}

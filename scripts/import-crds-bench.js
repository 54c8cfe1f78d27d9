#!/usr/bin/env node
// What typed L1s cost: cold `require` of cdk8s-plus-28 (package root vs its generated k8s module) and of our
// generated lib/imports modules, then construct + toJson of N objects as typed L1s vs plain ApiObjects.
// Usage: npm run build && node scripts/import-crds-bench.js [--count 10000] [--runs 5]
// Reads the compiled modules in build/imports (what the package ships), not the TypeScript sources.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');
const { ApiObject, Chart, Lazy, Testing } = require('cdk8s');
const k8s = require('cdk8s-plus-28/lib/imports/k8s');

const ROOT = path.resolve(__dirname, '..');
const flag = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = flag('--count', 10000);
const RUNS = flag('--runs', 5);
const BUILD = path.join(ROOT, 'build', 'imports');
if (!fs.existsSync(path.join(BUILD, 'kueue.x-k8s.io.js'))) {
  console.error('import-crds-bench: build/imports not found: run `npm run build` first');
  process.exit(1);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

/** Cold require of `target` in a fresh node, after `before` (cdk8s and constructs, which every typed L1 needs anyway). */
function coldRequire(target, before = ['cdk8s', 'constructs']) {
  const code = `
    ${before.map((m) => `require(${JSON.stringify(m)});`).join(' ')}
    const t = process.hrtime.bigint();
    require(${JSON.stringify(target)});
    const d = Number(process.hrtime.bigint() - t) / 1e6;
    process.stdout.write(JSON.stringify({ d, heap: process.memoryUsage().heapUsed / 1048576 }));`;
  const samples = [];
  for (let i = 0; i < RUNS; i++) samples.push(JSON.parse(execFileSync(process.execPath, ['-e', code], { cwd: ROOT, encoding: 'utf8' })));
  return { ms: median(samples.map((s) => s.d)), min: Math.min(...samples.map((s) => s.d)), heapMiB: median(samples.map((s) => s.heap)) };
}

const base = coldRequire('cdk8s', ['constructs']);
console.log(`cold require (median of ${RUNS} fresh processes): cdk8s itself ${ms(base.ms)}; after cdk8s + constructs:`);
const targets = [
  'cdk8s-plus-28',
  'cdk8s-plus-28/lib/imports/k8s',
  './build/imports/kueue.x-k8s.io',
  './build/imports/scheduling.volcano.sh',
  './build/imports/nvidia.com',
];
for (const target of targets) {
  const r = coldRequire(target);
  console.log(`  ${target.padEnd(40)} ${ms(r.ms).padStart(10)} (min ${ms(r.min)}), heap after ${r.heapMiB.toFixed(1)} MiB`);
}

const kueue = require(path.join(BUILD, 'kueue.x-k8s.io'));

const hardPlain = (i) => ({ 'cpu': `${i % 64}`, 'memory': `${i % 512}Gi`, 'requests.nvidia.com/gpu': `${i % 8}`, 'pods': '100' });
const hardTyped = (i) => Object.fromEntries(Object.entries(hardPlain(i)).map(([k, v]) => [k, k8s.Quantity.fromString(v)]));
const queueSpec = (i, q) => ({
  cohortName: 'platform',
  namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [`team-${i}`] }] },
  resourceGroups: [{
    coveredResources: ['cpu', 'memory', 'nvidia.com/gpu'],
    flavors: [{ name: 'h100', resources: [{ name: 'cpu', nominalQuota: q(`${i % 64}`) }, { name: 'memory', nominalQuota: q('256Gi') }, { name: 'nvidia.com/gpu', nominalQuota: q('8') }] }],
  }],
  preemption: { reclaimWithinCohort: 'Any', withinClusterQueue: 'LowerPriority' },
});
const nq = kueue.ClusterQueueSpecResourceGroupsFlavorsResourcesNominalQuota;

const cases = {
  'ResourceQuota, plain ApiObject': (chart, i) => new ApiObject(chart, `q${i}`, {
    apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: `q${i}`, namespace: 'ns' }, spec: { hard: hardPlain(i) },
  }),
  'ResourceQuota, KubeResourceQuota': (chart, i) => new k8s.KubeResourceQuota(chart, `q${i}`, {
    metadata: { name: `q${i}`, namespace: 'ns' }, spec: { hard: hardTyped(i) },
  }),
  'ResourceQuota, plain ApiObject, lazy hard': (chart, i) => new ApiObject(chart, `q${i}`, {
    apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: `q${i}`, namespace: 'ns' }, spec: { hard: Lazy.any({ produce: () => hardPlain(i) }) },
  }),
  'ResourceQuota, KubeResourceQuota, lazy hard': (chart, i) => new k8s.KubeResourceQuota(chart, `q${i}`, {
    metadata: { name: `q${i}`, namespace: 'ns' }, spec: { hard: Lazy.any({ produce: () => hardTyped(i) }) },
  }),
  'ClusterQueue, plain ApiObject': (chart, i) => new ApiObject(chart, `q${i}`, {
    apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'ClusterQueue', metadata: { name: `q${i}` }, spec: queueSpec(i, (v) => v),
  }),
  'ClusterQueue, typed (lib/imports)': (chart, i) => new kueue.ClusterQueue(chart, `q${i}`, {
    metadata: { name: `q${i}` }, spec: queueSpec(i, (v) => nq.fromString(v)),
  }),
};

/** Construct COUNT objects, then toJson() each: wall times of both phases. */
function measure(make) {
  const chart = new Chart(Testing.app(), 'bench');
  let t = performance.now();
  const objs = [];
  for (let i = 0; i < COUNT; i++) objs.push(make(chart, i));
  const construct = performance.now() - t;
  t = performance.now();
  let bytes = 0;
  for (const o of objs) bytes += JSON.stringify(o.toJson()).length;
  return { construct, toJson: performance.now() - t, bytes };
}

console.log(`\n${COUNT} objects, construct then toJson() each (median of ${RUNS} runs, after one warm-up):`);
console.log(`  ${'case'.padEnd(46)} ${'construct'.padStart(10)} ${'toJson'.padStart(10)} ${'per object'.padStart(12)} ${'JSON bytes'.padStart(11)}`);
for (const [name, make] of Object.entries(cases)) {
  measure(make);
  const runs = Array.from({ length: RUNS }, () => measure(make));
  const c = median(runs.map((r) => r.construct));
  const j = median(runs.map((r) => r.toJson));
  const per = `${(((c + j) / COUNT) * 1000).toFixed(1)} µs`;
  console.log(`  ${name.padEnd(46)} ${ms(c).padStart(10)} ${ms(j).padStart(10)} ${per.padStart(12)} ${String(runs[0].bytes).padStart(11)}`);
}

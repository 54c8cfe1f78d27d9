#!/usr/bin/env node
// Synthesizes every program in examples/ into its own folders:
//   cluster layer -> dist/<example>/, cloud layer -> cdktf.out/<example>/
// Pure and offline: no cloud credentials, no network.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
// Usage: synth-examples.js [--out DIR] [example ...]; DIR holds dist/ and cdktf.out/ (default: the repo root).
const args = process.argv.slice(2);
const outFlag = args.indexOf('--out');
const outBase = outFlag >= 0 ? path.resolve(args[outFlag + 1]) : root;
const only = args.filter((_a, i) => outFlag < 0 || (i !== outFlag && i !== outFlag + 1));
const examples = fs.readdirSync(path.join(root, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, 'examples', d.name, 'main.ts')))
  .map((d) => d.name)
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

let failed = 0;
for (const name of examples) {
  const k8sOut = path.join(outBase, 'dist', name);
  const tfOut = path.join(outBase, 'cdktf.out', name);
  for (const dir of [k8sOut, tfOut]) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }
  const started = Date.now();
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(root, 'examples', name, 'main.ts')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CDK8S_OUTDIR: k8sOut, CDKTF_OUTDIR: tfOut, CHECKPOINT_DISABLE: '1' },
  });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed++;
    console.error(`✗ ${name} failed (${secs}s)`);
  } else {
    console.log(`✓ ${name} (${secs}s): ${path.relative(process.cwd(), k8sOut)}/, ${path.relative(process.cwd(), tfOut)}/`);
  }
}
process.exit(failed > 0 ? 1 : 0);

#!/usr/bin/env node
// Synthesizes every program in examples/, compiled, into its own folders:
//   cluster layer -> dist/<example>/, cloud layer -> cdktf.out/<example>/
// Pure and offline: no cloud credentials, no network.
//
// The examples import `ml-platform-cdk` as users do. TypeScript and Node resolve that name through package.json's
// `exports` (a package may import itself by name) to build/, the compiled library: the examples are compiled once
// by tsconfig.examples.json into build-examples/ and run with plain `node`. The library is rebuilt (jsii) when a
// file in lib/ is newer than its build, and the examples are recompiled when they or the library's declarations
// changed; otherwise nothing is compiled.
//
// Usage:
//   synth-examples.js [--out DIR] [example ...]   DIR holds dist/ and cdktf.out/ (default: the repository root)
//   synth-examples.js --app EXAMPLE               the app command of cdk8s.yaml and cdktf.json: runs one example,
//                                                 writing where the CLI says (CDK8S_OUTDIR / CDKTF_OUTDIR), the
//                                                 other layer to dist/cli/ or cdktf.out/cli/
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { ensureLibraryBuilt, mtime, newest, root, run } = require('./library-build');

const compiled = path.join(root, 'build-examples');
/** The folder the CLIs write to (cdk8s.yaml, cdktf.json): never an example's, so neither deletes the other's output. */
const CLI_FOLDER = 'cli';
/** What Terraform keeps in a stack's working directory: never deleted when an example is synthesized again. */
const TERRAFORM_FILES = /^(\.terraform|\.terraform\.lock\.hcl|.*\.tfstate|.*\.tfstate\.backup|\.terraform\.tfstate\.lock\.info)$/;

/** Builds the library when lib/ changed since its build, then compiles the examples when they are out of date. */
function ensureCompiled() {
  ensureLibraryBuilt();
  const stamp = path.join(compiled, '.tsbuildinfo');
  const inputs = Math.max(newest(path.join(root, 'examples'), /\.ts$/), newest(path.join(root, 'build'), /\.d\.ts$/),
    mtime(path.join(root, 'tsconfig.examples.json')), mtime(path.join(root, 'tsconfig.dev.json')));
  if (inputs > mtime(stamp)) {
    run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.examples.json'], 'compiling the examples');
    // tsc leaves its build info untouched when nothing changed: touch it so that the next run skips tsc.
    const now = new Date();
    fs.utimesSync(stamp, now, now);
  }
}

/** Removes what a synthesis writes in `dir`, keeping Terraform's state, lock and provider files. */
function cleanCloudLayer(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (TERRAFORM_FILES.test(entry.name)) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      cleanCloudLayer(p);
      if (fs.readdirSync(p).length === 0) fs.rmdirSync(p);
    } else {
      fs.rmSync(p);
    }
  }
}

function mainOf(name) {
  return path.join(compiled, name, 'main.js');
}

/** Run by `cdk8s synth` / `cdktf synth` (the `app` of cdk8s.yaml and cdktf.json): one example, in this process. */
function runForCli(name) {
  ensureCompiled();
  process.env.CDK8S_OUTDIR = process.env.CDK8S_OUTDIR || path.join('dist', CLI_FOLDER);
  process.env.CDKTF_OUTDIR = process.env.CDKTF_OUTDIR || path.join('cdktf.out', CLI_FOLDER);
  for (const dir of [process.env.CDK8S_OUTDIR, process.env.CDKTF_OUTDIR]) fs.mkdirSync(dir, { recursive: true });
  require(mainOf(name));
}

/**
 * Runs one compiled example writing to `k8sOut` and `tfOut`: in a process of its own, so that examples never share
 * state, or in this process when it is the only one (one Node start less).
 */
function runExample(name, k8sOut, tfOut, inProcess) {
  if (!inProcess) {
    const env = { ...process.env, CDK8S_OUTDIR: k8sOut, CDKTF_OUTDIR: tfOut };
    return spawnSync(process.execPath, [mainOf(name)], { cwd: root, stdio: 'inherit', env }).status === 0;
  }
  Object.assign(process.env, { CDK8S_OUTDIR: k8sOut, CDKTF_OUTDIR: tfOut });
  try {
    require(mainOf(name));
    return true;
  } catch (e) {
    console.error(e);
    return false;
  }
}

/** `npm run synth`: the examples into dist/<example>/ and cdktf.out/<example>/ under `outBase`. */
function synthAll(outBase, only) {
  const examples = fs.readdirSync(path.join(root, 'examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, 'examples', d.name, 'main.ts')))
    .map((d) => d.name)
    .filter((name) => only.length === 0 || only.includes(name))
    .sort();
  if (examples.includes(CLI_FOLDER)) {
    console.error(`✗ examples/${CLI_FOLDER} would share its output folders with the CLIs (cdk8s.yaml, cdktf.json): rename it`);
    return 1;
  }
  ensureCompiled();
  let failed = 0;
  for (const name of examples) {
    const k8sOut = path.join(outBase, 'dist', name);
    const tfOut = path.join(outBase, 'cdktf.out', name);
    fs.rmSync(k8sOut, { recursive: true, force: true });
    cleanCloudLayer(tfOut);
    for (const dir of [k8sOut, tfOut]) fs.mkdirSync(dir, { recursive: true });
    const started = Date.now();
    const ok = runExample(name, k8sOut, tfOut, examples.length === 1);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (!ok) {
      failed++;
      console.error(`✗ ${name} failed (${secs}s)`);
    } else {
      console.log(`✓ ${name} (${secs}s): ${path.relative(process.cwd(), k8sOut)}/, ${path.relative(process.cwd(), tfOut)}/`);
    }
  }
  return failed > 0 ? 1 : 0;
}

const args = process.argv.slice(2);
if (args[0] === '--app') {
  runForCli(args[1]);
} else {
  const outFlag = args.indexOf('--out');
  const outBase = outFlag >= 0 ? path.resolve(args[outFlag + 1]) : root;
  process.exitCode = synthAll(outBase, args.filter((_a, i) => outFlag < 0 || (i !== outFlag && i !== outFlag + 1)));
}

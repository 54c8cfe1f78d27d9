#!/usr/bin/env node
// The packaged-use test (`npm run test:packaged`, run by CI): the library as a user gets it.
//
// Packs the library (npm pack), installs the tarball into a new project in a temporary folder outside the
// repository, with no `shared` folder beside it, together with the peers at the versions the library is tested
// with (package.json's devDependencies); writes there the README's first example and the quick start's files;
// runs the quick start's commands (`npx cdk8s synth`, `npx cdktf synth`); and checks what they wrote.
// Everything it runs and writes comes from README.md, so that the README stays true.
//
// Usage: packaged-use.js [--keep]   (--keep leaves the temporary project for a look)
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { parseAllDocuments } = require('yaml');
const { ensureLibraryBuilt, root } = require('./library-build');
const readme = require('./readme');

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8'));
const keep = process.argv.includes('--keep');
const results = [];

function check(what, ok, detail = '') {
  results.push(ok);
  console.log(`${ok ? '✓' : '✗'} ${what}${!ok && detail ? `\n    ${detail.split('\n').join('\n    ')}` : ''}`);
  return ok;
}

/** Runs a shell command, as a user types it, in `cwd`; returns its exit status and output. */
function sh(command, cwd, env = {}) {
  const started = Date.now();
  const r = spawnSync(command, { cwd, shell: true, encoding: 'utf-8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', secs: ((Date.now() - started) / 1000).toFixed(1) };
}

function must(result, what) {
  if (result.status !== 0) {
    check(what, false, `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n'));
    finish(1);
  }
}

/** A stack trace line (`    at fn (file:line:col)`) in a CLI's output. */
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

let workdir;
function finish(code) {
  if (workdir && !keep) fs.rmSync(workdir, { recursive: true, force: true });
  else if (workdir) console.log(`(kept ${workdir})`);
  const passed = results.filter((ok) => ok).length;
  console.log(`packaged: ${passed} passed, ${results.length - passed} failed`);
  process.exit(code !== 0 || passed !== results.length ? 1 : 0);
}

ensureLibraryBuilt();
workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-platform-cdk-packaged-'));
const project = path.join(workdir, 'project');
fs.mkdirSync(project);
check('the project is outside the repository, with no `shared` folder beside it',
  path.relative(root, project).startsWith('..') && !fs.existsSync(path.join(workdir, 'shared')), project);

// The tarball a user installs.
const pack = sh(`npm pack --silent --pack-destination ${JSON.stringify(workdir)}`, root);
must(pack, 'npm pack');
const tarball = path.join(workdir, pack.stdout.trim().split('\n').pop());
check(`npm pack: ${path.basename(tarball)} (${(fs.statSync(tarball).size / 1024 / 1024).toFixed(1)} MiB)`, fs.existsSync(tarball));

// The quick start's install commands, with the tarball for the library and the tested versions for the rest.
const install = readme.commands(readme.marked('install'));
const [init, deps, devDeps] = install;
const peers = Object.keys(pkg.peerDependencies).sort();
const runtime = readme.installedPackages(deps);
check('the README installs the library and exactly its peers', JSON.stringify(runtime.slice().sort()) === JSON.stringify([pkg.name, ...peers].sort()),
  `README: ${runtime.join(' ')}\npeers: ${peers.join(' ')}`);
const tested = (name) => `${name}@${JSON.stringify(pkg.devDependencies[name] ?? 'latest')}`;
const flags = '--no-audit --no-fund --prefer-offline --loglevel=error';
must(sh(init, project), init);
let r = sh(`npm install ${flags} ${runtime.map((n) => (n === pkg.name ? JSON.stringify(tarball) : tested(n))).join(' ')}`, project);
must(r, deps);
const dev = readme.installedPackages(devDeps);
r = sh(`npm install ${flags} --save-dev ${dev.map(tested).join(' ')}`, project);
must(r, devDeps);
check(`npm install: the tarball, ${peers.length} peers and ${dev.join(', ')}`, true);
check('the installed library is the packed one (no link into the repository)',
  !fs.lstatSync(path.join(project, 'node_modules', pkg.name)).isSymbolicLink() && fs.existsSync(path.join(project, 'node_modules', pkg.name, '.jsii')));

// The program and the files, from the README.
fs.writeFileSync(path.join(project, 'main.ts'), readme.firstExample());
for (const file of ['tsconfig.json', 'cdk8s.yaml', 'cdktf.json']) fs.writeFileSync(path.join(project, file), readme.marked(file));

// The quick start's synth commands. Offline, as the README says: no version checks.
const env = { CDK8S_CHECK_UPGRADE: 'false', CHECKPOINT_DISABLE: '1' };
const synth = readme.marked('synth');
for (const command of readme.commands(synth)) {
  r = sh(command, project, env);
  check(`${command} (${r.secs}s)`, r.status === 0, `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-30).join('\n'));
  check(`${command}: no stack trace`, !STACK_TRACE.test(r.stdout) && !STACK_TRACE.test(r.stderr), (r.stdout + r.stderr).match(STACK_TRACE)?.[0]);
}

// What they wrote: the files the README names, both layers agreeing.
for (const file of synth.match(/(dist|cdktf\.out)\/[\w./-]+\.(yaml|json)/g) ?? []) {
  check(`${file} exists, as the README says`, fs.existsSync(path.join(project, file)));
}
const manifests = fs.existsSync(path.join(project, 'dist')) ? fs.readdirSync(path.join(project, 'dist')).filter((f) => f.endsWith('.k8s.yaml')) : [];
const objects = manifests.flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(project, 'dist', f), 'utf-8')).map((d) => d.toJS()));
const flavors = objects.filter((o) => o.kind === 'ResourceFlavor').map((o) => o.metadata.name).sort();
const cloud = path.join(project, 'cdktf.out', 'stacks', 'ml', 'cdk.tf.json');
const tf = fs.existsSync(cloud) ? JSON.parse(fs.readFileSync(cloud, 'utf-8')) : {};
const nodeGroups = Object.values(tf.resource?.aws_eks_node_group ?? {}).map((g) => g.node_group_name).sort();
check('the cluster layer has a ResourceFlavor per pool', JSON.stringify(flavors) === JSON.stringify(['h100-train', 'inference']), `flavors: ${flavors}`);
check('the cloud layer has a node group per pool, the same names', JSON.stringify(nodeGroups) === JSON.stringify(flavors), `node groups: ${nodeGroups}`);
check('the cloud layer keeps its state in a local file relative to its stack folder',
  JSON.stringify(tf.terraform?.backend) === JSON.stringify({ local: { path: 'terraform.ml.tfstate' } }), JSON.stringify(tf.terraform?.backend));

finish(0);

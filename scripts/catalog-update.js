#!/usr/bin/env node
// Regenerates the catalog snapshot shipped in the package (lib/catalog/snapshot/*.ts) from the
// extraction inputs, with the library's own extraction code (compiled: run `npm run build` first;
// `npm run catalog:update` does both). Plain Node, deterministic: same inputs, same files.
//
//   node scripts/catalog-update.js [--data <dir>] [--check]
//
// --data   the directory of extraction inputs (default: ../shared/data beside the project)
// --check  write nothing; exit 1 when the committed snapshot differs from what would be written
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'lib', 'catalog', 'snapshot');

function parseArgs(argv) {
  const args = { data: path.resolve(root, '..', 'shared', 'data'), check: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') args.check = true;
    else if (argv[i] === '--data' && argv[i + 1]) args.data = path.resolve(argv[++i]);
    else {
      console.error(`unknown argument ${argv[i]}; usage: node scripts/catalog-update.js [--data <dir>] [--check]`);
      process.exit(2);
    }
  }
  return args;
}

function load(modulePath) {
  const full = path.join(root, 'build', modulePath);
  if (!fs.existsSync(`${full}.js`)) {
    console.error(`${full}.js not found: run \`npm run build\` first (or \`npm run catalog:update\`, which does).`);
    process.exit(2);
  }
  return require(full);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const { readInputs } = load('catalog/data-files');
  const { extractSnapshot } = load('catalog/extract/index');
  const { renderSnapshotModules } = load('catalog/snapshot-codec');

  const started = process.hrtime.bigint();
  const { data, excluded } = extractSnapshot(readInputs(args.data));
  const modules = renderSnapshotModules(data);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;

  const stale = Object.keys(modules).filter((file) => {
    const target = path.join(outDir, file);
    return !fs.existsSync(target) || fs.readFileSync(target, 'utf-8') !== modules[file];
  });
  const extra = fs.existsSync(outDir) ? fs.readdirSync(outDir).filter((f) => !(f in modules)) : [];

  console.log(`catalog snapshot from ${args.data}: data as of ${data.asOf}, ${data.aws.types.length} AWS and ${data.gcp.types.length} GCP types, ${data.sources.length} sources (${ms.toFixed(0)} ms)`);
  for (const file of Object.keys(modules)) console.log(`  ${file}: ${Buffer.byteLength(modules[file])} bytes${stale.includes(file) ? ' (changed)' : ''}`);
  const reasons = new Map();
  for (const e of excluded) {
    const key = `${e.cloud}: ${e.reason}`;
    reasons.set(key, [...(reasons.get(key) || []), e.name]);
  }
  console.log(`  left out (${excluded.length} types the library does not model):`);
  for (const [reason, names] of reasons) console.log(`    ${reason}: ${names.join(', ')}`);

  if (args.check) {
    if (stale.length || extra.length) {
      console.error(`snapshot is stale: ${[...stale, ...extra.map((f) => `${f} (not generated)`)].join(', ')}; run \`npm run catalog:update\``);
      process.exit(1);
    }
    console.log('snapshot is up to date');
    return;
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const file of stale) fs.writeFileSync(path.join(outDir, file), modules[file]);
  for (const file of extra) fs.rmSync(path.join(outDir, file));
  console.log(stale.length || extra.length ? `wrote ${stale.length} file(s), removed ${extra.length}; rebuild (npm run build) to ship them` : 'snapshot already up to date');
}

main();

#!/usr/bin/env node
// The anchor comparison: each example's cloud layer priced the way Infracost prices it (desired size x the first
// instance type per EKS node group; per-zone count x zones per GKE node pool; lib/cost/anchor.ts), beside the
// estimate's floor, expected and ceiling, read from the reports `npm run synth` writes. Same catalog prices on both
// sides: the difference is the method. Prints a Markdown table.
//
//   node scripts/cost-anchor.js [--out DIR] [example ...]     DIR holds dist/ and cdktf.out/ (default: the repository root)
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const outFlag = args.indexOf('--out');
const outBase = outFlag >= 0 ? path.resolve(args[outFlag + 1]) : root;
const only = args.filter((_a, i) => outFlag < 0 || (i !== outFlag && i !== outFlag + 1));

const { Catalog } = require(path.join(root, 'build'));
const { infracostStyle } = require(path.join(root, 'build', 'cost', 'anchor'));
const catalog = Catalog.default();

/** The figures the HTML report embeds for its charts: pools with floor, expected and ceiling. */
function estimateOf(file) {
  const html = fs.readFileSync(file, 'utf-8');
  const m = /<script id="estimate-data" type="application\/json">([^<]*)<\/script>/.exec(html);
  if (!m) throw new Error(`${file}: no estimate data`);
  return JSON.parse(m[1]);
}

const usd = (n) => (n === undefined ? 'not priced' : `$${String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`);
const examples = fs.readdirSync(path.join(outBase, 'cdktf.out')).filter((d) => only.length === 0 || only.includes(d)).sort();
const rows = [];
for (const example of examples) {
  const stacks = path.join(outBase, 'cdktf.out', example, 'stacks');
  if (!fs.existsSync(stacks)) continue;
  for (const platform of fs.readdirSync(stacks).sort()) {
    const report = path.join(outBase, 'dist', example, `${platform}.report.html`);
    if (!fs.existsSync(report)) {
      console.error(`${report} not found: run \`npm run synth\` first (with the cost reports on)`);
      process.exit(2);
    }
    const ours = estimateOf(report);
    const tf = JSON.parse(fs.readFileSync(path.join(stacks, platform, 'cdk.tf.json'), 'utf-8'));
    // A spot fleet's node groups are one line of the estimate (the fleet): Infracost prices each group, we price the fleet.
    const fleets = new Map();
    for (const line of infracostStyle(tf, catalog)) {
      const i = ours.pools.indexOf(line.name);
      const fleet = i < 0 ? ours.pools.find((p) => line.name.startsWith(`${p}-`)) : undefined;
      if (fleet !== undefined) {
        const group = fleets.get(fleet) ?? [];
        fleets.set(fleet, [...group, line]);
        rows.push([example, platform, line.name, `${line.nodes} x ${line.instanceType} ${line.capacityType}`, usd(line.monthlyUsd),
          `in fleet ${fleet}`, `in fleet ${fleet}`, `in fleet ${fleet}`]);
        continue;
      }
      rows.push([example, platform, line.name, `${line.nodes} x ${line.instanceType} ${line.capacityType}`, usd(line.monthlyUsd),
        usd(ours.floor[i]), usd(ours.expected[i]), usd(ours.ceiling[i])]);
    }
    for (const [fleet, lines] of fleets) {
      const i = ours.pools.indexOf(fleet);
      const sum = lines.some((l) => l.monthlyUsd === undefined) ? undefined : lines.reduce((a, l) => a + l.monthlyUsd, 0);
      rows.push([example, platform, `fleet ${fleet} (${lines.length} groups)`, lines.map((l) => `${l.nodes} x ${l.instanceType} ${l.capacityType}`).join(' + '),
        usd(sum), usd(ours.floor[i]), usd(ours.expected[i]), usd(ours.ceiling[i])]);
    }
  }
}
console.log('| example | platform | pool | Infracost-style nodes | Infracost-style /month | our floor | our expected | our ceiling |');
console.log('|---|---|---|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

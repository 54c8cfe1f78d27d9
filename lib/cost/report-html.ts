import { compareStrings } from '../core/order';
import { amount, count, dollars, hourly, percent } from './format';
import {
  assumptionsLine, BUDGET_HEADER, budgetRow, budgetWarnings, energyLine, FLEET_HEADER, fleetRow, leverFigure, leverName, purchaseLine,
  STORAGE_HEADER, storageRow,
  TIERING_HEADER, tieringRow, totalLabel,
} from './summary';
import { renderTopologySvg, Topology } from './topology';
import { LeverSaving, PlatformEstimate, SavingLever } from './types';

// The self-contained HTML report: tables, five charts drawn by the bundled chart library (inlined, so the page needs
// no network), and the pools -> flavors -> queues -> teams diagram as inline SVG. Pure: the same estimate and library
// text give the same bytes.

/** What the HTML report is made of. */
export interface HtmlReportInput {
  readonly estimate: PlatformEstimate;
  readonly topology: Topology;
  /** The chart library's browser build (Chart.js UMD), inlined into the page. */
  readonly chartLibrary: string;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function esc(text: string): string {
  return /[&<>"]/.test(text) ? text.replace(/[&<>"]/g, (c) => ENTITIES[c]) : text;
}

/** Code safe inside a <script> element: nothing in it can close the element. */
function scriptSafe(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}

/** JSON safe inside a <script> element: every `<` escaped, which JSON reads back as the same text. */
function jsonSafe(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function table(id: string, header: string[], rows: string[][], numeric: boolean[] = []): string {
  const th = header.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table id="${id}"><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Teams drawn one by one in the team chart; the others are summed up in one series. */
export const MAX_CHART_TEAMS = 12;

/** The data the charts are drawn from (rounded to cents: the page shows dollars). */
function chartData(e: PlatformEstimate): unknown {
  const cents = (n: number) => Math.round(n * 100) / 100;
  // Pools and fleets are the capacity teams get quota on; storage tiers add a bar to the cost chart only.
  const lines = [
    ...e.pools.map((p) => ({
      name: p.pool, floor: p.floorMonthlyUsd, expected: p.expectedMonthlyUsd, ceiling: p.ceilingMonthlyUsd,
      onDemand: p.expectedMonthlyUsd * p.onDemandShare, spot: p.expectedMonthlyUsd * p.spotShare, fallback: 0, reserved: p.expectedMonthlyUsd * p.reservedShare,
    })),
    ...e.fleets.map((f) => {
      const spot = f.expectedMonthlyUsd > 0 ? (f.expectedMonthlyUsd * f.spotShare * f.spotUsdPerGpuHour) / f.effectiveUsdPerGpuHour : 0;
      const base = f.expectedMonthlyUsd > 0 ? (f.expectedMonthlyUsd * f.onDemandShare * (f.onDemandUsdPerGpuHour ?? 0)) / f.effectiveUsdPerGpuHour : 0;
      return {
        name: f.fleet, floor: f.floorMonthlyUsd, expected: f.expectedMonthlyUsd, ceiling: f.ceilingMonthlyUsd,
        onDemand: base, spot, fallback: f.expectedMonthlyUsd - spot - base, reserved: 0,
      };
    }),
  ];
  const pools = lines.map((l) => l.name);
  const index = new Map(pools.map((p, i) => [p, i]));
  const series = (items: Array<{ pool: string; expectedMonthlyUsd: number }>) => {
    const data = pools.map(() => 0);
    for (const l of items) data[index.get(l.pool)!] += l.expectedMonthlyUsd;
    return data.map(cents);
  };
  const ranked = [...e.teams].sort((a, b) => b.expectedMonthlyUsd - a.expectedMonthlyUsd || compareStrings(a.team, b.team));
  const shown = ranked.slice(0, MAX_CHART_TEAMS).sort((a, b) => compareStrings(a.team, b.team));
  const others = ranked.slice(MAX_CHART_TEAMS);
  const tiers = e.storageTiers.map((t) => cents(t.pricedMonthlyUsd));
  return {
    pools,
    costLabels: [...pools, ...e.storageTiers.map((t) => `${t.tier} (storage)`)],
    floor: [...lines.map((l) => cents(l.floor)), ...tiers],
    expected: [...lines.map((l) => cents(l.expected)), ...tiers],
    ceiling: [...lines.map((l) => cents(l.ceiling)), ...tiers],
    onDemand: lines.map((l) => cents(l.onDemand)),
    spot: lines.map((l) => cents(l.spot)),
    fallback: lines.map((l) => cents(l.fallback)),
    reserved: lines.map((l) => cents(l.reserved)),
    teams: [
      ...shown.map((t) => ({ label: t.team, data: series(t.pools) })),
      ...(others.length > 0 ? [{ label: `${others.length} other teams`, data: series(others.flatMap((t) => t.pools)) }] : []),
      { label: 'idle (unallocated)', data: series(e.idle) },
    ],
    levers: {
      labels: ['baseline', ...e.savings.levers.filter((l) => l.estimated).map((l) => leverName(l.lever)), 'expected'],
      baseline: cents(e.savings.baselineMonthlyUsd),
      steps: e.savings.levers.filter((l) => l.estimated).map((l) => cents(l.monthlyUsd)),
      expected: cents(e.savings.expectedMonthlyUsd),
    },
    energy: {
      pools: e.energy.pools.map((p) => p.pool),
      kwh: e.energy.pools.map((p) => (p.kwhPerMonth === undefined ? null : Math.round(p.kwhPerMonth))),
      co2: e.energy.pools.map((p) => (p.kgCo2ePerMonth === undefined ? null : Math.round(p.kgCo2ePerMonth))),
    },
  };
}

// Runs in the browser: draws the charts from the embedded data. Animations off, so the page is complete when loaded.
const DRAW = `
(function () {
  var d = JSON.parse(document.getElementById('estimate-data').textContent);
  var palette = ['#1a73e8', '#e8710a', '#188038', '#d93025', '#9334e6', '#12b5cb', '#f9ab00', '#5f6368', '#b80672', '#3949ab'];
  var usd = function (v) { return '$' + Math.round(v).toLocaleString('en-US'); };
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = 'system-ui, sans-serif';
  var money = { y: { beginAtZero: true, ticks: { callback: usd } } };
  var charts = {};
  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) charts[id] = new Chart(canvas, config);
  }
  draw('chart-pools', { type: 'bar', data: { labels: d.costLabels, datasets: [
    { label: 'floor', data: d.floor, backgroundColor: '#9aa0a6' },
    { label: 'expected', data: d.expected, backgroundColor: '#1a73e8' },
    { label: 'ceiling', data: d.ceiling, backgroundColor: '#d2e3fc' }] }, options: { scales: money } });
  draw('chart-purchase', { type: 'bar', data: { labels: d.pools, datasets: [
    { label: 'on-demand', data: d.onDemand, backgroundColor: '#1a73e8' },
    { label: 'spot', data: d.spot, backgroundColor: '#188038' },
    { label: 'on-demand fallback', data: d.fallback, backgroundColor: '#d93025' },
    { label: 'reserved', data: d.reserved, backgroundColor: '#f9ab00' }] },
    options: { indexAxis: 'y', scales: { x: { stacked: true, ticks: { callback: usd } }, y: { stacked: true } } } });
  draw('chart-teams', { type: 'bar', data: { labels: d.pools, datasets: d.teams.map(function (t, i) {
    return { label: t.label, data: t.data, backgroundColor: i === d.teams.length - 1 ? '#dadce0' : palette[i % palette.length] };
  }) }, options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { callback: usd } } } } });
  var level = d.levers.baseline;
  var bars = [[0, d.levers.baseline]];
  d.levers.steps.forEach(function (s) { bars.push([level - s, level]); level -= s; });
  bars.push([0, d.levers.expected]);
  draw('chart-savings', { type: 'bar', data: { labels: d.levers.labels, datasets: [{ label: 'USD a month', data: bars,
    backgroundColor: bars.map(function (_b, i) { return i === 0 ? '#9aa0a6' : i === bars.length - 1 ? '#1a73e8' : '#188038'; }) }] },
    options: { plugins: { legend: { display: false } }, scales: money } });
  draw('chart-energy', { type: 'bar', data: { labels: d.energy.pools, datasets: [
    { label: 'kWh a month', data: d.energy.kwh, backgroundColor: '#f9ab00', yAxisID: 'y' },
    { label: 'kg CO2e a month', data: d.energy.co2, backgroundColor: '#5f6368', yAxisID: 'y1' }] },
    options: { scales: { y: { beginAtZero: true, position: 'left' }, y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } } } } });
  window.mlPlatformCharts = charts;
  document.body.setAttribute('data-charts-drawn', String(Object.keys(charts).length));
})();
`;

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 24px; color: #202124; max-width: 1280px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 32px; border-bottom: 1px solid #dadce0; padding-bottom: 4px; }
.meta { color: #5f6368; font-size: 13px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { border: 1px solid #dadce0; border-radius: 8px; padding: 8px 12px; min-width: 120px; }
.card .value { font-size: 18px; font-weight: 600; } .card .label { font-size: 12px; color: #5f6368; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 16px; margin: 8px 0 24px; }
.panel { border: 1px solid #dadce0; border-radius: 8px; padding: 4px 14px 8px; min-width: 0; }
.panel h2 { margin-top: 8px; border: none; } .panel.wide { grid-column: 1 / -1; }
.chart { position: relative; height: 260px; margin: 8px 0 4px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
.warning { color: #8a1c1c; font-weight: 600; }
th, td { border-bottom: 1px solid #e8eaed; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f8f9fa; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.diagram { overflow-x: auto; padding: 4px 0; }
.note { font-size: 12px; color: #5f6368; }
`;

/** The report as one HTML document: the figures and charts first, the diagram, then the detail tables. */
export function renderHtmlReport(input: HtmlReportInput): string {
  const e = input.estimate;
  const t = e.totals;
  const s = e.savings;
  const card = (label: string, value: string, id: string) => `<div class="card" id="${id}"><div class="value">${esc(value)}</div><div class="label">${esc(label)}</div></div>`;
  const chart = (id: string, title: string, label: string, note: string) =>
    `<section class="panel"><h2>${esc(title)}</h2><div class="chart"><canvas id="${id}" aria-label="${esc(label)}"></canvas></div><p class="note">${esc(note)}</p></section>`;
  const body: string[] = [];
  body.push(`<h1>Cost estimate: ${esc(e.platform)}</h1>`);
  body.push(`<p class="meta">${esc(`${e.cloud} ${e.region}. Prices from the ${e.catalog}. Assumptions: ${assumptionsLine(e)}.`)}</p>`);
  body.push('<div class="cards">'
    + card('floor a month (min nodes)', dollars(t.floorMonthlyUsd), 'card-floor')
    + card('expected a month', dollars(t.expectedMonthlyUsd), 'card-expected')
    + card('ceiling a month (max nodes)', dollars(t.ceilingMonthlyUsd), 'card-ceiling')
    + card(`saved against the baseline of ${dollars(s.baselineMonthlyUsd)}`, `${dollars(s.savingMonthlyUsd)} (${percent(s.savingShare)})`, 'card-saving')
    + card('idle (no team guaranteed) a month', dollars(t.idleMonthlyUsd), 'card-idle')
    + card('GPU energy a month', e.energy.kwhPerMonth !== undefined ? `${amount(e.energy.kwhPerMonth)} kWh` : 'not estimated', 'card-energy')
    + card('emissions a month', e.energy.kgCo2ePerMonth !== undefined ? `${amount(e.energy.kgCo2ePerMonth)} kg CO2e` : 'not estimated', 'card-co2')
    + '</div>');

  body.push('<div class="grid">');
  body.push(chart('chart-pools', 'Cost per pool, fleet and storage tier', 'floor, expected and ceiling per pool, fleet and storage tier',
    'USD a month: minimum nodes, expected nodes, maximum nodes, all month (a fleet: its on-demand base, its stated mix, the dearer type); a storage tier the same in all three.'));
  body.push(e.teams.length > 0
    ? chart('chart-teams', 'Cost per team', 'expected cost per pool by team and idle', 'Each team\'s guaranteed share of the expected cost, and the idle share no team is guaranteed.')
    : '<section class="panel"><h2>Cost per team</h2><p>No team has a guaranteed share of a priced pool.</p></section>');
  body.push(chart('chart-savings', 'Saving by lever', 'baseline, savings by lever and expected cost',
    'From the naive baseline (on-demand whole GPUs, no sharing, no spot, max size all month; storage in the standard class) to the expected cost.'));
  body.push(chart('chart-purchase', 'Spot and on-demand', 'expected cost by purchase type',
    `${purchaseLine(e)} a month (storage is not in this chart).`));
  body.push(chart('chart-energy', 'Energy and CO2', 'energy and emissions per pool', energyLine(e)));
  body.push(`<section class="panel wide"><h2>Pools, flavors, queues and teams</h2><div class="diagram">${renderTopologySvg(input.topology)}</div></section>`);
  body.push('</div>');

  body.push('<h2>Pools</h2>');
  body.push(table('table-pools', ['pool', 'instance', 'capacity', 'nodes', 'expected nodes', '$/node-hour', '$/GPU-hour', 'floor/month', 'expected/month', 'ceiling/month', 'guaranteed to teams'],
    [...e.pools.map((p) => [p.pool, p.instanceType, p.capacityType, `${p.minNodes}-${p.maxNodes}`, count(p.expectedNodes), hourly(p.nodeUsdPerHour),
      p.usdPerGpuHour !== undefined ? hourly(p.usdPerGpuHour) : '-', dollars(p.floorMonthlyUsd), dollars(p.expectedMonthlyUsd), dollars(p.ceilingMonthlyUsd), percent(p.allocatedShare)]),
    [totalLabel(e), '', '', '', '', '', '', dollars(t.floorMonthlyUsd), dollars(t.expectedMonthlyUsd), dollars(t.ceilingMonthlyUsd), '']],
    [false, false, false, true, true, true, true, true, true, true, true]));
  if (e.fleets.length > 0) {
    body.push('<h2>Spot fleets</h2>');
    body.push(table('table-fleets', FLEET_HEADER, e.fleets.map(fleetRow), [false, false, true, true, true, true, true, true, true, true, true]));
    body.push(`<ul>${e.fleets.map((f) => `<li>${esc(`${f.fleet} (pools ${f.pools.join(', ')}, priced here only): expected = ${f.formula}. `
      + `Spot share ${f.spotShareBasis}. Ceiling: ${f.ceilingBasis}.`)}</li>`).join('')}</ul>`);
  }
  if (e.storageTiers.length > 0) {
    body.push('<h2>Storage tiers</h2>');
    body.push(table('table-storage', STORAGE_HEADER, e.storageTiers.map(storageRow), [false, false, false, true, true]));
    body.push(table('table-storage-drivers', ['storage tier', 'cost driver', 'quantity', 'unit', '$/unit', '$/month', 'source or reason'],
      e.storageTiers.flatMap((tier) => tier.drivers.map((d) => [tier.tier, d.description, amount(d.quantity, 2), d.unit,
        d.usdPerUnit !== undefined ? String(d.usdPerUnit) : '-', d.monthlyUsd !== undefined ? amount(d.monthlyUsd, 2) : 'unpriced',
        d.priced ? `${d.source ?? ''}${d.retrieved ? ` (${d.retrieved})` : ''}` : d.unpricedReason ?? ''])),
      [false, false, true, false, true, true, false]));
  }
  const units = [...e.pools.map((p) => ({ pool: p.pool, units: p.units })), ...e.fleets.map((f) => ({ pool: f.fleet, units: f.units }))]
    .flatMap((p) => p.units.map((u) => [p.pool, u.resourceName, u.migProfile ?? 'whole GPU', u.sharedBy > 1 ? `${u.sharedBy} pods/device` : '-',
      count(u.perNode), count(u.atMaxSize), percent(u.shareOfNode), hourly(u.usdPerUnitHour)]));
  if (units.length > 0) {
    body.push('<p>Effective price of each unit a pool provides (MIG devices and shared replicas carry the node price by their share of a GPU):</p>');
    body.push(table('table-units', ['pool', 'resource', 'MIG profile', 'sharing', 'per node', 'at max size', 'share of node', '$/unit-hour'], units,
      [false, false, false, false, true, true, true, true]));
  }

  if (e.budgets.length > 0) {
    body.push('<h2>Budgets</h2>');
    body.push(...budgetWarnings(e).map((w) => `<p class="warning">${esc(w)}</p>`));
    body.push(table('table-budgets', BUDGET_HEADER, e.budgets.map(budgetRow), [false, false, true, true, true, true, true, true]));
    body.push('<p class="note">A platform budget counts every priced pool, fleet and storage tier; a team budget the pools dedicated to the team, whole (idle time included), as the cloud '
      + 'bills them. The clouds count more than the estimate prices (control plane, disks, network), so leave room.</p>');
  }

  body.push('<h2>Teams</h2>');
  if (e.teams.length > 0) {
    const lines = [
      ...e.teams.flatMap((team) => team.pools.map((l) => [team.team, l.pool, percent(l.share), dollars(l.expectedMonthlyUsd), dollars(l.guaranteedMonthlyUsd),
        dollars(l.borrowingCeilingMonthlyUsd), l.kwhPerMonth !== undefined ? amount(l.kwhPerMonth) : '-'])),
      ...e.idle.map((i) => ['idle (unallocated)', i.pool, percent(i.share), dollars(i.expectedMonthlyUsd), dollars(i.ceilingMonthlyUsd), '', '']),
    ];
    body.push(table('table-teams', ['team', 'pool', 'share of pool', 'expected/month', 'guaranteed/month', 'borrowing ceiling/month', 'kWh/month'], lines,
      [false, false, true, true, true, true, true]));
    body.push('<p class="note">Per pool and fleet, the teams\' lines and the idle line add up to its expected figure and to its ceiling.</p>');
    const rows = e.teams.flatMap((team) => team.pools.flatMap((line) => line.resources.filter((r) => r.guaranteed > 0 || r.maxAdmissible > 0).map((r) => [
      team.team, line.pool, r.resourceName, `${count(r.guaranteed)} ${r.unit}`, `${count(r.maxAdmissible)} ${r.unit}`, r.usdPerUnitHour > 0 ? hourly(r.usdPerUnitHour) : 'with the devices',
      dollars(r.guaranteedMonthlyUsd), dollars(r.borrowingCeilingMonthlyUsd)])));
    body.push(table('table-team-resources', ['team', 'pool', 'resource', 'guaranteed', 'most admissible', '$/unit-hour', 'guaranteed/month', 'borrowing ceiling/month'], rows,
      [false, false, false, true, true, true, true, true]));
  } else {
    body.push('<p>No team has a guaranteed share of a priced pool.</p>');
  }

  body.push('<h2>Saving by lever</h2>');
  body.push(`<p>Baseline: ${esc(s.baseline)}.</p>`);
  body.push(table('table-savings', ['lever', 'saved/month', 'share of baseline', 'how'],
    [['baseline', dollars(s.baselineMonthlyUsd), '100.0%', ''],
      ...s.levers.map((l) => [leverName(l.lever), leverFigure(l), l.estimated ? percent(l.shareOfBaseline) : '-', l.explanation]),
      ['expected', dollars(s.expectedMonthlyUsd), percent(s.baselineMonthlyUsd > 0 ? s.expectedMonthlyUsd / s.baselineMonthlyUsd : 0), '']],
    [false, true, true, false]));
  const compute = (l: LeverSaving) => l.lever !== SavingLever.STORAGE_TIERING;
  body.push(table('table-savings-pools', ['pool or fleet', 'demand units', 'reference', 'reference $/unit-hour', 'baseline/month',
    ...s.levers.filter(compute).map((l) => leverName(l.lever)), 'expected/month'],
  [...s.pools, ...s.fleets].map((p) => [p.pool, count(p.demandUnits), p.referenceInstanceType, hourly(p.referenceUsdPerUnitHour), dollars(p.baselineMonthlyUsd),
    ...p.levers.filter(compute).map((l) => dollars(l.monthlyUsd)), dollars(p.expectedMonthlyUsd)]),
  [false, true, false, true, true, true, true, true, true, true]));
  if (s.storageTiers.length > 0) {
    body.push(table('table-savings-storage', TIERING_HEADER, s.storageTiers.map(tieringRow), [false, true, false, true, true, true]));
  }

  body.push('<h2>Energy and CO2</h2>');
  body.push(`<p>${esc(energyLine(e))}. ${esc(e.energy.scope)}</p>`);
  body.push(table('table-energy', ['pool', 'GPU-hours/month', 'board power (W)', 'kWh/month', 'kg CO2e/month'],
    e.energy.pools.map((p) => [p.pool, amount(p.gpuHoursPerMonth), count(p.boardPowerWatts), p.kwhPerMonth !== undefined ? amount(p.kwhPerMonth) : '-',
      p.kgCo2ePerMonth !== undefined ? amount(p.kgCo2ePerMonth) : '-']), [false, true, true, true, true]));

  body.push('<h2>Not priced</h2>');
  body.push(e.unpriced.length > 0 ? table('table-unpriced', ['what', 'why'], e.unpriced.map((u) => [u.subject, u.reason])) : '<p>Everything in scope is priced.</p>');
  body.push('<h2>Scope</h2>');
  body.push(`<ul>${e.scope.map((line) => `<li>${esc(line)}</li>`).join('')}</ul>`);
  body.push('<h2>Sources</h2>');
  body.push(table('table-sources', ['item', 'subject', 'value', 'unit', 'source', 'date', 'basis'],
    e.sources.map((r) => [r.item, r.subject, String(r.value), r.unit, r.source, r.retrieved ?? 'undated', r.basis ?? 'quoted'])));
  body.push('<p class="note">Charts drawn with Chart.js (MIT licence), inlined. Generated by ml-platform-cdk at synth.</p>');

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>Cost estimate: ${esc(e.platform)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    `<script id="estimate-data" type="application/json">${jsonSafe(chartData(e))}</script>`,
    `<script>${scriptSafe(input.chartLibrary)}</script>`,
    `<script>${DRAW}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

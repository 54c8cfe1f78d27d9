import { amount, count, dollars, hourly, markdownTable, percent } from './format';
import {
  assumptionsLine, BUDGET_HEADER, budgetRow, budgetWarnings, energyLine, FLEET_HEADER, fleetRow, leverFigure, leverName, purchaseLine,
  STORAGE_HEADER, storageRow,
  TIERING_HEADER, tieringRow, totalLabel, unitName,
} from './summary';
import { renderTopologyMermaid, Topology } from './topology';
import { LeverSaving, PlatformEstimate, SavingLever } from './types';

/** The report as Markdown: the same tables as the HTML report, the diagram as a Mermaid flowchart. */
export function renderMarkdownReport(e: PlatformEstimate, topology: Topology): string {
  const t = e.totals;
  const s = e.savings;
  const out: string[] = [];
  out.push(`# Cost estimate: ${e.platform}`, '');
  out.push(`${e.cloud} ${e.region}. Prices from the ${e.catalog}.`, '');
  out.push(`Assumptions: ${assumptionsLine(e)}.`, '');
  out.push(`**Floor ${dollars(t.floorMonthlyUsd)}, expected ${dollars(t.expectedMonthlyUsd)}, ceiling ${dollars(t.ceilingMonthlyUsd)} a month**; `
    + `saved against the naive baseline: ${dollars(s.savingMonthlyUsd)} a month (${percent(s.savingShare)} of ${dollars(s.baselineMonthlyUsd)}).`, '');

  out.push('## Cost per pool', '');
  out.push(markdownTable(['pool', 'instance', 'capacity', 'nodes', '$/node-h', '$/GPU-h', 'floor/mo', 'expected/mo', 'ceiling/mo', 'guaranteed'],
    [...e.pools.map((p) => [p.pool, p.instanceType, p.capacityType, `${p.minNodes}-${p.maxNodes}`, hourly(p.nodeUsdPerHour),
      p.usdPerGpuHour !== undefined ? hourly(p.usdPerGpuHour) : '-', dollars(p.floorMonthlyUsd), dollars(p.expectedMonthlyUsd), dollars(p.ceilingMonthlyUsd), percent(p.allocatedShare)]),
    [`**${totalLabel(e)}**`, '', '', '', '', '', dollars(t.floorMonthlyUsd), dollars(t.expectedMonthlyUsd), dollars(t.ceilingMonthlyUsd), '']],
    [false, false, false, true, true, true, true, true, true, true]), '');
  out.push(`${purchaseLine(e)} a month.`, '');
  const units = [...e.pools.map((p) => ({ pool: p.pool, units: p.units })), ...e.fleets.map((f) => ({ pool: f.fleet, units: f.units }))]
    .flatMap((p) => p.units.filter((u) => u.migProfile !== undefined || u.sharedBy > 1).map((u) => [
      p.pool, unitName(u), u.sharedBy > 1 ? `${u.sharedBy} pods/device` : '-', count(u.perNode), count(u.atMaxSize), hourly(u.usdPerUnitHour)]));
  if (units.length > 0) {
    out.push('Partitioned and shared units:', '');
    out.push(markdownTable(['pool', 'resource', 'sharing', 'per node', 'at max size', '$/unit-h'], units, [false, false, false, true, true, true]), '');
  }
  if (e.fleets.length > 0) {
    out.push('## Spot fleets', '');
    out.push(markdownTable(FLEET_HEADER, e.fleets.map(fleetRow), [false, false, true, true, true, true, true, true, true, true, true]), '');
    for (const f of e.fleets) {
      out.push(`- **${f.fleet}** (pools ${f.pools.join(', ')}, priced here only): expected = ${f.formula}. Spot share ${f.spotShareBasis}. Ceiling: ${f.ceilingBasis}.`);
    }
    out.push('');
  }
  if (e.storageTiers.length > 0) {
    out.push('## Storage tiers', '');
    out.push(markdownTable(STORAGE_HEADER, e.storageTiers.map(storageRow), [false, false, false, true, true]), '');
    out.push(markdownTable(['storage tier', 'cost driver', 'quantity', 'unit', '$/unit', '$/mo', 'source'], e.storageTiers.flatMap((tier) => tier.drivers.map((d) => [
      tier.tier, d.description, amount(d.quantity, 2), d.unit, d.usdPerUnit !== undefined ? String(d.usdPerUnit) : '-',
      d.monthlyUsd !== undefined ? amount(d.monthlyUsd, 2) : 'unpriced', d.priced ? `${d.source ?? ''}${d.retrieved ? ` (${d.retrieved})` : ''}` : d.unpricedReason ?? '',
    ])), [false, false, true, false, true, true, false]), '');
  }

  if (e.budgets.length > 0) {
    out.push('## Budgets', '');
    out.push(markdownTable(BUDGET_HEADER, e.budgets.map(budgetRow), [false, false, true, true, true, true, true, true]), '');
    out.push('A platform budget counts every priced pool, fleet and storage tier; a team budget the pools dedicated to the team, whole (idle time included), as the cloud bills them. '
      + 'The clouds count more than the estimate prices (control plane, disks, network), so leave room.', '');
    for (const w of budgetWarnings(e)) out.push(`> **${w}**`, '');
  }

  out.push('## Cost per team', '');
  if (e.teams.length > 0) {
    out.push(markdownTable(['team', 'pool', 'guaranteed', 'share', 'expected/mo', 'guaranteed/mo', 'borrowing ceiling/mo'], [
      ...e.teams.flatMap((team) => team.pools.map((l) => [team.team, l.pool,
        l.resources.filter((r) => r.guaranteed > 0 && r.usdPerUnitHour > 0).map((r) => `${count(r.guaranteed)} ${r.resourceName}`).join(', ') || '-',
        percent(l.share), dollars(l.expectedMonthlyUsd), dollars(l.guaranteedMonthlyUsd), dollars(l.borrowingCeilingMonthlyUsd)])),
      ...e.idle.map((i) => ['*idle (unallocated)*', i.pool, '', percent(i.share), dollars(i.expectedMonthlyUsd), dollars(i.ceilingMonthlyUsd), '']),
    ], [false, false, false, true, true, true, true]), '');
    out.push('Per pool and fleet, the teams\' lines and the idle line add up to its expected figure and to its ceiling.', '');
  } else {
    out.push('No team has a guaranteed share of a priced pool.', '');
  }

  out.push('## Saving by lever', '');
  out.push(`Baseline: ${s.baseline}.`, '');
  out.push(markdownTable(['lever', 'saved/mo', 'share of baseline', 'how'], [
    ['baseline', dollars(s.baselineMonthlyUsd), '100.0%', ''],
    ...s.levers.map((l) => [leverName(l.lever), leverFigure(l), l.estimated ? percent(l.shareOfBaseline) : '-', l.explanation]),
    ['expected', dollars(s.expectedMonthlyUsd), percent(s.baselineMonthlyUsd > 0 ? s.expectedMonthlyUsd / s.baselineMonthlyUsd : 0), ''],
  ], [false, true, true, false]), '');
  const compute = (l: LeverSaving) => l.lever !== SavingLever.STORAGE_TIERING;
  out.push(markdownTable(['pool or fleet', 'reference', 'demand units', 'baseline/mo', ...s.levers.filter(compute).map((l) => leverName(l.lever)), 'expected/mo'],
    [...s.pools, ...s.fleets].map((p) => [p.pool, p.referenceInstanceType, count(p.demandUnits), dollars(p.baselineMonthlyUsd),
      ...p.levers.filter(compute).map((l) => dollars(l.monthlyUsd)), dollars(p.expectedMonthlyUsd)]),
    [false, false, true, true, true, true, true, true, true]), '');
  if (s.storageTiers.length > 0) {
    out.push(markdownTable(TIERING_HEADER, s.storageTiers.map(tieringRow), [false, true, false, true, true, true]), '');
  }

  out.push('## Energy and CO2', '');
  out.push(`${energyLine(e)}.`, '', e.energy.scope, '');
  out.push(markdownTable(['pool', 'GPU-h/mo', 'board power (W)', 'kWh/mo', 'kg CO2e/mo'], e.energy.pools.map((p) => [p.pool, amount(p.gpuHoursPerMonth), count(p.boardPowerWatts),
    p.kwhPerMonth !== undefined ? amount(p.kwhPerMonth) : '-', p.kgCo2ePerMonth !== undefined ? amount(p.kgCo2ePerMonth) : '-']), [false, true, true, true, true]), '');

  out.push('## Pools, flavors, queues and teams', '');
  out.push('```mermaid', renderTopologyMermaid(topology), '```', '');

  out.push('## Not priced', '');
  out.push(e.unpriced.length > 0 ? e.unpriced.map((u) => `- ${u.subject}: ${u.reason}`).join('\n') : 'Everything in scope is priced.', '');
  out.push('## Scope', '');
  out.push(e.scope.map((line) => `- ${line}`).join('\n'), '');
  out.push('## Sources', '');
  out.push(markdownTable(['item', 'subject', 'value', 'unit', 'source', 'date', 'basis'],
    e.sources.map((r) => [r.item, r.subject, String(r.value), r.unit, r.source, r.retrieved ?? 'undated', r.basis ?? 'quoted'])), '');
  return out.join('\n');
}

import { compareStrings } from '../core/order';
import { StorageCostEstimate } from '../storage/storage-cost';
import { FleetEstimate, StorageTierSavings } from './fleet-tier-types';
import { amount, count, dollars, hourly, percent, textTable } from './format';
import { BudgetEstimate, LeverSaving, PlatformEstimate, SavingLever, UnitCost } from './types';

const LEVER_NAMES: Record<SavingLever, string> = {
  [SavingLever.PARTITIONING]: 'partitioning/sharing',
  [SavingLever.RIGHT_SIZING]: 'right-sizing',
  [SavingLever.SPOT]: 'spot',
  [SavingLever.SCALE_TO_ZERO]: 'scale-to-zero',
  [SavingLever.STORAGE_TIERING]: 'storage tiering',
};

/** Teams in the printed summary (the largest showbacks); the reports list all. */
export const MAX_SUMMARY_TEAMS = 20;

/** The lever's name as the reports print it. */
export function leverName(lever: SavingLever): string {
  return LEVER_NAMES[lever];
}

/** A lever's figure as the reports print it. */
export function leverFigure(l: LeverSaving): string {
  return l.estimated ? dollars(l.monthlyUsd) : 'not estimated';
}

/** A unit's resource name, with its MIG profile when the name does not say it (GKE and the single strategy advertise `nvidia.com/gpu`). */
export function unitName(u: UnitCost): string {
  return u.migProfile !== undefined && !u.resourceName.endsWith(u.migProfile) ? `${u.resourceName} (${u.migProfile})` : u.resourceName;
}

/** The estimate's assumptions in one line. */
export function assumptionsLine(e: PlatformEstimate): string {
  const a = e.assumptions;
  const overridden = e.pools.filter((p) => p.expectedUtilization !== a.expectedUtilization || p.activeHoursPerDay !== a.activeHoursPerDay);
  return `${a.hoursPerMonth} h/month; expected = each pool's minimum + ${percent(a.expectedUtilization)} of the nodes above it, `
    + `${count(a.activeHoursPerDay)} h/day`
    + (overridden.length > 0 ? ` (own assumptions: ${overridden.map((p) => `${p.pool} ${percent(p.expectedUtilization)}, ${count(p.activeHoursPerDay)} h/day`).join('; ')})` : '')
    + `; PUE ${a.powerUsageEffectiveness ?? 'none'}`;
}

/** The label of the total row of the pool table: the platform's total, fleets and storage included when there are any. */
export function totalLabel(e: PlatformEstimate): string {
  return e.fleets.length > 0 || e.storageTiers.length > 0 ? 'platform total (pools, fleets, storage)' : 'total';
}

/** The fleet table's header, shared by the summary and the reports. */
export const FLEET_HEADER = ['fleet', 'types (spot; on-demand)', 'nodes base/fallback/max', '$/GPU-h spot', '$/GPU-h on-demand', 'on-demand/spot/fallback',
  '$/GPU-h effective', 'floor/mo', 'expected/mo', 'ceiling/mo', 'guaranteed'];

/** One fleet's row of the fleet table. */
export function fleetRow(f: FleetEstimate): string[] {
  return [f.fleet, `${f.spotInstanceTypes.join(', ')}; ${f.onDemandInstanceType ?? 'none'}`, `${f.onDemandBaseNodes}/${f.fallbackMaxNodes}/${f.maxNodes}`,
    hourly(f.spotUsdPerGpuHour), f.onDemandUsdPerGpuHour !== undefined ? hourly(f.onDemandUsdPerGpuHour) : '-',
    `${percent(f.onDemandShare)}/${percent(f.spotShare)}/${percent(f.fallbackShare)}`, hourly(f.effectiveUsdPerGpuHour),
    dollars(f.floorMonthlyUsd), dollars(f.expectedMonthlyUsd), dollars(f.ceilingMonthlyUsd), percent(f.allocatedShare)];
}

/** The storage table's header, shared by the summary and the reports. */
export const STORAGE_HEADER = ['storage tier', 'kind', 'service', 'priced/mo', 'unpriced parts'];

/** One tier's row of the storage table. */
export function storageRow(t: StorageCostEstimate): string[] {
  return [t.tier, t.kind, t.service, dollars(t.pricedMonthlyUsd), t.complete ? 'none' : String(t.unpricedReasons.length)];
}

/** The storage-tiering table's header. */
export const TIERING_HEADER = ['storage tier', 'stored GiB', 'standard class (baseline)', 'baseline/mo', 'with its classes/mo', 'saved/mo'];

/** One tier's row of the storage-tiering table. */
export function tieringRow(t: StorageTierSavings): string[] {
  return [t.tier, count(t.storedGiB), `${t.standardClass} at $${t.standardUsdPerUnit} per ${t.unit}`, dollars(t.baselineMonthlyUsd),
    dollars(t.expectedMonthlyUsd), dollars(t.savingMonthlyUsd)];
}

/** The budget table's header, shared by the summary and the reports. */
export const BUDGET_HEADER = ['budget', 'counts', 'limit/mo', 'floor/mo', 'expected/mo', 'ceiling/mo', 'expected of limit', 'ceiling of limit'];

/** One budget's row of the budget table. */
export function budgetRow(b: BudgetEstimate): string[] {
  return [b.budget, b.team !== undefined ? `team ${b.team}: ${b.pools.join(', ') || 'no priced pool'}` : 'the platform'
    + (b.fleets.length > 0 || b.storageTiers.length > 0 ? ' (fleets and storage included)' : ''),
  dollars(b.monthlyLimitUsd), dollars(b.floorMonthlyUsd), dollars(b.expectedMonthlyUsd), dollars(b.ceilingMonthlyUsd),
  percent(b.expectedShareOfLimit), percent(b.ceilingShareOfLimit)];
}

/**
 * The warning about a budget the estimate can overrun: the expected figure over the limit, or the ceiling (every pool at
 * its maximum all month) over it, the surprise-bill case; undefined when the ceiling fits the limit.
 */
export function budgetWarning(b: BudgetEstimate): string | undefined {
  if (!b.ceilingExceedsLimit) return undefined;
  const what = b.team !== undefined ? `team ${b.team}'s pools` : 'the platform';
  return b.expectedExceedsLimit
    ? `budget ${b.budget}: the expected ${dollars(b.expectedMonthlyUsd)} a month already exceeds the limit of ${dollars(b.monthlyLimitUsd)}; `
      + `at the ceiling (${dollars(b.ceilingMonthlyUsd)}) ${what} would spend it in ${amount(b.daysToLimitAtCeiling!, 1)} days.`
    : `budget ${b.budget}: the ceiling of ${dollars(b.ceilingMonthlyUsd)} a month exceeds the limit of ${dollars(b.monthlyLimitUsd)}: `
      + `at their maximum size ${what} would spend it in ${amount(b.daysToLimitAtCeiling!, 1)} days. Lower maxNodes, raise the limit, or cap it.`;
}

/** The budget warnings of an estimate, as the summary and the reports print them. */
export function budgetWarnings(e: PlatformEstimate): string[] {
  return e.budgets.flatMap((b) => {
    const warning = budgetWarning(b);
    return warning === undefined ? [] : [`WARNING: ${warning}`];
  });
}

/** The expected figure by purchase type, in one line. */
export function purchaseLine(e: PlatformEstimate): string {
  const t = e.totals;
  return `expected by purchase: on-demand ${dollars(t.onDemandMonthlyUsd)}, spot ${dollars(t.spotMonthlyUsd)}, on-demand fallback ${dollars(t.fallbackMonthlyUsd)}, `
    + `reserved ${dollars(t.reservedMonthlyUsd)}, storage ${dollars(t.storageMonthlyUsd)}`;
}

/** The energy line. */
export function energyLine(e: PlatformEstimate): string {
  const en = e.energy;
  if (en.kwhPerMonth === undefined) return 'energy: not estimated (see unpriced)';
  return `energy: ${amount(en.kwhPerMonth)} kWh/month, `
    + (en.kgCo2ePerMonth !== undefined ? `${amount(en.kgCo2ePerMonth)} kg CO2e/month` : 'CO2 not estimated')
    + ` (GPU board power only; PUE ${e.assumptions.powerUsageEffectiveness}${en.gridGramsCo2ePerKwh !== undefined ? `; grid ${en.gridGramsCo2ePerKwh} g CO2e/kWh` : ''})`;
}

/**
 * The summary table printed at synth: pools with floor, expected and ceiling; partitioned and shared units; teams
 * with the idle line; the saving by lever; energy and CO2; what is unpriced.
 * @param files where the reports were written, if they were
 */
export function renderSummary(e: PlatformEstimate, files: string[] = []): string {
  const out: string[] = [];
  out.push(`Cost estimate: ${e.platform} (${e.cloud} ${e.region}), prices from the ${e.catalog}`);
  out.push(`Assumptions: ${assumptionsLine(e)}`);
  out.push('');
  const poolRows = e.pools.map((p) => [
    p.pool, p.instanceType, p.capacityType, `${p.minNodes}-${p.maxNodes}`, hourly(p.nodeUsdPerHour),
    p.usdPerGpuHour !== undefined ? hourly(p.usdPerGpuHour) : '-',
    dollars(p.floorMonthlyUsd), dollars(p.expectedMonthlyUsd), dollars(p.ceilingMonthlyUsd), percent(p.allocatedShare),
  ]);
  const t = e.totals;
  poolRows.push([totalLabel(e), '', '', '', '', '', dollars(t.floorMonthlyUsd), dollars(t.expectedMonthlyUsd), dollars(t.ceilingMonthlyUsd), '']);
  out.push(textTable(['pool', 'instance', 'capacity', 'nodes', '$/node-h', '$/GPU-h', 'floor/mo', 'expected/mo', 'ceiling/mo', 'guaranteed'], poolRows));
  if (e.fleets.length > 0) {
    out.push('');
    out.push(textTable(FLEET_HEADER, e.fleets.map(fleetRow)));
    for (const f of e.fleets) out.push(`fleet ${f.fleet}: spot share ${f.spotShareBasis}; ceiling ${f.ceilingBasis}`);
  }
  if (e.storageTiers.length > 0) {
    out.push('');
    out.push(textTable(STORAGE_HEADER, e.storageTiers.map(storageRow)));
  }
  out.push(purchaseLine(e));
  if (e.budgets.length > 0) {
    out.push('');
    out.push(textTable(BUDGET_HEADER, e.budgets.map(budgetRow)));
    out.push(...budgetWarnings(e));
  }

  const unitRows = [...e.pools.map((p) => ({ name: p.pool, units: p.units })), ...e.fleets.map((f) => ({ name: f.fleet, units: f.units }))]
    .flatMap((p) => p.units.filter((u) => u.migProfile !== undefined || u.sharedBy > 1).map((u) => [p.name, unitName(u), u.sharedBy > 1 ? `${u.sharedBy} pods/device` : '', count(u.perNode), count(u.atMaxSize), hourly(u.usdPerUnitHour)]));
  if (unitRows.length > 0) {
    out.push('');
    out.push(textTable(['pool', 'unit (MIG device / shared replica)', 'sharing', 'per node', 'at max', '$/unit-h'], unitRows));
  }

  if (e.teams.length > 0) {
    out.push('');
    // The largest showbacks; the reports list every team.
    const shown = [...e.teams].sort((a, b) => b.expectedMonthlyUsd - a.expectedMonthlyUsd || compareStrings(a.team, b.team))
      .slice(0, MAX_SUMMARY_TEAMS).sort((a, b) => compareStrings(a.team, b.team));
    const teamRows = shown.flatMap((team) => team.pools.map((line) => [
      team.team, line.pool,
      line.resources.filter((r) => r.guaranteed > 0 && r.usdPerUnitHour > 0).map((r) => `${count(r.guaranteed)} ${r.resourceName}`).join(', ') || '-',
      percent(line.share), dollars(line.expectedMonthlyUsd), dollars(line.guaranteedMonthlyUsd), dollars(line.borrowingCeilingMonthlyUsd),
    ]));
    for (const idle of e.idle) teamRows.push(['(idle)', idle.pool, '', percent(idle.share), dollars(idle.expectedMonthlyUsd), dollars(idle.ceilingMonthlyUsd), '']);
    out.push(textTable(['team', 'pool', 'guaranteed', 'share', 'expected/mo', 'guaranteed/mo', 'borrowing ceiling/mo'], teamRows));
    if (shown.length < e.teams.length) out.push(`(${e.teams.length - shown.length} more teams with smaller showbacks in the reports)`);
  }

  const s = e.savings;
  out.push('');
  out.push(`saving against the naive baseline (${dollars(s.baselineMonthlyUsd)}/month: on-demand whole GPUs, no sharing, no spot, max size all month; `
    + 'storage in the standard class): '
    + `${dollars(s.savingMonthlyUsd)}/month (${percent(s.savingShare)}) - `
    + s.levers.map((l) => `${leverName(l.lever)} ${leverFigure(l)}`).join(', '));
  out.push(energyLine(e));
  if (e.unpriced.length > 0) out.push(`unpriced: ${e.unpriced.map((u) => `${u.subject} (${u.reason})`).join('; ')}`);
  if (files.length > 0) out.push(`reports: ${files.join(', ')}`);
  return `${out.join('\n')}\n`;
}

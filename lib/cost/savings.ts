import { Catalog } from '../catalog/catalog';
import { InstanceOffering } from '../catalog/types';
import { CapacityType } from '../core/capacity';
import { Architecture } from '../core/gpu-model';
import { compareStrings } from '../core/order';
import { HOURS_PER_MONTH } from './options';
import { PricedPool } from './pools';
import { sum } from './showback';
import { priceSources } from './sources';
import { LeverSaving, PoolSavings, SavingLever, SavingsEstimate, UnpricedItem } from './types';

export const BASELINE = 'the same demand on on-demand whole GPUs: every MIG device and shared replica the pools offer at their '
  + 'maximum size on a GPU of its own, at the on-demand price per GPU-hour of the reference instance (the largest node '
  + 'carrying the same GPU model; for a CPU pool, the cheapest x86 node at least as large), no spot, all nodes running '
  + 'all month; storage not included';

const LEVER_TEXT: Record<SavingLever, string> = {
  [SavingLever.PARTITIONING]: 'MIG devices and shared replicas: the demand runs on fewer physical GPUs than units',
  [SavingLever.RIGHT_SIZING]: 'the pool\'s instance instead of the reference instance, per GPU (per node for CPU pools)',
  [SavingLever.SPOT]: 'spot instead of on-demand prices for spot pools',
  [SavingLever.SCALE_TO_ZERO]: 'the expected nodes instead of the maximum size all month (down to the minimum, zero when it is 0)',
  [SavingLever.STORAGE_TIERING]: 'not estimated: the platform declares no storage tiers (StorageTier is not part of the library yet)',
};

/** The levers in the order they are applied from the baseline to the expected figure. */
const ORDER = [SavingLever.PARTITIONING, SavingLever.RIGHT_SIZING, SavingLever.SPOT, SavingLever.SCALE_TO_ZERO, SavingLever.STORAGE_TIERING];

/**
 * The reference instance of a pool's baseline. GPU pool: of the offerings that carry the same GPU model, are not known
 * to be absent from the region and have an on-demand price, the one with the most GPUs per node (then the most vCPUs,
 * then by name) - the node a platform buys when it provisions "the H100 instance" without sizing it. CPU pool: the
 * cheapest x86 node with at least the pool's vCPUs and memory. The pool's own type is a candidate too, so a pool
 * always has a reference when its type has an on-demand price.
 */
export function referenceOffering(catalog: Catalog, pool: InstanceOffering, region: string): InstanceOffering | undefined {
  const own = catalog.price(pool, region, CapacityType.ON_DEMAND) ? [pool] : [];
  if (pool.gpu) {
    return [...catalog.match(pool.cloud, region, { gpu: pool.gpu }, CapacityType.ON_DEMAND).map((c) => c.offering), ...own]
      .sort((a, b) => b.gpuCount - a.gpuCount || b.vcpus - a.vcpus || compareStrings(a.name, b.name))[0];
  }
  const x86 = catalog.match(pool.cloud, region, {
    gpusPerNode: 0, architecture: Architecture.AMD64, minVcpus: pool.vcpus, minMemoryGiB: pool.memoryGiB,
  }, CapacityType.ON_DEMAND).map((c) => c.offering);
  return x86[0] ?? own[0];
}

/**
 * One pool against the baseline, lever by lever: partitioning/sharing, right-sizing, spot, scale-to-zero. Each step
 * changes one thing, so the levers add up to baseline - expected exactly.
 */
export function poolSavings(
  catalog: Catalog, region: string, pool: PricedPool, references?: Map<InstanceOffering, InstanceOffering | undefined>,
): PoolSavings | UnpricedItem {
  const o = pool.model.offering;
  // Pools of the same type share their reference: it is looked up once per estimate.
  let reference = references?.get(o);
  if (!references?.has(o)) {
    reference = referenceOffering(catalog, o, region);
    references?.set(o, reference);
  }
  const refQuote = reference ? catalog.price(reference, region, CapacityType.ON_DEMAND) : undefined;
  if (!reference || !refQuote) {
    return { subject: `baseline of pool ${pool.model.name}`, reason: `the catalog has no on-demand offering to compare ${o.name} with in ${region}` };
  }
  const odQuote = pool.quote.capacityType === CapacityType.ON_DEMAND ? pool.quote : catalog.price(o, region, CapacityType.ON_DEMAND);
  if (!odQuote) {
    return { subject: `baseline of pool ${pool.model.name}`, reason: `the catalog has no on-demand price for ${o.name} in ${region}, which the spot and right-sizing levers are measured against` };
  }
  const e = pool.estimate;
  const perNode = o.gpu ? o.gpuCount : 1;
  const refPerNode = reference.gpu ? reference.gpuCount : 1;
  const deviceUnits = sum(e.units.map((u) => u.atMaxSize));
  const physical = e.maxNodes * perNode;
  const demand = o.gpu ? Math.max(deviceUnits, physical) : physical;
  const refUnitHour = refQuote.usdPerHour / refPerNode;
  const h = HOURS_PER_MONTH;
  const baseline = demand * refUnitHour * h;
  const amounts: Record<SavingLever, number> = {
    [SavingLever.PARTITIONING]: (demand - physical) * refUnitHour * h,
    [SavingLever.RIGHT_SIZING]: physical * refUnitHour * h - e.maxNodes * odQuote.usdPerHour * h,
    [SavingLever.SPOT]: e.maxNodes * (odQuote.usdPerHour - e.nodeUsdPerHour) * h,
    [SavingLever.SCALE_TO_ZERO]: (e.maxNodes - e.expectedNodes) * e.nodeUsdPerHour * h,
    [SavingLever.STORAGE_TIERING]: 0,
  };
  const unitWord = o.gpu ? 'GPU' : 'node';
  const explanations: Record<SavingLever, string> = {
    [SavingLever.PARTITIONING]: demand > physical
      ? `${fmt(demand)} units of demand on ${fmt(physical)} physical GPUs instead of ${fmt(demand)} whole GPUs`
      : 'whole GPUs: nothing partitioned or shared',
    [SavingLever.RIGHT_SIZING]: `${o.name} at ${usd(odQuote.usdPerHour / perNode)}/${unitWord}-hour on demand instead of the reference ${reference.name} at ${usd(refUnitHour)}/${unitWord}-hour`,
    [SavingLever.SPOT]: pool.quote.capacityType === CapacityType.SPOT
      ? `spot at ${usd(e.nodeUsdPerHour)}/node-hour instead of ${usd(odQuote.usdPerHour)} on demand`
      : `${pool.quote.capacityType}: no spot saving`,
    [SavingLever.SCALE_TO_ZERO]: `${fmt(e.expectedNodes)} nodes on average instead of ${e.maxNodes} all month`,
    [SavingLever.STORAGE_TIERING]: LEVER_TEXT[SavingLever.STORAGE_TIERING],
  };
  return {
    pool: e.pool,
    demandUnits: demand,
    referenceInstanceType: reference.name,
    referenceUsdPerUnitHour: refUnitHour,
    baselineMonthlyUsd: baseline,
    expectedMonthlyUsd: e.expectedMonthlyUsd,
    levers: ORDER.map((lever) => leverOf(lever, amounts[lever], baseline, explanations[lever])),
    sources: [
      ...priceSources(reference, refQuote),
      ...(odQuote !== pool.quote ? priceSources(o, odQuote) : []),
      ...e.sources,
    ],
  };
}

function leverOf(lever: SavingLever, monthlyUsd: number, baseline: number, explanation: string): LeverSaving {
  return {
    lever,
    estimated: lever !== SavingLever.STORAGE_TIERING,
    monthlyUsd: clean(monthlyUsd),
    shareOfBaseline: baseline > 0 ? clean(monthlyUsd) / baseline : 0,
    explanation,
  };
}

/** The platform's saving: the covered pools' baselines and levers summed. */
export function totalSavings(pools: PoolSavings[]): SavingsEstimate {
  const baseline = sum(pools.map((p) => p.baselineMonthlyUsd));
  const expected = sum(pools.map((p) => p.expectedMonthlyUsd));
  return {
    baseline: BASELINE,
    baselineMonthlyUsd: baseline,
    expectedMonthlyUsd: expected,
    savingMonthlyUsd: baseline - expected,
    savingShare: baseline > 0 ? (baseline - expected) / baseline : 0,
    levers: ORDER.map((lever, i) => leverOf(lever, sum(pools.map((p) => p.levers[i].monthlyUsd)), baseline, LEVER_TEXT[lever])),
    pools,
  };
}

function clean(n: number): number {
  return Math.abs(n) < 1e-9 ? 0 : n;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function usd(n: number): string {
  return `$${n.toFixed(4)}`;
}

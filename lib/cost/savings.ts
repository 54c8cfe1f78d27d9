import { Catalog } from '../catalog/catalog';
import { InstanceOffering, PriceQuote } from '../catalog/types';
import { CapacityType } from '../core/capacity';
import { Architecture } from '../core/gpu-model';
import { compareStrings } from '../core/order';
import { StorageTierSavings } from './fleet-tier-types';
import { PricedFleet } from './fleets';
import { HOURS_PER_MONTH } from './options';
import { PricedPool } from './pools';
import { sum } from './showback';
import { priceSources } from './sources';
import { CostSource, LeverSaving, PoolSavings, SavingLever, SavingsEstimate, UnitCost, UnpricedItem } from './types';

export const BASELINE = 'compute: the same demand on on-demand whole GPUs: every MIG device and shared replica the pools and fleets offer '
  + 'at their maximum size on a GPU of its own, at the on-demand price per GPU-hour of the reference instance (the largest node '
  + 'carrying the same GPU model; for a CPU pool, the cheapest x86 node at least as large), no spot, all nodes running '
  + 'all month. Storage: each storage tier\'s stored data (its class mix) all in the service\'s standard class at the catalog\'s '
  + 'price (S3 Standard, Cloud Storage Standard, EFS Standard), without retrievals or per-object fees; requests are left out '
  + 'of both sides (the same in either class), and tiers without a class mix the catalog prices are left out';

const LEVER_TEXT: Record<SavingLever, string> = {
  [SavingLever.PARTITIONING]: 'MIG devices and shared replicas: the demand runs on fewer physical GPUs than units',
  [SavingLever.RIGHT_SIZING]: 'the pool\'s instance instead of the reference instance, per GPU (per node for CPU pools)',
  [SavingLever.SPOT]: 'spot instead of on-demand prices for spot pools, and each fleet\'s stated spot/fallback mix instead of all on demand',
  [SavingLever.SCALE_TO_ZERO]: 'the expected nodes instead of the maximum size all month (down to the minimum, zero when it is 0)',
  [SavingLever.STORAGE_TIERING]: 'colder storage classes (lifecycle transitions, automatic tiering), with their retrievals and fees, instead of the standard class',
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

/** What the comparison with the baseline needs of a pool or a fleet. */
interface Compared {
  /** `pool x` or `fleet x`, for unpriced items. */
  readonly subject: string;
  readonly name: string;
  readonly offering: InstanceOffering;
  readonly maxNodes: number;
  readonly units: UnitCost[];
  /** USD per node-hour at max size, as bought (spot, on demand, or the fleet's stated mix). */
  readonly nodeUsdPerHour: number;
  readonly expectedMonthlyUsd: number;
  /** The on-demand quote of the offering when the caller has it. */
  readonly onDemandQuote?: PriceQuote;
  readonly spotExplanation: (onDemandNodeUsdPerHour: number) => string;
  readonly scaleExplanation: string;
  readonly sources: CostSource[];
}

/**
 * One pool or fleet against the baseline, lever by lever: partitioning/sharing, right-sizing, spot, scale-to-zero. Each
 * step changes one thing, so the levers add up to baseline - expected exactly.
 */
function compare(catalog: Catalog, region: string, c: Compared, references?: Map<InstanceOffering, InstanceOffering | undefined>): PoolSavings | UnpricedItem {
  const o = c.offering;
  // Pools of the same type share their reference: it is looked up once per estimate.
  let reference = references?.get(o);
  if (!references?.has(o)) {
    reference = referenceOffering(catalog, o, region);
    references?.set(o, reference);
  }
  const refQuote = reference ? catalog.price(reference, region, CapacityType.ON_DEMAND) : undefined;
  if (!reference || !refQuote) {
    return { subject: `baseline of ${c.subject}`, reason: `the catalog has no on-demand offering to compare ${o.name} with in ${region}` };
  }
  const odQuote = c.onDemandQuote ?? catalog.price(o, region, CapacityType.ON_DEMAND);
  if (!odQuote) {
    return { subject: `baseline of ${c.subject}`, reason: `the catalog has no on-demand price for ${o.name} in ${region}, which the spot and right-sizing levers are measured against` };
  }
  const perNode = o.gpu ? o.gpuCount : 1;
  const refPerNode = reference.gpu ? reference.gpuCount : 1;
  const deviceUnits = sum(c.units.map((u) => u.atMaxSize));
  const physical = c.maxNodes * perNode;
  const demand = o.gpu ? Math.max(deviceUnits, physical) : physical;
  const refUnitHour = refQuote.usdPerHour / refPerNode;
  const h = HOURS_PER_MONTH;
  const baseline = demand * refUnitHour * h;
  const amounts: Record<SavingLever, number> = {
    [SavingLever.PARTITIONING]: (demand - physical) * refUnitHour * h,
    [SavingLever.RIGHT_SIZING]: physical * refUnitHour * h - c.maxNodes * odQuote.usdPerHour * h,
    [SavingLever.SPOT]: c.maxNodes * (odQuote.usdPerHour - c.nodeUsdPerHour) * h,
    [SavingLever.SCALE_TO_ZERO]: c.maxNodes * c.nodeUsdPerHour * h - c.expectedMonthlyUsd,
    [SavingLever.STORAGE_TIERING]: 0,
  };
  const unitWord = o.gpu ? 'GPU' : 'node';
  const explanations: Record<SavingLever, string> = {
    [SavingLever.PARTITIONING]: demand > physical
      ? `${fmt(demand)} units of demand on ${fmt(physical)} physical GPUs instead of ${fmt(demand)} whole GPUs`
      : 'whole GPUs: nothing partitioned or shared',
    [SavingLever.RIGHT_SIZING]: `${o.name} at ${usd(odQuote.usdPerHour / perNode)}/${unitWord}-hour on demand instead of the reference ${reference.name} at ${usd(refUnitHour)}/${unitWord}-hour`,
    [SavingLever.SPOT]: c.spotExplanation(odQuote.usdPerHour),
    [SavingLever.SCALE_TO_ZERO]: c.scaleExplanation,
    [SavingLever.STORAGE_TIERING]: 'not a compute lever: see the storage tiers',
  };
  return {
    pool: c.name,
    demandUnits: demand,
    referenceInstanceType: reference.name,
    referenceUsdPerUnitHour: refUnitHour,
    baselineMonthlyUsd: baseline,
    expectedMonthlyUsd: c.expectedMonthlyUsd,
    levers: ORDER.map((lever) => leverOf(lever, amounts[lever], baseline, explanations[lever], lever !== SavingLever.STORAGE_TIERING)),
    sources: [
      ...priceSources(reference, refQuote),
      ...(odQuote !== c.onDemandQuote ? priceSources(o, odQuote) : []),
      ...c.sources,
    ],
  };
}

/** One pool against the baseline. */
export function poolSavings(
  catalog: Catalog, region: string, pool: PricedPool, references?: Map<InstanceOffering, InstanceOffering | undefined>,
): PoolSavings | UnpricedItem {
  const e = pool.estimate;
  return compare(catalog, region, {
    subject: `pool ${pool.model.name}`,
    name: e.pool,
    offering: pool.model.offering,
    maxNodes: e.maxNodes,
    units: e.units,
    nodeUsdPerHour: e.nodeUsdPerHour,
    expectedMonthlyUsd: e.expectedMonthlyUsd,
    onDemandQuote: pool.quote.capacityType === CapacityType.ON_DEMAND ? pool.quote : undefined,
    spotExplanation: (od) => (pool.quote.capacityType === CapacityType.SPOT
      ? `spot at ${usd(e.nodeUsdPerHour)}/node-hour instead of ${usd(od)} on demand`
      : `${pool.quote.capacityType}: no spot saving`),
    scaleExplanation: `${fmt(e.expectedNodes)} nodes on average instead of ${e.maxNodes} all month`,
    sources: e.sources,
  }, references);
}

/**
 * One fleet against the baseline: its GPU demand at the maximum size on on-demand whole GPUs of the reference
 * instance. The spot lever is the fleet at its maximum size on its stated mix (spot share at the spot price, the rest
 * at the on-demand price) instead of all on demand; right-sizing compares the fleet's on-demand type (its first spot
 * type when it has none) with the reference.
 */
export function fleetSavings(
  catalog: Catalog, region: string, fleet: PricedFleet, references?: Map<InstanceOffering, InstanceOffering | undefined>,
): PoolSavings | UnpricedItem {
  const e = fleet.estimate;
  const g = e.gpusPerNode;
  const od = e.onDemandUsdPerGpuHour ?? 0;
  const mixPerGpu = e.statedSpotShare * e.spotUsdPerGpuHour + (1 - e.statedSpotShare) * od;
  return compare(catalog, region, {
    subject: `fleet ${e.fleet}`,
    name: e.fleet,
    offering: fleet.offering,
    maxNodes: e.maxNodes,
    units: e.units,
    nodeUsdPerHour: mixPerGpu * g,
    expectedMonthlyUsd: e.expectedMonthlyUsd,
    spotExplanation: (odNode) => `fleet ${e.fleet}: ${fmt(e.statedSpotShare)} of GPU-hours on spot at ${usd(e.spotUsdPerGpuHour)}/GPU-hour`
      + (e.statedSpotShare < 1 ? ` and ${fmt(1 - e.statedSpotShare)} on demand at ${usd(od)}` : '')
      + ` instead of all on demand at ${usd(odNode / g)}/GPU-hour`,
    scaleExplanation: `${fmt(e.expectedNodes)} nodes on average instead of ${e.maxNodes} all month`,
    sources: e.sources,
  }, references);
}

function leverOf(lever: SavingLever, monthlyUsd: number, baseline: number, explanation: string, estimated: boolean): LeverSaving {
  return {
    lever,
    estimated,
    monthlyUsd: clean(monthlyUsd),
    shareOfBaseline: baseline > 0 ? clean(monthlyUsd) / baseline : 0,
    explanation,
  };
}

/** The platform's saving: the covered pools', fleets' and storage tiers' baselines and levers summed. */
export function totalSavings(pools: PoolSavings[], fleets: PoolSavings[], tiers: StorageTierSavings[]): SavingsEstimate {
  const compute = [...pools, ...fleets];
  const baseline = sum(compute.map((p) => p.baselineMonthlyUsd)) + sum(tiers.map((t) => t.baselineMonthlyUsd));
  const expected = sum(compute.map((p) => p.expectedMonthlyUsd)) + sum(tiers.map((t) => t.expectedMonthlyUsd));
  const levers = ORDER.map((lever, i) => lever === SavingLever.STORAGE_TIERING
    ? leverOf(lever, sum(tiers.map((t) => t.savingMonthlyUsd)), baseline,
      tiers.length > 0 ? LEVER_TEXT[lever] : 'not estimated: no storage tier has a class mix the catalog prices in both its classes and the standard class',
      tiers.length > 0)
    : leverOf(lever, sum(compute.map((p) => p.levers[i].monthlyUsd)), baseline, LEVER_TEXT[lever], true));
  return {
    baseline: BASELINE,
    baselineMonthlyUsd: baseline,
    expectedMonthlyUsd: expected,
    savingMonthlyUsd: baseline - expected,
    savingShare: baseline > 0 ? (baseline - expected) / baseline : 0,
    levers,
    pools,
    fleets,
    storageTiers: tiers,
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

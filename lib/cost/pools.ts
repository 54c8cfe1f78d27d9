import { Catalog } from '../catalog/catalog';
import { PriceQuote } from '../catalog/types';
import { CapacityType } from '../core/capacity';
import { PoolModel } from '../model/types';
import { HOURS_PER_MONTH, ResolvedCostOptions } from './options';
import { priceSources } from './sources';
import { PoolEstimate, UnitCost, UnpricedItem } from './types';

/** The assumptions that apply to one pool. */
export interface PoolAssumptions {
  readonly expectedUtilization: number;
  readonly activeHoursPerDay: number;
}

/** A pool with its price, for the other parts of the estimate. */
export interface PricedPool {
  readonly model: PoolModel;
  readonly quote: PriceQuote;
  readonly estimate: PoolEstimate;
}

/** The assumptions of a pool or a fleet, by its name. */
export function assumptionsFor(pool: { readonly name: string }, options: ResolvedCostOptions): PoolAssumptions {
  const own = options.pools.get(pool.name);
  return {
    expectedUtilization: own?.expectedUtilization ?? options.expectedUtilization,
    activeHoursPerDay: own?.activeHoursPerDay ?? options.activeHoursPerDay,
  };
}

/** Average nodes running: the floor all the time, the nodes above it for the share of time and capacity in use. */
export function expectedNodesOf(pool: PoolModel, a: PoolAssumptions): number {
  return pool.minNodes + (pool.maxNodes - pool.minNodes) * a.expectedUtilization * (a.activeHoursPerDay / 24);
}

/** Prices one pool from the catalog; a pool the catalog has no price for is an unpriced item, never a guess. */
export function pricePool(pool: PoolModel, catalog: Catalog, region: string, options: ResolvedCostOptions): PricedPool | UnpricedItem {
  const type = pool.capacity.type;
  const quote = catalog.price(pool.offering, region, type);
  if (!quote) {
    return {
      subject: `pool ${pool.name}`,
      reason: `the catalog has no ${type} price for ${pool.offering.name} in ${region} nor in its reference region`
        + (type !== CapacityType.SPOT && !pool.offering.onDemandOffered ? ' (the type is sold as spot only)' : ''),
    };
  }
  const a = assumptionsFor(pool, options);
  const nodes = expectedNodesOf(pool, a);
  const price = quote.usdPerHour;
  const month = (n: number) => n * price * HOURS_PER_MONTH;
  const provided = new Map(pool.provided.map((r) => [r.resourceName, r]));
  const units: UnitCost[] = (catalog.unitPrices(pool.offering, region, type, pool.provided) ?? []).map((u) => {
    const r = provided.get(u.resourceName)!;
    return {
      resourceName: u.resourceName,
      ...(u.migProfile !== undefined ? { migProfile: u.migProfile } : {}),
      sharedBy: r.sharedBy,
      gpuShare: r.gpuShare,
      perNode: r.perNode,
      atMaxSize: r.atMaxSize,
      shareOfNode: u.shareOfNode,
      usdPerUnitHour: u.usdPerHour,
    };
  });
  const gpus = pool.offering.gpu ? pool.offering.gpuCount : 0;
  const estimate: PoolEstimate = {
    pool: pool.name,
    instanceType: pool.offering.name,
    capacityType: type,
    ...(pool.offering.gpu ? { gpu: pool.offering.gpu.id } : {}),
    gpusPerNode: gpus,
    minNodes: pool.minNodes,
    maxNodes: pool.maxNodes,
    expectedUtilization: a.expectedUtilization,
    activeHoursPerDay: a.activeHoursPerDay,
    expectedNodes: nodes,
    nodeUsdPerHour: price,
    floorMonthlyUsd: month(pool.minNodes),
    expectedMonthlyUsd: month(nodes),
    ceilingMonthlyUsd: month(pool.maxNodes),
    onDemandShare: type === CapacityType.ON_DEMAND ? 1 : 0,
    spotShare: type === CapacityType.SPOT ? 1 : 0,
    reservedShare: type === CapacityType.RESERVED ? 1 : 0,
    fallbackShare: 0,
    ...(gpus > 0 ? { usdPerGpuHour: price / gpus } : {}),
    units,
    // Filled in once the teams are known.
    allocatedShare: 0,
    sources: priceSources(pool.offering, quote),
  };
  return { model: pool, quote, estimate };
}

export function isPriced(x: PricedPool | UnpricedItem): x is PricedPool {
  return (x as PricedPool).estimate !== undefined;
}

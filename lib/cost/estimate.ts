import { IConstruct } from 'constructs';
import { Catalog } from '../catalog/catalog';
import { InstanceOffering } from '../catalog/types';
import { CapacityType } from '../core/capacity';
import { ErrorCode, ValidationError } from '../core/errors';
import { PlatformModel } from '../model/types';
import { StorageCostEstimate } from '../storage/storage-cost';
import { estimateEnergy, resolvePue } from './energy';
import { FleetEstimate } from './fleet-tier-types';
import { fleetPoolNames, PricedFleet, priceFleet } from './fleets';
import { HOURS_PER_MONTH, ResolvedCostOptions } from './options';
import { isPriced, PricedPool, pricePool } from './pools';
import { fleetSavings, poolSavings, totalSavings } from './savings';
import { PricedCapacity, showback, sum } from './showback';
import { distinctSources } from './sources';
import { priceStorage } from './storage';
import { BudgetEstimate, CostSource, PlatformEstimate, PoolEstimate, PoolSavings, UnpricedItem } from './types';

/** What is in the figures and what is not. */
export const SCOPE = [
  'Compute: each pool\'s nodes at the catalog\'s node-hour price for its capacity type (reservations at the on-demand rate), 730 hours a month. '
    + 'A spot fleet is one line: its spot and on-demand pools are priced together at its stated spot share, never as pools of their own.',
  'Storage: each storage tier\'s monthly cost drivers (capacity, class mix, retrievals, requests, per-object fees) at the catalog\'s prices or the '
    + 'price the user gave; a driver neither prices is listed as unpriced, never guessed. A tier costs the same in the floor, expected and ceiling figures.',
  'Not included: node boot disks, the cluster control plane, load balancers, network and data transfer, support and discounts (savings plans, committed use).',
  'Floor: the minimum nodes all month (a fleet: its on-demand base). Expected: the minimum plus the stated utilization of the nodes above it, for the stated '
    + 'hours a day (a fleet: the stated utilization of its maximum, never below its base, with (1 - spot share) of the node-hours on demand and at least the base). '
    + 'Ceiling: the maximum nodes all month (a fleet: as many on the dearer capacity type as can be).',
  'Showback: on a GPU pool the node price is carried by its GPU units (MIG devices, shared replicas) in proportion to the share of a GPU each is; on a CPU pool half by its cores and half by its memory; '
    + 'on a fleet its units carry the fleet\'s effective price per GPU-hour. A team\'s line is its guaranteed (nominal) share; the idle line is the rest.',
];

/**
 * The cost estimate of a platform: a pure function of the resolved model, the catalog and the stated assumptions.
 * Same inputs, same figures; no clock, no network.
 * @param scope the construct errors are reported on (the platform)
 */
export function estimatePlatform(model: PlatformModel, catalog: Catalog, options: ResolvedCostOptions, scope?: IConstruct): PlatformEstimate {
  const inFleets = fleetPoolNames(model);
  const ownPools = model.pools.filter((p) => !inFleets.has(p.name));
  const named = new Set([...ownPools.map((p) => p.name), ...model.fleets.map((f) => f.name)]);
  for (const name of options.pools.keys()) {
    if (named.has(name)) continue;
    const fleet = model.fleets.find((f) => f.spotPools.includes(name) || f.onDemandPool === name);
    throw new ValidationError(ErrorCode.COST_POOL_UNKNOWN, {
      message: fleet ? `The cost options name pool ${name}, which belongs to spot fleet ${fleet.name}: a fleet is priced as one line, with one set of assumptions.`
      : `The cost options name pool ${name}, which the platform does not have.`,
      received: name,
      allowed: [...named].sort().join(', ') || 'no pools',
      fix: fleet ? `Name the fleet instead: { pool: "${fleet.name}", expectedUtilization: ... }.`
      : 'Name a GpuNodePool, CpuNodePool or SpotFleet of this platform (its poolName), or remove the entry.',
    }, scope);
  }
  const region = model.cloud.region;
  const unpriced: UnpricedItem[] = [];
  const priced = new Map<string, PricedPool>();
  for (const pool of ownPools) {
    const result = pricePool(pool, catalog, region, options);
    if (isPriced(result)) priced.set(pool.name, result);
    else unpriced.push(result);
  }
  const pricedFleets: PricedFleet[] = [];
  for (const fleet of model.fleets) {
    const result = priceFleet(fleet, model, options);
    if ('estimate' in result) pricedFleets.push(result);
    else unpriced.push(result);
  }
  const storage = priceStorage(model, catalog);

  const pue = resolvePue(model, catalog, options);
  const { energy, unpriced: energyUnpriced } = estimateEnergy(model, catalog, options, pue);
  const energyByPool = new Map(energy.pools.map((p) => [p.pool, p]));
  const capacities = new Map<string, PricedCapacity>([
    ...[...priced.values()].map((p): [string, PricedCapacity] => [p.model.name, {
      name: p.model.name,
      expectedMonthlyUsd: p.estimate.expectedMonthlyUsd,
      ceilingMonthlyUsd: p.estimate.ceilingMonthlyUsd,
      units: p.estimate.units,
      usdPerHourAtMaxSize: p.estimate.nodeUsdPerHour * p.model.maxNodes,
    }]),
    ...pricedFleets.map((f): [string, PricedCapacity] => [f.name, f]),
  ]);
  const shares = showback(model, capacities, energyByPool);

  const pools: PoolEstimate[] = [...priced.values()].map((p) => ({ ...p.estimate, allocatedShare: shares.allocated.get(p.model.name) ?? 0 }));
  const fleets: FleetEstimate[] = pricedFleets.map((f) => ({ ...f.estimate, allocatedShare: shares.allocated.get(f.name) ?? 0 }));
  const poolSaving: PoolSavings[] = [];
  const fleetSaving: PoolSavings[] = [];
  const references = new Map<InstanceOffering, InstanceOffering | undefined>();
  for (const pool of priced.values()) {
    const result = poolSavings(catalog, region, pool, references);
    if ('levers' in result) poolSaving.push(result);
    else unpriced.push(result);
  }
  for (const fleet of pricedFleets) {
    const result = fleetSavings(catalog, region, fleet, references);
    if ('levers' in result) fleetSaving.push(result);
    else unpriced.push(result);
  }
  const savings = totalSavings(poolSaving, fleetSaving, storage.savings);

  const expectedOf = (type: CapacityType) => sum(pools.filter((p) => p.capacityType === type).map((p) => p.expectedMonthlyUsd));
  const fleetPart = (share: (f: FleetEstimate) => number) => sum(fleets.map((f) => f.expectedMonthlyUsd * share(f)));
  // A fleet's expected figure split by what its node-hours cost: spot at the spot price, the rest at the on-demand price.
  const fleetSpot = fleetPart((f) => (f.expectedMonthlyUsd > 0 ? (f.spotShare * f.spotUsdPerGpuHour) / f.effectiveUsdPerGpuHour : 0));
  const fleetBase = fleetPart((f) => (f.expectedMonthlyUsd > 0 ? (f.onDemandShare * (f.onDemandUsdPerGpuHour ?? 0)) / f.effectiveUsdPerGpuHour : 0));
  const storageTotal = sum(storage.tiers.map((t) => t.pricedMonthlyUsd));
  const idle = sum(shares.idle.map((i) => i.expectedMonthlyUsd));
  const computeExpected = sum(pools.map((p) => p.expectedMonthlyUsd)) + sum(fleets.map((f) => f.expectedMonthlyUsd));
  const expected = computeExpected + storageTotal;
  const sources: CostSource[] = distinctSources([
    ...pools.flatMap((p) => p.sources),
    ...fleets.flatMap((f) => f.sources),
    ...storage.sources,
    ...poolSaving.flatMap((p) => p.sources),
    ...fleetSaving.flatMap((p) => p.sources),
    ...storage.savings.flatMap((t) => t.sources),
    ...energy.pools.flatMap((p) => p.sources),
  ]);
  const floor = sum(pools.map((p) => p.floorMonthlyUsd)) + sum(fleets.map((f) => f.floorMonthlyUsd)) + storageTotal;
  const ceiling = sum(pools.map((p) => p.ceilingMonthlyUsd)) + sum(fleets.map((f) => f.ceilingMonthlyUsd)) + storageTotal;
  return {
    platform: model.name,
    cloud: model.cloud.provider,
    region,
    catalog: catalog.origin,
    ...(catalog.asOf ? { catalogAsOf: catalog.asOf } : {}),
    assumptions: {
      hoursPerMonth: HOURS_PER_MONTH,
      expectedUtilization: options.expectedUtilization,
      activeHoursPerDay: options.activeHoursPerDay,
      ...(pue.pue !== undefined ? { powerUsageEffectiveness: pue.pue } : {}),
      powerUsageEffectivenessSource: pue.source,
    },
    pools,
    fleets,
    storageTiers: storage.tiers,
    teams: shares.teams,
    idle: shares.idle,
    totals: {
      floorMonthlyUsd: floor,
      expectedMonthlyUsd: expected,
      ceilingMonthlyUsd: ceiling,
      onDemandMonthlyUsd: expectedOf(CapacityType.ON_DEMAND) + fleetBase,
      spotMonthlyUsd: expectedOf(CapacityType.SPOT) + fleetSpot,
      fallbackMonthlyUsd: clean(sum(fleets.map((f) => f.expectedMonthlyUsd)) - fleetSpot - fleetBase),
      reservedMonthlyUsd: expectedOf(CapacityType.RESERVED),
      storageMonthlyUsd: storageTotal,
      allocatedMonthlyUsd: clean(computeExpected - idle),
      idleMonthlyUsd: idle,
    },
    savings,
    energy,
    budgets: budgetEstimates(model, pools, fleets, storage.tiers),
    unpriced: [...unpriced, ...storage.unpriced, ...shares.unpriced, ...energyUnpriced],
    scope: [...SCOPE],
    sources,
  };
}

/**
 * Each budget against what the cloud will count in it: a platform budget, every priced pool, fleet and storage tier; a
 * team budget, the priced pools dedicated to the team, whole (the cloud bills their idle time to the team too). A
 * fleet's nodes carry no team tag (several pools make one flavor), so no team budget counts a fleet.
 */
export function budgetEstimates(
  model: PlatformModel, pools: PoolEstimate[], fleets: FleetEstimate[] = [], tiers: StorageCostEstimate[] = [],
): BudgetEstimate[] {
  return model.budgets.map((b) => {
    const platform = b.team === undefined;
    const counted = pools.filter((p) => platform || model.poolTeams.get(p.pool) === b.team);
    const countedFleets = platform ? fleets : [];
    const countedTiers = platform ? tiers : [];
    const storageUsd = sum(countedTiers.map((t) => t.pricedMonthlyUsd));
    const of = (key: 'floorMonthlyUsd' | 'expectedMonthlyUsd' | 'ceilingMonthlyUsd') =>
      sum(counted.map((p) => p[key])) + sum(countedFleets.map((f) => f[key])) + storageUsd;
    const floor = of('floorMonthlyUsd');
    const expected = of('expectedMonthlyUsd');
    const ceiling = of('ceilingMonthlyUsd');
    const limit = b.monthlyLimitUsd;
    return {
      budget: b.name,
      ...(b.team !== undefined ? { team: b.team } : {}),
      monthlyLimitUsd: limit,
      pools: counted.map((p) => p.pool),
      fleets: countedFleets.map((f) => f.fleet),
      storageTiers: countedTiers.map((t) => t.tier),
      floorMonthlyUsd: floor,
      expectedMonthlyUsd: expected,
      ceilingMonthlyUsd: ceiling,
      expectedShareOfLimit: expected / limit,
      ceilingShareOfLimit: ceiling / limit,
      expectedExceedsLimit: expected > limit,
      ceilingExceedsLimit: ceiling > limit,
      ...(ceiling > limit ? { daysToLimitAtCeiling: limit / (ceiling / (HOURS_PER_MONTH / 24)) } : {}),
    };
  });
}

/** Rounding noise of a subtraction (1e-9 of a dollar) is zero. */
function clean(n: number): number {
  return Math.abs(n) < 1e-9 ? 0 : n;
}

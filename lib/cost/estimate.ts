import { IConstruct } from 'constructs';
import { Catalog } from '../catalog/catalog';
import { InstanceOffering } from '../catalog/types';
import { CapacityType } from '../core/capacity';
import { ErrorCode, ValidationError } from '../core/errors';
import { PlatformModel } from '../model/types';
import { estimateEnergy, resolvePue } from './energy';
import { HOURS_PER_MONTH, ResolvedCostOptions } from './options';
import { isPriced, PricedPool, pricePool } from './pools';
import { poolSavings, totalSavings } from './savings';
import { showback, sum } from './showback';
import { distinctSources } from './sources';
import { BudgetEstimate, CostSource, PlatformEstimate, PoolEstimate, PoolSavings, UnpricedItem } from './types';

/** What is in the figures and what is not. */
export const SCOPE = [
  'Compute only: each pool\'s nodes at the catalog\'s node-hour price for its capacity type (reservations at the on-demand rate), 730 hours a month.',
  'Not included: node boot disks, the cluster control plane, load balancers, network and data transfer, storage, support and discounts (savings plans, committed use).',
  'Floor: the minimum nodes all month. Expected: the minimum plus the stated utilization of the nodes above it, for the stated hours a day. Ceiling: the maximum nodes all month.',
  'Showback: on a GPU pool the node price is carried by its GPU units (MIG devices, shared replicas) in proportion to the share of a GPU each is; on a CPU pool half by its cores and half by its memory. A team\'s line is its guaranteed (nominal) share; the idle line is the rest.',
];

/**
 * The cost estimate of a platform: a pure function of the resolved model, the catalog and the stated assumptions.
 * Same inputs, same figures; no clock, no network.
 * @param scope the construct errors are reported on (the platform)
 */
export function estimatePlatform(model: PlatformModel, catalog: Catalog, options: ResolvedCostOptions, scope?: IConstruct): PlatformEstimate {
  const poolNames = new Set(model.pools.map((p) => p.name));
  for (const name of options.pools.keys()) {
    if (!poolNames.has(name)) {
      throw new ValidationError(ErrorCode.COST_POOL_UNKNOWN, {
        message: `The cost options name pool ${name}, which the platform does not have.`,
        received: name,
        allowed: [...poolNames].join(', ') || 'no pools',
        fix: 'Name a GpuNodePool of this platform (its poolName), or remove the entry.',
      }, scope);
    }
  }
  const region = model.cloud.region;
  const unpriced: UnpricedItem[] = [];
  const priced = new Map<string, PricedPool>();
  for (const pool of model.pools) {
    const result = pricePool(pool, catalog, region, options);
    if (isPriced(result)) priced.set(pool.name, result);
    else unpriced.push(result);
  }

  const pue = resolvePue(model, catalog, options);
  const { energy, unpriced: energyUnpriced } = estimateEnergy(model, catalog, options, pue);
  const energyByPool = new Map(energy.pools.map((p) => [p.pool, p]));
  const shares = showback(model, priced, energyByPool);

  const pools: PoolEstimate[] = [...priced.values()].map((p) => ({ ...p.estimate, allocatedShare: shares.allocated.get(p.model.name) ?? 0 }));
  const poolSaving: PoolSavings[] = [];
  const references = new Map<InstanceOffering, InstanceOffering | undefined>();
  for (const pool of priced.values()) {
    const result = poolSavings(catalog, region, pool, references);
    if ('levers' in result) poolSaving.push(result);
    else unpriced.push(result);
  }
  const savings = totalSavings(poolSaving);

  const expectedOf = (type: CapacityType) => sum(pools.filter((p) => p.capacityType === type).map((p) => p.expectedMonthlyUsd));
  const idle = sum(shares.idle.map((i) => i.expectedMonthlyUsd));
  const expected = sum(pools.map((p) => p.expectedMonthlyUsd));
  const sources: CostSource[] = distinctSources([
    ...pools.flatMap((p) => p.sources),
    ...poolSaving.flatMap((p) => p.sources),
    ...energy.pools.flatMap((p) => p.sources),
  ]);
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
    teams: shares.teams,
    idle: shares.idle,
    totals: {
      floorMonthlyUsd: sum(pools.map((p) => p.floorMonthlyUsd)),
      expectedMonthlyUsd: expected,
      ceilingMonthlyUsd: sum(pools.map((p) => p.ceilingMonthlyUsd)),
      onDemandMonthlyUsd: expectedOf(CapacityType.ON_DEMAND),
      spotMonthlyUsd: expectedOf(CapacityType.SPOT),
      reservedMonthlyUsd: expectedOf(CapacityType.RESERVED),
      allocatedMonthlyUsd: expected - idle,
      idleMonthlyUsd: idle,
    },
    savings,
    energy,
    budgets: budgetEstimates(model, pools),
    unpriced: [...unpriced, ...shares.unpriced, ...energyUnpriced],
    scope: [...SCOPE],
    sources,
  };
}

/**
 * Each budget against what the cloud will count in it: a platform budget, every priced pool; a team budget, the priced
 * pools dedicated to the team, whole (the cloud bills their idle time to the team too).
 */
export function budgetEstimates(model: PlatformModel, pools: PoolEstimate[]): BudgetEstimate[] {
  return model.budgets.map((b) => {
    const counted = pools.filter((p) => b.team === undefined || model.poolTeams.get(p.pool) === b.team);
    const floor = sum(counted.map((p) => p.floorMonthlyUsd));
    const expected = sum(counted.map((p) => p.expectedMonthlyUsd));
    const ceiling = sum(counted.map((p) => p.ceilingMonthlyUsd));
    const limit = b.monthlyLimitUsd;
    return {
      budget: b.name,
      ...(b.team !== undefined ? { team: b.team } : {}),
      monthlyLimitUsd: limit,
      pools: counted.map((p) => p.pool),
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

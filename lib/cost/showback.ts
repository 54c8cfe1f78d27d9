import { ResourceNames } from '../core/labels';
import { compareStrings } from '../core/order';
import { Quantity } from '../core/quantity';
import { CapacityPoolModel, FlavorQuota, PlatformModel, TeamModel } from '../model/types';
import { HOURS_PER_MONTH } from './options';
import { IdleEstimate, PoolEnergy, TeamEstimate, TeamPoolShowback, TeamResourceShowback, UnitCost, UnpricedItem } from './types';

const GIB = 2 ** 30;

/** The showback of every team, the idle line of every priced pool, and what cannot be priced. */
export interface Showback {
  readonly teams: TeamEstimate[];
  readonly idle: IdleEstimate[];
  /** Per pool, the teams' guaranteed share. */
  readonly allocated: ReadonlyMap<string, number>;
  readonly unpriced: UnpricedItem[];
}

/** What showback needs of a priced pool or fleet (teams get quota on its flavor, named as it is). */
export interface PricedCapacity {
  /** The flavor's name: the pool's or the fleet's. */
  readonly name: string;
  readonly expectedMonthlyUsd: number;
  readonly ceilingMonthlyUsd: number;
  /** The device units with their effective price (empty for a CPU pool). */
  readonly units: UnitCost[];
  /** USD an hour of the whole capacity at its maximum size, at the units' price (a CPU pool's split by cores and memory). */
  readonly usdPerHourAtMaxSize: number;
}

/**
 * Prices each team's guaranteed (nominal) quota in the units it is given and adds an idle line per pool and fleet, so
 * that the teams' lines and the idle line add up to the pool's (fleet's) figures.
 *
 * How a pool is split: on a pool with GPU device resources the node price is carried by the device units, in
 * proportion to the share of a physical GPU each is (the catalog's unit prices); CPU and memory that come with the
 * devices are not priced again. On a pool without devices (a CPU pool) half the node price is carried by its cores
 * and half by its memory. A fleet is split like a GPU pool, its units at the fleet's effective price per GPU-hour.
 * @param priced the priced pools and fleets, by flavor name
 */
export function showback(model: PlatformModel, priced: ReadonlyMap<string, PricedCapacity>, energy: ReadonlyMap<string, PoolEnergy>): Showback {
  const unpriced: UnpricedItem[] = [];
  const byPool = new Map<string, TeamPoolShowback[]>();
  const byTeam = new Map<string, TeamPoolShowback[]>();
  const poolFacts = new Map<string, PoolFacts>();
  for (const pool of model.capacityPools) {
    if (!pool.nodePool && pool.fleet === undefined) {
      unpriced.push({
        subject: `pool ${pool.name}`,
        reason: 'its nodes are provisioned outside the platform (ExternalNodePool): the catalog does not know their instance type, so teams\' quota there is not priced',
      });
    }
  }
  for (const team of model.teams) {
    const own: TeamPoolShowback[] = [];
    for (const flavor of [...team.flavors].sort((a, b) => compareStrings(a.pool, b.pool))) {
      const capacityPool = model.capacityPoolsByName.get(flavor.pool)!;
      const provisioned = capacityPool.nodePool !== undefined || capacityPool.fleet !== undefined;
      const pricedPool = provisioned ? priced.get(capacityPool.name) : undefined;
      if (!pricedPool) {
        if (hasGuarantee(flavor)) {
          unpriced.push({
            subject: `team ${team.name} on ${capacityPool.fleet !== undefined ? 'fleet' : 'pool'} ${flavor.pool}`,
            reason: capacityPool.fleet !== undefined ? 'the fleet has no price (see the unpriced fleet)'
            : capacityPool.nodePool ? 'the pool has no price (see the pool\'s line)' : 'the pool is provisioned outside the platform',
          });
        }
        continue;
      }
      let facts = poolFacts.get(flavor.pool);
      if (!facts) poolFacts.set(flavor.pool, facts = factsOf(capacityPool, pricedPool));
      const line = poolLine(team, flavor, facts, energy.get(flavor.pool));
      own.push(line);
      const lines = byPool.get(flavor.pool);
      if (lines) lines.push(line);
      else byPool.set(flavor.pool, [line]);
    }
    byTeam.set(team.name, own);
  }

  const teams: TeamEstimate[] = model.teams
    .map((team) => ({ team: team.name, pools: byTeam.get(team.name) ?? [] }))
    .filter((t) => t.pools.length > 0)
    .map(({ team, pools }) => ({
      team,
      expectedMonthlyUsd: sum(pools.map((p) => p.expectedMonthlyUsd)),
      guaranteedMonthlyUsd: sum(pools.map((p) => p.guaranteedMonthlyUsd)),
      borrowingCeilingMonthlyUsd: sum(pools.map((p) => p.borrowingCeilingMonthlyUsd)),
      ...optionalSum('kwhPerMonth', pools.map((p) => p.kwhPerMonth)),
      ...optionalSum('kgCo2ePerMonth', pools.map((p) => p.kgCo2ePerMonth)),
      pools,
    }));

  const idle: IdleEstimate[] = [];
  const allocated = new Map<string, number>();
  for (const [name, pool] of [...priced].sort(([a], [b]) => compareStrings(a, b))) {
    const teamLines = byPool.get(name) ?? [];
    const share = sum(teamLines.map((l) => l.share));
    allocated.set(name, share);
    idle.push({
      pool: name,
      share: clean(1 - share),
      // The pool's figure minus the teams': the lines add up to the pool by construction.
      expectedMonthlyUsd: clean(pool.expectedMonthlyUsd - sum(teamLines.map((l) => l.expectedMonthlyUsd))),
      ceilingMonthlyUsd: clean(pool.ceilingMonthlyUsd - sum(teamLines.map((l) => l.guaranteedMonthlyUsd))),
    });
  }
  return { teams, idle, allocated, unpriced };
}

function hasGuarantee(flavor: FlavorQuota): boolean {
  return [...flavor.resources.values()].some((a) => !a.nominal.isZero());
}

/** What every team line on a pool needs, computed once per pool. */
interface PoolFacts {
  readonly capacityPool: CapacityPoolModel;
  readonly pool: PricedCapacity;
  readonly units: ReadonlyMap<string, UnitCost>;
  /** GPU shares of all the pool's units at max size: a team's device share is its units' GPU shares over this. */
  readonly deviceWeight: number;
  /** For a pool without devices, USD per core-hour and per GiB-hour: half the node price on each. */
  readonly usdPerCoreHour: number;
  readonly usdPerGibHour: number;
  readonly cores: number;
  readonly gib: number;
}

function factsOf(capacityPool: CapacityPoolModel, pool: PricedCapacity): PoolFacts {
  const cores = amountOf(capacityPool, ResourceNames.CPU);
  const gib = amountOf(capacityPool, ResourceNames.MEMORY) / GIB;
  const nodeHour = pool.usdPerHourAtMaxSize;
  return {
    capacityPool,
    pool,
    units: new Map(pool.units.map((u) => [u.resourceName, u])),
    deviceWeight: sum(pool.units.map((u) => u.atMaxSize * u.gpuShare)),
    usdPerCoreHour: cores > 0 ? nodeHour / (2 * cores) : 0,
    usdPerGibHour: gib > 0 ? nodeHour / (2 * gib) : 0,
    cores,
    gib,
  };
}

/** A team's line on one priced pool. */
function poolLine(team: TeamModel, flavor: FlavorQuota, facts: PoolFacts, energy: PoolEnergy | undefined): TeamPoolShowback {
  const { capacityPool, pool, units, deviceWeight, cores, gib } = facts;
  const hasDevices = units.size > 0;

  let share = 0;
  const resources: TeamResourceShowback[] = [];
  for (const [name, amounts] of flavor.resources) {
    const cap = capacityPool.capacityByResource.get(name)!.atMaxSize;
    const most = !team.sharesCapacity ? amounts.nominal
      : amounts.borrowingLimit ? Quantity.min(amounts.nominal.plus(amounts.borrowingLimit), cap) : cap;
    const isMemory = name === ResourceNames.MEMORY;
    const scale = isMemory ? GIB : 1;
    const guaranteed = amounts.nominal.toNumber() / scale;
    const maxAdmissible = most.toNumber() / scale;
    let usdPerUnitHour = 0;
    const unit = units.get(name);
    if (unit) {
      usdPerUnitHour = unit.usdPerUnitHour;
      share += deviceWeight > 0 ? (guaranteed * unit.gpuShare) / deviceWeight : 0;
    } else if (!hasDevices && name === ResourceNames.CPU && cores > 0) {
      usdPerUnitHour = facts.usdPerCoreHour;
      share += guaranteed / cores / 2;
    } else if (!hasDevices && isMemory && gib > 0) {
      usdPerUnitHour = facts.usdPerGibHour;
      share += guaranteed / gib / 2;
    }
    resources.push({
      resourceName: name,
      ...(unit?.migProfile !== undefined ? { migProfile: unit.migProfile } : {}),
      unit: name === ResourceNames.CPU ? 'core' : isMemory ? 'GiB' : 'device',
      guaranteed,
      maxAdmissible,
      usdPerUnitHour,
      guaranteedMonthlyUsd: guaranteed * usdPerUnitHour * HOURS_PER_MONTH,
      borrowingCeilingMonthlyUsd: maxAdmissible * usdPerUnitHour * HOURS_PER_MONTH,
    });
  }
  return {
    pool: flavor.pool,
    share,
    expectedMonthlyUsd: share * pool.expectedMonthlyUsd,
    guaranteedMonthlyUsd: sum(resources.map((r) => r.guaranteedMonthlyUsd)),
    borrowingCeilingMonthlyUsd: sum(resources.map((r) => r.borrowingCeilingMonthlyUsd)),
    resources,
    ...(energy?.kwhPerMonth !== undefined ? { kwhPerMonth: share * energy.kwhPerMonth } : {}),
    ...(energy?.kgCo2ePerMonth !== undefined ? { kgCo2ePerMonth: share * energy.kgCo2ePerMonth } : {}),
  };
}

function amountOf(pool: CapacityPoolModel, resource: string): number {
  return pool.capacityByResource.get(resource)?.atMaxSize.toNumber() ?? 0;
}

export function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function optionalSum(key: string, values: Array<number | undefined>): Record<string, number> {
  return values.length > 0 && values.every((v) => v !== undefined) ? { [key]: sum(values as number[]) } : {};
}

/** Rounding noise of a subtraction (1e-9 of a dollar) is zero, so that an idle line never shows -0.00. */
function clean(n: number): number {
  return Math.abs(n) < 1e-9 ? 0 : n;
}

import { InstanceOffering } from '../catalog/types';
import { spotFleetCost } from '../model/fleet-cost';
import { FleetPriceRow, PlatformModel, PoolModel, SpotFleetModel } from '../model/types';
import { FleetEstimate } from './fleet-tier-types';
import { HOURS_PER_MONTH, ResolvedCostOptions } from './options';
import { assumptionsFor, PoolAssumptions } from './pools';
import { PricedCapacity, sum } from './showback';
import { CostSource, UnitCost, UnpricedItem } from './types';

// A spot fleet priced as one line: its spot pools and its on-demand pool are one capacity (one flavor), bought as a
// mix. The price per GPU-hour of each capacity type and the spot share come from the fleet's own cost hook
// (spotFleetCost), so that `SpotFleet.cost()` and the estimate never disagree.

/** A fleet with its price, for the other parts of the estimate. */
export interface PricedFleet extends PricedCapacity {
  readonly model: SpotFleetModel;
  /** The offering the baseline and energy are taken from: the on-demand type's, else the first spot type's. */
  readonly offering: InstanceOffering;
  readonly estimate: FleetEstimate;
}

/** The names of the pools that belong to fleets: priced in their fleet's line, never on their own. */
export function fleetPoolNames(model: PlatformModel): Set<string> {
  return new Set(model.fleets.flatMap((f) => [...f.spotPools, ...(f.onDemandPool !== undefined ? [f.onDemandPool] : [])]));
}

/** Prices one fleet; a fleet its cost hook cannot price is an unpriced item with the hook's reason, never a guess. */
export function priceFleet(fleet: SpotFleetModel, model: PlatformModel, options: ResolvedCostOptions): PricedFleet | UnpricedItem {
  const cost = spotFleetCost(fleet);
  const spot = cost.spotUsdPerGpuHour;
  const od = cost.onDemandUsdPerGpuHour;
  if (cost.effectiveUsdPerGpuHour === undefined || spot === undefined || cost.spotShare === undefined || cost.fallbackShare === undefined) {
    return { subject: `fleet ${fleet.name}`, reason: `${cost.unpricedReason ?? 'not priced'} (its pools are not priced on their own either)` };
  }
  const pools = new Map(model.pools.map((p) => [p.name, p]));
  const spotPool = pools.get(fleet.spotPools[0])!;
  const offering = (fleet.onDemandPool !== undefined ? pools.get(fleet.onDemandPool)! : spotPool).offering;
  const a = assumptionsFor(fleet, options);
  const g = fleet.gpusPerNode;
  const h = HOURS_PER_MONTH;
  const base = fleet.onDemandBaseNodes;
  const odPrice = od ?? 0; // only read when the fleet has on-demand nodes, which have a price (the hook says so otherwise)

  const nodes = fleetExpectedNodes(fleet, a);
  // The stated mix: (1 - spot share) of the node-hours on demand, and never less than the base.
  const onDemandNodes = Math.min(nodes, Math.max(base, cost.fallbackShare * nodes));
  const spotNodes = nodes - onDemandNodes;
  const baseNodes = Math.min(base, nodes);
  const expected = (spotNodes * spot + onDemandNodes * odPrice) * g * h;
  const floor = base * odPrice * g * h;

  // The ceiling: every node all month, as many as can be on the dearer type (on demand: up to the fallback's maximum;
  // spot: all but the base, which is always on demand).
  const odDearer = od !== undefined && od > spot;
  const ceilingOnDemand = odDearer ? Math.max(fleet.fallbackMaxNodes, base) : base;
  const ceilingSpot = fleet.maxNodes - ceilingOnDemand;
  const ceiling = (ceilingOnDemand * odPrice + ceilingSpot * spot) * g * h;
  const parts = [
    ...(ceilingOnDemand > 0 ? [`${ceilingOnDemand} on demand at $${odPrice.toFixed(4)}/GPU-h`] : []),
    ...(ceilingSpot > 0 ? [`${ceilingSpot} on spot at $${spot.toFixed(4)}/GPU-h (the dearest spot type)`] : []),
  ];
  const ceilingBasis = `${fleet.maxNodes} nodes all month: ${parts.join(' and ')}; `
    + (od === undefined ? 'the fleet has no on-demand nodes'
    : odDearer ? 'on demand is the dearer, so as many nodes as the fallback allows are on demand'
    : 'spot is the dearer here, so every node but the base is on spot');

  const effective = nodes > 0 ? expected / (nodes * g * h) : cost.effectiveUsdPerGpuHour;
  const units = fleetUnits(spotPool, fleet, effective);
  const estimate: FleetEstimate = {
    fleet: fleet.name,
    gpu: fleet.gpu,
    gpusPerNode: g,
    pools: [...fleet.spotPools, ...(fleet.onDemandPool !== undefined ? [fleet.onDemandPool] : [])],
    spotInstanceTypes: [...fleet.spotInstanceTypes],
    ...(fleet.onDemandInstanceType !== undefined ? { onDemandInstanceType: fleet.onDemandInstanceType } : {}),
    maxNodes: fleet.maxNodes,
    onDemandBaseNodes: base,
    fallbackMaxNodes: fleet.fallbackMaxNodes,
    expectedUtilization: a.expectedUtilization,
    activeHoursPerDay: a.activeHoursPerDay,
    expectedNodes: nodes,
    spotUsdPerGpuHour: spot,
    ...(od !== undefined ? { onDemandUsdPerGpuHour: od } : {}),
    statedSpotShare: cost.spotShare,
    spotShareBasis: cost.spotShareBasis,
    floorMonthlyUsd: floor,
    expectedMonthlyUsd: expected,
    ceilingMonthlyUsd: ceiling,
    ceilingBasis,
    onDemandShare: nodes > 0 ? baseNodes / nodes : 0,
    spotShare: nodes > 0 ? spotNodes / nodes : cost.spotShare,
    fallbackShare: nodes > 0 ? (onDemandNodes - baseNodes) / nodes : cost.fallbackShare,
    effectiveUsdPerGpuHour: effective,
    units,
    allocatedShare: 0,
    formula: `${count(nodes)} nodes x ${g} GPU${g === 1 ? '' : 's'} x 730 h x (${count(spotNodes / (nodes || 1))} x $${spot.toFixed(4)} spot`
      + ` + ${count(onDemandNodes / (nodes || 1))} x $${odPrice.toFixed(4)} on demand) per GPU-hour; stated: ${cost.formula}`,
    sources: fleetSources(fleet),
  };
  return {
    name: fleet.name,
    model: fleet,
    offering,
    estimate,
    expectedMonthlyUsd: expected,
    ceilingMonthlyUsd: ceiling,
    units,
    usdPerHourAtMaxSize: fleet.maxNodes * g * effective,
  };
}

/** A fleet's average nodes: the stated utilization of its maximum, and never fewer than its base, which runs all month. */
export function fleetExpectedNodes(fleet: SpotFleetModel, a: PoolAssumptions): number {
  return Math.max(fleet.onDemandBaseNodes, a.expectedUtilization * fleet.maxNodes * (a.activeHoursPerDay / 24));
}

/** The units a fleet's nodes provide (as its spot pools do), at the fleet's effective price per GPU-hour. */
function fleetUnits(pool: PoolModel, fleet: SpotFleetModel, usdPerGpuHour: number): UnitCost[] {
  const devices = pool.provided.filter((r) => r.gpuShare > 0);
  const weight = sum(devices.map((r) => r.perNode * r.gpuShare));
  return devices.map((r) => ({
    resourceName: r.resourceName,
    ...(r.migProfile !== undefined ? { migProfile: r.migProfile } : {}),
    sharedBy: r.sharedBy,
    gpuShare: r.gpuShare,
    perNode: r.perNode,
    atMaxSize: r.perNode * fleet.maxNodes,
    shareOfNode: weight > 0 ? r.gpuShare / weight : 0,
    usdPerUnitHour: usdPerGpuHour * r.gpuShare,
  }));
}

/** The catalog rows of a fleet's prices, and of its spot share when the interruption data gave it. */
export function fleetSources(fleet: SpotFleetModel): CostSource[] {
  const rows = [...fleet.pricing.spot, ...(fleet.pricing.onDemand ? [fleet.pricing.onDemand] : [])];
  return rows.flatMap((r: FleetPriceRow) => [
    {
      item: `${r.capacityType} price`,
      subject: `${r.instanceType} in ${r.priceRegion}`,
      value: r.usdPerNodeHour,
      unit: 'USD per node-hour',
      source: r.source,
      retrieved: r.retrieved,
      basis: `${r.basis}${r.estimatedFromOtherRegion ? ' (rests on another region\'s data)' : ''}; fleet ${fleet.name}`,
    },
    ...(r.interruptionMaxPercent !== undefined ? [{
      item: 'spot interruption frequency',
      subject: `${r.instanceType} in ${r.priceRegion}`,
      value: r.interruptionMaxPercent,
      unit: 'percent, upper bound of the range',
      source: r.interruptionSource ?? r.source,
      retrieved: r.interruptionRetrieved ?? r.retrieved,
      basis: `range ${r.interruptionFrequency}; spot share ${fleet.pricing.spotShareBasis}`,
    }] : []),
  ]);
}

function count(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, '');
}

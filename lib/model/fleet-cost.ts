import { FleetPriceRow, SpotFleetModel } from './types';

/**
 * A spot fleet's cost per GPU-hour, for the estimate: every figure with the catalog rows it comes from. A pure
 * function of the fleet's model.
 */
export interface SpotFleetCost {
  /** The fleet. */
  readonly fleet: string;
  /**
   * USD per GPU-hour on spot: the highest of the fleet's spot types (the autoscaler may land on any of them).
   * @default - the catalog has no spot price for the fleet's types
   */
  readonly spotUsdPerGpuHour?: number;
  /**
   * USD per GPU-hour on the on-demand fallback.
   * @default - the fleet has no on-demand nodes, or no price for them
   */
  readonly onDemandUsdPerGpuHour?: number;
  /**
   * The share of GPU-hours on spot (0-1).
   * @default - not known (see `spotShareBasis`)
   */
  readonly spotShare?: number;
  /**
   * The share of GPU-hours on the on-demand fallback: 1 - `spotShare`, or 0 for a fleet without fallback (its jobs
   * wait for spot instead).
   * @default - not known
   */
  readonly fallbackShare?: number;
  /**
   * Effective USD per GPU-hour: spotShare x spot + fallbackShare x on-demand.
   * @default - not priced: `unpricedReason` says why
   */
  readonly effectiveUsdPerGpuHour?: number;
  /**
   * Why the fleet could not be priced.
   * @default - it was priced
   */
  readonly unpricedReason?: string;
  /** Where the spot share comes from. */
  readonly spotShareBasis: string;
  /** The formula, in words, with the figures put in. */
  readonly formula: string;
  /** The catalog rows every figure comes from (source and date on each). */
  readonly rows: FleetPriceRow[];
}

/** The fleet's effective price per GPU-hour: spot share x spot price + fallback share x on-demand price. */
export function spotFleetCost(fleet: SpotFleetModel): SpotFleetCost {
  const pricing = fleet.pricing;
  const rows = [...pricing.spot, ...(pricing.onDemand ? [pricing.onDemand] : [])];
  const spot = pricing.spot.length > 0 ? Math.max(...pricing.spot.map((r) => r.usdPerGpuHour)) : undefined;
  const onDemand = pricing.onDemand?.usdPerGpuHour;
  const base = { fleet: fleet.name, spotShareBasis: pricing.spotShareBasis, rows };
  if (spot === undefined) {
    return { ...base, onDemandUsdPerGpuHour: onDemand, unpricedReason: 'the catalog has no spot price for the fleet\'s types', formula: 'not priced' };
  }
  if (fleet.fallbackMaxNodes === 0) {
    return {
      ...base,
      spotUsdPerGpuHour: spot,
      onDemandUsdPerGpuHour: onDemand,
      spotShare: 1,
      fallbackShare: 0,
      effectiveUsdPerGpuHour: spot,
      formula: `${spot} USD/GPU-h spot (no on-demand fallback: interrupted work waits for spot)`,
    };
  }
  if (pricing.spotShare === undefined) {
    return { ...base, spotUsdPerGpuHour: spot, onDemandUsdPerGpuHour: onDemand, unpricedReason: `spot share ${pricing.spotShareBasis}`, formula: 'not priced' };
  }
  if (onDemand === undefined) {
    return {
      ...base, spotUsdPerGpuHour: spot, spotShare: pricing.spotShare, unpricedReason: 'the catalog has no on-demand price for the fallback type', formula: 'not priced',
    };
  }
  // Rounded so that 1 - 0.8 reads 0.2, not 0.19999999999999996.
  const fallbackShare = Math.round((1 - pricing.spotShare) * 1e9) / 1e9;
  return {
    ...base,
    spotUsdPerGpuHour: spot,
    onDemandUsdPerGpuHour: onDemand,
    spotShare: pricing.spotShare,
    fallbackShare,
    effectiveUsdPerGpuHour: pricing.spotShare * spot + fallbackShare * onDemand,
    formula: `${pricing.spotShare} x ${spot} (spot) + ${fallbackShare} x ${onDemand} (on-demand) USD/GPU-h`,
  };
}

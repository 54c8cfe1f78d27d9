import { CostSource, UnitCost } from './cost-rows';

// The estimate's lines for spot fleets and the storage-tiering lever (the rest of the estimate's data is in types.ts).

/**
 * What one spot fleet costs a month, as one line: its spot pools and its on-demand pool are priced together here and
 * nowhere else (they are not in the estimate's pools).
 */
export interface FleetEstimate {
  /** The fleet name (its flavor's name). */
  readonly fleet: string;
  /** The GPU model id. */
  readonly gpu: string;
  /** GPUs per node. */
  readonly gpusPerNode: number;
  /** The fleet's node pools (spot pools, then the on-demand pool), by name. */
  readonly pools: string[];
  /** The spot instance or machine types, in order of preference. */
  readonly spotInstanceTypes: string[];
  /**
   * The on-demand (base and fallback) type.
   * @default - a spot-only fleet
   */
  readonly onDemandInstanceType?: string;
  /** Most nodes at once. */
  readonly maxNodes: number;
  /** On-demand nodes always running. */
  readonly onDemandBaseNodes: number;
  /** Most on-demand nodes, base included (0: no fallback). */
  readonly fallbackMaxNodes: number;
  /** The utilization assumed for the fleet. */
  readonly expectedUtilization: number;
  /** The hours a day with load assumed for the fleet. */
  readonly activeHoursPerDay: number;
  /** Average nodes running: utilization x maxNodes x activeHoursPerDay / 24, and never fewer than the on-demand base. */
  readonly expectedNodes: number;
  /** USD per GPU-hour on spot: the dearest of the fleet's spot types (the autoscaler may land on any of them). */
  readonly spotUsdPerGpuHour: number;
  /**
   * USD per GPU-hour of the on-demand type.
   * @default - a spot-only fleet
   */
  readonly onDemandUsdPerGpuHour?: number;
  /** The share of the fleet's GPU-hours stated or derived to run on spot (`SpotFleetProps.spotShare`). */
  readonly statedSpotShare: number;
  /** Where that share comes from. */
  readonly spotShareBasis: string;
  /** Monthly cost of the on-demand base nodes, running all month. */
  readonly floorMonthlyUsd: number;
  /**
   * Monthly cost at the expected nodes: expected node-hours x (spot share x spot + (1 - spot share) x on-demand), with
   * at least the base's node-hours on demand.
   */
  readonly expectedMonthlyUsd: number;
  /** Monthly cost at the maximum size all month, every node at the dearer capacity type it can be bought as. */
  readonly ceilingMonthlyUsd: number;
  /** What the ceiling assumes, in words (which capacity type is the dearer). */
  readonly ceilingBasis: string;
  /** Share of the expected node-hours on the always-running on-demand base. */
  readonly onDemandShare: number;
  /** Share of the expected node-hours on spot. */
  readonly spotShare: number;
  /** Share of the expected node-hours on on-demand fallback nodes (on demand beyond the base). */
  readonly fallbackShare: number;
  /** Effective USD per GPU-hour: the expected cost over the expected GPU-hours. */
  readonly effectiveUsdPerGpuHour: number;
  /** The units the fleet provides (at its effective price per GPU-hour). */
  readonly units: UnitCost[];
  /** The share of the fleet guaranteed to teams (the rest is the idle line). */
  readonly allocatedShare: number;
  /** The formula, with the figures put in. */
  readonly formula: string;
  /** The catalog rows the figures come from. */
  readonly sources: CostSource[];
}

/**
 * One storage tier against the same data in the standard class: the stored data of its class mix, all of it at the
 * catalog's standard-class price of the same service, against what the mix costs (each class's storage, the
 * retrievals and the per-object fees). Requests are left out of both: they are the same in either class.
 */
export interface StorageTierSavings {
  /** The tier. */
  readonly tier: string;
  /** Data stored, GiB (the sum of the class mix). */
  readonly storedGiB: number;
  /** The standard class's catalog row: service and item. */
  readonly standardClass: string;
  /** Its price, USD per `unit`. */
  readonly standardUsdPerUnit: number;
  /** The row's unit (e.g. `GB-month`). */
  readonly unit: string;
  /** The baseline: storedGiB x the standard price. */
  readonly baselineMonthlyUsd: number;
  /** The tier's class storage, retrievals and per-object fees. */
  readonly expectedMonthlyUsd: number;
  /** Baseline minus expected (negative when retrievals and fees outweigh the cheaper classes). */
  readonly savingMonthlyUsd: number;
  /** The catalog rows of the baseline and the tier's figures. */
  readonly sources: CostSource[];
}

import { CapacityType } from '../core/capacity';
import { CloudProvider } from '../core/cloud';
import { StorageCostEstimate } from '../storage/storage-cost';
import { CostSource, UnitCost, UnpricedItem } from './cost-rows';
import { FleetEstimate, StorageTierSavings } from './fleet-tier-types';

// The cost estimate as data: what `MlPlatform.estimate()` returns and the reports render. Plain structs (jsii:
// readonly fields, no unions), so that every language can read it. Money is USD, per month of 730 hours unless a
// name says per hour; shares are fractions between 0 and 1. The smallest pieces are in cost-rows.ts, the fleets' and the
// storage-tiering lever's lines in fleet-tier-types.ts.

export { CostSource, UnitCost, UnpricedItem };

/** The assumptions an estimate was made with. */
export interface EstimateAssumptions {
  /** Hours in a month (730). */
  readonly hoursPerMonth: number;
  /** The platform's expected utilization (0 to 1); pools may override it. */
  readonly expectedUtilization: number;
  /** The platform's hours a day with load (0 to 24); pools may override them. */
  readonly activeHoursPerDay: number;
  /**
   * Datacenter overhead used for energy.
   * @default - neither given nor in the catalog: energy is not estimated
   */
  readonly powerUsageEffectiveness?: number;
  /** Where the PUE comes from: `given` or the catalog row's source. */
  readonly powerUsageEffectivenessSource: string;
}

/** What one pool costs a month. */
export interface PoolEstimate {
  /** The pool name. */
  readonly pool: string;
  /** The instance or machine type priced (the pool's first). */
  readonly instanceType: string;
  /** How the nodes are bought. */
  readonly capacityType: CapacityType;
  /**
   * The GPU model id.
   * @default - a CPU pool
   */
  readonly gpu?: string;
  /** GPUs per node (0 for CPU pools). */
  readonly gpusPerNode: number;
  /** Fewest nodes. */
  readonly minNodes: number;
  /** Most nodes. */
  readonly maxNodes: number;
  /** The utilization assumed for this pool. */
  readonly expectedUtilization: number;
  /** The hours a day with load assumed for this pool. */
  readonly activeHoursPerDay: number;
  /** Average nodes running: min + utilization x (max - min) x activeHoursPerDay / 24. */
  readonly expectedNodes: number;
  /** USD per node-hour for the pool's capacity type (reservations at the on-demand rate). */
  readonly nodeUsdPerHour: number;
  /** Monthly cost at the minimum size, running all month. */
  readonly floorMonthlyUsd: number;
  /** Monthly cost at the expected nodes. */
  readonly expectedMonthlyUsd: number;
  /** Monthly cost at the maximum size, running all month. */
  readonly ceilingMonthlyUsd: number;
  /** Share of the expected node-hours bought on demand. */
  readonly onDemandShare: number;
  /** Share of the expected node-hours bought as spot. */
  readonly spotShare: number;
  /** Share of the expected node-hours from a reservation (billed at the on-demand rate). */
  readonly reservedShare: number;
  /** Share of the expected node-hours on on-demand fallback capacity for spot (0 for a pool: fallbacks are spot fleets', see `FleetEstimate`). */
  readonly fallbackShare: number;
  /**
   * Effective USD per physical GPU-hour: the node price over its GPUs.
   * @default - a CPU pool
   */
  readonly usdPerGpuHour?: number;
  /** The units the pool provides, with their effective price (empty for CPU pools). */
  readonly units: UnitCost[];
  /** The share of the pool guaranteed to teams (the rest is the idle line). */
  readonly allocatedShare: number;
  /** The catalog rows the figures come from. */
  readonly sources: CostSource[];
}

/** A team's guaranteed amount of one resource on one pool, priced in the unit it is given. */
export interface TeamResourceShowback {
  /** The Kubernetes resource. */
  readonly resourceName: string;
  /**
   * The MIG profile of the unit.
   * @default - not a MIG device
   */
  readonly migProfile?: string;
  /** The unit amounts are counted in: `device`, `core` or `GiB`. */
  readonly unit: string;
  /** Guaranteed (nominal) amount. */
  readonly guaranteed: number;
  /** The most the team can be admitted: guaranteed plus borrowing limit, capped by the pool (guaranteed only for a team that does not share). */
  readonly maxAdmissible: number;
  /** USD per unit-hour (0 for CPU and memory on a GPU pool: the device units carry the node's price). */
  readonly usdPerUnitHour: number;
  /** The guaranteed amount for a month at that price. */
  readonly guaranteedMonthlyUsd: number;
  /** The most admissible amount for a month at that price. */
  readonly borrowingCeilingMonthlyUsd: number;
}

/** A team's showback on one pool or fleet. */
export interface TeamPoolShowback {
  /** The pool, or the fleet. */
  readonly pool: string;
  /** The team's guaranteed share of the pool (0 to 1). */
  readonly share: number;
  /** Its share of the pool's expected monthly cost. */
  readonly expectedMonthlyUsd: number;
  /** Its share of the pool's ceiling: the guaranteed units priced for a month. */
  readonly guaranteedMonthlyUsd: number;
  /** What the team can be admitted at most, priced for a month (borrowing included). */
  readonly borrowingCeilingMonthlyUsd: number;
  /** Per resource. */
  readonly resources: TeamResourceShowback[];
  /**
   * Its share of the pool's energy, kWh a month.
   * @default - not estimated (see the estimate's unpriced items)
   */
  readonly kwhPerMonth?: number;
  /**
   * Its share of the pool's emissions, kg CO2e a month.
   * @default - not estimated
   */
  readonly kgCo2ePerMonth?: number;
}

/** A team's showback: its guaranteed shares of the pools, priced. */
export interface TeamEstimate {
  /** The team. */
  readonly team: string;
  /** Sum over its pools of its share of their expected cost. */
  readonly expectedMonthlyUsd: number;
  /** Sum over its pools of its guaranteed units priced for a month. */
  readonly guaranteedMonthlyUsd: number;
  /** Sum over its pools of the most it can be admitted, priced for a month. */
  readonly borrowingCeilingMonthlyUsd: number;
  /**
   * Energy, kWh a month.
   * @default - not estimated
   */
  readonly kwhPerMonth?: number;
  /**
   * Emissions, kg CO2e a month.
   * @default - not estimated
   */
  readonly kgCo2ePerMonth?: number;
  /** Per priced pool, by name. */
  readonly pools: TeamPoolShowback[];
}

/** The part of a pool or fleet no team is guaranteed: with the teams' lines it adds up to its figures. */
export interface IdleEstimate {
  /** The pool, or the fleet. */
  readonly pool: string;
  /** The unallocated share (1 - the teams' shares). */
  readonly share: number;
  /** The pool's expected cost minus the teams' shares of it. */
  readonly expectedMonthlyUsd: number;
  /** The pool's ceiling minus the teams' guaranteed amounts. */
  readonly ceilingMonthlyUsd: number;
}

/** Monthly totals over the priced pools, fleets and storage tiers. */
export interface CostTotals {
  /** Sum of the pools', fleets' and storage tiers' floors (a tier costs the same at every size of the compute). */
  readonly floorMonthlyUsd: number;
  /** Sum of the pools', fleets' and storage tiers' expected figures. */
  readonly expectedMonthlyUsd: number;
  /** Sum of the pools', fleets' and storage tiers' ceilings. */
  readonly ceilingMonthlyUsd: number;
  /** Of the expected figure: compute bought on demand (pools, and the fleets' on-demand base). */
  readonly onDemandMonthlyUsd: number;
  /** Of the expected figure: compute bought as spot (pools and fleets). */
  readonly spotMonthlyUsd: number;
  /** Of the expected figure: the fleets' on-demand fallback nodes. */
  readonly fallbackMonthlyUsd: number;
  /** Of the expected figure: from reservations. */
  readonly reservedMonthlyUsd: number;
  /** Of the expected figure: the storage tiers' priced drivers. */
  readonly storageMonthlyUsd: number;
  /** Of the expected figure: compute guaranteed to teams. */
  readonly allocatedMonthlyUsd: number;
  /** Of the expected figure: the idle lines (compute no team is guaranteed). */
  readonly idleMonthlyUsd: number;
}

/** The levers the saving is split by, in the order they are applied to the baseline. */
export enum SavingLever {
  /** MIG partitions and time-slicing/MPS: several units of demand on one physical GPU. */
  PARTITIONING = 'partitioning-sharing',
  /** The pool's instance rather than the reference instance (GPU pools: the largest node of the same GPU; CPU pools: the cheapest x86 node of at least the same size). */
  RIGHT_SIZING = 'right-sizing',
  /** Spot capacity rather than on-demand. */
  SPOT = 'spot',
  /** Scaling below the maximum size (to zero when the minimum is 0). */
  SCALE_TO_ZERO = 'scale-to-zero',
  /** Colder storage classes (lifecycle transitions, automatic tiering) rather than the standard class for the same data. */
  STORAGE_TIERING = 'storage-tiering',
}

/** What one lever saves. */
export interface LeverSaving {
  /** The lever. */
  readonly lever: SavingLever;
  /** Whether the estimate measured the lever (storage tiering is not, when no tier has a class mix the catalog prices). */
  readonly estimated: boolean;
  /** USD a month saved (negative when the choice costs more than the reference). */
  readonly monthlyUsd: number;
  /** Share of the baseline. */
  readonly shareOfBaseline: number;
  /** How the figure is made, in words. */
  readonly explanation: string;
}

/** One pool or fleet against the naive baseline. */
export interface PoolSavings {
  /** The pool, or the fleet. */
  readonly pool: string;
  /** Units of demand, each on a whole GPU in the baseline (each MIG device and shared replica at max size; GPUs; nodes for a CPU pool). */
  readonly demandUnits: number;
  /** The reference instance of the baseline. */
  readonly referenceInstanceType: string;
  /** The reference's on-demand USD per GPU-hour (per node-hour for a CPU pool). */
  readonly referenceUsdPerUnitHour: number;
  /** The baseline: demand units x reference price, on demand, all month. */
  readonly baselineMonthlyUsd: number;
  /** The pool's expected figure. */
  readonly expectedMonthlyUsd: number;
  /** Per lever, in order; baseline minus the levers is the expected figure. */
  readonly levers: LeverSaving[];
  /** The catalog rows of the baseline and the levers. */
  readonly sources: CostSource[];
}

/**
 * The saving against the naive baseline: the same demand on on-demand whole GPUs, no sharing, no spot, static max size;
 * and each storage tier's data in the standard class.
 */
export interface SavingsEstimate {
  /** The baseline, in words. */
  readonly baseline: string;
  /** Sum of the covered pools', fleets' and storage tiers' baselines. */
  readonly baselineMonthlyUsd: number;
  /** Sum of the covered pools', fleets' and storage tiers' expected figures. */
  readonly expectedMonthlyUsd: number;
  /** Baseline minus expected. */
  readonly savingMonthlyUsd: number;
  /** The saving over the baseline (0 when the baseline is 0). */
  readonly savingShare: number;
  /** Per lever, summed over the covered pools, fleets and tiers, in order. */
  readonly levers: LeverSaving[];
  /** Per covered pool. */
  readonly pools: PoolSavings[];
  /** Per covered fleet (the `pool` field is the fleet's name). */
  readonly fleets: PoolSavings[];
  /** Per covered storage tier. */
  readonly storageTiers: StorageTierSavings[];
}

/** A pool's or a fleet's energy and emissions (GPU board power only). */
export interface PoolEnergy {
  /** The pool, or the fleet (whose node pools have no line of their own). */
  readonly pool: string;
  /** GPU-hours a month at the expected nodes. */
  readonly gpuHoursPerMonth: number;
  /** Board power of one GPU, watts (0 for CPU pools). */
  readonly boardPowerWatts: number;
  /**
   * kWh a month: board power x GPU-hours x utilization x PUE.
   * @default - not estimated (no PUE)
   */
  readonly kwhPerMonth?: number;
  /**
   * kg CO2e a month: kWh x the region's grid intensity.
   * @default - not estimated (no PUE or no grid intensity for the region)
   */
  readonly kgCo2ePerMonth?: number;
  /** The catalog rows (board power, PUE, grid intensity). */
  readonly sources: CostSource[];
}

/** Energy and emissions of the GPU pools. */
export interface EnergyEstimate {
  /** What is counted and what is not, in words. */
  readonly scope: string;
  /**
   * Total kWh a month.
   * @default - not estimated
   */
  readonly kwhPerMonth?: number;
  /**
   * Total kg CO2e a month.
   * @default - not estimated
   */
  readonly kgCo2ePerMonth?: number;
  /**
   * The region's grid intensity, g CO2e per kWh.
   * @default - the catalog has none for the region
   */
  readonly gridGramsCo2ePerKwh?: number;
  /** Per pool and per fleet. */
  readonly pools: PoolEnergy[];
}

/**
 * A budget set against the estimate: what the cloud will count in it (the platform's pools, or the pools dedicated to
 * the team, whole: idle time included) at the floor, expected and ceiling sizes.
 */
export interface BudgetEstimate {
  /** The budget name. */
  readonly budget: string;
  /**
   * The team.
   * @default - a platform budget
   */
  readonly team?: string;
  /** The monthly limit. */
  readonly monthlyLimitUsd: number;
  /** The priced pools whose cost the budget counts, by name. */
  readonly pools: string[];
  /** The priced fleets it counts (a platform budget only: a fleet's nodes carry no team tag). */
  readonly fleets: string[];
  /** The priced storage tiers it counts (a platform budget only). */
  readonly storageTiers: string[];
  /** Their floors. */
  readonly floorMonthlyUsd: number;
  /** Their expected figures. */
  readonly expectedMonthlyUsd: number;
  /** Their ceilings. */
  readonly ceilingMonthlyUsd: number;
  /** Expected over the limit. */
  readonly expectedShareOfLimit: number;
  /** Ceiling over the limit. */
  readonly ceilingShareOfLimit: number;
  /** Whether the expected figure alone exceeds the limit. */
  readonly expectedExceedsLimit: boolean;
  /** Whether the pools at their maximum size all month would exceed the limit (the surprise-bill case). */
  readonly ceilingExceedsLimit: boolean;
  /**
   * Days of running at the maximum size that spend the limit (when the ceiling exceeds it).
   * @default - the ceiling does not exceed the limit
   */
  readonly daysToLimitAtCeiling?: number;
}

/** What a platform will cost and save a month, estimated at synth from the resolved model and the catalog. */
export interface PlatformEstimate {
  /** The platform name. */
  readonly platform: string;
  /** The cloud. */
  readonly cloud: CloudProvider;
  /** The region. */
  readonly region: string;
  /** The catalog the prices come from, in words. */
  readonly catalog: string;
  /**
   * The catalog's data date.
   * @default - not known (a catalog built from data)
   */
  readonly catalogAsOf?: string;
  /** The assumptions. */
  readonly assumptions: EstimateAssumptions;
  /** Per priced pool, by name (a fleet's node pools are in its fleet's line instead). */
  readonly pools: PoolEstimate[];
  /** Per priced spot fleet, by name. */
  readonly fleets: FleetEstimate[];
  /** Per storage tier, by name: its monthly cost drivers, priced or not. */
  readonly storageTiers: StorageCostEstimate[];
  /** Per team with a priced guarantee, by name. */
  readonly teams: TeamEstimate[];
  /** Per priced pool and fleet, the share no team is guaranteed. */
  readonly idle: IdleEstimate[];
  /** Totals over the priced pools, fleets and storage tiers. */
  readonly totals: CostTotals;
  /** The saving against the naive baseline, by lever. */
  readonly savings: SavingsEstimate;
  /** Energy and CO2. */
  readonly energy: EnergyEstimate;
  /** Per budget, by name: the limit against the figures of what it counts. */
  readonly budgets: BudgetEstimate[];
  /** What could not be priced, and why. */
  readonly unpriced: UnpricedItem[];
  /** What the figures include and leave out, in words. */
  readonly scope: string[];
  /** Every catalog row used, once. */
  readonly sources: CostSource[];
}

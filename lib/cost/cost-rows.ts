// The smallest pieces of the estimate, which every other part of its data refers to: a catalog row, an unpriced
// item, the price of a unit.

/** One catalog row a figure comes from. */
export interface CostSource {
  /** What the row gives, e.g. `on-demand price`, `spot price`, `GPU board power`, `grid carbon intensity`, `PUE`. */
  readonly item: string;
  /** What it is about, e.g. `p5.48xlarge in us-east-1`, `H100 80GB`, `aws us-east-1`. */
  readonly subject: string;
  /** The value the estimate used. */
  readonly value: number;
  /** Its unit, e.g. `USD per node-hour`. */
  readonly unit: string;
  /** Where the catalog has it from (repository, commit, path; or a URL). */
  readonly source: string;
  /**
   * When the source was generated or retrieved (ISO date).
   * @default - the source states no date
   */
  readonly retrieved?: string;
  /**
   * How the value was obtained, when it is not quoted as is (e.g. a spot price derived from an advertised saving,
   * or a price of another region).
   * @default - quoted as is
   */
  readonly basis?: string;
}

/** Something the estimate leaves out because the catalog cannot price it, and why. Never guessed. */
export interface UnpricedItem {
  /** What, e.g. `pool general-cpu`, `team data-prep on pool general-cpu`, `CO2 of aws xx-east-1`. */
  readonly subject: string;
  /** Why it has no figure. */
  readonly reason: string;
}

/** The price of one kind of schedulable unit a pool provides (a whole GPU, a MIG device, a shared replica). */
export interface UnitCost {
  /** The Kubernetes resource, e.g. `nvidia.com/gpu`, `nvidia.com/mig-1g.10gb`. */
  readonly resourceName: string;
  /**
   * The MIG profile of the unit.
   * @default - a whole GPU
   */
  readonly migProfile?: string;
  /** Pods sharing one device (time-slicing or MPS replicas); 1 when not shared. */
  readonly sharedBy: number;
  /** The share of one physical GPU a unit is. */
  readonly gpuShare: number;
  /** Units per node. */
  readonly perNode: number;
  /** Units at the pool's maximum size. */
  readonly atMaxSize: number;
  /** The share of the node price one unit carries (its GPU share over the GPU shares of all the node's units). */
  readonly shareOfNode: number;
  /** Effective USD per unit-hour: node price x shareOfNode. */
  readonly usdPerUnitHour: number;
}

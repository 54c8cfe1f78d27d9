/** How a pool's nodes are placed relative to each other. */
export enum Placement {
  /** Wherever capacity is (the default). */
  SPREAD = 'spread',
  /**
   * Close together for fast node-to-node traffic: an AWS cluster placement group (with EFA
   * interfaces where the instance type has them) or a GKE COMPACT placement policy. One zone only.
   */
  COMPACT = 'compact',
}

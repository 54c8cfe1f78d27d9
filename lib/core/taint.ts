/** Effect of a node taint, in Kubernetes spelling. Cloud spellings (`NO_SCHEDULE`) are made only by the renderers. */
export enum TaintEffect {
  /** Pods that do not tolerate the taint are not scheduled on the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler tries to avoid the node for pods that do not tolerate the taint. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Pods that do not tolerate the taint are evicted and not scheduled. */
  NO_EXECUTE = 'NoExecute',
}

/**
 * A node taint, in Kubernetes terms.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export interface Taint {
  /** The taint key, a Kubernetes qualified name (e.g. `nvidia.com/gpu`). */
  readonly key: string;
  /**
   * The taint value.
   * @default - no value (GKE requires one: pools on GKE reject taints without a value)
   */
  readonly value?: string;
  /** The effect. */
  readonly effect: TaintEffect;
}

/** The taint every GPU pool gets unless told otherwise: `nvidia.com/gpu=present:NoSchedule`, as GKE puts on GPU nodes. */
export const DEFAULT_GPU_TAINT: Taint = { key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE };

/**
 * The taint every spot node carries: `ml-platform-cdk.io/capacity-type=spot:NoSchedule`. Pods (and Kueue workloads)
 * must tolerate it themselves to run on spot capacity: no flavor adds it for them, and the platform's admission
 * policies refuse it to pods and workloads of tiers that are not interruptible.
 */
export const SPOT_TAINT: Taint = { key: 'ml-platform-cdk.io/capacity-type', value: 'spot', effect: TaintEffect.NO_SCHEDULE };

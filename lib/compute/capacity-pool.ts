import { IConstruct } from 'constructs';
import { Taint } from '../core/taint';
import { PoolResourceCapacity } from '../model/types';

/**
 * Capacity that teams get quota on: a {@link GpuNodePool} the platform provisions, or an
 * {@link ExternalNodePool} of nodes provisioned elsewhere. Each is one Kueue ResourceFlavor.
 */
export interface ICapacityPool extends IConstruct {
  /** The pool name (unique in the platform). */
  readonly poolName: string;
  /** The Kueue ResourceFlavor that selects the pool's nodes. */
  readonly flavorName: string;
  /** The pool's node taints (admitted pods get matching tolerations from the flavor). */
  readonly taints: Taint[];
  /** What the pool offers at its maximum size, per resource, `cpu` and `memory` first. */
  capacityAtMaxSize(): PoolResourceCapacity[];
}

const CAPACITY_POOL_SYMBOL = Symbol.for('ml-platform-cdk.CapacityPool');

/** Marks a construct as a capacity pool (for `isCapacityPool`). */
export function markCapacityPool(pool: ICapacityPool): void {
  Object.defineProperty(pool, CAPACITY_POOL_SYMBOL, { value: true });
}

/** Whether `x` is a pool created by this library (works across copies of the library). */
export function isCapacityPool(x: unknown): x is ICapacityPool {
  return x !== null && typeof x === 'object' && CAPACITY_POOL_SYMBOL in x;
}

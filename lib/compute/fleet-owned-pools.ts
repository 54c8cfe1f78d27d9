import { IConstruct } from 'constructs';

// A spot fleet's pools are GpuNodePools in every respect (cloud layer, labels, MIG, sharing) but one: they have no
// flavor of their own, since teams get quota on the fleet, whose one flavor covers all its pools. The fleet marks the
// ids it is about to create; the pool takes the mark when it is constructed.

const MARKED = new WeakMap<IConstruct, Set<string>>();

/** Marks that the pool about to be created as `scope/id` belongs to a fleet. */
export function markFleetOwned(scope: IConstruct, id: string): void {
  let ids = MARKED.get(scope);
  if (!ids) {
    ids = new Set();
    MARKED.set(scope, ids);
  }
  ids.add(id);
}

/** Whether the pool being created as `scope/id` belongs to a fleet (the mark is used up). */
export function takeFleetOwned(scope: IConstruct, id: string): boolean {
  const ids = MARKED.get(scope);
  return ids?.delete(id) ?? false;
}

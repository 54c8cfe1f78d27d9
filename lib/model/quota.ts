import { Quantity } from '../core/quantity';
import { FlavorQuota } from './types';

/**
 * The most of each resource a team can ever be admitted, summed over its pools: guaranteed plus borrowing
 * limit (only the guarantee for a team that does not share), capped by the pool's capacity: the ceiling of the
 * namespace's ResourceQuota.
 */
export function maxAdmissible(flavors: readonly FlavorQuota[], sharesCapacity: boolean): Map<string, Quantity> {
  const total = new Map<string, Quantity>();
  for (const flavor of flavors) {
    for (const [name, amounts] of flavor.resources) {
      const cap = flavor.capacity.get(name)!.atMaxSize;
      let most = cap;
      if (!sharesCapacity) most = Quantity.min(amounts.nominal, cap);
      else if (amounts.borrowingLimit) most = Quantity.min(amounts.nominal.plus(amounts.borrowingLimit), cap);
      const prior = total.get(name);
      total.set(name, prior ? prior.plus(most) : most);
    }
  }
  return total;
}

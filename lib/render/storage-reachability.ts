import { ErrorCode, ValidationError } from '../core/errors';
import { Invariant, ModelOrigins } from '../model/seams';
import { PlatformModel, PoolModel, StorageTierModel } from '../model/types';

/**
 * A zonal tier (FSx for Lustre, Filestore, Managed Lustre) is mounted from the node pools (GPU and CPU) of the teams given
 * it: each such pool's nodes must all be in the tier's zone. Otherwise the tier is refused, or, when the tier allows cross-zone mounts,
 * a warning says which pools would mount it from another zone. A spot fleet's flavor stands for each of its pools (so a
 * fleet's checkpoint tier, which every team using the fleet is given, is checked too). Pools provisioned elsewhere
 * (external pools) have no known zones and are not checked. One pass over the teams' grants and quotas.
 * @param zonesOf the zones a pool's nodes can be in; undefined when they can be in any zone of the region
 * @param warn reports a warning for a tier that allows cross-zone mounts
 */
export function zonalStorageReachable(zonesOf: (pool: PoolModel) => string[] | undefined, warn: (tier: StorageTierModel, message: string) => void): Invariant {
  return {
    description: 'Every node pool of a team given a zonal storage tier runs in the tier\'s zone (or the tier allows cross-zone mounts).',
    check(model: PlatformModel, origins: ModelOrigins): void {
      if (!model.storageTiers.some((t) => t.zone !== undefined)) return;
      for (const team of model.teams) {
        for (const grant of team.storage) {
          const tier = model.storageTiersByName.get(grant.tier);
          if (tier?.zone === undefined) continue;
          for (const pool of team.flavors.flatMap((f) => nodePoolsOf(model, f.pool))) {
            const zones = zonesOf(pool);
            const outside = zones === undefined ? ['any zone of the region'] : zones.filter((z) => z !== tier.zone);
            if (outside.length === 0) continue;
            const fleet = model.fleets.find((f) => f.spotPools.includes(pool.name) || f.onDemandPool === pool.name);
            const where = fleet ? `pool ${pool.name} of spot fleet ${fleet.name}` : `pool ${pool.name}`;
            const message = `Team ${team.name} mounts storage tier ${tier.name} (zone ${tier.zone}) from ${where}, whose nodes can run in ${outside.join(', ')}`;
            if (tier.allowCrossZoneMounts) {
              warn(tier, `${message}: cross-zone reads are slower and billed as inter-zone traffic.`);
              continue;
            }
            throw new ValidationError(ErrorCode.STORAGE_TIER_UNREACHABLE, {
              message: `${message}: its pods there could not mount the tier (its volumes are pinned to ${tier.zone}).`,
              received: { tier: tier.name, zone: tier.zone, pool: pool.name, poolZones: zones ?? 'any' },
              allowed: `pools whose zones are exactly [${tier.zone}]`,
              fix: `Pin the ${fleet ? 'fleet' : 'pool'} to the tier's zone (zones: ["${tier.zone}"]${fleet ? ', diversifying over instance types' : ''}), `
                + 'move the tier (zone), or accept cross-zone mounts (allowCrossZoneMounts: true).',
            }, origins.of('queue', team.name));
          }
        }
      }
    },
  };
}

/** The node pools behind a flavor: the pool itself (GPU or CPU), or every pool of a spot fleet. */
function nodePoolsOf(model: PlatformModel, flavor: string): PoolModel[] {
  const capacity = model.capacityPoolsByName.get(flavor);
  if (capacity?.nodePool) return [capacity.nodePool];
  const fleet = capacity?.fleet === undefined ? undefined : model.fleets.find((f) => f.name === capacity.fleet);
  if (!fleet) return [];
  const names = [...fleet.spotPools, ...(fleet.onDemandPool ? [fleet.onDemandPool] : [])];
  return model.pools.filter((p) => names.includes(p.name));
}

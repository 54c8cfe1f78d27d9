import { IConstruct } from 'constructs';
import { ICapacityPool } from '../compute/capacity-pool';
import { ErrorCode, ValidationError } from '../core/errors';
import { compareStrings } from '../core/order';
import { PlatformContext } from '../model/context';
import { IStorageTier } from '../storage/storage-tier-props';
import { ResolvedStorageGrant } from './team-storage';

/**
 * A team with quota on a spot fleet gets a claim on the fleet's checkpoint tier in each of its namespaces: the grants
 * the team declared, plus one of the fleet's per-team size for each checkpoint tier it was not given. A checkpoint
 * tier the team was given read-only is refused (jobs could not write their checkpoints).
 */
export function withFleetCheckpointGrants(
  team: IConstruct, platform: PlatformContext, grants: ResolvedStorageGrant[], pools: readonly ICapacityPool[],
): ResolvedStorageGrant[] {
  const result = [...grants];
  for (const pool of pools) {
    const member = platform._claimant('pool', pool.poolName);
    if (member?.kind !== 'spot-fleet' || member.source !== pool) continue;
    const checkpoint = member.fleet.checkpoint;
    const given = result.find((g) => g.model.name === checkpoint.tier);
    if (given) {
      if (given.grant.readOnly) {
        throw new ValidationError(ErrorCode.STORAGE_GRANT_INVALID, {
          message: `The team is given storage tier ${checkpoint.tier} read-only, but jobs on spot fleet ${member.fleet.name} write their checkpoints there.`,
          received: { tier: checkpoint.tier, readOnly: true },
          fix: 'Give the team the tier without readOnly (or leave it out: the fleet gives the team a claim on it).',
        }, team);
      }
      continue;
    }
    const tier = platform._claimant('storage-tier', checkpoint.tier);
    if (tier?.kind !== 'storage-tier') continue;
    result.push({
      tier: tier.source as IStorageTier,
      model: tier.tier,
      grant: { tier: checkpoint.tier, size: checkpoint.claimSize, maxClaims: 1, readOnly: false },
    });
  }
  return result.sort((a, b) => compareStrings(a.model.name, b.model.name));
}

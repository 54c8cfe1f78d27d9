import { ErrorCode, ValidationError } from '../core/errors';
import { isCpuOrMemory } from '../core/order';
import { Quantity } from '../core/quantity';
import { Invariant, ModelOrigins } from '../model/seams';
import { PlatformModel } from '../model/types';

// The platform's own cross-layer invariants. The cloud target and the scheduler backend add theirs (flavors match
// pools, the GPU operator configures every pool); MlPlatform runs them all when either layer is synthesized.

/** The tiers teams name (`tiers`, `borrowWithinCohortMaxTier`) are declared. */
export const TIERS_DECLARED: Invariant = {
  description: 'The priority tiers teams name are declared.',
  check(model: PlatformModel, origins: ModelOrigins): void {
    const declared = new Set((model.tiers ?? []).map((t) => t.name));
    for (const team of model.teams) {
      const named = [...(team.tiers ?? []), ...(team.preemption?.borrowWithinCohortMaxTier ? [team.preemption.borrowWithinCohortMaxTier] : [])];
      const missing = named.find((t) => !declared.has(t));
      if (missing === undefined) continue;
      throw new ValidationError(ErrorCode.TIER_UNKNOWN, model.tiers === undefined ? {
        message: `Team ${team.name} names the priority tier ${missing}, but the platform declares no tiers.`,
        received: missing,
        fix: 'Declare new PriorityTiers(platform, "tiers") (the standard tiers), or remove the tier from the team.',
      } : {
        message: `Team ${team.name} names the priority tier ${missing}, which the platform does not declare.`,
        received: missing,
        allowed: model.tiers.map((t) => t.name).join(', '),
        fix: 'Use a declared tier, or declare it in PriorityTiers `tiers`.',
      }, origins.of('queue', team.name));
    }
  },
};

/**
 * Per pool and resource, the teams' guaranteed quota adds up to no more than the pool provides at its maximum size
 * (Kueue itself never compares quotas with nodes). One pass over the teams' quotas.
 */
export const GUARANTEES_FIT_CAPACITY: Invariant = {
  description: 'Per pool and resource, the teams\' guarantees fit what the pool provides at its maximum size.',
  check(model: PlatformModel, origins: ModelOrigins): void {
    const totals = new Map<string, { pool: string; resource: string; total: Quantity; teams: Record<string, string> }>();
    for (const team of model.teams) {
      for (const flavor of team.flavors) {
        for (const [resource, amounts] of flavor.resources) {
          if (amounts.nominal.isZero()) continue;
          const key = `${flavor.pool}|${resource}`;
          const entry = totals.get(key);
          if (entry) {
            entry.total = entry.total.plus(amounts.nominal);
            entry.teams[team.name] = amounts.nominal.toString();
          } else {
            totals.set(key, { pool: flavor.pool, resource, total: amounts.nominal, teams: { [team.name]: amounts.nominal.toString() } });
          }
        }
      }
    }
    // Devices first: CPU and memory guarantees are mostly derived from them, so the device is what to report.
    const entries = [...totals.values()].sort((a, b) => Number(isCpuOrMemory(a.resource)) - Number(isCpuOrMemory(b.resource)));
    for (const entry of entries) {
      const capacity = model.capacityPoolsByName.get(entry.pool)?.capacityByResource.get(entry.resource);
      if (capacity && entry.total.compare(capacity.atMaxSize) <= 0) continue;
      throw new ValidationError(ErrorCode.QUOTA_EXCEEDS_CAPACITY, {
        message: `The teams are guaranteed ${entry.total.toString()} ${entry.resource} on pool ${entry.pool}, `
          + `which provides ${capacity?.atMaxSize.toString() ?? 'none'} at its maximum size: guarantees could not all be met at once.`,
        received: entry.teams,
        allowed: `at most ${capacity?.atMaxSize.toString() ?? '0'} in total`,
        fix: 'Lower the teams\' guaranteed amounts (they can still borrow), or raise the pool\'s maxNodes.',
      }, origins.of('pool', entry.pool));
    }
  },
};

/**
 * A budget can be attributed on the cloud: a team's budget names a team whose cost the cloud bills to it (a GPU pool on
 * which it is the only team with quota, tagged or labelled with the team); a cap covers at least one node group.
 * Shared pools, borrowed capacity, external pools and the control plane carry no team tag, so a team without a pool of
 * its own has no cost the cloud can put in its budget.
 */
export const BUDGETS_ATTRIBUTABLE: Invariant = {
  description: 'Each team budget covers a pool dedicated to the team; each cap covers a node group.',
  check(model: PlatformModel, origins: ModelOrigins): void {
    for (const budget of model.budgets) {
      const scope = origins.of('budget', budget.name);
      const covered = model.pools.filter((p) => budget.team === undefined || model.poolTeams.get(p.name) === budget.team);
      if (budget.team !== undefined) {
        const team = model.teamsByName.get(budget.team);
        if (!team) {
          throw new ValidationError(ErrorCode.BUDGET_TEAM_UNKNOWN, {
            message: `Budget ${budget.name} names team ${budget.team}, which the platform does not have.`,
            received: budget.team,
            allowed: model.teams.map((t) => t.name).join(', ') || 'no teams',
            fix: 'Name a TeamNamespace of this platform (its teamName), or leave `team` out for a platform budget.',
          }, scope);
        }
        if (covered.length === 0) {
          const shared = team.flavors.map((f) => f.pool).filter((p) => !model.poolTeams.has(p) && model.pools.some((gp) => gp.name === p));
          const external = team.flavors.map((f) => f.pool).filter((p) => !model.pools.some((gp) => gp.name === p));
          throw new ValidationError(ErrorCode.BUDGET_TEAM_NOT_ATTRIBUTABLE, {
            message: `The cloud cannot attribute any cost to team ${budget.team}: it bills a pool to a team only when the team is the only one with quota `
              + 'on it (its nodes then carry the team tag); shared pools, borrowed capacity, pools provisioned elsewhere and the control plane carry none.',
            received: { team: budget.team, sharedPools: shared, externalPools: external },
            fix: 'Give the team a GpuNodePool of its own (no other team with quota on it), or set a platform budget and follow the team showback '
              + 'in the estimate (or OpenCost/Kubecost) instead.',
          }, scope);
        }
      }
      if (budget.cap && covered.length === 0) {
        throw new ValidationError(ErrorCode.BUDGET_CAP_INVALID, {
          message: `The cap of budget ${budget.name} stops node groups from growing, and the platform has none.`,
          received: model.pools.map((p) => p.name),
          fix: 'Declare a GpuNodePool, or remove `cap`.',
        }, scope);
      }
    }
  },
};

/** The platform's own invariants, in the order they are checked. */
export const PLATFORM_INVARIANTS: readonly Invariant[] = [TIERS_DECLARED, GUARANTEES_FIT_CAPACITY, BUDGETS_ATTRIBUTABLE];

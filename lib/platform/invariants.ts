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
 * A guarantee on a spot fleet is kept by its on-demand nodes when the cloud takes every spot node: per fleet and
 * resource, the teams' guarantees fit what the fleet's on-demand pool holds at its largest, unless every team
 * guaranteed there accepted the risk (`acceptSpotGuaranteeRisk`). Guarantees on spot pools with nothing behind them
 * are refused when the team is declared.
 */
export const SPOT_GUARANTEES_BACKED: Invariant = {
  description: 'Guarantees on spot capacity are backed by on-demand capacity, or their risk was accepted.',
  check(model: PlatformModel, origins: ModelOrigins): void {
    for (const pool of model.capacityPools) {
      if (!pool.classificationTaints?.length || pool.spotOnly) continue;
      const backed = pool.backedByOnDemand ?? new Map<string, Quantity>();
      const totals = new Map<string, { total: Quantity; teams: Record<string, string>; accepted: boolean }>();
      for (const team of model.teams) {
        const flavor = team.flavors.find((f) => f.pool === pool.name);
        if (!flavor) continue;
        for (const [resource, amounts] of flavor.resources) {
          if (amounts.nominal.isZero() || isCpuOrMemory(resource)) continue;
          const entry = totals.get(resource) ?? { total: Quantity.of(0), teams: {}, accepted: true };
          entry.total = entry.total.plus(amounts.nominal);
          entry.teams[team.name] = amounts.nominal.toString();
          entry.accepted = entry.accepted && flavor.spotGuaranteeRiskAccepted === true;
          totals.set(resource, entry);
        }
      }
      for (const [resource, entry] of totals) {
        const onDemand = backed.get(resource) ?? Quantity.of(0);
        if (entry.accepted || entry.total.compare(onDemand) <= 0) continue;
        throw new ValidationError(ErrorCode.SPOT_GUARANTEE_ON_SPOT_ONLY, {
          message: `The teams are guaranteed ${entry.total.toString()} ${resource} on spot fleet ${pool.name}, whose on-demand nodes hold `
            + `${onDemand.toString()}: if the cloud takes every spot node, the rest is a guarantee on spot only.`,
          received: entry.teams,
          allowed: `at most ${onDemand.toString()} in total, or acceptSpotGuaranteeRisk on every quota guaranteed there`,
          fix: 'Raise the fleet\'s fallbackMaxNodes (or onDemandBaseNodes), lower the guarantees (teams can still borrow), '
            + 'or set acceptSpotGuaranteeRisk: true on those quotas.',
        }, origins.of('pool', pool.name));
      }
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

/**
 * Teams are isolated from each other: a team's `allowIngressFrom` names extra namespaces (an ingress controller's,
 * monitoring), never another team's, since that would let one team's pods reach another's past the isolation the
 * platform promises. Checked on the model because teams are declared in any order. One pass over the namespaces.
 */
export const INGRESS_NOT_FROM_OTHER_TEAMS: Invariant = {
  description: 'No team lets another team\'s namespaces in through allowIngressFrom.',
  check(model: PlatformModel, origins: ModelOrigins): void {
    const owner = new Map<string, string>();
    for (const team of model.teams) for (const ns of team.namespaces) owner.set(ns, team.name);
    for (const team of model.teams) {
      for (const ns of team.allowIngressFrom ?? []) {
        const other = owner.get(ns);
        if (other === undefined || other === team.name) continue;
        throw new ValidationError(ErrorCode.INGRESS_FROM_OTHER_TEAM, {
          message: `Team ${team.name} lets namespace ${ns} in through allowIngressFrom, but ${ns} belongs to team ${other}: teams are isolated from each other.`,
          received: { allowIngressFrom: team.allowIngressFrom },
          allowed: 'namespaces that belong to no team (an ingress controller\'s, monitoring)',
          fix: `Remove ${ns} from allowIngressFrom. Pods that must serve both teams belong in a namespace of their own; `
            + 'namespaces that must talk freely belong to one team (namespaces: [...]).',
        }, origins.of('queue', team.name));
      }
    }
  },
};

/**
 * On a storage tier that provisions capacity (FSx for Lustre, Filestore, Managed Lustre), the teams' grants (each
 * team's size times its namespaces: every namespace has a claim of that size) add up to no more than the capacity.
 * One pass over the teams' grants.
 */
export const STORAGE_GRANTS_FIT_CAPACITY: Invariant = {
  description: 'On every storage tier that provisions capacity, the teams\' grants fit the capacity.',
  check(model: PlatformModel, origins: ModelOrigins): void {
    const totals = new Map<string, { total: Quantity; teams: Record<string, string> }>();
    for (const team of model.teams) {
      for (const grant of team.storage) {
        const claimed = grant.size.times(team.namespaces.length);
        const entry = totals.get(grant.tier) ?? { total: Quantity.of(0), teams: {} };
        entry.total = entry.total.plus(claimed);
        entry.teams[team.name] = team.namespaces.length > 1 ? `${grant.size.toString()} x ${team.namespaces.length} namespaces` : grant.size.toString();
        totals.set(grant.tier, entry);
      }
    }
    for (const tier of model.storageTiers) {
      const entry = totals.get(tier.name);
      if (!entry || !tier.bounded || tier.capacityGiB === undefined) continue;
      const capacity = Quantity.gibibytes(tier.capacityGiB);
      if (entry.total.compare(capacity) <= 0) continue;
      throw new ValidationError(ErrorCode.STORAGE_QUOTA_EXCEEDS_CAPACITY, {
        message: `The teams are given ${entry.total.toString()} of storage tier ${tier.name}, which provisions ${capacity.toString()}: their claims could not all be met.`,
        received: entry.teams,
        allowed: `at most ${capacity.toString()} in total`,
        fix: 'Lower the teams\' sizes on the tier, or raise its capacityGiB (a valid size of the service).',
      }, origins.of('storage-tier', tier.name));
    }
  },
};

/** The platform's own invariants, in the order they are checked. */
export const PLATFORM_INVARIANTS: readonly Invariant[] = [
  TIERS_DECLARED, GUARANTEES_FIT_CAPACITY, SPOT_GUARANTEES_BACKED, INGRESS_NOT_FROM_OTHER_TEAMS, STORAGE_GRANTS_FIT_CAPACITY, BUDGETS_ATTRIBUTABLE,
];

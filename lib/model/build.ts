import { Cloud } from '../core/cloud';
import { compareStrings, isCpuOrMemory, sortedRecord } from '../core/order';
import { Member, membersOf } from './context';
import { maxAdmissible } from './quota';
import { CapacityPoolModel, DepartmentModel, PlatformModel, TeamDeclaration, TeamModel, TierModel } from './types';

/** What the platform knows when it builds its model. */
export interface ModelInput {
  readonly name: string;
  readonly cloud: Cloud;
  readonly members: readonly Member[];
  /** Namespaces of the platform's own components (kube-system, the scheduler's, the target's). */
  readonly systemNamespaces: string[];
}

const byName = <T extends { readonly name: string }>(a: T, b: T) => compareStrings(a.name, b.name);

/**
 * Resolves the registered members into the platform model: sorted lists, and per team what depends on the
 * rest of the platform (the platform's namespaces, the tiers, the GPU resources of every pool). Pure.
 */
export function buildPlatformModel(input: ModelInput): PlatformModel {
  const members = input.members;
  const nodePools = [...membersOf(members, 'gpu-pool'), ...membersOf(members, 'cpu-pool')];
  const pools = nodePools.map((m) => m.pool).sort(byName);
  const fleetMembers = membersOf(members, 'spot-fleet');
  const capacityPools: CapacityPoolModel[] = [
    ...nodePools.flatMap((m) => (m.capacity ? [m.capacity] : [])),
    ...membersOf(members, 'external-pool').map((m) => m.capacity),
    ...fleetMembers.map((m) => m.capacity),
  ].sort(byName);
  const fleets = fleetMembers.map((m) => m.fleet).sort(byName);
  const migConfigs = membersOf(members, 'mig-profile').map((m) => m.config)
    .sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.gpu, b.gpu));
  const tiers = membersOf(members, 'tiers')[0]?.tiers;
  const deviceResourceNames = [...new Set(capacityPools.flatMap((p) => p.capacity.map((c) => c.resourceName)))]
    .filter((n) => !isCpuOrMemory(n))
    .sort(compareStrings);
  const systemNamespaces = [...new Set(input.systemNamespaces)].sort(compareStrings);
  const storageTiers = membersOf(members, 'storage-tier').map((m) => m.tier).sort(byName);
  const storageClasses = storageTiers.map((t) => ({ tier: t.name, storageClass: t.storageClassName }));
  const declarations = membersOf(members, 'team').map((m) => m.team).sort(byName);
  const teams = declarations.map((t) => resolveTeam(t, { systemNamespaces, tiers, deviceResourceNames, storageClasses }));
  const departments: DepartmentModel[] = membersOf(members, 'department')
    .map((m) => ({ ...m.department, teams: declarations.filter((t) => t.department === m.department.name).map((t) => t.name) }))
    .sort(byName);
  const budgets = membersOf(members, 'budget').map((m) => m.budget).sort(byName);
  return {
    name: input.name,
    cloud: input.cloud,
    pools,
    capacityPools,
    capacityPoolsByName: new Map(capacityPools.map((p) => [p.name, p])),
    migConfigs,
    fleets,
    tiers,
    teams,
    teamsByName: new Map(teams.map((t) => [t.name, t])),
    departments,
    departmentsByName: new Map(departments.map((d) => [d.name, d])),
    deviceResourceNames,
    systemNamespaces,
    storageTiers,
    storageTiersByName: new Map(storageTiers.map((t) => [t.name, t])),
    budgets,
    poolTeams: poolTeams(declarations),
  };
}

/** Pools on which exactly one team has quota (guaranteed or borrowing), with that team. */
function poolTeams(teams: TeamDeclaration[]): Map<string, string> {
  const byPool = new Map<string, Set<string>>();
  for (const team of teams) {
    for (const flavor of team.flavors) {
      const set = byPool.get(flavor.pool) ?? new Set<string>();
      set.add(team.name);
      byPool.set(flavor.pool, set);
    }
  }
  const dedicated = new Map<string, string>();
  for (const [pool, names] of [...byPool.entries()].sort(([a], [b]) => compareStrings(a, b))) {
    if (names.size === 1) dedicated.set(pool, [...names][0]);
  }
  return dedicated;
}

interface TeamContext {
  readonly systemNamespaces: string[];
  readonly tiers?: TierModel[];
  readonly deviceResourceNames: string[];
  /** Every storage tier of the platform and its StorageClass, sorted by tier name. */
  readonly storageClasses: ReadonlyArray<{ readonly tier: string; readonly storageClass: string }>;
}

function resolveTeam(team: TeamDeclaration, context: TeamContext): TeamModel {
  const ingressFromNamespaces = team.allowIngressFrom === undefined ? undefined
    : [...new Set([...team.namespaces, ...context.systemNamespaces, ...team.allowIngressFrom])].sort(compareStrings);
  const allowed = team.tiers ? new Set(team.tiers) : undefined;
  const forbiddenTiers = allowed ? (context.tiers ?? []).map((t) => t.name).filter((n) => !allowed.has(n)).sort(compareStrings) : undefined;
  const maxTier = team.preemption?.borrowWithinCohortMaxTier;
  return {
    ...team,
    ingressFromNamespaces,
    forbiddenTiers,
    quotaHard: quotaHard(team, context.deviceResourceNames, context.storageClasses),
    borrowMaxPriority: maxTier === undefined ? undefined : context.tiers?.find((t) => t.name === maxTier)?.value,
  };
}

/**
 * The namespaces' ResourceQuota: per resource the most the team can be admitted; zero of every GPU resource of
 * the platform the team has no quota for (so no GPU pod runs there, queued or not); storage, per storage tier the
 * size and claim count the team was given, zero of every tier it was not; object counts.
 */
function quotaHard(team: TeamDeclaration, deviceResourceNames: string[], storageClasses: TeamContext['storageClasses']): Record<string, string> {
  const hard: Record<string, string> = {};
  for (const [name, amount] of maxAdmissible(team.flavors, team.sharesCapacity)) hard[`requests.${name}`] = amount.toString();
  for (const device of deviceResourceNames) {
    const key = `requests.${device}`;
    if (!(key in hard)) hard[key] = '0';
  }
  if (team.storageQuota) hard['requests.storage'] = team.storageQuota.toString();
  if (storageClasses.length > 0) {
    const grants = new Map(team.storage.map((g) => [g.tier, g]));
    for (const { tier, storageClass } of storageClasses) {
      const grant = grants.get(tier);
      hard[`${storageClass}.storageclass.storage.k8s.io/requests.storage`] = grant ? grant.size.toString() : '0';
      hard[`${storageClass}.storageclass.storage.k8s.io/persistentvolumeclaims`] = grant ? String(grant.maxClaims) : '0';
    }
  }
  for (const [key, count] of Object.entries(team.objectCounts)) hard[key] = String(count);
  return sortedRecord(hard);
}

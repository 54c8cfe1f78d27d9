import * as fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import {
  BorrowPreemptionPolicy, Department, ExternalNodePool, GpuModel, GpuNodePool, GpuSharing, ICapacityPool, MigPartitionProfile, MlPlatform, PoolQuota,
  PriorityTier, PriorityTiers, Quantity, ReclaimPolicy, Scheduler, TaintEffect, TeamNamespace, TeamPreemptionPolicy, VolcanoQueuePlugin,
} from '../../lib';
import { crdsAvailable, getValidator } from '../conformance/crd-validator';
import { awsPlatform, gcpPlatform, kubernetesOf, terraformOf } from '../support/platforms';
import { webhookProblems } from '../support/webhook-rules';

// ---------------------------------------------------------------------------------------------------------------
// Declarations
// ---------------------------------------------------------------------------------------------------------------

type PoolDecl =
  | { kind: 'l4'; maxNodes: number; timeSlicing?: number }
  | { kind: 'h100'; maxNodes: number }
  | { kind: 'a100'; maxNodes: number }
  | { kind: 'a100-mig'; maxNodes: number; profile: string }
  | { kind: 'general'; cpu: number; memoryGi: number; gpus?: number; tainted: boolean };

/** An amount: a percentage of what the pool has of the resource (the usual case), or a raw string (often wrong). */
type AmountDecl = { pct: number } | { raw: string };
/** A resource of the pool (an index into its resources) or one it does not provide. */
type EntryDecl = { resource: number | 'unprovided'; amount: AmountDecl };

interface QuotaDecl {
  readonly pool: number;
  readonly guaranteed: EntryDecl[];
  readonly borrowingLimit?: EntryDecl[];
  readonly lendingLimit?: EntryDecl[];
}

interface TeamDecl {
  readonly name: string;
  readonly twoNamespaces: boolean;
  readonly quotas: QuotaDecl[];
  readonly sharesCapacity: boolean;
  readonly department?: number;
  readonly fairShareWeight?: number;
  readonly tiers?: string[];
  readonly preemption?: { reclaim: ReclaimPolicy; borrow: BorrowPreemptionPolicy; within: TeamPreemptionPolicy; maxTier?: string };
  /** Limits are dropped from a team that does not share, unless this is set (then the library must refuse them). */
  readonly limitsEvenIfNotSharing: boolean;
}

interface PlatformDecl {
  readonly cloud: 'aws' | 'gcp';
  readonly scheduler:
    | { kind: 'kueue'; fairSharing: boolean; allOrNothing: boolean }
    | { kind: 'volcano'; plugin?: VolcanoQueuePlugin };
  readonly pools: PoolDecl[];
  readonly departments: { name: string; weight?: number }[];
  readonly tiers?: 'standard' | 'custom';
  readonly tiersFirst: boolean;
  readonly teams: TeamDecl[];
}

const CUSTOM_TIERS: PriorityTier[] = [
  { name: 'urgent', value: 5000, interruptible: false },
  { name: 'scavenger', value: 10, preemptsLowerTiers: false, interruptible: true },
];
const TIER_NAMES = { standard: ['production-critical', 'training', 'interactive', 'batch'], custom: CUSTOM_TIERS.map((t) => t.name) };

// fc.option's `freq` is the odds of the nil value (1 in freq): use `mostly(fc.constant(undefined), x)` for rarely-set options.

/** Mostly `usual`, sometimes `unusual` (a mistake the library must refuse, or a rare shape). */
const mostly = <T>(usual: fc.Arbitrary<T>, unusual: fc.Arbitrary<T>, odds = 12): fc.Arbitrary<T> =>
  fc.oneof({ weight: odds, arbitrary: usual }, { weight: 1, arbitrary: unusual });

const poolDecl: fc.Arbitrary<PoolDecl> = fc.oneof(
  fc.record({ kind: fc.constant('l4' as const), maxNodes: fc.integer({ min: 1, max: 4 }), timeSlicing: fc.option(fc.integer({ min: 2, max: 4 }), { nil: undefined, freq: 2 }) }),
  fc.record({ kind: fc.constant('h100' as const), maxNodes: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('a100' as const), maxNodes: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ kind: fc.constant('a100-mig' as const), maxNodes: fc.integer({ min: 1, max: 2 }), profile: fc.constantFrom('1g.5gb', '2g.10gb', '3g.20gb') }),
  fc.record({
    kind: fc.constant('general' as const),
    cpu: fc.integer({ min: 1, max: 256 }),
    memoryGi: fc.integer({ min: 1, max: 1024 }),
    gpus: mostly(fc.constant(undefined), fc.integer({ min: 1, max: 8 }), 3),
    tainted: fc.boolean(),
  }),
);

const amount: fc.Arbitrary<AmountDecl> = mostly<AmountDecl>(
  fc.integer({ min: 0, max: 70 }).map((pct) => ({ pct })),
  fc.constantFrom('0', '1', '2', '500m', '1.5', '-1', '64Gi', '1e3', 'lots').map((raw) => ({ raw })),
);
const resourcePick = mostly<number | 'unprovided'>(fc.nat(5), fc.constant('unprovided' as const), 50);
const entry = fc.record({ resource: resourcePick, amount });
/** A lending limit: a percentage of the declared guarantee of the resource (over 100: more than guaranteed), or a raw string. */
const lendingEntry = fc.record({ resource: resourcePick, amount: mostly(fc.integer({ min: 0, max: 110 }).map((pct) => ({ pct })), amount, 25) });

/** Fair-share weights: mostly valid for both schedulers, some valid for Kueue only (0, fractions), a few valid for neither. */
const weight: fc.Arbitrary<number> = mostly(
  fc.constantFrom(1, 2, 3, 100, 65535),
  fc.constantFrom(0, 0.5, 1.5e-9, 70000, -1, 1e-10),
  15,
);

/**
 * Kueue preemption: usually a consistent one (preempting while borrowing only without fair sharing, up to a declared
 * tier), sometimes any combination.
 */
function preemptionFor(fairSharing: boolean, tiers: string[]): fc.Arbitrary<TeamDecl['preemption']> {
  const within = fc.constantFrom(...Object.values(TeamPreemptionPolicy));
  const consistent = fc.record({
    reclaim: fc.constantFrom(ReclaimPolicy.ANY, ReclaimPolicy.LOWER_PRIORITY),
    borrow: fc.constant(BorrowPreemptionPolicy.NEVER),
    within,
  });
  const borrowing = fc.record({
    reclaim: fc.constantFrom(ReclaimPolicy.ANY, ReclaimPolicy.LOWER_PRIORITY),
    borrow: fc.constant(BorrowPreemptionPolicy.LOWER_PRIORITY),
    within,
    maxTier: fc.option(fc.constantFrom(...tiers, 'no-such-tier'), { nil: undefined, freq: 2 }),
  }, { requiredKeys: ['reclaim', 'borrow', 'within'] });
  const any = fc.record({
    reclaim: fc.constantFrom(...Object.values(ReclaimPolicy)),
    borrow: fc.constantFrom(...Object.values(BorrowPreemptionPolicy)),
    within,
    maxTier: fc.option(fc.constantFrom(...tiers, 'no-such-tier'), { nil: undefined }),
  }, { requiredKeys: ['reclaim', 'borrow', 'within'] });
  return fairSharing
    ? fc.oneof({ weight: 6, arbitrary: consistent }, { weight: 1, arbitrary: any })
    : fc.oneof({ weight: 6, arbitrary: consistent }, { weight: 4, arbitrary: borrowing }, { weight: 1, arbitrary: any });
}

interface Frame {
  readonly cloud: 'aws' | 'gcp';
  readonly scheduler: PlatformDecl['scheduler'];
  readonly pools: PoolDecl[];
  readonly tiers?: 'standard' | 'custom';
}

const frame: fc.Arbitrary<Frame> = fc.record({
  cloud: fc.constantFrom('aws' as const, 'gcp' as const),
  scheduler: fc.oneof(
    fc.record({ kind: fc.constant('kueue' as const), fairSharing: fc.boolean(), allOrNothing: fc.boolean() }),
    fc.record({ kind: fc.constant('volcano' as const), plugin: fc.constantFrom(undefined, VolcanoQueuePlugin.CAPACITY, VolcanoQueuePlugin.PROPORTION) }),
  ),
  pools: fc.uniqueArray(poolDecl, { minLength: 1, maxLength: 4, selector: (p) => p.kind }),
  tiers: fc.option(fc.constantFrom('standard' as const, 'custom' as const), { nil: undefined }),
}, { requiredKeys: ['cloud', 'scheduler', 'pools'] });

/** Teams, departments and tiers fitting the frame most of the time (settings of the other scheduler, unknown tiers: rarely). */
function rest(f: Frame): fc.Arbitrary<PlatformDecl> {
  const kueue = f.scheduler.kind === 'kueue';
  const nested = kueue || f.scheduler.plugin !== VolcanoQueuePlugin.PROPORTION;
  // Kueue takes weights only with fair sharing: without it, a weight is a (rare) mistake.
  const optionalWeight = kueue && !f.scheduler.fairSharing ? mostly(fc.constant(undefined), weight, 25) : fc.option(weight, { nil: undefined, freq: 2 });
  const department = fc.record({ name: fc.constantFrom('research', 'applied'), weight: optionalWeight });
  const departments = fc.uniqueArray(department, { maxLength: 2, selector: (d) => d.name });
  const declared = f.tiers ? TIER_NAMES[f.tiers] : [];
  const quota: fc.Arbitrary<QuotaDecl> = fc.record({
    pool: mostly(fc.nat(f.pools.length - 1), fc.nat(8), 30),
    guaranteed: fc.array(entry, { maxLength: 3 }),
    borrowingLimit: fc.option(fc.array(entry, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 }),
    lendingLimit: fc.option(fc.array(lendingEntry, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 }),
  }, { requiredKeys: ['pool', 'guaranteed'] });
  const team: fc.Arbitrary<TeamDecl> = fc.record({
    name: mostly(fc.constantFrom('vision', 'nlp', 'recsys', 'serving', 'notebooks'), fc.constant('research'), 60),
    twoNamespaces: fc.boolean(),
    quotas: fc.uniqueArray(quota, { maxLength: 3, selector: (q) => q.pool }),
    sharesCapacity: mostly(fc.constant(true), fc.constant(false), 4),
    department: fc.option(fc.nat(1), { nil: undefined, freq: 2 }),
    fairShareWeight: optionalWeight,
    tiers: fc.option(fc.subarray(declared, { maxLength: Math.min(3, declared.length) }), { nil: undefined, freq: 3 }),
    preemption: mostly(fc.constant(undefined), preemptionFor(kueue && f.scheduler.fairSharing, declared), kueue ? 1 : 40),
    limitsEvenIfNotSharing: mostly(fc.constant(false), fc.constant(true), 9),
  }, { requiredKeys: ['name', 'twoNamespaces', 'quotas', 'sharesCapacity', 'limitsEvenIfNotSharing'] });
  return fc.record({
    departments: nested ? departments : mostly<PlatformDecl['departments']>(fc.constant([]), departments, 15),
    tiersFirst: fc.boolean(),
    teams: fc.uniqueArray(team, { minLength: 1, maxLength: 4, selector: (t) => t.name }),
    unknownTier: mostly(fc.constant(false), fc.constant(true), 25),
  }).map(({ unknownTier, ...r }) => ({
    ...f,
    ...r,
    // Now and then a team names a tier the platform does not declare.
    teams: unknownTier ? r.teams.map((t, i) => (i === 0 ? { ...t, tiers: [...(t.tiers ?? []), 'no-such-tier'] } : t)) : r.teams,
  }));
}

const platformDecl: fc.Arbitrary<PlatformDecl> = frame.chain(rest);

// ---------------------------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------------------------

const ZERO = Quantity.of(0);
const q = (value: unknown) => Quantity.parse(String(value));
const add = (m: Map<string, Quantity>, key: string, value: Quantity) => m.set(key, (m.get(key) ?? ZERO).plus(value));

function createPool(p: MlPlatform, d: PoolDecl): ICapacityPool {
  const aws = p.cloud.provider === 'aws';
  switch (d.kind) {
    case 'l4':
      return new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: d.maxNodes, sharing: d.timeSlicing ? GpuSharing.timeSlicing(d.timeSlicing) : undefined });
    case 'h100':
      return new GpuNodePool(p, 'h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: d.maxNodes });
    case 'a100':
      return new GpuNodePool(p, 'a100', { gpu: GpuModel.A100_40GB, gpusPerNode: aws ? 8 : 1, maxNodes: d.maxNodes });
    case 'a100-mig': {
      const mig = new MigPartitionProfile(p, 'mig', { gpu: GpuModel.A100_40GB, profile: d.profile });
      return new GpuNodePool(p, 'a100-mig', { gpu: GpuModel.A100_40GB, gpusPerNode: aws ? 8 : 1, maxNodes: d.maxNodes, mig });
    }
    case 'general':
      return new ExternalNodePool(p, 'general', {
        nodeLabels: aws ? { 'eks.amazonaws.com/nodegroup': 'general' } : { 'cloud.google.com/gke-nodepool': 'general' },
        taints: d.tainted ? [{ key: 'workload', value: 'cpu', effect: TaintEffect.NO_SCHEDULE }] : undefined,
        resources: { cpu: String(d.cpu), memory: `${d.memoryGi}Gi`, ...(d.gpus ? { 'nvidia.com/gpu': String(d.gpus) } : {}) },
      });
  }
}

/** The text of an amount of `resource` on a pool that has `capacity` of it. */
function amountText(a: AmountDecl, resource: string, capacity: Quantity | undefined): string {
  if ('raw' in a) return a.raw;
  const cap = capacity ?? Quantity.of(4);
  if (cap.isNegative()) return cap.toString();
  if (resource === 'cpu') return `${Math.floor((cap.milliValue() * a.pct) / 100)}m`;
  if (resource === 'memory') return `${Math.floor(((cap.toNumber() / 2 ** 20) * a.pct) / 100)}Mi`;
  return String(Math.floor((cap.toNumber() * a.pct) / 100));
}

/**
 * The amounts of a quota map. Percentages are of the pool's capacity of the resource, or (lending limits, with
 * `base`) of the declared guarantee of the resource (0 when the guarantee is not declared).
 */
function amounts(entries: EntryDecl[] | undefined, pool: ICapacityPool, base?: { [resource: string]: string }): { [resource: string]: string } | undefined {
  if (entries === undefined) return undefined;
  const capacity = pool.capacityAtMaxSize();
  const out: { [resource: string]: string } = {};
  for (const e of entries) {
    const resource = e.resource === 'unprovided' ? 'example.com/fpga' : capacity[e.resource % capacity.length].resourceName;
    let of = capacity.find((c) => c.resourceName === resource)?.atMaxSize;
    if (base !== undefined) {
      const declared = base[resource];
      of = declared === undefined ? ZERO : refusedOrBuilt(() => Quantity.parse(declared)).value ?? ZERO;
    }
    out[resource] = amountText(e.amount, resource, of);
  }
  return out;
}

interface Built {
  readonly platform: MlPlatform;
  readonly pools: ICapacityPool[];
  readonly teams: { team: TeamNamespace; quotas: PoolQuota[]; decl: TeamDecl }[];
  readonly departments: Department[];
}

function build(d: PlatformDecl): Built {
  const scheduler = d.scheduler.kind === 'kueue'
    ? Scheduler.kueue({ fairSharing: d.scheduler.fairSharing, allOrNothing: d.scheduler.allOrNothing ? {} : undefined })
    : Scheduler.volcano({ queuePlugin: d.scheduler.plugin });
  const platform = d.cloud === 'aws' ? awsPlatform({ scheduler }) : gcpPlatform({ scheduler });
  const declareTiers = () => {
    if (d.tiers) new PriorityTiers(platform, 'tiers', d.tiers === 'custom' ? { tiers: CUSTOM_TIERS } : {});
  };
  if (d.tiersFirst) declareTiers();
  const pools = d.pools.map((p) => createPool(platform, p));
  const departments = d.departments.map((dep) => new Department(platform, dep.name, { fairShareWeight: dep.weight }));
  const teams = d.teams.map((t) => {
    const quotas: PoolQuota[] = t.quotas.map((q) => {
      const pool = pools[q.pool % pools.length];
      const guaranteed = amounts(q.guaranteed, pool);
      const limits = t.sharesCapacity || t.limitsEvenIfNotSharing;
      return {
        pool,
        guaranteed,
        borrowingLimit: limits ? amounts(q.borrowingLimit, pool) : undefined,
        lendingLimit: limits ? amounts(q.lendingLimit, pool, guaranteed ?? {}) : undefined,
      };
    });
    // Quota entries naming one pool twice are a user error the library reports: keep them.
    const team = new TeamNamespace(platform, t.name, {
      namespaces: t.twoNamespaces ? [t.name, `${t.name}-dev`] : undefined,
      quotas,
      sharesCapacity: t.sharesCapacity,
      department: t.department === undefined || departments.length === 0 ? undefined : departments[t.department % departments.length],
      fairShareWeight: t.fairShareWeight,
      tiers: t.tiers,
      preemption: t.preemption && {
        reclaimWithinCohort: t.preemption.reclaim,
        borrowWithinCohort: t.preemption.borrow,
        withinTeam: t.preemption.within,
        borrowWithinCohortMaxTier: t.preemption.maxTier,
      },
    });
    return { team, quotas, decl: t };
  });
  if (!d.tiersFirst) declareTiers();
  return { platform, pools, teams, departments };
}

// ---------------------------------------------------------------------------------------------------------------
// Checks on a synthesized platform
// ---------------------------------------------------------------------------------------------------------------


function capacityOf(pool: ICapacityPool, resource: string): Quantity {
  return pool.capacityAtMaxSize().find((c) => c.resourceName === resource)?.atMaxSize ?? ZERO;
}

/** Kueue: per flavor (pool) and resource, the ClusterQueues' nominalQuota adds up to at most the pool's capacity; declared amounts come back. */
function checkKueueAmounts(built: Built, objects: any[]): void {
  const clusterQueues = objects.filter((o) => o.kind === 'ClusterQueue');
  const totals = new Map<string, Quantity>();
  for (const cq of clusterQueues) {
    for (const group of cq.spec.resourceGroups) {
      for (const flavor of group.flavors) {
        for (const r of flavor.resources) add(totals, `${flavor.name}|${r.name}`, q(r.nominalQuota));
      }
    }
  }
  for (const [key, total] of totals) {
    const [flavorName, resource] = key.split('|');
    const pool = built.pools.find((p) => p.flavorName === flavorName);
    expect(pool).toBeDefined();
    const capacity = capacityOf(pool!, resource);
    if (total.compare(capacity) > 0) throw new Error(`teams are guaranteed ${total} ${resource} on ${flavorName}, which has ${capacity}`);
  }
  for (const { team, quotas, decl } of built.teams) {
    const cq = clusterQueues.find((o) => o.metadata.name === team.teamName);
    const withQuota = quotas.length > 0;
    expect(cq !== undefined).toBe(withQuota);
    if (!cq) continue;
    expect(cq.spec.cohortName).toBe(team.sharesCapacity ? (team.department?.departmentName ?? built.platform.platformName) : undefined);
    expect(cq.spec.resourceGroups[0].flavors.map((f: any) => f.name)).toEqual(quotas.map((x) => x.pool.flavorName));
    const maxTier = decl.preemption?.maxTier;
    const threshold = maxTier === undefined ? undefined : built.platform.priorityTiers!.tiers.find((t) => t.name === maxTier)!.value;
    expect(cq.spec.preemption.borrowWithinCohort).toEqual({ policy: decl.preemption?.borrow ?? 'Never', maxPriorityThreshold: threshold });
    for (const quota of quotas) {
      const flavor = cq.spec.resourceGroups[0].flavors.find((f: any) => f.name === quota.pool.flavorName);
      const resource = (name: string) => flavor.resources.find((r: any) => r.name === name);
      for (const [name, text] of Object.entries(quota.guaranteed ?? {})) expect(q(resource(name).nominalQuota).isEqualTo(q(text))).toBe(true);
      for (const [name, text] of Object.entries(quota.borrowingLimit ?? {})) expect(q(resource(name).borrowingLimit).isEqualTo(q(text))).toBe(true);
      for (const [name, text] of Object.entries(quota.lendingLimit ?? {})) expect(q(resource(name).lendingLimit).isEqualTo(q(text))).toBe(true);
      // What the team reports as guaranteed is what the queue says.
      for (const [name, text] of Object.entries(team.guaranteedOn(quota.pool))) expect(q(resource(name).nominalQuota).isEqualTo(q(text))).toBe(true);
    }
  }
}

/**
 * Volcano: a team's deserved is the sum of its guarantees over its pools (as declared), per pool those add up
 * to at most the pool's capacity, and over all pools to at most the pools' total.
 */
function checkVolcanoAmounts(built: Built, objects: any[]): void {
  const queues = objects.filter((o) => o.kind === 'Queue');
  const perPool = new Map<string, Quantity>();
  const deservedTotal = new Map<string, Quantity>();
  for (const { team, quotas } of built.teams) {
    const queue = queues.find((o) => o.metadata.name === team.teamName);
    expect(queue).toBeDefined();
    expect(queue.spec.parent).toBe(team.department?.departmentName);
    const expected = new Map<string, Quantity>();
    for (const quota of quotas) {
      const guaranteed = team.guaranteedOn(quota.pool);
      for (const [name, text] of Object.entries(quota.guaranteed ?? {})) expect(q(guaranteed[name]).isEqualTo(q(text))).toBe(true);
      for (const [name, text] of Object.entries(guaranteed)) {
        add(expected, name, q(text));
        add(perPool, `${quota.pool.poolName}|${name}`, q(text));
      }
    }
    const deserved = new Map(Object.entries(queue.spec.deserved ?? {}).map(([k, v]) => [k, q(v)]));
    for (const name of new Set([...expected.keys(), ...deserved.keys()])) {
      expect([name, (deserved.get(name) ?? ZERO).toString()]).toEqual([name, (expected.get(name) ?? ZERO).toString()]);
      add(deservedTotal, name, deserved.get(name) ?? ZERO);
    }
  }
  for (const [key, total] of perPool) {
    const [poolName, resource] = key.split('|');
    const capacity = capacityOf(built.pools.find((p) => p.poolName === poolName)!, resource);
    if (total.compare(capacity) > 0) throw new Error(`teams are guaranteed ${total} ${resource} on ${poolName}, which has ${capacity}`);
  }
  for (const [resource, total] of deservedTotal) {
    const capacity = Quantity.sum(built.pools.map((p) => capacityOf(p, resource)));
    if (total.compare(capacity) > 0) throw new Error(`the team queues deserve ${total} ${resource}, the pools have ${capacity}`);
  }
}

/** Runs `fn`; a ValidationError (with a string code) is an accepted outcome, returned; anything else fails the property. */
function refusedOrBuilt<T>(fn: () => T): { value?: T; code?: string } {
  try {
    return { value: fn() };
  } catch (e: any) {
    if (e?.name === 'ValidationError' && typeof e.code === 'string') return { code: e.code };
    throw new Error(`expected a ValidationError or success, got ${e?.name}: ${e?.stack ?? e}`);
  }
}

describe('teams and quotas on random platforms', () => {
  test('either a ValidationError, or output that conforms to the CRDs and the webhook rules and never promises more than the pools have', () => {
    const codes = new Map<string, number>();
    let synthesized = 0;
    let kueue = 0;
    let volcano = 0;
    fc.assert(fc.property(platformDecl, (decl) => {
      const outcome = refusedOrBuilt(() => {
        const built = build(decl);
        const objects = kubernetesOf(built.platform);
        terraformOf(built.platform);
        return { built, objects };
      });
      if (outcome.code) {
        codes.set(outcome.code, (codes.get(outcome.code) ?? 0) + 1);
        return;
      }
      const { built, objects } = outcome.value!;
      synthesized++;
      if (crdsAvailable()) expect(getValidator().validateAll(objects)).toEqual([]);
      expect(webhookProblems(objects)).toEqual([]);
      const plain = JSON.parse(JSON.stringify(objects));
      expect(parseYaml(stringifyYaml(plain))).toEqual(plain);
      if (built.platform.scheduler.kind === 'kueue') {
        kueue++;
        checkKueueAmounts(built, objects);
      } else {
        volcano++;
        checkVolcanoAmounts(built, objects);
      }
    }), { numRuns: 100, seed: 20261122 });
    // The generator reaches both outcomes and both schedulers.
    expect(synthesized).toBeGreaterThanOrEqual(25);
    expect(kueue).toBeGreaterThanOrEqual(8);
    expect(volcano).toBeGreaterThanOrEqual(8);
    expect(codes.get('QUOTA_EXCEEDS_CAPACITY') ?? 0).toBeGreaterThan(0);
    expect(codes.size).toBeGreaterThanOrEqual(4);
  });

  test('one team may be guaranteed every device of a pool: the CPU and memory that come with them fit the nodes', () => {
    fc.assert(fc.property(
      fc.constantFrom('aws' as const, 'gcp' as const),
      fc.constantFrom('kueue' as const, 'volcano' as const),
      poolDecl.filter((p) => p.kind !== 'general'),
      (cloud, schedulerKind, poolD) => {
        const scheduler = schedulerKind === 'kueue' ? Scheduler.kueue() : Scheduler.volcano();
        const platform = cloud === 'aws' ? awsPlatform({ scheduler }) : gcpPlatform({ scheduler });
        const made = refusedOrBuilt(() => createPool(platform, poolD));
        if (!made.value) return; // a GPU shape the cloud does not offer
        const pool = made.value;
        const devices = pool.capacityAtMaxSize().filter((c) => c.resourceName !== 'cpu' && c.resourceName !== 'memory');
        const guaranteed = Object.fromEntries(devices.map((c) => [c.resourceName, c.atMaxSize.toString()]));
        const team = new TeamNamespace(platform, 'everything', { quotas: [{ pool, guaranteed }] });
        const objects = kubernetesOf(platform);
        terraformOf(platform);
        expect(webhookProblems(objects)).toEqual([]);
        for (const c of pool.capacityAtMaxSize()) {
          expect(q(team.guaranteedOn(pool)[c.resourceName]).compare(c.atMaxSize)).toBeLessThanOrEqual(0);
        }
      },
    ), { numRuns: 30, seed: 20261123 });
  });
});

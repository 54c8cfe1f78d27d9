import { IConstruct } from 'constructs';
import { ICapacityPool, isCapacityPool } from '../compute/capacity-pool';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertBoolean, assertObject, assertStringMap } from '../core/guards';
import { ResourceNames } from '../core/labels';
import { constructPathOrType } from '../core/names';
import { compareResourceNames } from '../core/order';
import { Quantity } from '../core/quantity';
import { CapacityPoolModel, FlavorQuota, PoolResourceCapacity, ResourceAmounts } from '../model/types';

/**
 * A team's quota on one pool (one Kueue flavor), per resource, in Kubernetes quantities. Resources are
 * the names the pool provides: `cpu`, `memory`, `nvidia.com/gpu`, `nvidia.com/mig-1g.10gb`, ...
 *
 * On GPU pools, `cpu` and `memory` left out of a map come with the GPU devices in it: the node's CPU and
 * memory split by GPU share (4 of a p4d's 8 GPUs bring 48 CPUs and 576Gi).
 */
export interface PoolQuota {
  /** The pool (a GpuNodePool or an ExternalNodePool of the same platform). */
  readonly pool: ICapacityPool;
  /**
   * Guaranteed amounts (Kueue `nominalQuota`, Volcano `deserved`): always available to the team, reclaimed
   * from borrowers when the team needs them.
   * @default - nothing guaranteed: the team only borrows on this pool
   */
  readonly guaranteed?: { [resourceName: string]: string };
  /**
   * How much more than guaranteed the team may borrow from idle quota of other teams (Kueue `borrowingLimit`;
   * Volcano `capability` = guaranteed + this). Needs the team to share capacity.
   * @default - no limit: up to all idle quota of the cohort
   */
  readonly borrowingLimit?: { [resourceName: string]: string };
  /**
   * How much of the guaranteed amount other teams may borrow while the team does not use it (Kueue
   * `lendingLimit`; Volcano `guarantee` = guaranteed - this, never lent). At most the guaranteed amount.
   * @default - all of it
   */
  readonly lendingLimit?: { [resourceName: string]: string };
  /**
   * Accept that a guarantee on spot-only capacity (a spot pool, or a spot fleet without on-demand fallback) may not
   * be met: the cloud can take every spot node at once and give none back. Without it such a guarantee is refused
   * (`SPOT_GUARANTEE_ON_SPOT_ONLY`); with it the team gets a warning (`TeamNamespace.warnings`, and the
   * `ml-platform-cdk.io/spot-guarantee-risk-accepted` annotation on its ClusterQueue). Only work of interruptible tiers
   * is ever admitted on spot capacity.
   * @default false
   */
  readonly acceptSpotGuaranteeRisk?: boolean;
}

type Limit = 'guaranteed' | 'borrowingLimit' | 'lendingLimit';
const CPU_MEMORY: string[] = [ResourceNames.CPU, ResourceNames.MEMORY];

/** A team's quota on one pool, with the pool construct it names. */
export interface ResolvedPoolQuota {
  readonly pool: ICapacityPool;
  readonly flavor: FlavorQuota;
}

/**
 * Resolves a team's pool quotas: checks pools, resource names and amounts, derives CPU and memory that come
 * with GPU devices, and returns one entry per pool in the order given (Kueue's flavor preference order).
 * @param inCohort whether the team shares capacity (borrowing and lending limits need a cohort)
 * @param modelOf the pool's model in the team's platform; undefined when the pool belongs to another platform
 */
export function resolvePoolQuotas(
  team: IConstruct, quotas: PoolQuota[], inCohort: boolean, modelOf: (pool: ICapacityPool) => CapacityPoolModel | undefined,
): ResolvedPoolQuota[] {
  if (!Array.isArray(quotas)) {
    throw new ValidationError(ErrorCode.QUOTA_POOL_INVALID, {
      message: '`quotas` must be a list of pool quotas.',
      received: quotas,
      fix: 'Pass an array, e.g. quotas: [{ pool, guaranteed: { "nvidia.com/gpu": "4" } }].',
    }, team);
  }
  const seen = new Set<string>();
  return quotas.map((quota, index) => {
    assertObject(quota, { scope: team, code: ErrorCode.QUOTA_POOL_INVALID, what: `\`quotas[${index}]\``, fix: 'Pass { pool, guaranteed, borrowingLimit, lendingLimit }.' });
    const pool = quota.pool as ICapacityPool;
    const model = isCapacityPool(pool) ? modelOf(pool) : undefined;
    if (!model) {
      throw new ValidationError(ErrorCode.QUOTA_POOL_INVALID, {
        message: `quotas[${index}].pool is not a pool of this team's platform (or it is one of a spot fleet's own pools).`,
        received: constructPathOrType(pool),
        fix: 'Pass a GpuNodePool, ExternalNodePool or SpotFleet created under the same MlPlatform (for a fleet\'s pools, the fleet itself).',
      }, team);
    }
    if (seen.has(pool.poolName)) {
      throw new ValidationError(ErrorCode.DUPLICATE_NAME, {
        message: `Pool ${pool.poolName} appears twice in the team's quotas.`,
        received: pool.poolName,
        fix: 'Give each pool one quota entry with all its resources.',
      }, team);
    }
    seen.add(pool.poolName);
    for (const limit of ['guaranteed', 'borrowingLimit', 'lendingLimit'] as const) {
      if (quota[limit] !== undefined) {
        assertStringMap(quota[limit], { scope: team, code: ErrorCode.QUOTA_INVALID, what: `\`quotas[${index}].${limit}\``,
          fix: 'Pass a map of resource names to quantities, e.g. { "nvidia.com/gpu": "4" }.' });
      }
    }
    const capacity = model.capacityByResource;
    if (!inCohort && (hasEntries(quota.borrowingLimit) || hasEntries(quota.lendingLimit))) {
      throw new ValidationError(ErrorCode.QUOTA_LIMIT_WITHOUT_COHORT, {
        message: `The team does not share capacity, so it neither borrows nor lends: borrowing and lending limits on ${pool.poolName} would mean nothing.`,
        received: { borrowingLimit: quota.borrowingLimit, lendingLimit: quota.lendingLimit },
        fix: 'Remove the limits, or let the team share capacity (sharesCapacity: true, the default).',
      }, team);
    }
    // CPU and memory come with the devices only where the guarantee itself left them to the devices:
    // a limit derived from devices must not contradict an explicit guarantee.
    const derivable = CPU_MEMORY.filter((n) => !Object.prototype.hasOwnProperty.call(quota.guaranteed ?? {}, n));
    const amounts = {
      guaranteed: parseAmounts(team, pool, capacity, quota.guaranteed, 'guaranteed', derivable),
      borrowingLimit: parseAmounts(team, pool, capacity, quota.borrowingLimit, 'borrowingLimit', derivable),
      lendingLimit: parseAmounts(team, pool, capacity, quota.lendingLimit, 'lendingLimit', derivable),
    };
    const resources = new Map<string, ResourceAmounts>();
    // Devices first: when CPU and memory limits are derived from devices, the device is what to report.
    const devicesFirst = (a: string, b: string) => Number(CPU_MEMORY.includes(a)) - Number(CPU_MEMORY.includes(b)) || compareResourceNames(a, b);
    for (const name of [...capacity.keys()].sort(devicesFirst)) {
      const nominal = amounts.guaranteed.get(name) ?? Quantity.of(0);
      const lendingLimit = amounts.lendingLimit.get(name);
      if (lendingLimit && lendingLimit.compare(nominal) > 0) {
        throw new ValidationError(ErrorCode.QUOTA_LENDING_EXCEEDS_NOMINAL, {
          message: `The team cannot lend more ${name} on ${pool.poolName} than it is guaranteed.`,
          received: { guaranteed: nominal.toString(), lendingLimit: lendingLimit.toString() },
          fix: `Lower lendingLimit of ${name} to at most ${nominal.toString()}, or raise the guarantee.`,
        }, team);
      }
      resources.set(name, { nominal, borrowingLimit: amounts.borrowingLimit.get(name), lendingLimit });
    }
    const cpu = resources.get(ResourceNames.CPU)?.nominal;
    const memory = resources.get(ResourceNames.MEMORY)?.nominal;
    if (!inCohort && cpu && memory && cpu.isZero() !== memory.isZero()) {
      throw new ValidationError(ErrorCode.QUOTA_INVALID, {
        message: `The team does not share capacity, so on ${pool.poolName} it can use only what it is guaranteed: `
          + `${cpu.isZero() ? 'memory' : 'CPU'} without ${cpu.isZero() ? 'CPU' : 'memory'} runs no pod.`,
        received: { cpu: cpu.toString(), memory: memory.toString() },
        fix: 'Guarantee both cpu and memory on the pool (or GPU devices, which bring both), or let the team share capacity.',
      }, team);
    }
    const ordered = new Map([...resources.keys()].sort(compareResourceNames).map((name) => [name, resources.get(name)!]));
    const accepted = quota.acceptSpotGuaranteeRisk ?? false;
    assertBoolean(accepted, { scope: team, code: ErrorCode.QUOTA_INVALID, what: `\`quotas[${index}].acceptSpotGuaranteeRisk\``,
      fix: 'Write acceptSpotGuaranteeRisk: true (a boolean), or leave it out.' });
    const guaranteed = [...ordered.entries()].filter(([, a]) => !a.nominal.isZero());
    if (model.spotOnly && guaranteed.length > 0 && !accepted) {
      throw new ValidationError(ErrorCode.SPOT_GUARANTEE_ON_SPOT_ONLY, {
        message: `${pool.poolName} is spot capacity with no on-demand fallback: the cloud can reclaim every node at once, so a guarantee there is `
          + 'one the platform cannot keep.',
        received: Object.fromEntries(guaranteed.map(([name, a]) => [name, a.nominal.toString()])),
        allowed: 'no guaranteed amount on spot-only capacity, unless acceptSpotGuaranteeRisk is true',
        fix: 'Guarantee on-demand or reserved capacity instead (or a SpotFleet with an on-demand fallback), borrow spot capacity, '
          + 'or set acceptSpotGuaranteeRisk: true on this quota to keep the guarantee with a warning.',
      }, team);
    }
    const spot = model.spotOnly === true || (model.classificationTaints?.length ?? 0) > 0;
    const spotGuaranteeRiskAccepted = spot && guaranteed.length > 0 && accepted;
    return { pool, flavor: { pool: pool.poolName, capacity, resources: ordered, ...(spotGuaranteeRiskAccepted ? { spotGuaranteeRiskAccepted } : {}) } };
  });
}

function hasEntries(map: { [k: string]: string } | undefined): boolean {
  return map !== undefined && Object.keys(map).length > 0;
}

/** Parses one map of amounts and adds the CPU and memory that come with the GPU devices in it. */
function parseAmounts(
  team: IConstruct, pool: ICapacityPool, capacity: ReadonlyMap<string, PoolResourceCapacity>, map: { [k: string]: string } | undefined, what: Limit,
  derivable: string[],
): Map<string, Quantity> {
  const parsed = new Map<string, Quantity>();
  if (map !== undefined) {
    assertStringMap(map, { scope: team, code: ErrorCode.QUOTA_INVALID, what: `\`${what}\` on ${pool.poolName}`, fix: 'Pass a map of resource names to quantities, e.g. { "nvidia.com/gpu": "4" }.' });
  }
  for (const name of Object.keys(map ?? {}).sort(compareResourceNames)) {
    const cap = capacity.get(name);
    if (!cap) {
      throw new ValidationError(ErrorCode.QUOTA_RESOURCE_NOT_PROVIDED, {
        message: `Pool ${pool.poolName} does not provide ${name}, so a ${what} of it could never be used.`,
        received: name,
        allowed: [...capacity.keys()].join(', '),
        fix: 'Name a resource the pool\'s nodes advertise (MIG pools advertise nvidia.com/mig-<profile> under the mixed strategy), or choose another pool.',
      }, team);
    }
    const amount = Quantity.parse(map![name], team, `${what} of ${name} on ${pool.poolName}`);
    const device = !CPU_MEMORY.includes(name);
    if (amount.isNegative()) {
      throw new ValidationError(ErrorCode.QUOTA_INVALID, {
        message: `The ${what} of ${name} on ${pool.poolName} must be zero or more.`,
        received: map![name],
        fix: device ? 'Use a whole number of devices, e.g. "4".' : 'Use a non-negative quantity.',
      }, team);
    }
    if (device && !Number.isInteger(amount.toNumber())) {
      throw new ValidationError(ErrorCode.QUOTA_INVALID, {
        message: `The ${what} of ${name} on ${pool.poolName} must be a whole number: devices are not divisible.`,
        received: map![name],
        fix: 'Use a whole number of devices, e.g. "4".',
      }, team);
    }
    parsed.set(name, amount);
  }
  for (const [name, perUnit] of [[ResourceNames.CPU, 'cpuPerUnit'], [ResourceNames.MEMORY, 'memoryPerUnit']] as const) {
    if (parsed.has(name) || !capacity.has(name) || !derivable.includes(name)) continue;
    const derived = [...parsed.entries()]
      .map(([resource, amount]) => capacity.get(resource)?.[perUnit]?.times(amount.toNumber()))
      .filter((q): q is Quantity => q !== undefined);
    if (derived.length > 0) parsed.set(name, Quantity.sum(derived));
  }
  return parsed;
}

/** The resources a team's queue covers: every resource of its pools, cpu and memory first. */
export function coveredResources(flavors: readonly FlavorQuota[]): string[] {
  return [...new Set(flavors.flatMap((f) => [...f.resources.keys()]))].sort(compareResourceNames);
}

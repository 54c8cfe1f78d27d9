import { IConstruct } from 'constructs';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertArray, assertBoolean, assertNumber, assertObject, assertString, Check } from '../core/guards';

/** Hours in a month of the estimate: 8,760 hours a year over 12 months, as the clouds' calculators and Infracost count. */
export const HOURS_PER_MONTH = 730;

/** The expected utilization when none is given: a round middle, to be replaced by what you measure. */
export const DEFAULT_EXPECTED_UTILIZATION = 0.5;

/** Assumptions of the cost estimate for one pool or spot fleet, overriding the platform's. */
export interface PoolCostOptions {
  /** The pool's name (as `GpuNodePool.poolName`), or a spot fleet's (`SpotFleet.poolName`; not one of its own pools). */
  readonly pool: string;
  /**
   * Expected utilization of this pool (0 to 1).
   * @default - the platform's `expectedUtilization`
   */
  readonly expectedUtilization?: number;
  /**
   * Hours a day this pool's load runs (0 to 24).
   * @default - the platform's `activeHoursPerDay`
   */
  readonly activeHoursPerDay?: number;
}

/**
 * The assumptions a cost estimate states. The floor (min nodes) and the ceiling (max nodes, all month) need
 * none; the expected figure does: how much of each pool above its floor runs, and for how many hours a day.
 */
export interface CostOptions {
  /**
   * Expected utilization (0 to 1): the average share of each pool's nodes above its minimum that run while
   * load is present, and the average share of board power a running GPU draws (for energy). Expected nodes
   * = minNodes + utilization x (maxNodes - minNodes) x activeHoursPerDay / 24.
   * @default 0.5 - a round middle; state what you measure
   */
  readonly expectedUtilization?: number;
  /**
   * Hours a day the load runs (0 to 24): outside them only each pool's minimum runs (e.g. 10 for work
   * hours on weekdays and nights scaled down).
   * @default 24
   */
  readonly activeHoursPerDay?: number;
  /**
   * Datacenter overhead, power usage effectiveness (at least 1), for energy and CO2.
   * @default - the catalog's figure for the cloud and region (cloud-carbon-footprint: AWS 1.135, GCP 1.1, us-central1 1.11)
   */
  readonly powerUsageEffectiveness?: number;
  /**
   * Per-pool assumptions, overriding the ones above for the pools they name.
   * @default - every pool uses the platform's assumptions
   */
  readonly pools?: PoolCostOptions[];
}

/** What the platform prints and writes about cost when its cluster layer is synthesized. */
export interface CostReportOptions {
  /**
   * Print the estimate's summary table to standard output at synth.
   * @default - true, unless the environment variable `ML_PLATFORM_COST_REPORT` is `off` or `files`
   */
  readonly printSummary?: boolean;
  /**
   * Write `<platform>.report.html` and `<platform>.report.md` into the cdk8s app's output directory at synth.
   * @default - true, unless the environment variable `ML_PLATFORM_COST_REPORT` is `off` or `summary`
   */
  readonly writeReports?: boolean;
}

/** Assumptions with every default applied (per-pool overrides by pool name). */
export interface ResolvedCostOptions {
  readonly expectedUtilization: number;
  readonly activeHoursPerDay: number;
  readonly powerUsageEffectiveness?: number;
  readonly pools: ReadonlyMap<string, PoolCostOptions>;
}

const FIX_UTILIZATION = 'Give a share between 0 and 1, e.g. 0.6 for 60%.';
const FIX_HOURS = 'Give hours a day between 0 and 24, e.g. 10 for work hours.';

function utilization(value: unknown, check: Check): number {
  assertNumber(value, check, { min: 0, max: 1 });
  return value;
}

function hours(value: unknown, check: Check): number {
  assertNumber(value, check, { min: 0, max: 24 });
  return value;
}

/**
 * Checks cost options at the public boundary (wrong types, NaN, values out of range are coded errors naming the prop)
 * and applies the defaults. Pool names are checked against the platform's pools when the estimate is made.
 * @param scope the construct reported in errors
 * @param options the options as given
 * @param what how the options are named in messages, e.g. "`cost`"
 */
export function resolveCostOptions(scope: IConstruct | undefined, options: CostOptions | undefined, what: string): ResolvedCostOptions {
  const check = (code: ErrorCode, prop: string, fix: string): Check => ({ scope, code, what: `${what}.${prop}`, fix });
  if (options === undefined) return { expectedUtilization: DEFAULT_EXPECTED_UTILIZATION, activeHoursPerDay: 24, pools: new Map() };
  assertObject(options, { scope, code: ErrorCode.COST_OPTIONS_INVALID, what, fix: 'Pass e.g. { expectedUtilization: 0.6 }, or leave it out.' });
  const expected = options.expectedUtilization === undefined ? DEFAULT_EXPECTED_UTILIZATION
    : utilization(options.expectedUtilization, check(ErrorCode.COST_UTILIZATION_INVALID, 'expectedUtilization', FIX_UTILIZATION));
  const active = options.activeHoursPerDay === undefined ? 24
    : hours(options.activeHoursPerDay, check(ErrorCode.COST_HOURS_INVALID, 'activeHoursPerDay', FIX_HOURS));
  if (options.powerUsageEffectiveness !== undefined) {
    assertNumber(options.powerUsageEffectiveness, check(ErrorCode.COST_PUE_INVALID, 'powerUsageEffectiveness',
      'Give a ratio of at least 1 (facility energy over IT energy), e.g. 1.2, or leave it out for the catalog\'s figure.'), { min: 1, max: 10 });
  }
  const pools = new Map<string, PoolCostOptions>();
  if (options.pools !== undefined) {
    const listCheck = check(ErrorCode.COST_OPTIONS_INVALID, 'pools', 'Pass a list such as [{ pool: "l4-inference", expectedUtilization: 0.8 }].');
    assertArray(options.pools, listCheck, (item, i) => {
      const at = `pools[${i}]`;
      assertObject(item, check(ErrorCode.COST_OPTIONS_INVALID, at, 'Pass { pool, expectedUtilization?, activeHoursPerDay? }.'));
      const entry = item as unknown as PoolCostOptions;
      assertString(entry.pool, check(ErrorCode.COST_OPTIONS_INVALID, `${at}.pool`, 'Name the pool, e.g. "l4-inference".'));
      if (pools.has(entry.pool)) {
        throw new ValidationError(ErrorCode.COST_OPTIONS_INVALID, {
          message: `${what}.pools names pool ${entry.pool} twice.`,
          received: entry.pool,
          fix: `Give ${entry.pool} one entry with all its assumptions.`,
        }, scope);
      }
      pools.set(entry.pool, {
        pool: entry.pool,
        ...(entry.expectedUtilization !== undefined
          ? { expectedUtilization: utilization(entry.expectedUtilization, check(ErrorCode.COST_UTILIZATION_INVALID, `${at}.expectedUtilization`, FIX_UTILIZATION)) } : {}),
        ...(entry.activeHoursPerDay !== undefined
          ? { activeHoursPerDay: hours(entry.activeHoursPerDay, check(ErrorCode.COST_HOURS_INVALID, `${at}.activeHoursPerDay`, FIX_HOURS)) } : {}),
      });
    });
  }
  return {
    expectedUtilization: expected,
    activeHoursPerDay: active,
    ...(options.powerUsageEffectiveness !== undefined ? { powerUsageEffectiveness: options.powerUsageEffectiveness } : {}),
    pools,
  };
}

/**
 * The platform's options with those given to `estimate()` on top (field by field; pool entries replace the
 * platform's entry for the same pool).
 */
export function mergeCostOptions(base: ResolvedCostOptions, override: ResolvedCostOptions, given: CostOptions): ResolvedCostOptions {
  const pools = new Map(base.pools);
  for (const [name, entry] of override.pools) pools.set(name, entry);
  const pue = given.powerUsageEffectiveness ?? base.powerUsageEffectiveness;
  return {
    expectedUtilization: given.expectedUtilization !== undefined ? override.expectedUtilization : base.expectedUtilization,
    activeHoursPerDay: given.activeHoursPerDay !== undefined ? override.activeHoursPerDay : base.activeHoursPerDay,
    ...(pue !== undefined ? { powerUsageEffectiveness: pue } : {}),
    pools,
  };
}

/** Checks the report switches (true or false, nothing else). */
export function checkCostReportOptions(scope: IConstruct | undefined, options: CostReportOptions | undefined): CostReportOptions {
  if (options === undefined) return {};
  const fix = 'Write true or false, or leave it out.';
  assertObject(options, { scope, code: ErrorCode.COST_OPTIONS_INVALID, what: '`costReport`', fix: 'Pass e.g. { printSummary: false }, or leave it out.' });
  if (options.printSummary !== undefined) assertBoolean(options.printSummary, { scope, code: ErrorCode.COST_OPTIONS_INVALID, what: '`costReport.printSummary`', fix });
  if (options.writeReports !== undefined) assertBoolean(options.writeReports, { scope, code: ErrorCode.COST_OPTIONS_INVALID, what: '`costReport.writeReports`', fix });
  return { ...options };
}

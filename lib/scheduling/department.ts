import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertConstructIdFree, Names } from '../core/names';
import { Quantity } from '../core/quantity';
import { MlPlatform, platformOfScope } from '../platform';
import { renderCohort } from '../render/k8s/kueue-queues';
import { renderVolcanoQueue } from '../render/k8s/volcano';
import { SchedulerKind, VolcanoQueuePlugin } from './scheduler';

/** Properties of a {@link Department}. */
export interface DepartmentProps {
  /**
   * The department name: Kueue Cohort name (Volcano: parent Queue name).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The department's weight when departments share idle capacity (Kueue: needs fair sharing on; Volcano weight, 1-65535).
   * @default 1
   */
  readonly fairShareWeight?: number;
}

/** The labels on every object the library renders. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'ml-platform-cdk' } as const;

/**
 * A group of teams that share capacity among themselves first: a Kueue Cohort whose parent is the platform's
 * cohort (teams join it through `department`), or on Volcano a parent Queue (hierarchical `capacity` plugin)
 * whose deserved and guaranteed amounts add up its teams'.
 */
export class Department extends Construct {
  /** The department name. */
  public readonly departmentName: string;
  /** The fair-share weight, if set. */
  public readonly fairShareWeight?: number;
  /** The Kueue Cohort or Volcano Queue. */
  public readonly cohort: ApiObject;

  constructor(scope: MlPlatform, id: string, props: DepartmentProps = {}) {
    assertConstructIdFree(scope, id, 'department');
    super(scope, id);
    const platform = platformOfScope(scope, this, 'Department');
    this.departmentName = props.name ?? id;
    Names.assertDns1123Label(this, 'department name', this.departmentName);
    const scheduler = platform.scheduler;
    this.fairShareWeight = props.fairShareWeight;
    const weight = assertFairShareWeight(this, props.fairShareWeight, scheduler.kind, scheduler.fairSharing);
    platform._registerDepartment(this);
    const clusterScope = platform._clusterScope(this);
    if (scheduler.kind === SchedulerKind.KUEUE) {
      this.cohort = renderCohort(clusterScope, this.departmentName, platform.cohortName, weight, { ...MANAGED_BY });
    } else {
      if (scheduler.queuePlugin !== VolcanoQueuePlugin.CAPACITY) {
        throw new ValidationError(ErrorCode.SCHEDULER_OPTION_UNSUPPORTED, {
          message: 'Volcano nests queues only with the capacity plugin (enableHierarchy); the proportion plugin ignores `parent`.',
          received: scheduler.queuePlugin,
          fix: 'Use Scheduler.volcano({ queuePlugin: VolcanoQueuePlugin.CAPACITY }), or declare teams without departments.',
        }, this);
      }
      this.cohort = renderVolcanoQueue(clusterScope, {
        name: this.departmentName,
        weight: props.fairShareWeight ?? 1,
        reclaimable: true,
        amounts: () => platform._departmentAmounts(this),
      }, { ...MANAGED_BY });
    }
  }
}

/**
 * Checks a fair-share weight for the scheduler and returns it as a Kueue quantity (undefined when unset).
 * Kueue: 0 (always last) or more than 1e-9, and only with fair sharing on. Volcano: a whole number from 1 to 65535.
 */
export function assertFairShareWeight(scope: IConstruct, weight: number | undefined, kind: SchedulerKind, fairSharing: boolean): string | undefined {
  if (weight === undefined) return undefined;
  const volcano = kind === SchedulerKind.VOLCANO;
  const ok = volcano
    ? Number.isInteger(weight) && weight >= 1 && weight <= 65535
    : Number.isFinite(weight) && (weight === 0 || (weight > 1e-9 && weight < 1e15));
  if (!ok) {
    throw new ValidationError(ErrorCode.FAIR_SHARE_WEIGHT_INVALID, {
      message: volcano ? 'A Volcano queue weight is a whole number from 1 to 65535.' : 'A Kueue fair-sharing weight is 0 or a positive number above 1e-9.',
      received: weight,
      allowed: volcano ? 'an integer in [1, 65535]' : '0, or a number in (1e-9, 1e15)',
      fix: 'Use weights like 1, 2 or 3 to give shares in that proportion.',
    }, scope);
  }
  if (!volcano && !fairSharing) {
    throw new ValidationError(ErrorCode.FAIR_SHARE_WEIGHT_INVALID, {
      message: 'Kueue uses fair-sharing weights only when fair sharing is on; this weight would do nothing.',
      received: weight,
      fix: 'Turn fair sharing on (Scheduler.kueue({ fairSharing: true })), or leave the weight out.',
    }, scope);
  }
  return Quantity.of(weight).toString();
}

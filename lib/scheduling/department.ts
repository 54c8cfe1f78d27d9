import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertConstructIdFree, Names } from '../core/names';
import { NameClaim, platformOf, undoConstruct } from '../model/context';

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

/** Teams and departments share one name space: the Kueue cohort hierarchy, or Volcano's queue list. */
export function queueNameClaim(name: string, what: 'Team' | 'Department'): NameClaim {
  return {
    space: 'queue',
    name,
    holder: `${what.toLowerCase()} ${name}`,
    clash: (taken, path, sameKind) => (sameKind ? `${what} name "${name}" is already used by ${path}.` : `The name ${name} is already taken by ${taken}.`),
    fix: 'Give teams and departments names distinct from each other and from the platform cohort.',
  };
}

/**
 * A group of teams that share capacity among themselves first: a Kueue Cohort whose parent is the platform's
 * cohort (teams join it through `department`), or on Volcano a parent Queue (hierarchical `capacity` plugin)
 * whose deserved and guaranteed amounts add up its teams'.
 */
export class Department extends Construct {
  /** Whether `x` is a Department. */
  public static isDepartment(x: any): x is Department {
    return x !== null && typeof x === 'object' && DEPARTMENT_SYMBOL in x;
  }

  /** The department name. */
  public readonly departmentName: string;
  /** The fair-share weight, if set. */
  public readonly fairShareWeight?: number;
  /** The Kueue Cohort or Volcano Queue (escape hatch: `addJsonPatch`). */
  public readonly cohort: ApiObject;

  constructor(scope: Construct, id: string, props: DepartmentProps = {}) {
    assertConstructIdFree(scope, id, 'department');
    super(scope, id);
    try {
      Object.defineProperty(this, DEPARTMENT_SYMBOL, { value: true });
      const platform = platformOf(this, 'Department');
      if (props === null || typeof props !== 'object') {
        throw new ValidationError(ErrorCode.INVALID_NAME, {
          message: 'Department props must be an object.',
          received: props,
          fix: 'Leave the props out, or pass { name, fairShareWeight }.',
        }, this);
      }
      this.departmentName = props.name ?? id;
      Names.assertDns1123Label(this, 'department name', this.departmentName);
      this.fairShareWeight = props.fairShareWeight;
      const scheduler = platform._scheduler;
      scheduler.checkFairShareWeight(this, props.fairShareWeight);
      scheduler.checkDepartment(this);
      const taken = scheduler.queueNameTakenBy(this.departmentName);
      if (taken) throw queueNameTaken(this, this.departmentName, taken);
      const declaration = { name: this.departmentName, fairShareWeight: props.fairShareWeight };
      platform._register({ kind: 'department', source: this, department: declaration }, [queueNameClaim(this.departmentName, 'Department')]);
      this.cohort = scheduler.renderDepartment(platform._clusterScope('department', this.departmentName), declaration);
    } catch (e) {
      undoConstruct(this);
      throw e;
    }
  }
}

/** The error for a team or department name the scheduler already uses. */
export function queueNameTaken(scope: Construct, name: string, takenBy: string): ValidationError {
  return new ValidationError(ErrorCode.DUPLICATE_NAME, {
    message: `The name ${name} is already taken by ${takenBy}.`,
    received: name,
    fix: 'Give teams and departments names distinct from each other and from the platform cohort.',
  }, scope);
}

const DEPARTMENT_SYMBOL = Symbol.for('ml-platform-cdk.Department');

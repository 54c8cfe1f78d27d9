import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { VOLCANO_LIMITS } from '../../catalog/limits';
import { ErrorCode, ValidationError } from '../../core/errors';
import { managedByLabels, PlatformLabels } from '../../core/labels';
import { assertNotKubernetesNamespace, Names } from '../../core/names';
import { compareStrings } from '../../core/order';
import { Quantity } from '../../core/quantity';
import {
  BackendContext, Invariant, SchedulerBackend, TeamQueueObjects, TeamScheduling, TeamSchedulingRequest,
} from '../../model/seams';
import { CapacityPoolModel, DepartmentDeclaration, PlatformModel, TeamModel } from '../../model/types';
import { VolcanoOptions, VolcanoQueuePlugin } from '../../scheduling/scheduler';
import { ClassificationObjects, renderClassification } from './classification';
import { interruptibleTiersOf } from './kueue-backend';
import { renderVolcanoQueue, renderVolcanoSchedulerConfig, VolcanoQueueAmounts } from './volcano';

/** Queues every Volcano installation has. */
const BUILT_IN_QUEUES = ['default', 'root'];

/**
 * The Volcano backend (`scheduling.volcano.sh/v1beta1`): a Queue per team (deserved = guaranteed, guarantee =
 * guaranteed − lending limit, capability = guaranteed + borrowing limit), a parent Queue per department, and the
 * scheduler's configuration. Volcano has no flavors: pods select their pool and tolerate its taints themselves.
 */
export class VolcanoBackend implements SchedulerBackend {
  public readonly kind = 'volcano';
  public readonly namespace: string;
  public readonly systemNamespaces: string[];

  private readonly configMapName: string;
  private readonly queuePlugin: VolcanoQueuePlugin;
  private platformObjectsRendered = false;
  private classification?: ClassificationObjects;
  private readonly amountsCache = new WeakMap<PlatformModel, Map<string, VolcanoQueueAmounts>>();

  constructor(private readonly context: BackendContext, options: VolcanoOptions, scope: IConstruct) {
    options = options ?? {};
    this.namespace = options.namespace ?? 'volcano-system';
    Names.assertDns1123Label(scope, 'scheduler namespace', this.namespace);
    assertNotKubernetesNamespace(scope, 'scheduler namespace', this.namespace);
    this.configMapName = options.configMapName ?? 'volcano-scheduler-configmap';
    Names.assertDns1123Subdomain(scope, 'Volcano scheduler ConfigMap name', this.configMapName);
    this.queuePlugin = options.queuePlugin ?? VolcanoQueuePlugin.CAPACITY;
    if (!Object.values(VolcanoQueuePlugin).includes(this.queuePlugin)) {
      throw new ValidationError(ErrorCode.SCHEDULER_OPTION_INVALID, {
        message: 'Unknown Volcano queue plugin.',
        received: this.queuePlugin,
        allowed: Object.values(VolcanoQueuePlugin).join(', '),
        fix: 'Use VolcanoQueuePlugin.CAPACITY or VolcanoQueuePlugin.PROPORTION.',
      }, scope);
    }
    this.systemNamespaces = [this.namespace];
  }

  public queueNameTakenBy(name: string): string | undefined {
    return BUILT_IN_QUEUES.includes(name) ? 'Volcano\'s built-in queue' : undefined;
  }

  public checkPool(): void {
    // No flavors: nothing to fit.
  }

  public checkFairShareWeight(scope: IConstruct, weight: number | undefined): void {
    if (weight === undefined) return;
    if (!Number.isInteger(weight) || weight < VOLCANO_LIMITS.minWeight || weight > VOLCANO_LIMITS.maxWeight) {
      throw new ValidationError(ErrorCode.FAIR_SHARE_WEIGHT_INVALID, {
        message: `A Volcano queue weight is a whole number from ${VOLCANO_LIMITS.minWeight} to ${VOLCANO_LIMITS.maxWeight}.`,
        received: typeof weight === 'number' && !Number.isFinite(weight) ? String(weight) : weight,
        allowed: `an integer in [${VOLCANO_LIMITS.minWeight}, ${VOLCANO_LIMITS.maxWeight}]`,
        fix: 'Use weights like 1, 2 or 3 to give shares in that proportion.',
      }, scope);
    }
  }

  public resolveTeam(scope: IConstruct, team: TeamSchedulingRequest): TeamScheduling {
    if (team.preemption !== undefined || team.queueingStrategy !== undefined || team.localQueueName !== undefined) {
      throw new ValidationError(ErrorCode.SCHEDULER_OPTION_UNSUPPORTED, {
        message: 'preemption, queueingStrategy and localQueueName are Kueue settings; on Volcano, queues reclaim and preempt by the scheduler\'s actions and job priorities.',
        received: { preemption: team.preemption, queueingStrategy: team.queueingStrategy, localQueueName: team.localQueueName },
        fix: 'Remove them, or use Scheduler.kueue() on the platform.',
      }, scope);
    }
    return {};
  }

  public checkDepartment(scope: IConstruct): void {
    if (this.queuePlugin !== VolcanoQueuePlugin.CAPACITY) {
      throw new ValidationError(ErrorCode.SCHEDULER_OPTION_UNSUPPORTED, {
        message: 'Volcano nests queues only with the capacity plugin (enableHierarchy); the proportion plugin ignores `parent`.',
        received: this.queuePlugin,
        fix: 'Use Scheduler.volcano({ queuePlugin: VolcanoQueuePlugin.CAPACITY }), or declare teams without departments.',
      }, scope);
    }
  }

  public namespaceAnnotations(team: string): Record<string, string> {
    return { 'scheduling.volcano.sh/queue-name': team };
  }

  /**
   * No flavor: Volcano pods select their pool and tolerate its taints themselves. Spot capacity still stays with
   * interruptible tiers: spot nodes carry the spot taint, and a pod policy refuses its toleration to other tiers.
   */
  public renderFlavor(_scope: Construct, pool: CapacityPoolModel): undefined {
    if (pool.classificationTaints?.length && !this.classification) {
      this.classification = renderClassification(new Construct(this.context.clusterScope, 'SpotClassification'), {
        platformName: this.context.platformName,
        interruptibleTiers: () => interruptibleTiersOf(this.context.model()),
      }, false, managedByLabels());
    }
    return undefined;
  }

  public renderTier(): undefined {
    return undefined;
  }

  public renderTeam(scope: Construct, _namespaces: ReadonlyMap<string, Construct>, team: { readonly name: string; readonly department?: string;
    readonly sharesCapacity: boolean; readonly fairShareWeight?: number; }): TeamQueueObjects {
    this.renderPlatformObjects();
    const volcanoQueue = renderVolcanoQueue(scope, {
      name: team.name,
      weight: team.fairShareWeight ?? 1,
      reclaimable: team.sharesCapacity,
      parent: team.department,
      amounts: () => this.amounts(this.context.model()).get(team.name)!,
    }, { ...managedByLabels(), [PlatformLabels.TEAM]: team.name });
    return { volcanoQueue, localQueues: new Map() };
  }

  public renderDepartment(scope: Construct, department: DepartmentDeclaration): ApiObject {
    this.renderPlatformObjects();
    return renderVolcanoQueue(scope, {
      name: department.name,
      weight: department.fairShareWeight ?? 1,
      reclaimable: true,
      amounts: () => this.amounts(this.context.model()).get(department.name)!,
    }, managedByLabels());
  }

  public invariants(): Invariant[] {
    return [];
  }

  /** Every team's and department's queue amounts, computed once per model. */
  private amounts(model: PlatformModel): Map<string, VolcanoQueueAmounts> {
    let amounts = this.amountsCache.get(model);
    if (!amounts) {
      const quantities = new Map(model.teams.map((t) => [t.name, teamQuantities(t)]));
      for (const department of model.departments) {
        quantities.set(department.name, departmentQuantities(department.teams.map((t) => quantities.get(t)!)));
      }
      amounts = new Map([...quantities.entries()].map(([name, q]) => [name, toAmounts(q)]));
      this.amountsCache.set(model, amounts);
    }
    return amounts;
  }

  /** The scheduler's configuration, once the first team or department is declared; its content is read at synth. */
  private renderPlatformObjects(): void {
    if (this.platformObjectsRendered) return;
    this.platformObjectsRendered = true;
    const scope = new Construct(this.context.clusterScope, 'Scheduler');
    renderVolcanoSchedulerConfig(scope, () => {
      const model = this.context.model();
      return {
        namespace: this.namespace,
        configMapName: this.configMapName,
        queuePlugin: this.queuePlugin,
        hierarchy: model.departments.length > 0,
        deviceResources: model.deviceResourceNames,
      };
    }, { namespace: this.namespace, name: this.configMapName }, managedByLabels());
  }
}

/** Queue amounts as quantities; a resource without a capability entry is unlimited. */
interface QueueQuantities {
  readonly deserved: Map<string, Quantity>;
  readonly guarantee: Map<string, Quantity>;
  readonly capability: Map<string, Quantity>;
}

/**
 * A team's Volcano amounts: deserved = guaranteed; guarantee = guaranteed - lending limit (the part never lent);
 * capability = guaranteed + borrowing limit, where every pool of the resource has one. A team that does not share
 * gets guarantee = capability = deserved.
 */
function teamQuantities(team: TeamModel): QueueQuantities {
  const deserved = new Map<string, Quantity>();
  const guarantee = new Map<string, Quantity>();
  const capability = new Map<string, Quantity | null>();
  for (const flavor of team.flavors) {
    for (const [name, a] of flavor.resources) {
      add(deserved, name, a.nominal);
      const kept = !team.sharesCapacity ? a.nominal : a.lendingLimit ? a.nominal.minus(a.lendingLimit) : undefined;
      if (kept) add(guarantee, name, kept);
      const ceiling = !team.sharesCapacity ? a.nominal : a.borrowingLimit ? a.nominal.plus(a.borrowingLimit) : undefined;
      const prior = capability.get(name);
      capability.set(name, ceiling === undefined || prior === null ? null : prior ? prior.plus(ceiling) : ceiling);
    }
  }
  return {
    deserved: withoutZeros(deserved),
    guarantee: withoutZeros(guarantee),
    capability: new Map([...capability.entries()].filter((e): e is [string, Quantity] => e[1] !== null)),
  };
}

/** A department queue's amounts: the sums of its teams' deserved and guaranteed amounts; no ceiling of its own. */
function departmentQuantities(teams: QueueQuantities[]): QueueQuantities {
  const deserved = new Map<string, Quantity>();
  const guarantee = new Map<string, Quantity>();
  for (const team of teams) {
    for (const [name, q] of team.deserved) add(deserved, name, q);
    for (const [name, q] of team.guarantee) add(guarantee, name, q);
  }
  return { deserved: sortedMap(deserved), guarantee: sortedMap(guarantee), capability: new Map() };
}

function add(m: Map<string, Quantity>, key: string, q: Quantity): void {
  const prior = m.get(key);
  m.set(key, prior ? prior.plus(q) : q);
}

function withoutZeros(m: Map<string, Quantity>): Map<string, Quantity> {
  return new Map([...m.entries()].filter(([, v]) => !v.isZero()));
}

function sortedMap(m: Map<string, Quantity>): Map<string, Quantity> {
  return new Map([...m.keys()].sort(compareStrings).map((k) => [k, m.get(k)!]));
}

function toAmounts(q: QueueQuantities): VolcanoQueueAmounts {
  const text = (m: Map<string, Quantity>) => Object.fromEntries([...m.entries()].map(([k, v]) => [k, v.toString()]));
  return { deserved: text(q.deserved), guarantee: text(q.guarantee), capability: text(q.capability) };
}

import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { KUEUE_LIMITS } from '../../catalog/limits';
import { CapacityType } from '../../core/capacity';
import { ErrorCode, ValidationError } from '../../core/errors';
import { managedByLabels, PlatformLabels } from '../../core/labels';
import { assertNotKubernetesNamespace, Names } from '../../core/names';
import { compareStrings } from '../../core/order';
import { Quantity } from '../../core/quantity';
import { Taint } from '../../core/taint';
import {
  BackendContext, Invariant, ModelOrigins, SchedulerBackend, TeamQueueObjects, TeamScheduling, TeamSchedulingRequest,
} from '../../model/seams';
import { CapacityPoolModel, DepartmentDeclaration, PlatformModel, TeamDeclaration, TeamModel, TierModel } from '../../model/types';
import { AllOrNothingOptions, DEFAULT_KUEUE_FRAMEWORKS, KueueOptions } from '../../scheduling/scheduler';
import { BorrowPreemptionPolicy, QueueingStrategy, ReclaimPolicy, TeamPreemptionPolicy } from '../../scheduling/team-namespace';
import { ClassificationObjects, renderClassification } from './classification';
import { assertFlavorMatchesPool } from './flavor-checks';
import {
  ClusterQueueModel, renderClusterQueue, renderCohort, renderKueueConfig, renderLocalQueue, renderResourceFlavor,
  renderWorkloadPriorityClass, ResolvedAllOrNothing,
} from './kueue';
import { tolerationFor } from './toleration';

/** Frameworks Kueue v0.19 knows (`integrations.frameworks`). */
const KNOWN_KUEUE_FRAMEWORKS = new Set([
  ...DEFAULT_KUEUE_FRAMEWORKS,
  'ray.io/rayservice',
  'workload.codeflare.dev/appwrapper',
  'sparkoperator.k8s.io/sparkapplication',
  'pod',
  'deployment',
  'statefulset',
  'leaderworkerset.x-k8s.io/leaderworkerset',
]);

/** Kueue's options with defaults applied and checked. */
interface ResolvedKueueOptions {
  readonly namespace: string;
  readonly cohortName: string;
  readonly fairSharing: boolean;
  readonly frameworks: string[];
  readonly allOrNothing?: ResolvedAllOrNothing;
}

/**
 * The Kueue backend (`kueue.x-k8s.io/v1beta2`): a ResourceFlavor per pool, a WorkloadPriorityClass per tier, per
 * team a ClusterQueue in the platform's cohort (or its department's) with a LocalQueue in each namespace, a Cohort
 * per department, and the platform's Cohort and manager configuration.
 */
export class KueueBackend implements SchedulerBackend {
  public readonly kind = 'kueue';
  public readonly namespace: string;
  public readonly systemNamespaces: string[];

  private readonly options: ResolvedKueueOptions;
  private readonly flavors = new Map<string, ApiObject>();
  private platformObjectsRendered = false;
  private classification?: ClassificationObjects;

  constructor(private readonly context: BackendContext, options: KueueOptions, scope: IConstruct) {
    this.options = resolveOptions(scope, options ?? {}, context.platformName);
    this.namespace = this.options.namespace;
    this.systemNamespaces = [this.namespace];
  }

  public queueNameTakenBy(name: string): string | undefined {
    return name === this.options.cohortName ? 'the platform\'s cohort' : undefined;
  }

  public checkPool(scope: IConstruct, taints: Taint[], selectorLabels: Record<string, string>): void {
    const max = KUEUE_LIMITS.maxFlavorEntries;
    if (taints.length > max) {
      throw new ValidationError(ErrorCode.FLAVOR_TOLERATION_LIMIT, {
        message: `A Kueue ResourceFlavor carries at most ${max} tolerations, one per taint, so a pool can have at most ${max} taints.`,
        received: taints.map((t) => t.key),
        fix: `Merge or remove taints (keep ${max} or fewer).`,
      }, scope);
    }
    const count = Object.keys(selectorLabels).length;
    if (count > max) {
      throw new ValidationError(ErrorCode.EXTERNAL_POOL_INVALID, {
        message: `A Kueue ResourceFlavor takes at most ${max} node labels.`,
        received: selectorLabels,
        allowed: `1 to ${max} labels`,
        fix: 'Select the nodes by fewer labels, e.g. { "eks.amazonaws.com/nodegroup": "general" }.',
      }, scope);
    }
  }

  public checkFairShareWeight(scope: IConstruct, weight: number | undefined): void {
    if (weight === undefined) return;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || !(weight === 0 || (weight > 1e-9 && weight < 1e15))) {
      throw new ValidationError(ErrorCode.FAIR_SHARE_WEIGHT_INVALID, {
        message: 'A Kueue fair-sharing weight is 0 or a positive number above 1e-9.',
        received: typeof weight === 'number' && !Number.isFinite(weight) ? String(weight) : weight,
        allowed: '0, or a number in (1e-9, 1e15)',
        fix: 'Use weights like 1, 2 or 3 to give shares in that proportion.',
      }, scope);
    }
    if (!this.options.fairSharing) {
      throw new ValidationError(ErrorCode.FAIR_SHARE_WEIGHT_INVALID, {
        message: 'Kueue uses fair-sharing weights only when fair sharing is on; this weight would do nothing.',
        received: weight,
        fix: 'Turn fair sharing on (Scheduler.kueue({ fairSharing: true })), or leave the weight out.',
      }, scope);
    }
  }

  public resolveTeam(scope: IConstruct, team: TeamSchedulingRequest): TeamScheduling {
    const p = team.preemption;
    const check = <T extends string>(what: string, value: T | undefined, allowed: Record<string, T>, fallback: T): T => {
      if (value === undefined) return fallback;
      if (!Object.values(allowed).includes(value)) {
        throw new ValidationError(ErrorCode.PREEMPTION_INVALID, {
          message: `Unknown ${what} policy.`,
          received: value,
          allowed: Object.values(allowed).join(', '),
          fix: `Use one of the ${what} enum values.`,
        }, scope);
      }
      return value;
    };
    if (p !== undefined && (p === null || typeof p !== 'object')) {
      throw new ValidationError(ErrorCode.PREEMPTION_INVALID, {
        message: '`preemption` must be an object.',
        received: p,
        fix: 'Pass e.g. { reclaimWithinCohort: ReclaimPolicy.ANY }.',
      }, scope);
    }
    const queueingStrategy = check('queueing strategy', team.queueingStrategy, QueueingStrategy as Record<string, string>, QueueingStrategy.BEST_EFFORT_FIFO);
    const shares = team.sharesCapacity;
    const reclaim = check('reclaimWithinCohort', p?.reclaimWithinCohort, ReclaimPolicy as Record<string, string>, shares ? ReclaimPolicy.ANY : ReclaimPolicy.NEVER);
    const borrow = check('borrowWithinCohort', p?.borrowWithinCohort, BorrowPreemptionPolicy as Record<string, string>, BorrowPreemptionPolicy.NEVER);
    const within = check('withinTeam', p?.withinTeam, TeamPreemptionPolicy as Record<string, string>, TeamPreemptionPolicy.LOWER_PRIORITY);
    const problem = !shares && (reclaim !== ReclaimPolicy.NEVER || borrow !== BorrowPreemptionPolicy.NEVER)
      ? 'A team that does not share capacity has nobody to reclaim from or borrow from.'
      : borrow !== BorrowPreemptionPolicy.NEVER && reclaim === ReclaimPolicy.NEVER
        ? 'Preempting while borrowing needs reclaimWithinCohort other than NEVER (Kueue rejects it).'
        : borrow !== BorrowPreemptionPolicy.NEVER && this.options.fairSharing
          ? 'With fair sharing, Kueue preempts across teams by fair share and ignores borrowWithinCohort.'
          : p?.borrowWithinCohortMaxTier !== undefined && borrow === BorrowPreemptionPolicy.NEVER
            ? 'borrowWithinCohortMaxTier only applies with borrowWithinCohort LOWER_PRIORITY.'
            : undefined;
    if (problem) {
      throw new ValidationError(ErrorCode.PREEMPTION_INVALID, {
        message: problem,
        received: p,
        fix: 'Adjust the team\'s preemption settings (see TeamPreemption).',
      }, scope);
    }
    const localQueueName = team.localQueueName ?? team.name;
    Names.assertDns1123Label(scope, 'LocalQueue name', localQueueName);
    const covered = team.coveredResources.length;
    const pairs = covered * team.flavorCount;
    if (covered > KUEUE_LIMITS.maxCoveredResources || team.flavorCount > KUEUE_LIMITS.maxFlavors || pairs > KUEUE_LIMITS.maxFlavorResourcePairs) {
      throw new ValidationError(ErrorCode.QUEUE_LIMIT_EXCEEDED, {
        message: 'The team\'s queue would exceed Kueue\'s limits for a resource group.',
        received: { coveredResources: covered, flavors: team.flavorCount, flavorResourcePairs: pairs },
        allowed: `at most ${KUEUE_LIMITS.maxCoveredResources} resources, ${KUEUE_LIMITS.maxFlavors} pools and ${KUEUE_LIMITS.maxFlavorResourcePairs} pool-resource pairs`,
        fix: 'Give the team quota on fewer pools, or split it into several teams.',
      }, scope);
    }
    return {
      queueingStrategy,
      preemption: {
        reclaimWithinCohort: reclaim,
        borrowWithinCohort: borrow,
        withinClusterQueue: within,
        borrowWithinCohortMaxTier: p?.borrowWithinCohortMaxTier,
      },
      localQueueName,
    };
  }

  public checkDepartment(_scope: IConstruct): void {
    // Kueue nests cohorts to any depth: every department is representable.
  }

  public namespaceAnnotations(_team: string): Record<string, string> {
    return {};
  }

  public renderFlavor(scope: Construct, pool: CapacityPoolModel): ApiObject {
    const flavor = renderResourceFlavor(scope, {
      name: pool.name,
      labels: { ...managedByLabels(), [PlatformLabels.POOL]: pool.name },
      annotations: Object.keys(pool.flavorAnnotations).length > 0 ? pool.flavorAnnotations : undefined,
      nodeLabels: pool.selectorLabels,
      tolerations: pool.taints.length > 0 ? pool.taints.map(tolerationFor) : undefined,
      nodeTaints: pool.classificationTaints,
    });
    this.flavors.set(pool.name, flavor);
    if (pool.classificationTaints?.length) this.renderClassificationObjects();
    return flavor;
  }

  /** The admission policies that keep spot capacity to interruptible tiers (with the first spot flavor). */
  public get classificationObjects(): ClassificationObjects | undefined {
    return this.classification;
  }

  public renderTier(scope: Construct, tier: TierModel): ApiObject {
    return renderWorkloadPriorityClass(scope, tier, managedByLabels());
  }

  public renderTeam(scope: Construct, namespaces: ReadonlyMap<string, Construct>, team: TeamDeclaration): TeamQueueObjects {
    this.renderPlatformObjects();
    const localQueues = new Map<string, ApiObject>();
    // A team without quota has no queue: its namespaces run no GPU pods (their ResourceQuota says 0).
    if (team.flavors.length === 0) return { localQueues };
    const labels = { ...managedByLabels(), [PlatformLabels.TEAM]: team.name };
    for (const [namespace, nsScope] of namespaces) {
      localQueues.set(namespace, renderLocalQueue(nsScope, team.localQueueName ?? team.name, namespace, team.name, labels));
    }
    // A guarantee on spot-only capacity the team accepted the risk of stays visible on its queue.
    const risks = team.spotGuaranteeRisks ?? [];
    const annotations = risks.length > 0 ? { [SPOT_GUARANTEE_RISK_ANNOTATION]: risks.join(',') } : undefined;
    const model = () => this.clusterQueueModel(this.context.model().teamsByName.get(team.name)!);
    const clusterQueue = renderClusterQueue(scope, team.name, model, labels, annotations);
    return { clusterQueue, localQueues };
  }

  public renderDepartment(scope: Construct, department: DepartmentDeclaration): ApiObject {
    this.renderPlatformObjects();
    return renderCohort(scope, department.name, this.options.cohortName, weightQuantity(department.fairShareWeight), managedByLabels());
  }

  public invariants(): Invariant[] {
    return [{
      description: 'Every ResourceFlavor selects only its pool\'s labels, tolerates its taints and keeps spot capacity to workloads that tolerate the spot taint (escape-hatch edits included).',
      check: (model: PlatformModel) => {
        for (const pool of model.capacityPools) {
          const flavor = this.flavors.get(pool.name);
          if (flavor) assertFlavorMatchesPool(flavor, pool);
        }
      },
    }, {
      description: 'All-or-nothing admission leaves a spot fleet\'s on-demand fallback time to engage before it requeues a job.',
      check: (model: PlatformModel, origins: ModelOrigins) => {
        const wait = this.options.allOrNothing;
        if (!wait) return;
        const fleet = model.fleets.find((f) => f.fallbackMaxNodes > 0 && wait.timeoutMinutes <= f.fallbackAfterMinutes);
        if (!fleet) return;
        throw new ValidationError(ErrorCode.SPOT_FALLBACK_TIMEOUT_CONFLICT, {
          message: `All-or-nothing admission requeues a job whose pods are not ready after ${wait.timeoutMinutes} minutes, but spot fleet ${fleet.name} `
            + `turns to on-demand nodes only after ${fleet.fallbackAfterMinutes}: jobs would be requeued before the fallback engages, over and over.`,
          received: { allOrNothingTimeoutMinutes: wait.timeoutMinutes, fallbackAfterMinutes: fleet.fallbackAfterMinutes },
          allowed: `timeoutMinutes above ${fleet.fallbackAfterMinutes} (the fallback time plus the time a node takes to start)`,
          fix: `Raise Scheduler.kueue({ allOrNothing: { timeoutMinutes } }) to at least ${fleet.fallbackAfterMinutes + FALLBACK_BOOT_MINUTES}, or lower the fleet's fallbackAfterMinutes.`,
        }, origins.of('pool', fleet.name));
      },
    }];
  }

  private clusterQueueModel(team: TeamModel): ClusterQueueModel {
    const preemption = team.preemption!;
    const model = this.context.model();
    const pools = team.flavors.map((f) => model.capacityPoolsByName.get(f.pool));
    // A queue with spot capacity climbs the capacity ladder: reserved, then spot, then on-demand (declaration order
    // within a rung). Workloads that cannot take spot (no toleration of the spot taint) skip its flavors.
    const ladder = pools.some((p) => p?.classificationTaints?.length);
    const flavors = ladder
      ? team.flavors.map((f, i) => ({ f, i, rung: rungOf(pools[i]?.capacityType) })).sort((a, b) => a.rung - b.rung || a.i - b.i).map((x) => x.f)
      : team.flavors;
    return {
      name: team.name,
      cohortName: team.sharesCapacity ? (team.department ?? this.options.cohortName) : undefined,
      namespaces: team.namespaces,
      coveredResources: team.coveredResources,
      // Borrowing idle spot quota beats a costlier rung that fits (MayStopSearch); a workload that would have to preempt
      // on a rung tries the next rung first (TryNextFlavor).
      flavorFungibility: ladder ? { whenCanBorrow: 'MayStopSearch', whenCanPreempt: 'TryNextFlavor' } : undefined,
      flavors: flavors.map((f) => ({
        name: f.pool,
        resources: team.coveredResources.map((name) => {
          const amounts = f.resources.get(name);
          return {
            name,
            nominalQuota: (amounts?.nominal ?? Quantity.of(0)).toString(),
            borrowingLimit: amounts?.borrowingLimit?.toString(),
            lendingLimit: amounts?.lendingLimit?.toString(),
          };
        }),
      })),
      queueingStrategy: team.queueingStrategy ?? QueueingStrategy.BEST_EFFORT_FIFO,
      reclaimWithinCohort: preemption.reclaimWithinCohort,
      borrowWithinCohort: preemption.borrowWithinCohort,
      borrowMaxPriorityThreshold: team.borrowMaxPriority,
      withinClusterQueue: preemption.withinClusterQueue,
      fairShareWeight: this.options.fairSharing ? (weightQuantity(team.fairShareWeight) ?? '1') : undefined,
    };
  }

  /** The platform's Cohort and Kueue's manager configuration, once the first team or department is declared. */
  private renderPlatformObjects(): void {
    if (this.platformObjectsRendered) return;
    this.platformObjectsRendered = true;
    const scope = new Construct(this.context.clusterScope, 'Scheduler');
    renderCohort(scope, this.options.cohortName, undefined, undefined, managedByLabels());
    renderKueueConfig(scope, this.options.namespace, () => ({
      namespace: this.options.namespace,
      frameworks: this.options.frameworks,
      excludeResourcePrefixes: ['ephemeral-storage', ...this.context.target.nodeResourcePrefixes],
      fairSharing: this.options.fairSharing,
      allOrNothing: this.options.allOrNothing ?? fleetBackstop(this.context.model()),
    }), managedByLabels());
  }

  private renderClassificationObjects(): void {
    if (this.classification) return;
    const scope = new Construct(this.context.clusterScope, 'SpotClassification');
    this.classification = renderClassification(scope, {
      platformName: this.context.platformName,
      interruptibleTiers: () => interruptibleTiersOf(this.context.model()),
    }, true, managedByLabels());
  }
}

/** The annotation naming the pools whose spot-only guarantee a team accepted the risk of. */
export const SPOT_GUARANTEE_RISK_ANNOTATION = 'ml-platform-cdk.io/spot-guarantee-risk-accepted';

/** Minutes a node takes to start and join after the autoscaler turns to the on-demand fallback. */
export const FALLBACK_BOOT_MINUTES = 10;

/** Reserved capacity first, then spot, then on-demand (and capacity whose kind is not known). */
function rungOf(type: CapacityType | undefined): number {
  return type === CapacityType.RESERVED ? 0 : type === CapacityType.SPOT ? 1 : 2;
}

/** The tiers whose work tolerates interruption, sorted. */
export function interruptibleTiersOf(model: PlatformModel): string[] {
  return (model.tiers ?? []).filter((t) => t.interruptible).map((t) => t.name).sort(compareStrings);
}

/**
 * With spot fleets and no all-or-nothing settings of the platform's own: a job whose pods are not ready once the
 * fallback had its time (the longest fleet's, plus a node's start) is requeued with exponential backoff, never
 * deactivated, and admitted again (by then the autoscaler has turned to on-demand nodes).
 */
function fleetBackstop(model: PlatformModel): ResolvedAllOrNothing | undefined {
  const fleets = model.fleets.filter((f) => f.fallbackMaxNodes > 0);
  if (fleets.length === 0) return undefined;
  const minutes = Math.max(...fleets.map((f) => f.fallbackAfterMinutes)) + FALLBACK_BOOT_MINUTES;
  return { timeoutMinutes: minutes, recoveryTimeoutMinutes: minutes, blockAdmission: false, backoffBaseSeconds: 60, backoffMaxSeconds: 3600 };
}

/** A fair-share weight as a Kueue quantity. */
function weightQuantity(weight: number | undefined): string | undefined {
  return weight === undefined ? undefined : Quantity.of(weight).toString();
}

function resolveOptions(scope: IConstruct, options: KueueOptions, platformName: string): ResolvedKueueOptions {
  const namespace = options.namespace ?? 'kueue-system';
  Names.assertDns1123Label(scope, 'scheduler namespace', namespace);
  assertNotKubernetesNamespace(scope, 'scheduler namespace', namespace);
  const cohortName = options.cohortName ?? platformName;
  Names.assertDns1123Label(scope, 'cohort name', cohortName);
  if (options.fairSharing !== undefined && typeof options.fairSharing !== 'boolean') {
    throw new ValidationError(ErrorCode.SCHEDULER_OPTION_INVALID, {
      message: '`fairSharing` must be true or false.',
      received: options.fairSharing,
      fix: 'Write fairSharing: true (a boolean, not a string).',
    }, scope);
  }
  const frameworks = options.frameworks;
  if (frameworks !== undefined) {
    const unknown = Array.isArray(frameworks) ? frameworks.filter((f) => !KNOWN_KUEUE_FRAMEWORKS.has(f)) : [frameworks];
    if (unknown.length > 0 || frameworks.length === 0) {
      throw new ValidationError(ErrorCode.SCHEDULER_OPTION_INVALID, {
        message: unknown.length > 0 ? 'Kueue does not know these job frameworks.' : 'Kueue needs at least one job framework.',
        received: frameworks,
        allowed: [...KNOWN_KUEUE_FRAMEWORKS].sort().join(', '),
        fix: 'Name frameworks as Kueue spells them (e.g. batch/job, kubeflow.org/pytorchjob), or leave `frameworks` out.',
      }, scope);
    }
  }
  return {
    namespace,
    cohortName,
    fairSharing: options.fairSharing ?? false,
    frameworks: [...(frameworks ?? DEFAULT_KUEUE_FRAMEWORKS)],
    allOrNothing: options.allOrNothing === undefined ? undefined : resolveAllOrNothing(scope, options.allOrNothing),
  };
}

function resolveAllOrNothing(scope: IConstruct, options: AllOrNothingOptions): ResolvedAllOrNothing {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError(ErrorCode.SCHEDULER_OPTION_INVALID, {
      message: '`allOrNothing` must be an object.',
      received: options,
      fix: 'Pass e.g. { timeoutMinutes: 10 }, or leave it out.',
    }, scope);
  }
  if (options.blockAdmission !== undefined && typeof options.blockAdmission !== 'boolean') {
    throw new ValidationError(ErrorCode.SCHEDULER_OPTION_INVALID, {
      message: 'allOrNothing.blockAdmission must be true or false.',
      received: options.blockAdmission,
      fix: 'Write blockAdmission: true or false (a boolean, not a string).',
    }, scope);
  }
  const resolved: ResolvedAllOrNothing = {
    timeoutMinutes: options.timeoutMinutes ?? 10,
    recoveryTimeoutMinutes: options.recoveryTimeoutMinutes ?? options.timeoutMinutes ?? 10,
    blockAdmission: options.blockAdmission ?? false,
    backoffBaseSeconds: options.backoffBaseSeconds ?? 60,
    backoffMaxSeconds: options.backoffMaxSeconds ?? 3600,
  };
  const positive: [string, number][] = [
    ['timeoutMinutes', resolved.timeoutMinutes],
    ['recoveryTimeoutMinutes', resolved.recoveryTimeoutMinutes],
    ['backoffBaseSeconds', resolved.backoffBaseSeconds],
    ['backoffMaxSeconds', resolved.backoffMaxSeconds],
  ];
  for (const [name, value] of positive) {
    if (!Number.isInteger(value) || value < 1 || value > 2_147_483_647) {
      throw new ValidationError(ErrorCode.SCHEDULER_OPTION_INVALID, {
        message: `allOrNothing.${name} must be a whole number of at least 1.`,
        received: typeof value === 'number' && !Number.isFinite(value) ? String(value) : value,
        allowed: 'an integer from 1 to 2147483647',
        fix: `Set allOrNothing.${name} to a positive whole number, or leave it out for the default.`,
      }, scope);
    }
  }
  if (resolved.backoffMaxSeconds < resolved.backoffBaseSeconds) {
    throw new ValidationError(ErrorCode.SCHEDULER_OPTION_INVALID, {
      message: 'The longest requeue delay is shorter than the first one.',
      received: { backoffBaseSeconds: resolved.backoffBaseSeconds, backoffMaxSeconds: resolved.backoffMaxSeconds },
      fix: 'Make backoffMaxSeconds at least backoffBaseSeconds.',
    }, scope);
  }
  return resolved;
}

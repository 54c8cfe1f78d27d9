import { IConstruct } from 'constructs';
import { ErrorCode, ValidationError } from '../core/errors';
import { Names } from '../core/names';

/** The batch scheduler that admits the platform's team workloads. */
export enum SchedulerKind {
  /** Kueue: ClusterQueues in a cohort, LocalQueues in team namespaces, ResourceFlavors per pool. */
  KUEUE = 'kueue',
  /** Volcano: a Queue per team (guarantee / deserved / capability) and the Volcano scheduler's configuration. */
  VOLCANO = 'volcano',
}

/** How Volcano divides the cluster between queues. The two plugins cannot be used together. */
export enum VolcanoQueuePlugin {
  /**
   * `capacity`: each queue gets its `deserved` share, may borrow idle capacity up to `capability` and has it
   * reclaimed back; supports department queues (hierarchy).
   */
  CAPACITY = 'capacity',
  /** `proportion`: queues share by `weight`; `deserved` is ignored and queues cannot be nested. */
  PROPORTION = 'proportion',
}

/**
 * All-or-nothing admission (Kueue `waitForPodsReady`): a workload whose pods are not all ready within the
 * timeout is evicted and requeued, so that half-started distributed jobs do not hold GPUs. Requeueing backs
 * off exponentially and never deactivates the workload (no `backoffLimitCount`), so jobs wait out a capacity
 * shortage instead of being switched off.
 */
export interface AllOrNothingOptions {
  /**
   * Minutes an admitted workload has to get all its pods ready.
   * @default 10
   */
  readonly timeoutMinutes?: number;
  /**
   * Minutes a running workload may stay short of ready pods (e.g. a replaced pod waiting for a node) before it is requeued.
   * @default - the timeout
   */
  readonly recoveryTimeoutMinutes?: number;
  /**
   * Whether a ClusterQueue admits nothing else until its last admitted workload is ready (strict sequential starts).
   * @default false
   */
  readonly blockAdmission?: boolean;
  /**
   * First requeue delay in seconds; each further requeue doubles it.
   * @default 60
   */
  readonly backoffBaseSeconds?: number;
  /**
   * Longest requeue delay in seconds.
   * @default 3600
   */
  readonly backoffMaxSeconds?: number;
}

/** Options of the Kueue scheduler. */
export interface KueueOptions {
  /**
   * Namespace Kueue runs in (its manager configuration ConfigMap goes there).
   * @default 'kueue-system'
   */
  readonly namespace?: string;
  /**
   * Name of the platform's Cohort, which every team's ClusterQueue joins (directly or through a department).
   * @default - the platform name
   */
  readonly cohortName?: string;
  /**
   * Fair sharing: teams borrow idle quota in proportion to their `fairShareWeight`, and preemption across teams
   * restores fair shares (strategies `LessThanOrEqualToFinalShare`, then `LessThanInitialShare`).
   * @default false - classical preemption by priority
   */
  readonly fairSharing?: boolean;
  /**
   * All-or-nothing admission for distributed jobs.
   * @default - off: pods of an admitted workload start as nodes come
   */
  readonly allOrNothing?: AllOrNothingOptions;
  /**
   * Job frameworks Kueue manages (`integrations.frameworks`).
   * @default - batch/job, JobSet, Kubeflow (MPI, PyTorch, TF, XGBoost, Paddle, JAX, TrainJob), Ray (RayJob, RayCluster)
   */
  readonly frameworks?: string[];
}

/** Options of the Volcano scheduler. */
export interface VolcanoOptions {
  /**
   * Namespace the Volcano scheduler runs in.
   * @default 'volcano-system'
   */
  readonly namespace?: string;
  /**
   * Name of the scheduler's ConfigMap (`<helm release>-scheduler-configmap`).
   * @default 'volcano-scheduler-configmap'
   */
  readonly configMapName?: string;
  /**
   * How queues share the cluster.
   * @default VolcanoQueuePlugin.CAPACITY
   */
  readonly queuePlugin?: VolcanoQueuePlugin;
}

/** Kueue frameworks enabled unless `frameworks` says otherwise (all job kinds; pod-based integrations need opting in). */
export const DEFAULT_KUEUE_FRAMEWORKS: readonly string[] = [
  'batch/job',
  'jobset.x-k8s.io/jobset',
  'kubeflow.org/jaxjob',
  'kubeflow.org/mpijob',
  'kubeflow.org/paddlejob',
  'kubeflow.org/pytorchjob',
  'kubeflow.org/tfjob',
  'kubeflow.org/xgboostjob',
  'ray.io/raycluster',
  'ray.io/rayjob',
  'trainer.kubeflow.org/trainjob',
];

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

/** Resolved all-or-nothing settings. */
export interface ResolvedAllOrNothing {
  readonly timeoutMinutes: number;
  readonly recoveryTimeoutMinutes: number;
  readonly blockAdmission: boolean;
  readonly backoffBaseSeconds: number;
  readonly backoffMaxSeconds: number;
}

/**
 * The platform's batch scheduler: `Scheduler.kueue()` (the default) or `Scheduler.volcano()`. One per platform.
 */
export class Scheduler {
  /**
   * Kueue (`kueue.x-k8s.io/v1beta2`).
   * @param options cohort, fair sharing, all-or-nothing admission
   */
  public static kueue(options: KueueOptions = {}): Scheduler {
    return new Scheduler(SchedulerKind.KUEUE, options, undefined);
  }

  /**
   * Volcano (`scheduling.volcano.sh/v1beta1`).
   * @param options queue plugin, namespace
   */
  public static volcano(options: VolcanoOptions = {}): Scheduler {
    return new Scheduler(SchedulerKind.VOLCANO, undefined, options);
  }

  /** Which scheduler. */
  public readonly kind: SchedulerKind;
  /** The namespace the scheduler runs in. */
  public readonly namespace: string;
  /** Kueue: the platform cohort's name (undefined until the platform names it, or on Volcano). */
  public readonly cohortName?: string;
  /** Kueue: whether fair sharing is on. */
  public readonly fairSharing: boolean;
  /** Volcano: the queue plugin. */
  public readonly queuePlugin?: VolcanoQueuePlugin;
  /** Volcano: the scheduler ConfigMap's name. */
  public readonly configMapName?: string;

  private readonly allOrNothingOptions?: AllOrNothingOptions;
  private readonly frameworkList?: string[];

  private constructor(kind: SchedulerKind, kueue: KueueOptions | undefined, volcano: VolcanoOptions | undefined) {
    this.kind = kind;
    this.namespace = kueue?.namespace ?? volcano?.namespace ?? (kind === SchedulerKind.KUEUE ? 'kueue-system' : 'volcano-system');
    this.cohortName = kueue?.cohortName;
    this.fairSharing = kueue?.fairSharing ?? false;
    this.allOrNothingOptions = kueue?.allOrNothing;
    this.frameworkList = kueue?.frameworks;
    if (volcano) {
      this.queuePlugin = volcano.queuePlugin ?? VolcanoQueuePlugin.CAPACITY;
      this.configMapName = volcano.configMapName ?? 'volcano-scheduler-configmap';
    }
  }

  /** Kueue: the job frameworks it manages. */
  public get frameworks(): string[] {
    return [...(this.frameworkList ?? DEFAULT_KUEUE_FRAMEWORKS)];
  }

  /** Kueue: all-or-nothing admission, if on. */
  public get allOrNothing(): AllOrNothingOptions | undefined {
    return this.allOrNothingOptions;
  }

  /**
   * Checks the options against the platform; returns the resolved all-or-nothing settings.
   * @internal
   */
  public _validate(scope: IConstruct): ResolvedAllOrNothing | undefined {
    Names.assertDns1123Label(scope, 'scheduler namespace', this.namespace);
    if (this.cohortName !== undefined) Names.assertDns1123Label(scope, 'cohort name', this.cohortName);
    if (this.configMapName !== undefined) Names.assertDns1123Subdomain(scope, 'Volcano scheduler ConfigMap name', this.configMapName);
    if (this.queuePlugin !== undefined && !Object.values(VolcanoQueuePlugin).includes(this.queuePlugin)) {
      throw new ValidationError(ErrorCode.SCHEDULER_OPTION_INVALID, {
        message: 'Unknown Volcano queue plugin.',
        received: this.queuePlugin,
        allowed: Object.values(VolcanoQueuePlugin).join(', '),
        fix: 'Use VolcanoQueuePlugin.CAPACITY or VolcanoQueuePlugin.PROPORTION.',
      }, scope);
    }
    if (this.frameworkList !== undefined) {
      const unknown = this.frameworkList.filter((f) => !KNOWN_KUEUE_FRAMEWORKS.has(f));
      if (unknown.length > 0 || this.frameworkList.length === 0) {
        throw new ValidationError(ErrorCode.SCHEDULER_OPTION_INVALID, {
          message: unknown.length > 0 ? 'Kueue does not know these job frameworks.' : 'Kueue needs at least one job framework.',
          received: this.frameworkList,
          allowed: [...KNOWN_KUEUE_FRAMEWORKS].sort().join(', '),
          fix: 'Name frameworks as Kueue spells them (e.g. batch/job, kubeflow.org/pytorchjob), or leave `frameworks` out.',
        }, scope);
      }
    }
    const options = this.allOrNothingOptions;
    if (!options) return undefined;
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
          received: Number.isFinite(value) ? value : String(value),
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
}

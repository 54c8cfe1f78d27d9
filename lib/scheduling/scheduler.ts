import { ErrorCode } from '../core/errors';
import { Check, optionalProps } from '../core/guards';
import { BackendContext, SchedulerBackend } from '../model/seams';

const optionsCheck = (what: string): Check => ({ code: ErrorCode.SCHEDULER_OPTION_INVALID, what, fix: 'Pass an object of options, or nothing for the defaults.' });

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

/**
 * The platform's batch scheduler: `Scheduler.kueue()` (the default) or `Scheduler.volcano()`. One per platform.
 * Each carries its options to its backend, which renders the queues and checks what the scheduler accepts.
 */
export class Scheduler {
  /**
   * Kueue (`kueue.x-k8s.io/v1beta2`).
   * @param options cohort, fair sharing, all-or-nothing admission
   */
  public static kueue(options: KueueOptions = {}): Scheduler {
    return new Scheduler(SchedulerKind.KUEUE, optionalProps(options, optionsCheck('Scheduler.kueue() options')));
  }

  /**
   * Volcano (`scheduling.volcano.sh/v1beta1`).
   * @param options queue plugin, namespace
   */
  public static volcano(options: VolcanoOptions = {}): Scheduler {
    return new Scheduler(SchedulerKind.VOLCANO, optionalProps(options, optionsCheck('Scheduler.volcano() options')));
  }

  /**
   * A scheduler whose backend is defined outside the library.
   * @internal
   */
  public static _custom(kind: string, backend: (context: BackendContext) => SchedulerBackend): Scheduler {
    return new Scheduler(kind, {}, backend);
  }

  /** Which scheduler: a {@link SchedulerKind} value. */
  public readonly kind: string;

  /**
   * The options given to the factory, read by the scheduler's backend.
   * @internal
   */
  public readonly _options: KueueOptions | VolcanoOptions;

  /**
   * The backend of a scheduler defined outside the library.
   * @internal
   */
  public readonly _backend?: (context: BackendContext) => SchedulerBackend;

  private constructor(kind: string, options: KueueOptions | VolcanoOptions, backend?: (context: BackendContext) => SchedulerBackend) {
    this.kind = kind;
    this._options = options;
    this._backend = backend;
  }
}

import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ICapacityPool } from '../compute/capacity-pool';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertLabels } from '../core/kube-syntax';
import { assertConstructIdFree, constructPathOrType, Names } from '../core/names';
import { compareStrings } from '../core/order';
import { Quantity } from '../core/quantity';
import { MlPlatform, platformOfScope } from '../platform';
import { renderClusterQueue, renderLocalQueue } from '../render/k8s/kueue-queues';
import { renderTeamNamespace, TeamNamespaceObjects } from '../render/k8s/team';
import { renderVolcanoQueue, VolcanoQueueAmounts } from '../render/k8s/volcano';
import { assertFairShareWeight, Department, MANAGED_BY } from './department';
import { SchedulerKind } from './scheduler';
import { coveredResources, FlavorQuota, maxAdmissible, PoolQuota, resolvePoolQuotas } from './team-quota';

/** Pod Security admission level enforced in a team namespace. */
export enum PodSecurityLevel {
  /** No restriction (an explicit opt-out: privileged pods can take over their node). */
  PRIVILEGED = 'privileged',
  /** Blocks known privilege escalations; runs ordinary GPU workloads. */
  BASELINE = 'baseline',
  /** Hardened: non-root, no privilege escalation, seccomp, dropped capabilities. */
  RESTRICTED = 'restricted',
}

/** When a team's workload may preempt others' to take back its guaranteed quota (Kueue `reclaimWithinCohort`). */
export enum ReclaimPolicy {
  /** Never: it waits for borrowers to finish. */
  NEVER = 'Never',
  /** Only borrowers' workloads of lower priority. */
  LOWER_PRIORITY = 'LowerPriority',
  /** Any borrower's workload: the guarantee holds. */
  ANY = 'Any',
}

/** Whether a team's workload may preempt in other teams while it borrows (Kueue `borrowWithinCohort`). */
export enum BorrowPreemptionPolicy {
  /** Never. */
  NEVER = 'Never',
  /** Lower-priority workloads (up to `borrowWithinCohortMaxTier`). */
  LOWER_PRIORITY = 'LowerPriority',
}

/** When a team's workload may preempt the team's own workloads (Kueue `withinClusterQueue`). */
export enum TeamPreemptionPolicy {
  /** Never. */
  NEVER = 'Never',
  /** Lower-priority ones: a higher tier displaces a lower one. */
  LOWER_PRIORITY = 'LowerPriority',
  /** Lower-priority ones, and newer ones of equal priority. */
  LOWER_OR_NEWER_EQUAL_PRIORITY = 'LowerOrNewerEqualPriority',
}

/** Order in which a team's queued workloads are admitted. */
export enum QueueingStrategy {
  /** Oldest first, but a workload that does not fit does not block smaller ones behind it. */
  BEST_EFFORT_FIFO = 'BestEffortFIFO',
  /** Strictly oldest first (within a priority). */
  STRICT_FIFO = 'StrictFIFO',
}

/** Preemption rules of a team (Kueue). */
export interface TeamPreemption {
  /**
   * Taking back guaranteed quota lent to other teams.
   * @default ReclaimPolicy.ANY
   */
  readonly reclaimWithinCohort?: ReclaimPolicy;
  /**
   * Preempting other teams' lower-priority work while borrowing (not with fair sharing, which decides by shares).
   * @default BorrowPreemptionPolicy.NEVER
   */
  readonly borrowWithinCohort?: BorrowPreemptionPolicy;
  /**
   * With `borrowWithinCohort`, only workloads of this tier or lower may be preempted.
   * @default - any lower priority
   */
  readonly borrowWithinCohortMaxTier?: string;
  /**
   * Preempting the team's own work.
   * @default TeamPreemptionPolicy.LOWER_PRIORITY
   */
  readonly withinTeam?: TeamPreemptionPolicy;
}

/** Default requests for containers that set none. */
export interface ContainerDefaults {
  /**
   * CPU request.
   * @default '500m'
   */
  readonly cpu?: string;
  /**
   * Memory request.
   * @default '1Gi'
   */
  readonly memory?: string;
}

/** Properties of a {@link TeamNamespace}. */
export interface TeamNamespaceProps {
  /**
   * The team name: ClusterQueue / Volcano Queue name, LocalQueue name and role-name prefix (a DNS-1123 label).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The team's namespaces.
   * @default - one namespace named after the team
   */
  readonly namespaces?: string[];
  /**
   * Extra labels on the namespaces.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Groups (as the cluster authenticates them, e.g. EKS access-entry groups) bound to the team's admin Role.
   * @default - none
   */
  readonly adminGroups?: string[];
  /**
   * Groups bound to the team's member Role.
   * @default - none
   */
  readonly memberGroups?: string[];
  /**
   * Pod Security level enforced (warn and audit are always `restricted`).
   * @default PodSecurityLevel.BASELINE
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Whether ingress from other teams' namespaces is denied (only the team's and the platform's namespaces may connect).
   * @default true
   */
  readonly networkIsolation?: boolean;
  /**
   * More namespaces whose pods may connect to the team's pods (e.g. an ingress controller's, monitoring).
   * @default - the team's and the platform's namespaces only
   */
  readonly allowIngressFrom?: string[];
  /**
   * Quota per pool, in flavor preference order (the first pool with room wins).
   * @default - no quota: no queue, and no GPUs in the namespace
   */
  readonly quotas?: PoolQuota[];
  /**
   * Whether the team lends idle quota and borrows others' (joins the platform's cohort).
   * @default true
   */
  readonly sharesCapacity?: boolean;
  /**
   * The department the team shares capacity with first.
   * @default - directly in the platform's cohort
   */
  readonly department?: Department;
  /**
   * The team's weight when teams share idle capacity (Kueue: needs fair sharing on; Volcano queue weight, 1-65535).
   * @default 1
   */
  readonly fairShareWeight?: number;
  /**
   * Queueing order (Kueue).
   * @default QueueingStrategy.BEST_EFFORT_FIFO
   */
  readonly queueingStrategy?: QueueingStrategy;
  /**
   * Preemption rules (Kueue).
   * @default - reclaim guaranteed quota from any borrower; higher tiers preempt the team's lower tiers
   */
  readonly preemption?: TeamPreemption;
  /**
   * The priority tiers the team may use; pods of other tiers are refused in its namespaces.
   * @default - every tier
   */
  readonly tiers?: string[];
  /**
   * Name of the LocalQueue in each namespace (Kueue).
   * @default - the team name
   */
  readonly localQueueName?: string;
  /**
   * Total storage the namespace's PersistentVolumeClaims may request (`requests.storage`).
   * @default - no limit
   */
  readonly storageQuota?: string;
  /**
   * Object counts in each namespace (`pods`, `services.loadbalancers`, `count/jobs.batch`, ...).
   * @default { 'services.loadbalancers': 0, 'services.nodeports': 0 } - no cloud load balancers or node ports unless allowed here
   */
  readonly objectCounts?: { [resource: string]: number };
  /**
   * Requests given to containers that set none (ResourceQuota on CPU and memory refuses pods without requests).
   * @default { cpu: '500m', memory: '1Gi' }
   */
  readonly containerDefaults?: ContainerDefaults;
}

/** Namespaces teams may not take: Kubernetes' own. */
const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
const OBJECT_COUNTS = 'pods|services|services\\.loadbalancers|services\\.nodeports|configmaps|secrets|persistentvolumeclaims|replicationcontrollers|resourcequotas';
const OBJECT_COUNT_KEY = new RegExp(`^(${OBJECT_COUNTS}|count/[a-z0-9.-]+)$`);
const TEAM_LABEL = 'ml-platform-cdk.io/team';
const RESERVED_LABEL_PREFIXES = ['pod-security.kubernetes.io/', 'kubernetes.io/metadata.name', TEAM_LABEL, 'app.kubernetes.io/managed-by'];

/**
 * A team on the platform: its namespaces (Pod Security labels, default-deny ingress from other teams,
 * namespace-scoped admin and member Roles, a ResourceQuota and LimitRange) and its share of the pools — on
 * Kueue a ClusterQueue in the platform's cohort (guaranteed = `nominalQuota`, borrowing and lending limits,
 * preemption, fair-share weight) with a LocalQueue per namespace; on Volcano a Queue (deserved, guarantee,
 * capability).
 */
export class TeamNamespace extends Construct {
  /** The team name. */
  public readonly teamName: string;
  /** The team's namespaces. */
  public readonly namespaces: string[];
  /** Whether the team lends and borrows. */
  public readonly sharesCapacity: boolean;
  /** The team's department, if any. */
  public readonly department?: Department;
  /** The tiers the team may use (undefined: all). */
  public readonly tiers?: string[];
  /** The team's Kueue ClusterQueue (undefined on Volcano or without quotas). */
  public readonly clusterQueue?: ApiObject;
  /** The team's Volcano Queue (undefined on Kueue). */
  public readonly volcanoQueue?: ApiObject;

  private readonly platform: MlPlatform;
  private readonly flavorQuotas: FlavorQuota[];
  private readonly objects = new Map<string, TeamNamespaceObjects>();
  private readonly borrowMaxTier?: string;

  constructor(scope: MlPlatform, id: string, props: TeamNamespaceProps = {}) {
    assertConstructIdFree(scope, id, 'team');
    super(scope, id);
    const platform = platformOfScope(scope, this, 'TeamNamespace');
    this.platform = platform;
    const scheduler = platform.scheduler;
    const kueue = scheduler.kind === SchedulerKind.KUEUE;
    this.teamName = props.name ?? id;
    Names.assertDns1123Label(this, 'team name', this.teamName);
    this.namespaces = this.resolveNamespaces(props.namespaces ?? [this.teamName]);
    this.sharesCapacity = props.sharesCapacity ?? true;
    this.department = props.department;
    if (this.department !== undefined && (!(this.department instanceof Department) || MlPlatform.of(this.department) !== platform)) {
      throw new ValidationError(ErrorCode.SCOPE_INVALID, {
        message: '`department` is not a Department of this platform.',
        received: constructPathOrType(this.department),
        fix: 'Pass new Department(platform, id) created under the same MlPlatform.',
      }, this);
    }
    if (this.department && !this.sharesCapacity) {
      throw new ValidationError(ErrorCode.QUOTA_LIMIT_WITHOUT_COHORT, {
        message: 'A team that does not share capacity cannot be in a department (a department is a group that shares).',
        received: { department: this.department.departmentName, sharesCapacity: false },
        fix: 'Drop `department`, or let the team share capacity.',
      }, this);
    }
    const weight = assertFairShareWeight(this, props.fairShareWeight, scheduler.kind, scheduler.fairSharing);
    for (const [what, list] of [['tiers', props.tiers], ['adminGroups', props.adminGroups], ['memberGroups', props.memberGroups], ['allowIngressFrom', props.allowIngressFrom]] as const) {
      if (list !== undefined && !Array.isArray(list)) {
        throw new ValidationError(what === 'tiers' ? ErrorCode.TIER_UNKNOWN : ErrorCode.INVALID_NAME, {
          message: `\`${what}\` must be a list of names.`,
          received: list,
          fix: `Pass an array, e.g. ${what}: ['${what === 'tiers' ? 'batch' : 'name'}'].`,
        }, this);
      }
    }
    this.tiers = props.tiers ? [...props.tiers] : undefined;
    const preemption = this.resolvePreemption(props, scheduler.kind, scheduler.fairSharing);
    this.borrowMaxTier = props.preemption?.borrowWithinCohortMaxTier;
    this.flavorQuotas = resolvePoolQuotas(this, props.quotas ?? [], this.sharesCapacity, (pool) => MlPlatform.of(pool) === platform);
    const covered = coveredResources(this.flavorQuotas);
    if (kueue) assertKueueLimits(this, covered, this.flavorQuotas);
    const localQueueName = props.localQueueName ?? this.teamName;
    Names.assertDns1123Label(this, 'LocalQueue name', localQueueName);
    const containerDefaults = this.resolveContainerDefaults(props.containerDefaults ?? {});
    const objectCounts = this.resolveObjectCounts(props.objectCounts ?? {});
    const storageQuota = props.storageQuota === undefined ? undefined : Quantity.parse(props.storageQuota, this, 'storage quota');
    if (storageQuota?.isNegative()) {
      throw new ValidationError(ErrorCode.QUOTA_INVALID, {
        message: 'The storage quota cannot be negative.',
        received: props.storageQuota,
        fix: 'Use a size such as "10Ti".',
      }, this);
    }
    const labels = props.labels ?? {};
    assertLabels(this, labels, 'namespace label');
    const reserved = Object.keys(labels).find((k) => RESERVED_LABEL_PREFIXES.some((p) => k.startsWith(p)));
    if (reserved) {
      throw new ValidationError(ErrorCode.LABEL_RESERVED, {
        message: `The namespace label ${reserved} is set by the platform.`,
        received: { [reserved]: labels[reserved] },
        fix: 'Use `podSecurity` for Pod Security levels; choose another key for your own labels.',
      }, this);
    }
    const podSecurity = props.podSecurity ?? PodSecurityLevel.BASELINE;
    if (!Object.values(PodSecurityLevel).includes(podSecurity)) {
      throw new ValidationError(ErrorCode.INVALID_NAME, {
        message: 'Unknown Pod Security level.',
        received: podSecurity,
        allowed: Object.values(PodSecurityLevel).join(', '),
        fix: 'Use PodSecurityLevel.BASELINE (default) or RESTRICTED.',
      }, this);
    }
    const allowIngressFrom = props.allowIngressFrom ?? [];
    allowIngressFrom.forEach((ns) => Names.assertDns1123Label(this, 'allowIngressFrom namespace', ns));
    const groups = (what: string, list: string[] | undefined) => {
      for (const g of list ?? []) {
        if (typeof g !== 'string' || g.trim() === '' || g.startsWith('system:')) {
          throw new ValidationError(ErrorCode.INVALID_NAME, {
            message: `${what} must be non-empty group names, not Kubernetes system groups.`,
            received: g,
            fix: 'Name the groups your identity provider or EKS access entries assign (e.g. "ml-research-admins").',
          }, this);
        }
      }
      return [...new Set(list ?? [])].sort(compareStrings);
    };
    const adminGroups = groups('adminGroups', props.adminGroups);
    const memberGroups = groups('memberGroups', props.memberGroups);

    platform._registerTeam(this);

    const clusterScope = platform._clusterScope(this);
    const managed = { ...MANAGED_BY };
    const teamLabels = { ...managed, [TEAM_LABEL]: this.teamName };
    const ingressFrom = props.networkIsolation === false ? undefined
      : [...new Set([...this.namespaces, ...platform.platformNamespaces, ...allowIngressFrom])].sort(compareStrings);
    for (const namespace of this.namespaces) {
      const nsScope = new Construct(clusterScope, namespace);
      this.objects.set(namespace, renderTeamNamespace(nsScope, {
        team: this.teamName,
        namespace,
        labels,
        annotations: kueue ? {} : { 'scheduling.volcano.sh/queue-name': this.teamName },
        podSecurity,
        adminGroups,
        memberGroups,
        ingressFromNamespaces: ingressFrom,
        quotaHard: () => this.quotaHard(storageQuota, objectCounts),
        forbiddenTiers: this.tiers ? () => this.forbiddenTiers() : undefined,
        containerDefaults,
      }, managed));
      if (kueue && this.flavorQuotas.length > 0) renderLocalQueue(nsScope, localQueueName, namespace, this.teamName, teamLabels);
    }
    if (kueue && this.flavorQuotas.length > 0) {
      this.clusterQueue = renderClusterQueue(clusterScope, {
        name: this.teamName,
        cohortName: this.sharesCapacity ? (this.department?.departmentName ?? platform.cohortName) : undefined,
        namespaces: this.namespaces,
        coveredResources: covered,
        flavors: this.flavorQuotas.map((f) => ({
          name: f.pool.flavorName,
          resources: covered.map((name) => {
            const amounts = f.resources.get(name);
            return {
              name,
              nominalQuota: (amounts?.nominal ?? Quantity.of(0)).toString(),
              borrowingLimit: amounts?.borrowingLimit?.toString(),
              lendingLimit: amounts?.lendingLimit?.toString(),
            };
          }),
        })),
        queueingStrategy: props.queueingStrategy ?? QueueingStrategy.BEST_EFFORT_FIFO,
        ...preemption,
        borrowMaxPriorityThreshold: this.borrowMaxTier ? () => this.tierValue(this.borrowMaxTier!) : undefined,
        fairShareWeight: scheduler.fairSharing ? (weight ?? '1') : undefined,
      }, teamLabels);
    }
    if (!kueue) {
      this.volcanoQueue = renderVolcanoQueue(clusterScope, {
        name: this.teamName,
        weight: props.fairShareWeight ?? 1,
        reclaimable: this.sharesCapacity,
        parent: this.department?.departmentName,
        amounts: () => this._volcanoAmounts(),
      }, teamLabels);
    }
  }

  /** The pools the team has quota on, in flavor preference order. */
  public get pools(): ICapacityPool[] {
    return this.flavorQuotas.map((f) => f.pool);
  }

  /**
   * The team's guaranteed amounts on a pool, per resource (with the CPU and memory that come with GPUs);
   * empty when the team has no quota there.
   * @param pool a pool of the platform
   */
  public guaranteedOn(pool: ICapacityPool): { [resourceName: string]: string } {
    const flavor = this.flavorQuotas.find((f) => f.pool === pool);
    return Object.fromEntries([...(flavor?.resources ?? new Map()).entries()].map(([name, a]) => [name, a.nominal.toString()]));
  }

  /**
   * The resolved quota per pool.
   * @internal
   */
  public get _flavorQuotas(): FlavorQuota[] {
    return [...this.flavorQuotas];
  }

  /**
   * The objects of one of the team's namespaces (escape hatch: `addJsonPatch`).
   * @param namespace one of `namespaces`
   */
  public namespaceObjects(namespace: string): TeamNamespaceObjects {
    const found = this.objects.get(namespace);
    if (!found) {
      throw new ValidationError(ErrorCode.INVALID_NAME, {
        message: `Team ${this.teamName} has no namespace ${namespace}.`,
        received: namespace,
        allowed: this.namespaces.join(', '),
        fix: 'Use one of the team\'s namespaces.',
      }, this);
    }
    return found;
  }

  /**
   * Checks what can only be checked once the platform is complete: the tiers the team names exist.
   * @internal
   */
  public _validateAtSynth(): void {
    for (const tier of this.tiers ?? []) this.tierValue(tier);
    if (this.borrowMaxTier) this.tierValue(this.borrowMaxTier);
  }

  /**
   * Volcano amounts: deserved = guaranteed; guarantee = guaranteed - lending limit (the part never lent);
   * capability = guaranteed + borrowing limit, where every pool of the resource has one. A team that does not
   * share gets guarantee = capability = deserved.
   * @internal
   */
  public _volcanoAmounts(): VolcanoQueueAmounts {
    const deserved = new Map<string, Quantity>();
    const guarantee = new Map<string, Quantity>();
    const capability = new Map<string, Quantity | null>();
    const add = (m: Map<string, Quantity>, k: string, q: Quantity) => m.set(k, (m.get(k) ?? Quantity.of(0)).plus(q));
    for (const flavor of this.flavorQuotas) {
      for (const [name, a] of flavor.resources) {
        add(deserved, name, a.nominal);
        const kept = !this.sharesCapacity ? a.nominal : a.lendingLimit ? a.nominal.minus(a.lendingLimit) : undefined;
        if (kept) add(guarantee, name, kept);
        const ceiling = !this.sharesCapacity ? a.nominal : a.borrowingLimit ? a.nominal.plus(a.borrowingLimit) : undefined;
        const prior = capability.get(name);
        capability.set(name, ceiling === undefined || prior === null ? null : (prior ?? Quantity.of(0)).plus(ceiling));
      }
    }
    const out = (m: Map<string, Quantity | null>) => Object.fromEntries(
      [...m.entries()].filter((e): e is [string, Quantity] => e[1] !== null).map(([k, v]) => [k, v.toString()]),
    );
    const positive = (m: Map<string, Quantity>) => new Map([...m.entries()].filter(([, v]) => !v.isZero()));
    return { deserved: out(positive(deserved)), guarantee: out(positive(guarantee)), capability: out(capability) };
  }

  private tierValue(name: string): number {
    const tiers = this.platform.priorityTiers;
    if (!tiers) {
      throw new ValidationError(ErrorCode.TIER_UNKNOWN, {
        message: `Team ${this.teamName} names the priority tier ${name}, but the platform declares no tiers.`,
        received: name,
        fix: 'Declare new PriorityTiers(platform, "tiers") (the standard tiers), or remove the tier from the team.',
      }, this);
    }
    const tier = tiers.tiers.find((t) => t.name === name);
    if (!tier) {
      throw new ValidationError(ErrorCode.TIER_UNKNOWN, {
        message: `Team ${this.teamName} names the priority tier ${name}, which the platform does not declare.`,
        received: name,
        allowed: tiers.tiers.map((t) => t.name).join(', '),
        fix: 'Use a declared tier, or declare it in PriorityTiers `tiers`.',
      }, this);
    }
    return tier.value;
  }

  private forbiddenTiers(): string[] {
    this._validateAtSynth();
    const allowed = new Set(this.tiers);
    return (this.platform.priorityTiers?.tiers ?? []).map((t) => t.name).filter((n) => !allowed.has(n)).sort(compareStrings);
  }

  private quotaHard(storage: Quantity | undefined, objectCounts: Record<string, number>): Record<string, string> {
    const hard: Record<string, string> = {};
    for (const [name, amount] of maxAdmissible(this.flavorQuotas, this.sharesCapacity)) hard[`requests.${name}`] = amount.toString();
    // GPU devices the team has no quota for: none in its namespaces, queued or not.
    for (const device of this.platform._deviceResourceNames()) {
      if (!(`requests.${device}` in hard)) hard[`requests.${device}`] = '0';
    }
    if (storage) hard['requests.storage'] = storage.toString();
    for (const [key, count] of Object.entries(objectCounts)) hard[key] = String(count);
    return Object.fromEntries(Object.keys(hard).sort(compareStrings).map((k) => [k, hard[k]]));
  }

  private resolveNamespaces(namespaces: string[]): string[] {
    if (!Array.isArray(namespaces) || namespaces.length === 0) {
      throw new ValidationError(ErrorCode.INVALID_NAME, {
        message: 'A team needs at least one namespace.',
        received: namespaces,
        fix: 'Leave `namespaces` out for one named after the team, or list them.',
      }, this);
    }
    const seen = new Set<string>();
    for (const ns of namespaces) {
      Names.assertDns1123Label(this, 'namespace', ns);
      if (SYSTEM_NAMESPACES.includes(ns)) {
        throw new ValidationError(ErrorCode.NAMESPACE_RESERVED, {
          message: `Namespace ${ns} belongs to Kubernetes, not to a team.`,
          received: ns,
          allowed: `any namespace but ${SYSTEM_NAMESPACES.join(', ')} and the platform's own`,
          fix: 'Give the team its own namespace.',
        }, this);
      }
      if (seen.has(ns)) {
        throw new ValidationError(ErrorCode.DUPLICATE_NAME, {
          message: `Namespace ${ns} is listed twice.`,
          received: namespaces,
          fix: 'List each namespace once.',
        }, this);
      }
      seen.add(ns);
    }
    return [...namespaces];
  }

  private resolvePreemption(props: TeamNamespaceProps, kind: SchedulerKind, fairSharing: boolean) {
    const p = props.preemption;
    if (kind === SchedulerKind.VOLCANO && (p !== undefined || props.queueingStrategy !== undefined || props.localQueueName !== undefined)) {
      throw new ValidationError(ErrorCode.SCHEDULER_OPTION_UNSUPPORTED, {
        message: 'preemption, queueingStrategy and localQueueName are Kueue settings; on Volcano, queues reclaim and preempt by the scheduler\'s actions and job priorities.',
        received: { preemption: p, queueingStrategy: props.queueingStrategy, localQueueName: props.localQueueName },
        fix: 'Remove them, or use Scheduler.kueue() on the platform.',
      }, this);
    }
    const check = <T extends string>(what: string, value: T | undefined, allowed: Record<string, T>, fallback: T): T => {
      if (value === undefined) return fallback;
      if (!Object.values(allowed).includes(value)) {
        throw new ValidationError(ErrorCode.PREEMPTION_INVALID, {
          message: `Unknown ${what} policy.`,
          received: value,
          allowed: Object.values(allowed).join(', '),
          fix: `Use one of the ${what} enum values.`,
        }, this);
      }
      return value;
    };
    if (props.queueingStrategy !== undefined) check('queueing strategy', props.queueingStrategy, QueueingStrategy, QueueingStrategy.BEST_EFFORT_FIFO);
    const shares = props.sharesCapacity ?? true;
    const reclaim = check('reclaimWithinCohort', p?.reclaimWithinCohort, ReclaimPolicy, shares ? ReclaimPolicy.ANY : ReclaimPolicy.NEVER);
    const borrow = check('borrowWithinCohort', p?.borrowWithinCohort, BorrowPreemptionPolicy, BorrowPreemptionPolicy.NEVER);
    const within = check('withinTeam', p?.withinTeam, TeamPreemptionPolicy, TeamPreemptionPolicy.LOWER_PRIORITY);
    const problem = !shares && (reclaim !== ReclaimPolicy.NEVER || borrow !== BorrowPreemptionPolicy.NEVER)
      ? 'A team that does not share capacity has nobody to reclaim from or borrow from.'
      : borrow !== BorrowPreemptionPolicy.NEVER && reclaim === ReclaimPolicy.NEVER
        ? 'Preempting while borrowing needs reclaimWithinCohort other than NEVER (Kueue rejects it).'
        : borrow !== BorrowPreemptionPolicy.NEVER && fairSharing
          ? 'With fair sharing, Kueue preempts across teams by fair share and ignores borrowWithinCohort.'
          : p?.borrowWithinCohortMaxTier !== undefined && borrow === BorrowPreemptionPolicy.NEVER
            ? 'borrowWithinCohortMaxTier only applies with borrowWithinCohort LOWER_PRIORITY.'
            : undefined;
    if (problem) {
      throw new ValidationError(ErrorCode.PREEMPTION_INVALID, {
        message: problem,
        received: p,
        fix: 'Adjust the team\'s preemption settings (see TeamPreemption).',
      }, this);
    }
    return { reclaimWithinCohort: reclaim, borrowWithinCohort: borrow, withinClusterQueue: within };
  }

  private resolveContainerDefaults(defaults: ContainerDefaults): { cpu: string; memory: string } {
    const parse = (what: string, text: string) => {
      const q = Quantity.parse(text, this, `default ${what} request`);
      if (q.isZero() || q.isNegative()) {
        throw new ValidationError(ErrorCode.QUOTA_INVALID, {
          message: `The default ${what} request must be positive.`,
          received: text,
          fix: `Use e.g. ${what === 'cpu' ? '"500m"' : '"1Gi"'}.`,
        }, this);
      }
      return q.toString();
    };
    return { cpu: parse('cpu', defaults.cpu ?? '500m'), memory: parse('memory', defaults.memory ?? '1Gi') };
  }

  private resolveObjectCounts(counts: { [resource: string]: number }): Record<string, number> {
    for (const [key, value] of Object.entries(counts)) {
      if (!OBJECT_COUNT_KEY.test(key) || !Number.isInteger(value) || value < 0) {
        throw new ValidationError(ErrorCode.QUOTA_INVALID, {
          message: OBJECT_COUNT_KEY.test(key) ? `The count of ${key} must be a whole number, 0 or more.` : `${key} is not an object count a ResourceQuota takes.`,
          received: { [key]: value },
          allowed: 'pods, services, services.loadbalancers, services.nodeports, configmaps, secrets, persistentvolumeclaims, count/<resource>.<group>',
          fix: 'Use a whole number per object kind, e.g. { "count/jobs.batch": 200 }.',
        }, this);
      }
    }
    return { 'services.loadbalancers': 0, 'services.nodeports': 0, ...counts };
  }
}

/** Kueue's limits on one resource group (CRD and webhook): 64 resources, 64 flavors, 512 flavor-resource pairs. */
function assertKueueLimits(team: Construct, covered: string[], flavors: FlavorQuota[]): void {
  const pairs = covered.length * flavors.length;
  if (covered.length > 64 || flavors.length > 64 || pairs > 512) {
    throw new ValidationError(ErrorCode.QUEUE_LIMIT_EXCEEDED, {
      message: 'The team\'s queue would exceed Kueue\'s limits for a resource group.',
      received: { coveredResources: covered.length, flavors: flavors.length, flavorResourcePairs: pairs },
      allowed: 'at most 64 resources, 64 pools and 512 pool-resource pairs',
      fix: 'Give the team quota on fewer pools, or split it into several teams.',
    }, team);
  }
}

import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ICapacityPool } from '../compute/capacity-pool';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertBoolean, idForName, optionalProps } from '../core/guards';
import { assertLabels } from '../core/kube-syntax';
import { NAMESPACE_NAME_LABEL, PlatformLabels } from '../core/labels';
import { assertConstructIdFree, constructPathOrType, KUBERNETES_NAMESPACES, Names } from '../core/names';
import { compareStrings } from '../core/order';
import { Quantity } from '../core/quantity';
import { Member, PlatformContext, platformOf, undoConstruct } from '../model/context';
import { StorageClaimObjects, TeamNamespaceObjects, TeamQueueObjects } from '../model/seams';
import { FlavorQuota, TeamDeclaration } from '../model/types';
import { IStorageTier } from '../storage/storage-tier-props';
import { Department, queueNameClaim, queueNameTaken } from './department';
import { withFleetCheckpointGrants } from './fleet-checkpoints';
import { coveredResources, PoolQuota, resolvePoolQuotas } from './team-quota';
import { ResolvedStorageGrant, resolveStorageGrants, StorageGrant, StorageMount, storageMountOf } from './team-storage';

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
   * Whether pods that name no ServiceAccount (and so run as `default`) get an API token mounted. Off by default:
   * workloads that call the Kubernetes API use a ServiceAccount of their own, or set
   * `automountServiceAccountToken: true` in their pod spec.
   * @default false
   */
  readonly automountDefaultServiceAccountToken?: boolean;
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
   * The storage tiers the team may use, and how much of each: a claim on each in every namespace, and per tier a quota
   * on the tier's storage class (size and claim count). A tier of the platform not listed here gets a quota of 0.
   * @default - no tier: a quota of 0 on every tier of the platform
   */
  readonly storage?: StorageGrant[];
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

const OBJECT_COUNTS = 'pods|services|services\\.loadbalancers|services\\.nodeports|configmaps|secrets|persistentvolumeclaims|replicationcontrollers|resourcequotas';
const OBJECT_COUNT_KEY = new RegExp(`^(${OBJECT_COUNTS}|count/[a-z0-9.-]+)$`);
const RESERVED_LABEL_PREFIXES = ['pod-security.kubernetes.io/', NAMESPACE_NAME_LABEL, PlatformLabels.TEAM, PlatformLabels.MANAGED_BY];

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

  /** Warnings about the team's declaration (e.g. a guarantee on spot-only capacity whose risk was accepted). */
  public readonly warnings: string[] = [];

  private readonly quotas: { readonly pool: ICapacityPool; readonly flavor: FlavorQuota }[];
  private readonly objects = new Map<string, TeamNamespaceObjects>();
  private readonly queueObjects: TeamQueueObjects;
  private readonly storageGrants: ResolvedStorageGrant[];
  private readonly claims = new Map<string, StorageClaimObjects>();

  constructor(scope: Construct, id: string, props: TeamNamespaceProps = {}) {
    assertConstructIdFree(scope, id, 'team');
    super(scope, id);
    try {
      const platform = platformOf(this, 'TeamNamespace');
      const scheduler = platform._scheduler;
      if (props === null || typeof props !== 'object') {
        throw new ValidationError(ErrorCode.INVALID_NAME, {
          message: 'TeamNamespace props must be an object.',
          received: props,
          fix: 'Leave the props out for a team named after the construct, or pass { quotas, namespaces, ... }.',
        }, this);
      }
      this.teamName = props.name ?? id;
      Names.assertDns1123Label(this, 'team name', this.teamName);
      this.namespaces = this.resolveNamespaces(props.namespaces ?? [this.teamName]);
      if (props.sharesCapacity !== undefined && typeof props.sharesCapacity !== 'boolean') {
        throw new ValidationError(ErrorCode.QUOTA_INVALID, {
          message: '`sharesCapacity` must be true or false.',
          received: props.sharesCapacity,
          fix: 'Write sharesCapacity: false (a boolean, not a string) for a team that neither lends nor borrows.',
        }, this);
      }
      this.sharesCapacity = props.sharesCapacity ?? true;
      this.department = props.department;
      if (this.department !== undefined && (!Department.isDepartment(this.department) || platformOf(this.department, 'Department') !== platform)) {
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
      scheduler.checkFairShareWeight(this, props.fairShareWeight);
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
      this.tiers?.forEach((tier) => Names.assertDns1123Label(this, 'tier name in `tiers`', tier));
      this.quotas = resolvePoolQuotas(this, props.quotas ?? [], this.sharesCapacity, (pool) => capacityModelOf(platform, pool));
      const flavors = this.quotas.map((q) => q.flavor);
      const covered = coveredResources(flavors);
      const scheduling = scheduler.resolveTeam(this, {
        name: this.teamName,
        fairShareWeight: props.fairShareWeight,
        queueingStrategy: props.queueingStrategy,
        preemption: props.preemption,
        localQueueName: props.localQueueName,
        sharesCapacity: this.sharesCapacity,
        coveredResources: covered,
        flavorCount: flavors.length,
      });
      const containerDefaults = this.resolveContainerDefaults(optionalProps(props.containerDefaults,
        { scope: this, code: ErrorCode.QUOTA_INVALID, what: '`containerDefaults`', fix: 'Pass { cpu: "500m", memory: "1Gi" }, or leave it out.' }));
      const objectCounts = this.resolveObjectCounts(optionalProps(props.objectCounts,
        { scope: this, code: ErrorCode.QUOTA_INVALID, what: '`objectCounts`', fix: 'Pass a map such as { "count/jobs.batch": 200 }, or leave it out.' }) as Record<string, number>);
      const storageQuota = props.storageQuota === undefined ? undefined : Quantity.parse(props.storageQuota, this, 'storage quota');
      this.storageGrants = withFleetCheckpointGrants(this, platform,
        props.storage === undefined ? [] : resolveStorageGrants(this, platform, props.storage), this.quotas.map((q) => q.pool));
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
      const automountDefaultServiceAccountToken = props.automountDefaultServiceAccountToken ?? false;
      assertBoolean(automountDefaultServiceAccountToken, {
        scope: this, code: ErrorCode.TEAM_OPTION_INVALID, what: '`automountDefaultServiceAccountToken`', fix: 'Write true or false, or leave it out (false).',
      });
      if (props.networkIsolation !== undefined) {
        assertBoolean(props.networkIsolation, {
          scope: this, code: ErrorCode.TEAM_OPTION_INVALID, what: '`networkIsolation`', fix: 'Write true or false (a boolean, not a string), or leave it out (true).',
        });
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
      if (props.networkIsolation !== undefined && typeof props.networkIsolation !== 'boolean') {
        throw new ValidationError(ErrorCode.INVALID_NAME, {
          message: '`networkIsolation` must be true or false.',
          received: props.networkIsolation,
          fix: 'Write networkIsolation: false (a boolean) to opt out of isolation.',
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
      const taken = scheduler.queueNameTakenBy(this.teamName);
      if (taken) throw queueNameTaken(this, this.teamName, taken);
      const reservedNamespace = this.namespaces.find((ns) => platform._systemNamespaces().includes(ns));
      if (reservedNamespace) {
        throw new ValidationError(ErrorCode.NAMESPACE_RESERVED, {
          message: `Namespace ${reservedNamespace} is one of the platform's own.`,
          received: reservedNamespace,
          fix: 'Give every team namespaces of its own.',
        }, this);
      }

      const declaration: TeamDeclaration = {
        name: this.teamName,
        namespaces: this.namespaces,
        labels: { ...labels },
        podSecurity,
        automountDefaultServiceAccountToken,
        adminGroups,
        memberGroups,
        allowIngressFrom: props.networkIsolation === false ? undefined : allowIngressFrom,
        sharesCapacity: this.sharesCapacity,
        department: this.department?.departmentName,
        tiers: this.tiers,
        flavors,
        coveredResources: covered,
        fairShareWeight: props.fairShareWeight,
        queueingStrategy: scheduling.queueingStrategy,
        preemption: scheduling.preemption,
        localQueueName: scheduling.localQueueName,
        storageQuota,
        spotGuaranteeRisks: flavors.filter((f) => f.spotGuaranteeRiskAccepted).map((f) => f.pool).sort(compareStrings),
        storage: this.storageGrants.map((g) => g.grant),
        objectCounts,
        containerDefaults,
      };
      for (const pool of declaration.spotGuaranteeRisks ?? []) {
        const warning = `Team ${this.teamName} is guaranteed capacity on ${pool}, which is spot only: the cloud may reclaim it all at once (risk accepted).`;
        this.warnings.push(warning);
        this.node.addMetadata(WARNING_METADATA, warning);
      }
      platform._register({ kind: 'team', source: this, team: declaration }, [
        queueNameClaim(this.teamName, 'Team'),
        ...this.namespaces.map((ns) => ({
          space: 'namespace',
          name: ns,
          holder: `team ${this.teamName}`,
          clash: (holder: string) => `Namespace ${ns} already belongs to ${holder}.`,
          fix: 'Give every team namespaces of its own.',
        })),
      ]);

      const teamScope = platform._clusterScope('team', this.teamName);
      const annotations = scheduler.namespaceAnnotations(this.teamName);
      const namespaceScopes = new Map<string, Construct>();
      for (const namespace of this.namespaces) {
        const nsScope = new Construct(teamScope, idForName(namespace));
        namespaceScopes.set(namespace, nsScope);
        this.objects.set(namespace, platform._core.renderTeamNamespace(nsScope, declaration, namespace, annotations));
        for (const { model, grant } of this.storageGrants) {
          this.claims.set(`${model.name}/${namespace}`, platform._core.renderStorageClaim(nsScope, model, grant, this.teamName, namespace));
        }
      }
      for (const { model, grant } of this.storageGrants) {
        platform._target.renderStorageAccess(platform._cloudScope('storage', model.name), model, this.teamName, this.namespaces, grant);
      }
      this.queueObjects = scheduler.renderTeam(teamScope, namespaceScopes, declaration);
    } catch (e) {
      undoConstruct(this);
      throw e;
    }
  }

  /** The team's Kueue ClusterQueue (escape hatch); undefined on other schedulers, or without quotas. */
  public get clusterQueue(): ApiObject | undefined {
    return this.queueObjects.clusterQueue;
  }

  /** The team's Volcano Queue (escape hatch); undefined on other schedulers. */
  public get volcanoQueue(): ApiObject | undefined {
    return this.queueObjects.volcanoQueue;
  }

  /**
   * The team's Kueue LocalQueue in one of its namespaces (escape hatch); undefined on other schedulers, or without quotas.
   * @param namespace one of `namespaces`
   */
  public localQueue(namespace: string): ApiObject | undefined {
    this.namespaceObjects(namespace);
    return this.queueObjects.localQueues.get(namespace);
  }

  /** The storage tiers the team was given, sorted by name. */
  public get storageTiers(): IStorageTier[] {
    return this.storageGrants.map((g) => g.tier);
  }

  /**
   * What a job of the team needs to mount a tier: claim name, mount path, read-only, pod annotations. A tier the team
   * was not given is STORAGE_TIER_NOT_GRANTED.
   * @param tier a storage tier of the platform
   */
  public storageMount(tier: IStorageTier): StorageMount {
    return storageMountOf(this, this.teamName, this.storageGrants, tier);
  }

  /**
   * The team's claim on a tier in one of its namespaces, and its PersistentVolume once known (escape hatch).
   * @param tier a storage tier the team was given
   * @param namespace one of `namespaces`
   */
  public storageClaim(tier: IStorageTier, namespace: string): StorageClaimObjects {
    const mount = this.storageMount(tier);
    this.namespaceObjects(namespace);
    return this.claims.get(`${mount.tierName}/${namespace}`)!;
  }

  /** The pools the team has quota on, in flavor preference order. */
  public get pools(): ICapacityPool[] {
    return this.quotas.map((q) => q.pool);
  }

  /**
   * The team's guaranteed amounts on a pool, per resource (with the CPU and memory that come with GPUs);
   * empty when the team has no quota there.
   * @param pool a pool of the platform
   */
  public guaranteedOn(pool: ICapacityPool): { [resourceName: string]: string } {
    const flavor = this.quotas.find((q) => q.pool === pool)?.flavor;
    return Object.fromEntries([...(flavor?.resources ?? new Map()).entries()].map(([name, a]) => [name, a.nominal.toString()]));
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
      if (KUBERNETES_NAMESPACES.includes(ns)) {
        throw new ValidationError(ErrorCode.NAMESPACE_RESERVED, {
          message: `Namespace ${ns} belongs to Kubernetes, not to a team.`,
          received: ns,
          allowed: `any namespace but ${KUBERNETES_NAMESPACES.join(', ')} and the platform's own`,
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
      if (!OBJECT_COUNT_KEY.test(key) || !Number.isSafeInteger(value) || value < 0) {
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

/** The metadata type of the warnings the library records on constructs. */
export const WARNING_METADATA = 'ml-platform-cdk:warning';

/**
 * The model of a pool (or spot fleet) in the team's platform; undefined when it belongs to another platform, or is
 * one of a fleet's own pools (teams get quota on the fleet).
 */
function capacityModelOf(platform: PlatformContext, pool: ICapacityPool) {
  const member: Member | undefined = platform._claimant('pool', pool.poolName);
  if (!member || member.source !== pool) return undefined;
  return member.kind === 'gpu-pool' || member.kind === 'cpu-pool' || member.kind === 'external-pool' || member.kind === 'spot-fleet' ? member.capacity : undefined;
}

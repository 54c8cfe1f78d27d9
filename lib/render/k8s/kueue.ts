import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { NAMESPACE_NAME_LABEL } from '../../core/labels';
import { Taint } from '../../core/taint';
import { Toleration } from './toleration';
import { ClusterQueue, Cohort, ConfigMap, kueue, lazy, LocalQueue, ResourceFlavor, WorkloadPriorityClass } from './typed';

/** The Kueue API version emitted (v1beta1 is deprecated: reference/kubernetes-apis.md §0). */
export const KUEUE_API_VERSION = 'kueue.x-k8s.io/v1beta2';

export interface ResourceFlavorProps {
  readonly name: string;
  readonly nodeLabels: Record<string, string>;
  readonly tolerations?: Toleration[];
  /** Taints workloads must tolerate themselves to get the flavor (Kueue does not add tolerations for these). */
  readonly nodeTaints?: Taint[];
  readonly annotations?: Record<string, string>;
  readonly labels?: Record<string, string>;
}

/**
 * A Kueue ResourceFlavor. `nodeLabels` become the admitted pods' node selector; `tolerations`
 * are added to admitted pods so that they can land on the tainted pool; `nodeTaints` keep the flavor from
 * workloads that do not tolerate them themselves (the spot taint).
 */
export function renderResourceFlavor(scope: Construct, props: ResourceFlavorProps): ApiObject {
  const nodeTaints = props.nodeTaints?.map((t) => ({ key: t.key, value: t.value, effect: t.effect }));
  return new ResourceFlavor(scope, 'ResourceFlavor', {
    metadata: { name: props.name, labels: props.labels, annotations: props.annotations },
    spec: { nodeLabels: props.nodeLabels, nodeTaints: nodeTaints && nodeTaints.length > 0 ? nodeTaints : undefined, tolerations: props.tolerations },
  });
}

/** One resource of one flavor in a ClusterQueue, quantities in canonical form. */
export interface QueueResourceModel {
  readonly name: string;
  readonly nominalQuota: string;
  readonly borrowingLimit?: string;
  readonly lendingLimit?: string;
}

/** One flavor of a ClusterQueue's resource group. */
export interface QueueFlavorModel {
  readonly name: string;
  /** In the order of the group's `coveredResources` (Kueue's webhook requires the same order). */
  readonly resources: QueueResourceModel[];
}

/** A team's ClusterQueue. */
export interface ClusterQueueModel {
  readonly name: string;
  /** Undefined: the team neither borrows nor lends. */
  readonly cohortName?: string;
  readonly namespaces: string[];
  readonly coveredResources: string[];
  readonly flavors: QueueFlavorModel[];
  readonly queueingStrategy: string;
  readonly reclaimWithinCohort: string;
  readonly borrowWithinCohort: string;
  readonly borrowMaxPriorityThreshold?: number;
  readonly withinClusterQueue: string;
  /** Set when the platform uses fair sharing. */
  readonly fairShareWeight?: string;
  /** How admission moves along the flavors (Kueue spellings); undefined keeps Kueue's defaults. */
  readonly flavorFungibility?: { readonly whenCanBorrow: string; readonly whenCanPreempt: string };
}

/**
 * Kueue ClusterQueue (`v1beta2`), its spec produced at synth. The namespace selector names the team's namespaces:
 * never null (null admits nothing).
 */
export function renderClusterQueue(
  scope: Construct, name: string, model: () => ClusterQueueModel, labels: Record<string, string>, annotations?: Record<string, string>,
): ApiObject {
  return new ClusterQueue(scope, 'ClusterQueue', {
    metadata: { name, labels, annotations: annotations && Object.keys(annotations).length > 0 ? annotations : undefined },
    spec: lazy(() => clusterQueueSpec(model())),
  });
}

function clusterQueueSpec(m: ClusterQueueModel): kueue.ClusterQueueSpec {
  const amount = <T>(type: { fromString(value: string): T }, value: string | undefined) => (value === undefined ? undefined : type.fromString(value));
  return {
    cohortName: m.cohortName,
    namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: m.namespaces }] },
    queueingStrategy: m.queueingStrategy as kueue.ClusterQueueSpecQueueingStrategy,
    resourceGroups: [{
      coveredResources: m.coveredResources,
      flavors: m.flavors.map((f) => ({
        name: f.name,
        resources: f.resources.map((r) => ({
          name: r.name,
          nominalQuota: kueue.ClusterQueueSpecResourceGroupsFlavorsResourcesNominalQuota.fromString(r.nominalQuota),
          borrowingLimit: amount(kueue.ClusterQueueSpecResourceGroupsFlavorsResourcesBorrowingLimit, r.borrowingLimit),
          lendingLimit: amount(kueue.ClusterQueueSpecResourceGroupsFlavorsResourcesLendingLimit, r.lendingLimit),
        })),
      })),
    }],
    preemption: {
      reclaimWithinCohort: m.reclaimWithinCohort as kueue.ClusterQueueSpecPreemptionReclaimWithinCohort,
      borrowWithinCohort: {
        policy: m.borrowWithinCohort as kueue.ClusterQueueSpecPreemptionBorrowWithinCohortPolicy,
        maxPriorityThreshold: m.borrowMaxPriorityThreshold,
      },
      withinClusterQueue: m.withinClusterQueue as kueue.ClusterQueueSpecPreemptionWithinClusterQueue,
    },
    fairSharing: m.fairShareWeight === undefined ? undefined : { weight: kueue.ClusterQueueSpecFairSharingWeight.fromString(m.fairShareWeight) },
    flavorFungibility: m.flavorFungibility === undefined ? undefined : {
      whenCanBorrow: m.flavorFungibility.whenCanBorrow as kueue.ClusterQueueSpecFlavorFungibilityWhenCanBorrow,
      whenCanPreempt: m.flavorFungibility.whenCanPreempt as kueue.ClusterQueueSpecFlavorFungibilityWhenCanPreempt,
    },
  };
}

/** Kueue LocalQueue: the queue a team namespace's jobs name (`kueue.x-k8s.io/queue-name`). */
export function renderLocalQueue(scope: Construct, name: string, namespace: string, clusterQueue: string, labels: Record<string, string>): ApiObject {
  return new LocalQueue(scope, 'LocalQueue', {
    metadata: { name, namespace, labels },
    spec: { clusterQueue },
  });
}

/** Kueue Cohort: the platform's (root) or a department's (with `parentName`). */
export function renderCohort(
  scope: Construct, name: string, parentName: string | undefined, fairShareWeight: string | undefined, labels: Record<string, string>,
): ApiObject {
  return new Cohort(scope, 'Cohort', {
    metadata: { name, labels },
    spec: { parentName, fairSharing: fairShareWeight === undefined ? undefined : { weight: kueue.CohortSpecFairSharingWeight.fromString(fairShareWeight) } },
  });
}

/** A Kueue WorkloadPriorityClass (v1beta2: `value` and `description` at the top level, no spec). */
export function renderWorkloadPriorityClass(
  scope: Construct, props: { readonly name: string; readonly value: number; readonly description?: string }, labels: Record<string, string>,
): ApiObject {
  return new WorkloadPriorityClass(scope, 'WorkloadPriorityClass', {
    metadata: { name: props.name, labels },
    value: props.value,
    description: props.description,
  });
}

/** What the Kueue manager configuration says. */
export interface KueueConfigModel {
  readonly namespace: string;
  readonly frameworks: string[];
  /** Resource-name prefixes Kueue does not count (resources no queue covers, such as EFA interfaces). */
  readonly excludeResourcePrefixes: string[];
  readonly fairSharing: boolean;
  readonly allOrNothing?: ResolvedAllOrNothing;
}

/** All-or-nothing settings with defaults applied. */
export interface ResolvedAllOrNothing {
  readonly timeoutMinutes: number;
  readonly recoveryTimeoutMinutes: number;
  readonly blockAdmission: boolean;
  readonly backoffBaseSeconds: number;
  readonly backoffMaxSeconds: number;
}

/** The ConfigMap the Kueue manager reads its configuration from (installed as `kueue-manager-config`). */
export const KUEUE_CONFIG_MAP = 'kueue-manager-config';
/** The key of the configuration file in it. */
export const KUEUE_CONFIG_KEY = 'controller_manager_config.yaml';

/** The Kueue manager configuration (`config.kueue.x-k8s.io/v1beta2`), as the object Kueue parses. */
export function kueueConfiguration(model: KueueConfigModel): Record<string, unknown> {
  const wait = model.allOrNothing;
  return {
    apiVersion: 'config.kueue.x-k8s.io/v1beta2',
    kind: 'Configuration',
    namespace: model.namespace,
    health: { healthProbeBindAddress: ':8081' },
    metrics: { bindAddress: ':8443', enableClusterQueueResources: true },
    webhook: { port: 9443 },
    leaderElection: { leaderElect: true, resourceName: 'c1f6bfd2.kueue.x-k8s.io' },
    manageJobsWithoutQueueName: false,
    integrations: { frameworks: model.frameworks },
    // Pods asking for these would otherwise be inadmissible: no ClusterQueue covers scratch space or EFA interfaces.
    resources: { excludeResourcePrefixes: model.excludeResourcePrefixes },
    ...(wait ? {
      waitForPodsReady: {
        timeout: `${wait.timeoutMinutes}m`,
        recoveryTimeout: `${wait.recoveryTimeoutMinutes}m`,
        blockAdmission: wait.blockAdmission,
        // No backoffLimitCount: requeue forever with backoff, never deactivate a job for waiting out a shortage.
        requeuingStrategy: { timestamp: 'Eviction', backoffBaseSeconds: wait.backoffBaseSeconds, backoffMaxSeconds: wait.backoffMaxSeconds },
      },
    } : {}),
    ...(model.fairSharing ? { fairSharing: { preemptionStrategies: ['LessThanOrEqualToFinalShare', 'LessThanInitialShare'] } } : {}),
  };
}

/** The Kueue manager ConfigMap, its content read at synth; its file is JSON, which Kueue's YAML reader accepts. */
export function renderKueueConfig(scope: Construct, namespace: string, model: () => KueueConfigModel, labels: Record<string, string>): ApiObject {
  return new ConfigMap(scope, 'ManagerConfig', {
    metadata: { name: KUEUE_CONFIG_MAP, namespace, labels },
    data: { [KUEUE_CONFIG_KEY]: lazy(() => `${JSON.stringify(kueueConfiguration(model()), undefined, 2)}\n`) },
  });
}

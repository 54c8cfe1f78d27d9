import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ConfigMap, lazy, typedMap, volcano, VolcanoQueue } from './typed';

/** The Volcano queue API version (reference/kubernetes-apis.md §0). */
export const VOLCANO_API_VERSION = 'scheduling.volcano.sh/v1beta1';

/** A Volcano Queue's amounts, per resource, canonical quantities. */
export interface VolcanoQueueAmounts {
  /** What the queue is entitled to (capacity plugin); reclaimed back from borrowers. */
  readonly deserved: Record<string, string>;
  /** Reserved for the queue, never lent. Omitted when empty. */
  readonly guarantee: Record<string, string>;
  /** Hard ceiling; resources without an entry are unlimited. Omitted when empty. */
  readonly capability: Record<string, string>;
}

/** A team's or a department's Volcano Queue. */
export interface VolcanoQueueModel {
  readonly name: string;
  readonly weight: number;
  readonly reclaimable: boolean;
  /** Department queue (hierarchical capacity plugin only). */
  readonly parent?: string;
  /** Read at synth: a department's amounts add up its teams', which may be declared later. */
  readonly amounts: () => VolcanoQueueAmounts;
}

/** Volcano Queue (`scheduling.volcano.sh/v1beta1`, cluster-scoped). */
export function renderVolcanoQueue(scope: Construct, model: VolcanoQueueModel, labels: Record<string, string>): ApiObject {
  return new VolcanoQueue(scope, 'Queue', {
    metadata: { name: model.name, labels },
    spec: lazy((): volcano.QueueSpec => {
      const amounts = model.amounts();
      const guarantee = typedMap(amounts.guarantee, volcano.QueueSpecGuaranteeResource.fromString);
      return {
        weight: model.weight,
        reclaimable: model.reclaimable,
        parent: model.parent,
        deserved: typedMap(amounts.deserved, volcano.QueueSpecDeserved.fromString),
        guarantee: guarantee ? { resource: guarantee } : undefined,
        capability: typedMap(amounts.capability, volcano.QueueSpecCapability.fromString),
      };
    }),
  });
}

/** What the Volcano scheduler configuration depends on. */
export interface VolcanoSchedulerModel {
  readonly namespace: string;
  readonly configMapName: string;
  /** `capacity` or `proportion`: never both. */
  readonly queuePlugin: string;
  /** Whether department queues exist (capacity plugin with `enableHierarchy`). */
  readonly hierarchy: boolean;
  /** GPU device resources of the platform's pools, packed by `binpack`. */
  readonly deviceResources: string[];
}

/** The key of the scheduler configuration in its ConfigMap. */
export const VOLCANO_CONFIG_KEY = 'volcano-scheduler.conf';

/**
 * The Volcano scheduler configuration: enqueue, allocate, preempt, reclaim and backfill (the shipped default has
 * no preempt or reclaim, so guarantees would never be restored); gang, priority, drf, predicates and the queue
 * plugin; binpack fills GPU nodes before opening new ones.
 */
export function volcanoSchedulerConfiguration(model: VolcanoSchedulerModel): Record<string, unknown> {
  const queuePlugin = model.queuePlugin === 'capacity' && model.hierarchy
    ? { name: 'capacity', enableHierarchy: true }
    : { name: model.queuePlugin };
  const binpackArguments: Record<string, string | number> = { 'binpack.weight': 10, 'binpack.cpu': 1, 'binpack.memory': 1 };
  if (model.deviceResources.length > 0) {
    binpackArguments['binpack.resources'] = model.deviceResources.join(',');
    for (const resource of model.deviceResources) binpackArguments[`binpack.resources.${resource}`] = 5;
  }
  return {
    actions: 'enqueue, allocate, preempt, reclaim, backfill',
    tiers: [
      { plugins: [{ name: 'priority' }, { name: 'gang', enablePreemptable: false }, { name: 'conformance' }] },
      {
        plugins: [
          { name: 'drf', enablePreemptable: false },
          { name: 'predicates' },
          queuePlugin,
          { name: 'nodeorder' },
          { name: 'binpack', arguments: binpackArguments },
        ],
      },
    ],
  };
}

/** The Volcano scheduler ConfigMap; its file is JSON, which the scheduler's YAML reader accepts. */
export function renderVolcanoSchedulerConfig(
  scope: Construct, model: () => VolcanoSchedulerModel, where: { namespace: string; name: string }, labels: Record<string, string>,
): ApiObject {
  return new ConfigMap(scope, 'SchedulerConfig', {
    metadata: { name: where.name, namespace: where.namespace, labels },
    data: { [VOLCANO_CONFIG_KEY]: lazy(() => `${JSON.stringify(volcanoSchedulerConfiguration(model()), undefined, 2)}\n`) },
  });
}

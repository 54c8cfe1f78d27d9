/**
 * Test-side checks of the rules Kueue's and Volcano's validating admission webhooks enforce and no CRD schema
 * (OpenAPI or CEL) expresses, written from ../shared/reference/kubernetes-apis.md §2.1, §2.5, §2.9 and §3.1, plus
 * the cross-object references the webhooks leave to the controllers (a ClusterQueue's flavors, a LocalQueue's
 * ClusterQueue, a Cohort's parent): an API server would accept those objects, but they would admit nothing.
 *
 * Every problem starts with its rule id in brackets (`[kueue/lending-exceeds-nominal] ClusterQueue a: ...`), so that
 * tests can tell which rule fired. The checkers read plain objects (as synthesized or parsed from YAML) and never throw.
 */
import { Quantity } from '../../lib';

/** The Kueue rules, by id. */
export const KUEUE_RULES = [
  'kueue/quantity-invalid',
  'kueue/quota-negative',
  'kueue/resources-order',
  'kueue/lending-exceeds-nominal',
  'kueue/limit-without-cohort',
  'kueue/resource-in-several-groups',
  'kueue/flavor-in-several-groups',
  'kueue/too-many-flavors',
  'kueue/too-many-resources',
  'kueue/too-many-flavor-resources',
  'kueue/namespace-selector-missing',
  'kueue/label-selector-invalid',
  'kueue/fair-sharing-weight',
  'kueue/flavor-unknown',
  'kueue/cluster-queue-unknown',
  'kueue/cohort-unknown',
  'kueue/cohort-parent-unknown',
  'kueue/cohort-cycle',
] as const;

/** The Volcano rules, by id. */
export const VOLCANO_RULES = [
  'volcano/quantity-invalid',
  'volcano/quantity-negative',
  'volcano/guarantee-not-deserved',
  'volcano/guarantee-exceeds-deserved',
  'volcano/deserved-exceeds-capability',
  'volcano/parent-self',
  'volcano/parent-unknown',
  'volcano/parent-cycle',
  'volcano/capability-exceeds-ancestor',
  'volcano/children-exceed-parent',
  'volcano/too-deep',
  'volcano/weight',
] as const;

export type KueueRule = typeof KUEUE_RULES[number];
export type VolcanoRule = typeof VOLCANO_RULES[number];

const KUEUE_GROUP = 'kueue.x-k8s.io';
const VOLCANO_GROUP = 'scheduling.volcano.sh';

/** Kueue v0.19.2 webhook limits (clusterqueue_webhook.go). */
const MAX_FLAVORS = 256;
const MAX_COVERED_RESOURCES = 256;
const MAX_FLAVOR_RESOURCES_PER_GROUP = 512;
/** Volcano's default `--max-queue-depth`. */
const MAX_QUEUE_DEPTH = 5;
/** Volcano's built-in root queue: created by the scheduler, never rendered, tracks the cluster total. */
const VOLCANO_ROOT = 'root';

const ONE_NANO = Quantity.parse('1n');

/** The Kubernetes object's API group (`kueue.x-k8s.io` from `kueue.x-k8s.io/v1beta2`; '' for core). */
function groupOf(obj: any): string {
  const apiVersion = String(obj?.apiVersion ?? '');
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

function isKind(obj: any, group: string, kind: string): boolean {
  return obj?.kind === kind && groupOf(obj) === group;
}

function nameOf(obj: any): string {
  return String(obj?.metadata?.name ?? '<unnamed>');
}

/** Collects problems as `[rule] subject: message`. */
class Problems<R extends string> {
  public readonly list: string[] = [];

  add(rule: R, subject: string, message: string): void {
    this.list.push(`[${rule}] ${subject}: ${message}`);
  }

  /** The quantity, or undefined (after reporting it) when it does not parse. Quantities may be YAML numbers. */
  quantity(rule: R, subject: string, where: string, value: unknown): Quantity | undefined {
    if (typeof value !== 'string' && typeof value !== 'number') {
      this.add(rule, subject, `${where} is not a quantity (${JSON.stringify(value)})`);
      return undefined;
    }
    try {
      return Quantity.parse(String(value));
    } catch (e: any) {
      this.add(rule, subject, `${where} = ${JSON.stringify(value)} does not parse: ${e?.message ?? e}`);
      return undefined;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Kueue
// ---------------------------------------------------------------------------------------------------------------

/**
 * Problems with the Kueue objects among `objects` (other objects are ignored): the ClusterQueue and Cohort
 * webhook rules (resource groups, quotas, limits, selector, fair-sharing weight) and the references between the
 * objects of one output (flavors, LocalQueue → ClusterQueue, cohorts and cohort parents, cohort cycles).
 */
export function kueueWebhookProblems(objects: any[]): string[] {
  const problems = new Problems<KueueRule>();
  const clusterQueues = objects.filter((o) => isKind(o, KUEUE_GROUP, 'ClusterQueue'));
  const cohorts = objects.filter((o) => isKind(o, KUEUE_GROUP, 'Cohort'));
  const flavorNames = new Set(objects.filter((o) => isKind(o, KUEUE_GROUP, 'ResourceFlavor')).map(nameOf));
  const clusterQueueNames = new Set(clusterQueues.map(nameOf));
  const cohortParents = new Map<string, string | undefined>(cohorts.map((c) => [nameOf(c), c?.spec?.parentName]));

  for (const cq of clusterQueues) {
    const subject = `ClusterQueue ${nameOf(cq)}`;
    const spec = cq?.spec ?? {};
    const cohort = nonEmpty(spec.cohortName);
    checkResourceGroups(problems, subject, spec.resourceGroups, cohort !== undefined, 'cohortName');
    checkFairSharingWeight(problems, subject, spec.fairSharing);
    if (spec.namespaceSelector === undefined || spec.namespaceSelector === null) {
      problems.add('kueue/namespace-selector-missing', subject,
        'spec.namespaceSelector is not set: a null selector matches no namespace, so the queue admits nothing (use {} for all namespaces)');
    } else {
      checkLabelSelector(problems, subject, 'spec.namespaceSelector', spec.namespaceSelector);
    }
    for (const [g, group] of asArray(spec.resourceGroups).entries()) {
      for (const [f, flavor] of asArray(group?.flavors).entries()) {
        if (!flavorNames.has(flavor?.name)) {
          problems.add('kueue/flavor-unknown', subject,
            `resourceGroups[${g}].flavors[${f}] names ResourceFlavor ${flavor?.name}, which the output does not contain (the queue stays inactive)`);
        }
      }
    }
    if (cohort !== undefined && !cohortParents.has(cohort)) {
      problems.add('kueue/cohort-unknown', subject, `spec.cohortName ${cohort} names no Cohort of the output (the library renders every cohort it uses)`);
    }
  }

  for (const lq of objects.filter((o) => isKind(o, KUEUE_GROUP, 'LocalQueue'))) {
    const target = lq?.spec?.clusterQueue;
    if (!clusterQueueNames.has(target)) {
      problems.add('kueue/cluster-queue-unknown', `LocalQueue ${lq?.metadata?.namespace}/${nameOf(lq)}`,
        `spec.clusterQueue ${JSON.stringify(target)} names no ClusterQueue of the output`);
    }
  }

  for (const cohort of cohorts) {
    const subject = `Cohort ${nameOf(cohort)}`;
    const spec = cohort?.spec ?? {};
    const parent = nonEmpty(spec.parentName);
    // A Cohort's own quota is a shared pool on top of its members'; its limits need a parent to borrow from / lend to.
    checkResourceGroups(problems, subject, spec.resourceGroups, parent !== undefined, 'parentName');
    checkFairSharingWeight(problems, subject, spec.fairSharing);
    if (parent !== undefined && !cohortParents.has(parent)) {
      problems.add('kueue/cohort-parent-unknown', subject, `spec.parentName ${parent} names no Cohort of the output`);
    }
    const seen = [nameOf(cohort)];
    for (let at = parent; at !== undefined; at = nonEmpty(cohortParents.get(at))) {
      if (at === nameOf(cohort)) {
        problems.add('kueue/cohort-cycle', subject, `the parent chain ${[...seen, at].join(' -> ')} is a cycle (Kueue disables every member)`);
        break;
      }
      if (seen.includes(at)) break; // a cycle further up, reported for its own members
      seen.push(at);
    }
  }
  return problems.list;
}

function checkResourceGroups(problems: Problems<KueueRule>, subject: string, groups: unknown, canBorrowOrLend: boolean, link: string): void {
  const resourceGroup = new Map<string, number>();
  const flavorGroup = new Map<string, number>();
  let flavorCount = 0;
  let resourceCount = 0;
  for (const [g, group] of asArray(groups).entries()) {
    const covered: unknown[] = asArray(group?.coveredResources);
    const flavors: any[] = asArray(group?.flavors);
    resourceCount += covered.length;
    flavorCount += flavors.length;
    if (covered.length * flavors.length > MAX_FLAVOR_RESOURCES_PER_GROUP) {
      problems.add('kueue/too-many-flavor-resources', subject,
        `resourceGroups[${g}] has ${flavors.length} flavors x ${covered.length} resources = ${covered.length * flavors.length} combinations (at most ${MAX_FLAVOR_RESOURCES_PER_GROUP})`);
    }
    for (const resource of covered) {
      const first = resourceGroup.get(String(resource));
      if (first !== undefined) {
        problems.add('kueue/resource-in-several-groups', subject, `${String(resource)} is covered by resourceGroups[${first}] and resourceGroups[${g}]`);
      } else {
        resourceGroup.set(String(resource), g);
      }
    }
    for (const [f, flavor] of flavors.entries()) {
      const at = `resourceGroups[${g}].flavors[${f}]`;
      const first = flavorGroup.get(String(flavor?.name));
      if (first !== undefined) {
        problems.add('kueue/flavor-in-several-groups', subject, `flavor ${flavor?.name} appears again in ${at} (first in resourceGroups[${first}])`);
      } else {
        flavorGroup.set(String(flavor?.name), g);
      }
      const resources: any[] = asArray(flavor?.resources);
      const names = resources.map((r) => r?.name);
      if (names.length !== covered.length || names.some((n, i) => n !== covered[i])) {
        problems.add('kueue/resources-order', subject,
          `${at} lists resources [${names.join(', ')}], not coveredResources [${covered.join(', ')}] in the same order`);
      }
      for (const [r, resource] of resources.entries()) {
        checkResourceQuota(problems, subject, `${at}.resources[${r}] (${resource?.name})`, resource ?? {}, canBorrowOrLend, link);
      }
    }
  }
  if (flavorCount > MAX_FLAVORS) problems.add('kueue/too-many-flavors', subject, `${flavorCount} flavors in all resource groups (at most ${MAX_FLAVORS})`);
  if (resourceCount > MAX_COVERED_RESOURCES) {
    problems.add('kueue/too-many-resources', subject, `${resourceCount} covered resources in all resource groups (at most ${MAX_COVERED_RESOURCES})`);
  }
}

function checkResourceQuota(problems: Problems<KueueRule>, subject: string, at: string, resource: any, canBorrowOrLend: boolean, link: string): void {
  const read = (field: string): Quantity | undefined => {
    const value = resource[field];
    if (value === undefined || value === null) return undefined;
    const q = problems.quantity('kueue/quantity-invalid', subject, `${at}.${field}`, value);
    if (q?.isNegative()) problems.add('kueue/quota-negative', subject, `${at}.${field} = ${q.toString()} is negative`);
    return q;
  };
  if (resource.nominalQuota === undefined || resource.nominalQuota === null) {
    problems.add('kueue/quantity-invalid', subject, `${at}.nominalQuota is missing`);
  }
  const nominal = read('nominalQuota');
  read('borrowingLimit');
  const lending = read('lendingLimit');
  if (nominal && lending && lending.compare(nominal) > 0) {
    problems.add('kueue/lending-exceeds-nominal', subject, `${at}.lendingLimit ${lending.toString()} exceeds nominalQuota ${nominal.toString()}`);
  }
  for (const field of ['borrowingLimit', 'lendingLimit']) {
    if (!canBorrowOrLend && resource[field] !== undefined && resource[field] !== null) {
      problems.add('kueue/limit-without-cohort', subject, `${at}.${field} is set without spec.${link}`);
    }
  }
}

function checkFairSharingWeight(problems: Problems<KueueRule>, subject: string, fairSharing: any): void {
  const value = fairSharing?.weight;
  if (value === undefined || value === null) return;
  const weight = problems.quantity('kueue/fair-sharing-weight', subject, 'spec.fairSharing.weight', value);
  if (weight && (weight.isNegative() || (!weight.isZero() && weight.compare(ONE_NANO) <= 0))) {
    problems.add('kueue/fair-sharing-weight', subject, `spec.fairSharing.weight ${weight.toString()} must be 0 or more than 1e-9`);
  }
}

function checkLabelSelector(problems: Problems<KueueRule>, subject: string, at: string, selector: any): void {
  if (typeof selector !== 'object' || Array.isArray(selector)) {
    problems.add('kueue/label-selector-invalid', subject, `${at} is not a label selector`);
    return;
  }
  for (const [i, expression] of asArray(selector.matchExpressions).entries()) {
    const values = asArray(expression?.values);
    const where = `${at}.matchExpressions[${i}]`;
    switch (expression?.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) problems.add('kueue/label-selector-invalid', subject, `${where}: operator ${expression.operator} needs values`);
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) problems.add('kueue/label-selector-invalid', subject, `${where}: operator ${expression.operator} takes no values`);
        break;
      default:
        problems.add('kueue/label-selector-invalid', subject, `${where}: unknown operator ${JSON.stringify(expression?.operator)}`);
    }
    if (typeof expression?.key !== 'string' || expression.key === '') problems.add('kueue/label-selector-invalid', subject, `${where}: no key`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Volcano
// ---------------------------------------------------------------------------------------------------------------

interface VolcanoQueue {
  readonly name: string;
  readonly parent?: string;
  readonly deserved: Map<string, Quantity>;
  readonly guarantee: Map<string, Quantity>;
  readonly capability: Map<string, Quantity>;
}

/**
 * Problems with the Volcano Queues among `objects` (other objects are ignored): per queue, guarantee ≤ deserved ≤
 * capability, non-negative quantities, weight 1..65535; across queues, the hierarchy (parent exists and is not the
 * queue itself, no cycle, depth ≤ 5, capability within every ancestor's, children's guarantee and deserved adding up
 * to at most their parent's). `root` is Volcano's own queue: always there, tracking the cluster total.
 */
export function volcanoWebhookProblems(objects: any[]): string[] {
  const problems = new Problems<VolcanoRule>();
  const queues = new Map<string, VolcanoQueue>();
  for (const obj of objects.filter((o) => isKind(o, VOLCANO_GROUP, 'Queue'))) {
    const name = nameOf(obj);
    const subject = `Queue ${name}`;
    const spec = obj?.spec ?? {};
    const amounts = (field: string, map: unknown): Map<string, Quantity> => {
      const out = new Map<string, Quantity>();
      for (const [resource, value] of Object.entries(map ?? {})) {
        const q = problems.quantity('volcano/quantity-invalid', subject, `spec.${field}[${resource}]`, value);
        if (!q) continue;
        if (q.isNegative()) problems.add('volcano/quantity-negative', subject, `spec.${field}[${resource}] = ${q.toString()} is negative`);
        out.set(resource, q);
      }
      return out;
    };
    const queue: VolcanoQueue = {
      name,
      parent: nonEmpty(spec.parent),
      deserved: amounts('deserved', spec.deserved),
      guarantee: amounts('guarantee.resource', spec.guarantee?.resource),
      capability: amounts('capability', spec.capability),
    };
    queues.set(name, queue);
    for (const [resource, guaranteed] of queue.guarantee) {
      const deserved = queue.deserved.get(resource);
      if (deserved === undefined) {
        problems.add('volcano/guarantee-not-deserved', subject, `spec.guarantee.resource has ${resource}, spec.deserved does not`);
      } else if (guaranteed.compare(deserved) > 0) {
        problems.add('volcano/guarantee-exceeds-deserved', subject, `guarantee ${guaranteed.toString()} of ${resource} exceeds deserved ${deserved.toString()}`);
      }
    }
    for (const [resource, deserved] of queue.deserved) {
      const capability = queue.capability.get(resource);
      if (capability !== undefined && deserved.compare(capability) > 0) {
        problems.add('volcano/deserved-exceeds-capability', subject, `deserved ${deserved.toString()} of ${resource} exceeds capability ${capability.toString()}`);
      }
    }
    const weight = spec.weight;
    if (weight !== undefined && (!Number.isInteger(weight) || weight < 1 || weight > 65535)) {
      problems.add('volcano/weight', subject, `spec.weight ${JSON.stringify(weight)} is not a whole number from 1 to 65535`);
    }
  }

  for (const queue of queues.values()) {
    const subject = `Queue ${queue.name}`;
    if (queue.parent === undefined || queue.parent === VOLCANO_ROOT) continue;
    if (queue.parent === queue.name) {
      problems.add('volcano/parent-self', subject, 'spec.parent is the queue itself');
      continue;
    }
    if (!queues.has(queue.parent)) {
      problems.add('volcano/parent-unknown', subject, `spec.parent ${queue.parent} names no Queue of the output`);
      continue;
    }
    // Walk up: depth, cycles, and the capability of every ancestor.
    const chain = [queue.name];
    let depth = 1;
    for (let at = queues.get(queue.parent); at !== undefined; at = at.parent === undefined ? undefined : queues.get(at.parent)) {
      if (chain.includes(at.name)) {
        problems.add('volcano/parent-cycle', subject, `the parent chain ${[...chain, at.name].join(' -> ')} is a cycle`);
        depth = -1;
        break;
      }
      chain.push(at.name);
      depth++;
      for (const [resource, capability] of queue.capability) {
        const ceiling = at.capability.get(resource);
        if (ceiling !== undefined && capability.compare(ceiling) > 0) {
          problems.add('volcano/capability-exceeds-ancestor', subject,
            `capability ${capability.toString()} of ${resource} exceeds ancestor ${at.name}'s ${ceiling.toString()}`);
        }
      }
    }
    if (depth > MAX_QUEUE_DEPTH) {
      problems.add('volcano/too-deep', subject, `the queue is ${depth} levels below root (${chain.join(' -> ')}); at most ${MAX_QUEUE_DEPTH}`);
    }
  }

  for (const parent of queues.values()) {
    const children = [...queues.values()].filter((q) => q.parent === parent.name && q.name !== parent.name);
    if (children.length === 0) continue;
    for (const field of ['deserved', 'guarantee'] as const) {
      const totals = new Map<string, Quantity>();
      for (const child of children) {
        for (const [resource, q] of child[field]) totals.set(resource, (totals.get(resource) ?? Quantity.of(0)).plus(q));
      }
      for (const [resource, total] of totals) {
        const own = parent[field].get(resource) ?? Quantity.of(0);
        if (total.compare(own) > 0) {
          problems.add('volcano/children-exceed-parent', `Queue ${parent.name}`,
            `its children's ${field} of ${resource} add up to ${total.toString()}, more than its own ${own.toString()} (${children.map((c) => c.name).join(', ')})`);
        }
      }
    }
  }
  return problems.list;
}

/** Both checkers. */
export function webhookProblems(objects: any[]): string[] {
  return [...kueueWebhookProblems(objects), ...volcanoWebhookProblems(objects)];
}

/** The rule ids of a problem list (`[kueue/x] ...` → `kueue/x`), deduplicated and sorted. */
export function rulesOf(problems: string[]): string[] {
  return [...new Set(problems.map((p) => /^\[([^\]]+)\]/.exec(p)?.[1] ?? p))].sort();
}

function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

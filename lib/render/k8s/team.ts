import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { NAMESPACE_NAME_LABEL, PlatformLabels } from '../../core/labels';
import { TeamNamespaceObjects } from '../../model/seams';
import { k8s, lazy, LimitRange, Namespace, NetworkPolicy, ResourceQuota, Role, RoleBinding, ServiceAccount, typedMap } from './typed';

/** What one team namespace is made of, as the renderer sees it. */
export interface TeamNamespaceModel {
  readonly team: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly podSecurity: string;
  readonly automountDefaultServiceAccountToken: boolean;
  readonly adminGroups: string[];
  readonly memberGroups: string[];
  /** Namespaces whose pods may reach the team's pods, read at synth; undefined = no isolation policy. */
  readonly ingressFromNamespaces?: () => string[];
  /** ResourceQuota `hard`, read at synth (other pools may be declared later). */
  readonly quotaHard: () => Record<string, string>;
  /** Tiers the team may not use, read at synth: pods of these PriorityClasses are refused in the namespace. Undefined = all tiers allowed. */
  readonly forbiddenTiers?: () => string[];
  readonly containerDefaults: { readonly cpu: string; readonly memory: string };
}

/**
 * Kubernetes' own priority classes, above every user class: pods of these preempt anything to schedule. No team pod may
 * use them (the GPU operator's and other system pods run in their own namespaces).
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/#limit-priority-class-consumption-by-default
 */
export const SYSTEM_PRIORITY_CLASSES = ['system-cluster-critical', 'system-node-critical'];

type Rule = k8s.PolicyRule;
const ALL = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const READ = ['get', 'list', 'watch'];

/** What team members do: run and inspect workloads, read their queue. No secrets, RBAC or policy objects. */
const MEMBER_RULES: Rule[] = [
  { apiGroups: [''], resources: ['pods', 'services', 'configmaps', 'persistentvolumeclaims'], verbs: ALL },
  { apiGroups: [''], resources: ['pods/log', 'events', 'resourcequotas', 'limitranges'], verbs: READ },
  { apiGroups: [''], resources: ['pods/exec', 'pods/portforward', 'pods/attach'], verbs: ['create', 'get'] },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'replicasets'], verbs: ALL },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ALL },
  { apiGroups: ['jobset.x-k8s.io'], resources: ['jobsets'], verbs: ALL },
  { apiGroups: ['kubeflow.org'], resources: ['pytorchjobs', 'mpijobs', 'tfjobs', 'xgboostjobs', 'paddlejobs', 'jaxjobs'], verbs: ALL },
  { apiGroups: ['trainer.kubeflow.org'], resources: ['trainjobs'], verbs: ALL },
  { apiGroups: ['ray.io'], resources: ['rayjobs', 'rayclusters', 'rayservices'], verbs: ALL },
  { apiGroups: ['batch.volcano.sh'], resources: ['jobs'], verbs: ALL },
  { apiGroups: ['scheduling.volcano.sh'], resources: ['podgroups'], verbs: READ },
  { apiGroups: ['kueue.x-k8s.io'], resources: ['workloads', 'localqueues'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: READ },
];

/**
 * What team admins do besides: manage secrets and service accounts, bind the team's roles to people.
 * Still no write access to the namespace, its ResourceQuota, LimitRange, NetworkPolicy or queues.
 */
const ADMIN_EXTRA_RULES: Rule[] = [
  { apiGroups: [''], resources: ['secrets', 'serviceaccounts'], verbs: ALL },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: READ },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ALL },
  { apiGroups: ['kueue.x-k8s.io'], resources: ['workloads'], verbs: ['delete'] },
];

/** Renders a team namespace with its quota, defaults, isolation and RBAC. */
export function renderTeamNamespace(scope: Construct, model: TeamNamespaceModel, managedBy: Record<string, string>): TeamNamespaceObjects {
  const ns = model.namespace;
  const labels = { ...managedBy, [PlatformLabels.TEAM]: model.team };
  const namespace = new Namespace(scope, 'Namespace', {
    metadata: {
      name: ns,
      labels: {
        ...model.labels,
        ...labels,
        'pod-security.kubernetes.io/enforce': model.podSecurity,
        'pod-security.kubernetes.io/enforce-version': 'latest',
        // Warn and audit one level stricter than enforced, so that teams see what `restricted` would refuse.
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      },
      annotations: Object.keys(model.annotations).length > 0 ? model.annotations : undefined,
    },
  });

  const resourceQuota = new ResourceQuota(scope, 'ResourceQuota', {
    metadata: { name: `${model.team}-quota`, namespace: ns, labels },
    spec: { hard: lazy((): Record<string, k8s.Quantity> | undefined => typedMap(model.quotaHard(), k8s.Quantity.fromString)) },
  });
  const forbiddenTiers = model.forbiddenTiers;
  if (forbiddenTiers) {
    new ResourceQuota(scope, 'TierQuota', {
      metadata: { name: `${model.team}-tiers`, namespace: ns, labels },
      spec: lazy((): k8s.ResourceQuotaSpec => {
        const forbidden = forbiddenTiers();
        // Every tier allowed: an empty quota (valid, refuses nothing) keeps the object set stable.
        return forbidden.length === 0
          ? { hard: {} }
          : {
            hard: { pods: k8s.Quantity.fromString('0') },
            scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: forbidden }] },
          };
      }),
    });
  }

  // A zero pod quota scoped to the system priority classes: no team pod can preempt every other team's.
  const systemPriorityQuota = new ResourceQuota(scope, 'SystemPriorityQuota', {
    metadata: { name: `${model.team}-system-priorities`, namespace: ns, labels },
    spec: {
      hard: { pods: k8s.Quantity.fromString('0') },
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: SYSTEM_PRIORITY_CLASSES }] },
    },
  });

  // Pods that name no service account run as `default`; without a mounted token they cannot call the API server.
  // Workloads that need the API use a service account of their own, or set automountServiceAccountToken: true.
  const defaultServiceAccount = new ServiceAccount(scope, 'DefaultServiceAccount', {
    metadata: { name: 'default', namespace: ns, labels },
    automountServiceAccountToken: model.automountDefaultServiceAccountToken,
  });

  const limitRange = new LimitRange(scope, 'LimitRange', {
    metadata: { name: `${model.team}-defaults`, namespace: ns, labels },
    // Requests only: a default limit below a container's own request would make its pod invalid.
    spec: {
      limits: [{
        type: 'Container',
        defaultRequest: { cpu: k8s.Quantity.fromString(model.containerDefaults.cpu), memory: k8s.Quantity.fromString(model.containerDefaults.memory) },
      }],
    },
  });

  let networkPolicy: ApiObject | undefined;
  const ingressFrom = model.ingressFromNamespaces;
  if (ingressFrom) {
    networkPolicy = new NetworkPolicy(scope, 'NetworkPolicy', {
      metadata: { name: `${model.team}-isolation`, namespace: ns, labels },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{
          from: [{ namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: lazy(ingressFrom) }] } }],
        }],
      },
    });
  }

  const roles: ApiObject[] = [];
  const bindings: [string, Rule[], string[]][] = [
    ['admin', [...MEMBER_RULES, ...ADMIN_EXTRA_RULES], model.adminGroups],
    ['member', MEMBER_RULES, model.memberGroups],
  ];
  for (const [role, rules, groups] of bindings) {
    const id = role === 'admin' ? 'Admin' : 'Member';
    const roleName = `${model.team}-${role}`;
    roles.push(new Role(scope, `${id}Role`, {
      metadata: { name: roleName, namespace: ns, labels },
      rules,
    }));
    if (groups.length === 0) continue;
    new RoleBinding(scope, `${id}RoleBinding`, {
      metadata: { name: `${roleName}s`, namespace: ns, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
      subjects: groups.map((name) => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name })),
    });
  }
  return { namespace, resourceQuota, systemPriorityQuota, defaultServiceAccount, limitRange, networkPolicy, roles };
}

import { compareStrings } from '../../core/order';

/**
 * The order core kinds are applied in (Helm's install order, with PriorityClass early): namespaces and the
 * policies that bound them first, then RBAC, configuration and workloads. Other kinds (custom resources) follow,
 * by API group and kind.
 */
const KIND_ORDER = [
  'Namespace', 'PriorityClass', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodDisruptionBudget', 'ServiceAccount', 'Secret',
  'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole',
  'ClusterRoleBinding', 'Role', 'RoleBinding', 'Service', 'DaemonSet', 'Pod', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler',
  'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
];
const RANK = new Map(KIND_ORDER.map((kind, i) => [kind, i]));

interface Manifest {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

function group(apiVersion: string | undefined): string {
  const slash = (apiVersion ?? '').indexOf('/');
  return slash < 0 ? '' : apiVersion!.slice(0, slash);
}

/**
 * Kubernetes manifests in a stable order that does not depend on the order they were declared in: by kind (install
 * order for core kinds, then API group and kind), namespace and name. Objects that compare equal keep their order.
 */
export function sortManifests<T extends Manifest>(manifests: T[]): T[] {
  const key = (m: T) => ({
    rank: RANK.get(m.kind ?? '') ?? KIND_ORDER.length,
    group: group(m.apiVersion),
    kind: m.kind ?? '',
    namespace: m.metadata?.namespace ?? '',
    name: m.metadata?.name ?? '',
  });
  const keyed = manifests.map((m, index) => ({ m, k: key(m), index }));
  keyed.sort((a, b) => a.k.rank - b.k.rank
    || compareStrings(a.k.group, b.k.group)
    || compareStrings(a.k.kind, b.k.kind)
    || compareStrings(a.k.namespace, b.k.namespace)
    || compareStrings(a.k.name, b.k.name)
    || a.index - b.index);
  return keyed.map((x) => x.m);
}

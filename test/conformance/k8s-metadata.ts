/**
 * Object metadata checks the apiserver performs outside any OpenAPI/CRD schema
 * (k8s.io/apimachinery/pkg/util/validation and pkg/api/validation/objectmeta.go).
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** How the apiserver validates `metadata.name` for a kind. */
export type NameRule = 'dns1123-subdomain' | 'dns1123-label' | 'path-segment';

/** Kinds whose names are not DNS-1123 subdomains (everything else, including all CRDs used here, is). */
const NAME_RULE_BY_KIND: Record<string, NameRule> = {
  'v1|Namespace': 'dns1123-label',
  // RBAC objects only need a valid path segment, e.g. `system:controller:foo`.
  'rbac.authorization.k8s.io/v1|Role': 'path-segment',
  'rbac.authorization.k8s.io/v1|ClusterRole': 'path-segment',
  'rbac.authorization.k8s.io/v1|RoleBinding': 'path-segment',
  'rbac.authorization.k8s.io/v1|ClusterRoleBinding': 'path-segment',
};

export function nameRuleFor(typeKey: string): NameRule {
  return NAME_RULE_BY_KIND[typeKey] ?? 'dns1123-subdomain';
}

/** Returns problems with `metadata` (name, namespace, label and annotation syntax); empty when valid. */
export function validateObjectMeta(metadata: any, nameRule: NameRule): string[] {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    return ['metadata: must be an object with a name'];
  }
  return [
    ...validateName(metadata.name, nameRule),
    ...(metadata.namespace === undefined ? [] : validateDns1123Label(metadata.namespace, 'metadata.namespace')),
    ...validateLabels(metadata.labels),
    ...validateAnnotations(metadata.annotations),
  ];
}

function validateName(name: unknown, rule: NameRule): string[] {
  if (typeof name !== 'string' || name === '') {
    return ['metadata.name: required (generateName is not used by synthesized manifests)'];
  }
  switch (rule) {
    case 'dns1123-label':
      return validateDns1123Label(name, 'metadata.name');
    case 'path-segment':
      return validatePathSegment(name, 'metadata.name');
    default:
      return validateDns1123Subdomain(name, 'metadata.name');
  }
}

export function validateDns1123Subdomain(value: string, where: string): string[] {
  if (value.length > 253) {
    return [`${where}: "${value}" must be no more than 253 characters (DNS-1123 subdomain)`];
  }
  return DNS1123_SUBDOMAIN.test(value)
    ? []
    : [`${where}: "${value}" is not a DNS-1123 subdomain (lowercase alphanumerics, '-' and '.', alphanumeric at both ends)`];
}

function validateDns1123Label(value: unknown, where: string): string[] {
  if (typeof value !== 'string' || value.length > 63 || !DNS1123_LABEL.test(value)) {
    return [`${where}: ${JSON.stringify(value)} is not a DNS-1123 label (<= 63 lowercase alphanumerics or '-', alphanumeric at both ends)`];
  }
  return [];
}

function validatePathSegment(value: string, where: string): string[] {
  if (value === '.' || value === '..' || /[/%]/.test(value)) {
    return [`${where}: "${value}" may not be '.' or '..' and may not contain '/' or '%'`];
  }
  return [];
}

/** A label/annotation key: `[prefix/]name`, prefix a DNS-1123 subdomain, name <= 63 chars. */
export function validateQualifiedName(key: string, where: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) {
    return [`${where}: key "${key}" may contain at most one '/'`];
  }
  const name = parts[parts.length - 1];
  const problems: string[] = [];
  if (parts.length === 2) {
    problems.push(...validateDns1123Subdomain(parts[0], `${where}: prefix of key "${key}"`));
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) {
    problems.push(`${where}: name part of key "${key}" must be 1-63 alphanumerics, '-', '_' or '.', alphanumeric at both ends`);
  }
  return problems;
}

function validateLabels(labels: unknown): string[] {
  if (labels === undefined) {
    return [];
  }
  if (!isStringMap(labels)) {
    return ['metadata.labels: must be a map of string to string'];
  }
  return Object.entries(labels).flatMap(([key, value]) => [
    ...validateQualifiedName(key, 'metadata.labels'),
    ...(value.length <= 63 && LABEL_VALUE.test(value)
      ? []
      : [`metadata.labels: value "${value}" of "${key}" must be <= 63 alphanumerics, '-', '_' or '.', alphanumeric at both ends`]),
  ]);
}

const MAX_ANNOTATIONS_BYTES = 256 * 1024;

function validateAnnotations(annotations: unknown): string[] {
  if (annotations === undefined) {
    return [];
  }
  if (!isStringMap(annotations)) {
    return ['metadata.annotations: must be a map of string to string'];
  }
  const problems = Object.keys(annotations).flatMap((key) => validateQualifiedName(key.toLowerCase(), 'metadata.annotations'));
  const size = Object.entries(annotations).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (size > MAX_ANNOTATIONS_BYTES) {
    problems.push(`metadata.annotations: total size ${size} bytes exceeds ${MAX_ANNOTATIONS_BYTES}`);
  }
  return problems;
}

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value as object).every((v) => typeof v === 'string')
  );
}

import { IConstruct } from 'constructs';
import { ErrorCode, ValidationError } from './errors';
import { assertConstructId } from './guards';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Naming rules shared by every layer (Kubernetes object names, pool names). */
export class Names {
  /** Whether `value` is a DNS-1123 label (lower-case alphanumerics and '-', at most 63 characters). */
  public static isDns1123Label(value: string): boolean {
    return typeof value === 'string' && value.length > 0 && value.length <= 63 && DNS1123_LABEL.test(value);
  }

  /** Whether `value` is a DNS-1123 subdomain (dot-separated labels, at most 253 characters). */
  public static isDns1123Subdomain(value: string): boolean {
    return typeof value === 'string' && value.length > 0 && value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
  }

  /**
   * Throws {@link ErrorCode.INVALID_NAME} unless `value` is a DNS-1123 label of at most `maxLength` characters.
   *
   * @param scope the construct the name belongs to
   * @param what what the name names, for the message (e.g. "pool name")
   * @param value the name
   * @param maxLength the longest name allowed (at most 63)
   */
  public static assertDns1123Label(scope: IConstruct, what: string, value: string, maxLength: number = 63): void {
    if (!Names.isDns1123Label(value) || value.length > maxLength) {
      throw new ValidationError(ErrorCode.INVALID_NAME, {
        message: typeof value === 'string' ? `The ${what} is not a valid DNS-1123 label.` : `The ${what} must be a string, a valid DNS-1123 label.`,
        received: value === undefined ? '[undefined]' : value,
        allowed: `1-${maxLength} lower-case letters, digits and '-', starting and ending with a letter or digit`,
        fix: `Rename it, e.g. "${Names.suggestLabel(value, maxLength)}".`,
      }, scope);
    }
  }

  /**
   * Throws {@link ErrorCode.INVALID_NAME} unless `value` is a DNS-1123 subdomain (at most 253 characters: labels
   * joined by dots), as names of most namespaced objects (e.g. ConfigMaps) must be.
   *
   * @param scope the construct the name belongs to
   * @param what what the name names, for the message
   * @param value the name
   */
  public static assertDns1123Subdomain(scope: IConstruct, what: string, value: string): void {
    if (!Names.isDns1123Subdomain(value)) {
      throw new ValidationError(ErrorCode.INVALID_NAME, {
        message: typeof value === 'string' ? `The ${what} is not a valid DNS-1123 subdomain.` : `The ${what} must be a string, a valid DNS-1123 subdomain.`,
        received: value === undefined ? '[undefined]' : value,
        allowed: "1-253 lower-case letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit",
        fix: `Rename it, e.g. "${Names.suggestLabel(value)}".`,
      }, scope);
    }
  }

  /** A DNS-1123 label derived from `value`: lower-cased, invalid characters replaced by '-', trimmed. */
  public static suggestLabel(value: string, maxLength: number = 63): string {
    const cleaned = (typeof value === 'string' ? value : 'name')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .slice(0, maxLength)
      .replace(/^-+|-+$/g, '');
    return cleaned.length > 0 ? cleaned : 'x';
  }

  private constructor() {}
}

/**
 * Throws {@link ErrorCode.DUPLICATE_NAME} when `scope` already has a child `id`; call before `super(scope, id)`,
 * so that a clash (e.g. a pool and a MIG profile both called `notebooks`) is a ValidationError, not the
 * constructs library's plain Error.
 */
export function assertConstructIdFree(scope: IConstruct, id: string, what: string): void {
  assertConstructId(scope, id, what);
  const existing = scope?.node?.tryFindChild(id);
  if (existing) {
    throw new ValidationError(ErrorCode.DUPLICATE_NAME, {
      message: `${scope.node.path || scope.node.id} already has a child with the id "${id}" (${existing.constructor.name}); construct ids are unique per scope.`,
      received: id,
      fix: `Give the ${what} another id, e.g. "${id}-${what.split(' ').pop()!.toLowerCase()}".`,
    }, scope);
  }
}

/** How to report a value that should have been a construct: its path, or its type. */
export function constructPathOrType(value: unknown): string {
  const path = (value as Partial<IConstruct> | null | undefined)?.node?.path;
  return typeof path === 'string' ? path : value === null ? 'null' : typeof value;
}

/** Namespaces that belong to Kubernetes itself: no team, and none of the platform's components, may use them. */
export const KUBERNETES_NAMESPACES: readonly string[] = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** Throws {@link ErrorCode.NAMESPACE_RESERVED} when a namespace for the platform's own objects is one of Kubernetes'. */
export function assertNotKubernetesNamespace(scope: IConstruct | undefined, what: string, namespace: string): void {
  if (KUBERNETES_NAMESPACES.includes(namespace)) {
    throw new ValidationError(ErrorCode.NAMESPACE_RESERVED, {
      message: `The ${what} ${namespace} belongs to Kubernetes; the platform's objects do not go there.`,
      received: namespace,
      allowed: `any namespace but ${KUBERNETES_NAMESPACES.join(', ')}`,
      fix: 'Use the namespace the component is installed in, e.g. its chart\'s default.',
    }, scope);
  }
}

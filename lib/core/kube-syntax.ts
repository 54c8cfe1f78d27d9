import { IConstruct } from 'constructs';
import { ErrorCode, ValidationError } from './errors';
import { kindOf } from './guards';
import { Names } from './names';
import { Taint, TaintEffect } from './taint';

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Whether `key` is a Kubernetes qualified name (`[prefix/]name`), as label and taint keys must be. */
export function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !Names.isDns1123Subdomain(prefix)) return false;
  return name.length > 0 && name.length <= 63 && NAME_PART.test(name);
}

/** Whether `value` is a valid label value (taint values follow the same rule). */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** Prefixes that only Kubernetes itself may use on node labels (GKE and the NodeRestriction admission reject them). */
function reservedPrefix(key: string): boolean {
  const slash = key.lastIndexOf('/');
  if (slash < 0) return false;
  const prefix = key.slice(0, slash);
  return ['kubernetes.io', 'k8s.io'].some((d) => prefix === d || prefix.endsWith(`.${d}`));
}

/**
 * Throws unless every label has a qualified-name key and a valid value. Labels the library sets on nodes
 * (`what` = 'node label') must also stay out of the kubernetes.io and k8s.io domains; labels that only select
 * nodes, or label other objects, may use them.
 */
export function assertLabels(scope: IConstruct, labels: Record<string, string>, what: 'node label' | 'namespace label' | 'node selector label' = 'node label'): void {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    throw new ValidationError(ErrorCode.LABEL_INVALID, {
      message: `The ${what}s must be a map of keys to values.`,
      received: labels,
      fix: 'Pass an object such as { "example.com/team": "vision" }.',
    }, scope);
  }
  for (const [key, value] of Object.entries(labels)) {
    assertRenderableKey(scope, key, `${what} key`);
    if (!isQualifiedName(key)) {
      throw new ValidationError(ErrorCode.LABEL_INVALID, {
        message: `A ${what} key is not a Kubernetes qualified name.`,
        received: key,
        allowed: 'an optional DNS-subdomain prefix and "/", then 1-63 alphanumerics, "-", "_" or "."',
        fix: 'Rename the label key, e.g. "example.com/team".',
      }, scope);
    }
    if (what === 'node label' && reservedPrefix(key)) {
      throw new ValidationError(ErrorCode.LABEL_RESERVED, {
        message: 'Node label keys in the kubernetes.io and k8s.io domains are reserved for Kubernetes.',
        received: key,
        fix: 'Use your own domain as the prefix, e.g. "example.com/' + key.slice(key.lastIndexOf('/') + 1) + '".',
      }, scope);
    }
    if (typeof value !== 'string' || !isLabelValue(value)) {
      throw new ValidationError(ErrorCode.LABEL_INVALID, {
        message: `The value of ${what} "${key}" is not a valid label value.`,
        received: value,
        allowed: 'at most 63 alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric',
        fix: 'Shorten or clean the value.',
      }, scope);
    }
  }
}

const EFFECTS = Object.values(TaintEffect) as string[];

/** Throws unless every taint has a qualified-name key, a valid value and a known effect, and no key+effect repeats. */
export function assertTaints(scope: IConstruct, taints: Taint[]): void {
  if (!Array.isArray(taints)) {
    throw new ValidationError(ErrorCode.TAINT_INVALID, {
      message: `\`taints\` must be a list of taints, not ${kindOf(taints)}.`,
      received: taints,
      fix: 'Pass an array, e.g. [{ key: "example.com/dedicated", value: "training", effect: TaintEffect.NO_SCHEDULE }].',
    }, scope);
  }
  const seen = new Set<string>();
  for (const taint of taints) {
    if (taint === null || typeof taint !== 'object' || typeof taint.key !== 'string' || !isQualifiedName(taint.key)) {
      throw new ValidationError(ErrorCode.TAINT_INVALID, {
        message: 'A taint key is not a Kubernetes qualified name.',
        received: taint,
        allowed: 'an optional DNS-subdomain prefix and "/", then 1-63 alphanumerics, "-", "_" or "."',
        fix: 'Rename the taint key, e.g. "example.com/dedicated".',
      }, scope);
    }
    if (taint.value !== undefined && (typeof taint.value !== 'string' || !isLabelValue(taint.value))) {
      throw new ValidationError(ErrorCode.TAINT_INVALID, {
        message: `The value of taint "${taint.key}" is not valid.`,
        received: taint,
        allowed: 'at most 63 alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric',
        fix: 'Shorten or clean the value.',
      }, scope);
    }
    if (!EFFECTS.includes(taint.effect)) {
      throw new ValidationError(ErrorCode.TAINT_INVALID, {
        message: `The effect of taint "${taint.key}" is not a Kubernetes taint effect.`,
        received: taint,
        allowed: EFFECTS.join(', '),
        fix: 'Use a TaintEffect constant (Kubernetes spelling; cloud spellings are produced by the library).',
      }, scope);
    }
    const id = `${taint.key}:${taint.effect}`;
    if (seen.has(id)) {
      throw new ValidationError(ErrorCode.TAINT_DUPLICATE, {
        message: 'Two taints have the same key and effect; Kubernetes keeps only one.',
        received: taint,
        fix: 'Remove the duplicate or change its effect.',
      }, scope);
    }
    seen.add(id);
  }
}

/**
 * cdk8s cannot write a map with a key named `constructor` (it reads an object's `constructor` to tell plain objects
 * from others): such a label or resource name is valid Kubernetes but would fail at synth, so it is refused here.
 */
export function assertRenderableKey(scope: IConstruct, key: string, what: string): void {
  if (key === 'constructor') {
    throw new ValidationError(ErrorCode.LABEL_INVALID, {
      message: `A ${what} named "constructor" cannot be written by cdk8s.`,
      received: key,
      fix: 'Use another key, e.g. with a domain prefix ("example.com/constructor").',
    }, scope);
  }
}

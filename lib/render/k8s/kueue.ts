import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Taint } from '../../core/taint';

/** The Kueue API version emitted (v1beta1 is deprecated: reference/kubernetes-apis.md §0). */
export const KUEUE_API_VERSION = 'kueue.x-k8s.io/v1beta2';

/** A Kubernetes toleration. */
export interface Toleration {
  readonly key?: string;
  readonly operator: 'Equal' | 'Exists';
  readonly value?: string;
  readonly effect?: string;
}

/** The toleration that tolerates exactly this taint: `Equal` with its value, or `Exists` when it has none. */
export function tolerationFor(taint: Taint): Toleration {
  return taint.value === undefined
    ? { key: taint.key, operator: 'Exists', effect: taint.effect }
    : { key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect };
}

/** Whether a toleration tolerates a taint (Kubernetes semantics: key, operator/value, effect). */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== taint.effect) return false;
  if (toleration.key === undefined) return toleration.operator === 'Exists';
  if (toleration.key !== taint.key) return false;
  return toleration.operator === 'Exists' || (toleration.value ?? '') === (taint.value ?? '');
}

export interface ResourceFlavorProps {
  readonly name: string;
  readonly nodeLabels: Record<string, string>;
  readonly tolerations: Toleration[];
  readonly annotations?: Record<string, string>;
  readonly labels?: Record<string, string>;
}

/**
 * A Kueue ResourceFlavor. `nodeLabels` become the admitted pods' node selector; `tolerations`
 * are added to admitted pods so that they can land on the tainted pool.
 */
export function renderResourceFlavor(scope: Construct, id: string, props: ResourceFlavorProps): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: KUEUE_API_VERSION,
    kind: 'ResourceFlavor',
    metadata: { name: props.name, labels: props.labels, annotations: props.annotations },
    spec: { nodeLabels: props.nodeLabels, tolerations: props.tolerations },
  });
}

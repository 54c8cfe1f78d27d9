import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { KUEUE_API_VERSION } from './kueue';

export interface PriorityClassProps {
  readonly name: string;
  readonly value: number;
  readonly preemptsLowerTiers?: boolean;
  readonly description?: string;
  readonly globalDefault?: boolean;
  readonly labels?: Record<string, string>;
}

/**
 * A core PriorityClass (`scheduling.k8s.io/v1`). `value` and `preemptionPolicy` are immutable in the API:
 * changing them means deleting and re-creating the class.
 */
export function renderPriorityClass(scope: Construct, props: PriorityClassProps): ApiObject {
  return new ApiObject(scope, 'PriorityClass', {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: props.name, labels: props.labels },
    value: props.value,
    globalDefault: props.globalDefault ?? false,
    preemptionPolicy: props.preemptsLowerTiers === false ? 'Never' : 'PreemptLowerPriority',
    description: props.description,
  });
}

/** A Kueue WorkloadPriorityClass (v1beta2: `value` and `description` at the top level, no spec). */
export function renderWorkloadPriorityClass(scope: Construct, props: PriorityClassProps): ApiObject {
  return new ApiObject(scope, 'WorkloadPriorityClass', {
    apiVersion: KUEUE_API_VERSION,
    kind: 'WorkloadPriorityClass',
    metadata: { name: props.name, labels: props.labels },
    value: props.value,
    description: props.description,
  });
}

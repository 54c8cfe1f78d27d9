import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PlatformLabels } from '../../core/labels';
import { SPOT_TAINT } from '../../core/taint';
import { lazy } from './typed';

// Workload classification: spot capacity only for tiers that tolerate interruption. Two layers keep it so.
//
// 1. Admission to spot capacity needs a toleration of the spot taint: a spot flavor lists the taint in `nodeTaints`
//    and does not tolerate it for the workload, so Kueue assigns it only to workloads whose pods tolerate it; the
//    nodes carry the taint, so pods that do not tolerate it never land there either (Volcano, or no queue at all).
// 2. Tolerating the spot taint is reserved to interruptible tiers: ValidatingAdmissionPolicies refuse, in team
//    namespaces, pods (and on Kueue, Workloads) that tolerate it without a priority class of an interruptible tier.
//
// https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/

/** The API version of ValidatingAdmissionPolicy (GA in Kubernetes 1.30). */
export const ADMISSION_POLICY_API_VERSION = 'admissionregistration.k8s.io/v1';

/** What the classification policies need from the model, read at synth. */
export interface ClassificationModel {
  /** The platform name (policies are cluster-scoped: their names carry it). */
  readonly platformName: string;
  /** Names of the tiers whose work tolerates interruption, sorted. */
  readonly interruptibleTiers: () => string[];
}

/** The objects that keep spot capacity to interruptible tiers. */
export interface ClassificationObjects {
  /** Refuses pods that tolerate the spot taint without an interruptible tier. */
  readonly podPolicy: ApiObject;
  readonly podPolicyBinding: ApiObject;
  /** Refuses Kueue Workloads that tolerate the spot taint without an interruptible tier (Kueue only). */
  readonly workloadPolicy?: ApiObject;
  readonly workloadPolicyBinding?: ApiObject;
}

/** A CEL string literal. */
function celString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, '\\\'')}'`;
}

/**
 * CEL: whether toleration `t` tolerates the spot taint (Kubernetes semantics: an empty key with `Exists` tolerates
 * every taint; `Equal` is the default operator; an empty effect matches every effect).
 */
export function toleratesSpotCel(t: string): string {
  const key = celString(SPOT_TAINT.key);
  const value = celString(SPOT_TAINT.value!);
  const effect = celString(SPOT_TAINT.effect);
  const exists = `(has(${t}.operator) && ${t}.operator == 'Exists')`;
  return `((!has(${t}.effect) || ${t}.effect == '' || ${t}.effect == ${effect}) && `
    + `((!has(${t}.key) || ${t}.key == '') ? ${exists} : (${t}.key == ${key} && (${exists} || (has(${t}.value) && ${t}.value == ${value})))))`;
}

/** The CEL list of the interruptible tiers' names. */
function tierList(tiers: string[]): string {
  return `[${tiers.map(celString).join(', ')}]`;
}

const TEAM_NAMESPACES = { matchExpressions: [{ key: PlatformLabels.TEAM, operator: 'Exists' }] };

function policy(scope: Construct, id: string, name: string, spec: () => Record<string, unknown>, labels: Record<string, string>): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: ADMISSION_POLICY_API_VERSION,
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, labels },
    spec: lazy(spec),
  });
}

function binding(scope: Construct, id: string, policyName: string, labels: Record<string, string>): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: ADMISSION_POLICY_API_VERSION,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: policyName, labels },
    spec: { policyName, validationActions: ['Deny'], matchResources: { namespaceSelector: TEAM_NAMESPACES } },
  });
}

/**
 * The pod policy (every scheduler) and, with `workloads`, the Kueue Workload policy. Pods' `priorityClassName` is
 * set by the Priority admission plugin before validation (also from a `globalDefault` class), so the check sees the
 * tier a pod really runs at. A Workload's `spec.priorityClassRef` names its WorkloadPriorityClass or its pods'
 * PriorityClass; tiers give both the same name.
 */
export function renderClassification(scope: Construct, model: ClassificationModel, workloads: boolean, labels: Record<string, string>): ClassificationObjects {
  const message = (what: string) => `${what} that tolerate the spot taint ${SPOT_TAINT.key}=${SPOT_TAINT.value}:${SPOT_TAINT.effect} `
    + 'must run at a priority tier whose work tolerates interruption';
  const podPolicyName = `${model.platformName}-spot-pods`;
  const podPolicy = policy(scope, 'SpotPodPolicy', podPolicyName, () => ({
    failurePolicy: 'Fail',
    matchConstraints: {
      resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'] }],
    },
    variables: [
      { name: 'toleratesSpot', expression: `has(object.spec.tolerations) && object.spec.tolerations.exists(t, ${toleratesSpotCel('t')})` },
      { name: 'interruptibleTiers', expression: tierList(model.interruptibleTiers()) },
    ],
    validations: [{
      expression: '!variables.toleratesSpot || (has(object.spec.priorityClassName) && object.spec.priorityClassName in variables.interruptibleTiers)',
      message: message('Pods'),
      reason: 'Forbidden',
    }],
  }), labels);
  const podPolicyBinding = binding(scope, 'SpotPodPolicyBinding', podPolicyName, labels);
  if (!workloads) return { podPolicy, podPolicyBinding };

  const workloadPolicyName = `${model.platformName}-spot-workloads`;
  const workloadPolicy = policy(scope, 'SpotWorkloadPolicy', workloadPolicyName, () => ({
    failurePolicy: 'Fail',
    matchConstraints: {
      // Equivalent: a Workload written through v1beta1 is converted to v1beta2 before the expressions see it.
      matchPolicy: 'Equivalent',
      resourceRules: [{ apiGroups: ['kueue.x-k8s.io'], apiVersions: ['v1beta2'], operations: ['CREATE', 'UPDATE'], resources: ['workloads'] }],
    },
    variables: [
      {
        name: 'toleratesSpot',
        expression: 'object.spec.podSets.exists(ps, has(ps.template.spec) && has(ps.template.spec.tolerations) '
          + `&& ps.template.spec.tolerations.exists(t, ${toleratesSpotCel('t')}))`,
      },
      { name: 'interruptibleTiers', expression: tierList(model.interruptibleTiers()) },
    ],
    validations: [{
      expression: '!variables.toleratesSpot || (has(object.spec.priorityClassRef) && object.spec.priorityClassRef.name in variables.interruptibleTiers)',
      message: message('Workloads'),
      reason: 'Forbidden',
    }],
  }), labels);
  const workloadPolicyBinding = binding(scope, 'SpotWorkloadPolicyBinding', workloadPolicyName, labels);
  return { podPolicy, podPolicyBinding, workloadPolicy, workloadPolicyBinding };
}

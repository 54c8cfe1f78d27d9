// GKE's ComputeClass (cloud.google.com/v1) is a GKE-managed CRD with no published schema file: it is not in
// ../shared/crds, so the conformance validator reports it as "no schema". Until its CRD is added there, the fields we
// emit are checked here against GKE's CRD reference, and the rest of the output goes through the validator as usual.
// https://cloud.google.com/kubernetes-engine/docs/reference/crds/computeclass
// https://cloud.google.com/kubernetes-engine/docs/concepts/about-custom-compute-classes

/** The type key the validator uses for ComputeClass. */
export const COMPUTE_CLASS = 'cloud.google.com/v1|ComputeClass';

const SPEC_FIELDS = new Set(['priorities', 'nodePoolAutoCreation', 'whenUnsatisfiable', 'activeMigration', 'description', 'autoscalingPolicy']);
const WHEN_UNSATISFIABLE = new Set(['ScaleUpAnyway', 'DoNotScaleUp']);

/** Problems of a ComputeClass against the documented fields we use (cluster-scoped, node-pool priorities). */
export function computeClassProblems(obj: any): string[] {
  const problems: string[] = [];
  const where = `${COMPUTE_CLASS} ${obj.metadata?.name}`;
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(obj.metadata?.name ?? '')) problems.push(`${where}: metadata.name is not a DNS-1123 label`);
  if (obj.metadata?.namespace !== undefined) problems.push(`${where}: ComputeClass is cluster-scoped`);
  const spec = obj.spec ?? {};
  for (const key of Object.keys(spec)) if (!SPEC_FIELDS.has(key)) problems.push(`${where}: spec.${key} is not a field we know ComputeClass has`);
  if (!Array.isArray(spec.priorities) || spec.priorities.length === 0) problems.push(`${where}: spec.priorities must be a non-empty list`);
  for (const [i, rule] of (spec.priorities ?? []).entries()) {
    const keys = Object.keys(rule);
    if (keys.length !== 1 || keys[0] !== 'nodepools') problems.push(`${where}: spec.priorities[${i}] must name node pools only, has ${keys.join(', ')}`);
    if (!Array.isArray(rule.nodepools) || rule.nodepools.length === 0 || rule.nodepools.some((n: unknown) => typeof n !== 'string' || n === '')) {
      problems.push(`${where}: spec.priorities[${i}].nodepools must be a non-empty list of node pool names`);
    }
  }
  if (spec.whenUnsatisfiable !== undefined && !WHEN_UNSATISFIABLE.has(spec.whenUnsatisfiable)) problems.push(`${where}: spec.whenUnsatisfiable ${spec.whenUnsatisfiable}`);
  if (spec.nodePoolAutoCreation !== undefined && typeof spec.nodePoolAutoCreation.enabled !== 'boolean') problems.push(`${where}: spec.nodePoolAutoCreation.enabled`);
  if (spec.activeMigration !== undefined && typeof spec.activeMigration.optimizeRulePriority !== 'boolean') problems.push(`${where}: spec.activeMigration.optimizeRulePriority`);
  return problems;
}

/** Conformance of a whole output: ComputeClasses checked here, everything else by `validateAll`. */
export function conformanceProblems(validateAll: (objects: any[]) => string[], objects: any[]): string[] {
  const isComputeClass = (o: any) => `${o?.apiVersion}|${o?.kind}` === COMPUTE_CLASS;
  return [...validateAll(objects.filter((o) => !isComputeClass(o))), ...objects.filter(isComputeClass).flatMap(computeClassProblems)];
}

import { ApiObject } from 'cdk8s';
import { ErrorCode, ValidationError } from '../../core/errors';
import { TaintEffect } from '../../core/taint';
import { CapacityPoolModel } from '../../model/types';
import { tolerates, Toleration } from './toleration';

/**
 * The flavor must tolerate every scheduling taint of its pool and select only labels the pool's
 * nodes carry; otherwise admitted workloads would never schedule. Checked on the synthesized
 * object, so escape-hatch edits are checked too.
 */
export function assertFlavorMatchesPool(flavor: ApiObject, pool: CapacityPoolModel): void {
  const spec = flavor.toJson().spec ?? {};
  const tolerations: Toleration[] = spec.tolerations ?? [];
  for (const taint of pool.taints) {
    if (taint.effect === TaintEffect.PREFER_NO_SCHEDULE) continue;
    if (!tolerations.some((t) => tolerates(t, taint))) {
      throw new ValidationError(ErrorCode.FLAVOR_TAINT_NOT_TOLERATED, {
        message: `ResourceFlavor ${flavor.name} does not tolerate its pool's taint ${taint.key}=${taint.value ?? ''}:${taint.effect}; admitted workloads would stay pending.`,
        received: tolerations,
        fix: 'Remove the edit that dropped the toleration, or remove the taint from the pool.',
      }, flavor);
    }
  }
  // Spot capacity stays with workloads that tolerate the spot taint themselves: the flavor must list it as a node taint
  // and must not tolerate it on every admitted workload's behalf (which would open spot to every tier).
  const nodeTaints: { key?: string; value?: string; effect?: string }[] = spec.nodeTaints ?? [];
  for (const taint of pool.classificationTaints ?? []) {
    const listed = nodeTaints.some((t) => t.key === taint.key && (t.value ?? '') === (taint.value ?? '') && t.effect === taint.effect);
    const opened = tolerations.find((t) => tolerates(t, taint));
    if (!listed || opened) {
      throw new ValidationError(ErrorCode.SPOT_FLAVOR_NOT_GATED, {
        message: `ResourceFlavor ${flavor.name} offers spot capacity to every workload: ${!listed
          ? `it no longer lists the node taint ${taint.key}=${taint.value ?? ''}:${taint.effect}`
          : 'it tolerates the spot taint for every workload it admits'}, so work of tiers that do not tolerate interruption could land on spot nodes.`,
        received: { nodeTaints, tolerations },
        fix: 'Remove the edit: workloads of interruptible tiers tolerate the spot taint themselves (SpotFleet.spotToleration).',
      }, flavor);
    }
  }
  const nodeLabels: Record<string, string> = spec.nodeLabels ?? {};
  for (const [key, value] of Object.entries(nodeLabels)) {
    if (!Object.prototype.hasOwnProperty.call(pool.nodeLabels, key) || pool.nodeLabels[key] !== value) {
      throw new ValidationError(ErrorCode.FLAVOR_LABEL_MISSING, {
        message: `ResourceFlavor ${flavor.name} selects ${key}=${value}, which no node of pool ${pool.name} carries.`,
        received: nodeLabels,
        allowed: Object.entries(pool.nodeLabels).map(([k, v]) => `${k}=${v}`).join(', '),
        fix: 'Select labels the pool sets (add them to the pool\'s `labels`).',
      }, flavor);
    }
  }
}

import { ApiObject } from 'cdk8s';
import { ErrorCode, ValidationError } from '../../core/errors';
import { DEVICE_PLUGIN_CONFIG_LABEL, MIG_CONFIG_LABEL } from '../../core/nvidia';
import { TaintEffect } from '../../core/taint';
import { PoolModel } from '../../model/types';
import { GpuOperatorObjects, MIG_PARTED_CONFIG_KEY } from './gpu-operator';
import { tolerates, Toleration } from './toleration';

/**
 * The GPU operator must run on every GPU pool (its DaemonSets tolerate the pools' taints) and every
 * config a pool's nodes select by label must exist in the ConfigMap the ClusterPolicy names; otherwise
 * nodes get no device plugin or no MIG layout, and workloads stay pending. Checked on the synthesized
 * objects, so escape-hatch edits are checked too.
 */
export function assertGpuOperatorMatchesPools(objects: GpuOperatorObjects, pools: PoolModel[]): void {
  const policy = objects.clusterPolicy.toJson();
  const tolerations: Toleration[] = policy.spec?.daemonsets?.tolerations ?? [];
  for (const pool of pools) {
    for (const taint of pool.taints) {
      if (taint.effect === TaintEffect.PREFER_NO_SCHEDULE || tolerations.some((t) => tolerates(t, taint))) continue;
      throw new ValidationError(ErrorCode.GPU_OPERATOR_TAINT_NOT_TOLERATED, {
        message: `The GPU operator's DaemonSets do not tolerate pool ${pool.name}'s taint ${taint.key}=${taint.value ?? ''}:${taint.effect}; its nodes would get no device plugin.`,
        received: tolerations,
        fix: 'Remove the edit that dropped the toleration from the ClusterPolicy\'s spec.daemonsets.tolerations.',
      }, objects.clusterPolicy);
    }
  }
  const migConfigs = configNames(objects.migConfigMap, policy.spec?.migManager?.config?.name, (data) => {
    const text = data[MIG_PARTED_CONFIG_KEY];
    return text === undefined ? [] : Object.keys(parseConfig(objects.migConfigMap, text)['mig-configs'] ?? {});
  });
  const devicePluginConfigs = configNames(objects.devicePluginConfigMap, policy.spec?.devicePlugin?.config?.name, (data) => Object.keys(data));
  for (const pool of pools) {
    assertSelected(objects, pool, MIG_CONFIG_LABEL, migConfigs, objects.migConfigMap);
    assertSelected(objects, pool, DEVICE_PLUGIN_CONFIG_LABEL, devicePluginConfigs, objects.devicePluginConfigMap);
  }
  // Nodes that select no config get the ClusterPolicy's defaults: those must exist too.
  assertDefault(objects, 'migManager', policy.spec?.migManager?.config?.default, migConfigs, objects.migConfigMap);
  assertDefault(objects, 'devicePlugin', policy.spec?.devicePlugin?.config?.default, devicePluginConfigs, objects.devicePluginConfigMap);
}

function assertDefault(objects: GpuOperatorObjects, component: string, name: string | undefined, available: string[], configMap: ApiObject): void {
  if (!name || available.includes(name)) return;
  throw new ValidationError(ErrorCode.GPU_OPERATOR_CONFIG_MISSING, {
    message: `The ClusterPolicy's ${component} default config ${name}, used by GPU nodes that select none, is not in the ConfigMap ${configMap.name}.`,
    received: available,
    fix: 'Remove the edit that dropped the default config or renamed the ConfigMap.',
  }, objects.clusterPolicy);
}

/** The config names a ConfigMap holds, or none when the ClusterPolicy names another ConfigMap. */
function configNames(configMap: ApiObject, referenced: string | undefined, read: (data: Record<string, string>) => string[]): string[] {
  if (referenced !== configMap.name) return [];
  return read(configMap.toJson().data ?? {});
}

function assertSelected(objects: GpuOperatorObjects, pool: PoolModel, label: string, available: string[], configMap: ApiObject): void {
  const selected = pool.labels[label];
  if (selected === undefined || available.includes(selected)) return;
  throw new ValidationError(ErrorCode.GPU_OPERATOR_CONFIG_MISSING, {
    message: `Pool ${pool.name}'s nodes select ${label}=${selected}, which the ConfigMap ${configMap.name} named by the ClusterPolicy ${objects.clusterPolicy.name} does not define.`,
    received: available,
    fix: 'Remove the edit that changed the ConfigMap or the ClusterPolicy\'s config name.',
  }, configMap);
}

function parseConfig(configMap: ApiObject, text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError(ErrorCode.GPU_OPERATOR_CONFIG_MISSING, {
      message: `The ConfigMap ${configMap.name} no longer holds the JSON config the platform wrote, so the MIG configs its pools select cannot be checked.`,
      received: text.slice(0, 80),
      fix: 'Keep the config as JSON (valid YAML) when editing it through an escape hatch.',
    }, configMap);
  }
}

import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { managedByLabels } from '../../core/labels';
import { GpuSharingStrategy, MIG_DISABLED_CONFIG } from '../../core/nvidia';
import { compareStrings } from '../../core/order';
import { Taint } from '../../core/taint';
import { DevicePluginSharing, MigConfigModel } from '../../model/types';
import { tolerationFor, Toleration } from './toleration';
import { ClusterPolicy, ConfigMap, lazy, nvidia } from './typed';

/** The GPU operator API version (reference/kubernetes-apis.md §0: gpu-operator v26.7.0). */
export const GPU_OPERATOR_API_VERSION = 'nvidia.com/v1';
/** The name of the one ClusterPolicy the GPU operator reconciles. */
export const CLUSTER_POLICY_NAME = 'cluster-policy';
/** The key the MIG manager reads its config from. */
export const MIG_PARTED_CONFIG_KEY = 'config.yaml';
/** The device-plugin config of nodes without a `nvidia.com/device-plugin.config` label. */
export const DEVICE_PLUGIN_DEFAULT_CONFIG = 'default';

/** Everything the GPU operator's configuration is derived from. */
export interface GpuOperatorModel {
  readonly migStrategy: 'none' | 'single' | 'mixed';
  readonly migConfigs: MigConfigModel[];
  readonly sharing: DevicePluginSharing[];
  /** Taints of every GPU pool: the operator's DaemonSets must run there. */
  readonly taints: Taint[];
}

/** The GPU operator objects of an EKS platform. */
export interface GpuOperatorObjects {
  readonly clusterPolicy: ApiObject;
  readonly migConfigMap: ApiObject;
  readonly devicePluginConfigMap: ApiObject;
}

/**
 * The NVIDIA GPU operator configuration for EKS GPU nodes (AL2023 NVIDIA AMIs ship the driver and the
 * container toolkit, so the operator runs the device plugin, GPU feature discovery, the MIG manager and
 * the DCGM exporter): the ClusterPolicy, the mig-parted config its MIG manager applies, and the
 * device-plugin configs nodes select by label. Contents are produced at synth from `model()`, so pools
 * and profiles declared later are included.
 */
export function renderGpuOperator(scope: Construct, namespace: string, prefix: string, model: () => GpuOperatorModel): GpuOperatorObjects {
  const migConfigMapName = `${prefix}-mig-parted-config`;
  const devicePluginConfigMapName = `${prefix}-device-plugin-config`;
  const labels = managedByLabels();
  const migConfigMap = new ConfigMap(scope, 'MigPartedConfig', {
    metadata: { name: migConfigMapName, namespace, labels },
    data: lazy(() => ({ [MIG_PARTED_CONFIG_KEY]: toText(migPartedConfig(model().migConfigs)) })),
  });
  const devicePluginConfigMap = new ConfigMap(scope, 'DevicePluginConfig', {
    metadata: { name: devicePluginConfigMapName, namespace, labels },
    data: lazy(() => {
      const m = model();
      return Object.fromEntries(Object.entries(devicePluginConfigs(m.migStrategy, m.sharing)).map(([k, v]) => [k, toText(v)]));
    }),
  });
  const clusterPolicy = new ClusterPolicy(scope, 'ClusterPolicy', {
    metadata: { name: CLUSTER_POLICY_NAME, labels },
    spec: lazy((): nvidia.ClusterPolicySpec => {
      const m = model();
      return {
        operator: { defaultRuntime: 'containerd' },
        daemonsets: { priorityClassName: 'system-node-critical', tolerations: daemonSetTolerations(m.taints) },
        // The EKS AL2023 NVIDIA AMI ships the driver and the NVIDIA container toolkit.
        driver: { enabled: false },
        toolkit: { enabled: false },
        devicePlugin: { enabled: true, config: { name: devicePluginConfigMapName, default: DEVICE_PLUGIN_DEFAULT_CONFIG } },
        gfd: { enabled: true },
        dcgm: { enabled: false },
        dcgmExporter: { enabled: true },
        nodeStatusExporter: { enabled: false },
        mig: { strategy: m.migStrategy as nvidia.ClusterPolicySpecMigStrategy },
        migManager: { enabled: true, config: { name: migConfigMapName, default: MIG_DISABLED_CONFIG as nvidia.ClusterPolicySpecMigManagerConfigDefault } },
      };
    }),
  });
  return { clusterPolicy, migConfigMap, devicePluginConfigMap };
}

/**
 * The mig-parted config (`version: v1`): `all-disabled` for unlabelled nodes and one named config per
 * profile name, each entry limited to its GPU model's PCI ids (profiles of different GPU models may share
 * a name, as `all-1g.10gb` does upstream: each GPU then applies its own entries).
 */
export function migPartedConfig(configs: MigConfigModel[]): Record<string, unknown> {
  // A Map, not an object: config names are user text, and "toString" or "constructor" must not find inherited members.
  const migConfigs = new Map<string, unknown[]>([[MIG_DISABLED_CONFIG, [{ 'devices': 'all', 'mig-enabled': false }]]]);
  const ordered = [...configs].sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.pciDeviceIds.join(), b.pciDeviceIds.join()));
  for (const config of ordered) {
    migConfigs.set(config.name, (migConfigs.get(config.name) ?? []).concat(config.layouts.map((layout) => {
      const enabled = Object.keys(layout.slices).length > 0;
      return {
        ...(config.pciDeviceIds.length > 0 ? { 'device-filter': [...config.pciDeviceIds] } : {}),
        'devices': layout.devices,
        'mig-enabled': enabled,
        ...(enabled ? { 'mig-devices': { ...layout.slices } } : {}),
      };
    })));
  }
  return { 'version': 'v1', 'mig-configs': Object.fromEntries(migConfigs) };
}

/**
 * Device-plugin configs (`version: v1`) by name: `default` (the MIG strategy only) and one per sharing
 * config the pools select.
 */
export function devicePluginConfigs(migStrategy: string, sharing: DevicePluginSharing[]): Record<string, Record<string, unknown>> {
  const flags = { migStrategy };
  const configs: Record<string, Record<string, unknown>> = { [DEVICE_PLUGIN_DEFAULT_CONFIG]: { version: 'v1', flags } };
  for (const s of [...sharing].sort((a, b) => compareStrings(a.configKey, b.configKey))) {
    const key = s.strategy === GpuSharingStrategy.MPS ? 'mps' : 'timeSlicing';
    configs[s.configKey] = {
      version: 'v1',
      flags,
      sharing: {
        [key]: {
          renameByDefault: s.renameByDefault,
          failRequestsGreaterThanOne: s.failRequestsGreaterThanOne,
          resources: [...s.resources].sort(compareStrings).map((name) => ({ name, replicas: s.replicas })),
        },
      },
    };
  }
  return configs;
}

/** Tolerations that let the operator's DaemonSets onto every GPU pool: one per distinct taint, sorted. */
export function daemonSetTolerations(taints: Taint[]): Toleration[] {
  const unique = new Map<string, Toleration>();
  for (const t of taints) {
    const toleration = tolerationFor(t);
    unique.set(JSON.stringify(toleration), toleration);
  }
  return [...unique.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, t]) => t);
}

/**
 * Config files are written as indented JSON: valid YAML 1.2, which mig-parted and the device plugin read,
 * and parseable back by our cross-layer checks without a YAML dependency.
 */
function toText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

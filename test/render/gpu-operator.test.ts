import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, JsonPatch } from 'cdk8s';
import { parse as parseYaml } from 'yaml';
import {
  Cloud, ErrorCode, GpuModel, GpuNodePool, GpuSharing, MigPartitionProfile, MigStrategy, MlPlatform, Taint, TaintEffect,
} from '../../lib';
import { crdsAvailable, describeWithCrds, getValidator, validateDevicePluginConfig, validateMigPartedConfig } from '../conformance/crd-validator';
import { awsPlatform, existingEks, gcpPlatform, kubernetesOf, objectNamed, validationErrorOf } from '../support/platforms';

// Facts (reference/kubernetes-apis.md §5, ../shared/data/mig-profiles.json, ../shared/crds/mig-parted-default-config.yaml).
const MIG_CONFIG_LABEL = 'nvidia.com/mig.config';
const DEVICE_PLUGIN_CONFIG_LABEL = 'nvidia.com/device-plugin.config';
const A100_40GB_PCI_IDS = ['0x20B010DE', '0x20B110DE', '0x20F110DE', '0x20F610DE'];
const H100_80GB_PCI_IDS = ['0x233010DE', '0x233110DE', '0x232210DE', '0x232410DE'];
const DEFAULT_TOLERATION = { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' };

/** The GPU operator objects as synthesized (validations run), located through the names the ClusterPolicy gives. */
function operatorOf(platform: MlPlatform) {
  const objects = kubernetesOf(platform);
  const policy = objectNamed(objects, 'ClusterPolicy', 'cluster-policy');
  const migConfigMap = objectNamed(objects, 'ConfigMap', policy.spec.migManager.config.name);
  const devicePluginConfigMap = objectNamed(objects, 'ConfigMap', policy.spec.devicePlugin.config.name);
  return {
    objects,
    policy,
    migConfigMap,
    devicePluginConfigMap,
    /** config.yaml, parsed as YAML (the MIG manager reads YAML). */
    migParted: parseYaml(migConfigMap.data['config.yaml']),
    /** Every device-plugin config, parsed as YAML. */
    devicePlugin: Object.fromEntries(Object.entries(devicePluginConfigMap.data as Record<string, string>).map(([k, v]) => [k, parseYaml(v)])),
  };
}

/** The ApiObject construct of a kind and name in the platform's chart (escape hatch target). */
function apiObjectOf(platform: MlPlatform, kind: string, name: string): ApiObject {
  const found = platform.chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === kind && c.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name} in the chart, found ${found.length}`);
  return found[0];
}

function configMapsOf(platform: MlPlatform): { mig: ApiObject; devicePlugin: ApiObject } {
  const policy = platform.gpuOperatorClusterPolicy!.toJson();
  return {
    mig: apiObjectOf(platform, 'ConfigMap', policy.spec.migManager.config.name),
    devicePlugin: apiObjectOf(platform, 'ConfigMap', policy.spec.devicePlugin.config.name),
  };
}

/**
 * An EKS platform with several MIG profiles (uniform A100, mixed H100 layout, per-GPU layouts on an 8-GPU A100 node)
 * and sharing pools (time-slicing, MPS, options, MIG + time-slicing, two pools with identical sharing).
 */
function richPlatform(p: MlPlatform = awsPlatform()) {
  const a100Small = new MigPartitionProfile(p, 'a100-small', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
  const h100Balanced = new MigPartitionProfile(p, 'h100-balanced', {
    gpu: GpuModel.H100_80GB, layout: [{ profile: '3g.40gb', count: 1 }, { profile: '2g.20gb', count: 1 }, { profile: '1g.10gb', count: 2 }],
  });
  const a100Split = new MigPartitionProfile(p, 'a100-split', {
    gpu: GpuModel.A100_40GB,
    perGpuLayouts: [
      [], [], [], [],
      [{ profile: '3g.20gb', count: 2 }], [{ profile: '3g.20gb', count: 2 }],
      [{ profile: '1g.5gb', count: 7 }], [{ profile: '1g.5gb', count: 7 }],
    ],
  });
  const research: Taint = { key: 'team', value: 'research', effect: TaintEffect.NO_SCHEDULE };
  const dedicated: Taint = { key: 'dedicated', effect: TaintEffect.NO_EXECUTE };
  const pools = {
    a100Small: new GpuNodePool(p, 'a100-mig', { instanceTypes: ['p4d.24xlarge'], maxNodes: 2, mig: a100Small }),
    a100Split: new GpuNodePool(p, 'a100-mixed', { instanceTypes: ['p4d.24xlarge'], maxNodes: 2, mig: a100Split, taints: [research] }),
    h100Shared: new GpuNodePool(p, 'h100-shared', {
      instanceTypes: ['p5.48xlarge'], maxNodes: 1, mig: h100Balanced, sharing: GpuSharing.timeSlicing(4), taints: [GpuNodePool.DEFAULT_TAINT, dedicated],
    }),
    l4TimeA: new GpuNodePool(p, 'l4-time-a', { instanceTypes: ['g6.xlarge'], maxNodes: 4, sharing: GpuSharing.timeSlicing(4) }),
    l4TimeB: new GpuNodePool(p, 'l4-time-b', { instanceTypes: ['g6.xlarge'], maxNodes: 4, sharing: GpuSharing.timeSlicing(4), taints: [research] }),
    l4Mps: new GpuNodePool(p, 'l4-mps', { instanceTypes: ['g6.xlarge'], maxNodes: 2, sharing: GpuSharing.mps(2) }),
    l4Renamed: new GpuNodePool(p, 'l4-renamed', {
      instanceTypes: ['g6.xlarge'], maxNodes: 2, sharing: GpuSharing.timeSlicing(3, { renameByDefault: true, failRequestsGreaterThanOne: false }),
    }),
  };
  return { platform: p, profiles: { a100Small, h100Balanced, a100Split }, pools, taints: { research, dedicated } };
}

/** A platform that owns its apps and writes them to a fresh temporary folder. */
function ownedPlatform(): { platform: MlPlatform; k8sOut: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-gpu-operator-'));
  const k8sOut = path.join(root, 'k8s');
  const tfOut = path.join(root, 'tf');
  fs.mkdirSync(tfOut);
  const platform = new MlPlatform('owned', {
    cloud: Cloud.aws({ region: 'us-east-1' }), cluster: existingEks(), kubernetesOutdir: k8sOut, terraformOutdir: tfOut,
  });
  return { platform, k8sOut };
}

function writtenFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

describe('catalog facts the fixtures rely on', () => {
  test('p4d.24xlarge = 8 x A100-40GB, p5.48xlarge = 8 x H100-80GB, g6.xlarge = 1 x L4', () => {
    const { pools } = richPlatform();
    expect([pools.a100Small.gpusPerNode, pools.a100Small.offering.gpu!.id]).toEqual([8, 'a100-40gb']);
    expect([pools.h100Shared.gpusPerNode, pools.h100Shared.offering.gpu!.id]).toEqual([8, 'h100-80gb']);
    expect([pools.l4Mps.gpusPerNode, pools.l4Mps.offering.gpu!.id]).toEqual([1, 'l4']);
  });
});

describe('which platforms get GPU operator objects', () => {
  const kinds = (p: MlPlatform) => kubernetesOf(p).filter((o) => o.kind === 'ClusterPolicy' || o.kind === 'ConfigMap');

  test('an EKS platform gets a ClusterPolicy and two ConfigMaps with its first pool', () => {
    const p = awsPlatform();
    expect(p.gpuOperatorClusterPolicy).toBeUndefined();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 1 });
    expect(p.gpuOperatorClusterPolicy).toBeDefined();
    const found = kinds(p);
    expect(found.map((o) => o.kind).sort()).toEqual(['ClusterPolicy', 'ConfigMap', 'ConfigMap']);
    expect(p.gpuOperatorClusterPolicy!.toJson()).toEqual(found.find((o) => o.kind === 'ClusterPolicy'));
  });

  test('a second pool does not create a second set', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 1 });
    const policy = p.gpuOperatorClusterPolicy;
    new GpuNodePool(p, 't4', { gpu: GpuModel.T4, maxNodes: 1 });
    expect(p.gpuOperatorClusterPolicy).toBe(policy);
    expect(kinds(p)).toHaveLength(3);
  });

  test('none on an EKS platform without pools', () => {
    const p = awsPlatform();
    expect(kinds(p)).toEqual([]);
    expect(p.gpuOperatorClusterPolicy).toBeUndefined();
  });

  test('none on GKE, which runs the driver, the device plugin and MIG itself', () => {
    const p = gcpPlatform();
    const mig = new MigPartitionProfile(p, 'a100-1g', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    new GpuNodePool(p, 'a100', { gpu: GpuModel.A100_40GB, gpusPerNode: 8, maxNodes: 1, mig });
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 1, sharing: GpuSharing.timeSlicing(4) });
    expect(kinds(p)).toEqual([]);
    expect(p.gpuOperatorClusterPolicy).toBeUndefined();
  });
});

describe('GPU operator namespace', () => {
  test("defaults to 'gpu-operator' for both ConfigMaps; the ClusterPolicy is cluster-scoped", () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 1 });
    const { policy, migConfigMap, devicePluginConfigMap } = operatorOf(p);
    expect(migConfigMap.metadata.namespace).toBe('gpu-operator');
    expect(devicePluginConfigMap.metadata.namespace).toBe('gpu-operator');
    expect(policy.metadata.namespace).toBeUndefined();
  });

  test('gpuOperatorNamespace moves both ConfigMaps', () => {
    const p = awsPlatform({ gpuOperatorNamespace: 'nvidia-system' });
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 1 });
    const { migConfigMap, devicePluginConfigMap } = operatorOf(p);
    expect(migConfigMap.metadata.namespace).toBe('nvidia-system');
    expect(devicePluginConfigMap.metadata.namespace).toBe('nvidia-system');
  });

  test.each(['GPU-Operator', 'gpu_operator', '-gpu', 'x'.repeat(64), ''])('an invalid namespace %j is INVALID_NAME', (ns) => {
    const err = validationErrorOf(() => awsPlatform({ gpuOperatorNamespace: ns }));
    expect(err.code).toBe(ErrorCode.INVALID_NAME);
    expect(err.message).toContain('GPU operator namespace');
  });
});

describe('ClusterPolicy', () => {
  const { platform, pools, taints } = richPlatform();
  const { policy, migConfigMap, devicePluginConfigMap } = operatorOf(platform);

  test('nvidia.com/v1 cluster-policy', () => {
    expect(policy.apiVersion).toBe('nvidia.com/v1');
    expect(policy.metadata.name).toBe('cluster-policy');
  });

  test('driver and container toolkit disabled: the EKS AL2023 NVIDIA AMI ships them', () => {
    expect(policy.spec.driver).toEqual({ enabled: false });
    expect(policy.spec.toolkit).toEqual({ enabled: false });
  });

  test('the device plugin reads the device-plugin ConfigMap, "default" for unlabelled nodes', () => {
    expect(policy.spec.devicePlugin).toMatchObject({ enabled: true, config: { name: devicePluginConfigMap.metadata.name, default: 'default' } });
    expect(Object.keys(devicePluginConfigMap.data)).toContain('default');
  });

  test('the MIG manager reads the mig-parted ConfigMap, "all-disabled" for unlabelled nodes', () => {
    expect(policy.spec.migManager).toMatchObject({ enabled: true, config: { name: migConfigMap.metadata.name, default: 'all-disabled' } });
    expect(migConfigMap.metadata.name).not.toBe(devicePluginConfigMap.metadata.name);
  });

  test('mig.strategy follows the profiles: mixed by default on EKS', () => {
    expect(policy.spec.mig).toEqual({ strategy: 'mixed' });
  });

  test('the DaemonSets tolerate every pool taint, once each (custom taints included)', () => {
    const tolerations = policy.spec.daemonsets.tolerations;
    expect(tolerations).toHaveLength(3);
    expect(tolerations).toEqual(expect.arrayContaining([
      DEFAULT_TOLERATION,
      { key: 'team', operator: 'Equal', value: 'research', effect: 'NoSchedule' },
      { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' },
    ]));
    const everyTaint = Object.values(pools).flatMap((pool) => pool.taints);
    expect(everyTaint).toEqual(expect.arrayContaining([taints.research, taints.dedicated, GpuNodePool.DEFAULT_TAINT]));
  });
});

describe('mig.strategy', () => {
  test("'none' without MIG profiles", () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 1, sharing: GpuSharing.timeSlicing(2) });
    const { policy, devicePlugin } = operatorOf(p);
    expect(policy.spec.mig).toEqual({ strategy: 'none' });
    expect(devicePlugin.default.flags).toEqual({ migStrategy: 'none' });
    expect(devicePlugin['time-slicing-2'].flags).toEqual({ migStrategy: 'none' });
  });

  test("'single' when the profiles use the single strategy; MIG devices are then shared as nvidia.com/gpu", () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'a100-1g', { gpu: GpuModel.A100_40GB, profile: '1g.5gb', strategy: MigStrategy.SINGLE });
    const pool = new GpuNodePool(p, 'a100', { instanceTypes: ['p4d.24xlarge'], maxNodes: 1, mig, sharing: GpuSharing.timeSlicing(2) });
    const { policy, devicePlugin } = operatorOf(p);
    expect(policy.spec.mig).toEqual({ strategy: 'single' });
    expect(devicePlugin.default.flags).toEqual({ migStrategy: 'single' });
    const config = devicePlugin[pool.nodeLabels[DEVICE_PLUGIN_CONFIG_LABEL]];
    expect(config.flags).toEqual({ migStrategy: 'single' });
    expect(config.sharing.timeSlicing.resources).toEqual([{ name: 'nvidia.com/gpu', replicas: 2 }]);
  });

  test("'mixed' with mixed profiles", () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'h100-two-3g', { gpu: GpuModel.H100_80GB, layout: [{ profile: '3g.40gb', count: 2 }] });
    new GpuNodePool(p, 'h100', { instanceTypes: ['p5.48xlarge'], maxNodes: 1, mig });
    const { policy, devicePlugin } = operatorOf(p);
    expect(policy.spec.mig).toEqual({ strategy: 'mixed' });
    expect(devicePlugin.default.flags).toEqual({ migStrategy: 'mixed' });
  });
});

describe('lazy rendering: what is declared after the first pool is included', () => {
  const p = awsPlatform();
  new GpuNodePool(p, 'first', { gpu: GpuModel.L4, maxNodes: 1 });
  const early = p.gpuOperatorClusterPolicy;
  const late: Taint = { key: 'late', value: 'yes', effect: TaintEffect.NO_SCHEDULE };
  const mig = new MigPartitionProfile(p, 'h100-later', { gpu: GpuModel.H100_80GB, profile: '7g.80gb' });
  const later = new GpuNodePool(p, 'later', {
    instanceTypes: ['p5.48xlarge'], maxNodes: 1, mig, sharing: GpuSharing.timeSlicing(2), taints: [late],
  });
  const { policy, migParted, devicePlugin } = operatorOf(p);

  test('the ClusterPolicy created with the first pool is the one synthesized', () => {
    expect(p.gpuOperatorClusterPolicy).toBe(early);
  });

  test('taints of a later pool are tolerated', () => {
    expect(policy.spec.daemonsets.tolerations).toEqual(expect.arrayContaining([
      DEFAULT_TOLERATION, { key: 'late', operator: 'Equal', value: 'yes', effect: 'NoSchedule' },
    ]));
    expect(policy.spec.daemonsets.tolerations).toHaveLength(2);
  });

  test('a later profile sets the strategy and gets its mig-parted config', () => {
    expect(policy.spec.mig.strategy).toBe('mixed');
    expect(Object.keys(migParted['mig-configs'])).toEqual(expect.arrayContaining(['all-disabled', later.nodeLabels[MIG_CONFIG_LABEL]]));
  });

  test("a later pool's sharing config is in the device-plugin ConfigMap", () => {
    expect(devicePlugin[later.nodeLabels[DEVICE_PLUGIN_CONFIG_LABEL]]).toBeDefined();
  });
});

describe('mig-parted ConfigMap', () => {
  const { platform, profiles, pools } = richPlatform();
  const { migConfigMap, migParted } = operatorOf(platform);
  const configs = migParted['mig-configs'];

  test('one key, config.yaml, holding JSON (valid YAML)', () => {
    expect(Object.keys(migConfigMap.data)).toEqual(['config.yaml']);
    expect(JSON.parse(migConfigMap.data['config.yaml'])).toEqual(migParted);
  });

  test('version v1, all-disabled plus one config per profile', () => {
    expect(migParted.version).toBe('v1');
    expect(Object.keys(configs).sort()).toEqual(['a100-split', 'all-1g.5gb', 'all-disabled', 'h100-balanced']);
    expect(Object.values(profiles).map((m) => m.configName).sort()).toEqual(['a100-split', 'all-1g.5gb', 'h100-balanced']);
    expect(configs['all-disabled']).toEqual([{ 'devices': 'all', 'mig-enabled': false }]);
  });

  test('uniform profile: every device, the GPU model\'s PCI ids, every GPU cut into the profile', () => {
    expect(configs['all-1g.5gb']).toEqual([
      { 'device-filter': A100_40GB_PCI_IDS, 'devices': 'all', 'mig-enabled': true, 'mig-devices': { '1g.5gb': 7 } },
    ]);
    expect(configs['h100-balanced']).toEqual([
      { 'device-filter': H100_80GB_PCI_IDS, 'devices': 'all', 'mig-enabled': true, 'mig-devices': { '1g.10gb': 2, '2g.20gb': 1, '3g.40gb': 1 } },
    ]);
  });

  test('device filters are the catalog\'s PCI ids of the profile\'s GPU model', () => {
    expect(configs['all-1g.5gb'][0]['device-filter']).toEqual(platform.catalog.gpuSpec(GpuModel.A100_40GB).migPciDeviceIds);
    expect(configs['h100-balanced'][0]['device-filter']).toEqual(platform.catalog.gpuSpec(GpuModel.H100_80GB).migPciDeviceIds);
  });

  test('perGpuLayouts: GPUs with the same layout grouped by index; MIG disabled (no mig-devices) on empty layouts', () => {
    const entries = configs['a100-split'];
    expect(entries).toHaveLength(3);
    expect(entries).toEqual(expect.arrayContaining([
      { 'device-filter': A100_40GB_PCI_IDS, 'devices': [0, 1, 2, 3], 'mig-enabled': false },
      { 'device-filter': A100_40GB_PCI_IDS, 'devices': [4, 5], 'mig-enabled': true, 'mig-devices': { '3g.20gb': 2 } },
      { 'device-filter': A100_40GB_PCI_IDS, 'devices': [6, 7], 'mig-enabled': true, 'mig-devices': { '1g.5gb': 7 } },
    ]));
    for (const entry of entries.filter((e: any) => e['mig-enabled'] === false)) {
      expect(entry).not.toHaveProperty('mig-devices');
    }
  });

  test('perGpuLayouts cover each GPU of the node exactly once', () => {
    const indices = configs['a100-split'].flatMap((e: any) => e.devices).sort((a: number, b: number) => a - b);
    expect(indices).toEqual(Array.from({ length: pools.a100Split.gpusPerNode }, (_, i) => i));
  });

  test("every pool's nvidia.com/mig.config label names a config in config.yaml", () => {
    const labelled = Object.values(pools).filter((pool) => pool.nodeLabels[MIG_CONFIG_LABEL] !== undefined);
    expect(labelled.map((pool) => pool.poolName).sort()).toEqual(['a100-mig', 'a100-mixed', 'h100-shared']);
    for (const pool of labelled) {
      expect(Object.keys(configs)).toContain(pool.nodeLabels[MIG_CONFIG_LABEL]);
    }
  });

  test('pools without a MIG profile carry no nvidia.com/mig.config label (the MIG manager applies all-disabled)', () => {
    expect(pools.l4TimeA.nodeLabels[MIG_CONFIG_LABEL]).toBeUndefined();
  });

  // all-disabled is what unlabelled GPU nodes apply: a profile taking the name would partition pools declared without MIG.
  test('a profile cannot take the reserved config name all-disabled', () => {
    const p = awsPlatform();
    const err = validationErrorOf(() => new MigPartitionProfile(p, 'takes-reserved', {
      gpu: GpuModel.A100_40GB, layout: [{ profile: '3g.20gb', count: 1 }], name: 'all-disabled',
    }));
    expect(err.code).toBe(ErrorCode.INVALID_NAME);
  });

  test('profiles of two GPU models with one name become one config with an entry per GPU model', () => {
    const p = awsPlatform();
    const a100 = new MigPartitionProfile(p, 'a100', { gpu: GpuModel.A100_80GB, profile: '1g.10gb' });
    const h100 = new MigPartitionProfile(p, 'h100', { gpu: GpuModel.H100_80GB, profile: '1g.10gb' });
    new GpuNodePool(p, 'a100-pool', { instanceTypes: ['p4de.24xlarge'], maxNodes: 1, mig: a100 });
    new GpuNodePool(p, 'h100-pool', { instanceTypes: ['p5.48xlarge'], maxNodes: 1, mig: h100 });
    const entries = operatorOf(p).migParted['mig-configs']['all-1g.10gb'];
    expect(entries).toHaveLength(2);
    expect(entries.map((e: any) => e['device-filter'])).toContainEqual(H100_80GB_PCI_IDS);
    for (const e of entries) expect(e['mig-devices']).toEqual({ '1g.10gb': 7 });
    if (crdsAvailable()) expect(validateMigPartedConfig(operatorOf(p).migConfigMap.data['config.yaml'])).toEqual([]);
  });

  test('without profiles: all-disabled only', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 1 });
    expect(operatorOf(p).migParted).toEqual({ 'version': 'v1', 'mig-configs': { 'all-disabled': [{ 'devices': 'all', 'mig-enabled': false }] } });
  });
});

describe('device-plugin ConfigMap', () => {
  const { platform, pools } = richPlatform();
  const { devicePlugin, devicePluginConfigMap } = operatorOf(platform);
  const configOf = (pool: GpuNodePool) => devicePlugin[pool.nodeLabels[DEVICE_PLUGIN_CONFIG_LABEL]];

  test('every value is JSON (valid YAML)', () => {
    for (const [key, text] of Object.entries(devicePluginConfigMap.data as Record<string, string>)) {
      expect(JSON.parse(text)).toEqual(devicePlugin[key]);
    }
  });

  test('"default" sets the MIG strategy only', () => {
    expect(devicePlugin.default).toEqual({ version: 'v1', flags: { migStrategy: 'mixed' } });
  });

  test("one key per distinct sharing config, named by the pools' nvidia.com/device-plugin.config labels", () => {
    const shared = Object.values(pools).filter((pool) => pool.sharing !== undefined);
    const labels = shared.map((pool) => pool.nodeLabels[DEVICE_PLUGIN_CONFIG_LABEL]);
    expect(labels.every((l) => typeof l === 'string')).toBe(true);
    expect(Object.keys(devicePlugin).sort()).toEqual(['default', ...new Set(labels)].sort());
    for (const config of Object.values(devicePlugin)) {
      expect(config.version).toBe('v1');
      expect(config.flags).toEqual({ migStrategy: 'mixed' });
    }
  });

  test('pools without sharing carry no device-plugin.config label (they get "default")', () => {
    expect(pools.a100Small.nodeLabels[DEVICE_PLUGIN_CONFIG_LABEL]).toBeUndefined();
    expect(pools.a100Split.nodeLabels[DEVICE_PLUGIN_CONFIG_LABEL]).toBeUndefined();
  });

  test('time-slicing on whole GPUs: nvidia.com/gpu with the replicas, fail requests > 1 by default', () => {
    expect(configOf(pools.l4TimeA).sharing).toEqual({
      timeSlicing: { renameByDefault: false, failRequestsGreaterThanOne: true, resources: [{ name: 'nvidia.com/gpu', replicas: 4 }] },
    });
  });

  test('two pools with identical sharing share one key', () => {
    expect(pools.l4TimeA.nodeLabels[DEVICE_PLUGIN_CONFIG_LABEL]).toBe('time-slicing-4');
    expect(pools.l4TimeB.nodeLabels[DEVICE_PLUGIN_CONFIG_LABEL]).toBe('time-slicing-4');
    const sharedPools = Object.values(pools).filter((pool) => pool.sharing !== undefined);
    expect(sharedPools).toHaveLength(5);
    expect(Object.keys(devicePlugin).filter((k) => k !== 'default')).toHaveLength(4);
  });

  test('MPS: sharing.mps, no timeSlicing', () => {
    expect(configOf(pools.l4Mps).sharing).toEqual({
      mps: { renameByDefault: false, failRequestsGreaterThanOne: true, resources: [{ name: 'nvidia.com/gpu', replicas: 2 }] },
    });
  });

  test('renameByDefault and failRequestsGreaterThanOne are carried over; resources keep their pre-rename names', () => {
    expect(configOf(pools.l4Renamed).sharing).toEqual({
      timeSlicing: { renameByDefault: true, failRequestsGreaterThanOne: false, resources: [{ name: 'nvidia.com/gpu', replicas: 3 }] },
    });
    expect(pools.l4Renamed.providedResources().map((r) => r.resourceName)).toEqual(['nvidia.com/gpu.shared']);
  });

  test('MIG + time-slicing lists each nvidia.com/mig-* resource of the pool', () => {
    expect(configOf(pools.h100Shared).sharing.timeSlicing.resources).toEqual([
      { name: 'nvidia.com/mig-1g.10gb', replicas: 4 },
      { name: 'nvidia.com/mig-2g.20gb', replicas: 4 },
      { name: 'nvidia.com/mig-3g.40gb', replicas: 4 },
    ]);
  });

  test("each sharing config names exactly the pool's resources (before renaming)", () => {
    for (const pool of Object.values(pools).filter((x) => x.sharing !== undefined)) {
      const sharing = configOf(pool).sharing;
      const spec = sharing.timeSlicing ?? sharing.mps;
      const suffix = pool.sharing!.renameByDefault ? '.shared' : '';
      expect(spec.resources.map((r: any) => `${r.name}${suffix}`).sort()).toEqual(pool.providedResources().map((r) => r.resourceName).sort());
      expect(spec.resources.every((r: any) => r.replicas === pool.sharing!.replicas)).toBe(true);
    }
  });

  test('per-GPU layouts with whole GPUs share nvidia.com/gpu and the MIG devices', () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'half', {
      gpu: GpuModel.A100_40GB, perGpuLayouts: [[], [], [], [], [{ profile: '1g.5gb', count: 7 }], [{ profile: '1g.5gb', count: 7 }], [], []],
    });
    const pool = new GpuNodePool(p, 'a100-half', { instanceTypes: ['p4d.24xlarge'], maxNodes: 1, mig, sharing: GpuSharing.timeSlicing(2) });
    const config = operatorOf(p).devicePlugin[pool.nodeLabels[DEVICE_PLUGIN_CONFIG_LABEL]];
    expect(config.sharing.timeSlicing.resources).toEqual([
      { name: 'nvidia.com/gpu', replicas: 2 },
      { name: 'nvidia.com/mig-1g.5gb', replicas: 2 },
    ]);
  });
});

describeWithCrds('GPU operator objects conform to the official CRDs and NVIDIA config schemas', () => {
  const { platform } = richPlatform();
  const operator = operatorOf(platform);

  test('the fixture exercises uniform, mixed and per-GPU MIG configs and every sharing kind', () => {
    expect(Object.keys(operator.migParted['mig-configs'])).toHaveLength(4);
    expect(Object.keys(operator.devicePlugin)).toHaveLength(5);
  });

  test('the mig-parted config validates against mig-parted-config.v1.schema.json', () => {
    expect(validateMigPartedConfig(operator.migConfigMap.data['config.yaml'])).toEqual([]);
  });

  test.each(['a100-split', 'all-1g.5gb', 'all-disabled', 'h100-balanced'])('mig-parted config %s validates on its own', (name) => {
    expect(validateMigPartedConfig({ 'version': 'v1', 'mig-configs': { [name]: operator.migParted['mig-configs'][name] } })).toEqual([]);
  });

  test('every device-plugin config validates against nvidia-device-plugin-config.v1.schema.json', () => {
    const entries = Object.entries(operator.devicePluginConfigMap.data as Record<string, string>);
    expect(entries.length).toBeGreaterThan(1);
    for (const [key, text] of entries) {
      expect([key, validateDevicePluginConfig(text)]).toEqual([key, []]);
    }
  });

  test('the ClusterPolicy validates against the nvidia.com ClusterPolicy CRD', () => {
    expect(getValidator().validate(operator.policy)).toEqual([]);
  });

  test('the validator rejects unknown ClusterPolicy fields (so the pass above means something)', () => {
    const tampered = { ...operator.policy, spec: { ...operator.policy.spec, migManager: { ...operator.policy.spec.migManager, configMap: 'x' } } };
    expect(getValidator().validate(tampered)).toEqual([expect.stringContaining('unknown field "configMap"')]);
  });

  test('both ConfigMaps validate as core v1 ConfigMaps', () => {
    expect(getValidator().validateAll([operator.migConfigMap, operator.devicePluginConfigMap])).toEqual([]);
  });

  test('every object of the cluster layer validates', () => {
    expect(getValidator().validateAll(operator.objects)).toEqual([]);
  });

  test('single strategy and a platform without profiles validate too', () => {
    const single = awsPlatform();
    const mig = new MigPartitionProfile(single, 'h100-7g', { gpu: GpuModel.H100_80GB, profile: '7g.80gb', strategy: MigStrategy.SINGLE });
    new GpuNodePool(single, 'h100', { instanceTypes: ['p5.48xlarge'], maxNodes: 1, mig, sharing: GpuSharing.timeSlicing(2) });
    const none = awsPlatform();
    new GpuNodePool(none, 'l4', { gpu: GpuModel.L4, maxNodes: 1, sharing: GpuSharing.mps(4) });
    for (const p of [single, none]) {
      const op = operatorOf(p);
      expect(getValidator().validateAll(op.objects)).toEqual([]);
      expect(validateMigPartedConfig(op.migConfigMap.data['config.yaml'])).toEqual([]);
      for (const text of Object.values(op.devicePluginConfigMap.data as Record<string, string>)) {
        expect(validateDevicePluginConfig(text)).toEqual([]);
      }
    }
  });
});

describe('cross-layer checks on the GPU operator objects', () => {
  /** An owned platform with a MIG + time-slicing pool and a custom-tainted pool. */
  function build() {
    const { platform, k8sOut } = ownedPlatform();
    const mig = new MigPartitionProfile(platform, 'a100-1g', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    const a100 = new GpuNodePool(platform, 'a100', { instanceTypes: ['p4d.24xlarge'], maxNodes: 1, mig, sharing: GpuSharing.timeSlicing(2) });
    new GpuNodePool(platform, 'l4', {
      gpu: GpuModel.L4, maxNodes: 1, taints: [{ key: 'team', value: 'research', effect: TaintEffect.NO_SCHEDULE }],
    });
    return { platform, k8sOut, a100, ...configMapsOf(platform) };
  }

  test('an unedited platform passes and synth writes the chart', () => {
    const { platform, k8sOut } = build();
    expect(() => platform.validatePlatform()).not.toThrow();
    platform.synth();
    expect(writtenFiles(k8sOut)).toEqual(['owned.k8s.yaml']);
  });

  test('GPU_OPERATOR_TAINT_NOT_TOLERATED: tolerations removed from the ClusterPolicy; synth writes nothing', () => {
    const { platform, k8sOut } = build();
    platform.gpuOperatorClusterPolicy!.addJsonPatch(JsonPatch.remove('/spec/daemonsets/tolerations'));
    const err = validationErrorOf(() => platform.validatePlatform());
    expect(err.code).toBe(ErrorCode.GPU_OPERATOR_TAINT_NOT_TOLERATED);
    expect(err.message).toMatch(/pool (a100|l4)/);
    expect(() => platform.synth()).toThrow(/GPU_OPERATOR_TAINT_NOT_TOLERATED/);
    expect(writtenFiles(k8sOut)).toEqual([]);
  });

  test("GPU_OPERATOR_TAINT_NOT_TOLERATED: one pool's custom taint dropped", () => {
    const { platform } = build();
    platform.gpuOperatorClusterPolicy!.addJsonPatch(JsonPatch.replace('/spec/daemonsets/tolerations', [DEFAULT_TOLERATION]));
    const err = validationErrorOf(() => platform.validatePlatform());
    expect(err.code).toBe(ErrorCode.GPU_OPERATOR_TAINT_NOT_TOLERATED);
    expect(err.message).toContain('l4');
    expect(err.message).toContain('team=research:NoSchedule');
  });

  test('an edit that still tolerates every taint passes (operator Exists without key)', () => {
    const { platform } = build();
    platform.gpuOperatorClusterPolicy!.addJsonPatch(JsonPatch.replace('/spec/daemonsets/tolerations', [{ operator: 'Exists' }]));
    expect(() => platform.validatePlatform()).not.toThrow();
  });

  test('PreferNoSchedule taints need no toleration', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 1, taints: [{ key: 'soft', value: 'yes', effect: TaintEffect.PREFER_NO_SCHEDULE }] });
    p.gpuOperatorClusterPolicy!.addJsonPatch(JsonPatch.remove('/spec/daemonsets/tolerations'));
    expect(() => p.validatePlatform()).not.toThrow();
  });

  test("GPU_OPERATOR_CONFIG_MISSING: the ClusterPolicy's migManager.config.name points elsewhere; synth writes nothing", () => {
    const { platform, k8sOut } = build();
    platform.gpuOperatorClusterPolicy!.addJsonPatch(JsonPatch.replace('/spec/migManager/config/name', 'some-other-config'));
    const err = validationErrorOf(() => platform.validatePlatform());
    expect(err.code).toBe(ErrorCode.GPU_OPERATOR_CONFIG_MISSING);
    expect(err.message).toContain('nvidia.com/mig.config=all-1g.5gb');
    expect(() => platform.synth()).toThrow(/GPU_OPERATOR_CONFIG_MISSING/);
    expect(writtenFiles(k8sOut)).toEqual([]);
  });

  test("GPU_OPERATOR_CONFIG_MISSING: the pool's mig-parted config removed from config.yaml", () => {
    const { platform, k8sOut, mig } = build();
    const edited = { 'version': 'v1', 'mig-configs': { 'all-disabled': [{ 'devices': 'all', 'mig-enabled': false }] } };
    mig.addJsonPatch(JsonPatch.replace('/data/config.yaml', JSON.stringify(edited)));
    const err = validationErrorOf(() => platform.validatePlatform());
    expect(err.code).toBe(ErrorCode.GPU_OPERATOR_CONFIG_MISSING);
    expect(err.message).toContain('all-1g.5gb');
    expect(() => platform.synth()).toThrow(/GPU_OPERATOR_CONFIG_MISSING/);
    expect(writtenFiles(k8sOut)).toEqual([]);
  });

  test('GPU_OPERATOR_CONFIG_MISSING: a default config that GPU nodes selecting none fall back to is removed', () => {
    const { platform, devicePlugin } = build();
    devicePlugin.addJsonPatch(JsonPatch.remove('/data/default'));
    const pluginError = validationErrorOf(() => platform.validatePlatform());
    expect(pluginError.code).toBe(ErrorCode.GPU_OPERATOR_CONFIG_MISSING);
    expect(pluginError.message).toContain('devicePlugin default config default');

    const other = build();
    const withoutDisabled = JSON.parse(other.mig.toJson().data['config.yaml']);
    delete withoutDisabled['mig-configs']['all-disabled'];
    other.mig.addJsonPatch(JsonPatch.replace('/data/config.yaml', JSON.stringify(withoutDisabled)));
    const migError = validationErrorOf(() => other.platform.validatePlatform());
    expect(migError.code).toBe(ErrorCode.GPU_OPERATOR_CONFIG_MISSING);
    expect(migError.message).toContain('migManager default config all-disabled');
  });

  test('GPU_OPERATOR_CONFIG_MISSING: config.yaml removed', () => {
    const { platform, mig } = build();
    mig.addJsonPatch(JsonPatch.remove('/data/config.yaml'));
    expect(validationErrorOf(() => platform.validatePlatform()).code).toBe(ErrorCode.GPU_OPERATOR_CONFIG_MISSING);
  });

  test('GPU_OPERATOR_CONFIG_MISSING: config.yaml replaced by non-JSON text; synth writes nothing', () => {
    const { platform, k8sOut, mig } = build();
    mig.addJsonPatch(JsonPatch.replace('/data/config.yaml', 'version: v1\nmig-configs:\n  all-1g.5gb:\n    - devices: all\n'));
    const err = validationErrorOf(() => platform.validatePlatform());
    expect(err.code).toBe(ErrorCode.GPU_OPERATOR_CONFIG_MISSING);
    expect(() => platform.synth()).toThrow(/GPU_OPERATOR_CONFIG_MISSING/);
    expect(writtenFiles(k8sOut)).toEqual([]);
  });

  test("GPU_OPERATOR_CONFIG_MISSING: the pool's device-plugin config key removed; synth writes nothing", () => {
    const { platform, k8sOut, devicePlugin, a100 } = build();
    const key = a100.nodeLabels[DEVICE_PLUGIN_CONFIG_LABEL];
    devicePlugin.addJsonPatch(JsonPatch.remove(`/data/${key}`));
    const err = validationErrorOf(() => platform.validatePlatform());
    expect(err.code).toBe(ErrorCode.GPU_OPERATOR_CONFIG_MISSING);
    expect(err.message).toContain(`nvidia.com/device-plugin.config=${key}`);
    expect(() => platform.synth()).toThrow(/GPU_OPERATOR_CONFIG_MISSING/);
    expect(writtenFiles(k8sOut)).toEqual([]);
  });

  test("GPU_OPERATOR_CONFIG_MISSING: the ClusterPolicy's devicePlugin.config.name points elsewhere", () => {
    const { platform } = build();
    platform.gpuOperatorClusterPolicy!.addJsonPatch(JsonPatch.replace('/spec/devicePlugin/config/name', 'some-other-config'));
    expect(validationErrorOf(() => platform.validatePlatform()).code).toBe(ErrorCode.GPU_OPERATOR_CONFIG_MISSING);
  });

  test('edits that keep every selected config pass (extra config, extra key)', () => {
    const { platform, mig, devicePlugin } = build();
    const migParted = JSON.parse(mig.toJson().data['config.yaml']);
    migParted['mig-configs']['all-7g.40gb'] = [{ 'devices': 'all', 'mig-enabled': true, 'mig-devices': { '7g.40gb': 1 } }];
    mig.addJsonPatch(JsonPatch.replace('/data/config.yaml', JSON.stringify(migParted)));
    devicePlugin.addJsonPatch(JsonPatch.add('/data/extra', JSON.stringify({ version: 'v1', flags: { migStrategy: 'mixed' } })));
    expect(() => platform.validatePlatform()).not.toThrow();
  });

  test('GPU_OPERATOR_CONFIG_MISSING: a pool labelled by hand with a device-plugin config the ConfigMap lacks', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 1, labels: { [DEVICE_PLUGIN_CONFIG_LABEL]: 'time-slicing-8' } });
    expect(validationErrorOf(() => p.validatePlatform()).code).toBe(ErrorCode.GPU_OPERATOR_CONFIG_MISSING);
  });

  test('a pool labelled by hand with an existing config passes', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 1, labels: { [DEVICE_PLUGIN_CONFIG_LABEL]: 'default', [MIG_CONFIG_LABEL]: 'all-disabled' } });
    expect(() => p.validatePlatform()).not.toThrow();
  });
});

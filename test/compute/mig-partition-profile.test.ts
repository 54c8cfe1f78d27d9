import { Catalog, CloudProvider, GpuModel, GpuNodePool, GpuSharing, MigPartitionProfile, MigStrategy, PlatformLabels } from '../../lib';
import { describeWithData, MigProfilesFile, readDataJson } from '../catalog/shared-data';
import { awsPlatform, gcpPlatform, kubernetesOf, resources, resourceWhere, terraformOf } from '../support/platforms';

// Facts the expectations rest on (not read from the code under test):
// - mig-profiles.json / NVIDIA's MIG tables: A100-40GB holds 7 x 1g.5gb, 4 x 1g.10gb, 2 x 3g.20gb, 1 x 1g.5gb+me;
//   H100-80GB and A100-80GB hold 7 x 1g.10gb, 2 x 3g.40gb; every A100/H100 has 7 compute slices.
// - kubernetes-apis.md §5: mig-parted names full single-profile layouts `all-<profile>` with `+` -> `.`; the mixed
//   strategy advertises `nvidia.com/mig-<profile>` (`+` -> `.`), single advertises `nvidia.com/gpu`; time-slicing
//   multiplies capacity by the replicas and `renameByDefault` advertises `<resource>.shared`; node labels
//   `nvidia.com/mig.config` and `nvidia.com/device-plugin.config` select the configs.
// - cloud-apis.md: GKE guest_accelerator { gpu_partition_size, gpu_sharing_config { gpu_sharing_strategy
//   TIME_SHARING | MPS, max_shared_clients_per_gpu } }.
// - The catalog: p4d.24xlarge = 8 x A100-40GB, p5.48xlarge = 8 x H100, g6.xlarge = 1 x L4; a2-highgpu-1g = 1 x A100-40GB,
//   a2-ultragpu-1g = 1 x A100-80GB, a3-highgpu-8g = 8 x H100, g2-standard-4 = 1 x L4 (checked below).

const MIG_CONFIG = 'nvidia.com/mig.config';
const DEVICE_PLUGIN_CONFIG = 'nvidia.com/device-plugin.config';
const AUTOSCALER_RESOURCE = 'k8s.io/cluster-autoscaler/node-template/resources/';

const slices = (...pairs: Array<[string, number]>) => pairs.map(([profile, count]) => ({ profile, count }));
/** The autoscaler resource tags of the platform's ASGs, as `resource -> value`. */
const autoscalerResources = (tf: any): Record<string, string> =>
  Object.fromEntries(resources(tf, 'aws_autoscaling_group_tag').map((t) => [t.tag.key.slice(AUTOSCALER_RESOURCE.length), t.tag.value]));

describe('the instance types these tests use are in the catalog with the GPUs they assume', () => {
  const catalog = Catalog.default();
  test.each([
    [CloudProvider.AWS, 'p4d.24xlarge', GpuModel.A100_40GB, 8],
    [CloudProvider.AWS, 'p5.48xlarge', GpuModel.H100_80GB, 8],
    [CloudProvider.AWS, 'g6.xlarge', GpuModel.L4, 1],
    [CloudProvider.GCP, 'a2-highgpu-1g', GpuModel.A100_40GB, 1],
    [CloudProvider.GCP, 'a2-ultragpu-1g', GpuModel.A100_80GB, 1],
    [CloudProvider.GCP, 'a3-highgpu-8g', GpuModel.H100_80GB, 8],
    [CloudProvider.GCP, 'g2-standard-4', GpuModel.L4, 1],
  ])('%s %s: %s x %d', (cloud, name, gpu, count) => {
    const found = catalog.findOfferings(cloud, name);
    expect(found.map((o) => [o.gpu!.id, o.gpuCount])).toEqual([[gpu.id, count]]);
  });
});

describe('MigPartitionProfile: a uniform `profile`', () => {
  test('takes as many devices per GPU as the GPU holds of the profile', () => {
    const p = awsPlatform();
    expect(new MigPartitionProfile(p, 'a', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' }).devicesPerGpu).toBe(7);
    expect(new MigPartitionProfile(p, 'b', { gpu: GpuModel.A100_40GB, profile: '1g.10gb' }).devicesPerGpu).toBe(4);
    expect(new MigPartitionProfile(p, 'c', { gpu: GpuModel.H100_80GB, profile: '1g.10gb', name: 'h100-1g' }).devicesPerGpu).toBe(7);
    expect(new MigPartitionProfile(p, 'd', { gpu: GpuModel.H100_80GB, profile: '3g.40gb' }).devicesPerGpu).toBe(2);
  });

  test('is a uniform layout of one slice at that count', () => {
    const m = new MigPartitionProfile(awsPlatform(), 'h100', { gpu: GpuModel.H100_80GB, profile: '3g.40gb' });
    expect(m.uniform).toBe(true);
    expect(m.layout).toEqual(slices(['3g.40gb', 2]));
    expect(m.perGpuLayouts).toBeUndefined();
    expect(m.gpusPerNode).toBeUndefined();
    expect(m.gpu).toBe(GpuModel.H100_80GB);
  });

  test('the layout getters return copies', () => {
    const m = new MigPartitionProfile(awsPlatform(), 'h100', { gpu: GpuModel.H100_80GB, profile: '3g.40gb' });
    (m.layout![0] as { count: number }).count = 99;
    expect(m.layout).toEqual([{ profile: '3g.40gb', count: 2 }]);
    expect(m.devicesPerGpu).toBe(2);
  });
});

describeWithData('MigPartitionProfile on every MIG profile of the data', () => {
  const rows: Array<[GpuModel, string]> = [
    [GpuModel.A100_40GB, 'A100-40GB (SXM4/PCIe), A800-40GB'],
    [GpuModel.A100_80GB, 'A100-80GB (SXM4/PCIe), A800-80GB'],
    [GpuModel.H100_80GB, 'H100-80GB (SXM5/PCIe), H800-80GB'],
    [GpuModel.H200_141GB, 'H200-141GB (SXM), H200 NVL'],
  ];
  const data = readDataJson<MigProfilesFile>('mig-profiles.json');

  test.each(rows)('%s: `profile` = maxInstances of mig-profiles.json, named all-<profile>', (gpu, row) => {
    const p = awsPlatform();
    const profiles = data.gpus.find((g) => g.gpu === row)!.profiles;
    expect(profiles.length).toBeGreaterThan(0);
    for (const { profile, maxInstances } of profiles) {
      const m = new MigPartitionProfile(p, profile.replace('+', '-'), { gpu, profile });
      expect([profile, m.devicesPerGpu, m.configName]).toEqual([profile, maxInstances, `all-${profile.replace('+', '.')}`]);
    }
  });
});

describe('MigPartitionProfile: config name', () => {
  test('mig-parted\'s all-<profile> for a full single-profile profile, `+` spelt `.`', () => {
    const p = awsPlatform();
    expect(new MigPartitionProfile(p, 'a', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' }).configName).toBe('all-1g.5gb');
    expect(new MigPartitionProfile(p, 'b', { gpu: GpuModel.A100_40GB, profile: '1g.5gb+me' }).configName).toBe('all-1g.5gb.me');
  });

  test('a `layout` of one profile at its maximum is the same full layout: all-<profile>', () => {
    const m = new MigPartitionProfile(awsPlatform(), 'sevens', { gpu: GpuModel.A100_40GB, layout: slices(['1g.5gb', 7]) });
    expect(m.configName).toBe('all-1g.5gb');
  });

  test('the construct id for a partial or mixed layout, and for perGpuLayouts', () => {
    const p = awsPlatform();
    expect(new MigPartitionProfile(p, 'three-small', { gpu: GpuModel.A100_40GB, layout: slices(['1g.5gb', 3]) }).configName).toBe('three-small');
    expect(new MigPartitionProfile(p, 'mixed', { gpu: GpuModel.A100_40GB, layout: slices(['3g.20gb', 1], ['2g.10gb', 2]) }).configName).toBe('mixed');
    expect(new MigPartitionProfile(p, 'per-gpu', { gpu: GpuModel.A100_40GB, perGpuLayouts: [slices(['1g.5gb', 7])] }).configName).toBe('per-gpu');
  });

  test('`name` overrides the default', () => {
    const m = new MigPartitionProfile(awsPlatform(), 'small', { gpu: GpuModel.A100_40GB, profile: '1g.5gb', name: 'a100-small' });
    expect(m.configName).toBe('a100-small');
  });

  test('the platform lists its profiles sorted by config name', () => {
    const p = awsPlatform();
    new MigPartitionProfile(p, 'z', { gpu: GpuModel.A100_40GB, profile: '3g.20gb' });
    new MigPartitionProfile(p, 'y', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    expect(p.migProfiles.map((m) => m.configName)).toEqual(['all-1g.5gb', 'all-3g.20gb']);
  });
});

describe('MigPartitionProfile: strategy and resource names', () => {
  test('MIXED by default on AWS: one nvidia.com/mig-<profile> resource per profile', () => {
    const m = new MigPartitionProfile(awsPlatform(), 'h100', { gpu: GpuModel.H100_80GB, profile: '1g.10gb' });
    expect(m.strategy).toBe(MigStrategy.MIXED);
    expect(m.resourceNames).toEqual(['nvidia.com/mig-1g.10gb']);
  });

  test('SINGLE by default on GCP: every device is nvidia.com/gpu', () => {
    const m = new MigPartitionProfile(gcpPlatform(), 'h100', { gpu: GpuModel.H100_80GB, profile: '1g.10gb' });
    expect(m.strategy).toBe(MigStrategy.SINGLE);
    expect(m.resourceNames).toEqual(['nvidia.com/gpu']);
  });

  test('SINGLE on request on AWS', () => {
    const m = new MigPartitionProfile(awsPlatform(), 'h100', { gpu: GpuModel.H100_80GB, profile: '1g.10gb', strategy: MigStrategy.SINGLE });
    expect(m.strategy).toBe(MigStrategy.SINGLE);
    expect(m.resourceNames).toEqual(['nvidia.com/gpu']);
  });

  test('a media-extension profile is advertised with `+` spelt `.`', () => {
    const m = new MigPartitionProfile(awsPlatform(), 'me', { gpu: GpuModel.A100_40GB, profile: '1g.5gb+me' });
    expect(m.resourceNames).toEqual(['nvidia.com/mig-1g.5gb.me']);
    expect(m.devicesPerGpu).toBe(1);
  });

  test('a mixed layout advertises one sorted resource per profile', () => {
    const m = new MigPartitionProfile(awsPlatform(), 'mixed', { gpu: GpuModel.H100_80GB, layout: slices(['3g.40gb', 1], ['1g.10gb', 2], ['2g.20gb', 1]) });
    expect(m.resourceNames).toEqual(['nvidia.com/mig-1g.10gb', 'nvidia.com/mig-2g.20gb', 'nvidia.com/mig-3g.40gb']);
  });

  test('perGpuLayouts with a GPU left without MIG also advertise whole nvidia.com/gpu', () => {
    const m = new MigPartitionProfile(awsPlatform(), 'half', { gpu: GpuModel.A100_40GB, perGpuLayouts: [slices(['1g.5gb', 7]), []] });
    expect(m.resourceNames).toEqual(['nvidia.com/gpu', 'nvidia.com/mig-1g.5gb']);
  });
});

describe('MigPartitionProfile: devices per node', () => {
  test('uniform: the per-GPU layout times the GPUs of the node', () => {
    const m = new MigPartitionProfile(awsPlatform(), 'small', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    expect(m.devicesPerNode(8)).toEqual([{ profile: '1g.5gb', resourceName: 'nvidia.com/mig-1g.5gb', count: 56, computeSlices: 1 }]);
    expect(m.devicesPerNode(1)).toEqual([{ profile: '1g.5gb', resourceName: 'nvidia.com/mig-1g.5gb', count: 7, computeSlices: 1 }]);
  });

  test('uniform mixed layout: one entry per profile, with its compute slices', () => {
    const m = new MigPartitionProfile(awsPlatform(), 'mixed', { gpu: GpuModel.A100_40GB, layout: slices(['3g.20gb', 1], ['2g.10gb', 2]) });
    expect(m.devicesPerGpu).toBe(3);
    expect(m.devicesPerNode(2)).toEqual([
      { profile: '2g.10gb', resourceName: 'nvidia.com/mig-2g.10gb', count: 4, computeSlices: 2 },
      { profile: '3g.20gb', resourceName: 'nvidia.com/mig-3g.20gb', count: 2, computeSlices: 3 },
    ]);
  });

  test('single strategy: the devices are nvidia.com/gpu', () => {
    const m = new MigPartitionProfile(gcpPlatform(), 'h100', { gpu: GpuModel.H100_80GB, profile: '3g.40gb' });
    expect(m.devicesPerNode(8)).toEqual([{ profile: '3g.40gb', resourceName: 'nvidia.com/gpu', count: 16, computeSlices: 3 }]);
  });

  test('perGpuLayouts: summed over the GPUs; an empty layout is one whole nvidia.com/gpu of 7 slices', () => {
    const m = new MigPartitionProfile(awsPlatform(), 'per-gpu', {
      gpu: GpuModel.A100_40GB,
      perGpuLayouts: [slices(['1g.5gb', 7]), slices(['3g.20gb', 2]), [], slices(['1g.5gb', 3], ['3g.20gb', 1]), []],
    });
    expect(m.uniform).toBe(false);
    expect(m.layout).toBeUndefined();
    expect(m.devicesPerGpu).toBeUndefined();
    expect(m.gpusPerNode).toBe(5);
    // The layouts fix the GPU count: the argument does not change the result.
    expect(m.devicesPerNode(8)).toEqual(m.devicesPerNode(5));
    expect(m.devicesPerNode(5)).toEqual([
      { profile: '', resourceName: 'nvidia.com/gpu', count: 2, computeSlices: 7 },
      { profile: '1g.5gb', resourceName: 'nvidia.com/mig-1g.5gb', count: 10, computeSlices: 1 },
      { profile: '3g.20gb', resourceName: 'nvidia.com/mig-3g.20gb', count: 3, computeSlices: 3 },
    ]);
  });

  test('perGpuLayouts keeps the layouts as declared (sorted slices, copies)', () => {
    const m = new MigPartitionProfile(awsPlatform(), 'per-gpu', { gpu: GpuModel.A100_40GB, perGpuLayouts: [slices(['3g.20gb', 1], ['1g.5gb', 3]), []] });
    expect(m.perGpuLayouts).toEqual([slices(['1g.5gb', 3], ['3g.20gb', 1]), []]);
  });
});

describe('MigPartitionProfile: GKE partition size', () => {
  test('the profile of a full single-profile layout', () => {
    const p = awsPlatform();
    expect(new MigPartitionProfile(p, 'a', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' }).gkePartitionSize).toBe('1g.5gb');
    expect(new MigPartitionProfile(p, 'b', { gpu: GpuModel.A100_40GB, layout: slices(['3g.20gb', 2]) }).gkePartitionSize).toBe('3g.20gb');
  });

  test('undefined for partial, mixed and per-GPU layouts', () => {
    const p = awsPlatform();
    expect(new MigPartitionProfile(p, 'partial', { gpu: GpuModel.A100_40GB, layout: slices(['1g.5gb', 3]) }).gkePartitionSize).toBeUndefined();
    expect(new MigPartitionProfile(p, 'mixed', { gpu: GpuModel.A100_40GB, layout: slices(['4g.20gb', 1], ['3g.20gb', 1]) }).gkePartitionSize).toBeUndefined();
    expect(new MigPartitionProfile(p, 'per-gpu', { gpu: GpuModel.A100_40GB, perGpuLayouts: [slices(['1g.5gb', 7])] }).gkePartitionSize).toBeUndefined();
  });
});

describe('MigPartitionProfile: the config model the GPU operator renderer reads', () => {
  test('uniform: one layout on all devices, filtered to the GPU\'s PCI device ids', () => {
    const p = awsPlatform();
    const m = new MigPartitionProfile(p, 'small', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    expect(m._toConfigModel()).toEqual({
      name: 'all-1g.5gb',
      gpu: 'a100-40gb',
      strategy: 'mixed',
      pciDeviceIds: p.catalog.gpuSpec(GpuModel.A100_40GB).migPciDeviceIds,
      layouts: [{ devices: 'all', slices: { '1g.5gb': 7 } }],
    });
    expect(m._toConfigModel().pciDeviceIds).toContain('0x20B010DE');
  });

  test('perGpuLayouts: GPUs with the same layout grouped by index, whatever the slice order', () => {
    const m = new MigPartitionProfile(awsPlatform(), 'custom', {
      gpu: GpuModel.A100_40GB,
      perGpuLayouts: [
        slices(['3g.20gb', 1], ['1g.5gb', 3]), [], slices(['1g.5gb', 3], ['3g.20gb', 1]), slices(['7g.40gb', 1]), [],
      ],
    });
    expect(m._toConfigModel().name).toBe('custom');
    expect(m._toConfigModel().layouts).toEqual([
      { devices: [0, 2], slices: { '1g.5gb': 3, '3g.20gb': 1 } },
      { devices: [1, 4], slices: {} },
      { devices: [3], slices: { '7g.40gb': 1 } },
    ]);
  });
});

describe('pools with MIG and sharing: provided resources', () => {
  test('2 nodes x 8 A100 x 7 1g.5gb = 112 nvidia.com/mig-1g.5gb (p4d.24xlarge)', () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'small', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    const pool = new GpuNodePool(p, 'a100', { instanceTypes: ['p4d.24xlarge'], maxNodes: 2, mig });
    expect(pool.gpusPerNode).toBe(8);
    expect(pool.mig).toBe(mig);
    expect(pool.maxGpus).toBe(16);
    expect(pool.providedResources()).toEqual([
      { resourceName: 'nvidia.com/mig-1g.5gb', perNode: 56, atMaxSize: 112, migProfile: '1g.5gb', sharedBy: 1, gpuShare: 1 / 7 },
    ]);
  });

  test('2 nodes x 8 H100 x 7 1g.10gb = 112 nvidia.com/mig-1g.10gb (p5.48xlarge)', () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'small', { gpu: GpuModel.H100_80GB, profile: '1g.10gb' });
    const pool = new GpuNodePool(p, 'h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: 2, mig });
    expect(pool.instanceTypes).toEqual(['p5.48xlarge']);
    expect(pool.providedResources()).toEqual([
      { resourceName: 'nvidia.com/mig-1g.10gb', perNode: 56, atMaxSize: 112, migProfile: '1g.10gb', sharedBy: 1, gpuShare: 1 / 7 },
    ]);
  });

  test('4 nodes x 1 L4 x 4 time-slicing replicas = 16 nvidia.com/gpu, a quarter GPU each', () => {
    const p = awsPlatform();
    const pool = new GpuNodePool(p, 'l4', { instanceTypes: ['g6.xlarge'], maxNodes: 4, sharing: GpuSharing.timeSlicing(4) });
    expect(pool.providedResources()).toEqual([{ resourceName: 'nvidia.com/gpu', perNode: 4, atMaxSize: 16, sharedBy: 4, gpuShare: 0.25 }]);
  });

  test('the same on GKE (g2-standard-4)', () => {
    const pool = new GpuNodePool(gcpPlatform(), 'l4', { instanceTypes: ['g2-standard-4'], maxNodes: 4, sharing: GpuSharing.timeSlicing(4) });
    expect(pool.providedResources()).toEqual([{ resourceName: 'nvidia.com/gpu', perNode: 4, atMaxSize: 16, sharedBy: 4, gpuShare: 0.25 }]);
  });

  test('renameByDefault advertises the replicas as nvidia.com/gpu.shared on AWS', () => {
    const pool = new GpuNodePool(awsPlatform(), 'l4', { instanceTypes: ['g6.xlarge'], maxNodes: 4, sharing: GpuSharing.timeSlicing(4, { renameByDefault: true }) });
    expect(pool.providedResources()).toEqual([{ resourceName: 'nvidia.com/gpu.shared', perNode: 4, atMaxSize: 16, sharedBy: 4, gpuShare: 0.25 }]);
  });

  test('MIG + time-slicing multiplies: 8 GPUs x 7 devices x 2 replicas, each 1/14 of a GPU', () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'small', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    const pool = new GpuNodePool(p, 'a100', { instanceTypes: ['p4d.24xlarge'], maxNodes: 2, mig, sharing: GpuSharing.timeSlicing(2) });
    const [provided] = pool.providedResources();
    expect(provided).toMatchObject({ resourceName: 'nvidia.com/mig-1g.5gb', perNode: 112, atMaxSize: 224, migProfile: '1g.5gb', sharedBy: 2 });
    expect(provided.gpuShare).toBeCloseTo(1 / 14, 12);
  });

  test('MIG + renameByDefault: nvidia.com/mig-<profile>.shared', () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'small', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    const pool = new GpuNodePool(p, 'a100', { instanceTypes: ['p4d.24xlarge'], maxNodes: 1, mig, sharing: GpuSharing.timeSlicing(3, { renameByDefault: true }) });
    expect(pool.providedResources().map((r) => [r.resourceName, r.perNode])).toEqual([['nvidia.com/mig-1g.5gb.shared', 168]]);
  });

  test('gpuShare: compute slices / 7 per MIG device, 1 per whole GPU', () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'half', {
      gpu: GpuModel.A100_40GB,
      perGpuLayouts: [slices(['3g.20gb', 2]), slices(['3g.20gb', 2]), slices(['3g.20gb', 2]), slices(['3g.20gb', 2]), [], [], [], []],
    });
    const pool = new GpuNodePool(p, 'a100', { instanceTypes: ['p4d.24xlarge'], maxNodes: 3, mig });
    expect(pool.providedResources()).toEqual([
      { resourceName: 'nvidia.com/gpu', perNode: 4, atMaxSize: 12, sharedBy: 1, gpuShare: 1 },
      { resourceName: 'nvidia.com/mig-3g.20gb', perNode: 8, atMaxSize: 24, migProfile: '3g.20gb', sharedBy: 1, gpuShare: 3 / 7 },
    ]);
  });

  test('GKE: partitions are nvidia.com/gpu (a2-ultragpu-1g, 3g.40gb -> 2 per node)', () => {
    const p = gcpPlatform();
    const mig = new MigPartitionProfile(p, 'half', { gpu: GpuModel.A100_80GB, profile: '3g.40gb' });
    const pool = new GpuNodePool(p, 'a100', { instanceTypes: ['a2-ultragpu-1g'], maxNodes: 2, mig });
    expect(pool.providedResources()).toEqual([
      { resourceName: 'nvidia.com/gpu', perNode: 2, atMaxSize: 4, migProfile: '3g.40gb', sharedBy: 1, gpuShare: 3 / 7 },
    ]);
  });

  test('a plain pool provides whole GPUs', () => {
    const pool = new GpuNodePool(awsPlatform(), 'h100', { instanceTypes: ['p5.48xlarge'], maxNodes: 2 });
    expect(pool.mig).toBeUndefined();
    expect(pool.sharing).toBeUndefined();
    expect(pool.providedResources()).toEqual([{ resourceName: 'nvidia.com/gpu', perNode: 8, atMaxSize: 16, sharedBy: 1, gpuShare: 1 }]);
  });
});

describe('GpuSharing', () => {
  test('time-slicing: defaults and config name', () => {
    const s = GpuSharing.timeSlicing(4);
    expect([s.strategy, s.replicas, s.failRequestsGreaterThanOne, s.renameByDefault]).toEqual(['time-slicing', 4, true, false]);
    expect(s.configName).toBe('time-slicing-4');
    expect(GpuSharing.timeSlicing(4, { renameByDefault: true }).configName).toBe('time-slicing-4-renamed');
    expect(GpuSharing.timeSlicing(4, { failRequestsGreaterThanOne: false }).configName).toBe('time-slicing-4-multi');
  });

  test('MPS: config name', () => {
    const s = GpuSharing.mps(3);
    expect([s.strategy, s.replicas, s.configName]).toEqual(['mps', 3, 'mps-3']);
  });
});

describe('EKS: node labels select the MIG and device-plugin configs', () => {
  const p = awsPlatform();
  const mig = new MigPartitionProfile(p, 'small', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
  new GpuNodePool(p, 'mig-only', { instanceTypes: ['p4d.24xlarge'], maxNodes: 1, mig });
  new GpuNodePool(p, 'mig-shared', { instanceTypes: ['p4d.24xlarge'], maxNodes: 1, mig, sharing: GpuSharing.timeSlicing(2) });
  new GpuNodePool(p, 'shared', { instanceTypes: ['g6.xlarge'], maxNodes: 1, sharing: GpuSharing.timeSlicing(4) });
  new GpuNodePool(p, 'plain', { instanceTypes: ['g6.xlarge'], maxNodes: 1 });
  const tf = terraformOf(p);
  const labels = (name: string) => resourceWhere(tf, 'aws_eks_node_group', 'node_group_name', name).labels;

  test('a MIG pool: nvidia.com/mig.config = the config name', () => {
    expect(labels('mig-only')[MIG_CONFIG]).toBe('all-1g.5gb');
    expect(labels('mig-only')).not.toHaveProperty([DEVICE_PLUGIN_CONFIG]);
    expect(labels('mig-only')[PlatformLabels.POOL]).toBe('mig-only');
  });

  test('a shared MIG pool: both labels; the device-plugin config is per sharing and MIG config', () => {
    expect(labels('mig-shared')[MIG_CONFIG]).toBe('all-1g.5gb');
    expect(labels('mig-shared')[DEVICE_PLUGIN_CONFIG]).toBe('time-slicing-2-all-1g.5gb');
  });

  test('a shared pool without MIG: the device-plugin label only', () => {
    expect(labels('shared')[DEVICE_PLUGIN_CONFIG]).toBe('time-slicing-4');
    expect(labels('shared')).not.toHaveProperty([MIG_CONFIG]);
  });

  test('a plain pool: neither label', () => {
    expect(labels('plain')).not.toHaveProperty([MIG_CONFIG]);
    expect(labels('plain')).not.toHaveProperty([DEVICE_PLUGIN_CONFIG]);
  });

  test('the cluster layer synthesizes with these pools', () => {
    expect(() => kubernetesOf(p)).not.toThrow();
  });
});

describe('GKE: guest_accelerator carries partitioning and sharing; no NVIDIA node labels', () => {
  const p = gcpPlatform();
  const small = new MigPartitionProfile(p, 'small', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
  const h100 = new MigPartitionProfile(p, 'h100-third', { gpu: GpuModel.H100_80GB, profile: '3g.40gb' });
  new GpuNodePool(p, 'a100-ts', { instanceTypes: ['a2-highgpu-1g'], maxNodes: 2, mig: small, sharing: GpuSharing.timeSlicing(3) });
  const mps = new GpuNodePool(p, 'a100-mps', { instanceTypes: ['a2-highgpu-1g'], maxNodes: 2, mig: small, sharing: GpuSharing.mps(4) });
  new GpuNodePool(p, 'h100-mig', { instanceTypes: ['a3-highgpu-8g'], maxNodes: 1, mig: h100 });
  new GpuNodePool(p, 'l4-mps', { instanceTypes: ['g2-standard-4'], maxNodes: 4, sharing: GpuSharing.mps(8) });
  new GpuNodePool(p, 'l4', { instanceTypes: ['g2-standard-4'], maxNodes: 4 });
  const tf = terraformOf(p);
  const nodeConfig = (name: string) => resourceWhere(tf, 'google_container_node_pool', 'name', name).node_config;
  const accelerator = (name: string) => nodeConfig(name).guest_accelerator[0];

  test('MIG + time-slicing: gpu_partition_size and TIME_SHARING', () => {
    expect(accelerator('a100-ts')).toMatchObject({
      type: 'nvidia-tesla-a100',
      count: 1,
      gpu_partition_size: '1g.5gb',
      gpu_sharing_config: { gpu_sharing_strategy: 'TIME_SHARING', max_shared_clients_per_gpu: 3 },
    });
  });

  test('MPS on a MIG pool is allowed on GKE', () => {
    expect(accelerator('a100-mps').gpu_partition_size).toBe('1g.5gb');
    expect(accelerator('a100-mps').gpu_sharing_config).toEqual({ gpu_sharing_strategy: 'MPS', max_shared_clients_per_gpu: 4 });
    expect(mps.providedResources()).toEqual([
      { resourceName: 'nvidia.com/gpu', perNode: 28, atMaxSize: 56, migProfile: '1g.5gb', sharedBy: 4, gpuShare: 1 / 28 },
    ]);
  });

  test('MIG without sharing: partition size only', () => {
    expect(accelerator('h100-mig')).toMatchObject({ type: 'nvidia-h100-80gb', count: 8, gpu_partition_size: '3g.40gb' });
    expect(accelerator('h100-mig').gpu_sharing_config).toBeUndefined();
  });

  test('MPS without MIG: sharing config only', () => {
    expect(accelerator('l4-mps').gpu_sharing_config).toEqual({ gpu_sharing_strategy: 'MPS', max_shared_clients_per_gpu: 8 });
    expect(accelerator('l4-mps').gpu_partition_size).toBeUndefined();
  });

  test('a plain pool: neither', () => {
    expect(accelerator('l4').gpu_partition_size).toBeUndefined();
    expect(accelerator('l4').gpu_sharing_config).toBeUndefined();
  });

  test('no nvidia.com/mig.config or device-plugin.config labels: GKE partitions and shares itself', () => {
    for (const name of ['a100-ts', 'a100-mps', 'h100-mig', 'l4-mps', 'l4']) {
      expect(nodeConfig(name).labels).not.toHaveProperty([MIG_CONFIG]);
      expect(nodeConfig(name).labels).not.toHaveProperty([DEVICE_PLUGIN_CONFIG]);
      expect(nodeConfig(name).labels[PlatformLabels.POOL]).toBe(name);
    }
  });

  test('no autoscaler resource tags on GKE', () => {
    expect(resources(tf, 'aws_autoscaling_group_tag')).toHaveLength(0);
  });

  test('the cluster layer synthesizes with these pools', () => {
    expect(() => kubernetesOf(p)).not.toThrow();
  });
});

describe('EKS: cluster-autoscaler node-template resource tags on the node group\'s ASG', () => {
  test('a fully partitioned pool: the MIG devices per node, and nvidia.com/gpu = 0', () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'small', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    new GpuNodePool(p, 'a100', { instanceTypes: ['p4d.24xlarge'], maxNodes: 2, mig });
    const tf = terraformOf(p);
    expect(autoscalerResources(tf)).toEqual({ 'nvidia.com/gpu': '0', 'nvidia.com/mig-1g.5gb': '56' });
    for (const tag of resources(tf, 'aws_autoscaling_group_tag')) {
      expect(tag.autoscaling_group_name).toMatch(/^\$\{aws_eks_node_group\..+\.resources\[0\]\.autoscaling_groups\[0\]\.name\}$/);
      expect(tag.tag.propagate_at_launch).toBe(false);
    }
  });

  test('the per-node count includes time-slicing replicas', () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'small', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    new GpuNodePool(p, 'a100', { instanceTypes: ['p4d.24xlarge'], maxNodes: 2, mig, sharing: GpuSharing.timeSlicing(2) });
    expect(autoscalerResources(terraformOf(p))).toEqual({ 'nvidia.com/gpu': '0', 'nvidia.com/mig-1g.5gb': '112' });
  });

  test('a partly partitioned pool: its whole GPUs and its MIG devices', () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'half', {
      gpu: GpuModel.A100_40GB,
      perGpuLayouts: [slices(['1g.5gb', 7]), slices(['1g.5gb', 7]), slices(['1g.5gb', 7]), slices(['1g.5gb', 7]), [], [], [], []],
    });
    new GpuNodePool(p, 'a100', { instanceTypes: ['p4d.24xlarge'], maxNodes: 2, mig });
    expect(autoscalerResources(terraformOf(p))).toEqual({ 'nvidia.com/gpu': '4', 'nvidia.com/mig-1g.5gb': '28' });
  });

  test('a time-sliced pool without MIG: the replicas as nvidia.com/gpu', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'l4', { instanceTypes: ['g6.xlarge'], maxNodes: 4, sharing: GpuSharing.timeSlicing(4) });
    expect(autoscalerResources(terraformOf(p))).toEqual({ 'nvidia.com/gpu': '4' });
  });

  test('renamed replicas: nvidia.com/gpu.shared, and no whole nvidia.com/gpu', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'l4', { instanceTypes: ['g6.xlarge'], maxNodes: 4, sharing: GpuSharing.timeSlicing(4, { renameByDefault: true }) });
    expect(autoscalerResources(terraformOf(p))).toEqual({ 'nvidia.com/gpu': '0', 'nvidia.com/gpu.shared': '4' });
  });

  test('a plain pool: no tags (the autoscaler reads whole GPUs from the instance type)', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'h100', { instanceTypes: ['p5.48xlarge'], maxNodes: 2 });
    expect(resources(terraformOf(p), 'aws_autoscaling_group_tag')).toHaveLength(0);
  });

  test('one set of tags per pool that needs them', () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'small', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    new GpuNodePool(p, 'a100', { instanceTypes: ['p4d.24xlarge'], maxNodes: 2, mig });
    new GpuNodePool(p, 'l4', { instanceTypes: ['g6.xlarge'], maxNodes: 4, sharing: GpuSharing.timeSlicing(4) });
    new GpuNodePool(p, 'plain', { instanceTypes: ['g6.xlarge'], maxNodes: 4 });
    const tags = resources(terraformOf(p), 'aws_autoscaling_group_tag');
    expect(tags).toHaveLength(3);
    const groups = new Set(tags.map((t) => t.autoscaling_group_name));
    expect(groups.size).toBe(2);
  });
});

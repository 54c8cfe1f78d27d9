import * as fc from 'fast-check';
import { Catalog, CloudProvider, GpuModel, GpuNodePool, GpuSharing, MigPartitionProfile, MigSlice, MigStrategy } from '../../lib';
import { crdsAvailable, getValidator, validateDevicePluginConfig, validateMigPartedConfig } from '../conformance/crd-validator';
import { awsPlatform, gcpPlatform, kubernetesOf, resources, terraformOf } from '../support/platforms';

const catalog = Catalog.default();
const gpus = GpuModel.all().filter((m) => catalog.offerings(CloudProvider.AWS).concat(catalog.offerings(CloudProvider.GCP)).some((o) => o.gpu === m));
const profilesOf = (gpu: GpuModel) => catalog.gpuSpec(gpu).migProfiles.map((p) => p.name);
const anyProfile = ['1g.5gb', '1g.10gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb', '1g.10gb+me', '1c.3g.20gb', '9g.1gb'];

/** A MIG declaration for a GPU: mostly from its own table, sometimes foreign or malformed profiles and over-full layouts. */
function migFor(gpu: GpuModel) {
  const own = profilesOf(gpu);
  const profile = own.length > 0
    ? fc.oneof({ arbitrary: fc.constantFrom(...own), weight: 6 }, { arbitrary: fc.constantFrom(...anyProfile), weight: 1 })
    : fc.constantFrom(...anyProfile);
  const slice = fc.record({ profile, count: fc.integer({ min: 1, max: 4 }) });
  const layout = fc.uniqueArray(slice, { minLength: 1, maxLength: 3, selector: (s) => s.profile });
  return fc.oneof(
    { arbitrary: fc.record({ profile }), weight: 3 },
    { arbitrary: fc.record({ layout }), weight: 2 },
    { arbitrary: fc.record({ perGpuLayouts: fc.array(fc.oneof(layout, fc.constant<MigSlice[]>([])), { minLength: 1, maxLength: 8 }) }), weight: 1 },
  ).chain((shape) => fc.record({
    shape: fc.constant(shape),
    strategy: fc.option(fc.constantFrom(MigStrategy.SINGLE, MigStrategy.MIXED), { nil: undefined, freq: 3 }),
  }));
}

const sharing = fc.option(fc.oneof(
  fc.integer({ min: 1, max: 50 }).map((r) => GpuSharing.timeSlicing(r)),
  fc.integer({ min: 2, max: 8 }).map((r) => GpuSharing.timeSlicing(r, { renameByDefault: true })),
  fc.integer({ min: 2, max: 8 }).map((r) => GpuSharing.mps(r)),
), { nil: undefined });

const migCapable = gpus.filter((g) => catalog.gpuSpec(g).migCapable);
const anyGpu = fc.oneof({ arbitrary: fc.constantFrom(...migCapable), weight: 3 }, { arbitrary: fc.constantFrom(...gpus), weight: 2 });
const declaration = anyGpu.chain((gpu) => fc.record({
  gpu: fc.constant(gpu),
  gpusPerNode: fc.option(fc.constantFrom(1, 8), { nil: undefined }),
  maxNodes: fc.integer({ min: 1, max: 6 }),
  mig: fc.option(migFor(gpu), { nil: undefined, freq: 4 }),
  sharing,
}));

describe.each([
  [CloudProvider.AWS, awsPlatform],
  [CloudProvider.GCP, gcpPlatform],
])('any MIG / sharing declaration on %s synthesizes agreeing layers or is refused with a ValidationError', (cloud, make) => {
  test('property', () => {
    let synthesized = 0;
    let partitioned = 0;
    fc.assert(fc.property(declaration, (d) => {
      const platform = make();
      let pool: GpuNodePool;
      try {
        const mig = d.mig ? new MigPartitionProfile(platform, 'profile', { gpu: d.gpu, strategy: d.mig.strategy, ...d.mig.shape }) : undefined;
        pool = new GpuNodePool(platform, 'pool', { gpu: d.gpu, gpusPerNode: d.gpusPerNode, maxNodes: d.maxNodes, mig, sharing: d.sharing });
      } catch (e: any) {
        expect(e?.name).toBe('ValidationError');
        expect(typeof e.code).toBe('string');
        return;
      }
      synthesized++;
      if (d.mig) partitioned++;
      const provided = pool.providedResources();
      // Partitioning never creates GPU capacity: the units' GPU shares add up to at most the node's GPUs.
      const gpuTotal = provided.reduce((sum, r) => sum + r.gpuShare * r.perNode, 0);
      expect(gpuTotal).toBeLessThanOrEqual(pool.gpusPerNode + 1e-9);
      for (const r of provided) expect(r.atMaxSize).toBe(r.perNode * d.maxNodes);

      const tf = terraformOf(platform);
      const objects = kubernetesOf(platform);
      if (cloud === CloudProvider.AWS) {
        const group = resources(tf, 'aws_eks_node_group')[0];
        const policy = objects.find((o) => o.kind === 'ClusterPolicy');
        const configMap = (name: string) => objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
        const migText = configMap(policy.spec.migManager.config.name).data['config.yaml'];
        const plugin = configMap(policy.spec.devicePlugin.config.name).data;
        if (d.mig) expect(Object.keys(JSON.parse(migText)['mig-configs'])).toContain(group.labels['nvidia.com/mig.config']);
        if (d.sharing) expect(Object.keys(plugin)).toContain(group.labels['nvidia.com/device-plugin.config']);
        expect(policy.spec.mig.strategy).toBe(d.mig ? pool.mig!.strategy : 'none');
        if (crdsAvailable()) {
          expect(validateMigPartedConfig(migText)).toEqual([]);
          for (const text of Object.values(plugin)) expect(validateDevicePluginConfig(text)).toEqual([]);
        }
        // What the autoscaler assumes for an empty node = what a node provides.
        const tags = resources(tf, 'aws_autoscaling_group_tag').map((t) => [t.tag.key.split('/resources/')[1], Number(t.tag.value)]);
        if (tags.length > 0) {
          for (const r of provided) expect(tags).toContainEqual([r.resourceName, r.perNode]);
        } else {
          expect(provided).toEqual([expect.objectContaining({ resourceName: 'nvidia.com/gpu', perNode: pool.gpusPerNode })]);
        }
      } else {
        const accelerator = resources(tf, 'google_container_node_pool')[0].node_config.guest_accelerator[0];
        expect(accelerator.gpu_partition_size).toBe(d.mig ? pool.mig!.gkePartitionSize : undefined);
        expect(accelerator.gpu_sharing_config?.max_shared_clients_per_gpu).toBe(d.sharing?.replicas);
        expect(objects.map((o) => o.kind)).toEqual(['ResourceFlavor']);
      }
      if (crdsAvailable()) expect(getValidator().validateAll(objects)).toEqual([]);
    }), { numRuns: 250, seed: 20261121 });
    expect(synthesized).toBeGreaterThan(20);
    expect(partitioned).toBeGreaterThan(5);
  });
});

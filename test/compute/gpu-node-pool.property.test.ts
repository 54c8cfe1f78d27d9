import * as fc from 'fast-check';
import { Capacity, Catalog, CloudProvider, GpuModel, GpuNodePool, GpuNodePoolProps, Placement, TaintEffect } from '../../lib';
import { crdsAvailable, getValidator } from '../conformance/crd-validator';
import { awsPlatform, gcpPlatform, kubernetesOf, resources, terraformOf } from '../support/platforms';

const catalog = Catalog.default();
const names = (cloud: CloudProvider) => [...new Set(catalog.offerings(cloud).map((o) => o.name))];
const CLOUD_EFFECT: Record<string, string> = { NO_SCHEDULE: 'NoSchedule', NO_EXECUTE: 'NoExecute', PREFER_NO_SCHEDULE: 'PreferNoSchedule' };

/** Mostly valid values, sometimes an invalid one: both paths of the property get exercised. */
const mostly = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: invalid, weight: 1 });

const taint = fc.record({
  key: mostly<string>(fc.constantFrom('nvidia.com/gpu', 'example.com/dedicated', 'team'), fc.constantFrom('Bad Key', `x.io/${'k'.repeat(70)}`)),
  value: mostly<string | undefined>(fc.constantFrom('present', 'vision'), fc.constantFrom(undefined, '', 'bad value')),
  effect: mostly(fc.constantFrom(TaintEffect.NO_SCHEDULE, TaintEffect.NO_EXECUTE, TaintEffect.PREFER_NO_SCHEDULE), fc.constant('NO_SCHEDULE' as TaintEffect)),
});

function propsFor(cloud: CloudProvider) {
  const selection = fc.oneof(
    fc.record({ gpu: fc.constantFrom(...GpuModel.all()), gpusPerNode: fc.option(fc.constantFrom(1, 2, 4, 8, 16), { nil: undefined }) }),
    fc.record({ requirements: fc.record({
      minGpuMemoryGiB: fc.option(fc.constantFrom(16, 24, 40, 80, 200), { nil: undefined }),
      gpusPerNode: fc.option(fc.constantFrom(1, 2, 4, 8), { nil: undefined }),
      nvlink: fc.option(fc.boolean(), { nil: undefined }),
      efa: fc.option(fc.boolean(), { nil: undefined }),
    }) }),
    fc.record({
      instanceTypes: fc.array(mostly(fc.constantFrom(...names(cloud)), fc.constant('p9.huge')), { minLength: 0, maxLength: 2 }),
      gpu: fc.option(fc.constantFrom(...GpuModel.all()), { nil: undefined }),
    }),
  );
  return fc.tuple(selection, fc.record({
    minNodes: fc.option(mostly(fc.integer({ min: 0, max: 2 }), fc.constant(-1)), { nil: undefined }),
    maxNodes: mostly(fc.integer({ min: 2, max: 40 }), fc.constantFrom(0, 451)),
    capacity: fc.constantFrom(Capacity.onDemand(), Capacity.spot(), Capacity.reservation(cloud === CloudProvider.AWS ? 'cr-0123456789abcdef0' : 'gpu-block')),
    taints: fc.option(fc.uniqueArray(taint, { maxLength: 3, selector: (t) => `${t.key}:${t.effect}` }), { nil: undefined }),
    labels: fc.option(mostly<Record<string, string>>(
      fc.dictionary(fc.constantFrom('example.com/team', 'tier'), fc.constantFrom('a', 'b-1')),
      fc.dictionary(fc.constantFrom('kubernetes.io/x', 'Bad Key'), fc.constantFrom('a', 'has space')),
    ), { nil: undefined }),
    zones: fc.option(fc.subarray(cloud === CloudProvider.AWS ? ['us-east-1a', 'us-east-1b', 'us-east-1c'] : ['us-central1-a', 'us-central1-b', 'europe-west4-a']), { nil: undefined }),
    placement: fc.option(fc.constantFrom(Placement.SPREAD, Placement.COMPACT), { nil: undefined }),
    efa: fc.option(fc.boolean(), { nil: undefined }),
  })).map(([sel, rest]) => ({ ...sel, ...rest }) as GpuNodePoolProps);
}

describe.each([
  [CloudProvider.AWS, awsPlatform],
  [CloudProvider.GCP, gcpPlatform],
])('any pool declaration on %s either synthesizes consistent, conformant layers or is refused with a ValidationError', (cloud, make) => {
  test('property', () => {
    let synthesized = 0;
    fc.assert(fc.property(propsFor(cloud), (props) => {
      const platform = make();
      try {
        new GpuNodePool(platform, 'pool', props);
      } catch (e: any) {
        // Refusals are always ValidationErrors with a code, never TypeErrors.
        expect(e?.name).toBe('ValidationError');
        expect(typeof e.code).toBe('string');
        return;
      }
      synthesized++;
      const tf = terraformOf(platform);
      const objects = kubernetesOf(platform);
      const cloudPool = resources(tf, 'aws_eks_node_group')[0] ?? resources(tf, 'google_container_node_pool')[0];
      const labels = cloudPool.labels ?? cloudPool.node_config.labels;
      const taints: any[] = cloudPool.taint ?? cloudPool.node_config.taint ?? [];
      const flavor = objects.find((o) => o.kind === 'ResourceFlavor');
      for (const [k, v] of Object.entries(flavor.spec.nodeLabels)) expect(labels[k]).toBe(v);
      for (const t of taints.filter((x) => x.effect !== 'PREFER_NO_SCHEDULE')) {
        if (t.key === GpuNodePool.SPOT_TAINT.key) {
          // The spot taint keeps the flavor from workloads that do not tolerate it themselves: listed, not tolerated.
          expect(flavor.spec.nodeTaints).toContainEqual({ key: t.key, value: t.value, effect: CLOUD_EFFECT[t.effect] });
          expect(flavor.spec.tolerations ?? []).not.toContainEqual(expect.objectContaining({ key: t.key }));
        } else {
          expect(flavor.spec.tolerations).toContainEqual(expect.objectContaining({ key: t.key, effect: CLOUD_EFFECT[t.effect] }));
        }
      }
      if (crdsAvailable()) expect(getValidator().validateAll(objects)).toEqual([]);
    }), { numRuns: 300, seed: 20261121 });
    // The generator must reach valid declarations too, or the property says little.
    expect(synthesized).toBeGreaterThan(10);
  });
});

import * as fc from 'fast-check';
import { Catalog } from '../../lib/catalog/catalog';
import { NodeUnit, PriceQuote } from '../../lib/catalog/types';
import { splitNodePrice } from '../../lib/catalog/unit-prices';
import { CapacityType } from '../../lib/core/capacity';
import { CloudProvider } from '../../lib/core/cloud';
import { AwsInstancesFile, DATA_DIR, describeWithData, readDataJson } from './shared-data';

const quote: PriceQuote = {
  usdPerHour: 28, priceRegion: 'us-east-1', estimatedFromOtherRegion: false, capacityType: CapacityType.ON_DEMAND,
  basis: 'on-demand list price', source: 'test', retrieved: '2026-01-01',
};

describe('splitNodePrice', () => {
  test('whole GPUs: the node price over the GPU count', () => {
    expect(splitNodePrice(quote, [{ resourceName: 'nvidia.com/gpu', perNode: 8, gpuShare: 1 }])).toEqual([
      { resourceName: 'nvidia.com/gpu', usdPerHour: 3.5, shareOfNode: 1 / 8, nodePrice: quote },
    ]);
  });

  test('a uniform MIG layout: 8 GPUs x 7 devices of 1/7 GPU each = node / 56', () => {
    const [unit] = splitNodePrice(quote, [{ resourceName: 'nvidia.com/mig-1g.5gb', migProfile: '1g.5gb', perNode: 56, gpuShare: 1 / 7 }]);
    expect(unit.usdPerHour).toBeCloseTo(0.5, 10);
    expect(unit.migProfile).toBe('1g.5gb');
  });

  test('a mixed layout: 3g costs three times 1g; unused slices are paid for by the devices that exist', () => {
    // One GPU: 3g + 2g + 2 x 1g = 7 of 7 slices. Then 3 x 2g = 6 of 7 slices: each 2g carries a third of the GPU.
    const full = splitNodePrice(quote, [
      { resourceName: 'nvidia.com/mig-3g.40gb', perNode: 1, gpuShare: 3 / 7 },
      { resourceName: 'nvidia.com/mig-2g.20gb', perNode: 1, gpuShare: 2 / 7 },
      { resourceName: 'nvidia.com/mig-1g.10gb', perNode: 2, gpuShare: 1 / 7 },
    ]);
    expect(full.map((u) => u.usdPerHour)).toEqual([12, 8, 4].map((v) => expect.closeTo(v, 10)));
    const partial = splitNodePrice(quote, [{ resourceName: 'nvidia.com/mig-2g.20gb', perNode: 3, gpuShare: 2 / 7 }]);
    expect(partial[0].usdPerHour).toBeCloseTo(28 / 3, 10);
  });

  test('time-slicing: each replica is a share of its device', () => {
    const [unit] = splitNodePrice(quote, [{ resourceName: 'nvidia.com/gpu', perNode: 4, gpuShare: 1 / 4 }]);
    expect(unit.usdPerHour).toBe(7);
  });

  test('units a node does not provide (nvidia.com/gpu: 0 on a fully partitioned node) are not priced', () => {
    const units = splitNodePrice(quote, [
      { resourceName: 'nvidia.com/gpu', perNode: 0, gpuShare: 1 },
      { resourceName: 'nvidia.com/mig-7g.80gb', perNode: 1, gpuShare: 1 },
    ]);
    expect(units.map((u) => u.resourceName)).toEqual(['nvidia.com/mig-7g.80gb']);
  });

  test('property: the units of a node always add up to the node price', () => {
    const unit = fc.record({
      resourceName: fc.constantFrom('nvidia.com/gpu', 'nvidia.com/mig-1g.10gb', 'nvidia.com/mig-3g.40gb'),
      perNode: fc.integer({ min: 1, max: 64 }),
      gpuShare: fc.constantFrom(1, 1 / 7, 2 / 7, 3 / 7, 1 / 4, 1 / 14),
    });
    fc.assert(fc.property(fc.array(unit, { minLength: 1, maxLength: 4 }), fc.double({ min: 0.1, max: 200, noNaN: true }), (units: NodeUnit[], usd) => {
      const price = { ...quote, usdPerHour: usd };
      const split = splitNodePrice(price, units);
      const total = split.reduce((sum, u, i) => sum + u.usdPerHour * units[i].perNode, 0);
      expect(total).toBeCloseTo(usd, 6);
    }));
  });
});

describeWithData('Catalog.unitPrices', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const p4d = catalog.findOfferings(CloudProvider.AWS, 'p4d.24xlarge')[0];
  const listPrice = readDataJson<AwsInstancesFile>('aws-gpu-instances.json').instances.find((r) => r.instance_type === 'p4d.24xlarge')!.on_demand_usd_per_hour!;

  test('a p4d.24xlarge cut into 56 1g.5gb devices: the data file\'s on-demand price / 56, with its source', () => {
    const [unit] = catalog.unitPrices(p4d, 'us-east-1', CapacityType.ON_DEMAND, [
      { resourceName: 'nvidia.com/mig-1g.5gb', migProfile: '1g.5gb', perNode: 56, gpuShare: 1 / 7 },
    ])!;
    expect(unit.usdPerHour).toBeCloseTo(listPrice / 56, 10);
    expect(unit.nodePrice.usdPerHour).toBe(listPrice);
    expect(unit.nodePrice).toEqual(catalog.price(p4d, 'us-east-1', CapacityType.ON_DEMAND));
    expect(unit.nodePrice.source).not.toBe('');
  });

  test('undefined when the catalog has no price for the capacity type (a3-highgpu-1g is sold as Spot only)', () => {
    const a3 = catalog.findOfferings(CloudProvider.GCP, 'a3-highgpu-1g')[0];
    const unit = { resourceName: 'nvidia.com/gpu', perNode: 1, gpuShare: 1 };
    expect(catalog.unitPrices(a3, 'us-central1', CapacityType.ON_DEMAND, [unit])).toBeUndefined();
    expect(catalog.unitPrices(a3, 'us-central1', CapacityType.SPOT, [unit])![0].usdPerHour).toBe(catalog.price(a3, 'us-central1', CapacityType.SPOT)!.usdPerHour);
  });
});

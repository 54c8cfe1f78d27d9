import { Catalog } from '../../lib/catalog/catalog';
import { InstanceOffering } from '../../lib/catalog/types';
import { CapacityType } from '../../lib/core/capacity';
import { CloudProvider } from '../../lib/core/cloud';
import { ErrorCode } from '../../lib/core/errors';
import { Architecture, GpuModel } from '../../lib/core/gpu-model';
import { catchValidationError } from '../core/expect-validation-error';

describe('Catalog.fromData', () => {
  const packaged = Catalog.default();
  const h100 = packaged.offerings(CloudProvider.AWS).filter((o) => o.gpu === GpuModel.H100_80GB);

  /** A private instance type with a negotiated price, as a user would add it. */
  const negotiated: InstanceOffering = {
    cloud: CloudProvider.AWS,
    name: 'p5.48xlarge-negotiated',
    gpu: GpuModel.H100_80GB,
    gpuCount: 8,
    gpuMemoryGiB: 80,
    vcpus: 192,
    memoryGiB: 2048,
    architecture: Architecture.AMD64,
    nvlink: true,
    efaInterfaces: 32,
    onDemandOffered: true,
    prices: [{ region: 'us-east-1', onDemandUsdPerHour: 30, spotBasis: 'none', source: 'our contract', retrieved: '2026-11-01' }],
    source: 'our contract',
    offeredInRegions: ['us-east-1'],
  };

  test('your offerings, the packaged facts for the rest', () => {
    const catalog = Catalog.fromData({ offerings: [...h100, negotiated] });
    const choices = catalog.match(CloudProvider.AWS, 'us-east-1', { gpu: GpuModel.H100_80GB, gpusPerNode: 8 }, CapacityType.ON_DEMAND);
    expect(choices[0].offering.name).toBe('p5.48xlarge-negotiated');
    expect(choices[0].price).toMatchObject({ usdPerHour: 30, source: 'our contract' });
    expect(catalog.offerings(CloudProvider.GCP)).toEqual([]);
    expect(catalog.gpuSpec(GpuModel.H100_80GB)).toEqual(packaged.gpuSpec(GpuModel.H100_80GB));
    expect(catalog.regions(CloudProvider.AWS)).toEqual(packaged.regions(CloudProvider.AWS));
    expect(catalog.storagePrices(CloudProvider.GCP)).toEqual(packaged.storagePrices(CloudProvider.GCP));
    expect(catalog).toMatchObject({ directory: '', origin: 'data passed to Catalog.fromData', asOf: undefined });
  });

  test('the data is copied: changing it afterwards changes nothing', () => {
    const prices = [{ ...negotiated.prices[0] }];
    const mine = { ...negotiated, prices };
    const catalog = Catalog.fromData({ offerings: [mine] });
    prices[0].onDemandUsdPerHour = 1;
    expect(catalog.price(catalog.offerings(CloudProvider.AWS)[0], 'us-east-1', CapacityType.ON_DEMAND)?.usdPerHour).toBe(30);
  });

  test('own regions replace the packaged ones', () => {
    const catalog = Catalog.fromData({
      offerings: [],
      regions: [{ cloud: CloudProvider.AWS, name: 'xx-test-1', description: 'test', zones: [], zonesWithGpus: [], zoneIds: ['xxt1-az1'], zoneCount: 1, source: 'test' }],
    });
    expect(catalog.region(CloudProvider.AWS, 'xx-test-1').description).toBe('test');
    expect(catalog.zone(CloudProvider.AWS, 'xx-test-1a').verified).toBe(true);
    expect(catalog.findRegion(CloudProvider.AWS, 'us-east-1')).toBeUndefined();
  });

  test.each<[string, (o: any) => any]>([
    ['offerings[0].gpuCount', (o) => ({ ...o, gpuCount: '8' })],
    ['offerings[0].gpu', (o) => ({ ...o, gpu: 'h100-80gb' })],
    ['offerings[0].gpuCount', (o) => ({ ...o, gpu: undefined })],
    ['offerings[0].vcpus', (o) => ({ ...o, vcpus: NaN })],
    ['offerings[0].architecture', (o) => ({ ...o, architecture: 'x86_64' })],
    ['offerings[0].prices', (o) => ({ ...o, prices: 'cheap' })],
    ['offerings[0].prices[0].onDemandUsdPerHour', (o) => ({ ...o, prices: [{ ...o.prices[0], onDemandUsdPerHour: -1 }] })],
    ['offerings[0].prices', (o) => ({ ...o, prices: [o.prices[0], o.prices[0]] })],
    ['offerings[0].offeredInRegions[0]', (o) => ({ ...o, offeredInRegions: [42] })],
    ['offerings[0].cloud', (o) => ({ ...o, cloud: 'azure' })],
  ])('invalid data is CATALOG_DATA_INVALID naming %s', (where, corrupt) => {
    const err = catchValidationError(() => Catalog.fromData({ offerings: [corrupt(negotiated)] }));
    expect(err.code).toBe(ErrorCode.CATALOG_DATA_INVALID);
    expect(err.message).toContain(where);
  });

  test.each<[string, unknown]>([
    ['data', undefined],
    ['data', 'catalog'],
    ['offerings', { offerings: 'all' }],
    ['offerings', { offerings: [negotiated, negotiated] }],
    ['regions[0].cloud', { offerings: [], regions: [{ cloud: 'azure', name: 'x', description: 'x', source: 'x' }] }],
    ['storagePrices[0].usd', { offerings: [], storagePrices: [{ cloud: 'aws', service: 's', item: 'i', usd: -1, unit: 'u', derivation: 'd', source: 's' }] }],
  ])('invalid data is CATALOG_DATA_INVALID naming %s', (where, data) => {
    const err = catchValidationError(() => Catalog.fromData(data as any));
    expect(err.code).toBe(ErrorCode.CATALOG_DATA_INVALID);
    expect(err.message).toContain(where);
  });
});

import { Catalog } from '../../lib/catalog/catalog';
import { CapacityType } from '../../lib/core/capacity';
import { CloudProvider } from '../../lib/core/cloud';
import {
  AwsAllInstancesFile, AwsSpotAdvisorFile, DATA_DIR, GcpCpuMachinesFile, GcpGpuPricesFile, describeWithData, readDataJson,
} from './shared-data';

describeWithData('prices per region', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const gcpCpu = readDataJson<GcpCpuMachinesFile>('gcp-machines.json');
  const gcpGpu = readDataJson<GcpGpuPricesFile>('gcp-gpu-prices.json');
  const aws = readDataJson<AwsAllInstancesFile>('aws-instances.json');
  const advisor = readDataJson<AwsSpotAdvisorFile>('aws-spot-advisor.json');
  const gcp = (name: string) => catalog.findOfferings(CloudProvider.GCP, name)[0];
  const ec2 = (name: string) => catalog.findOfferings(CloudProvider.AWS, name)[0];

  test('gcp n2-standard-8 in europe-west4 is europe-west4\'s row of gcp-machines.json, not us-central1\'s', () => {
    const row = gcpCpu.prices_by_region['europe-west4']['n2-standard-8'];
    expect(row).toEqual({ on_demand: 0.427664, spot: 0.155472 });
    expect(row.on_demand).not.toBe(gcpCpu.prices_by_region['us-central1']['n2-standard-8'].on_demand);
    const onDemand = catalog.price(gcp('n2-standard-8'), 'europe-west4', CapacityType.ON_DEMAND)!;
    const spot = catalog.price(gcp('n2-standard-8'), 'europe-west4', CapacityType.SPOT)!;
    expect([onDemand.usdPerHour, spot.usdPerHour]).toEqual([row.on_demand, row.spot]);
    expect(onDemand).toMatchObject({ priceRegion: 'europe-west4', estimatedFromOtherRegion: false, retrieved: '2026-07-30' });
  });

  test('gcp a2-highgpu-1g in europe-west4 is europe-west4\'s row of gcp-gpu-prices.json', () => {
    const row = gcpGpu.machines.find((m) => m.machine_type === 'a2-highgpu-1g')!.prices_by_region['europe-west4'];
    const o = gcp('a2-highgpu-1g');
    expect(catalog.price(o, 'europe-west4', CapacityType.ON_DEMAND)).toMatchObject({ usdPerHour: row.on_demand, priceRegion: 'europe-west4', estimatedFromOtherRegion: false });
    expect(catalog.price(o, 'europe-west4', CapacityType.SPOT)).toMatchObject({ usdPerHour: row.spot, priceRegion: 'europe-west4', estimatedFromOtherRegion: false });
  });

  test('gcp: every price of every CPU type in every region is that region\'s row of the data', () => {
    const wrong: string[] = [];
    for (const [region, types] of Object.entries(gcpCpu.prices_by_region)) {
      for (const [name, p] of Object.entries(types)) {
        const o = gcp(name);
        if (!o) continue; // n2-highcpu-128: no shape, no offering
        const od = catalog.price(o, region, CapacityType.ON_DEMAND);
        const spot = catalog.price(o, region, CapacityType.SPOT);
        if (od?.usdPerHour !== p.on_demand || spot?.usdPerHour !== p.spot || od?.priceRegion !== region || od.estimatedFromOtherRegion) wrong.push(`${name} ${region}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('aws GovCloud prices are GovCloud\'s own (g6.xlarge in us-gov-west-1)', () => {
    const usd = aws.prices_by_region['us-gov-west-1']['g6.xlarge'];
    expect(usd).toBe(1.0144);
    expect(catalog.price(ec2('g6.xlarge'), 'us-gov-west-1', CapacityType.ON_DEMAND)).toMatchObject({
      usdPerHour: usd, priceRegion: 'us-gov-west-1', estimatedFromOtherRegion: false,
    });
  });

  // Hand-computed: on-demand us-east-1 (aws-instances.json) x (1 - savings of the region's advisor entry).
  test.each<[string, string, number, number, string]>([
    // type, region, us-east-1 on-demand, advisor saving %, hand-computed spot
    ['g6.xlarge', 'us-west-2', 0.8048, 47, '0.426544'],
    ['p5.48xlarge', 'us-west-2', 55.04, 46, '29.7216'],
    ['m7g.large', 'eu-central-1', 0.0816, 66, '0.027744'],
    ['c5.large', 'us-east-1', 0.085, 59, '0.03485'],
  ])('aws %s spot in %s = %d x (1 - %d%%) = %s', (name, region, onDemand, savings, spot) => {
    expect(aws.prices_by_region['us-east-1'][name]).toBe(onDemand);
    const entry = advisor.by_region[region][name];
    expect(entry.savings_pct).toBe(savings);
    const quote = catalog.price(ec2(name), region, CapacityType.SPOT)!;
    expect(quote.usdPerHour).toBeCloseTo(Number(spot), 9);
    expect(quote).toMatchObject({
      priceRegion: region,
      // Outside us-east-1 the saving is the region's own but the on-demand price it applies to is us-east-1's.
      estimatedFromOtherRegion: region !== 'us-east-1',
      spotSavingsPercent: savings,
      interruptionFrequency: entry.interruption,
      interruptionMaxPercent: advisor.ranges[entry.interruption_index].max,
    });
    expect(quote.basis).toContain(`(1 - ${savings}%)`);
    // On demand there is no price of its own: quoted from us-east-1, estimated.
    if (region !== 'us-east-1') {
      expect(catalog.price(ec2(name), region, CapacityType.ON_DEMAND)).toMatchObject({ usdPerHour: onDemand, priceRegion: 'us-east-1', estimatedFromOtherRegion: true });
    }
  });

  test('aws: every advisor entry of a type priced in us-east-1 gives spot = on-demand x (1 - saving) in its region', () => {
    const wrong: string[] = [];
    for (const [region, types] of Object.entries(advisor.by_region)) {
      for (const [name, entry] of Object.entries(types)) {
        const o = ec2(name);
        const onDemand = aws.prices_by_region[region]?.[name] ?? aws.prices_by_region['us-east-1'][name];
        if (!o || onDemand === undefined) continue;
        const quote = catalog.price(o, region, CapacityType.SPOT);
        if (!quote || Math.abs(quote.usdPerHour - onDemand * (1 - entry.savings_pct / 100)) > 1e-6 || quote.interruptionFrequency !== entry.interruption) {
          wrong.push(`${name} ${region}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  test('aws CPU types without an advisor entry get no spot price (the median GPU saving is for GPU types only)', () => {
    const cpuWithout = catalog.offerings(CloudProvider.AWS)
      .filter((o) => o.gpuCount === 0 && aws.prices_by_region['us-east-1'][o.name] !== undefined && !advisor.by_region['us-east-1'][o.name]);
    expect(cpuWithout.length).toBeGreaterThan(0);
    for (const o of cpuWithout) expect(catalog.price(o, 'us-east-1', CapacityType.SPOT)).toBeUndefined();
  });

  test('price rows are sorted by region and carry their source and date', () => {
    for (const o of [ec2('p5.48xlarge'), gcp('n2-standard-8'), gcp('a3-highgpu-8g')]) {
      const regions = o.prices.map((p) => p.region);
      expect(regions).toEqual([...regions].sort());
      for (const p of o.prices) expect(p.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { Catalog } from '../../lib/catalog/catalog';
import { DATA_FILES } from '../../lib/catalog/data-files';
import { InstanceOffering, InstanceRequirements } from '../../lib/catalog/types';
import { CapacityType } from '../../lib/core/capacity';
import { CloudProvider } from '../../lib/core/cloud';
import { Architecture, GpuModel } from '../../lib/core/gpu-model';
import { AwsInstancesFile, DATA_DIR, describeWithData, readDataJson } from './shared-data';

const REFERENCE: Record<CloudProvider, string> = { [CloudProvider.AWS]: 'us-east-1', [CloudProvider.GCP]: 'us-central1' };
// Regions the data carries no on-demand prices for (AWS: only us-east-1 and GovCloud are priced; GCP: us-east2 is a region of
// the carbon data only, absent from the billing price list).
const UNPRICED: Record<CloudProvider, string> = { [CloudProvider.AWS]: 'eu-west-1', [CloudProvider.GCP]: 'us-east2' };

/** The requirements as InstanceRequirements documents them, written independently of Catalog.meets. */
function satisfies(o: InstanceOffering, r: InstanceRequirements): boolean {
  if (r.gpu && o.gpu !== r.gpu) return false;
  if (r.minGpuMemoryGiB !== undefined && o.gpuMemoryGiB < r.minGpuMemoryGiB) return false;
  if (r.gpusPerNode !== undefined && o.gpuCount !== r.gpusPerNode) return false;
  // minGpusPerNode defaults to 1, or 0 when gpusPerNode is 0 (CPU-only types).
  if (o.gpuCount < (r.minGpusPerNode ?? (r.gpusPerNode === 0 ? 0 : 1))) return false;
  if (r.architecture && o.architecture !== r.architecture) return false;
  if (r.nvlink && !o.nvlink) return false;
  if (r.efa && o.efaInterfaces === 0) return false;
  if (r.minVcpus !== undefined && o.vcpus < r.minVcpus) return false;
  if (r.minMemoryGiB !== undefined && o.memoryGiB < r.minMemoryGiB) return false;
  return true;
}

const label = (o: InstanceOffering) => `${o.name}${o.acceleratorType ? ` + ${o.acceleratorType}` : ''}`;

describeWithData('Catalog.price', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const p5 = catalog.findOfferings(CloudProvider.AWS, 'p5.48xlarge')[0];
  const g2 = catalog.findOfferings(CloudProvider.GCP, 'g2-standard-8')[0];

  test.each<[string, InstanceOffering, CloudProvider]>([
    ['p5.48xlarge', p5, CloudProvider.AWS],
    ['g2-standard-8', g2, CloudProvider.GCP],
  ])('%s in a region without prices is quoted from the reference region and marked estimated', (_name, offering, cloud) => {
    for (const capacity of [CapacityType.ON_DEMAND, CapacityType.SPOT]) {
      const exact = catalog.price(offering, REFERENCE[cloud], capacity)!;
      const estimated = catalog.price(offering, UNPRICED[cloud], capacity)!;
      expect(exact.estimatedFromOtherRegion).toBe(false);
      expect(estimated).toEqual({ ...exact, estimatedFromOtherRegion: true });
      expect(estimated.priceRegion).toBe(REFERENCE[cloud]);
    }
  });

  test('a reservation is priced at the on-demand rate and says so', () => {
    const onDemand = catalog.price(p5, 'us-east-1', CapacityType.ON_DEMAND)!;
    const reserved = catalog.price(p5, 'us-east-1', CapacityType.RESERVED)!;
    expect(reserved.usdPerHour).toBe(onDemand.usdPerHour);
    expect(reserved.capacityType).toBe(CapacityType.RESERVED);
    expect(reserved.basis).toMatch(/on-demand/);
  });

  test('a quote carries the source and date of the price row it was taken from', () => {
    const quote = catalog.price(p5, 'us-east-1', CapacityType.SPOT)!;
    const row = p5.prices.find((p) => p.region === 'us-east-1')!;
    expect(quote).toMatchObject({ source: row.source, retrieved: row.retrieved, basis: row.spotBasis, capacityType: CapacityType.SPOT });
  });
});

describeWithData('Catalog.match', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const aws = readDataJson<AwsInstancesFile>('aws-gpu-instances.json');

  test('8 x H100 on demand on AWS is p5.48xlarge only (the file\'s only priced 8 x H100 row)', () => {
    const expected = aws.instances
      .filter((r) => r.gpu_key === 'h100' && r.gpu_count === 8 && r.on_demand_usd_per_hour !== null)
      .map((r) => r.instance_type);
    const names = catalog.match(CloudProvider.AWS, 'us-east-1', { gpu: GpuModel.H100_80GB, gpusPerNode: 8 }, CapacityType.ON_DEMAND)
      .map((c) => c.offering.name);
    expect(expected).toEqual(['p5.48xlarge']);
    expect(names).toEqual(expected);
  });

  test('arm64 on AWS returns only arm64 rows, the cheapest first', () => {
    const arm = aws.instances.filter((r) => r.arch === 'arm64');
    const cheapest = arm.reduce((a, b) => (b.on_demand_usd_per_hour! < a.on_demand_usd_per_hour! ? b : a));
    const choices = catalog.match(CloudProvider.AWS, 'us-east-1', { architecture: Architecture.ARM64 }, CapacityType.ON_DEMAND);
    expect(choices.map((c) => c.offering.name).sort()).toEqual(arm.map((r) => r.instance_type).sort());
    expect(choices[0].offering.name).toBe(cheapest.instance_type);
  });

  test('equal prices are ordered by name (g5g.16xlarge and g5g.metal both cost the same per the file)', () => {
    const byPrice = new Map<number, string[]>();
    for (const r of aws.instances) {
      if (r.on_demand_usd_per_hour !== null) byPrice.set(r.on_demand_usd_per_hour, [...(byPrice.get(r.on_demand_usd_per_hour) ?? []), r.instance_type]);
    }
    const ties = [...byPrice.values()].filter((names) => names.length > 1);
    expect(ties.length).toBeGreaterThan(0);
    const order = catalog.match(CloudProvider.AWS, 'us-east-1', {}, CapacityType.ON_DEMAND).map((c) => c.offering.name);
    for (const tie of ties) {
      const positions = tie.map((n) => order.indexOf(n)).sort((a, b) => a - b);
      expect(positions[positions.length - 1] - positions[0]).toBe(tie.length - 1);
      expect(positions.map((i) => order[i])).toEqual([...tie].sort());
    }
  });

  test('GCP H100 on demand is a3-highgpu-8g only: smaller A3 shapes are spot-only and a3-megagpu-8g has no price', () => {
    const names = catalog.match(CloudProvider.GCP, 'us-central1', { gpu: GpuModel.H100_80GB }, CapacityType.ON_DEMAND).map((c) => c.offering.name);
    expect(names).toEqual(['a3-highgpu-8g']);
    const spot = catalog.match(CloudProvider.GCP, 'us-central1', { gpu: GpuModel.H100_80GB }, CapacityType.SPOT).map((c) => c.offering.name);
    expect(spot).toEqual(expect.arrayContaining(['a3-highgpu-1g', 'a3-highgpu-2g', 'a3-highgpu-4g', 'a3-highgpu-8g']));
  });

  test('nothing matches EFA on GCP: the result is empty, not an error', () => {
    expect(catalog.match(CloudProvider.GCP, 'us-central1', { efa: true }, CapacityType.ON_DEMAND)).toEqual([]);
  });

  // us-west-2 has no on-demand price in the data: its spot prices are its own advisor savings applied to us-east-1's on-demand price.
  test('in a region without on-demand prices every choice is marked estimated', () => {
    const choices = catalog.match(CloudProvider.AWS, 'us-west-2', { gpu: GpuModel.L4 }, CapacityType.SPOT);
    expect(choices.length).toBeGreaterThan(0);
    for (const c of choices) expect(c.price.estimatedFromOtherRegion).toBe(true);
  });

  const option = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const requirements: fc.Arbitrary<InstanceRequirements> = fc.record({
    gpu: option(fc.constantFrom(...GpuModel.all())),
    minGpuMemoryGiB: option(fc.integer({ min: 0, max: 160 })),
    gpusPerNode: option(fc.constantFrom(0, 1, 2, 4, 8, 16)),
    minGpusPerNode: option(fc.integer({ min: 0, max: 16 })),
    architecture: option(fc.constantFrom(Architecture.AMD64, Architecture.ARM64)),
    nvlink: option(fc.boolean()),
    efa: option(fc.boolean()),
    minVcpus: option(fc.integer({ min: 0, max: 256 })),
    minMemoryGiB: option(fc.integer({ min: 0, max: 2048 })),
  }, { requiredKeys: [] });

  test('for any requirements: only offerings that meet them, every priced one that does unless known absent from the region, cheapest first, ties by name', () => {
    fc.assert(fc.property(
      fc.constantFrom(CloudProvider.AWS, CloudProvider.GCP),
      fc.boolean(),
      fc.constantFrom(CapacityType.ON_DEMAND, CapacityType.SPOT, CapacityType.RESERVED),
      requirements,
      (cloud, inReference, capacity, req) => {
        const region = inReference ? REFERENCE[cloud] : UNPRICED[cloud];
        const choices = catalog.match(cloud, region, req, capacity);
        const chosen = new Set(choices.map((c) => c.offering));
        expect(chosen.size).toBe(choices.length);

        // Availability from the offering's own region lists, as InstanceOffering documents them.
        const absent = (o: InstanceOffering) => (o.notOfferedInRegions ?? []).includes(region);
        for (const c of choices) {
          expect(satisfies(c.offering, req)).toBe(true);
          expect(absent(c.offering)).toBe(false);
          expect(c.price).toEqual(catalog.price(c.offering, region, capacity));
        }
        for (let i = 1; i < choices.length; i++) {
          const [a, b] = [choices[i - 1], choices[i]];
          expect(a.price.usdPerHour).toBeLessThanOrEqual(b.price.usdPerHour);
          if (a.price.usdPerHour === b.price.usdPerHour) expect(a.offering.name <= b.offering.name).toBe(true);
        }
        const missed = catalog.offerings(cloud)
          .filter((o) => !chosen.has(o) && satisfies(o, req) && !absent(o) && catalog.price(o, region, capacity) !== undefined)
          .map(label);
        expect(missed).toEqual([]);
        expect(catalog.match(cloud, region, req, capacity)).toEqual(choices);
      },
    ), { numRuns: 300 });
  });
});

describeWithData('Catalog.findOfferings and closestNames', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);

  test('GCP n1-standard-8 comes with a T4 or a V100: two offerings, one per accelerator', () => {
    const found = catalog.findOfferings(CloudProvider.GCP, 'n1-standard-8');
    expect(found.map((o) => o.gpu!.id).sort()).toEqual(['t4', 'v100-16gb']);
    const v100 = catalog.findOfferings(CloudProvider.GCP, 'n1-standard-8', GpuModel.V100_16GB);
    expect(v100).toHaveLength(1);
    expect(v100[0].acceleratorType).toBe('nvidia-tesla-v100');
    expect(catalog.findOfferings(CloudProvider.GCP, 'n1-standard-8', GpuModel.H100_80GB)).toEqual([]);
  });

  test.each([
    [CloudProvider.AWS, 'p5.48xlarge'],
    [CloudProvider.GCP, 'a3-highgpu-8g'],
  ])('%s %s is found once; the name on the other cloud is not', (cloud, name) => {
    expect(catalog.findOfferings(cloud, name)).toHaveLength(1);
    const other = cloud === CloudProvider.AWS ? CloudProvider.GCP : CloudProvider.AWS;
    expect(catalog.findOfferings(other, name)).toEqual([]);
  });

  test.each([
    [CloudProvider.AWS, 'p5.48xl', 'p5.48xlarge'],
    [CloudProvider.AWS, 'g6.xlarg', 'g6.xlarge'],
    [CloudProvider.AWS, 'P5.48XLARGE', 'p5.48xlarge'],
    [CloudProvider.AWS, 'g5.xlarge', 'g5.xlarge'],
    [CloudProvider.GCP, 'a3-highgpu-8', 'a3-highgpu-8g'],
    [CloudProvider.GCP, 'n1-standard8', 'n1-standard-8'],
  ])('%s: the closest name to %j is %j', (cloud, typo, expected) => {
    expect(catalog.closestNames(cloud, typo)[0]).toBe(expected);
  });

  test('closestNames returns `count` distinct names (default 3)', () => {
    expect(catalog.closestNames(CloudProvider.AWS, 'g6')).toHaveLength(3);
    const five = catalog.closestNames(CloudProvider.GCP, 'n1-standard-8', 5);
    expect(five).toHaveLength(5);
    expect(new Set(five).size).toBe(5);
  });
});

describeWithData('Catalog contents', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);

  test('AWS GPU models are those of the file\'s gpu_key and memory columns, in GpuModel.all() order', () => {
    const raw = readDataJson<AwsInstancesFile>('aws-gpu-instances.json');
    const fromFile = new Set(raw.instances.map((r) => GpuModel.tryFind(r.gpu_key, r.gpu_memory_gib_per_gpu_nominal)?.id));
    expect(fromFile.has(undefined)).toBe(false);
    expect(catalog.gpuModels(CloudProvider.AWS)).toEqual(GpuModel.all().filter((m) => fromFile.has(m.id)));
  });

  test('GCP GPU models are those SOURCES.md lists for A2, A3, G2 and N1 (A100 40/80, H100, L4, T4, V100)', () => {
    expect(catalog.gpuModels(CloudProvider.GCP).map((m) => m.id).sort())
      .toEqual(['a100-40gb', 'a100-80gb', 'h100-80gb', 'l4', 't4', 'v100-16gb']);
  });

  test('offerings() returns a copy', () => {
    const first = catalog.offerings(CloudProvider.AWS);
    first.length = 0;
    expect(catalog.offerings(CloudProvider.AWS).length).toBeGreaterThan(0);
  });

  test('sources() names every file read, and each exists in the directory', () => {
    const files = catalog.sources().map((s) => s.file).sort();
    expect(files).toEqual(Object.values(DATA_FILES).sort());
    for (const file of files) expect(fs.existsSync(path.join(DATA_DIR, file))).toBe(true);
  });
});

describeWithData('Catalog.fromDirectory caching', () => {
  const tmpDirs: string[] = [];
  afterAll(() => tmpDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('the same directory gives the same catalog; default() is the packaged snapshot, not the directory', () => {
    const catalog = Catalog.fromDirectory(DATA_DIR);
    expect(Catalog.fromDirectory(DATA_DIR)).toBe(catalog);
    expect(catalog.directory).toBe(DATA_DIR);
    expect(Catalog.default()).not.toBe(catalog);
    expect(Catalog.default()).toBe(Catalog.default());
    expect(Catalog.default().directory).toBe('');
    expect(Catalog.default().origin).toMatch(/^packaged snapshot, data as of \d{4}-\d{2}-\d{2}$/);
  });

  test('another directory gives another catalog, itself cached', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-cache-'));
    tmpDirs.push(dir);
    for (const file of fs.readdirSync(DATA_DIR)) fs.copyFileSync(path.join(DATA_DIR, file), path.join(dir, file));
    const copy = Catalog.fromDirectory(dir);
    expect(copy).not.toBe(Catalog.fromDirectory(DATA_DIR));
    expect(Catalog.fromDirectory(dir)).toBe(copy);
    expect(copy.directory).toBe(dir);
  });

  test('the same directory spelled differently (trailing slash, "..") is loaded once', () => {
    const catalog = Catalog.fromDirectory(DATA_DIR);
    for (const spelling of [`${DATA_DIR}/`, `${path.join(DATA_DIR, '..', 'data')}${path.sep}.`]) {
      const again = Catalog.fromDirectory(spelling);
      // A catalog loaded a second time reports the spelling it was loaded from.
      expect(again.directory).toBe(DATA_DIR);
      expect(again).toBe(catalog);
    }
  });
});

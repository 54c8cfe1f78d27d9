import { Catalog } from '../../lib/catalog/catalog';
import { AWS_DEFAULT_SPOT_FRACTION } from '../../lib/catalog/offerings';
import { InstanceOffering } from '../../lib/catalog/types';
import { CapacityType } from '../../lib/core/capacity';
import { CloudProvider } from '../../lib/core/cloud';
import { GpuModel } from '../../lib/core/gpu-model';
import {
  AwsInstancesFile, DATA_DIR, GcpMachinesFile, describeWithData, readDataJson,
} from './shared-data';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A source names an upstream repository and commit, e.g. "kubernetes/autoscaler @ 55c37cd". */
const REPO_AT_COMMIT = /[\w.-]+\/[\w.-]+ @ [0-9a-f]{7}/;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

describeWithData('AWS offerings (aws-gpu-instances.json)', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const raw = readDataJson<AwsInstancesFile>('aws-gpu-instances.json');
  const offerings = catalog.offerings(CloudProvider.AWS);
  const offering = (name: string): InstanceOffering => {
    const found = catalog.findOfferings(CloudProvider.AWS, name);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const rows = raw.instances.map((row) => [row.instance_type, row] as const);

  test('every row becomes exactly one offering, and nothing else is offered', () => {
    expect(offerings).toHaveLength(raw.instances.length);
    expect(offerings.map((o) => o.name).sort()).toEqual(raw.instances.map((r) => r.instance_type).sort());
  });

  test.each(rows)('%s maps to the GpuModel of its gpu_key and nominal memory, with its specs', (name, row) => {
    const o = offering(name);
    expect(o.cloud).toBe(CloudProvider.AWS);
    expect(GpuModel.all()).toContain(o.gpu);
    expect(o.gpu.family).toBe(row.gpu_key);
    expect(o.gpu.memoryGiB).toBe(row.gpu_memory_gib_per_gpu_nominal);
    expect(o).toMatchObject({
      gpuCount: row.gpu_count,
      gpuMemoryGiB: row.gpu_memory_gib_per_gpu_nominal,
      vcpus: row.vcpu,
      memoryGiB: row.memory_gib,
      architecture: row.arch,
      nvlink: row.nvlink,
      efaInterfaces: row.efa_interfaces,
      onDemandOffered: true,
    });
  });

  test.each(rows.filter(([, r]) => r.on_demand_usd_per_hour !== null))(
    '%s: us-east-1 on-demand price is the file\'s, positive', (name, row) => {
      const quote = catalog.price(offering(name), 'us-east-1', CapacityType.ON_DEMAND);
      expect(quote?.usdPerHour).toBe(row.on_demand_usd_per_hour);
      expect(quote!.usdPerHour).toBeGreaterThan(0);
      expect(quote?.estimatedFromOtherRegion).toBe(false);
    });

  test.each(rows.filter(([, r]) => r.on_demand_usd_per_hour !== null && r.spot_savings_pct_vs_on_demand_snapshot !== null))(
    '%s: spot = on-demand x (1 - savings%% of the Spot Instance Advisor snapshot)', (name, row) => {
      const expected = row.on_demand_usd_per_hour! * (1 - row.spot_savings_pct_vs_on_demand_snapshot! / 100);
      const quote = catalog.price(offering(name), 'us-east-1', CapacityType.SPOT);
      expect(quote?.usdPerHour).toBeCloseTo(expected, 5);
      expect(quote!.usdPerHour).toBeGreaterThan(0);
      // The snapshot date, per SOURCES.md: spotinfo @ 5eedf20 (2025-06-28).
      expect(quote?.basis).toContain('2025-06-28');
    });

  test('the default spot fraction is 1 - the median GPU saving of the snapshot (cloud-apis.md 3.3: median 63 %)', () => {
    const savings = raw.instances
      .map((r) => r.spot_savings_pct_vs_on_demand_snapshot)
      .filter((s): s is number => s !== null);
    expect(AWS_DEFAULT_SPOT_FRACTION).toBeCloseTo(1 - median(savings) / 100, 10);
  });

  test('p5.4xlarge has no snapshot row, so its spot price uses the default fraction and says so', () => {
    const row = raw.instances.find((r) => r.instance_type === 'p5.4xlarge')!;
    expect(row.spot_savings_pct_vs_on_demand_snapshot).toBeNull();
    const savings = raw.instances
      .map((r) => r.spot_savings_pct_vs_on_demand_snapshot)
      .filter((s): s is number => s !== null);
    const quote = catalog.price(offering('p5.4xlarge'), 'us-east-1', CapacityType.SPOT);
    expect(quote?.usdPerHour).toBeCloseTo(row.on_demand_usd_per_hour! * (1 - median(savings) / 100), 5);
    expect(quote?.basis).toContain(String(AWS_DEFAULT_SPOT_FRACTION));
  });

  test('p5e.48xlarge has no us-east-1 on-demand price in the source, so neither it nor spot is quoted', () => {
    // aws-gpu-instances.json notes: "p5e.48xlarge has no us-east-1 on-demand price in the source".
    const p5e = offering('p5e.48xlarge');
    expect(catalog.price(p5e, 'us-east-1', CapacityType.ON_DEMAND)).toBeUndefined();
    expect(catalog.price(p5e, 'us-east-1', CapacityType.SPOT)).toBeUndefined();
  });

  test('prices carry the Karpenter pricing file as source and its generation date (2026-07-20, SOURCES.md)', () => {
    for (const o of offerings) {
      for (const p of o.prices) {
        expect(p.source).toContain('aws/karpenter-provider-aws @ 6fc13b5');
        expect(p.retrieved).toBe('2026-07-20');
      }
    }
  });
});

describeWithData('GCP offerings (gcp-gpu-machines.json)', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const raw = readDataJson<GcpMachinesFile>('gcp-gpu-machines.json');
  const offerings = catalog.offerings(CloudProvider.GCP);
  // n1-standard-8 carries a T4 or a V100: machine type and accelerator together name an offering.
  const offering = (name: string, accelerator: string): InstanceOffering => {
    const found = offerings.filter((o) => o.name === name && o.acceleratorType === accelerator);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const rows = raw.machines.map((row) => [row.machine_type, row.accelerator_type, row] as const);

  test('every row becomes exactly one offering, and nothing else is offered', () => {
    const key = (name: string, accelerator?: string) => `${name} ${accelerator}`;
    expect(offerings).toHaveLength(raw.machines.length);
    expect(offerings.map((o) => key(o.name, o.acceleratorType)).sort())
      .toEqual(raw.machines.map((r) => key(r.machine_type, r.accelerator_type)).sort());
  });

  test.each(rows)('%s + %s maps to the GpuModel the row\'s gpu_model names', (name, accelerator, row) => {
    const o = offering(name, accelerator);
    expect(GpuModel.all()).toContain(o.gpu);
    // gpu_model is the human-readable name in the data ("NVIDIA A100 40GB (SXM4)"): it names the family and,
    // where it states one, the memory.
    expect(row.gpu_model.toLowerCase().split(/\s+/)).toContain(o.gpu.family);
    const statedMemory = /(\d+)GB/.exec(row.gpu_model);
    if (statedMemory) expect(o.gpu.memoryGiB).toBe(Number(statedMemory[1]));
    expect(o).toMatchObject({
      cloud: CloudProvider.GCP,
      gpuCount: row.gpu_count,
      gpuMemoryGiB: row.gpu_memory_gib_per_gpu,
      vcpus: row.vcpu,
      memoryGiB: row.memory_gib,
      efaInterfaces: 0,
    });
  });

  test.each(rows)('%s + %s: us-central1 prices are the file\'s, positive where present', (name, accelerator, row) => {
    const o = offering(name, accelerator);
    const onDemand = catalog.price(o, 'us-central1', CapacityType.ON_DEMAND);
    const spot = catalog.price(o, 'us-central1', CapacityType.SPOT);
    expect(onDemand?.usdPerHour).toBe(row.on_demand_usd_per_hour ?? undefined);
    expect(spot?.usdPerHour).toBe(row.spot_usd_per_hour ?? undefined);
    for (const quote of [onDemand, spot]) {
      if (quote) expect(quote.usdPerHour).toBeGreaterThan(0);
    }
  });

  // gcp-gpu-machines.json notes: "a3-highgpu-1g/2g/4g are only available as Spot or Flex-start (DWS)."
  test.each(['a3-highgpu-1g', 'a3-highgpu-2g', 'a3-highgpu-4g'])('%s is spot-only: no on-demand or reserved quote', (name) => {
    expect(raw.meta.notes.join(' ')).toContain(name.replace(/-[124]g$/, '-1g/2g/4g'));
    const o = offering(name, 'nvidia-h100-80gb');
    expect(o.onDemandOffered).toBe(false);
    expect(catalog.price(o, 'us-central1', CapacityType.ON_DEMAND)).toBeUndefined();
    expect(catalog.price(o, 'us-central1', CapacityType.RESERVED)).toBeUndefined();
    expect(catalog.price(o, 'us-central1', CapacityType.SPOT)?.usdPerHour).toBeGreaterThan(0);
  });

  test('a3-highgpu-8g is offered on demand', () => {
    expect(offering('a3-highgpu-8g', 'nvidia-h100-80gb').onDemandOffered).toBe(true);
  });

  test('every price names its upstream source and the snapshot date SOURCES.md gives (autoscaler @ 55c37cd, 2026-08-22)', () => {
    for (const o of offerings) {
      for (const p of o.prices) {
        expect(p.source).toMatch(REPO_AT_COMMIT);
        expect(p.retrieved).toBe('2026-08-22');
      }
    }
  });
});

describeWithData('offering provenance (both clouds)', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const all = [...catalog.offerings(CloudProvider.AWS), ...catalog.offerings(CloudProvider.GCP)];

  test('every offering has a non-empty source and at least one price row', () => {
    for (const o of all) {
      expect(o.source.trim()).not.toBe('');
      expect(o.prices.length).toBeGreaterThan(0);
    }
  });

  test.each([
    [CloudProvider.AWS, 'us-east-1'],
    [CloudProvider.GCP, 'us-central1'],
  ])('%s has on-demand prices for %s', (cloud, region) => {
    const priced = catalog.offerings(cloud).filter((o) => o.prices.some((p) => p.region === region && p.onDemandUsdPerHour !== undefined));
    expect(priced.length).toBeGreaterThan(0);
  });

  test.each([CloudProvider.AWS, CloudProvider.GCP])('every %s price has a source and an ISO retrieval date (types.ts: "ISO date")', (cloud) => {
    const bad = catalog.offerings(cloud)
      .flatMap((o) => o.prices.map((p) => ({ offering: `${o.name} ${o.acceleratorType ?? ''}`.trim(), hasSource: p.source.trim() !== '', retrieved: p.retrieved })))
      .filter((p) => !p.hasSource || !ISO_DATE.test(p.retrieved));
    expect(bad).toEqual([]);
  });
});

import { Catalog } from '../../lib/catalog/catalog';
import { AWS_DEFAULT_SPOT_FRACTION } from '../../lib/catalog/offerings';
import { InstanceOffering } from '../../lib/catalog/types';
import { CapacityType } from '../../lib/core/capacity';
import { CloudProvider } from '../../lib/core/cloud';
import { GpuModel } from '../../lib/core/gpu-model';
import {
  AwsAllInstancesFile, AwsInstanceSpecRow, AwsInstancesFile, DATA_DIR, GcpCpuMachinesFile, GcpGpuPricesFile, GcpMachinesFile, describeWithData, readDataJson,
} from './shared-data';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A source names an upstream repository and commit, e.g. "kubernetes/autoscaler @ 55c37cd". */
const REPO_AT_COMMIT = /[\w.-]+\/[\w.-]+ @ [0-9a-f]{7}/;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The GpuModel an aws-instances.json row's GPU is, by family and the memory EC2 reports (within 10% of the
 * nominal size), written here independently of the extraction; undefined for GPUs the library does not model.
 */
function awsGpuModel(row: AwsInstanceSpecRow): GpuModel | undefined {
  if (!row.gpu_name || !row.gpu_count || !row.gpu_memory_mib_per_gpu) return undefined;
  return GpuModel.all().find((m) => m.family === row.gpu_name && Math.abs(m.memoryGiB * 1024 - row.gpu_memory_mib_per_gpu!) <= 0.1 * m.memoryGiB * 1024);
}

describeWithData('AWS offerings (aws-instances.json, aws-gpu-instances.json)', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const raw = readDataJson<AwsInstancesFile>('aws-gpu-instances.json');
  const offerings = catalog.offerings(CloudProvider.AWS);
  const offering = (name: string): InstanceOffering => {
    const found = catalog.findOfferings(CloudProvider.AWS, name);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const rows = raw.instances.map((row) => [row.instance_type, row] as const);

  const all = readDataJson<AwsAllInstancesFile>('aws-instances.json');

  // Changed with the new inputs: the catalog now has every EC2 type with specs (aws-instances.json), not only the 47 GPU types.
  test('GPU offerings: the aws-instances.json types with a modelled GPU, plus the p3 types whose specs only aws-gpu-instances.json has', () => {
    const specced = all.rows.filter((r) => r.in_karpenter_specs);
    const expected = [
      ...specced.filter((r) => awsGpuModel(r) && !r.accelerator_count).map((r) => r.instance_type),
      ...raw.instances.filter((r) => !specced.some((s) => s.instance_type === r.instance_type)).map((r) => r.instance_type),
    ].sort();
    expect(expected).toEqual(expect.arrayContaining(raw.instances.map((r) => r.instance_type)));
    expect(offerings.filter((o) => o.gpuCount > 0).map((o) => o.name).sort()).toEqual(expected);
    for (const o of offerings.filter((x) => x.gpuCount > 0)) expect(o.gpu).toBeDefined();
  });

  test('CPU-only offerings: every aws-instances.json type with specs and no GPU or other accelerator, with gpu undefined and 0 GPUs', () => {
    const expected = all.rows.filter((r) => r.in_karpenter_specs && !r.gpu_name && !r.accelerator_count).map((r) => r.instance_type).sort();
    const cpu = offerings.filter((o) => o.gpuCount === 0);
    expect(cpu.map((o) => o.name).sort()).toEqual(expected);
    for (const o of cpu) expect(o).toMatchObject({ gpu: undefined, gpuMemoryGiB: 0, nvlink: false });
    const byName = new Map(all.rows.map((r) => [r.instance_type, r]));
    for (const o of cpu) {
      const row = byName.get(o.name)!;
      expect([o.vcpus, o.memoryGiB, o.architecture, o.efaInterfaces]).toEqual([row.vcpu, row.memory_gib, row.arch, row.efa_interfaces]);
    }
  });

  test('types with an accelerator the library does not model (Inferentia, Trainium, AMD or fractional GPUs, B200) are left out', () => {
    for (const name of ['inf2.xlarge', 'trn1.2xlarge', 'g4ad.xlarge', 'g6f.large', 'p6-b200.48xlarge']) {
      expect(all.rows.some((r) => r.instance_type === name)).toBe(true);
      expect(catalog.findOfferings(CloudProvider.AWS, name)).toEqual([]);
    }
  });

  test.each(rows)('%s maps to the GpuModel of its gpu_key and nominal memory, with its specs', (name, row) => {
    const o = offering(name);
    expect(o.cloud).toBe(CloudProvider.AWS);
    expect(GpuModel.all()).toContain(o.gpu);
    expect(o.gpu!.family).toBe(row.gpu_key);
    expect(o.gpu!.memoryGiB).toBe(row.gpu_memory_gib_per_gpu_nominal);
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

describeWithData('GCP offerings (gcp-gpu-prices.json, gcp-machines.json, N1 shapes of gcp-gpu-machines.json)', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const prices = readDataJson<GcpGpuPricesFile>('gcp-gpu-prices.json');
  const legacy = readDataJson<GcpMachinesFile>('gcp-gpu-machines.json');
  const cpuFile = readDataJson<GcpCpuMachinesFile>('gcp-machines.json');
  const offerings = catalog.offerings(CloudProvider.GCP);
  // n1-standard-8 carries a T4 or a V100: machine type and accelerator together name an offering.
  const offering = (name: string, accelerator?: string): InstanceOffering => {
    const found = offerings.filter((o) => o.name === name && o.acceleratorType === accelerator);
    expect(found).toHaveLength(1);
    return found[0];
  };
  // Accelerators of the GPU models the library knows (GKE spelling).
  const KNOWN = ['nvidia-tesla-t4', 'nvidia-tesla-v100', 'nvidia-tesla-a100', 'nvidia-a100-80gb', 'nvidia-h100-80gb', 'nvidia-h100-mega-80gb', 'nvidia-l4'];
  const bundled = prices.machines.filter((m) => KNOWN.includes(m.accelerator_type) && Number.isInteger(m.gpu_count));
  const n1 = legacy.machines.filter((m) => m.machine_type.startsWith('n1-'));

  // Changed with the new inputs: the GPU rows now come from gcp-gpu-prices.json (no SkyPilot-derived price); the N1 + GPU
  // combinations keep their shapes from gcp-gpu-machines.json but are priced from gcp-gpu-prices.json.
  test('GPU offerings: the bundled-GPU machines of gcp-gpu-prices.json with a modelled GPU, and the N1 + GPU combinations', () => {
    const key = (name: string, accelerator?: string) => `${name} ${accelerator}`;
    expect(offerings.filter((o) => o.gpuCount > 0).map((o) => key(o.name, o.acceleratorType)).sort())
      .toEqual([...bundled.map((m) => key(m.machine_type, m.accelerator_type)), ...n1.map((m) => key(m.machine_type, m.accelerator_type))].sort());
    // Every row of the old file is still offered (with prices from the new one).
    for (const m of legacy.machines) offering(m.machine_type, m.accelerator_type);
  });

  test('CPU-only offerings: every gcp-machines.json row with a shape', () => {
    const expected = cpuFile.rows.filter((r) => r.vcpu !== null && r.memory_gib !== null);
    const cpu = offerings.filter((o) => o.gpuCount === 0);
    expect(cpu.map((o) => o.name).sort()).toEqual(expected.map((r) => r.machine_type).sort());
    for (const row of expected) {
      expect(offering(row.machine_type)).toMatchObject({ gpu: undefined, gpuCount: 0, vcpus: row.vcpu, memoryGiB: row.memory_gib, architecture: row.arch });
    }
  });

  test.each(bundled.map((m) => [m.machine_type, m.accelerator_type, m] as const))('%s + %s: specs and us-central1 prices are gcp-gpu-prices.json\'s', (name, accelerator, row) => {
    const o = offering(name, accelerator);
    expect(GpuModel.all()).toContain(o.gpu);
    expect(o).toMatchObject({ cloud: CloudProvider.GCP, gpuCount: row.gpu_count, vcpus: row.vcpu, memoryGiB: row.memory_gib, efaInterfaces: 0 });
    const p = row.prices_by_region['us-central1'];
    const onDemand = catalog.price(o, 'us-central1', CapacityType.ON_DEMAND);
    const spot = catalog.price(o, 'us-central1', CapacityType.SPOT);
    expect(spot?.usdPerHour).toBe(p?.spot ?? undefined);
    expect(onDemand?.usdPerHour).toBe(o.onDemandOffered ? p?.on_demand ?? undefined : undefined);
    for (const quote of [onDemand, spot]) if (quote) expect(quote.estimatedFromOtherRegion).toBe(false);
  });

  test.each(n1.map((m) => [m.machine_type, m.accelerator_type, m] as const))(
    '%s + %s: us-central1 price = N1 host + GPUs x attachable unit price (spot: legacy preemptible GPU price)', (name, accelerator, row) => {
      const host = prices.n1_host_prices_by_region['us-central1'][name];
      const unit = prices.attachable_gpus.find((g) => g.accelerator_type === accelerator)!.unit_price_by_region['us-central1'];
      const o = offering(name, accelerator);
      expect(o).toMatchObject({ gpuCount: row.gpu_count, vcpus: row.vcpu, memoryGiB: row.memory_gib });
      expect(catalog.price(o, 'us-central1', CapacityType.ON_DEMAND)?.usdPerHour).toBeCloseTo(host.on_demand + row.gpu_count * unit.on_demand!, 9);
      const spot = catalog.price(o, 'us-central1', CapacityType.SPOT)!;
      expect(unit.spot).toBeNull();
      expect(spot.usdPerHour).toBeCloseTo(host.spot + row.gpu_count * unit.preemptible_legacy!, 9);
      expect(spot.basis).toContain('legacy preemptible');
    });

  // gcp-gpu-prices.json notes: "a3-highgpu-1g/2g/4g: Google offers these only as Spot or Flex-start (DWS)".
  test.each(['a3-highgpu-1g', 'a3-highgpu-2g', 'a3-highgpu-4g'])('%s is spot-only: no on-demand or reserved quote', (name) => {
    expect(prices.notes.join(' ')).toContain('a3-highgpu-1g/2g/4g: Google offers these only as Spot');
    const o = offering(name, 'nvidia-h100-80gb');
    expect(o.onDemandOffered).toBe(false);
    expect(catalog.price(o, 'us-central1', CapacityType.ON_DEMAND)).toBeUndefined();
    expect(catalog.price(o, 'us-central1', CapacityType.RESERVED)).toBeUndefined();
    expect(catalog.price(o, 'us-central1', CapacityType.SPOT)?.usdPerHour).toBeGreaterThan(0);
  });

  test('a3-highgpu-8g is offered on demand', () => {
    expect(offering('a3-highgpu-8g', 'nvidia-h100-80gb').onDemandOffered).toBe(true);
  });

  // Changed with the new inputs: GCP prices now come from the billing-catalog file (Cyclenerd @ fd66b26, generated 2026-07-30);
  // the N1 + GPU rows add the Cluster Autoscaler GPU unit price (file last changed 2026-06-23), so they carry the older date.
  test('every price names its upstream source and date, and no price comes from SkyPilot', () => {
    for (const o of offerings) {
      for (const p of o.prices) {
        expect(p.source).toMatch(REPO_AT_COMMIT);
        expect(p.source).toContain('Cyclenerd/google-cloud-pricing-cost-calculator @ fd66b26');
        expect(p.retrieved).toBe(o.name.startsWith('n1-') ? '2026-06-23' : '2026-07-30');
        expect(`${p.source} ${p.spotBasis}`.toLowerCase()).not.toContain('skypilot');
      }
    }
  });
});

describeWithData('offering provenance (both clouds)', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const all = [...catalog.offerings(CloudProvider.AWS), ...catalog.offerings(CloudProvider.GCP)];

  // Changed with the new inputs: aws-instances.json has types with specs but no USD price anywhere (p5e.48xlarge, trn2, x8aedz…).
  test('every offering has a non-empty source, and a price row unless the data prices it nowhere', () => {
    const raw = readDataJson<AwsAllInstancesFile>('aws-instances.json');
    const unpricedAws = new Set(raw.rows.filter((r) => Object.keys(r.on_demand_usd_per_hour).every((region) => !(region in raw.prices_by_region)))
      .map((r) => r.instance_type));
    expect(unpricedAws.has('p5e.48xlarge')).toBe(true);
    for (const o of all) {
      expect(o.source.trim()).not.toBe('');
      expect(o.prices.length > 0).toBe(!(o.cloud === CloudProvider.AWS && unpricedAws.has(o.name)));
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

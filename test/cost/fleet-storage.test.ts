import {
  Capacity, ErrorCode, GpuModel, GpuNodePool, MlPlatform, ObjectStorageClass, PlatformEstimate, PriorityTiers, SavingLever, SpotFleet, StorageTier,
  StorageTierKind, TeamNamespace, ValidationError,
} from '../../lib';
import { describeWithData, readDataJson } from '../catalog/shared-data';
import { awsPlatform } from '../support/platforms';

// Spot fleets and storage tiers in the estimate. Every expected figure is computed by hand from the raw data rows
// (../shared/data), written as literals: each test first checks that the row still says what the comment quotes, then
// multiplies. The code under test is never called to compute an expectation. A month is 730 hours; the default
// utilization is 0.5, 24 hours a day.

interface AwsInstances { readonly rows: Array<{ readonly instance_type: string; readonly on_demand_usd_per_hour: Record<string, number> }> }
interface SpotAdvisor { readonly by_region: Record<string, Record<string, { readonly savings_pct: number; readonly interruption: string }>> }
interface StoragePrices {
  readonly rows: Array<{ readonly service: string; readonly item: string; readonly region?: string; readonly usd: number; readonly unit: string }>;
}
interface GpuPower { readonly gpus: Array<{ readonly key: string; readonly tdp_w: number }>; readonly ccf_coefficients: { readonly aws_pue: number } }
interface AwsGrid { readonly factors: Record<string, number> }

/**
 * us-east-1: an ARCHIVE tier (10,240 GiB: 20% S3 Standard, 30% Standard-IA with 500 GiB read back a month, 50% Glacier
 * Flexible Retrieval) that a spot fleet of p4d.24xlarge (8 x A100 40GB) checkpoints to: 10 nodes at most, 1 on-demand
 * base node, on-demand fallback up to 10, 70% of GPU-hours on spot; team research guaranteed 8 of its 80 GPUs; and an
 * H100 spot pool beside it, so the platform's spot lever sums a pool and a fleet.
 */
function platform(): { p: MlPlatform; fleet: SpotFleet } {
  const p = awsPlatform();
  new PriorityTiers(p, 'tiers');
  const archive = new StorageTier(p, 'checkpoints', {
    kind: StorageTierKind.ARCHIVE,
    bucketName: 'acme-test-checkpoints',
    capacityGiB: 10240,
    transitions: [
      { afterDays: 30, storageClass: ObjectStorageClass.INFREQUENT_ACCESS },
      { afterDays: 180, storageClass: ObjectStorageClass.ARCHIVE },
    ],
    usage: {
      classShares: [
        { storageClass: ObjectStorageClass.STANDARD, share: 0.2 },
        { storageClass: ObjectStorageClass.INFREQUENT_ACCESS, share: 0.3, monthlyRetrievalGiB: 500 },
        { storageClass: ObjectStorageClass.ARCHIVE, share: 0.5 },
      ],
    },
  });
  const fleet = new SpotFleet(p, 'a100-fleet', {
    instanceTypes: ['p4d.24xlarge'],
    zones: ['us-east-1a', 'us-east-1b'],
    maxNodes: 10,
    onDemandBaseNodes: 1,
    spotShare: 0.7,
    checkpoints: { tier: archive },
  });
  new GpuNodePool(p, 'h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: 2, capacity: Capacity.spot() });
  new TeamNamespace(p, 'research', { tiers: ['batch'], quotas: [{ pool: fleet, guaranteed: { 'nvidia.com/gpu': '8' }, borrowingLimit: { 'nvidia.com/gpu': '8' } }] });
  return { p, fleet };
}

describeWithData('spot fleets and storage tiers against the raw catalog rows', () => {
  const aws = readDataJson<AwsInstances>('aws-instances.json');
  const onDemand = (type: string) => aws.rows.find((r) => r.instance_type === type)!.on_demand_usd_per_hour['us-east-1'];
  const advisor = (type: string) => readDataJson<SpotAdvisor>('aws-spot-advisor.json').by_region['us-east-1'][type];
  const storage = (service: string, item: string) => readDataJson<StoragePrices>('storage-prices.json').rows.find((r) => r.service === service && r.item === item)!;

  // p4d.24xlarge: 21.957642 USD/h on demand; the Spot Instance Advisor's us-east-1 saving is 67%: spot = 21.957642 x 0.33
  // = 7.24602186, which the catalog rounds to a millionth of a dollar: 7.246022 USD/h. Per GPU (8): 2.74470525 on demand,
  // 0.90575275 spot. The stated mix per node: 0.7 x 7.246022 + 0.3 x 21.957642 = 11.659508 USD/h.
  const OD = 21.957642;
  const SPOT = 7.246022;
  const { p } = platform();
  const e: PlatformEstimate = p.estimate();
  const fleet = e.fleets.find((f) => f.fleet === 'a100-fleet')!;
  const lever = (l: SavingLever) => e.savings.levers.find((x) => x.lever === l)!;

  test('the rows the figures rest on', () => {
    expect(onDemand('p4d.24xlarge')).toBe(21.957642);
    expect(advisor('p4d.24xlarge')).toMatchObject({ savings_pct: 67 });
    expect(onDemand('p5.48xlarge')).toBe(55.04);
    expect(advisor('p5.48xlarge')).toMatchObject({ savings_pct: 52 });
    expect(storage('S3 Standard', 'storage (first tier)')).toMatchObject({ usd: 0.023, unit: 'USD per GB-month' });
    expect(storage('S3 Standard-IA', 'storage')).toMatchObject({ usd: 0.0125, unit: 'USD per GB-month' });
    expect(storage('S3 Standard-IA', 'data retrieval')).toMatchObject({ usd: 0.01, unit: 'USD per GB' });
    expect(storage('S3 Glacier Flexible Retrieval', 'storage')).toMatchObject({ usd: 0.0036, unit: 'USD per GB-month' });
  });

  test('a spot fleet with a fallback share: one line, floor = base, expected = the stated mix, ceiling = the dearer type', () => {
    // Expected nodes: 0.5 x 10 = 5. Spot share 0.7: 3.5 nodes on spot; 1.5 on demand, of which 1 is the base and 0.5 fallback.
    expect(fleet).toMatchObject({
      maxNodes: 10, onDemandBaseNodes: 1, fallbackMaxNodes: 10, gpusPerNode: 8, expectedNodes: 5, statedSpotShare: 0.7,
      spotInstanceTypes: ['p4d.24xlarge'], onDemandInstanceType: 'p4d.24xlarge', pools: ['a100-fleet-spot', 'a100-fleet-on-demand'],
    });
    expect(fleet.spotUsdPerGpuHour).toBeCloseTo(SPOT / 8, 9);
    expect(fleet.onDemandUsdPerGpuHour).toBeCloseTo(OD / 8, 9);
    // Floor: the base node on demand all month: 21.957642 x 730 = 16,029.07866.
    expect(fleet.floorMonthlyUsd).toBeCloseTo(16029.07866, 5);
    // Expected: 0.5 x 10 nodes x 8 GPUs x 730 h x (0.7 x 0.90575275 + 0.3 x 2.74470525) = 29,200 GPU-h x 1.4574385
    // = 42,557.2042 (= 5 x 11.659508 x 730).
    expect(SPOT).toBeCloseTo(21.957642 * 0.33, 6);
    expect(fleet.expectedMonthlyUsd).toBeCloseTo(42557.2042, 4);
    expect(fleet.effectiveUsdPerGpuHour).toBeCloseTo(1.4574385, 9);
    expect(fleet.onDemandShare).toBeCloseTo(0.2, 12);
    expect(fleet.spotShare).toBeCloseTo(0.7, 12);
    expect(fleet.fallbackShare).toBeCloseTo(0.1, 12);
    // Ceiling: on demand is the dearer; the fallback may replace every node: 10 x 21.957642 x 730 = 160,290.7866.
    expect(fleet.ceilingMonthlyUsd).toBeCloseTo(160290.7866, 4);
    expect(fleet.ceilingBasis).toContain('on demand is the dearer');
    expect(fleet.sources).toContainEqual(expect.objectContaining({ item: 'on-demand price', subject: 'p4d.24xlarge in us-east-1', value: 21.957642 }));
    expect(fleet.sources).toContainEqual(expect.objectContaining({ item: 'spot price', subject: 'p4d.24xlarge in us-east-1' }));
  });

  test('the fleet\'s pools are priced in its line only, and the total counts the fleet once', () => {
    expect(e.pools.map((x) => x.pool)).toEqual(['h100']);
    // h100 spot pool: 55.04 x 0.48 = 26.4192 USD/h, 0 to 2 nodes: expected 1 node = 19,286.016; ceiling 38,572.032.
    // Storage: 108.936 (below). Expected total: 42,557.2042 + 19,286.016 + 108.936 = 61,952.1562.
    expect(e.totals.expectedMonthlyUsd).toBeCloseTo(61952.1562, 4);
    expect(e.totals.floorMonthlyUsd).toBeCloseTo(16029.07866 + 108.936, 4);
    expect(e.totals.ceilingMonthlyUsd).toBeCloseTo(160290.7866 + 38572.032 + 108.936, 4);
    // Spot: 3.5 nodes x 7.246022 x 730 = 18,513.58621 (fleet) + 19,286.016 (pool); base: 1 x 21.957642 x 730 = 16,029.07866;
    // fallback: 0.5 x 21.957642 x 730 = 8,014.53933.
    expect(e.totals.spotMonthlyUsd).toBeCloseTo(18513.58621 + 19286.016, 4);
    expect(e.totals.onDemandMonthlyUsd).toBeCloseTo(16029.07866, 4);
    expect(e.totals.fallbackMonthlyUsd).toBeCloseTo(8014.53933, 4);
    expect(e.totals.storageMonthlyUsd).toBeCloseTo(108.936, 6);
  });

  test('a team\'s showback on a fleet plus the idle line add up to the fleet', () => {
    // research: 8 of the fleet's 80 GPUs = 0.1 of it. Guaranteed: 8 x 1.4574385 x 730 = 8,511.44084; its share of the
    // expected figure: 4,255.72042; borrowing up to 16 GPUs: 17,022.88168.
    const line = e.teams.find((t) => t.team === 'research')!.pools.find((x) => x.pool === 'a100-fleet')!;
    expect(line.share).toBeCloseTo(0.1, 12);
    expect(line.guaranteedMonthlyUsd).toBeCloseTo(8511.44084, 4);
    expect(line.expectedMonthlyUsd).toBeCloseTo(4255.72042, 4);
    expect(line.borrowingCeilingMonthlyUsd).toBeCloseTo(17022.88168, 4);
    const idle = e.idle.find((i) => i.pool === 'a100-fleet')!;
    expect(idle.share).toBeCloseTo(0.9, 12);
    expect(idle.expectedMonthlyUsd).toBeCloseTo(42557.2042 - 4255.72042, 4);
    expect(idle.ceilingMonthlyUsd).toBeCloseTo(160290.7866 - 8511.44084, 4);
    expect(line.expectedMonthlyUsd + idle.expectedMonthlyUsd).toBeCloseTo(fleet.expectedMonthlyUsd, 6);
    expect(line.guaranteedMonthlyUsd + idle.ceilingMonthlyUsd).toBeCloseTo(fleet.ceilingMonthlyUsd, 6);
    expect(fleet.allocatedShare).toBeCloseTo(0.1, 12);
    // Nothing about the fleet is reported unpriced, and its pools have no idle line of their own.
    expect(e.unpriced.map((u) => u.subject).filter((s) => s.includes('a100-fleet'))).toEqual([]);
    expect(e.idle.map((i) => i.pool)).toEqual(['a100-fleet', 'h100']);
  });

  test('the baseline\'s spot lever includes the fleet', () => {
    // Fleet baseline: 80 GPUs on the reference p4d.24xlarge (the only 8 x A100 40GB node) on demand all month:
    // 80 x 2.74470525 x 730 = 160,290.7866. Spot lever: 10 nodes x (21.957642 - 11.659508) x 730 = 10 x 0.7 x 14.71162 x 730
    // = 75,176.3782; scale-to-zero: the other 5 nodes at the mix: 5 x 11.659508 x 730 = 42,557.2042.
    const s = e.savings.fleets.find((x) => x.pool === 'a100-fleet')!;
    const mixNode = 0.7 * SPOT + 0.3 * OD;
    expect(s).toMatchObject({ referenceInstanceType: 'p4d.24xlarge', demandUnits: 80 });
    expect(s.baselineMonthlyUsd).toBeCloseTo(160290.7866, 4);
    const l = (x: SavingLever) => s.levers.find((y) => y.lever === x)!.monthlyUsd;
    expect(l(SavingLever.SPOT)).toBeCloseTo(75176.3782, 4);
    expect(l(SavingLever.SPOT)).toBeCloseTo(10 * (OD - mixNode) * 730, 4);
    expect(l(SavingLever.RIGHT_SIZING)).toBeCloseTo(0, 6);
    expect(l(SavingLever.PARTITIONING)).toBe(0);
    expect(l(SavingLever.SCALE_TO_ZERO)).toBeCloseTo(42557.2042, 4);
    // The platform's spot lever: the fleet's plus the h100 pool's 2 x (55.04 - 26.4192) x 730 = 41,786.368.
    expect(lever(SavingLever.SPOT).monthlyUsd).toBeCloseTo(75176.3782 + 41786.368, 4);
    // Baseline: fleet 160,290.7866 + h100 (16 GPUs on p5.48xlarge on demand) 16 x 6.88 x 730 = 80,358.4 + storage 235.52.
    expect(e.savings.baselineMonthlyUsd).toBeCloseTo(160290.7866 + 80358.4 + 235.52, 4);
    expect(e.savings.baselineMonthlyUsd - e.savings.levers.reduce((a, x) => a + x.monthlyUsd, 0)).toBeCloseTo(e.savings.expectedMonthlyUsd, 6);
  });

  test('a storage tier: its drivers priced from the catalog rows, in the total, and the tiering lever against S3 Standard', () => {
    // 10,240 GiB: 2,048 in S3 Standard x 0.023 = 47.104; 3,072 in Standard-IA x 0.0125 = 38.4; 500 GiB read back x 0.01 = 5;
    // 5,120 in Glacier Flexible Retrieval x 0.0036 = 18.432. Total 108.936 a month.
    const tier = e.storageTiers.find((t) => t.tier === 'checkpoints')!;
    expect(tier.drivers.map((d) => [d.quantity, d.usdPerUnit, d.monthlyUsd])).toEqual([
      [2048, 0.023, 47.104], [3072, 0.0125, 38.4], [500, 0.01, 5], [5120, 0.0036, 18.432],
    ]);
    expect(tier.pricedMonthlyUsd).toBeCloseTo(108.936, 9);
    expect(tier.complete).toBe(true);
    // Baseline: the same 10,240 GiB in S3 Standard: 10,240 x 0.023 = 235.52; saved: 235.52 - 108.936 = 126.584.
    const s = e.savings.storageTiers.find((t) => t.tier === 'checkpoints')!;
    expect(s).toMatchObject({ storedGiB: 10240, standardClass: 'S3 Standard storage (first tier)', standardUsdPerUnit: 0.023, unit: 'GB-month' });
    expect(s.baselineMonthlyUsd).toBeCloseTo(235.52, 9);
    expect(s.expectedMonthlyUsd).toBeCloseTo(108.936, 9);
    expect(s.savingMonthlyUsd).toBeCloseTo(126.584, 9);
    expect(lever(SavingLever.STORAGE_TIERING)).toMatchObject({ estimated: true });
    expect(lever(SavingLever.STORAGE_TIERING).monthlyUsd).toBeCloseTo(126.584, 9);
    expect(e.sources).toContainEqual(expect.objectContaining({ item: 'storage price (standard-class baseline)', value: 0.023, unit: 'USD per GB-month' }));
    expect(e.scope.join(' ')).toContain('Storage: each storage tier');
  });

  test('CO2 of the fleet\'s GPUs: board power x GPU-hours x utilization x PUE x grid intensity', () => {
    // gpu-tdp.json A100 400 W; aws_pue 1.135; us-east-1 0.000379069 t/kWh. 5 nodes x 8 GPUs x 730 h = 29,200 GPU-h;
    // 400 x 29,200 x 0.5 x 1.135 / 1000 = 6,628.4 kWh; x 379.069 g / 1000 = 2,512.6409... kg CO2e.
    const power = readDataJson<GpuPower>('gpu-tdp.json');
    expect(power.gpus.find((g) => g.key.toLowerCase().includes('a100'))!.tdp_w).toBe(400);
    expect(power.ccf_coefficients.aws_pue).toBe(1.135);
    expect(readDataJson<AwsGrid>('aws-grid-emission-factors-ccf.json').factors['us-east-1']).toBe(0.000379069);
    const energy = e.energy.pools.find((x) => x.pool === 'a100-fleet')!;
    expect(energy.gpuHoursPerMonth).toBeCloseTo(29200, 9);
    expect(energy.kwhPerMonth).toBeCloseTo(6628.4, 6);
    expect(energy.kgCo2ePerMonth).toBeCloseTo(6628.4 * 0.379069, 6);
    expect(e.energy.pools.map((x) => x.pool)).toEqual(['h100', 'a100-fleet']);
  });

  test('the on-demand base runs all month: at low utilization the fleet costs its base on demand', () => {
    // 0.05 x 10 = 0.5 nodes, below the 1 base node: 1 node on demand all month = the floor, 16,029.07866.
    const low = p.estimate({ pools: [{ pool: 'a100-fleet', expectedUtilization: 0.05 }] }).fleets[0];
    expect(low.expectedNodes).toBe(1);
    expect(low.expectedMonthlyUsd).toBeCloseTo(16029.07866, 5);
    expect(low).toMatchObject({ onDemandShare: 1, spotShare: 0, fallbackShare: 0 });
    expect(low.effectiveUsdPerGpuHour).toBeCloseTo(OD / 8, 9);
  });
});

describe('fleets and tiers the estimate cannot price, and bad input', () => {
  test('a fleet whose spot share the data leaves open is unpriced with the reason; its pools are not priced on their own', () => {
    const p = awsPlatform();
    const tier = new StorageTier(p, 'ckpt', { kind: StorageTierKind.ARCHIVE, bucketName: 'acme-test-ckpt' });
    // The cheapest single-L4 types are in the advisor's open >20% range: no spot share can be derived.
    new SpotFleet(p, 'l4-fleet', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4, checkpoints: { tier } });
    const e = p.estimate();
    expect(e.fleets).toEqual([]);
    expect(e.pools).toEqual([]);
    expect(e.unpriced).toContainEqual(expect.objectContaining({ subject: 'fleet l4-fleet', reason: expect.stringContaining('set spotShare') }));
    // An archive tier without an expected size: its storage is unpriced, with the reason, and the lever does not cover it.
    expect(e.unpriced).toContainEqual({ subject: 'storage tier ckpt: Stored data', reason: 'no expected size: give capacityGiB or usage.storedGiB' });
    expect(e.savings.storageTiers).toEqual([]);
    expect(e.savings.levers.find((l) => l.lever === SavingLever.STORAGE_TIERING)).toMatchObject({ estimated: false, monthlyUsd: 0 });
    expect(e.totals.expectedMonthlyUsd).toBe(0);
  });

  test('a class mix with a class the catalog cannot price: the tier is priced in part and the tiering lever leaves it out, saying why', () => {
    const p = awsPlatform();
    new StorageTier(p, 'cold', {
      kind: StorageTierKind.ARCHIVE,
      bucketName: 'acme-test-cold',
      capacityGiB: 1000,
      transitions: [{ afterDays: 90, storageClass: ObjectStorageClass.COLD }],
      usage: { classShares: [{ storageClass: ObjectStorageClass.STANDARD, share: 0.5 }, { storageClass: ObjectStorageClass.COLD, share: 0.5 }] },
    });
    const e = p.estimate();
    // 500 GiB in S3 Standard x 0.023 = 11.5 priced; the 500 GiB in Glacier Instant Retrieval has no row.
    expect(e.storageTiers[0]).toMatchObject({ tier: 'cold', pricedMonthlyUsd: 11.5, complete: false });
    expect(e.totals.storageMonthlyUsd).toBeCloseTo(11.5, 9);
    expect(e.savings.storageTiers).toEqual([]);
    const lever = e.unpriced.find((u) => u.subject === 'storage tiering of tier cold')!;
    expect(lever.reason).toContain('not all of the class mix is priced: S3 Glacier Instant Retrieval storage: 50% of 1000 GiB');
    expect(lever.reason).toContain('no openly licensed price');
  });

  test('cost options naming a fleet\'s own pool: COST_POOL_UNKNOWN, pointing at the fleet', () => {
    const { p } = platform();
    let error: unknown;
    try {
      p.estimate({ pools: [{ pool: 'a100-fleet-spot', expectedUtilization: 0.9 }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe(ErrorCode.COST_POOL_UNKNOWN);
    expect((error as ValidationError).message).toContain('belongs to spot fleet a100-fleet');
    expect((error as ValidationError).message).toContain('"a100-fleet-spot"');
    expect((error as ValidationError).message).toContain('{ pool: "a100-fleet"');
    expect((error as ValidationError).message).toContain(p.node.path);
  });
});

import { Testing as K8sTesting } from 'cdk8s';
import { Testing as TfTesting } from 'cdktf';
import {
  Capacity, Catalog, Cloud, CloudProvider, EksCluster, ExternalNodePool, GpuModel, GpuNodePool, GpuSharing, MigPartitionProfile, MlPlatform, PlatformEstimate,
  SavingLever, TeamNamespace,
} from '../../lib';
import { describeWithData, readDataCsv, readDataJson } from '../catalog/shared-data';
import { awsPlatform, gcpPlatform } from '../support/platforms';

// Every expected figure below is computed by hand from the raw data rows (../shared/data), written as literals:
// each test first checks that the row still says what the comment quotes, then multiplies. The code under test is
// never called to compute an expectation. A month is 730 hours; the default utilization is 0.5, 24 hours a day.

interface AwsInstances { readonly rows: Array<{ readonly instance_type: string; readonly on_demand_usd_per_hour: Record<string, number> }> }
interface SpotAdvisor { readonly by_region: Record<string, Record<string, { readonly savings_pct: number }>> }
interface GpuPower {
  readonly gpus: Array<{ readonly key: string; readonly tdp_w: number }>;
  readonly ccf_coefficients: { readonly aws_pue: number; readonly gcp_pue_us_central1: number };
}
interface GcpGpuPrices {
  readonly machines: Array<{ readonly machine_type: string; readonly prices_by_region: Record<string, { readonly on_demand: number; readonly spot: number }> }>;
}
interface AwsGrid { readonly factors: Record<string, number> }

describeWithData('cost figures against the raw catalog rows', () => {
  const aws = readDataJson<AwsInstances>('aws-instances.json');
  const onDemand = (type: string) => aws.rows.find((r) => r.instance_type === type)!.on_demand_usd_per_hour['us-east-1'];
  const spotSaving = (type: string) => readDataJson<SpotAdvisor>('aws-spot-advisor.json').by_region['us-east-1'][type].savings_pct;
  const power = readDataJson<GpuPower>('gpu-tdp.json');

  /** One AWS platform in us-east-1 with a whole-GPU, a MIG, a time-sliced and a spot pool, and two teams. */
  function awsEstimate(): PlatformEstimate {
    const p = awsPlatform();
    const a100 = new GpuNodePool(p, 'a100', { gpu: GpuModel.A100_40GB, gpusPerNode: 8, minNodes: 1, maxNodes: 3 });
    const mig = new MigPartitionProfile(p, 'small', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    const notebooks = new GpuNodePool(p, 'notebooks', { gpu: GpuModel.A100_40GB, gpusPerNode: 8, maxNodes: 2, mig });
    new GpuNodePool(p, 'inference', { gpu: GpuModel.L4, gpusPerNode: 1, minNodes: 1, maxNodes: 4, sharing: GpuSharing.timeSlicing(4) });
    new GpuNodePool(p, 'train', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: 2, capacity: Capacity.spot() });
    new TeamNamespace(p, 'research', { quotas: [{ pool: a100, guaranteed: { 'nvidia.com/gpu': '8' }, borrowingLimit: { 'nvidia.com/gpu': '4' } }] });
    new TeamNamespace(p, 'notebook-users', { quotas: [{ pool: notebooks, guaranteed: { 'nvidia.com/mig-1g.5gb': '14' } }] });
    return p.estimate();
  }
  const e = awsEstimate();
  const pool = (name: string) => e.pools.find((x) => x.pool === name)!;
  const savings = (name: string) => e.savings.pools.find((x) => x.pool === name)!;
  const lever = (name: string, l: SavingLever) => savings(name).levers.find((x) => x.lever === l)!.monthlyUsd;

  test('a whole-GPU pool: p4d.24xlarge, 1 to 3 nodes', () => {
    // aws-instances.json p4d.24xlarge: 21.957642 USD/h in us-east-1 (Karpenter's generated price map); 8 x A100 40GB.
    expect(onDemand('p4d.24xlarge')).toBe(21.957642);
    const a100 = pool('a100');
    expect(a100.nodeUsdPerHour).toBe(21.957642);
    expect(a100.floorMonthlyUsd).toBeCloseTo(1 * 21.957642 * 730, 6); // 16,029.07866
    // Expected nodes: 1 + 0.5 x (3 - 1) = 2.
    expect(a100.expectedNodes).toBe(2);
    expect(a100.expectedMonthlyUsd).toBeCloseTo(2 * 21.957642 * 730, 6); // 32,058.15732
    expect(a100.ceilingMonthlyUsd).toBeCloseTo(3 * 21.957642 * 730, 6); // 48,087.23598
    expect(a100.usdPerGpuHour).toBeCloseTo(21.957642 / 8, 9); // 2.74470525
    expect(a100).toMatchObject({ instanceType: 'p4d.24xlarge', capacityType: 'on-demand', onDemandShare: 1, spotShare: 0, fallbackShare: 0 });
    expect(a100.sources).toContainEqual(expect.objectContaining({
      item: 'on-demand price', subject: 'p4d.24xlarge in us-east-1', value: 21.957642, retrieved: '2026-07-20',
      source: expect.stringContaining('karpenter-provider-aws'),
    }));
  });

  test('a MIG slice: 1g.5gb on p4d.24xlarge is the node price over 56 devices', () => {
    // 8 A100 40GB x 7 devices of 1g.5gb (each 1/7 of a GPU) = 56 devices a node; 21.957642 / 56 = 0.39210075 USD/h.
    const unit = pool('notebooks').units.find((u) => u.resourceName === 'nvidia.com/mig-1g.5gb')!;
    expect(unit).toMatchObject({ perNode: 56, atMaxSize: 112, sharedBy: 1, migProfile: '1g.5gb' });
    expect(unit.gpuShare).toBeCloseTo(1 / 7, 12);
    expect(unit.usdPerUnitHour).toBeCloseTo(21.957642 / 56, 9);
  });

  test('a time-shared GPU: an L4 split four ways is a quarter of g6.xlarge', () => {
    // aws-instances.json g6.xlarge: 0.8048 USD/h, 1 x L4; 4 time-slicing replicas: 0.8048 / 4 = 0.2012 USD per replica-hour.
    expect(onDemand('g6.xlarge')).toBe(0.8048);
    const unit = pool('inference').units.find((u) => u.resourceName === 'nvidia.com/gpu')!;
    expect(unit).toMatchObject({ perNode: 4, atMaxSize: 16, sharedBy: 4 });
    expect(unit.usdPerUnitHour).toBeCloseTo(0.2012, 9);
    // 1 to 4 nodes: expected 1 + 0.5 x 3 = 2.5 nodes; 2.5 x 0.8048 x 730 = 1,468.76.
    expect(pool('inference').expectedMonthlyUsd).toBeCloseTo(2.5 * 0.8048 * 730, 6);
  });

  test('a spot pool: p5.48xlarge at the Spot Instance Advisor saving', () => {
    // aws-instances.json p5.48xlarge: 55.04 USD/h on demand; aws-spot-advisor.json us-east-1 p5.48xlarge: savings 52%.
    // Spot = 55.04 x (1 - 0.52) = 26.4192 USD/h; 0 to 2 nodes: expected 1 node = 26.4192 x 730 = 19,286.016.
    expect(onDemand('p5.48xlarge')).toBe(55.04);
    expect(spotSaving('p5.48xlarge')).toBe(52);
    const train = pool('train');
    expect(train.nodeUsdPerHour).toBeCloseTo(26.4192, 9);
    expect(train.expectedMonthlyUsd).toBeCloseTo(26.4192 * 730, 6);
    expect(train.ceilingMonthlyUsd).toBeCloseTo(2 * 26.4192 * 730, 6);
    expect(train).toMatchObject({ floorMonthlyUsd: 0, capacityType: 'spot', spotShare: 1, onDemandShare: 0, fallbackShare: 0 });
    expect(train.sources).toContainEqual(expect.objectContaining({ item: 'spot saving', value: 52, unit: 'percent below on-demand', retrieved: '2025-06-28' }));
    expect(e.totals.spotMonthlyUsd).toBeCloseTo(26.4192 * 730, 6);
  });

  test('a team\'s showback plus the idle line add up to the pool', () => {
    // research is guaranteed 8 of the a100 pool's 24 GPUs: 8 x (21.957642 / 8) x 730 = 16,029.07866 a month at the
    // ceiling, a third of the pool; its share of the expected 32,058.15732 is 10,686.05244.
    const research = e.teams.find((t) => t.team === 'research')!.pools[0];
    expect(research.share).toBeCloseTo(1 / 3, 12);
    expect(research.guaranteedMonthlyUsd).toBeCloseTo(8 * (21.957642 / 8) * 730, 6);
    expect(research.expectedMonthlyUsd).toBeCloseTo((2 * 21.957642 * 730) / 3, 6);
    // Borrowing up to 4 more: 12 GPUs x 2.74470525 x 730 = 24,043.61799.
    expect(research.borrowingCeilingMonthlyUsd).toBeCloseTo(12 * (21.957642 / 8) * 730, 6);
    expect(research.resources).toContainEqual(expect.objectContaining({ resourceName: 'nvidia.com/gpu', unit: 'device', guaranteed: 8, maxAdmissible: 12 }));
    // Idle: the other two thirds.
    const idle = e.idle.find((i) => i.pool === 'a100')!;
    expect(idle.share).toBeCloseTo(2 / 3, 12);
    expect(idle.expectedMonthlyUsd).toBeCloseTo((2 * 21.957642 * 730 * 2) / 3, 6);
    expect(idle.ceilingMonthlyUsd).toBeCloseTo(2 * 21.957642 * 730, 6);
    // Teams + idle = the pool, for the expected figure and the ceiling.
    expect(research.expectedMonthlyUsd + idle.expectedMonthlyUsd).toBeCloseTo(pool('a100').expectedMonthlyUsd, 6);
    expect(research.guaranteedMonthlyUsd + idle.ceilingMonthlyUsd).toBeCloseTo(pool('a100').ceilingMonthlyUsd, 6);
    expect(pool('a100').allocatedShare).toBeCloseTo(1 / 3, 12);
  });

  test('slices are priced as slices: 14 1g.5gb devices are a quarter of a p4d node', () => {
    // 14 x 0.39210075 x 730 = 4,007.269665 (= 21.957642 x 730 / 4); the pool has 112 devices at max: share 14/112.
    const line = e.teams.find((t) => t.team === 'notebook-users')!.pools[0];
    expect(line.guaranteedMonthlyUsd).toBeCloseTo(14 * (21.957642 / 56) * 730, 6);
    expect(line.share).toBeCloseTo(14 / 112, 12);
    expect(line.resources).toContainEqual(expect.objectContaining({ resourceName: 'nvidia.com/mig-1g.5gb', migProfile: '1g.5gb', guaranteed: 14 }));
    // CPU and memory that come with the devices are listed, not priced again.
    expect(line.resources.find((r) => r.resourceName === 'cpu')!.usdPerUnitHour).toBe(0);
  });

  test('the baseline and its levers, pool by pool', () => {
    // a100: reference p4d.24xlarge (the only A100 40GB node): 24 GPUs x 2.74470525 x 730 = 48,087.23598; whole GPUs on
    // demand, so only scale-to-zero: (3 - 2) x 21.957642 x 730 = 16,029.07866.
    expect(savings('a100').baselineMonthlyUsd).toBeCloseTo(24 * (21.957642 / 8) * 730, 6);
    expect(lever('a100', SavingLever.SCALE_TO_ZERO)).toBeCloseTo(21.957642 * 730, 6);
    expect(lever('a100', SavingLever.PARTITIONING)).toBe(0);
    expect(lever('a100', SavingLever.SPOT)).toBe(0);
    // notebooks: 112 devices each on a whole A100 in the baseline: 112 x 2.74470525 x 730; 96 GPUs fewer with MIG.
    expect(savings('notebooks').baselineMonthlyUsd).toBeCloseTo(112 * (21.957642 / 8) * 730, 6);
    expect(lever('notebooks', SavingLever.PARTITIONING)).toBeCloseTo(96 * (21.957642 / 8) * 730, 6);
    // inference: reference g6.48xlarge (8 L4, the largest L4 node): 13.3504 / 8 = 1.6688 USD per GPU-hour.
    expect(onDemand('g6.48xlarge')).toBe(13.3504);
    expect(savings('inference').referenceInstanceType).toBe('g6.48xlarge');
    expect(savings('inference').baselineMonthlyUsd).toBeCloseTo(16 * 1.6688 * 730, 6); // 19,491.584
    expect(lever('inference', SavingLever.PARTITIONING)).toBeCloseTo(12 * 1.6688 * 730, 6); // 14,618.688
    expect(lever('inference', SavingLever.RIGHT_SIZING)).toBeCloseTo(4 * (1.6688 - 0.8048) * 730, 6); // 2,522.88
    expect(lever('inference', SavingLever.SCALE_TO_ZERO)).toBeCloseTo(1.5 * 0.8048 * 730, 6); // 881.256
    // train: spot saves 2 x (55.04 - 26.4192) x 730 = 41,786.368 of the 16 x 6.88 x 730 = 80,358.4 baseline.
    expect(savings('train').baselineMonthlyUsd).toBeCloseTo(16 * (55.04 / 8) * 730, 6);
    expect(lever('train', SavingLever.SPOT)).toBeCloseTo(2 * (55.04 - 26.4192) * 730, 6);
    expect(lever('train', SavingLever.RIGHT_SIZING)).toBeCloseTo(0, 6);
    // Storage tiering: not estimated, zero.
    expect(e.savings.levers.find((l) => l.lever === SavingLever.STORAGE_TIERING)).toMatchObject({ estimated: false, monthlyUsd: 0 });
  });

  test('the levers add up to baseline minus expected, per pool and in total', () => {
    for (const p of e.savings.pools) {
      const levers = p.levers.reduce((s, l) => s + l.monthlyUsd, 0);
      expect(p.baselineMonthlyUsd - levers).toBeCloseTo(p.expectedMonthlyUsd, 6);
    }
    expect(e.savings.baselineMonthlyUsd - e.savings.savingMonthlyUsd).toBeCloseTo(e.totals.expectedMonthlyUsd, 6);
  });

  test('CO2: board power x GPU-hours x utilization x PUE x grid intensity', () => {
    // gpu-tdp.json: A100 400 W; ccf_coefficients.aws_pue 1.135; aws-grid-emission-factors-ccf.json us-east-1
    // 0.000379069 t/kWh = 379.069 g/kWh. a100 pool: 2 expected nodes x 8 GPUs x 730 h = 11,680 GPU-hours;
    // 400 W x 11,680 h x 0.5 x 1.135 / 1000 = 2,651.36 kWh; x 379.069 g / 1000 = 1,005.0424... kg CO2e.
    expect(power.gpus.find((g) => g.key === 'a100')!.tdp_w).toBe(400);
    expect(power.ccf_coefficients.aws_pue).toBe(1.135);
    expect(readDataJson<AwsGrid>('aws-grid-emission-factors-ccf.json').factors['us-east-1']).toBe(0.000379069);
    const a100 = e.energy.pools.find((p) => p.pool === 'a100')!;
    expect(a100.gpuHoursPerMonth).toBe(11680);
    expect(a100.kwhPerMonth).toBeCloseTo(2651.36, 6);
    expect(a100.kgCo2ePerMonth).toBeCloseTo((2651.36 * 379.069) / 1000, 6);
    expect(a100.sources.map((s) => s.item)).toEqual(['GPU board power', 'PUE', 'grid carbon intensity']);
    // The research team's third of the pool's energy.
    expect(e.teams.find((t) => t.team === 'research')!.kwhPerMonth).toBeCloseTo(2651.36 / 3, 6);
    expect(e.energy.gridGramsCo2ePerKwh).toBeCloseTo(379.069, 9);
  });

  test('GKE: a time-shared L4 on g2-standard-4 in us-central1, with the region\'s own PUE', () => {
    // gcp-gpu-prices.json g2-standard-4 us-central1: on_demand 0.706832255 USD/h; 4 replicas: 0.17670806375 each.
    const g2 = readDataJson<GcpGpuPrices>('gcp-gpu-prices.json').machines.find((m) => m.machine_type === 'g2-standard-4')!;
    expect(g2.prices_by_region['us-central1'].on_demand).toBe(0.706832255);
    const p = gcpPlatform();
    new GpuNodePool(p, 'serve', { gpu: GpuModel.L4, gpusPerNode: 1, minNodes: 1, maxNodes: 3, sharing: GpuSharing.timeSlicing(4) });
    const g = p.estimate();
    expect(g.pools[0].units[0].usdPerUnitHour).toBeCloseTo(0.706832255 / 4, 12);
    // 1 + 0.5 x 2 = 2 nodes: 2 x 0.706832255 x 730 = 1,031.9750923.
    expect(g.pools[0].expectedMonthlyUsd).toBeCloseTo(2 * 0.706832255 * 730, 6);
    // gpu-tdp.json gcp_pue_us_central1 1.11; gcp-region-carbon-2024.csv us-central1 412.72 g/kWh; L4 72 W.
    // 2 nodes x 1 GPU x 730 h x 72 W x 0.5 x 1.11 / 1000 = 58.3416 kWh; x 412.72 / 1000 kg.
    expect(power.ccf_coefficients.gcp_pue_us_central1).toBe(1.11);
    expect(readDataCsv('gcp-region-carbon-2024.csv').find((r) => r['Google Cloud Region'] === 'us-central1')!['Grid carbon intensity (gCO2eq / kWh)']).toBe('412.72');
    expect(g.assumptions.powerUsageEffectiveness).toBe(1.11);
    expect(g.energy.kwhPerMonth).toBeCloseTo(58.3416, 9);
    expect(g.energy.kgCo2ePerMonth).toBeCloseTo((58.3416 * 412.72) / 1000, 9);
  });

  test('per-pool assumptions: 80% for 10 hours a day on one pool only', () => {
    const p = awsPlatform({ cost: { expectedUtilization: 0.25, pools: [{ pool: 'serve', expectedUtilization: 0.8, activeHoursPerDay: 10 }] } });
    new GpuNodePool(p, 'serve', { gpu: GpuModel.L4, gpusPerNode: 1, minNodes: 1, maxNodes: 7 });
    new GpuNodePool(p, 'other', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4 });
    const est = p.estimate();
    // serve: 1 + 0.8 x 6 x 10/24 = 3 nodes; 3 x 0.8048 x 730 = 1,762.512. other: 0 + 0.25 x 4 = 1 node.
    expect(est.pools.find((x) => x.pool === 'serve')).toMatchObject({ expectedUtilization: 0.8, activeHoursPerDay: 10 });
    expect(est.pools.find((x) => x.pool === 'serve')!.expectedNodes).toBeCloseTo(3, 12);
    expect(est.pools.find((x) => x.pool === 'serve')!.expectedMonthlyUsd).toBeCloseTo(3 * 0.8048 * 730, 6);
    expect(est.pools.find((x) => x.pool === 'other')!.expectedNodes).toBe(1);
    // estimate() options replace the platform's field by field.
    expect(p.estimate({ expectedUtilization: 1 }).pools.find((x) => x.pool === 'other')!.expectedNodes).toBe(4);
    expect(p.estimate({ expectedUtilization: 1 }).pools.find((x) => x.pool === 'serve')!.expectedNodes).toBeCloseTo(3, 12);
    expect(p.estimate({ powerUsageEffectiveness: 1.5 }).assumptions).toMatchObject({ powerUsageEffectiveness: 1.5, powerUsageEffectivenessSource: 'given', expectedUtilization: 0.25 });
  });
});

describe('what the estimate cannot price', () => {
  test('a pool provisioned outside the platform, and a team\'s quota there, are listed with the reason', () => {
    const p = awsPlatform();
    const cpu = new ExternalNodePool(p, 'general', { nodeLabels: { 'eks.amazonaws.com/nodegroup': 'general' }, resources: { cpu: '64', memory: '256Gi' } });
    new TeamNamespace(p, 'etl', { quotas: [{ pool: cpu, guaranteed: { cpu: '8', memory: '32Gi' } }] });
    const e = p.estimate();
    expect(e.pools).toEqual([]);
    expect(e.teams).toEqual([]);
    expect(e.unpriced.map((u) => u.subject)).toEqual(['pool general', 'team etl on pool general']);
    expect(e.unpriced[0].reason).toMatch(/outside the platform/);
  });

  test('nothing is guessed: an empty platform costs nothing and saves nothing', () => {
    const e = awsPlatform().estimate();
    expect(e.totals).toEqual({
      floorMonthlyUsd: 0, expectedMonthlyUsd: 0, ceilingMonthlyUsd: 0, onDemandMonthlyUsd: 0, spotMonthlyUsd: 0, fallbackMonthlyUsd: 0, reservedMonthlyUsd: 0,
      storageMonthlyUsd: 0, allocatedMonthlyUsd: 0, idleMonthlyUsd: 0,
    });
    expect(e.savings).toMatchObject({ baselineMonthlyUsd: 0, savingShare: 0 });
    expect(e.energy.kwhPerMonth).toBe(0);
  });

  test('CO2 without a grid intensity for the region is unpriced; energy is still estimated, prices come from us-east-1', () => {
    // il-central-1 (Tel Aviv): the CCF factors have no row for it; the data prices AWS on demand in us-east-1 only.
    const p = new MlPlatform('tel-aviv', {
      cloud: Cloud.aws({ region: 'il-central-1' }),
      cluster: EksCluster.fromAttributes({
        clusterName: 'ml', nodeRoleArn: 'arn:aws:iam::111122223333:role/nodes',
        subnets: [{ subnetId: 'subnet-0aaaaaaaaaaaaaaa1', availabilityZone: 'il-central-1a' }],
      }),
      kubernetesApp: K8sTesting.app(),
      terraformApp: TfTesting.app(),
    });
    new GpuNodePool(p, 'g', { instanceTypes: ['g5.xlarge'], maxNodes: 2 });
    const e = p.estimate();
    expect(e.unpriced).toEqual([{ subject: 'CO2 of aws il-central-1', reason: 'the catalog has no grid carbon intensity for the region' }]);
    expect(e.energy.kwhPerMonth).toBeGreaterThan(0);
    expect(e.energy.kgCo2ePerMonth).toBeUndefined();
    expect(e.pools[0].sources[0]).toMatchObject({ subject: 'g5.xlarge in us-east-1', basis: expect.stringContaining('no price for the pool\'s region') });
  });

  test('an offering without any price is an unpriced pool, and the teams on it are listed', () => {
    const base = Catalog.default().findOfferings(CloudProvider.AWS, 'g6.xlarge')[0];
    const catalog = Catalog.fromData({ offerings: [{ ...base, name: 'g6.private', prices: [], offeredInRegions: ['us-east-1'], notOfferedInRegions: [] }] });
    const p = awsPlatform({ catalog });
    const pool = new GpuNodePool(p, 'private', { instanceTypes: ['g6.private'], maxNodes: 2 });
    new TeamNamespace(p, 'serving', { quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '1' } }] });
    const e = p.estimate();
    expect(e.pools).toEqual([]);
    expect(e.unpriced.map((u) => u.subject)).toEqual(['pool private', 'team serving on pool private']);
    expect(e.unpriced[0].reason).toBe('the catalog has no on-demand price for g6.private in us-east-1 nor in its reference region');
    // Energy needs no price.
    expect(e.energy.pools[0].kwhPerMonth).toBeGreaterThan(0);
  });
});

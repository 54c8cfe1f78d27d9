import { Catalog } from '../../lib/catalog/catalog';
import { Capacity } from '../../lib/core/capacity';
import { CloudProvider } from '../../lib/core/cloud';
import { Quantity } from '../../lib/core/quantity';
import { estimatePlatform } from '../../lib/cost/estimate';
import { resolveCostOptions } from '../../lib/cost/options';
import { SavingLever } from '../../lib/cost/types';
import { CapacityPoolModel, PlatformModel, PoolModel, PoolResourceCapacity } from '../../lib/model/types';
import { TeamNamespace } from '../../lib/scheduling/team-namespace';
import { describeWithData, readDataJson } from '../catalog/shared-data';
import { awsPlatform } from '../support/platforms';

// CPU (and Arm) pools come with another change: in the model they are pools whose offering has no GPU and whose
// nodes provide no GPU resources. The estimate is a pure function of the model, so such a pool is built here by hand.

interface AwsInstances {
  readonly rows: Array<{ readonly instance_type: string; readonly arch: string; readonly on_demand_usd_per_hour: Record<string, number> }>;
}

describeWithData('a CPU pool in the model', () => {
  const raw = readDataJson<AwsInstances>('aws-instances.json').rows;
  const row = (type: string) => raw.find((r) => r.instance_type === type)!;
  const catalog = Catalog.default();

  function model(): PlatformModel {
    const platform = awsPlatform();
    new TeamNamespace(platform, 'etl');
    const base = platform._model();
    const offering = catalog.findOfferings(CloudProvider.AWS, 'c7g.4xlarge')[0];
    const pool: PoolModel = {
      name: 'arm-cpu', offering, instanceTypes: ['c7g.4xlarge'], minNodes: 1, maxNodes: 5, capacity: Capacity.onDemand(), taints: [], labels: {},
      diskSizeGiB: 100, zones: [], compactPlacement: false, efa: false, partitioning: { nodeLabels: {}, perNode: [] }, extendedResources: {}, provided: [],
    };
    // 5 nodes x 16 vCPUs and 32 GiB.
    const capacity: PoolResourceCapacity[] = [{ resourceName: 'cpu', atMaxSize: Quantity.cpu(80) }, { resourceName: 'memory', atMaxSize: Quantity.gibibytes(160) }];
    const capacityPool: CapacityPoolModel = {
      name: 'arm-cpu', taints: [], selectorLabels: {}, nodeLabels: {}, flavorAnnotations: {}, capacity,
      capacityByResource: new Map(capacity.map((c) => [c.resourceName, c])), nodePool: pool,
    };
    const team = {
      ...base.teams[0],
      flavors: [{ pool: 'arm-cpu', capacity: capacityPool.capacityByResource, resources: new Map([
        ['cpu', { nominal: Quantity.cpu(20) }],
        ['memory', { nominal: Quantity.gibibytes(40) }],
      ]) }],
    };
    return {
      ...base, pools: [pool], capacityPools: [capacityPool], capacityPoolsByName: new Map([['arm-cpu', capacityPool]]), teams: [team],
      teamsByName: new Map([['etl', team]]),
    };
  }
  const e = estimatePlatform(model(), catalog, resolveCostOptions(undefined, undefined, '`cost`'));

  test('the node is priced; no GPU figures', () => {
    // aws-instances.json c7g.4xlarge: arm64, 0.58 USD/h in us-east-1. 1 to 5 nodes: expected 1 + 0.5 x 4 = 3.
    expect(row('c7g.4xlarge')).toMatchObject({ arch: 'arm64', on_demand_usd_per_hour: { 'us-east-1': 0.58 } });
    const pool = e.pools[0];
    expect(pool.floorMonthlyUsd).toBeCloseTo(0.58 * 730, 9); // 423.4
    expect(pool.expectedMonthlyUsd).toBeCloseTo(3 * 0.58 * 730, 9); // 1,270.2
    expect(pool.ceilingMonthlyUsd).toBeCloseTo(5 * 0.58 * 730, 9); // 2,117
    expect(pool.gpu).toBeUndefined();
    expect(pool.usdPerGpuHour).toBeUndefined();
    expect(pool.units).toEqual([]);
    expect(pool.gpusPerNode).toBe(0);
  });

  test('showback in cores and GiB: half the node price on each', () => {
    // 80 cores and 160 GiB at max; 0.58 x 5 / (2 x 80) = 0.018125 USD per core-hour, 0.58 x 5 / (2 x 160) = 0.0090625 per GiB-hour.
    // 20 cores and 40 GiB: (20/80 + 40/160) / 2 = a quarter of the pool; 20 x 0.018125 x 730 + 40 x 0.0090625 x 730 = 529.25.
    const line = e.teams[0].pools[0];
    expect(line.resources).toEqual([
      expect.objectContaining({ resourceName: 'cpu', unit: 'core', guaranteed: 20, maxAdmissible: 80 }),
      expect.objectContaining({ resourceName: 'memory', unit: 'GiB', guaranteed: 40, maxAdmissible: 160 }),
    ]);
    expect(line.resources[0].usdPerUnitHour).toBeCloseTo(0.018125, 12);
    expect(line.resources[1].usdPerUnitHour).toBeCloseTo(0.0090625, 12);
    expect(line.share).toBeCloseTo(0.25, 12);
    expect(line.guaranteedMonthlyUsd).toBeCloseTo(529.25, 9);
    expect(line.guaranteedMonthlyUsd + e.idle[0].ceilingMonthlyUsd).toBeCloseTo(5 * 0.58 * 730, 9);
    expect(line.expectedMonthlyUsd + e.idle[0].expectedMonthlyUsd).toBeCloseTo(3 * 0.58 * 730, 9);
  });

  test('right-sizing against the cheapest x86 node at least as large', () => {
    // aws-instances.json c6a.4xlarge: amd64, 16 vCPUs, 32 GiB, 0.612 USD/h (c5a.4xlarge: 0.616). Baseline 5 x 0.612 x 730
    // = 2,233.8; Arm saves 5 x (0.612 - 0.58) x 730 = 116.8; scaling 2 x 0.58 x 730 = 846.8.
    expect(row('c6a.4xlarge').on_demand_usd_per_hour['us-east-1']).toBe(0.612);
    const s = e.savings.pools[0];
    expect(s).toMatchObject({ referenceInstanceType: 'c6a.4xlarge', demandUnits: 5 });
    expect(s.baselineMonthlyUsd).toBeCloseTo(5 * 0.612 * 730, 9);
    const lever = (l: SavingLever) => s.levers.find((x) => x.lever === l)!.monthlyUsd;
    expect(lever(SavingLever.RIGHT_SIZING)).toBeCloseTo(5 * (0.612 - 0.58) * 730, 9);
    expect(lever(SavingLever.SCALE_TO_ZERO)).toBeCloseTo(2 * 0.58 * 730, 9);
    expect(lever(SavingLever.PARTITIONING)).toBe(0);
    expect(s.levers.find((x) => x.lever === SavingLever.RIGHT_SIZING)!.explanation).toContain('/node-hour');
  });

  test('energy counts GPUs only: a CPU pool has none', () => {
    expect(e.energy.pools[0]).toEqual({ pool: 'arm-cpu', gpuHoursPerMonth: 0, boardPowerWatts: 0, kwhPerMonth: 0, kgCo2ePerMonth: 0, sources: [] });
    expect(e.energy.scope).toContain('CPU pools (they have no GPU)');
  });
});

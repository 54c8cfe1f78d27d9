import { Capacity, Catalog, GpuModel, GpuNodePool } from '../../lib';
import { infracostStyle } from '../../lib/cost/anchor';
import { awsPlatform, gcpPlatform, terraformOf } from '../support/platforms';

// The anchor: the cloud layer priced the way Infracost prices it (desired size x the first instance type per node
// group; per-zone count x zones per GKE node pool), from the synthesized Terraform JSON, beside our figures. Prices:
// g6.xlarge 0.8048 and p5.48xlarge 55.04 USD/h on demand (aws-instances.json, us-east-1), p5.48xlarge spot
// 55.04 x (1 - 0.52) = 26.4192; g2-standard-4 0.706832255 USD/h (gcp-gpu-prices.json, us-central1).

describe('the Infracost-style anchor', () => {
  test('EKS: desired size (our minimum) x the first type, on demand even for a spot group behind a launch template', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, gpusPerNode: 1, minNodes: 1, maxNodes: 8 });
    new GpuNodePool(p, 'h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, minNodes: 1, maxNodes: 4, capacity: Capacity.spot() });
    const anchor = infracostStyle(terraformOf(p), Catalog.default());
    expect(anchor.map((l) => [l.name, l.instanceType, l.nodes, l.capacityType])).toEqual([
      ['h100', 'p5.48xlarge', 1, 'on-demand'],
      ['l4', 'g6.xlarge', 1, 'on-demand'],
    ]);
    expect(anchor[1].monthlyUsd).toBeCloseTo(1 * 0.8048 * 730, 9); // 587.504
    expect(anchor[0].monthlyUsd).toBeCloseTo(1 * 55.04 * 730, 9); // 40,179.2
    expect(anchor[0].note).toBe('desired_size 1 x p5.48xlarge, launch template market type not spot');
    // Ours: the same floor for the on-demand group; the spot group at the spot price, and an expected figure and a ceiling.
    const e = p.estimate();
    const ours = (name: string) => e.pools.find((x) => x.pool === name)!;
    expect(ours('l4').floorMonthlyUsd).toBeCloseTo(anchor[1].monthlyUsd!, 9);
    expect(ours('h100').floorMonthlyUsd).toBeCloseTo(1 * 26.4192 * 730, 9); // 19,286.016
    expect(ours('l4').expectedMonthlyUsd).toBeCloseTo(4.5 * 0.8048 * 730, 9);
  });

  test('GKE: the initial count per zone x three zones for a regional pool, x its node locations otherwise', () => {
    const p = gcpPlatform();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, gpusPerNode: 1, minNodes: 1, maxNodes: 6 });
    new GpuNodePool(p, 'l4-two-zones', { gpu: GpuModel.L4, gpusPerNode: 1, minNodes: 2, maxNodes: 6, zones: ['us-central1-a', 'us-central1-b'] });
    const anchor = infracostStyle(terraformOf(p), Catalog.default());
    expect(anchor.map((l) => [l.name, l.nodes, l.note])).toEqual([
      ['l4', 3, '1 per zone x 3 zones (regional location: 3) x g2-standard-4'],
      ['l4-two-zones', 2, '1 per zone x 2 zones (node_locations) x g2-standard-4'],
    ]);
    expect(anchor[0].monthlyUsd).toBeCloseTo(3 * 0.706832255 * 730, 9);
    // Ours: the pool's minimum of 1 node (GKE's autoscaler keeps the total between 1 and 6).
    expect(p.estimate().pools.find((x) => x.pool === 'l4')!.floorMonthlyUsd).toBeCloseTo(1 * 0.706832255 * 730, 9);
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { Testing as K8sTesting } from 'cdk8s';
import { Testing as TfTesting } from 'cdktf';
import { Cloud, ErrorCode, GkeCluster, GpuModel, GpuNodePool, MlPlatform } from '../../lib';
import { existingEks, validationErrorOf } from '../support/platforms';

// Issue 10: region and zone names are checked against the catalog where the platform meets them (the platform's
// region, the cluster's zones or location, pool zones), and an instance type the data shows absent from the region
// is refused with alternatives. Expectations come from the raw data files, read here independently of the catalog.

const DATA = path.resolve(__dirname, '../../../shared/data');
const advisor = JSON.parse(fs.readFileSync(path.join(DATA, 'aws-spot-advisor.json'), 'utf-8')).by_region as Record<string, Record<string, unknown>>;
const gpuPrices = JSON.parse(fs.readFileSync(path.join(DATA, 'gcp-gpu-prices.json'), 'utf-8'));

const aws = (region: string, zones: string[]) => new MlPlatform('geo', {
  cloud: Cloud.aws({ region }),
  cluster: existingEks({ subnets: zones.map((availabilityZone, i) => ({ subnetId: `subnet-0aaaaaaaaaaaaaa${i}1`, availabilityZone })) }),
  kubernetesApp: K8sTesting.app(),
  terraformApp: TfTesting.app(),
});
const gcp = (region: string, location?: string) => new MlPlatform('geo', {
  cloud: Cloud.gcp({ project: 'acme-ml-test', region }),
  cluster: GkeCluster.fromAttributes({ clusterName: 'ml-test', location: location ?? region, nodeServiceAccount: 'nodes@acme-ml-test.iam.gserviceaccount.com' }),
  kubernetesApp: K8sTesting.app(),
  terraformApp: TfTesting.app(),
});

describe('the platform region', () => {
  test.each([
    ['aws', () => aws('us-east-9', ['us-east-9a', 'us-east-9b']), 'us-east-9', 'us-east-1'],
    ['gcp', () => gcp('us-central9'), 'us-central9', 'us-central1'],
  ])('%s: a well-formed name the catalog does not know is REGION_UNKNOWN at the platform, with the closest names', (_cloud, declare, name, closest) => {
    const error = validationErrorOf(declare);
    expect(error.code).toBe(ErrorCode.REGION_UNKNOWN);
    expect(error.constructPath).toBe('geo');
    expect(error.message).toContain(`Received: "${name}"`);
    expect(error.allowed).toContain(closest);
  });

  test('a region of the other cloud is refused by the cloud\'s own name pattern (us-central1 on AWS) before the catalog is asked', () => {
    expect(validationErrorOf(() => Cloud.aws({ region: 'us-central1' })).code).toBe(ErrorCode.CLOUD_INVALID);
  });

  test('known regions of both clouds are accepted (the catalog knows all 43 GCP price regions)', () => {
    expect(() => aws('eu-west-1', ['eu-west-1a', 'eu-west-1b'])).not.toThrow();
    expect(() => gcp('europe-west4')).not.toThrow();
    expect(() => gcp('asia-southeast1')).not.toThrow();
  });
});

describe('cluster zones and locations', () => {
  test('EKS: a node subnet in a zone of another region is ZONE_UNKNOWN, naming both regions', () => {
    const error = validationErrorOf(() => aws('us-east-1', ['us-east-1a', 'us-west-2b']));
    expect(error.code).toBe(ErrorCode.ZONE_UNKNOWN);
    expect(error.constructPath).toBe('geo');
    expect(error.message).toContain('us-west-2');
    expect(error.allowed).toContain('us-east-1a');
  });

  test('EKS: a zone letter the region does not have (eu-west-1 has three zones: a, b, c) is ZONE_UNKNOWN', () => {
    const error = validationErrorOf(() => aws('eu-west-1', ['eu-west-1a', 'eu-west-1f']));
    expect(error.code).toBe(ErrorCode.ZONE_UNKNOWN);
    expect(error.message).toContain('eu-west-1f');
  });

  test('GKE: a cluster located in another region is refused; one in a zone of the region (zonal cluster) is accepted', () => {
    const error = validationErrorOf(() => gcp('us-central1', 'europe-west4'));
    expect(error.code).toBe(ErrorCode.CLUSTER_INVALID);
    expect(error.message).toContain('europe-west4');
    expect(() => gcp('us-central1', 'us-central1-a')).not.toThrow();
  });

  test('GKE: a cluster in a zone its region does not have (europe-west1 has b, c and d) is ZONE_UNKNOWN', () => {
    expect(validationErrorOf(() => gcp('europe-west1', 'europe-west1-a')).code).toBe(ErrorCode.ZONE_UNKNOWN);
  });

  test('GKE pools: a zone outside the zone list, or of another region, is POOL_ZONE_UNKNOWN listing the region\'s zones', () => {
    for (const zone of ['us-central1-z', 'us-east1-b']) {
      const error = validationErrorOf(() => new GpuNodePool(gcp('us-central1'), 'l4', { gpu: GpuModel.L4, maxNodes: 2, zones: [zone] }));
      expect(error.code).toBe(ErrorCode.POOL_ZONE_UNKNOWN);
      expect(error.constructPath).toBe('geo/l4');
      expect(error.allowed).toContain('us-central1-a');
    }
  });
});

describe('instance types offered in the region', () => {
  // The AWS Spot Instance Advisor lists g6.xlarge in 16 regions, not us-west-1 (a region it covers).
  const westOne = Object.keys(advisor['us-west-1']);
  test('the data used here: g6.xlarge is absent from us-west-1 in the advisor, present in us-east-1', () => {
    expect(westOne).not.toContain('g6.xlarge');
    expect(Object.keys(advisor['us-east-1'])).toContain('g6.xlarge');
  });

  test('AWS: an explicit g6.xlarge in us-west-1 is INSTANCE_TYPE_NOT_OFFERED, with regions that offer it and types us-west-1 offers', () => {
    const platform = aws('us-west-1', ['us-west-1a', 'us-west-1b']);
    const error = validationErrorOf(() => new GpuNodePool(platform, 'l4', { instanceTypes: ['g6.xlarge'], maxNodes: 2 }));
    expect(error.code).toBe(ErrorCode.INSTANCE_TYPE_NOT_OFFERED);
    expect(error.constructPath).toBe('geo/l4');
    expect(error.allowed).toContain('us-east-1');
    const alternatives = /types offered in us-west-1: (.*)$/.exec(error.allowed!)![1].split(', ');
    expect(alternatives.length).toBeGreaterThan(0);
    // Every alternative is in the advisor's us-west-1 list and is a GPU type (the advisor lists CPU types too).
    for (const name of alternatives) {
      expect(westOne).toContain(name);
      expect(name).toMatch(/^(g|p)\d/);
    }
  });

  test('AWS: selecting by GPU in us-west-1 never picks a type the advisor does not list there', () => {
    const pool = new GpuNodePool(aws('us-west-1', ['us-west-1a', 'us-west-1b']), 't4', { gpu: GpuModel.T4, maxNodes: 2 });
    expect(westOne).toContain(pool.instanceTypes[0]);
  });

  test('GCP: an explicit a3-highgpu-8g in a region gcloud does not list it for is refused; in one it lists, accepted', () => {
    const row = gpuPrices.machines.find((m: any) => m.machine_type === 'a3-highgpu-8g');
    const offered: string[] = row.offered_in_regions;
    expect(offered).toContain('us-central1');
    expect(offered).not.toContain('southamerica-east1');
    const error = validationErrorOf(() => new GpuNodePool(gcp('southamerica-east1'), 'h100', { instanceTypes: ['a3-highgpu-8g'], maxNodes: 1 }));
    expect(error.code).toBe(ErrorCode.INSTANCE_TYPE_NOT_OFFERED);
    for (const region of offered) expect(error.allowed).toContain(region);
    expect(() => new GpuNodePool(gcp('us-central1'), 'h100', { instanceTypes: ['a3-highgpu-8g'], maxNodes: 1 })).not.toThrow();
  });
});

describe('prices of the platform region', () => {
  test('GCP: a pool in europe-west4 is priced from europe-west4\'s row of gcp-gpu-prices.json, not us-central1\'s', () => {
    const pool = new GpuNodePool(gcp('europe-west4'), 'a100', { instanceTypes: ['a2-highgpu-1g'], maxNodes: 1 });
    const row = gpuPrices.machines.find((m: any) => m.machine_type === 'a2-highgpu-1g');
    const onDemand = row.prices_by_region['europe-west4'].on_demand; // 3.747972 in the data
    expect(pool.selection.price!.usdPerHour).toBe(onDemand);
    expect(pool.selection.price!.priceRegion).toBe('europe-west4');
    expect(pool.selection.price!.estimatedFromOtherRegion).toBe(false);
    expect(onDemand).not.toBe(row.prices_by_region['us-central1'].on_demand); // 3.673385
  });
});

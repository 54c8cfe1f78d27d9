import { Catalog } from '../../lib/catalog/catalog';
import { InstanceOffering, OfferingStatus } from '../../lib/catalog/types';
import { CapacityType } from '../../lib/core/capacity';
import { CloudProvider } from '../../lib/core/cloud';
import { ErrorCode } from '../../lib/core/errors';
import { GpuModel } from '../../lib/core/gpu-model';
import { catchValidationError } from '../core/expect-validation-error';
import {
  AwsAllInstancesFile, AwsSpotAdvisorFile, DATA_DIR, GcpCpuMachinesFile, GcpGpuPricesFile, GcpMachinesFile, RegionsFile, describeWithData, readDataJson,
} from './shared-data';

describeWithData('availability of instance types by region', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const aws = readDataJson<AwsAllInstancesFile>('aws-instances.json');
  const advisor = readDataJson<AwsSpotAdvisorFile>('aws-spot-advisor.json');
  const gpuPrices = readDataJson<GcpGpuPricesFile>('gcp-gpu-prices.json');
  const cpu = readDataJson<GcpCpuMachinesFile>('gcp-machines.json');
  const legacy = readDataJson<GcpMachinesFile>('gcp-gpu-machines.json');
  const regions = readDataJson<RegionsFile>('regions.json');

  /** The status the documented evidence gives, computed here from the raw files. */
  function awsExpected(type: string, region: string): OfferingStatus {
    if (advisor.by_region[region]?.[type] || aws.prices_by_region[region]?.[type] !== undefined) return OfferingStatus.OFFERED;
    const listedSomewhere = Object.values(advisor.by_region).some((m) => type in m);
    return advisor.regions_covered.includes(region) && listedSomewhere ? OfferingStatus.NOT_OFFERED : OfferingStatus.UNKNOWN;
  }
  const knownGcp = new Set([...regions.gcp.map((r) => r.region), ...cpu.prices_by_region_info.regions]);
  function gcpExpected(o: InstanceOffering, region: string): OfferingStatus {
    const bundled = gpuPrices.machines.find((m) => m.machine_type === o.name);
    const attachable = gpuPrices.attachable_gpus.find((g) => g.accelerator_type === o.acceleratorType);
    const list = o.name.startsWith('n1-') ? attachable?.offered_in_regions : bundled?.offered_in_regions;
    if (list) return list.includes(region) ? OfferingStatus.OFFERED : knownGcp.has(region) ? OfferingStatus.NOT_OFFERED : OfferingStatus.UNKNOWN;
    if (cpu.prices_by_region[region]?.[o.name]) return OfferingStatus.OFFERED;
    const uncertain = cpu.prices_by_region_info.excluded_understated.some((e) => e.machine_type === o.name && e.region === region);
    return cpu.prices_by_region_info.regions.includes(region) && !uncertain ? OfferingStatus.NOT_OFFERED : OfferingStatus.UNKNOWN;
  }

  const AWS_REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-6', 'us-gov-west-1', 'cn-north-1', 'mars-north-1'];
  test.each(AWS_REGIONS)('aws, every type in %s: offered where the advisor lists it or it is priced, not offered where the advisor covers the region '
    + 'and lists it elsewhere only, unknown otherwise', (region) => {
    const wrong = catalog.offerings(CloudProvider.AWS)
      .map((o) => ({ name: o.name, got: catalog.availability(o, region).status, want: awsExpected(o.name, region) }))
      .filter((x) => x.got !== x.want);
    expect(wrong).toEqual([]);
  });

  const GCP_REGIONS = ['us-central1', 'europe-west1', 'europe-west4', 'asia-southeast3', 'africa-south1', 'us-east2', 'mars-north1'];
  test.each(GCP_REGIONS)('gcp, every type in %s: GPU types by the gcloud lists, CPU types by the billing price list', (region) => {
    const wrong = catalog.offerings(CloudProvider.GCP)
      .map((o) => ({ name: `${o.name} ${o.acceleratorType ?? ''}`, got: catalog.availability(o, region).status, want: gcpExpected(o, region) }))
      .filter((x) => x.got !== x.want);
    expect(wrong).toEqual([]);
  });

  test('the statuses are not all alike: the data yields offered, not offered and unknown', () => {
    const statuses = new Set([...AWS_REGIONS.flatMap((r) => catalog.offerings(CloudProvider.AWS).map((o) => catalog.availability(o, r).status))]);
    expect([...statuses].sort()).toEqual([OfferingStatus.NOT_OFFERED, OfferingStatus.OFFERED, OfferingStatus.UNKNOWN].sort());
  });

  test('a2-highgpu-1g: priced in europe-west1 but not offered there (gcloud list); the refusal names where it is and what is offered', () => {
    const row = gpuPrices.machines.find((m) => m.machine_type === 'a2-highgpu-1g')!;
    expect(row.prices_by_region['europe-west1']).toBeDefined();
    expect(row.offered_in_regions).not.toContain('europe-west1');
    const a = catalog.offeredIn(CloudProvider.GCP, 'a2-highgpu-1g', 'europe-west1');
    expect(a.status).toBe(OfferingStatus.NOT_OFFERED);
    expect(a.evidence).toContain('gcloud');
    expect(a.offeredInRegions).toEqual([...row.offered_in_regions].sort());

    const alternatives = catalog.closestOffered(CloudProvider.GCP, 'a2-highgpu-1g', 'europe-west1');
    expect(alternatives.length).toBe(3);
    for (const o of alternatives) {
      expect(o.gpuCount).toBeGreaterThan(0);
      expect(gcpExpected(o, 'europe-west1')).toBe(OfferingStatus.OFFERED);
    }
    const err = catchValidationError(() => catalog.assertOffered(CloudProvider.GCP, 'a2-highgpu-1g', 'europe-west1'));
    expect(err.code).toBe(ErrorCode.INSTANCE_TYPE_NOT_OFFERED);
    expect(err.allowed).toContain(`regions offering it: ${a.offeredInRegions.join(', ')}`);
    expect(err.allowed).toContain(`types offered in europe-west1: ${alternatives.map((o) => o.name).join(', ')}`);
    expect(err.detail).toBe(a.evidence);
  });

  test('closest offered alternatives of a GPU type: the same GPU model first, then the nearest GPU count', () => {
    // a2-ultragpu-8g (8 x A100 80GB) in a region that offers other A100 80GB shapes but not ... whichever: computed from the data.
    const like = catalog.findOfferings(CloudProvider.GCP, 'a2-ultragpu-8g')[0];
    const region = 'us-central1';
    const alternatives = catalog.closestOffered(CloudProvider.GCP, like.name, region, 5);
    const sameModel = catalog.offerings(CloudProvider.GCP)
      .filter((o) => o !== like && o.gpu === like.gpu && catalog.availability(o, region).status === OfferingStatus.OFFERED);
    expect(sameModel.length).toBeGreaterThan(0);
    expect(alternatives.slice(0, sameModel.length).map((o) => o.name).sort()).toEqual(sameModel.map((o) => o.name).sort());
    // Nearest GPU count first among them: a2-ultragpu-4g before -2g before -1g.
    expect(alternatives.slice(0, 3).map((o) => o.name)).toEqual(['a2-ultragpu-4g', 'a2-ultragpu-2g', 'a2-ultragpu-1g']);
  });

  test('closest offered alternatives of a CPU type are CPU types of the same architecture, nearest in size', () => {
    const like = catalog.findOfferings(CloudProvider.GCP, 'c4a-standard-8')[0];
    const alternatives = catalog.closestOffered(CloudProvider.GCP, like.name, 'us-central1', 3);
    expect(alternatives.map((o) => [o.gpuCount, o.architecture, o.vcpus])).toEqual(alternatives.map(() => [0, 'arm64', 8]));
  });

  test('aws g6.xlarge: listed by the advisor in us-west-2 (offered); in a covered region that does not list it: not offered, with alternatives', () => {
    const notListed = advisor.regions_covered.find((r) => !advisor.by_region[r]['g6.xlarge'] && aws.prices_by_region[r]?.['g6.xlarge'] === undefined)!;
    expect(advisor.by_region['us-west-2']['g6.xlarge']).toBeDefined();
    expect(catalog.offeredIn(CloudProvider.AWS, 'g6.xlarge', 'us-west-2').status).toBe(OfferingStatus.OFFERED);
    const a = catalog.offeredIn(CloudProvider.AWS, 'g6.xlarge', notListed);
    expect(a.status).toBe(OfferingStatus.NOT_OFFERED);
    expect(a.evidence).toContain('Spot Instance Advisor');
    const alternatives = catalog.closestOffered(CloudProvider.AWS, 'g6.xlarge', notListed);
    for (const o of alternatives) expect(awsExpected(o.name, notListed)).toBe(OfferingStatus.OFFERED);
    expect(catchValidationError(() => catalog.assertOffered(CloudProvider.AWS, 'g6.xlarge', notListed)).code).toBe(ErrorCode.INSTANCE_TYPE_NOT_OFFERED);
  });

  test('aws p5.4xlarge is in no advisor region: offered in us-east-1 (priced), unknown elsewhere, and never refused there', () => {
    expect(Object.values(advisor.by_region).some((m) => 'p5.4xlarge' in m)).toBe(false);
    expect(catalog.offeredIn(CloudProvider.AWS, 'p5.4xlarge', 'us-east-1').status).toBe(OfferingStatus.OFFERED);
    expect(catalog.offeredIn(CloudProvider.AWS, 'p5.4xlarge', 'eu-west-1').status).toBe(OfferingStatus.UNKNOWN);
    expect(catalog.assertOffered(CloudProvider.AWS, 'p5.4xlarge', 'eu-west-1').status).toBe(OfferingStatus.UNKNOWN);
  });

  test('gcp n1-standard-8 carries a T4 or a V100: offered where either accelerator is', () => {
    const t4 = gpuPrices.attachable_gpus.find((g) => g.accelerator_type === 'nvidia-tesla-t4')!.offered_in_regions;
    const v100 = gpuPrices.attachable_gpus.find((g) => g.accelerator_type === 'nvidia-tesla-v100')!.offered_in_regions;
    const t4Only = t4.find((r) => !v100.includes(r))!;
    expect(catalog.offeredIn(CloudProvider.GCP, 'n1-standard-8', t4Only).status).toBe(OfferingStatus.OFFERED);
    expect(catalog.availability(catalog.findOfferings(CloudProvider.GCP, 'n1-standard-8', GpuModel.V100_16GB)[0], t4Only).status).toBe(OfferingStatus.NOT_OFFERED);
    expect(legacy.machines.some((m) => m.machine_type === 'n1-standard-8')).toBe(true);
  });

  test('unknown types and regions are UNKNOWN, never a refusal; assertOffered refuses an unknown type with the closest names', () => {
    expect(catalog.offeredIn(CloudProvider.AWS, 'p9.huge', 'us-east-1')).toMatchObject({ status: OfferingStatus.UNKNOWN, offeredInRegions: [] });
    expect(catalog.offeredIn(CloudProvider.AWS, 'p5.48xlarge', 'mars-north-1').evidence).toContain('not a aws region the catalog knows');
    const err = catchValidationError(() => catalog.assertOffered(CloudProvider.AWS, 'p5.48xl', 'us-east-1'));
    expect(err.code).toBe(ErrorCode.UNKNOWN_INSTANCE_TYPE);
    expect(err.allowed).toContain('p5.48xlarge');
    expect(catalog.closestOffered(CloudProvider.AWS, 'p5.48xl', 'us-east-1', 1).map((o) => o.name)).toEqual(['p5.48xlarge']);
  });

  test('match() never picks a type known not to be offered in the region, though the data prices it there', () => {
    const region = 'europe-west1';
    const choices = catalog.match(CloudProvider.GCP, region, { gpu: GpuModel.A100_40GB }, CapacityType.ON_DEMAND);
    const pricedNotOffered = gpuPrices.machines.filter((m) => m.accelerator_type === 'nvidia-tesla-a100' && m.prices_by_region[region] && !m.offered_in_regions.includes(region));
    expect(pricedNotOffered.length).toBeGreaterThan(0);
    for (const m of pricedNotOffered) expect(choices.map((c) => c.offering.name)).not.toContain(m.machine_type);
    for (const c of choices) expect(gcpExpected(c.offering, region)).not.toBe(OfferingStatus.NOT_OFFERED);
  });
});

import { Catalog } from '../../lib/catalog/catalog';
import { InstanceRequirements } from '../../lib/catalog/types';
import { CapacityType } from '../../lib/core/capacity';
import { CloudProvider } from '../../lib/core/cloud';
import { Architecture } from '../../lib/core/gpu-model';
import { AwsAllInstancesFile, AwsSpotAdvisorFile, DATA_DIR, GcpCpuMachinesFile, describeWithData, readDataJson } from './shared-data';

interface Candidate { readonly name: string; readonly usd: number }

/** The cheapest candidate, ties broken by name: written here, from the raw rows, not with the library's code. */
function cheapest(candidates: Candidate[]): Candidate {
  return candidates.reduce((a, b) => (b.usd < a.usd || (b.usd === a.usd && b.name < a.name) ? b : a));
}

describeWithData('CPU and Arm types (right-sizing)', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const aws = readDataJson<AwsAllInstancesFile>('aws-instances.json');
  const advisor = readDataJson<AwsSpotAdvisorFile>('aws-spot-advisor.json');
  const gcp = readDataJson<GcpCpuMachinesFile>('gcp-machines.json');
  const cpuOnly = (req: Omit<InstanceRequirements, 'gpusPerNode'>): InstanceRequirements => ({ ...req, gpusPerNode: 0 });

  const awsCpuRows = aws.rows.filter((r) => r.in_karpenter_specs && !r.gpu_name && !r.accelerator_count);
  function awsCheapest(arch: string, vcpus: number, memory: number, spot: boolean): Candidate {
    return cheapest(awsCpuRows
      .filter((r) => r.arch === arch && r.vcpu! >= vcpus && r.memory_gib! >= memory && aws.prices_by_region['us-east-1'][r.instance_type] !== undefined)
      .filter((r) => !spot || advisor.by_region['us-east-1'][r.instance_type])
      .map((r) => {
        const od = aws.prices_by_region['us-east-1'][r.instance_type];
        return { name: r.instance_type, usd: spot ? od * (1 - advisor.by_region['us-east-1'][r.instance_type].savings_pct / 100) : od };
      }));
  }

  test.each<[string, number, number, boolean]>([
    [Architecture.ARM64, 4, 16, false],
    [Architecture.ARM64, 2, 4, true],
    [Architecture.AMD64, 8, 32, false],
    [Architecture.AMD64, 16, 64, true],
  ])('aws us-east-1: the cheapest %s type with >= %d vCPUs and >= %d GiB (spot: %s) is the data\'s cheapest', (arch, vcpus, memory, spot) => {
    const expected = awsCheapest(arch, vcpus, memory, spot);
    const choices = catalog.match(CloudProvider.AWS, 'us-east-1', cpuOnly({ architecture: arch as Architecture, minVcpus: vcpus, minMemoryGiB: memory }),
      spot ? CapacityType.SPOT : CapacityType.ON_DEMAND);
    expect(choices[0].offering.name).toBe(expected.name);
    expect(choices[0].price.usdPerHour).toBeCloseTo(expected.usd, 6);
    for (const c of choices) expect(c.offering).toMatchObject({ gpuCount: 0, gpu: undefined, architecture: arch });
  });

  test.each<[string, string, number, number, boolean]>([
    ['us-central1', Architecture.ARM64, 4, 16, false],
    ['europe-west4', Architecture.ARM64, 8, 32, true],
    ['asia-northeast1', Architecture.AMD64, 2, 8, false],
    ['us-central1', Architecture.AMD64, 32, 128, true],
  ])('gcp %s: the cheapest %s type with >= %d vCPUs and >= %d GiB (spot: %s) is that region\'s cheapest in gcp-machines.json', (region, arch, vcpus, memory, spot) => {
    const prices = gcp.prices_by_region[region];
    const expected = cheapest(gcp.rows
      .filter((r) => r.arch === arch && r.vcpu !== null && r.vcpu >= vcpus && r.memory_gib! >= memory && prices[r.machine_type])
      .map((r) => ({ name: r.machine_type, usd: spot ? prices[r.machine_type].spot : prices[r.machine_type].on_demand })));
    const choices = catalog.match(CloudProvider.GCP, region, cpuOnly({ architecture: arch as Architecture, minVcpus: vcpus, minMemoryGiB: memory }),
      spot ? CapacityType.SPOT : CapacityType.ON_DEMAND);
    expect(choices[0].offering.name).toBe(expected.name);
    expect(choices[0].price).toMatchObject({ usdPerHour: expected.usd, priceRegion: region, estimatedFromOtherRegion: false });
  });

  test('Arm types are there on both clouds (Graviton; Ampere/Axion t2a, c4a, n4a)', () => {
    const arm = (cloud: CloudProvider) => catalog.offerings(cloud).filter((o) => o.gpuCount === 0 && o.architecture === Architecture.ARM64);
    expect(arm(CloudProvider.AWS).length).toBe(awsCpuRows.filter((r) => r.arch === 'arm64').length);
    expect(new Set(arm(CloudProvider.GCP).map((o) => o.name.split('-')[0]))).toEqual(new Set(['c4a', 'n4a', 't2a']));
  });

  test.each([CloudProvider.AWS, CloudProvider.GCP])('%s: GPU selection keeps GPU-only semantics (default minGpusPerNode 1)', (cloud) => {
    const region = cloud === CloudProvider.AWS ? 'us-east-1' : 'us-central1';
    // GCP has no Arm GPU type: an Arm GPU request matches nothing there (and no Arm CPU type sneaks in).
    expect(catalog.match(cloud, region, { architecture: Architecture.ARM64 }, CapacityType.ON_DEMAND).length > 0).toBe(cloud === CloudProvider.AWS);
    for (const req of [{}, { minVcpus: 2 }, { minMemoryGiB: 1 }]) {
      const choices = catalog.match(cloud, region, req, CapacityType.ON_DEMAND);
      expect(choices.length).toBeGreaterThan(0);
      for (const c of choices) {
        expect(c.offering.gpuCount).toBeGreaterThan(0);
        expect(c.offering.gpu).toBeDefined();
      }
    }
  });

  test('minGpusPerNode: 0 admits both; gpusPerNode: 0 only CPU types', () => {
    const both = catalog.match(CloudProvider.AWS, 'us-east-1', { minGpusPerNode: 0 }, CapacityType.ON_DEMAND);
    expect(both.some((c) => c.offering.gpuCount === 0)).toBe(true);
    expect(both.some((c) => c.offering.gpuCount > 0)).toBe(true);
    const cpu = catalog.match(CloudProvider.AWS, 'us-east-1', { gpusPerNode: 0 }, CapacityType.ON_DEMAND);
    expect(cpu.length).toBe(both.filter((c) => c.offering.gpuCount === 0).length);
  });

  test('the GPU model list is unchanged by CPU types', () => {
    expect(catalog.gpuModels(CloudProvider.AWS).map((m) => m.id)).toEqual(
      ['t4', 't4g', 'l4', 'a10g', 'l40s', 'v100-16gb', 'v100-32gb', 'a100-40gb', 'a100-80gb', 'h100-80gb', 'h200-141gb']);
  });
});

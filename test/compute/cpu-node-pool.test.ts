import * as fs from 'fs';
import * as path from 'path';
import { Testing as K8sTesting } from 'cdk8s';
import { Testing as TfTesting } from 'cdktf';
import {
  Architecture, Capacity, Cloud, CpuNodePool, ErrorCode, GkeCluster, GpuModel, GpuNodePool, MlPlatform, PlatformLabels, Scheduler, TaintEffect, TeamNamespace,
} from '../../lib';
import { awsPlatform, existingEks, gcpPlatform, kubernetesOf, objectNamed, resources, resourceWhere, terraformOf, validationErrorOf } from '../support/platforms';

// Expectations are computed here from the raw data files, independently of the catalog: the cheapest CPU-only type
// that meets the requirements, not burstable, in the platform's region.

const DATA = path.resolve(__dirname, '../../../shared/data');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(DATA, file), 'utf-8'));
const awsData = read('aws-instances.json');
const advisor = read('aws-spot-advisor.json').by_region as Record<string, Record<string, unknown>>;
const gcpData = read('gcp-machines.json');
const gcpGpu = read('gcp-gpu-prices.json');
const awsGpu = read('aws-gpu-instances.json').instances as any[];

interface Row { name: string; vcpu: number; memory: number; arch: string; price: number }

/** AWS CPU-only rows priced in us-east-1, not T (burstable), offered there per the advisor when it lists the type anywhere. */
function awsCpuRows(): Row[] {
  const listedSomewhere = new Set(Object.values(advisor).flatMap((r) => Object.keys(r)));
  const prices = awsData.prices_by_region['us-east-1'];
  return (awsData.rows as any[])
    .filter((r) => r.gpu_count === 0 && (r.accelerator_count ?? 0) === 0 && prices[r.instance_type] !== undefined && r.category !== 't')
    .filter((r) => !listedSomewhere.has(r.instance_type) || advisor['us-east-1'][r.instance_type] !== undefined)
    .map((r) => ({ name: r.instance_type, vcpu: r.vcpu, memory: r.memory_gib, arch: r.arch, price: prices[r.instance_type] }));
}

/** GCP CPU machine types with an on-demand price in the region, not shared-core. */
function gcpCpuRows(region: string): Row[] {
  const shapes = new Map<string, any>((gcpData.rows ?? gcpData.machines).map((m: any) => [m.machine_type, m]));
  const prices = gcpData.prices_by_region[region] as Record<string, { on_demand?: number }>;
  return Object.entries(prices)
    .filter(([name, p]) => p.on_demand !== undefined && shapes.has(name) && !/^(e2-(micro|small|medium)|f1-micro|g1-small)$/.test(name))
    .map(([name, p]) => ({ name, vcpu: shapes.get(name).vcpu, memory: shapes.get(name).memory_gib, arch: shapes.get(name).arch, price: p.on_demand! }));
}

const cheapest = (rows: Row[], minVcpus: number, minMemory: number, arch?: string) => rows
  .filter((r) => r.vcpu >= minVcpus && r.memory >= minMemory && (arch === undefined || r.arch === arch))
  .sort((a, b) => a.price - b.price || (a.name < b.name ? -1 : 1))[0];

const gcpIn = (region: string) => new MlPlatform('geo', {
  cloud: Cloud.gcp({ project: 'acme-ml-test', region }),
  cluster: GkeCluster.fromAttributes({ clusterName: 'ml-test', location: region, nodeServiceAccount: 'nodes@acme-ml-test.iam.gserviceaccount.com' }),
  kubernetesApp: K8sTesting.app(),
  terraformApp: TfTesting.app(),
});

describe('the cheapest fitting CPU type, checked against the raw data', () => {
  test.each([
    [4, 16, 'arm64'], [4, 16, undefined], [16, 64, 'arm64'], [2, 8, 'amd64'], [32, 256, undefined],
  ])('AWS us-east-1: >= %d vCPU, >= %d GiB, %s', (vcpus, memory, arch) => {
    const expected = cheapest(awsCpuRows(), vcpus, memory, arch);
    const pool = new CpuNodePool(awsPlatform(), 'cpu', {
      requirements: { minVcpus: vcpus, minMemoryGiB: memory, architecture: arch as Architecture | undefined }, maxNodes: 4,
    });
    expect(pool.instanceTypes).toEqual([expected.name]);
    expect(pool.selection.price!.usdPerHour).toBe(expected.price);
    expect(pool.offering.gpu).toBeUndefined();
  });

  test.each([
    ['us-central1', 4, 16, 'arm64'], ['us-central1', 8, 32, 'amd64'], ['europe-west4', 4, 16, 'arm64'], ['asia-southeast1', 16, 64, undefined],
  ])('GCP %s: >= %d vCPU, >= %d GiB, %s — priced from that region\'s row', (region, vcpus, memory, arch) => {
    const expected = cheapest(gcpCpuRows(region), vcpus, memory, arch);
    const pool = new CpuNodePool(gcpIn(region), 'cpu', {
      requirements: { minVcpus: vcpus, minMemoryGiB: memory, architecture: arch as Architecture | undefined }, maxNodes: 4,
    });
    expect(pool.instanceTypes).toEqual([expected.name]);
    expect(pool.selection.price!.usdPerHour).toBe(expected.price);
    expect(pool.selection.price!.priceRegion).toBe(region);
  });

  test('burstable types are left out unless allowed: t4g is the cheapest 4 vCPU / 16 GiB Arm node in the data', () => {
    const prices = awsData.prices_by_region['us-east-1'];
    expect(prices['t4g.xlarge']).toBeLessThan(cheapest(awsCpuRows(), 4, 16, 'arm64').price);
    const requirements = { minVcpus: 4, minMemoryGiB: 16, architecture: Architecture.ARM64 };
    expect(new CpuNodePool(awsPlatform(), 'a', { requirements, maxNodes: 1 }).instanceTypes[0]).not.toMatch(/^t/);
    expect(new CpuNodePool(awsPlatform(), 'b', { requirements, maxNodes: 1, allowBurstable: true }).instanceTypes).toEqual(['t4g.xlarge']);
    expect(new CpuNodePool(gcpPlatform(), 'c', { requirements: { minVcpus: 1, minMemoryGiB: 1 }, maxNodes: 1 }).instanceTypes[0])
      .not.toMatch(/^(e2-(micro|small|medium)|f1-micro|g1-small)$/);
  });

  test('spot capacity picks by spot price', () => {
    const pool = new CpuNodePool(gcpPlatform(), 'cpu', { requirements: { minVcpus: 4, minMemoryGiB: 16 }, maxNodes: 4, capacity: Capacity.spot() });
    const prices = gcpData.prices_by_region['us-central1'] as Record<string, { spot?: number }>;
    const shapes = new Map<string, any>((gcpData.rows ?? gcpData.machines).map((m: any) => [m.machine_type, m]));
    const best = Object.entries(prices)
      .filter(([n, p]) => p.spot !== undefined && shapes.has(n) && !/^(e2-(micro|small|medium))$/.test(n))
      .filter(([n]) => shapes.get(n).vcpu >= 4 && shapes.get(n).memory_gib >= 16)
      .sort(([a, p], [b, q]) => p.spot! - q.spot! || (a < b ? -1 : 1))[0];
    expect(pool.instanceTypes).toEqual([best[0]]);
    expect(pool.selection.price!.usdPerHour).toBe(best[1].spot);
  });

  test('a spot CPU pool carries the spot taint, which its flavor lists for workloads to tolerate themselves', () => {
    const p = awsPlatform();
    const pool = new CpuNodePool(p, 'cpu-spot', { requirements: { minVcpus: 4, minMemoryGiB: 16 }, maxNodes: 4, capacity: Capacity.spot() });
    const spotTaint = { key: 'ml-platform-cdk.io/capacity-type', value: 'spot', effect: 'NoSchedule' };
    expect(pool.taints).toEqual([spotTaint]);
    const group = resourceWhere(terraformOf(p), 'aws_eks_node_group', 'node_group_name', 'cpu-spot');
    expect(group.capacity_type).toBe('SPOT');
    expect(group.taint).toEqual([{ key: 'ml-platform-cdk.io/capacity-type', value: 'spot', effect: 'NO_SCHEDULE' }]);
    const flavor = objectNamed(kubernetesOf(p), 'ResourceFlavor', 'cpu-spot');
    expect(flavor.spec.nodeTaints).toEqual([spotTaint]);
    expect(flavor.spec.tolerations).toBeUndefined();
  });
});

describe('what a CPU node saves against the cheapest GPU node that would fit', () => {
  test('AWS: against the cheapest GPU type with at least the CPU node\'s vCPUs and memory, computed from aws-gpu-instances.json', () => {
    const pool = new CpuNodePool(awsPlatform(), 'cpu', { requirements: { minVcpus: 4, minMemoryGiB: 16, architecture: Architecture.ARM64 }, maxNodes: 4 });
    const cpu = pool.selection.price!.usdPerHour;
    const gpu = awsGpu
      .filter((r) => r.on_demand_usd_per_hour && r.gpu_count >= 1 && r.vcpu >= pool.offering.vcpus && r.memory_gib >= pool.offering.memoryGiB)
      .sort((a, b) => a.on_demand_usd_per_hour - b.on_demand_usd_per_hour || (a.instance_type < b.instance_type ? -1 : 1))[0];
    const comparison = pool.comparedWithGpuNode()!;
    expect(comparison.gpuInstanceType).toBe(gpu.instance_type);
    expect(comparison.gpuUsdPerHour).toBe(gpu.on_demand_usd_per_hour);
    expect(comparison.cpuUsdPerHour).toBe(cpu);
    expect(comparison.savingUsdPerHour).toBeCloseTo(gpu.on_demand_usd_per_hour - cpu, 10);
    expect(comparison.savingPercent).toBeCloseTo(((gpu.on_demand_usd_per_hour - cpu) / gpu.on_demand_usd_per_hour) * 100, 10);
    expect(comparison.savingUsdPerNodeMonth).toBeCloseTo((gpu.on_demand_usd_per_hour - cpu) * 730, 8);
  });

  test('the figures of the README example: m6g.xlarge at $0.154/h against g4dn.xlarge at $0.526/h saves $0.372/h, 70.7%, $271.56 a node-month', () => {
    const pool = new CpuNodePool(awsPlatform(), 'cpu', { requirements: { minVcpus: 4, minMemoryGiB: 16, architecture: Architecture.ARM64 }, maxNodes: 4 });
    // Rows: aws-instances.json us-east-1 m6g.xlarge 0.154; aws-gpu-instances.json g4dn.xlarge 0.526 (4 vCPU, 16 GiB, one T4).
    expect(awsData.prices_by_region['us-east-1']['m6g.xlarge']).toBe(0.154);
    expect(awsGpu.find((r) => r.instance_type === 'g4dn.xlarge').on_demand_usd_per_hour).toBe(0.526);
    const c = pool.comparedWithGpuNode()!;
    expect([pool.instanceTypes[0], c.gpuInstanceType]).toEqual(['m6g.xlarge', 'g4dn.xlarge']);
    expect(c.savingUsdPerHour).toBeCloseTo(0.372, 10);
    expect(c.savingPercent).toBeCloseTo(70.722, 3);
    expect(c.savingUsdPerNodeMonth).toBeCloseTo(271.56, 8);
  });

  test('GCP: against the cheapest GPU machine type in the region (gcp-gpu-prices.json, us-central1)', () => {
    const pool = new CpuNodePool(gcpPlatform(), 'cpu', { requirements: { minVcpus: 4, minMemoryGiB: 16, architecture: Architecture.ARM64 }, maxNodes: 4 });
    // Bundled-GPU families of the GPU models the library knows (A100, H100, L4); the g4 family's RTX PRO 6000 has no
    // GpuModel. N1 machines with an attached T4 are dearer here (n1-standard-8 + T4: $0.73/h in the catalog).
    const bundled = (gcpGpu.machines as any[])
      .filter((m) => ['a2', 'a3', 'g2'].includes(m.family) && m.prices_by_region?.['us-central1']?.on_demand !== undefined)
      .filter((m) => m.vcpu >= pool.offering.vcpus && m.memory_gib >= pool.offering.memoryGiB)
      .map((m) => ({ name: m.machine_type, price: m.prices_by_region['us-central1'].on_demand as number }))
      .sort((a, b) => a.price - b.price)[0];
    const c = pool.comparedWithGpuNode()!;
    expect(c.gpuInstanceType).toBe(bundled.name);
    expect(c.gpuUsdPerHour).toBe(bundled.price);
    expect(c.savingUsdPerHour).toBeCloseTo(bundled.price - pool.selection.price!.usdPerHour, 10);
  });
});

describe('rendering', () => {
  test('EKS: a managed node group with the standard AL2023 AMI of its architecture, no GPU operator for CPU-only platforms', () => {
    const p = awsPlatform();
    new CpuNodePool(p, 'serve-arm', { requirements: { minVcpus: 4, minMemoryGiB: 16, architecture: Architecture.ARM64 }, maxNodes: 6, minNodes: 1 });
    new CpuNodePool(p, 'prep-x86', { requirements: { minVcpus: 8, minMemoryGiB: 32, architecture: Architecture.AMD64 }, maxNodes: 3 });
    const tf = terraformOf(p);
    const arm = resourceWhere(tf, 'aws_eks_node_group', 'node_group_name', 'serve-arm');
    const x86 = resourceWhere(tf, 'aws_eks_node_group', 'node_group_name', 'prep-x86');
    expect(arm.ami_type).toBe('AL2023_ARM_64_STANDARD');
    expect(x86.ami_type).toBe('AL2023_x86_64_STANDARD');
    expect(arm.scaling_config).toEqual({ min_size: 1, desired_size: 1, max_size: 6 });
    expect(arm.taint).toEqual([]);
    expect(arm.labels).toEqual({ [PlatformLabels.POOL]: 'serve-arm', [PlatformLabels.CAPACITY_TYPE]: 'on-demand' });
    expect(resourceWhere(tf, 'aws_launch_template', 'name', 'ml-test-serve-arm').description).toBe('CPU pool serve-arm (arm64)');
    expect(resources(tf, 'aws_autoscaling_group_tag')).toEqual([]);
    const objects = kubernetesOf(p);
    expect(objects.filter((o) => o.kind === 'ClusterPolicy' || o.metadata?.namespace === 'gpu-operator')).toEqual([]);
    const flavor = objectNamed(objects, 'ResourceFlavor', 'serve-arm');
    expect(flavor.spec).toEqual({ nodeLabels: { [PlatformLabels.POOL]: 'serve-arm' } });
  });

  test('EKS: the GPU operator tolerates the GPU pools\' taints only, not a CPU pool\'s', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
    new CpuNodePool(p, 'cpu', { requirements: { minVcpus: 4 }, maxNodes: 2, taints: [{ key: 'example.com/cpu-only', value: 'true', effect: TaintEffect.NO_SCHEDULE }] });
    const policy = objectNamed(kubernetesOf(p), 'ClusterPolicy', 'cluster-policy');
    expect(JSON.stringify(policy)).not.toContain('example.com/cpu-only');
    expect(JSON.stringify(policy)).toContain('nvidia.com/gpu');
  });

  test('GKE: a node pool without accelerators; an Arm pool\'s flavor tolerates the arch taint GKE puts on Arm nodes', () => {
    const p = gcpPlatform();
    new CpuNodePool(p, 'serve-arm', { requirements: { minVcpus: 4, minMemoryGiB: 16, architecture: Architecture.ARM64 }, maxNodes: 6 });
    new CpuNodePool(p, 'prep-x86', { requirements: { minVcpus: 4, minMemoryGiB: 16, architecture: Architecture.AMD64 }, maxNodes: 6 });
    const tf = terraformOf(p);
    const arm = resourceWhere(tf, 'google_container_node_pool', 'name', 'serve-arm');
    expect(arm.node_config.guest_accelerator).toBeUndefined();
    expect(arm.node_config.machine_type).toBe(p.cpuPools.find((x) => x.poolName === 'serve-arm')!.instanceTypes[0]);
    const objects = kubernetesOf(p);
    expect(objectNamed(objects, 'ResourceFlavor', 'serve-arm').spec.tolerations)
      .toEqual([{ key: 'kubernetes.io/arch', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' }]);
    expect(objectNamed(objects, 'ResourceFlavor', 'prep-x86').spec.tolerations).toBeUndefined();
  });

  test('teams get cpu and memory quota on a CPU pool, bounded by its capacity at maximum size', () => {
    const p = awsPlatform();
    const pool = new CpuNodePool(p, 'cpu', { instanceTypes: ['m7g.xlarge'], maxNodes: 10 }); // 4 vCPU, 16 GiB each
    expect(pool.capacityAtMaxSize().map((c) => [c.resourceName, c.atMaxSize.toString()])).toEqual([['cpu', '40'], ['memory', '160Gi']]);
    new TeamNamespace(p, 'serving', { quotas: [{ pool, guaranteed: { cpu: '24', memory: '96Gi' } }] });
    const queue = objectNamed(kubernetesOf(p), 'ClusterQueue', 'serving');
    expect(queue.spec.resourceGroups[0].flavors[0]).toEqual({
      name: 'cpu',
      resources: [{ name: 'cpu', nominalQuota: '24' }, { name: 'memory', nominalQuota: '96Gi' }],
    });
    const error = validationErrorOf(() => new TeamNamespace(awsPlatform(), 'greedy', {
      quotas: [{ pool: new CpuNodePool(awsPlatform(), 'c', { instanceTypes: ['m7g.xlarge'], maxNodes: 10 }), guaranteed: { cpu: '41' } }],
    }));
    expect([ErrorCode.QUOTA_EXCEEDS_CAPACITY, ErrorCode.QUOTA_POOL_INVALID]).toContain(error.code);
    const p2 = awsPlatform();
    const small = new CpuNodePool(p2, 'c', { instanceTypes: ['m7g.xlarge'], maxNodes: 10 });
    new TeamNamespace(p2, 'greedy', { quotas: [{ pool: small, guaranteed: { cpu: '41' } }] });
    expect(validationErrorOf(() => p2.validatePlatform()).code).toBe(ErrorCode.QUOTA_EXCEEDS_CAPACITY);
  });

  test('Volcano: a CPU pool renders no flavor, and its node group all the same', () => {
    const p = awsPlatform({ scheduler: Scheduler.volcano() });
    const pool = new CpuNodePool(p, 'cpu', { requirements: { minVcpus: 4 }, maxNodes: 2 });
    expect(pool.resourceFlavor).toBeUndefined();
    expect(resourceWhere(terraformOf(p), 'aws_eks_node_group', 'node_group_name', 'cpu').ami_type).toMatch(/STANDARD$/);
  });
});

describe('bad input: a coded ValidationError at the pool', () => {
  const aws = () => awsPlatform();
  test.each<[string, () => unknown, ErrorCode, string]>([
    ['no props', () => new CpuNodePool(aws(), 'c', undefined as any), ErrorCode.POOL_SELECTION_MISSING, 'CpuNodePool needs its props'],
    ['neither requirements nor instance types', () => new CpuNodePool(aws(), 'c', { maxNodes: 2 }), ErrorCode.POOL_SELECTION_MISSING, 'neither'],
    ['both', () => new CpuNodePool(aws(), 'c', { maxNodes: 2, requirements: { minVcpus: 2 }, instanceTypes: ['m7g.large'] }), ErrorCode.POOL_SELECTION_CONFLICT, 'two ways'],
    ['a GPU type', () => new CpuNodePool(aws(), 'c', { maxNodes: 2, instanceTypes: ['g6.xlarge'] }), ErrorCode.UNKNOWN_INSTANCE_TYPE, 'GpuNodePool'],
    ['an unknown type', () => new CpuNodePool(aws(), 'c', { maxNodes: 2, instanceTypes: ['m7g.xlarge2'] }), ErrorCode.UNKNOWN_INSTANCE_TYPE, 'closest'],
    ['mixed shapes', () => new CpuNodePool(aws(), 'c', { maxNodes: 2, instanceTypes: ['m7g.xlarge', 'm7g.2xlarge'] }), ErrorCode.POOL_MIXED_SHAPES, 'm7g.2xlarge'],
    ['mixed architectures', () => new CpuNodePool(aws(), 'c', { maxNodes: 2, instanceTypes: ['m7g.xlarge', 'm7i.xlarge'] }), ErrorCode.POOL_MIXED_SHAPES, 'arm64'],
    ['requirements nobody meets', () => new CpuNodePool(aws(), 'c', { maxNodes: 2, requirements: { minVcpus: 4096 } }), ErrorCode.NO_INSTANCE_MEETS_REQUIREMENTS, 'vcpus>=4096'],
    ['minVcpus as a string', () => new CpuNodePool(aws(), 'c', { maxNodes: 2, requirements: { minVcpus: '4' as any } }), ErrorCode.POOL_SELECTION_CONFLICT, 'minVcpus'],
    ['architecture spelled "arm"', () => new CpuNodePool(aws(), 'c', { maxNodes: 2, requirements: { architecture: 'arm' as any } }), ErrorCode.POOL_SELECTION_CONFLICT, 'architecture'],
    ['allowBurstable "yes"', () => new CpuNodePool(aws(), 'c', { maxNodes: 2, requirements: {}, allowBurstable: 'yes' as any }), ErrorCode.POOL_SELECTION_CONFLICT, 'allowBurstable'],
    ['maxNodes 0', () => new CpuNodePool(aws(), 'c', { maxNodes: 0, requirements: { minVcpus: 2 } }), ErrorCode.POOL_SIZE_INVALID, 'maxNodes'],
    ['a label the platform sets', () => new CpuNodePool(aws(), 'c', { maxNodes: 2, requirements: {}, labels: { [PlatformLabels.POOL]: 'x' } }), ErrorCode.LABEL_RESERVED, PlatformLabels.POOL],
  ])('%s', (_title, declare, code, fragment) => {
    const error = validationErrorOf(declare);
    expect(error.code).toBe(code);
    expect(error.message).toContain(fragment);
    expect(error.constructPath).toMatch(/\/c$/);
  });

  test('an explicit type the advisor lists elsewhere but not in ca-central-1 (m8g.xlarge) is refused there, with alternatives offered there', () => {
    expect(advisor['ca-central-1']['m8g.xlarge']).toBeUndefined();
    expect(advisor['us-east-1']['m8g.xlarge']).toBeDefined();
    const p = new MlPlatform('geo', {
      cloud: Cloud.aws({ region: 'ca-central-1' }),
      cluster: existingEks({ subnets: [
        { subnetId: 'subnet-0aaaaaaaaaaaaaaa1', availabilityZone: 'ca-central-1a' },
        { subnetId: 'subnet-0bbbbbbbbbbbbbbb2', availabilityZone: 'ca-central-1b' },
      ] }),
      kubernetesApp: K8sTesting.app(),
      terraformApp: TfTesting.app(),
    });
    const error = validationErrorOf(() => new CpuNodePool(p, 'c', { maxNodes: 2, instanceTypes: ['m8g.xlarge'] }));
    expect(error.code).toBe(ErrorCode.INSTANCE_TYPE_NOT_OFFERED);
    expect(error.constructPath).toBe('geo/c');
    const alternatives = /types offered in ca-central-1: (.*)$/.exec(error.allowed!)![1].split(', ');
    expect(alternatives.length).toBeGreaterThan(0);
    for (const alt of alternatives) expect(advisor['ca-central-1'][alt]).toBeDefined();
  });

  test('a misspelt type gets suggestions of its own kind: CPU types for a CPU pool, GPU types for a GPU pool', () => {
    const cpu = validationErrorOf(() => new CpuNodePool(aws(), 'c', { maxNodes: 1, instanceTypes: ['m7g.xlarg'] }));
    const cpuNames = /closest: (.*)$/.exec(cpu.allowed!)![1].split(', ');
    expect(cpuNames).toContain('m7g.xlarge');
    for (const name of cpuNames) expect(awsData.rows.find((r: any) => r.instance_type === name).gpu_count).toBe(0);
    const gpu = validationErrorOf(() => new GpuNodePool(aws(), 'g', { maxNodes: 1, instanceTypes: ['p5.48xl'] }));
    expect(/closest: (.*)$/.exec(gpu.allowed!)![1].split(', ')).toEqual(['p5.48xlarge', 'g5.48xlarge', 'p5.4xlarge']);
  });

  test('a pool name clash with a GPU pool is DUPLICATE_NAME', () => {
    const p = aws();
    new GpuNodePool(p, 'shared', { gpu: GpuModel.L4, maxNodes: 1 });
    expect(validationErrorOf(() => new CpuNodePool(p, 'other', { name: 'shared', requirements: {}, maxNodes: 1 })).code).toBe(ErrorCode.DUPLICATE_NAME);
  });
});

import { JsonPatch } from 'cdk8s';
import { Capacity, Cloud, EksCluster, ErrorCode, GpuModel, GpuNodePool, GpuNodePoolProps, MlPlatform, Placement, TaintEffect } from '../../lib';
import { awsPlatform, existingEks, gcpPlatform, kubernetesOf, terraformOf, validationErrorOf } from '../support/platforms';

type Make = () => MlPlatform;
const poolOn = (make: Make, props: Partial<GpuNodePoolProps>, id = 'pool') => () =>
  new GpuNodePool(make(), id, { maxNodes: 2, ...props } as GpuNodePoolProps);
const aws = (props: Partial<GpuNodePoolProps>, id?: string) => poolOn(awsPlatform, props, id);
const gcp = (props: Partial<GpuNodePoolProps>, id?: string) => poolOn(gcpPlatform, props, id);
const taints = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `example.com/t${i}`, value: 'x', effect: TaintEffect.NO_SCHEDULE }));

/** Each row: a declaration that must be refused, the code, and a fragment the message must contain. */
const cases: Array<[string, () => unknown, ErrorCode, string]> = [
  ['no selection at all', aws({}), ErrorCode.POOL_SELECTION_MISSING, 'Set one of'],
  ['empty instanceTypes', aws({ instanceTypes: [] }), ErrorCode.POOL_SELECTION_MISSING, 'instanceTypes'],
  ['gpu and requirements', aws({ gpu: GpuModel.L4, requirements: { minGpuMemoryGiB: 24 } }), ErrorCode.POOL_SELECTION_CONFLICT, 'more than one way'],
  ['requirements and instanceTypes', aws({ requirements: {}, instanceTypes: ['g6.xlarge'] }), ErrorCode.POOL_SELECTION_CONFLICT, 'more than one way'],
  ['gpusPerNode without gpu', aws({ gpusPerNode: 8, instanceTypes: ['p5.48xlarge'] }), ErrorCode.POOL_SELECTION_CONFLICT, 'gpusPerNode'],
  ['misspelled instance type lists the closest', aws({ instanceTypes: ['p5.48xl'] }), ErrorCode.UNKNOWN_INSTANCE_TYPE, 'p5.48xlarge'],
  ['GCP machine without that GPU', gcp({ instanceTypes: ['g2-standard-4'], gpu: GpuModel.T4 }), ErrorCode.UNKNOWN_INSTANCE_TYPE, 'l4'],
  ['GCP n1 machine without gpu', gcp({ instanceTypes: ['n1-standard-8'] }), ErrorCode.INSTANCE_TYPE_AMBIGUOUS, 'v100-16gb'],
  ['A10G is not on GCP', gcp({ gpu: GpuModel.A10G }), ErrorCode.GPU_NOT_OFFERED, 'l4'],
  ['requirements nothing meets', aws({ requirements: { minGpuMemoryGiB: 500 } }), ErrorCode.NO_INSTANCE_MEETS_REQUIREMENTS, 'misses gpuMemory'],
  ['GCP 1 x H100 is spot-only', gcp({ gpu: GpuModel.H100_80GB, gpusPerNode: 1 }), ErrorCode.NO_PRICE_FOR_CAPACITY, 'a3-highgpu-1g'],
  ['explicit spot-only machine on demand', gcp({ instanceTypes: ['a3-highgpu-1g'] }), ErrorCode.CAPACITY_INVALID, 'only as Spot'],
  ['malformed AWS reservation id', aws({ gpu: GpuModel.L4, capacity: Capacity.reservation('my-reservation') }), ErrorCode.CAPACITY_INVALID, 'cr-'],
  ['malformed GCP reservation name', gcp({ gpu: GpuModel.L4, capacity: Capacity.reservation('My_Reservation') }), ErrorCode.CAPACITY_INVALID, 'DNS-1123'],
  ['different GPU shapes in one pool', aws({ instanceTypes: ['g6.xlarge', 'g6.12xlarge'] }), ErrorCode.POOL_MIXED_GPU_SHAPES, 'g6.12xlarge'],
  ['21 instance types on EKS', aws({ instanceTypes: Array.from({ length: 21 }, () => 'g6.xlarge') }), ErrorCode.TOO_MANY_INSTANCE_TYPES, 'at most 20'],
  ['two machine types on GKE', gcp({ instanceTypes: ['g2-standard-4', 'g2-standard-8'] }), ErrorCode.GKE_SINGLE_MACHINE_TYPE, 'one machine type'],
  ['min above max', aws({ gpu: GpuModel.L4, minNodes: 3, maxNodes: 2 }), ErrorCode.POOL_SIZE_INVALID, 'must not exceed'],
  ['max zero', aws({ gpu: GpuModel.L4, maxNodes: 0 }), ErrorCode.POOL_SIZE_INVALID, 'at least 1'],
  ['negative min', aws({ gpu: GpuModel.L4, minNodes: -1 }), ErrorCode.POOL_SIZE_INVALID, 'at least 0'],
  ['fractional size', aws({ gpu: GpuModel.L4, maxNodes: 2.5 }), ErrorCode.POOL_SIZE_INVALID, 'whole number'],
  ['EKS node group above 450 nodes', aws({ gpu: GpuModel.L4, maxNodes: 451 }), ErrorCode.POOL_SIZE_INVALID, '450'],
  ['disk too small', aws({ gpu: GpuModel.L4, diskSizeGiB: 10 }), ErrorCode.POOL_DISK_SIZE_INVALID, '20 to 16384'],
  ['AWS zone without a subnet', aws({ gpu: GpuModel.L4, zones: ['us-east-1c'] }), ErrorCode.POOL_ZONE_UNKNOWN, 'us-east-1a, us-east-1b'],
  ['GCP zone outside the region', gcp({ gpu: GpuModel.L4, zones: ['europe-west4-a'] }), ErrorCode.POOL_ZONE_UNKNOWN, 'us-central1'],
  ['compact placement across two zones', aws({ gpu: GpuModel.H100_80GB, gpusPerNode: 8, placement: Placement.COMPACT, zones: ['us-east-1a', 'us-east-1b'] }),
    ErrorCode.COMPACT_PLACEMENT_ZONES, 'one zone'],
  ['compact placement on GKE without a zone', gcp({ gpu: GpuModel.H100_80GB, gpusPerNode: 8, placement: Placement.COMPACT }), ErrorCode.COMPACT_PLACEMENT_ZONES, 'one zone'],
  ['GKE compact policy above 150 nodes', gcp({ gpu: GpuModel.L4, gpusPerNode: 1, placement: Placement.COMPACT, zones: ['us-central1-a'], maxNodes: 151 }),
    ErrorCode.COMPACT_PLACEMENT_LIMIT, '150'],
  ['EFA on an instance without EFA', aws({ instanceTypes: ['g6.xlarge'], placement: Placement.COMPACT, efa: true }), ErrorCode.EFA_UNSUPPORTED, 'no EFA'],
  ['EFA without compact placement', aws({ gpu: GpuModel.H100_80GB, gpusPerNode: 8, efa: true }), ErrorCode.EFA_UNSUPPORTED, 'COMPACT'],
  ['51 taints on EKS', aws({ gpu: GpuModel.L4, taints: taints(51) }), ErrorCode.TOO_MANY_TAINTS, 'at most 50'],
  ['9 taints: more than a flavor can tolerate', aws({ gpu: GpuModel.L4, taints: taints(9) }), ErrorCode.FLAVOR_TOLERATION_LIMIT, 'at most 8'],
  ['GKE taint without a value', gcp({ gpu: GpuModel.L4, taints: [{ key: 'example.com/x', effect: TaintEffect.NO_SCHEDULE }] }),
    ErrorCode.TAINT_VALUE_REQUIRED, 'requires a value'],
  ['EKS taint key over 63 characters', aws({ gpu: GpuModel.L4, taints: [{ key: `example.com/${'k'.repeat(60)}`, value: 'x', effect: TaintEffect.NO_SCHEDULE }] }),
    ErrorCode.TAINT_INVALID, '63 characters'],
  ['taint effect in cloud spelling', aws({ gpu: GpuModel.L4, taints: [{ key: 'a', value: 'b', effect: 'NO_SCHEDULE' as TaintEffect }] }), ErrorCode.TAINT_INVALID, 'NoSchedule'],
  ['same taint key and effect twice', aws({ gpu: GpuModel.L4, taints: [...taints(1), ...taints(1)] }), ErrorCode.TAINT_DUPLICATE, 'same key and effect'],
  ['label value with a space', aws({ gpu: GpuModel.L4, labels: { 'example.com/team': 'computer vision' } }), ErrorCode.LABEL_INVALID, 'computer vision'],
  ['EKS label key over 63 characters', aws({ gpu: GpuModel.L4, labels: { [`example.com/${'k'.repeat(60)}`]: 'x' } }), ErrorCode.LABEL_INVALID, '63 characters'],
  ['kubernetes.io label', aws({ gpu: GpuModel.L4, labels: { 'node-role.kubernetes.io/gpu': 'true' } }), ErrorCode.LABEL_RESERVED, 'reserved'],
  ['overriding the platform pool label', aws({ gpu: GpuModel.L4, labels: { 'ml-platform-cdk.io/pool': 'other' } }), ErrorCode.LABEL_RESERVED, 'set by the platform'],
  ['pool name with upper case', aws({ gpu: GpuModel.L4 }, 'GpuPool'), ErrorCode.INVALID_NAME, 'gpupool'],
  ['GKE pool name starting with a digit', gcp({ gpu: GpuModel.L4 }, '4x-l4'), ErrorCode.INVALID_NAME, 'start with a letter'],
  ['GKE pool name over 40 characters', gcp({ gpu: GpuModel.L4 }, 'p'.repeat(41)), ErrorCode.INVALID_NAME, '1-40'],
];

describe('GpuNodePool refuses bad input with a ValidationError', () => {
  test.each(cases)('%s', (_title, declare, code, fragment) => {
    const error = validationErrorOf(declare);
    expect(error.code).toBe(code);
    expect(error.message).toContain(fragment);
    expect(error.message).toContain('Fix:');
    expect(error.constructPath).toMatch(/\/./);
  });
});

describe('platform-level refusals', () => {
  test('DUPLICATE_NAME: two pools with one name', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'a', { name: 'gpu', gpu: GpuModel.L4, maxNodes: 1 });
    const error = validationErrorOf(() => new GpuNodePool(p, 'b', { name: 'gpu', gpu: GpuModel.L4, maxNodes: 1 }));
    expect(error.code).toBe(ErrorCode.DUPLICATE_NAME);
    expect(error.message).toContain('aws-test/a');
  });

  test('SCOPE_INVALID: a pool outside a platform', () => {
    const error = validationErrorOf(() => new GpuNodePool(awsPlatform().chart as unknown as MlPlatform, 'x', { gpu: GpuModel.L4, maxNodes: 1 }));
    expect(error.code).toBe(ErrorCode.SCOPE_INVALID);
  });

  test('EFA_NEEDS_NETWORK: an existing cluster without VPC and security group ids', () => {
    const p = awsPlatform({ cluster: existingEks({ vpcId: undefined, clusterSecurityGroupId: undefined }) });
    const error = validationErrorOf(() => new GpuNodePool(p, 'h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: 1, placement: Placement.COMPACT }));
    expect(error.code).toBe(ErrorCode.EFA_NEEDS_NETWORK);
    expect(error.message).toContain('efa: false');
  });

  test('CLUSTER_CLOUD_MISMATCH: a GKE cluster on an AWS platform', () => {
    const error = validationErrorOf(() => gcpPlatform({ cloud: Cloud.aws({ region: 'us-east-1' }) }));
    expect(error.code).toBe(ErrorCode.CLUSTER_CLOUD_MISMATCH);
    expect(error.message).toContain('EksCluster');
  });

  test('CLOUD_INVALID: a GCP resource label GCP would reject', () => {
    const error = validationErrorOf(() => Cloud.gcp({ project: 'acme-ml-test', region: 'us-central1', labels: { 'Cost Center': 'ML' } }));
    expect(error.code).toBe(ErrorCode.CLOUD_INVALID);
    expect(error.message).toContain('Cost Center');
  });

  test('INVALID_NAME: a platform name that is not a DNS label', () => {
    expect(validationErrorOf(() => awsPlatform({}, 'ML_Platform')).code).toBe(ErrorCode.INVALID_NAME);
  });

  test('CLUSTER_INVALID: EKS subnets without zones, public endpoint without CIDRs, single zone', () => {
    expect(validationErrorOf(() => existingEks({ subnets: [{ subnetId: 'subnet-0abc', availabilityZone: '' }] })).code).toBe(ErrorCode.CLUSTER_INVALID);
    const base = { clusterName: 'c', vpcId: 'vpc-0abc12345', subnets: [
      { subnetId: 'subnet-0aaa11111', availabilityZone: 'us-east-1a' }, { subnetId: 'subnet-0bbb22222', availabilityZone: 'us-east-1b' }] };
    expect(validationErrorOf(() => EksCluster.create({ ...base, endpointPublicAccess: true })).message).toContain('publicAccessCidrs');
    expect(validationErrorOf(() => EksCluster.create({ ...base, subnets: base.subnets.slice(0, 1) })).message).toContain('two availability zones');
  });
});

describe('cross-layer checks on the synthesized flavor', () => {
  test('FLAVOR_TAINT_NOT_TOLERATED: a patch that drops the toleration fails both layers', () => {
    const p = awsPlatform();
    const pool = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
    pool.resourceFlavor!.addJsonPatch(JsonPatch.remove('/spec/tolerations/0'));
    expect(validationErrorOf(() => kubernetesOf(p)).code).toBe(ErrorCode.FLAVOR_TAINT_NOT_TOLERATED);
    expect(validationErrorOf(() => terraformOf(p)).code).toBe(ErrorCode.FLAVOR_TAINT_NOT_TOLERATED);
  });

  test('FLAVOR_LABEL_MISSING: a flavor selecting a label the pool does not set', () => {
    const p = gcpPlatform();
    const pool = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
    pool.resourceFlavor!.addJsonPatch(JsonPatch.add('/spec/nodeLabels/example.com~1zone', 'a'));
    const error = validationErrorOf(() => p.validatePlatform());
    expect(error.code).toBe(ErrorCode.FLAVOR_LABEL_MISSING);
    expect(error.message).toContain('example.com/zone=a');
  });

  test('a PreferNoSchedule taint need not be tolerated', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2, taints: [{ key: 'soft', value: 'x', effect: TaintEffect.PREFER_NO_SCHEDULE }] });
    expect(() => kubernetesOf(p)).not.toThrow();
  });
});

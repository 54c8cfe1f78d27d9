import { JsonPatch, Testing as K8sTesting } from 'cdk8s';
import { Testing as TfTesting } from 'cdktf';
import {
  Capacity, Cloud, CpuNodePool, EksCluster, ErrorCode, ExternalNodePool, GkeCluster, GpuModel, GpuNodePool, MigPartitionProfile, MlPlatform, Placement,
  PriorityTiers, Scheduler, TaintEffect, TeamNamespace,
} from '../../lib';
import { awsPlatform, existingEks, gcpPlatform, kubernetesOf, objectNamed, validationErrorOf } from '../support/platforms';

// One named regression test per class of defect the boundary review found (issue 11): each input below used to
// crash, be coerced, or be accepted and refused later by a cloud or the API server.

const GPU = 'nvidia.com/gpu';
const refusal = (fn: () => unknown, code: ErrorCode) => {
  const error = validationErrorOf(fn);
  expect(error.code).toBe(code);
  return error;
};

describe('crashes become coded errors', () => {
  test('props null or missing', () => {
    refusal(() => new GpuNodePool(awsPlatform(), 'p', null as any), ErrorCode.POOL_SELECTION_MISSING);
    refusal(() => new TeamNamespace(awsPlatform(), 't', null as any), ErrorCode.INVALID_NAME);
    refusal(() => new MlPlatform('p', null as any), ErrorCode.CLOUD_INVALID);
    refusal(() => Cloud.aws(undefined as any), ErrorCode.CLOUD_INVALID);
    refusal(() => EksCluster.fromAttributes(null as any), ErrorCode.CLUSTER_INVALID);
  });

  test('a string or object where a list is expected', () => {
    const p = awsPlatform();
    refusal(() => new TeamNamespace(p, 'a', { quotas: 'l4' as any }), ErrorCode.QUOTA_POOL_INVALID);
    refusal(() => new GpuNodePool(p, 'b', { instanceTypes: 'g6.xlarge' as any, maxNodes: 1 }), ErrorCode.POOL_SELECTION_CONFLICT);
    refusal(() => new GpuNodePool(p, 'c', { gpu: GpuModel.L4, maxNodes: 1, taints: { key: 'x' } as any }), ErrorCode.TAINT_INVALID);
    refusal(() => new GpuNodePool(p, 'd', { gpu: GpuModel.L4, maxNodes: 1, zones: 'us-east-1a' as any }), ErrorCode.POOL_ZONE_UNKNOWN);
    refusal(() => existingEks({ subnets: 'subnet-0aaaaaaaaaaaaaaa1' as any }), ErrorCode.CLUSTER_INVALID);
    refusal(() => awsPlatform({ scheduler: Scheduler.kueue({ frameworks: 'batch/job' as any }) }), ErrorCode.SCHEDULER_OPTION_INVALID);
    refusal(() => new PriorityTiers(p, 'tiers', { tiers: 'standard' as any }), ErrorCode.TIER_UNKNOWN);
  });

  test('null inside lists and maps', () => {
    const p = awsPlatform();
    refusal(() => new TeamNamespace(p, 'a', { namespaces: [null as any] }), ErrorCode.INVALID_NAME);
    refusal(() => new GpuNodePool(p, 'b', { gpu: GpuModel.L4, maxNodes: 1, taints: [{ key: 'x', value: null as any, effect: TaintEffect.NO_SCHEDULE }] }), ErrorCode.TAINT_INVALID);
    refusal(() => new GpuNodePool(p, 'c', { instanceTypes: [null as any], maxNodes: 1 }), ErrorCode.POOL_SELECTION_CONFLICT);
    refusal(() => new GpuNodePool(p, 'd', { gpu: GpuModel.L4, maxNodes: 1, zones: [null as any] }), ErrorCode.POOL_ZONE_UNKNOWN);
    refusal(() => new TeamNamespace(p, 'e', { labels: { 'example.com/x': null as any } }), ErrorCode.LABEL_INVALID);
    // Found by the property test on another seed (37): the cloud target read `instanceTypes` before the pool checked it.
    for (const platform of [p, gcpPlatform()]) {
      refusal(() => new CpuNodePool(platform, 'f', { instanceTypes: null as any, maxNodes: 1 }), ErrorCode.POOL_SELECTION_CONFLICT);
      refusal(() => new CpuNodePool(platform, 'g', { instanceTypes: 'm7g.xlarge' as any, maxNodes: 1 }), ErrorCode.POOL_SELECTION_CONFLICT);
      refusal(() => new GpuNodePool(platform, 'h', { instanceTypes: null as any, maxNodes: 1 }), ErrorCode.POOL_SELECTION_CONFLICT);
    }
  });

  test('the error messages themselves never crash on what they report (non-string names, objects without toString)', () => {
    const weird = { toString: 1 };
    expect(refusal(() => new TeamNamespace(awsPlatform(), 't', { name: weird as any }), ErrorCode.INVALID_NAME).message).toContain('must be a string');
    refusal(() => new PriorityTiers(awsPlatform(), 'tiers', { defaultTier: weird as any }), ErrorCode.TIER_UNKNOWN);
    const circular: any = { a: 1 };
    circular.self = circular;
    expect(refusal(() => Cloud.aws({ region: circular }), ErrorCode.CLOUD_INVALID).message).toContain('[circular]');
    expect(refusal(() => Cloud.aws({ region: 10n as any }), ErrorCode.CLOUD_INVALID).message).toContain('10n');
  });

  test('an empty id', () => {
    refusal(() => new GpuNodePool(awsPlatform(), '', { gpu: GpuModel.L4, maxNodes: 1 }), ErrorCode.INVALID_NAME);
    refusal(() => new MlPlatform('', { cloud: Cloud.aws({ region: 'us-east-1' }), cluster: existingEks() }), ErrorCode.INVALID_NAME);
  });
});

describe('prototype keys', () => {
  test('ids constructor, toString, __proto__ are refused as ids, not as duplicates', () => {
    for (const id of ['constructor', 'toString', '__proto__']) {
      expect(refusal(() => new TeamNamespace(awsPlatform(), id), ErrorCode.INVALID_NAME).message).toContain('built-in object property');
    }
  });

  test('a pool or namespace named constructor works (its construct gets another id)', () => {
    const p = awsPlatform();
    const pool = new GpuNodePool(p, 'pool', { name: 'constructor', gpu: GpuModel.L4, maxNodes: 2 });
    new TeamNamespace(p, 'team', { name: 'team', namespaces: ['constructor'], quotas: [{ pool, guaranteed: { [GPU]: '1' } }] });
    const objects = kubernetesOf(p);
    expect(objectNamed(objects, 'ResourceFlavor', 'constructor').spec.nodeLabels).toEqual({ 'ml-platform-cdk.io/pool': 'constructor' });
    expect(objectNamed(objects, 'Namespace', 'constructor')).toBeDefined();
  });

  test('map keys named like inherited members: labels "toString" pass, a "constructor" key (which cdk8s cannot write) is refused clearly', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'a', { labels: { toString: 'x' } });
    expect(objectNamed(kubernetesOf(p), 'Namespace', 'a').metadata.labels.toString).toBe('x');
    expect(refusal(() => new TeamNamespace(p, 'b', { labels: { constructor: 'x' } }), ErrorCode.LABEL_INVALID).message).toContain('cdk8s');
    refusal(() => new ExternalNodePool(p, 'c', { nodeLabels: { constructor: 'x' }, resources: { cpu: '1' } }), ErrorCode.LABEL_INVALID);
  });
});

describe('no silent coercion', () => {
  test("placement: 'COMPACT' (the constant's name) is refused, not read as spread", () => {
    const error = refusal(() => new GpuNodePool(awsPlatform(), 'p', { gpu: GpuModel.H100_80GB, maxNodes: 1, placement: 'COMPACT' as any }), ErrorCode.COMPACT_PLACEMENT_ZONES);
    expect(error.allowed).toBe('spread, compact');
  });

  test("capacity: { type: 'spot' } (a look-alike literal, also with a reservation id) is refused", () => {
    refusal(() => new GpuNodePool(awsPlatform(), 'p', { gpu: GpuModel.L4, maxNodes: 1, capacity: { type: 'spot' } as any }), ErrorCode.CAPACITY_INVALID);
    refusal(() => new GpuNodePool(awsPlatform(), 'p', { gpu: GpuModel.L4, maxNodes: 1, capacity: { type: 'spot', reservationId: 'cr-0123456789abcdef0' } as any }),
      ErrorCode.CAPACITY_INVALID);
  });

  test("'no' is not false: preemptsLowerTiers, sharesCapacity, blockAdmission, fairSharing", () => {
    refusal(() => new PriorityTiers(awsPlatform(), 'tiers', { tiers: [{ name: 'a', value: 1, interruptible: false, preemptsLowerTiers: 'no' as any }] }),
      ErrorCode.TIER_VALUE_INVALID);
    refusal(() => new TeamNamespace(awsPlatform(), 't', { sharesCapacity: 'no' as any }), ErrorCode.QUOTA_INVALID);
    refusal(() => awsPlatform({ scheduler: Scheduler.kueue({ allOrNothing: { blockAdmission: 'no' as any } }) }), ErrorCode.SCHEDULER_OPTION_INVALID);
    refusal(() => awsPlatform({ scheduler: Scheduler.kueue({ fairSharing: 'yes' as any }) }), ErrorCode.SCHEDULER_OPTION_INVALID);
  });

  test("minGpuMemoryGiB: '24' and gpu: null are refused, not coerced to 24 or to any GPU", () => {
    refusal(() => new GpuNodePool(awsPlatform(), 'p', { requirements: { minGpuMemoryGiB: '24' as any }, maxNodes: 1 }), ErrorCode.POOL_SELECTION_CONFLICT);
    refusal(() => new GpuNodePool(awsPlatform(), 'p', { gpu: null as any, maxNodes: 1 }), ErrorCode.POOL_SELECTION_CONFLICT);
  });

  test("labels: 'gpu' is refused, not spread into { 0: 'g', 1: 'p', 2: 'u' }; mig: null is refused, not read as whole GPUs", () => {
    refusal(() => new GpuNodePool(awsPlatform(), 'p', { gpu: GpuModel.L4, maxNodes: 1, labels: 'gpu' as any }), ErrorCode.LABEL_INVALID);
    refusal(() => new ExternalNodePool(awsPlatform(), 'p', { nodeLabels: 'gpu' as any, resources: { cpu: '1' } }), ErrorCode.EXTERNAL_POOL_INVALID);
    refusal(() => new GpuNodePool(awsPlatform(), 'p', { gpu: GpuModel.A100_40GB, maxNodes: 1, mig: null as any }), ErrorCode.MIG_LAYOUT_SPEC_INVALID);
  });
});

describe('refused here rather than by the cloud or the API server', () => {
  test('cluster name null, node role ARN not an ARN', () => {
    refusal(() => existingEks({ clusterName: null as any }), ErrorCode.CLUSTER_INVALID);
    refusal(() => existingEks({ nodeRoleArn: 'nodes' }), ErrorCode.CLUSTER_INVALID);
  });

  test('names derived from a long cluster name: IAM roles (64) and launch templates (128)', () => {
    const subnets = [{ subnetId: 'subnet-0aaaaaaaaaaaaaaa1', availabilityZone: 'us-east-1a' }, { subnetId: 'subnet-0bbbbbbbbbbbbbbb2', availabilityZone: 'us-east-1b' }];
    refusal(() => EksCluster.create({ clusterName: 'c'.repeat(57), vpcId: 'vpc-0123456789abcdef0', subnets }), ErrorCode.CLUSTER_INVALID);
    const p = awsPlatform({ cluster: existingEks({ clusterName: 'c'.repeat(100) }) });
    refusal(() => new GpuNodePool(p, 'p', { name: 'p'.repeat(40), gpu: GpuModel.L4, maxNodes: 1 }), ErrorCode.INVALID_NAME);
  });

  test('AWS tags: the aws: prefix, key and value lengths, at most 45 of ours; GCP label values not null', () => {
    refusal(() => Cloud.aws({ region: 'us-east-1', tags: { 'aws:team': 'x' } }), ErrorCode.CLOUD_INVALID);
    refusal(() => Cloud.aws({ region: 'us-east-1', tags: { ['k'.repeat(129)]: 'x' } }), ErrorCode.CLOUD_INVALID);
    refusal(() => Cloud.aws({ region: 'us-east-1', tags: { team: 'v'.repeat(257) } }), ErrorCode.CLOUD_INVALID);
    refusal(() => Cloud.aws({ region: 'us-east-1', tags: Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`t${i}`, 'x'])) }), ErrorCode.CLOUD_INVALID);
    refusal(() => Cloud.gcp({ project: 'acme-ml-test', region: 'us-central1', labels: { team: null as any } }), ErrorCode.CLOUD_INVALID);
  });

  test('an empty MIG config name', () => {
    refusal(() => new MigPartitionProfile(awsPlatform(), 'mig', { gpu: GpuModel.A100_40GB, profile: '1g.5gb', name: '' }), ErrorCode.LABEL_INVALID);
  });

  test('quantities beyond the int64 range (1e21) and object counts beyond the safe range', () => {
    refusal(() => new TeamNamespace(awsPlatform(), 't', { storageQuota: '1e21' }), ErrorCode.QUANTITY_INVALID);
    refusal(() => new TeamNamespace(awsPlatform(), 't', { objectCounts: { pods: 1e21 } }), ErrorCode.QUOTA_INVALID);
  });

  test('the platform\'s own objects in kube-system', () => {
    refusal(() => awsPlatform({ scheduler: Scheduler.kueue({ namespace: 'kube-system' }) }), ErrorCode.NAMESPACE_RESERVED);
    refusal(() => awsPlatform({ gpuOperatorNamespace: 'kube-system' }), ErrorCode.NAMESPACE_RESERVED);
  });

  test('GKE: maxNodes 1e6, a malformed master CIDR, an empty location, compact placement on a series GKE does not offer it for', () => {
    refusal(() => new GpuNodePool(gcpPlatform(), 'p', { gpu: GpuModel.L4, maxNodes: 1e6 }), ErrorCode.POOL_SIZE_INVALID);
    refusal(() => GkeCluster.create({ clusterName: 'c', network: 'vpc', subnetwork: 'nodes', masterIpv4CidrBlock: '172.16.0.0/24' }), ErrorCode.CLUSTER_INVALID);
    refusal(() => GkeCluster.fromAttributes({ clusterName: 'c', location: '', nodeServiceAccount: 'n@p.iam.gserviceaccount.com' }), ErrorCode.CLUSTER_INVALID);
    refusal(() => new GpuNodePool(gcpPlatform(), 'p', { gpu: GpuModel.T4, gpusPerNode: 1, maxNodes: 2, placement: Placement.COMPACT, zones: ['us-central1-a'] }),
      ErrorCode.COMPACT_PLACEMENT_LIMIT);
    expect(new GpuNodePool(gcpPlatform(), 'p', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 2, placement: Placement.COMPACT, zones: ['us-central1-a'] })
      .placement).toBe(Placement.COMPACT);
  });
});

describe('errors keep their code', () => {
  test('a ValidationError raised while a lazy value renders surfaces as itself, not as cdk8s\'s "Failed serializing construct"', () => {
    const p = awsPlatform();
    const pool = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
    new TeamNamespace(p, 't', { tiers: ['batch'], quotas: [{ pool, guaranteed: { [GPU]: '1' } }] });
    // No tiers declared, and no validation run first: the tier quota's lazy content meets the model without tiers.
    const error = refusal(() => p.chart.toJson() && p.validatePlatform(), ErrorCode.TIER_UNKNOWN);
    expect(error.message).not.toContain('Failed serializing');
  });
});

describe('messages that do not mislead', () => {
  test('a negative device quota is told to be zero or more (not "a whole number")', () => {
    const p = awsPlatform();
    const pool = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
    expect(refusal(() => new TeamNamespace(p, 't', { quotas: [{ pool, guaranteed: { [GPU]: '-1' } }] }), ErrorCode.QUOTA_INVALID).detail).toContain('zero or more');
  });

  test('the borrowing-without-sharing error does not name Kueue on a Volcano platform', () => {
    const p = awsPlatform({ scheduler: Scheduler.volcano() });
    const pool = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
    const error = refusal(() => new TeamNamespace(p, 't', { sharesCapacity: false, quotas: [{ pool, guaranteed: { [GPU]: '1' }, borrowingLimit: { [GPU]: '1' } }] }),
      ErrorCode.QUOTA_LIMIT_WITHOUT_COHORT);
    expect(error.message).not.toContain('Kueue');
  });

  test('NaN is printed as NaN, not null; no fix names an API that does not exist', () => {
    expect(refusal(() => new GpuNodePool(awsPlatform(), 'p', { gpu: GpuModel.L4, maxNodes: NaN }), ErrorCode.POOL_SIZE_INVALID).message).toContain('Received: "NaN"');
    expect(refusal(() => new ExternalNodePool(awsPlatform(), 'p', { nodeLabels: { a: 'b' }, taints: 'x' as any, resources: { cpu: '1' } }), ErrorCode.TAINT_INVALID).fix)
      .not.toContain('Taint.noSchedule');
  });

  test('two platforms with the same id in one app are a DUPLICATE_NAME error', () => {
    const kubernetesApp = K8sTesting.app();
    const props = { cloud: Cloud.aws({ region: 'us-east-1' }), cluster: existingEks(), kubernetesApp, terraformApp: TfTesting.app() };
    new MlPlatform('ml', props);
    refusal(() => new MlPlatform('ml', { ...props, terraformApp: TfTesting.app() }), ErrorCode.DUPLICATE_NAME);
  });
});

describe('cross-layer', () => {
  test('a GKE pool whose own taints replace the default: its flavor still tolerates the nvidia.com/gpu taint GKE puts on GPU nodes', () => {
    const p = gcpPlatform();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2, taints: [{ key: 'example.com/team', value: 'vision', effect: TaintEffect.NO_SCHEDULE }] });
    const tolerations = objectNamed(kubernetesOf(p), 'ResourceFlavor', 'l4').spec.tolerations;
    expect(tolerations).toEqual([
      { key: 'example.com/team', operator: 'Equal', value: 'vision', effect: 'NoSchedule' },
      { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' },
    ]);
  });

  test('... and an escape hatch that drops that toleration fails the flavor invariant', () => {
    const p = gcpPlatform();
    const pool = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2, taints: [{ key: 'example.com/team', value: 'vision', effect: TaintEffect.NO_SCHEDULE }] });
    pool.resourceFlavor!.addJsonPatch(JsonPatch.remove('/spec/tolerations/1'));
    refusal(() => p.validatePlatform(), ErrorCode.FLAVOR_TAINT_NOT_TOLERATED);
  });

  test('the capacity of a spot pool is still in the right units (regression guard for the seams)', () => {
    const pool = new GpuNodePool(awsPlatform(), 'p', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 3, capacity: Capacity.spot() });
    expect(pool.capacityAtMaxSize().find((c) => c.resourceName === GPU)?.atMaxSize.toString()).toBe('3');
  });
});

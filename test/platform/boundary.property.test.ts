import { Testing as K8sTesting } from 'cdk8s';
import { TerraformStack, Testing as TfTesting } from 'cdktf';
import * as fc from 'fast-check';
import {
  Architecture, Budget, Capacity, Cloud, CpuNodePool, Department, EksCluster, ErrorCode, ExternalNodePool, GkeCluster, GpuModel, GpuNodePool,
  GpuSharing, MigPartitionProfile, MlPlatform, ObjectStorageClass, Placement, PriorityTiers, Quantity, Scheduler, SpotFleet, StoragePerformance,
  StorageTier, StorageTierKind, TaintEffect, TeamNamespace, ValidationError,
} from '../../lib';
import { crdsAvailable, getValidator } from '../conformance/crd-validator';
import { cloudProblems } from '../support/cloud-rules';
import { conformanceProblems } from '../support/compute-class';
import { existingEks, existingGke } from '../support/platforms';

// The whole public boundary, as a JavaScript caller or a jsii binding can reach it: a valid declaration of every
// construct and factory with ONE value anywhere in it (a prop, a nested prop, a list item, a map entry, an id)
// replaced by an arbitrary wrong-typed or extreme value. Each run must end in a coded ValidationError, or in output
// that the official CRDs, the Kubernetes schema and the clouds' limits accept — never another exception.

const SEED = 20261130;
const RUNS = 1200;

/** Values a caller can pass where something else is expected. */
const odd: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<unknown>(
    null, undefined, NaN, Infinity, -Infinity, 1e21, -1, 0, 0.5, 2.5, 1, 2, 63, 64, 451, 1e6, Number.MAX_SAFE_INTEGER,
    '', ' ', 'COMPACT', 'compact', 'SPOT', 'no', 'yes', 'true', 'false', '24', '-1', '1.5', '1e21', '500m', '64Gi',
    'constructor', '__proto__', 'toString', 'hasOwnProperty', 'kube-system', 'default', 'aws:tag', 'x'.repeat(300), 'Ünïcödé', 'a/b',
    true, false, [], [null], [undefined], [1], ['x'], [{}], {}, { key: 'x' }, JSON.parse('{"__proto__":"polluted"}'), { constructor: 'x' },
    { toString: 1 }, Object.create(null), () => 1, Symbol('s'), 10n, new Date(0), /x/,
  ) },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
);

/** Replaces the value at `path` (dot-separated, numeric segments index lists) in a copy of `base`. */
function withValue(base: any, path: string, value: unknown): any {
  if (path === '') return value;
  const [head, ...rest] = path.split('.');
  const copy: any = Array.isArray(base) ? [...base] : { ...base };
  copy[head] = withValue(base?.[head], rest.join('.'), value);
  return copy;
}

interface Ctx {
  readonly cloud: 'aws' | 'gcp';
  readonly scheduler: 'kueue' | 'volcano';
}

function platform(ctx: Ctx, overrides: Record<string, unknown> = {}): MlPlatform {
  const props = {
    cloud: ctx.cloud === 'aws' ? Cloud.aws({ region: 'us-east-1' }) : Cloud.gcp({ project: 'acme-ml-test', region: 'us-central1' }),
    cluster: ctx.cloud === 'aws' ? existingEks() : existingGke(),
    kubernetesApp: K8sTesting.app(),
    terraformApp: TfTesting.app(),
    scheduler: ctx.scheduler === 'kueue' ? Scheduler.kueue({ fairSharing: true }) : Scheduler.volcano(),
    ...overrides,
  };
  return new MlPlatform('edge', props as any);
}

const l4 = (p: MlPlatform) => new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4 });

/** One entry of the boundary: a valid declaration and the paths in it where a value can be replaced. */
interface Entry {
  readonly name: string;
  readonly paths: string[];
  /** Declares the entry with `value` at `path`; returns the platform to synthesize. */
  declare(ctx: Ctx, path: string, value: unknown): MlPlatform;
}

const poolProps = {
  name: 'train', gpu: GpuModel.A100_40GB, gpusPerNode: 8, minNodes: 0, maxNodes: 2, capacity: Capacity.onDemand(),
  taints: [{ key: 'example.com/dedicated', value: 'training', effect: TaintEffect.NO_SCHEDULE }], labels: { 'example.com/team': 'vision' },
  diskSizeGiB: 200, placement: Placement.SPREAD, efa: false,
};
const cpuPoolProps = {
  name: 'serve-arm', requirements: { minVcpus: 4, minMemoryGiB: 16, architecture: Architecture.ARM64 }, allowBurstable: false, minNodes: 0, maxNodes: 3,
  capacity: Capacity.onDemand(), taints: [{ key: 'example.com/cpu', value: 'only', effect: TaintEffect.NO_SCHEDULE }],
  labels: { 'example.com/tier': 'serving' }, diskSizeGiB: 100,
};
const requirementsProps = {
  requirements: { gpu: GpuModel.L4, minGpuMemoryGiB: 16, gpusPerNode: 1, minGpusPerNode: 1, nvlink: false, efa: false, minVcpus: 2, minMemoryGiB: 8 },
  maxNodes: 2,
};
const teamProps = {
  name: 'vision', namespaces: ['vision', 'vision-dev'], labels: { 'example.com/cost-center': 'ml' }, adminGroups: ['leads'], memberGroups: ['researchers'],
  networkIsolation: true, automountDefaultServiceAccountToken: false, allowIngressFrom: ['ingress-nginx'], sharesCapacity: true, fairShareWeight: 2, tiers: ['training', 'batch'],
  storageQuota: '10Ti', objectCounts: { 'count/jobs.batch': 100, 'services.loadbalancers': 1 }, containerDefaults: { cpu: '500m', memory: '1Gi' },
};
const quotaProps = { guaranteed: { 'nvidia.com/gpu': '2' }, borrowingLimit: { 'nvidia.com/gpu': '2' }, lendingLimit: { 'nvidia.com/gpu': '1' } };
const tierProps = { tiers: [{ name: 'urgent', value: 5000, interruptible: false, preemptsLowerTiers: true, description: 'Urgent work.' },
  { name: 'scavenger', value: 10, interruptible: true, preemptsLowerTiers: false }], defaultTier: 'scavenger' };

/** A valid spot fleet pinned to its checkpoint tier's zone (diversified over L4 types), with an on-demand base and fallback. */
function fleetProps(tier: StorageTier | undefined, zone: string): Record<string, unknown> {
  return {
    name: 'retrain', gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4, zones: [zone], maxInstanceTypes: 3, onDemandBaseNodes: 1, onDemandFallback: true,
    fallbackMaxNodes: 4, fallbackAfterMinutes: 15, diskSizeGiB: 200, spotShare: 0.9, checkpointGraceSeconds: 15,
    checkpoints: { tier, claimSizePerTeam: '100Gi', directory: 'ckpt/retrain' },
  };
}

/** A valid tier of each kind, on either cloud; a path picks the kind whose options it reaches. */
function storageTierProps(ctx: Ctx, kind: StorageTierKind): Record<string, unknown> {
  const aws = ctx.cloud === 'aws';
  const usage = {
    storedGiB: 2048,
    classShares: [{ storageClass: ObjectStorageClass.STANDARD, share: 0.5, monthlyRetrievalGiB: 10 }],
    monthlyReadRequests: 1000,
    objectCount: 10,
  };
  const common = { name: 'tier', mountPath: '/mnt/tier', deletionProtection: true, usage, pricePerGiBMonthUsd: 0.1, priceSource: 'quote' };
  switch (kind) {
    case StorageTierKind.PARALLEL: return {
      ...common, kind, capacityGiB: aws ? 2400 : 18000, throughputPerTiB: 250, zone: aws ? 'us-east-1a' : 'us-central1-a', allowCrossZoneMounts: false,
      deployed: aws ? { fileSystemId: 'fs-0123456789abcdef0', address: 'fs-0123456789abcdef0.fsx.us-east-1.amazonaws.com', mountName: 'abcdefgh' } : { address: '10.0.0.2' },
    };
    case StorageTierKind.SHARED: return {
      ...common, kind, capacityGiB: 1024, performance: StoragePerformance.STANDARD, infrequentAccessAfterDays: aws ? 30 : undefined,
      encryptionKey: aws ? 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' : 'projects/acme-ml-test/locations/us-central1/keyRings/r/cryptoKeys/k',
    };
    case StorageTierKind.CACHE: return { ...common, kind, bucketName: 'acme-edge-cache', cacheSizeGiB: 100, readOnly: true };
    default: return {
      ...common, kind, bucketName: 'acme-edge-data', transitions: [{ afterDays: 30, storageClass: ObjectStorageClass.INFREQUENT_ACCESS }], expireAfterDays: 400,
      versioned: true, noncurrentVersionExpirationDays: 14, autoTiering: false,
    };
  }
}

/** The kind whose options a path reaches. */
function kindFor(path: string): StorageTierKind {
  if (/^(throughputPerTiB|zone|allowCrossZoneMounts|deployed|dataRepository)/.test(path)) return StorageTierKind.PARALLEL;
  if (/^(performance|infrequentAccessAfterDays|encryptionKey)/.test(path)) return StorageTierKind.SHARED;
  if (/^(cacheSizeGiB|readOnly)/.test(path)) return StorageTierKind.CACHE;
  return StorageTierKind.ARCHIVE;
}

const ENTRIES: Entry[] = [
  {
    name: 'Cloud.aws',
    paths: ['', 'region', 'tags', 'tags.team', 'tags.aws:created'],
    declare: (ctx, path, v) => platform({ ...ctx, cloud: 'aws' }, { cloud: Cloud.aws(withValue({ region: 'us-east-1', tags: { team: 'ml' } }, path, v)) }),
  },
  {
    name: 'Cloud.gcp',
    paths: ['', 'project', 'region', 'labels', 'labels.team'],
    declare: (ctx, path, v) => platform({ ...ctx, cloud: 'gcp' }, {
      cloud: Cloud.gcp(withValue({ project: 'acme-ml-test', region: 'us-central1', labels: { team: 'ml' } }, path, v)),
    }),
  },
  {
    name: 'EksCluster.fromAttributes',
    paths: ['', 'clusterName', 'nodeRoleArn', 'subnets', 'subnets.0', 'subnets.0.subnetId', 'subnets.0.availabilityZone', 'vpcId', 'clusterSecurityGroupId'],
    declare: (ctx, path, v) => {
      const base = {
        clusterName: 'ml', nodeRoleArn: 'arn:aws:iam::111122223333:role/nodes', vpcId: 'vpc-0123456789abcdef0', clusterSecurityGroupId: 'sg-0123456789abcdef0',
        subnets: [{ subnetId: 'subnet-0aaaaaaaaaaaaaaa1', availabilityZone: 'us-east-1a' }, { subnetId: 'subnet-0bbbbbbbbbbbbbbb2', availabilityZone: 'us-east-1b' }],
      };
      const p = platform({ ...ctx, cloud: 'aws' }, { cluster: EksCluster.fromAttributes(withValue(base, path, v)) });
      new GpuNodePool(p, 'h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: 1, placement: Placement.COMPACT });
      return p;
    },
  },
  {
    name: 'EksCluster.create',
    paths: ['', 'clusterName', 'vpcId', 'subnets', 'subnets.1.availabilityZone', 'kubernetesVersion', 'endpointPublicAccess', 'publicAccessCidrs',
      'publicAccessCidrs.0', 'secretsKeyArn', 'deletionProtection'],
    declare: (ctx, path, v) => {
      const base = {
        clusterName: 'ml-new', vpcId: 'vpc-0123456789abcdef0', kubernetesVersion: '1.33', endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'],
        deletionProtection: true,
        subnets: [{ subnetId: 'subnet-0aaaaaaaaaaaaaaa1', availabilityZone: 'us-east-1a' }, { subnetId: 'subnet-0bbbbbbbbbbbbbbb2', availabilityZone: 'us-east-1b' }],
      };
      const p = platform({ ...ctx, cloud: 'aws' }, { cluster: EksCluster.create(withValue(base, path, v)) });
      l4(p);
      return p;
    },
  },
  {
    name: 'GkeCluster.fromAttributes',
    paths: ['', 'clusterName', 'location', 'nodeServiceAccount'],
    declare: (ctx, path, v) => {
      const base = { clusterName: 'ml', location: 'us-central1', nodeServiceAccount: 'nodes@acme-ml-test.iam.gserviceaccount.com' };
      const p = platform({ ...ctx, cloud: 'gcp' }, { cluster: GkeCluster.fromAttributes(withValue(base, path, v)) });
      l4(p);
      return p;
    },
  },
  {
    name: 'GkeCluster.create',
    paths: ['', 'clusterName', 'network', 'subnetwork', 'location', 'releaseChannel', 'masterIpv4CidrBlock', 'deletionProtection'],
    declare: (ctx, path, v) => {
      const base = { clusterName: 'ml-new', network: 'vpc', subnetwork: 'nodes', releaseChannel: 'STABLE', masterIpv4CidrBlock: '172.16.0.16/28', deletionProtection: true };
      const p = platform({ ...ctx, cloud: 'gcp' }, { cluster: GkeCluster.create(withValue(base, path, v)) });
      l4(p);
      return p;
    },
  },
  {
    name: 'MlPlatform',
    paths: ['id', 'props', 'cloud', 'cluster', 'catalog', 'scheduler', 'gpuOperatorNamespace', 'chart', 'kubernetesApp', 'stack', 'terraformApp'],
    declare: (ctx, path, v) => {
      const base = {
        cloud: ctx.cloud === 'aws' ? Cloud.aws({ region: 'us-east-1' }) : Cloud.gcp({ project: 'acme-ml-test', region: 'us-central1' }),
        cluster: ctx.cloud === 'aws' ? existingEks() : existingGke(), kubernetesApp: K8sTesting.app(), terraformApp: TfTesting.app(), gpuOperatorNamespace: 'gpu-operator',
      };
      const p = path === 'id' ? new MlPlatform(v as string, base) : new MlPlatform('edge', path === 'props' ? v as any : withValue(base, path, v));
      l4(p);
      return p;
    },
  },
  {
    name: 'Scheduler.kueue',
    paths: ['', 'namespace', 'cohortName', 'fairSharing', 'frameworks', 'frameworks.0', 'allOrNothing', 'allOrNothing.timeoutMinutes',
      'allOrNothing.recoveryTimeoutMinutes', 'allOrNothing.blockAdmission', 'allOrNothing.backoffBaseSeconds', 'allOrNothing.backoffMaxSeconds'],
    declare: (ctx, path, v) => {
      const base = { namespace: 'kueue-system', cohortName: 'all', fairSharing: true, frameworks: ['batch/job'], allOrNothing: { timeoutMinutes: 5, blockAdmission: false } };
      const p = platform(ctx, { scheduler: Scheduler.kueue(withValue(base, path, v)) });
      new TeamNamespace(p, 'vision', { quotas: [{ pool: l4(p), guaranteed: { 'nvidia.com/gpu': '1' } }] });
      return p;
    },
  },
  {
    name: 'Scheduler.volcano',
    paths: ['', 'namespace', 'configMapName', 'queuePlugin'],
    declare: (ctx, path, v) => {
      const p = platform(ctx, { scheduler: Scheduler.volcano(withValue({ namespace: 'volcano-system', configMapName: 'volcano-config', queuePlugin: 'capacity' }, path, v)) });
      new Department(p, 'research');
      new TeamNamespace(p, 'vision', { quotas: [{ pool: l4(p), guaranteed: { 'nvidia.com/gpu': '1' } }] });
      return p;
    },
  },
  {
    name: 'GpuNodePool by gpu',
    paths: ['', 'id', ...Object.keys(poolProps), 'taints.0', 'taints.0.key', 'taints.0.value', 'taints.0.effect', 'labels.example.com/team', 'zones', 'zones.0'],
    declare: (ctx, path, v) => {
      const p = platform(ctx);
      if (path === 'id') new GpuNodePool(p, v as string, { gpu: GpuModel.L4, maxNodes: 1 });
      else new GpuNodePool(p, 'pool', withValue(poolProps, path, v));
      return p;
    },
  },
  {
    name: 'GpuNodePool by requirements or types',
    paths: ['requirements', ...Object.keys(requirementsProps.requirements).map((k) => `requirements.${k}`), 'requirements.architecture', 'instanceTypes', 'instanceTypes.0'],
    declare: (ctx, path, v) => {
      const p = platform(ctx);
      const props = path.startsWith('instanceTypes')
        ? withValue({ instanceTypes: [ctx.cloud === 'aws' ? 'g6.xlarge' : 'g2-standard-4'], maxNodes: 2 }, path, v)
        : withValue(requirementsProps, path, v);
      new GpuNodePool(p, 'pool', props);
      return p;
    },
  },
  {
    name: 'Capacity and GpuSharing factories',
    paths: ['reservation', 'timeSlicing', 'timeSlicingOptions', 'timeSlicingOptions.renameByDefault', 'timeSlicingOptions.failRequestsGreaterThanOne', 'mps'],
    declare: (ctx, path, v) => {
      const p = platform(ctx);
      const props: any = { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 2 };
      if (path === 'reservation') props.capacity = Capacity.reservation(v as string);
      if (path === 'timeSlicing') props.sharing = GpuSharing.timeSlicing(v as number);
      if (path.startsWith('timeSlicingOptions')) props.sharing = GpuSharing.timeSlicing(4, withValue({ renameByDefault: false, failRequestsGreaterThanOne: true }, path.slice(19), v));
      if (path === 'mps') props.sharing = GpuSharing.mps(v as number);
      new GpuNodePool(p, 'pool', props);
      return p;
    },
  },
  {
    name: 'MigPartitionProfile',
    paths: ['', 'id', 'gpu', 'profile', 'layout', 'layout.0', 'layout.0.profile', 'layout.0.count', 'perGpuLayouts', 'perGpuLayouts.0', 'perGpuLayouts.0.0.count',
      'strategy', 'name', 'poolMig'],
    declare: (ctx, path, v) => {
      const p = platform(ctx);
      const base: any = path.startsWith('layout') ? { gpu: GpuModel.A100_40GB, layout: [{ profile: '3g.20gb', count: 2 }] }
        : path.startsWith('perGpuLayouts') ? { gpu: GpuModel.A100_40GB, perGpuLayouts: Array.from({ length: 8 }, () => [{ profile: '1g.5gb', count: 7 }]) }
        : { gpu: GpuModel.A100_40GB, profile: '1g.5gb', name: 'slices' };
      const mig = path === 'poolMig' ? v : new MigPartitionProfile(p, path === 'id' ? v as string : 'mig', path === 'id' || path === 'poolMig' ? base : withValue(base, path, v));
      new GpuNodePool(p, 'a100', { instanceTypes: [ctx.cloud === 'aws' ? 'p4d.24xlarge' : 'a2-highgpu-1g'], maxNodes: 1, mig: mig as MigPartitionProfile });
      return p;
    },
  },
  {
    name: 'ExternalNodePool',
    paths: ['', 'id', 'name', 'nodeLabels', 'nodeLabels.eks.amazonaws.com/nodegroup', 'taints', 'taints.0', 'resources', 'resources.cpu', 'resources.memory'],
    declare: (ctx, path, v) => {
      const p = platform(ctx);
      const base = { name: 'cpu', nodeLabels: { 'eks.amazonaws.com/nodegroup': 'general' }, taints: [{ key: 'example.com/cpu', value: 'only', effect: TaintEffect.NO_SCHEDULE }],
        resources: { cpu: '64', memory: '256Gi' } };
      const pool = path === 'id' ? new ExternalNodePool(p, v as string, base) : new ExternalNodePool(p, 'cpu', withValue(base, path, v));
      new TeamNamespace(p, 'etl', { quotas: [{ pool, guaranteed: { cpu: '8', memory: '32Gi' } }] });
      return p;
    },
  },
  {
    name: 'CpuNodePool',
    paths: ['', 'id', ...Object.keys(cpuPoolProps), 'requirements.minVcpus', 'requirements.minMemoryGiB', 'requirements.architecture', 'taints.0', 'taints.0.value',
      'labels.example.com/tier', 'zones', 'zones.0', 'instanceTypes', 'instanceTypes.0'],
    declare: (ctx, path, v) => {
      const p = platform(ctx);
      const props = path.startsWith('instanceTypes')
        ? withValue({ instanceTypes: [ctx.cloud === 'aws' ? 'm7g.xlarge' : 'c4a-standard-4'], maxNodes: 2 }, path, v)
        : withValue(cpuPoolProps, path, v);
      const pool = path === 'id' ? new CpuNodePool(p, v as string, cpuPoolProps) : new CpuNodePool(p, 'cpu', props);
      new TeamNamespace(p, 'serving', { quotas: [{ pool, guaranteed: { cpu: '4', memory: '8Gi' } }] });
      return p;
    },
  },
  {
    name: 'PriorityTiers',
    paths: ['', 'id', 'tiers', 'tiers.0', 'tiers.0.name', 'tiers.0.value', 'tiers.0.interruptible', 'tiers.0.preemptsLowerTiers', 'tiers.0.description', 'defaultTier'],
    declare: (ctx, path, v) => {
      const p = platform(ctx);
      if (path === 'id') new PriorityTiers(p, v as string);
      else new PriorityTiers(p, 'tiers', withValue(tierProps, path, v));
      return p;
    },
  },
  {
    name: 'Department',
    paths: ['', 'id', 'name', 'fairShareWeight'],
    declare: (ctx, path, v) => {
      const p = platform(ctx);
      const department = path === 'id' ? new Department(p, v as string) : new Department(p, 'research', withValue({ name: 'research', fairShareWeight: 2 }, path, v));
      new TeamNamespace(p, 'vision', { department, quotas: [{ pool: l4(p), guaranteed: { 'nvidia.com/gpu': '1' } }] });
      return p;
    },
  },
  {
    name: 'TeamNamespace',
    paths: ['', 'id', ...Object.keys(teamProps), 'namespaces.0', 'adminGroups.0', 'tiers.0', 'labels.example.com/cost-center', 'objectCounts.count/jobs.batch',
      'containerDefaults.cpu', 'containerDefaults.memory', 'department', 'quotas', 'quotas.0', 'quotas.0.pool', 'quotas.0.guaranteed', 'quotas.0.guaranteed.nvidia.com/gpu',
      'quotas.0.borrowingLimit', 'quotas.0.lendingLimit.nvidia.com/gpu', 'preemption', 'preemption.reclaimWithinCohort', 'preemption.borrowWithinCohort',
      'preemption.withinTeam', 'queueingStrategy', 'localQueueName', 'storage', 'storage.0', 'storage.0.tier', 'storage.0.size', 'storage.0.maxClaims', 'storage.0.readOnly'],
    declare: (ctx, path, v) => {
      const p = platform(ctx);
      new PriorityTiers(p, 'tiers');
      const pool = l4(p);
      const kueueOnly = ctx.scheduler === 'kueue' ? { queueingStrategy: 'BestEffortFIFO', localQueueName: 'vision-queue', preemption: { reclaimWithinCohort: 'Any' } } : {};
      const data = new StorageTier(p, 'data', { kind: StorageTierKind.ARCHIVE, bucketName: 'acme-edge-team-data' });
      const base = { ...teamProps, ...kueueOnly, quotas: [{ pool, ...quotaProps }], storage: [{ tier: data, size: '1Ti', maxClaims: 2, readOnly: false }] };
      // Paths into maps whose keys hold dots are written with the key as one segment.
      const props = path.includes('/') ? withMapKey(base, path, v) : withValue(base, path, v);
      if (path === 'id') new TeamNamespace(p, v as string, base as any);
      else new TeamNamespace(p, 'vision', props);
      return p;
    },
  },
  {
    name: 'StorageTier',
    paths: ['', 'id', 'name', 'kind', 'capacityGiB', 'throughputPerTiB', 'performance', 'zone', 'allowCrossZoneMounts', 'bucketName', 'encryptionKey',
      'cacheSizeGiB', 'readOnly', 'mountPath', 'infrequentAccessAfterDays', 'transitions', 'transitions.0', 'transitions.0.afterDays', 'transitions.0.storageClass',
      'autoTiering', 'expireAfterDays', 'versioned', 'noncurrentVersionExpirationDays', 'dataRepository', 'dataRepository.tier', 'dataRepository.prefix',
      'dataRepository.fileSystemPath', 'dataRepository.autoImport', 'deployed', 'deployed.fileSystemId', 'deployed.address', 'deployed.mountName',
      'deletionProtection', 'usage', 'usage.storedGiB', 'usage.classShares', 'usage.classShares.0', 'usage.classShares.0.share', 'usage.classShares.0.storageClass',
      'usage.monthlyReadRequests', 'usage.objectCount', 'pricePerGiBMonthUsd', 'priceSource'],
    declare: (ctx, path, v) => {
      const p = platform(ctx);
      const kind = kindFor(path);
      const data = new StorageTier(p, 'data', { kind: StorageTierKind.ARCHIVE, bucketName: 'acme-edge-linked' });
      const link = { dataRepository: { tier: data, prefix: 'datasets/', fileSystemPath: '/datasets', autoImport: true } };
      const base = { ...storageTierProps(ctx, kind), ...(kind === StorageTierKind.PARALLEL ? link : {}) };
      const tier = path === 'id' ? new StorageTier(p, v as string, base as any) : new StorageTier(p, 'tier', withValue(base, path, v));
      const pool = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 2, zones: [ctx.cloud === 'aws' ? 'us-east-1a' : 'us-central1-a'] });
      new TeamNamespace(p, 'vision', { quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '1' } }], storage: [{ tier, size: '100Gi' }] });
      return p;
    },
  },
  {
    name: 'SpotFleet',
    paths: ['', 'id', ...Object.keys(fleetProps(undefined, 'us-east-1a')), 'zones.0', 'instanceTypes', 'instanceTypes.0', 'requirements', 'mig', 'sharing',
      'checkpoints.tier', 'checkpoints.claimSizePerTeam', 'checkpoints.directory'],
    declare: (ctx, path, v) => {
      const p = platform(ctx);
      new PriorityTiers(p, 'tiers');
      const tier = new StorageTier(p, 'checkpoints', { ...storageTierProps(ctx, StorageTierKind.PARALLEL), name: 'checkpoints' } as any);
      const base = fleetProps(tier, ctx.cloud === 'aws' ? 'us-east-1a' : 'us-central1-a');
      const fleet = path === 'id' ? new SpotFleet(p, v as string, base as any) : new SpotFleet(p, 'retrain', withValue(base, path, v));
      // A team of the interruptible tier with quota on the fleet: it gets the checkpoint claim.
      new TeamNamespace(p, 'vision', { tiers: ['batch'], quotas: [{ pool: fleet, guaranteed: { 'nvidia.com/gpu': '1' } }] });
      return p;
    },
  },
  {
    name: 'Budget',
    paths: ['', 'id', 'name', 'monthlyLimitUsd', 'team', 'actualThresholdsPercent', 'actualThresholdsPercent.0', 'forecastThresholdsPercent',
      'forecastThresholdsPercent.0', 'emails', 'emails.0', 'snsTopicArns', 'snsTopicArns.0', 'pubsubTopic', 'notificationChannels', 'notificationChannels.0',
      'billingAccountId', 'activateCostAllocationTags', 'cap', 'cap.roleNames', 'cap.roleNames.0', 'cap.thresholdPercent', 'cap.automatic'],
    declare: (ctx, path, v) => {
      const p = platform(ctx);
      new TeamNamespace(p, 'vision', { quotas: [{ pool: l4(p), guaranteed: { 'nvidia.com/gpu': '1' } }] });
      const base = ctx.cloud === 'aws'
        ? { name: 'vision', monthlyLimitUsd: 5000, team: 'vision', actualThresholdsPercent: [50, 100], forecastThresholdsPercent: [100], emails: ['finops@example.com'],
          snsTopicArns: ['arn:aws:sns:us-east-1:111122223333:budgets'], activateCostAllocationTags: true,
          cap: { roleNames: ['cluster-autoscaler'], thresholdPercent: 100, automatic: false } }
        : { name: 'vision', monthlyLimitUsd: 5000, team: 'vision', actualThresholdsPercent: [50, 100], forecastThresholdsPercent: [100], emails: ['finops@example.com'],
          pubsubTopic: 'projects/acme-ml-test/topics/budgets', notificationChannels: ['projects/acme-ml-test/notificationChannels/7'], billingAccountId: '012345-6789AB-CDEF01' };
      if (path === 'id') new Budget(p, v as string, base as any);
      else new Budget(p, 'VisionBudget', withValue(base, path, v));
      return p;
    },
  },
  {
    name: 'GpuModel.of, Quantity',
    paths: ['GpuModel.of', 'Quantity.parse', 'Quantity.of', 'Quantity.gibibytes', 'Quantity.times'],
    declare: (ctx, path, v) => {
      const p = platform(ctx);
      if (path === 'GpuModel.of') new GpuNodePool(p, 'pool', { gpu: GpuModel.of(v as string), maxNodes: 1 });
      if (path === 'Quantity.parse') new TeamNamespace(p, 'vision', { storageQuota: Quantity.parse(v as string).toString() });
      if (path === 'Quantity.of') new TeamNamespace(p, 'vision', { storageQuota: Quantity.of(v as number).toString() });
      if (path === 'Quantity.gibibytes') new TeamNamespace(p, 'vision', { storageQuota: Quantity.gibibytes(v as number).toString() });
      if (path === 'Quantity.times') new TeamNamespace(p, 'vision', { storageQuota: Quantity.parse('1Gi').times(v as number).toString() });
      return p;
    },
  },
];

/** `withValue` for a path whose last segments are a map key containing dots or slashes (e.g. `labels.example.com/team`). */
function withMapKey(base: any, path: string, value: unknown): any {
  const maps = ['labels', 'objectCounts', 'quotas.0.guaranteed', 'quotas.0.lendingLimit', 'nodeLabels'];
  const map = maps.find((m) => path.startsWith(`${m}.`));
  if (!map) return withValue(base, path, value);
  const key = path.slice(map.length + 1);
  const current = map.split('.').reduce((o: any, k) => o?.[k], base);
  return withValue(base, map, { ...current, [key]: value });
}

function synthesize(p: MlPlatform): { k8s: any[]; tf: any } {
  p.validatePlatform();
  const k8s = JSON.parse(JSON.stringify(p.chart.toJson()));
  const tf = JSON.parse(TfTesting.synth(p.stack as TerraformStack, true));
  return { k8s, tf };
}

const CODES = new Set<string>(Object.values(ErrorCode));

const runs: { refused: Record<string, number>; accepted: number } = { refused: {}, accepted: 0 };

/** Runs one case; returns a problem, or undefined when it ends as the boundary demands. */
function runCase(e: Entry, path: string, value: unknown, c: Ctx, conformance?: ReturnType<typeof getValidator>): string | undefined {
  let out: { k8s: any[]; tf: any };
  try {
    out = synthesize(e.declare(c, path, value));
  } catch (error) {
    if (!ValidationError.isValidationError(error) || !CODES.has(error.code) || !error.message.startsWith(`[${error.code}]`)) {
      return `${e.name} at "${path}" = ${show(value)} (${c.cloud}, ${c.scheduler}) threw something else than a coded ValidationError: ${String((error as Error)?.stack ?? error).split('\n').slice(0, 4).join(' | ')}`;
    }
    runs.refused[error.code] = (runs.refused[error.code] ?? 0) + 1;
    return undefined;
  }
  runs.accepted++;
  const problems = [...cloudProblems(out.tf), ...(conformance ? conformanceProblems((o) => conformance.validateAll(o), out.k8s) : [])];
  return problems.length > 0
    ? `${e.name} at "${path}" = ${show(value)} (${c.cloud}, ${c.scheduler}) was accepted with output the systems refuse: ${problems.slice(0, 3).join(' | ')}`
    : undefined;
}

const CASES = fc.constantFrom(...ENTRIES).chain((e) => fc.tuple(fc.constant(e), fc.constantFrom(...e.paths), odd,
  fc.record({ cloud: fc.constantFrom<'aws' | 'gcp'>('aws', 'gcp'), scheduler: fc.constantFrom<'kueue' | 'volcano'>('kueue', 'volcano') })));

describe('the public boundary: any value anywhere ends in a coded ValidationError or in accepted output', () => {
  const conformance = crdsAvailable() ? getValidator() : undefined;

  test(`${RUNS} declarations with one odd value (seed ${SEED})`, () => {
    fc.assert(fc.property(CASES, ([e, path, value, c]) => {
      const problem = runCase(e, path, value, c, conformance);
      if (problem) throw new Error(problem);
    }), { seed: SEED, numRuns: RUNS });
  }, 600_000);

  test('the runs exercised both outcomes and many error codes', () => {
    const refused = Object.values(runs.refused).reduce((a, b) => a + b, 0);
    console.info(`boundary: ${runs.accepted} accepted and conformant, ${refused} refused with ${Object.keys(runs.refused).length} codes`);
    expect(runs.accepted).toBeGreaterThan(50);
    expect(Object.keys(runs.refused).length).toBeGreaterThan(15);
  });
});

function show(value: unknown): string {
  try {
    return typeof value === 'symbol' || typeof value === 'bigint' || typeof value === 'function' ? String(value) : JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

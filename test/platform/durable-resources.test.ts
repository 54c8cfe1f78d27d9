import {
  Capacity, EksCluster, GkeCluster, GpuModel, GpuNodePool, GpuSharing, MlPlatform, ObjectStorageClass, Placement, StorageTier, StorageTierKind, TeamNamespace,
} from '../../lib';
import {
  DURABLE_RESOURCE_TYPES, REPLACEABLE_RESOURCE_TYPES, unclassifiedResourceTypes, unprotectedDurableResources,
} from '../support/durable-resources';
import { awsPlatform, gcpPlatform, terraformOf } from '../support/platforms';

const subnets = [
  { subnetId: 'subnet-0aaaaaaaaaaaaaaa1', availabilityZone: 'us-east-1a' },
  { subnetId: 'subnet-0bbbbbbbbbbbbbbb2', availabilityZone: 'us-east-1b' },
];

/**
 * Pools that bring every kind of cloud resource a pool renders (placement group, EFA security group, autoscaler tags), and
 * a storage tier of every kind, given to a team (bucket access grants).
 */
function pools(p: MlPlatform, zone?: string): void {
  new GpuNodePool(p, 'h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: 2, placement: Placement.COMPACT, zones: zone ? [zone] : undefined });
  new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4, capacity: Capacity.spot() });
  new GpuNodePool(p, 'l4-shared', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 2, sharing: GpuSharing.timeSlicing(4) });
  const data = new StorageTier(p, 'data', {
    kind: StorageTierKind.ARCHIVE, bucketName: `acme-${p.platformName}-data`, versioned: true, transitions: [{ afterDays: 30, storageClass: ObjectStorageClass.INFREQUENT_ACCESS }],
  });
  new StorageTier(p, 'hot', { kind: StorageTierKind.PARALLEL, dataRepository: { tier: data } });
  new StorageTier(p, 'home', { kind: StorageTierKind.SHARED });
  new StorageTier(p, 'weights', { kind: StorageTierKind.CACHE, bucketName: `acme-${p.platformName}-weights` });
  new TeamNamespace(p, 'vision', { adminGroups: ['vision-leads@example.com'], storage: [{ tier: data, size: '1Ti' }] });
}

/** Every platform shape that renders cloud resources: created and existing clusters, with and without the options that add resources. */
const PLATFORMS: [string, () => MlPlatform][] = [
  ['EKS, created, with access entries and a given key', () => awsPlatform({
    cluster: EksCluster.create({
      clusterName: 'ml', vpcId: 'vpc-0123456789abcdef0', subnets, secretsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/k',
      accessEntries: [{ principalArn: 'arn:aws:iam::111122223333:role/vision', kubernetesGroups: ['vision-leads@example.com'] }],
    }),
  })],
  ['EKS, created, defaults', () => awsPlatform({ cluster: EksCluster.create({ clusterName: 'ml', vpcId: 'vpc-0123456789abcdef0', subnets }) })],
  ['EKS, existing', () => awsPlatform()],
  ['GKE, created, defaults', () => gcpPlatform({ cluster: GkeCluster.create({ clusterName: 'ml', network: 'vpc', subnetwork: 'nodes' }) })],
  ['GKE, created, Google Groups, a given key', () => gcpPlatform({
    cluster: GkeCluster.create({
      clusterName: 'ml', network: 'vpc', subnetwork: 'nodes', rbacSecurityGroup: 'gke-security-groups@example.com',
      secretsKeyName: 'projects/acme-ml-sec/locations/us-central1/keyRings/gke/cryptoKeys/secrets',
    }),
  })],
  ['GKE, existing', () => gcpPlatform()],
];

function cloudLayer(name: string, make: () => MlPlatform): any {
  const p = make();
  pools(p, name.startsWith('GKE') ? 'us-central1-a' : undefined);
  return terraformOf(p);
}

describe('durable resources are protected from destruction', () => {
  const layers = PLATFORMS.map(([name, make]) => [name, cloudLayer(name, make)] as const);

  test.each(layers)('%s: every resource of a durable type has lifecycle.prevent_destroy', (_name, tf) => {
    expect(unprotectedDurableResources(tf)).toEqual([]);
  });

  test.each(layers)('%s: every resource type is classified as durable or replaceable', (_name, tf) => {
    expect(unclassifiedResourceTypes(tf)).toEqual([]);
  });

  test('the platforms above render every durable type the library has today, so the check is not vacuous', () => {
    const rendered = new Set(layers.flatMap(([, tf]) => Object.keys(tf.resource)));
    expect(DURABLE_RESOURCE_TYPES.filter((t) => rendered.has(t)).sort()).toEqual([
      'aws_efs_file_system', 'aws_eks_cluster', 'aws_fsx_lustre_file_system', 'aws_kms_key', 'aws_s3_bucket',
      'google_container_cluster', 'google_filestore_instance', 'google_kms_crypto_key', 'google_kms_key_ring', 'google_lustre_instance', 'google_storage_bucket',
    ]);
    expect(REPLACEABLE_RESOURCE_TYPES.filter((t) => !rendered.has(t))).toEqual([]);
  });

  test('the check fails on a durable resource without prevent_destroy, and on a type nobody classified', () => {
    const tf = structuredClone(layers[1][1]);
    const [clusterId] = Object.keys(tf.resource.aws_eks_cluster);
    delete tf.resource.aws_eks_cluster[clusterId].lifecycle;
    tf.resource.aws_s3_bucket = { datasets: { bucket: 'ml-datasets' } };
    tf.resource.aws_fsx_lustre_file_system = { scratch: { lifecycle: { prevent_destroy: false } } };
    tf.resource.aws_dynamodb_table = { locks: { name: 'locks' } };
    expect(unprotectedDurableResources(tf).sort()).toEqual([
      `aws_eks_cluster.${clusterId}`, 'aws_fsx_lustre_file_system.scratch', 'aws_s3_bucket.datasets',
    ]);
    expect(unclassifiedResourceTypes(tf)).toEqual(['aws_dynamodb_table']);
  });

  test('deletionProtection: false is the documented opt-out: the cluster and its key lose prevent_destroy, nothing else changes', () => {
    const eks = terraformOf(awsPlatform({ cluster: EksCluster.create({ clusterName: 'ml', vpcId: 'vpc-0123456789abcdef0', subnets, deletionProtection: false }) }));
    expect(unprotectedDurableResources(eks).map((r) => r.split('.')[0]).sort()).toEqual(['aws_eks_cluster', 'aws_kms_key']);
    const gke = terraformOf(gcpPlatform({ cluster: GkeCluster.create({ clusterName: 'ml', network: 'vpc', subnetwork: 'nodes', deletionProtection: false }) }));
    expect(unprotectedDurableResources(gke).map((r) => r.split('.')[0]).sort()).toEqual(['google_container_cluster', 'google_kms_crypto_key', 'google_kms_key_ring']);
  });
});

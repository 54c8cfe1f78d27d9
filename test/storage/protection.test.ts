import { EksCluster, GkeCluster, StorageTier, StorageTierKind } from '../../lib';
import { cloudProblems } from '../support/cloud-rules';
import { DURABLE_RESOURCE_TYPES, unclassifiedResourceTypes, unprotectedDurableResources } from '../support/durable-resources';
import { awsPlatform, gcpPlatform, resources, terraformOf } from '../support/platforms';
import { STORAGE_RULES, storageProtectionProblems } from '../support/storage-protection';
import { tierPlatform } from './fixtures';

const subnets = [
  { subnetId: 'subnet-0aaaaaaaaaaaaaaa1', availabilityZone: 'us-east-1a' },
  { subnetId: 'subnet-0bbbbbbbbbbbbbbb2', availabilityZone: 'us-east-1b' },
];

/** Every tier kind on existing and created clusters of both clouds. */
const LAYERS: Array<[string, () => any]> = [
  ['EKS, existing cluster', () => terraformOf(tierPlatform('aws').platform)],
  ['GKE, existing cluster', () => terraformOf(tierPlatform('gcp').platform)],
  ['EKS, created cluster', () => {
    const p = awsPlatform({ cluster: EksCluster.create({ clusterName: 'ml', vpcId: 'vpc-0123456789abcdef0', subnets }) });
    new StorageTier(p, 'hot', { kind: StorageTierKind.PARALLEL });
    new StorageTier(p, 'home', { kind: StorageTierKind.SHARED });
    new StorageTier(p, 'ckpt', { kind: StorageTierKind.ARCHIVE, bucketName: 'acme-ml-ckpt', versioned: true });
    return terraformOf(p);
  }],
  ['GKE, created cluster', () => {
    const p = gcpPlatform({ cluster: GkeCluster.create({ clusterName: 'ml', network: 'ml-vpc', subnetwork: 'projects/acme-ml-test/regions/us-central1/subnetworks/nodes' }) });
    new StorageTier(p, 'hot', { kind: StorageTierKind.PARALLEL });
    new StorageTier(p, 'home', { kind: StorageTierKind.SHARED });
    new StorageTier(p, 'ckpt', { kind: StorageTierKind.ARCHIVE, bucketName: 'acme-ml-ckpt', autoTiering: true });
    return terraformOf(p);
  }],
];

describe('every durable storage resource is protected from deletion, encrypted and private', () => {
  const layers = LAYERS.map(([name, make]) => [name, make()] as const);

  test.each(layers)('%s: no problem', (_name, tf) => {
    expect(storageProtectionProblems(tf, DURABLE_RESOURCE_TYPES)).toEqual([]);
    expect(unprotectedDurableResources(tf)).toEqual([]);
    expect(unclassifiedResourceTypes(tf)).toEqual([]);
    expect(cloudProblems(tf)).toEqual([]);
  });

  test('the layers render every storage type that has rules, so no rule is vacuous', () => {
    const rendered = new Set(layers.flatMap(([, tf]) => Object.keys(tf.resource)));
    expect(Object.keys(STORAGE_RULES).filter((t) => !rendered.has(t))).toEqual([]);
  });

  const aws = () => structuredClone(layers[0][1]);
  const gcp = () => structuredClone(layers[1][1]);
  const firstId = (tf: any, type: string) => Object.keys(tf.resource[type])[0];

  test.each<[string, () => any, RegExp]>([
    ['a bucket without its SSE-KMS configuration', () => {
      const tf = aws();
      delete tf.resource.aws_s3_bucket_server_side_encryption_configuration;
      return tf;
    }, /aws_s3_bucket\.\S+: encryption: no SSE-KMS/],
    ['a bucket whose public access block is partial', () => {
      const tf = aws();
      for (const b of Object.values<any>(tf.resource.aws_s3_bucket_public_access_block)) b.restrict_public_buckets = false;
      return tf;
    }, /aws_s3_bucket\.\S+: privateAccess: public access not blocked/],
    ['a bucket policy that allows plain HTTP', () => {
      const tf = aws();
      for (const p of Object.values<any>(tf.resource.aws_s3_bucket_policy)) p.policy = JSON.stringify({ Statement: [] });
      return tf;
    }, /privateAccess: non-TLS requests not denied/],
    ['an EFS file system without a key', () => {
      const tf = aws();
      delete tf.resource.aws_efs_file_system[firstId(tf, 'aws_efs_file_system')].kms_key_id;
      return tf;
    }, /aws_efs_file_system\.\S+: encryption/],
    ['a file system security group open to an address range', () => {
      const tf = aws();
      const rule = Object.values<any>(tf.resource.aws_vpc_security_group_ingress_rule)[0];
      delete rule.referenced_security_group_id;
      rule.cidr_ipv4 = '0.0.0.0/0';
      return tf;
    }, /privateAccess: security group \S+ admits something other than a security group/],
    ['an FSx file system without a key', () => {
      const tf = aws();
      delete tf.resource.aws_fsx_lustre_file_system[firstId(tf, 'aws_fsx_lustre_file_system')].kms_key_id;
      return tf;
    }, /aws_fsx_lustre_file_system\.\S+: encryption/],
    ['a GCS bucket without uniform bucket-level access', () => {
      const tf = gcp();
      tf.resource.google_storage_bucket[firstId(tf, 'google_storage_bucket')].uniform_bucket_level_access = false;
      return tf;
    }, /google_storage_bucket\.\S+: privateAccess: uniform bucket-level access off/],
    ['a GCS bucket without its key', () => {
      const tf = gcp();
      delete tf.resource.google_storage_bucket[firstId(tf, 'google_storage_bucket')].encryption;
      return tf;
    }, /google_storage_bucket\.\S+: encryption/],
    ['a Filestore share exported to everyone', () => {
      const tf = gcp();
      tf.resource.google_filestore_instance[firstId(tf, 'google_filestore_instance')].file_shares.nfs_export_options = [{ ip_ranges: ['0.0.0.0/0'] }];
      return tf;
    }, /google_filestore_instance\.\S+: privateAccess: NFS export not limited/],
    ['a Filestore instance without its deletion protection', () => {
      const tf = gcp();
      tf.resource.google_filestore_instance[firstId(tf, 'google_filestore_instance')].deletion_protection_enabled = false;
      return tf;
    }, /google_filestore_instance\.\S+: deletion: deletion protection off/],
  ])('the check fails on %s', (_what, broken, problem) => {
    expect(storageProtectionProblems(broken(), DURABLE_RESOURCE_TYPES)).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });

  test('the check fails on a new storage type nobody wrote protection rules for', () => {
    const tf = gcp();
    tf.resource.google_parallelstore_instance = { scratch: { capacity_gib: '12000', lifecycle: { prevent_destroy: true } } };
    expect(storageProtectionProblems(tf, [...DURABLE_RESOURCE_TYPES, 'google_parallelstore_instance']))
      .toEqual(['google_parallelstore_instance.scratch: no protection rules for this storage type']);
    // ... and before that, on a type nobody classified as durable or replaceable.
    expect(unclassifiedResourceTypes(tf)).toEqual(['google_parallelstore_instance']);
  });
});

describe('deletionProtection: false is the explicit opt-out', () => {
  test.each(['aws', 'gcp'] as const)('%s: the tier\'s file system, bucket and key lose prevent_destroy (and Filestore its flag); nothing else changes', (cloud) => {
    const p = cloud === 'aws' ? awsPlatform() : gcpPlatform();
    for (const kind of [StorageTierKind.PARALLEL, StorageTierKind.SHARED, StorageTierKind.ARCHIVE]) {
      new StorageTier(p, kind, { kind, deletionProtection: false, bucketName: kind === StorageTierKind.ARCHIVE ? `acme-${cloud}-scratch` : undefined });
    }
    const tf = terraformOf(p);
    const types = unprotectedDurableResources(tf).map((r) => r.split('.')[0]).sort();
    expect(types).toEqual(cloud === 'aws'
      ? ['aws_efs_file_system', 'aws_fsx_lustre_file_system', 'aws_kms_key', 'aws_kms_key', 'aws_kms_key', 'aws_s3_bucket']
      // The key ring stays protected (Cloud KMS never deletes one), the Lustre instance has no key to lose.
      : ['google_filestore_instance', 'google_kms_crypto_key', 'google_kms_crypto_key', 'google_lustre_instance', 'google_storage_bucket']);
    if (cloud === 'gcp') expect(resources(tf, 'google_filestore_instance')[0].deletion_protection_enabled).toBe(false);
    // Encryption and private access do not depend on the opt-out.
    expect(storageProtectionProblems(tf, DURABLE_RESOURCE_TYPES).filter((x) => !x.includes(': deletion: '))).toEqual([]);
  });
});

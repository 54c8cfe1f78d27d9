import { JsonPatch } from 'cdk8s';
import { ObjectStorageClass, StoragePerformance, StorageTier, StorageTierKind } from '../../lib';
import { kubernetesOf, objectNamed, resources, terraformOf } from '../support/platforms';
import { tierPlatform } from './fixtures';

const only = (tf: any, type: string) => {
  const list = resources(tf, type);
  expect(list).toHaveLength(1);
  return list[0];
};
const ref = (type: string, tf: any) => `\${${type}.${Object.keys(tf.resource[type])[0]}`;

describe('AWS: the service each kind renders to', () => {
  const t = tierPlatform('aws');
  const tf = terraformOf(t.platform);
  const k8s = kubernetesOf(t.platform);

  test('PARALLEL: FSx for Lustre PERSISTENT_2 SSD in the tier\'s zone, encrypted with the tier\'s key, linked to the archive bucket', () => {
    const fs = only(tf, 'aws_fsx_lustre_file_system');
    expect(fs).toMatchObject({
      deployment_type: 'PERSISTENT_2', storage_type: 'SSD', storage_capacity: 1200, per_unit_storage_throughput: 250,
      subnet_ids: ['subnet-0aaaaaaaaaaaaaaa1'], data_compression_type: 'LZ4', skip_final_backup: false, lifecycle: { prevent_destroy: true },
    });
    expect(fs.kms_key_id).toMatch(/^\$\{aws_kms_key\..+\.arn\}$/);
    expect(only(tf, 'aws_fsx_data_repository_association')).toMatchObject({
      file_system_id: expect.stringContaining(ref('aws_fsx_lustre_file_system', tf)),
      file_system_path: '/datasets',
      data_repository_path: 's3://acme-aws-datasets/datasets/',
      delete_data_in_filesystem: false,
      s3: { auto_import_policy: { events: ['NEW', 'CHANGED', 'DELETED'] }, auto_export_policy: { events: ['NEW', 'CHANGED', 'DELETED'] } },
    });
    expect(t.hot.service).toBe('Amazon FSx for Lustre (PERSISTENT_2, SSD, 250 MB/s/TiB, 1200 GiB, us-east-1a)');
    expect(t.hot.csiDriver).toBe('fsx.csi.aws.com');
    expect(t.hot.zone).toBe('us-east-1a');
  });

  test('Lustre ports are open to the cluster security group and the file servers themselves, nothing else', () => {
    const fs = only(tf, 'aws_fsx_lustre_file_system');
    const group = fs.security_group_ids[0].match(/aws_security_group\.([^.]+)\.id/)[1];
    const rules = resources(tf, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id.includes(`aws_security_group.${group}.`));
    expect(rules.map((r) => [r.from_port, r.to_port, r.referenced_security_group_id.startsWith('sg-') ? 'nodes' : 'self']).sort())
      .toEqual([[1018, 1023, 'nodes'], [1018, 1023, 'self'], [988, 988, 'nodes'], [988, 988, 'self']]);
  });

  test('SHARED: EFS, regional (a mount target per zone), Infrequent Access after 30 days and back on first access, TLS only, backed up', () => {
    expect(only(tf, 'aws_efs_file_system')).toMatchObject({
      encrypted: true, throughput_mode: 'bursting', performance_mode: 'generalPurpose',
      lifecycle_policy: [{ transition_to_ia: 'AFTER_30_DAYS' }, { transition_to_primary_storage_class: 'AFTER_1_ACCESS' }],
    });
    expect(resources(tf, 'aws_efs_mount_target').map((m) => m.subnet_id).sort()).toEqual(['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2']);
    expect(only(tf, 'aws_efs_backup_policy').backup_policy).toEqual({ status: 'ENABLED' });
    const nfs = resources(tf, 'aws_vpc_security_group_ingress_rule').filter((r) => r.from_port === 2049);
    expect(nfs).toEqual([expect.objectContaining({ to_port: 2049, ip_protocol: 'tcp', referenced_security_group_id: 'sg-0123456789abcdef0' })]);
    expect(t.notebooks.zone).toBeUndefined();
  });

  test('ARCHIVE: S3 with Standard-IA then Glacier, versioned with noncurrent versions kept 14 days, stale uploads aborted', () => {
    const lifecycle = resources(tf, 'aws_s3_bucket_lifecycle_configuration').find((l) => l.rule.some((r: any) => r.id === 'tiering'));
    expect(lifecycle.rule).toEqual([
      { id: 'abort-incomplete-uploads', status: 'Enabled', filter: [{ prefix: '' }], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] },
      { id: 'tiering', status: 'Enabled', filter: [{ prefix: '' }], transition: [{ days: 30, storage_class: 'STANDARD_IA' }, { days: 120, storage_class: 'GLACIER' }] },
      {
        id: 'noncurrent-versions', status: 'Enabled', filter: [{ prefix: '' }],
        noncurrent_version_expiration: [{ noncurrent_days: 14 }], expiration: [{ expired_object_delete_marker: true }],
      },
    ]);
    expect(only(tf, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(resources(tf, 'aws_s3_bucket').map((b) => b.bucket).sort()).toEqual(['acme-aws-datasets', 'acme-aws-weights']);
  });

  test('CACHE: S3 mounted by the Mountpoint CSI driver with an emptyDir cache of the size asked, read-only by default', () => {
    const pv = objectNamed(k8s, 'PersistentVolume', 'weights.vision');
    expect(pv.spec.csi).toEqual({
      driver: 's3.csi.aws.com', volumeHandle: 'weights.vision', readOnly: true,
      volumeAttributes: { bucketName: 'acme-aws-weights', cache: 'emptyDir', cacheEmptyDirSizeLimit: '100Gi' },
    });
    expect(pv.spec.mountOptions).toEqual(['region us-east-1', 'allow-other', 'read-only']);
    expect(pv.spec.accessModes).toEqual(['ReadOnlyMany']);
  });

  test('StorageClasses name their CSI driver; the file systems whose driver would create new ones from a claim get no provisioner', () => {
    const provisioners = Object.fromEntries(k8s.filter((o) => o.kind === 'StorageClass').map((o) => [o.metadata.name, o.provisioner]));
    expect(provisioners).toEqual({ datasets: 's3.csi.aws.com', hot: 'kubernetes.io/no-provisioner', notebooks: 'efs.csi.aws.com', weights: 's3.csi.aws.com' });
    const hot = objectNamed(k8s, 'StorageClass', 'hot');
    expect(hot).toMatchObject({ reclaimPolicy: 'Retain', volumeBindingMode: 'Immediate', allowVolumeExpansion: false });
    expect(hot.metadata.annotations).toMatchObject({
      'ml-platform-cdk.io/csi-driver': 'fsx.csi.aws.com',
      'ml-platform-cdk.io/data-repository': 'acme-aws-datasets/datasets/ -> /datasets',
    });
  });

  test('each tier is tagged with its name; the deploy-time attributes are a Terraform output named after the platform and tier', () => {
    expect(only(tf, 'aws_fsx_lustre_file_system').tags).toEqual({ Name: 'aws-test-hot', 'ml-platform-cdk:storage-tier': 'hot' });
    expect(Object.keys(tf.output).sort()).toEqual(['storage__aws-test__hot', 'storage__aws-test__notebooks']);
    expect(tf.output['storage__aws-test__hot'].value).toEqual({
      fileSystemId: `${ref('aws_fsx_lustre_file_system', tf)}.id}`, address: `${ref('aws_fsx_lustre_file_system', tf)}.dns_name}`,
      mountName: `${ref('aws_fsx_lustre_file_system', tf)}.mount_name}`,
    });
  });
});

describe('GCP: the service each kind renders to', () => {
  const t = tierPlatform('gcp');
  const tf = terraformOf(t.platform);
  const k8s = kubernetesOf(t.platform);

  test('PARALLEL: Managed Lustre (the pinned provider has google_lustre_instance) in the tier\'s zone, on the cluster\'s network, usable by GKE', () => {
    expect(only(tf, 'google_lustre_instance')).toMatchObject({
      instance_id: 'gcp-test-hot', location: 'us-central1-a', filesystem: 'hot', capacity_gib: '18000', per_unit_storage_throughput: '250',
      network: 'projects/acme-ml-test/global/networks/ml-vpc', gke_support_enabled: true, lifecycle: { prevent_destroy: true },
    });
    expect(objectNamed(k8s, 'PersistentVolume', 'hot.vision').spec.csi).toEqual({
      driver: 'lustre.csi.storage.gke.io', volumeHandle: 'acme-ml-test/us-central1-a/gcp-test-hot', volumeAttributes: { ip: '10.90.0.2', filesystem: 'hot' },
    });
    expect(t.hot.service).toContain('Google Cloud Managed Lustre');
  });

  test('SHARED: Filestore Basic HDD in the zone, its smallest size, NFS export limited to the nodes\' subnetwork, deletion protection on', () => {
    const fs = only(tf, 'google_filestore_instance');
    expect(fs).toMatchObject({
      name: 'gcp-test-notebooks', tier: 'BASIC_HDD', location: 'us-central1-a', deletion_protection_enabled: true,
      networks: [{ network: 'ml-vpc', modes: ['MODE_IPV4'], connect_mode: 'DIRECT_PEERING' }],
      file_shares: { name: 'data', capacity_gb: 1024, nfs_export_options: [{ access_mode: 'READ_WRITE', squash_mode: 'NO_ROOT_SQUASH', ip_ranges: [expect.stringContaining('ip_cidr_range')] }] },
    });
    expect(fs.kms_key_name).toMatch(/google_kms_crypto_key\..+\.id/);
    expect(objectNamed(k8s, 'PersistentVolume', 'notebooks.vision').spec.csi.volumeHandle).toBe('modeInstance/us-central1-a/gcp-test-notebooks/data');
  });

  test('HIGH performance picks Filestore zonal and checks its capacity bands', () => {
    const p = tierPlatform('gcp').platform;
    new StorageTier(p, 'fast', { kind: StorageTierKind.SHARED, performance: StoragePerformance.HIGH, capacityGiB: 10240 });
    expect(resources(terraformOf(p), 'google_filestore_instance').find((f) => f.name === 'gcp-test-fast')).toMatchObject({ tier: 'ZONAL', file_shares: { capacity_gb: 10240 } });
  });

  test('ARCHIVE: a regional bucket with uniform access and public access prevention, classes moving NEARLINE then ARCHIVE, versions expiring', () => {
    const bucket = resources(tf, 'google_storage_bucket').find((b) => b.name === 'acme-gcp-datasets');
    expect(bucket).toMatchObject({
      location: 'us-central1', storage_class: 'STANDARD', uniform_bucket_level_access: true, public_access_prevention: 'enforced', force_destroy: false,
      versioning: { enabled: true },
    });
    expect(bucket.lifecycle_rule).toEqual([
      { action: { type: 'AbortIncompleteMultipartUpload' }, condition: { age: 7 } },
      { action: { type: 'SetStorageClass', storage_class: 'NEARLINE' }, condition: { age: 30, matches_storage_class: ['STANDARD'] } },
      { action: { type: 'SetStorageClass', storage_class: 'ARCHIVE' }, condition: { age: 120, matches_storage_class: ['STANDARD', 'NEARLINE'] } },
      { action: { type: 'Delete' }, condition: { days_since_noncurrent_time: 14, with_state: 'ARCHIVED' } },
    ]);
  });

  test('autoTiering is Autoclass down to ARCHIVE', () => {
    const p = tierPlatform('gcp').platform;
    new StorageTier(p, 'auto', { kind: StorageTierKind.ARCHIVE, bucketName: 'acme-gcp-auto', autoTiering: true });
    const bucket = resources(terraformOf(p), 'google_storage_bucket').find((b) => b.name === 'acme-gcp-auto');
    expect(bucket.autoclass).toEqual({ enabled: true, terminal_storage_class: 'ARCHIVE' });
  });

  test('CACHE: Cloud Storage FUSE with its file cache; pods need the sidecar annotation, which storageMount gives', () => {
    const pv = objectNamed(k8s, 'PersistentVolume', 'weights.vision');
    expect(pv.spec.csi).toEqual({
      driver: 'gcsfuse.csi.storage.gke.io', volumeHandle: 'acme-gcp-weights', readOnly: true,
      volumeAttributes: { fileCacheCapacity: '100Gi', fileCacheForRangeRead: 'true' },
    });
    expect(pv.spec.mountOptions).toEqual(['implicit-dirs']);
    expect(t.vision.storageMount(t.weights)).toEqual({
      tierName: 'weights', claimName: 'weights', mountPath: '/mnt/weights', readOnly: true, podAnnotations: { 'gke-gcsfuse/volumes': 'true' },
    });
  });

  test('bucket access for the team\'s namespaces goes through workload identity, read-only grants as object viewers', () => {
    const members = resources(tf, 'google_storage_bucket_iam_member').map((m) => [m.bucket, m.role, m.member.replace(/.*\/namespace\//, '')]).sort();
    expect(members).toEqual([
      ['acme-gcp-datasets', 'roles/storage.objectUser', 'vision'],
      ['acme-gcp-datasets', 'roles/storage.objectUser', 'vision-dev'],
      ['acme-gcp-weights', 'roles/storage.objectViewer', 'vision'],
      ['acme-gcp-weights', 'roles/storage.objectViewer', 'vision-dev'],
    ]);
    expect(resources(tf, 'google_storage_bucket_iam_member')[0].member)
      .toMatch(new RegExp('^principalSet://iam\\.googleapis\\.com/projects/\\$\\{data\\.google_project\\..+\\.number\\}/locations/global/'
        + 'workloadIdentityPools/acme-ml-test\\.svc\\.id\\.goog/namespace/'));
  });

  test('buckets and Filestore share a key ring; each tier has its own rotating key the service agent may use', () => {
    expect(only(tf, 'google_kms_key_ring')).toMatchObject({ name: 'gcp-test-storage', location: 'us-central1', lifecycle: { prevent_destroy: true } });
    const keys = resources(tf, 'google_kms_crypto_key');
    expect(keys.map((k) => k.name).sort()).toEqual(['datasets', 'notebooks', 'weights']);
    expect(keys.every((k) => k.rotation_period === '7776000s')).toBe(true);
    expect(resources(tf, 'google_kms_crypto_key_iam_member').map((m) => m.member).sort()).toEqual([
      expect.stringMatching(/^serviceAccount:\$\{data\.google_storage_project_service_account\./),
      expect.stringMatching(/^serviceAccount:\$\{data\.google_storage_project_service_account\./),
      expect.stringMatching(/^serviceAccount:service-\$\{data\.google_project\..+\.number\}@cloud-filer\.iam\.gserviceaccount\.com$/),
    ]);
  });
});

describe('given keys, user names and the escape hatches', () => {
  test('a given key is used and none is created', () => {
    const t = tierPlatform('aws');
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    new StorageTier(t.platform, 'own-key', { kind: StorageTierKind.ARCHIVE, bucketName: 'acme-own-key', encryptionKey: key });
    const tf = terraformOf(t.platform);
    const sse = resources(tf, 'aws_s3_bucket_server_side_encryption_configuration').map((c) => c.rule[0].apply_server_side_encryption_by_default.kms_master_key_id);
    expect(sse).toContain(key);
    expect(resources(tf, 'aws_kms_key')).toHaveLength(4);
  });

  test('the StorageClass is an escape hatch; patches reach the manifest', () => {
    const t = tierPlatform('aws');
    t.datasets.storageClass.addJsonPatch(JsonPatch.add('/metadata/annotations/example.com~1owner', 'data-platform'));
    expect(objectNamed(kubernetesOf(t.platform), 'StorageClass', 'datasets').metadata.annotations['example.com/owner']).toBe('data-platform');
  });

  test('the platform lists its tiers by name; the default mount path is /mnt/<tier>', () => {
    const t = tierPlatform('gcp');
    expect(t.platform.storageTiers.map((x) => x.tierName)).toEqual(['datasets', 'hot', 'notebooks', 'weights']);
    expect(t.datasets.mountPath).toBe('/mnt/datasets');
    expect(StorageTier.isStorageTier(t.hot)).toBe(true);
    expect(StorageTier.isStorageTier(t.vision)).toBe(false);
    expect(t.hot.kind).toBe(StorageTierKind.PARALLEL);
  });

  test('a DEEP_ARCHIVE transition is an S3 Glacier Deep Archive transition', () => {
    const t = tierPlatform('aws');
    new StorageTier(t.platform, 'cold', {
      kind: StorageTierKind.ARCHIVE, bucketName: 'acme-cold',
      transitions: [{ afterDays: 0, storageClass: ObjectStorageClass.COLD }, { afterDays: 180, storageClass: ObjectStorageClass.DEEP_ARCHIVE }],
      expireAfterDays: 3650,
    });
    const rules = resources(terraformOf(t.platform), 'aws_s3_bucket_lifecycle_configuration').flatMap((l) => l.rule).filter((r) => r.id === 'tiering');
    expect(rules).toContainEqual(expect.objectContaining({
      transition: [{ days: 0, storage_class: 'GLACIER_IR' }, { days: 180, storage_class: 'DEEP_ARCHIVE' }], expiration: [{ days: 3650 }],
    }));
  });
});

import { Construct } from 'constructs';
import {
  EksCluster, ErrorCode, GkeCluster, MlPlatform, ObjectStorageClass, StorageTier, StorageTierKind, StorageTierProps, TeamNamespace,
} from '../../lib';
import { awsPlatform, existingEks, gcpPlatform, validationErrorOf } from '../support/platforms';

const ARCHIVE = StorageTierKind.ARCHIVE;
const PARALLEL = StorageTierKind.PARALLEL;
const SHARED = StorageTierKind.SHARED;
const CACHE = StorageTierKind.CACHE;
const IA = ObjectStorageClass.INFREQUENT_ACCESS;

type Cloud = 'aws' | 'gcp';
const platformOn = (cloud: Cloud) => (cloud === 'aws' ? awsPlatform() : gcpPlatform());
const tier = (props: Record<string, unknown>) => (p: MlPlatform) => new StorageTier(p, 'tier', props as unknown as StorageTierProps);

/** One row per rule: the cloud, what is declared, the code it ends in, and a word the message must contain. */
const RULES: Array<[string, Cloud, (p: MlPlatform) => unknown, ErrorCode, RegExp]> = [
  // Cloud-neutral checks
  ['props that are not an object', 'aws', (p) => new StorageTier(p, 'tier', null as any), ErrorCode.STORAGE_OPTION_INVALID, /must be an object/],
  ['a kind spelled as its constant name', 'aws', tier({ kind: 'ARCHIVE' }), ErrorCode.STORAGE_OPTION_INVALID, /constant's name/],
  ['an option of another kind (throughput on an archive)', 'aws', tier({ kind: ARCHIVE, throughputPerTiB: 250 }), ErrorCode.STORAGE_OPTION_INVALID, /PARALLEL/],
  ['a capacity given as a string', 'aws', tier({ kind: PARALLEL, capacityGiB: '1200' }), ErrorCode.STORAGE_SIZE_INVALID, /capacityGiB/],
  ['a throughput given as a string', 'aws', tier({ kind: PARALLEL, throughputPerTiB: '250' }), ErrorCode.STORAGE_THROUGHPUT_INVALID, /throughputPerTiB/],
  ['transitions to a warmer class', 'aws', tier({ kind: ARCHIVE, transitions: [{ afterDays: 30, storageClass: ObjectStorageClass.ARCHIVE }, { afterDays: 90, storageClass: IA }] }),
    ErrorCode.STORAGE_LIFECYCLE_INVALID, /colder/],
  ['transitions out of order', 'gcp', tier({ kind: ARCHIVE, transitions: [{ afterDays: 90, storageClass: IA }, { afterDays: 60, storageClass: ObjectStorageClass.COLD }] }),
    ErrorCode.STORAGE_LIFECYCLE_INVALID, /later/],
  ['a transition to STANDARD', 'gcp', tier({ kind: ARCHIVE, transitions: [{ afterDays: 30, storageClass: ObjectStorageClass.STANDARD }] }), ErrorCode.STORAGE_LIFECYCLE_INVALID, /colder class/],
  ['auto tiering with transitions', 'gcp', tier({ kind: ARCHIVE, autoTiering: true, transitions: [{ afterDays: 30, storageClass: IA }] }), ErrorCode.STORAGE_LIFECYCLE_INVALID, /not both|does not combine/],
  ['expiry before the last transition', 'aws', tier({ kind: ARCHIVE, transitions: [{ afterDays: 30, storageClass: IA }], expireAfterDays: 30 }), ErrorCode.STORAGE_LIFECYCLE_INVALID, /before their last/],
  ['noncurrent expiry on an unversioned bucket', 'aws', tier({ kind: ARCHIVE, noncurrentVersionExpirationDays: 7 }), ErrorCode.STORAGE_LIFECYCLE_INVALID, /versioned/],
  ['a link to something that is not a tier', 'aws', tier({ kind: PARALLEL, dataRepository: { tier: {} } }), ErrorCode.STORAGE_LINK_INVALID, /not a storage tier/],
  ['a link to a parallel tier', 'aws', (p) => {
    const other = new StorageTier(p, 'other', { kind: PARALLEL });
    return new StorageTier(p, 'tier', { kind: PARALLEL, dataRepository: { tier: other } });
  }, ErrorCode.STORAGE_LINK_INVALID, /object storage/],
  ['a link to a tier of another platform', 'aws', (p) => {
    const elsewhere = new StorageTier(awsPlatform({}, 'elsewhere'), 'data', { kind: ARCHIVE, bucketName: 'acme-elsewhere' });
    return new StorageTier(p, 'tier', { kind: PARALLEL, dataRepository: { tier: elsewhere } });
  }, ErrorCode.STORAGE_LINK_INVALID, /not a storage tier of this platform/],
  ['a link prefix without its trailing slash', 'aws', (p) => {
    const data = new StorageTier(p, 'data', { kind: ARCHIVE, bucketName: 'acme-data' });
    return new StorageTier(p, 'tier', { kind: PARALLEL, dataRepository: { tier: data, prefix: 'datasets' } });
  }, ErrorCode.STORAGE_LINK_INVALID, /prefix/],
  ['deployed attributes that are not an object', 'aws', tier({ kind: PARALLEL, deployed: 'fs-1' }), ErrorCode.STORAGE_ATTRIBUTES_INVALID, /must be an object/],
  ['class shares above the whole', 'aws', tier({ kind: ARCHIVE, usage: { classShares: [{ storageClass: ObjectStorageClass.STANDARD, share: 0.7 }, { storageClass: IA, share: 0.4 }] } }),
    ErrorCode.STORAGE_OPTION_INVALID, /add up to/],
  ['a price without its source', 'aws', tier({ kind: PARALLEL, pricePerGiBMonthUsd: 0.14 }), ErrorCode.STORAGE_PRICE_INVALID, /priceSource/],
  ['a price of zero', 'gcp', tier({ kind: SHARED, pricePerGiBMonthUsd: 0, priceSource: 'quote' }), ErrorCode.STORAGE_PRICE_INVALID, /hide the cost/],
  ['a relative mount path', 'aws', tier({ kind: CACHE, mountPath: 'data' }), ErrorCode.STORAGE_OPTION_INVALID, /mountPath/],
  ['a tier name that is not a DNS label', 'aws', (p) => new StorageTier(p, 'tier', { name: 'Hot_Tier', kind: PARALLEL }), ErrorCode.INVALID_NAME, /storage tier name/],
  ['two tiers of one name', 'aws', (p) => {
    new StorageTier(p, 'a', { name: 'data', kind: ARCHIVE, bucketName: 'acme-a' });
    return new StorageTier(p, 'b', { name: 'data', kind: ARCHIVE, bucketName: 'acme-b' });
  }, ErrorCode.DUPLICATE_NAME, /already used/],
  ['two tiers of one bucket', 'gcp', (p) => {
    new StorageTier(p, 'a', { kind: ARCHIVE, bucketName: 'acme-shared' });
    return new StorageTier(p, 'b', { kind: CACHE, bucketName: 'acme-shared' });
  }, ErrorCode.DUPLICATE_NAME, /acme-shared/],
  ['a tier outside a platform', 'aws', () => new StorageTier(new Construct(undefined as any, 'root'), 'tier', { kind: ARCHIVE }), ErrorCode.SCOPE_INVALID, /MlPlatform/],
  // AWS services
  ['an FSx size that is not a step', 'aws', tier({ kind: PARALLEL, capacityGiB: 2000 }), ErrorCode.STORAGE_SIZE_INVALID, /1200 or 2400/],
  ['an FSx throughput PERSISTENT_2 does not offer', 'aws', tier({ kind: PARALLEL, throughputPerTiB: 200 }), ErrorCode.STORAGE_THROUGHPUT_INVALID, /125, 250, 500, 1000/],
  ['an FSx zone without node subnets', 'aws', tier({ kind: PARALLEL, zone: 'us-east-1c' }), ErrorCode.STORAGE_ZONE_UNKNOWN, /no node subnet/],
  ['a file system on a cluster whose network is unknown', 'aws', (p) => new StorageTier(p, 'tier', { kind: SHARED }), ErrorCode.STORAGE_NETWORK_REQUIRED, /security group/],
  ['a zone on EFS (regional)', 'aws', tier({ kind: SHARED, zone: 'us-east-1a' }), ErrorCode.STORAGE_OPTION_INVALID, /regional/],
  ['an EFS period it does not offer', 'aws', tier({ kind: SHARED, infrequentAccessAfterDays: 45 }), ErrorCode.STORAGE_LIFECYCLE_INVALID, /Infrequent Access after/],
  ['an EFS class mix with archive data', 'aws', tier({ kind: SHARED, usage: { classShares: [{ storageClass: ObjectStorageClass.ARCHIVE, share: 1 }] } }), ErrorCode.STORAGE_KIND_UNSUPPORTED, /ARCHIVE tier/],
  ['an S3 move to Standard-IA before 30 days', 'aws', tier({ kind: ARCHIVE, transitions: [{ afterDays: 10, storageClass: IA }] }), ErrorCode.STORAGE_LIFECYCLE_INVALID, /no earlier than 30/],
  ['an S3 move out of Standard-IA within 30 days', 'aws', tier({ kind: ARCHIVE, transitions: [{ afterDays: 30, storageClass: IA }, { afterDays: 45, storageClass: ObjectStorageClass.ARCHIVE }] }),
    ErrorCode.STORAGE_LIFECYCLE_INVALID, /at least 30 days/],
  ['a bucket name with capitals', 'aws', tier({ kind: ARCHIVE, bucketName: 'Acme-Data' }), ErrorCode.STORAGE_NAME_INVALID, /lowercase/],
  ['a bucket name S3 reserves', 'aws', tier({ kind: ARCHIVE, bucketName: 'acme-data-s3alias' }), ErrorCode.STORAGE_NAME_INVALID, /S3 reserves/],
  ['a key of another region', 'aws', tier({ kind: ARCHIVE, encryptionKey: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }),
    ErrorCode.STORAGE_ENCRYPTION_KEY_INVALID, /eu-west-1/],
  ['an alias instead of a key', 'aws', tier({ kind: ARCHIVE, encryptionKey: 'alias/data' }), ErrorCode.STORAGE_ENCRYPTION_KEY_INVALID, /not a KMS key ARN/],
  ['deployed attributes of FSx without the mount name', 'aws', tier({ kind: PARALLEL, deployed: { fileSystemId: 'fs-0123456789abcdef0', address: 'fs-0123456789abcdef0.fsx.us-east-1.amazonaws.com' } }),
    ErrorCode.STORAGE_ATTRIBUTES_INVALID, /mountName/],
  ['a malformed file system id', 'aws', tier({ kind: SHARED, deployed: { fileSystemId: 'efs-1' } }), ErrorCode.STORAGE_ATTRIBUTES_INVALID, /file system id/],
  ['an attribute EFS does not use', 'aws', tier({ kind: SHARED, deployed: { fileSystemId: 'fs-0123456789abcdef0', address: '10.0.0.1' } }), ErrorCode.STORAGE_ATTRIBUTES_INVALID, /does not use/],
  ['Intelligent-Tiering with archived data', 'aws', tier({ kind: ARCHIVE, autoTiering: true, usage: { classShares: [{ storageClass: ObjectStorageClass.ARCHIVE, share: 0.5 }] } }),
    ErrorCode.STORAGE_KIND_UNSUPPORTED, /archive tiers/],
  // Google Cloud services
  ['a Managed Lustre size that is not a step', 'gcp', tier({ kind: PARALLEL, capacityGiB: 20000 }), ErrorCode.STORAGE_SIZE_INVALID, /18000-954000/],
  ['a Managed Lustre throughput it does not offer', 'gcp', tier({ kind: PARALLEL, throughputPerTiB: 300 }), ErrorCode.STORAGE_THROUGHPUT_INVALID, /125, 250, 500, 1000/],
  ['a customer-managed key on Managed Lustre (the pinned provider takes none)', 'gcp',
    tier({ kind: PARALLEL, encryptionKey: 'projects/acme-ml-test/locations/us-central1/keyRings/r/cryptoKeys/k' }), ErrorCode.STORAGE_KIND_UNSUPPORTED, /Google-managed/],
  ['a Filestore Basic HDD below 1 TiB', 'gcp', tier({ kind: SHARED, capacityGiB: 1000 }), ErrorCode.STORAGE_SIZE_INVALID, /1024-65433/],
  ['a Filestore zonal size between its bands', 'gcp', tier({ kind: SHARED, performance: 'high', capacityGiB: 10000 }), ErrorCode.STORAGE_SIZE_INVALID, /9984 or 10240/],
  ['infrequent-access tiering on Filestore', 'gcp', tier({ kind: SHARED, infrequentAccessAfterDays: 30 }), ErrorCode.STORAGE_KIND_UNSUPPORTED, /Filestore has no/],
  ['DEEP_ARCHIVE on Cloud Storage', 'gcp', tier({ kind: ARCHIVE, transitions: [{ afterDays: 365, storageClass: ObjectStorageClass.DEEP_ARCHIVE }] }),
    ErrorCode.STORAGE_KIND_UNSUPPORTED, /ObjectStorageClass.ARCHIVE/],
  ['a bucket name Cloud Storage refuses', 'gcp', tier({ kind: CACHE, bucketName: 'my-google-weights' }), ErrorCode.STORAGE_NAME_INVALID, /google/],
  ['a zone outside the region', 'gcp', tier({ kind: PARALLEL, zone: 'europe-west4-a' }), ErrorCode.STORAGE_ZONE_UNKNOWN, /us-central1/],
  ['a zone the catalog does not list', 'gcp', tier({ kind: SHARED, zone: 'us-central1-z' }), ErrorCode.STORAGE_ZONE_UNKNOWN, /us-central1-a/],
  ['an address that is not an IPv4 address', 'gcp', tier({ kind: SHARED, deployed: { address: 'filestore.local' } }), ErrorCode.STORAGE_ATTRIBUTES_INVALID, /IPv4/],
  ['two Lustre tiers whose file system names collide', 'gcp', (p) => {
    new StorageTier(p, 'a', { name: 'training-a', kind: PARALLEL });
    return new StorageTier(p, 'b', { name: 'trainin-ga', kind: PARALLEL });
  }, ErrorCode.DUPLICATE_NAME, /file system name "training"/],
  // Team grants
  ['grants that are not a list', 'aws', (p) => new TeamNamespace(p, 'vision', { storage: {} as any }), ErrorCode.STORAGE_GRANT_INVALID, /list/],
  ['a grant of something that is not a tier', 'aws', (p) => new TeamNamespace(p, 'vision', { storage: [{ tier: {} as any, size: '1Ti' }] }), ErrorCode.STORAGE_GRANT_INVALID, /not a storage tier/],
  ['a grant of a tier of another platform', 'aws', (p) => {
    const elsewhere = new StorageTier(awsPlatform({}, 'elsewhere'), 'data', { kind: ARCHIVE, bucketName: 'acme-elsewhere' });
    return new TeamNamespace(p, 'vision', { storage: [{ tier: elsewhere, size: '1Ti' }] });
  }, ErrorCode.STORAGE_GRANT_INVALID, /platform/],
  ['one tier granted twice', 'aws', (p) => {
    const data = new StorageTier(p, 'data', { kind: ARCHIVE, bucketName: 'acme-data' });
    return new TeamNamespace(p, 'vision', { storage: [{ tier: data, size: '1Ti' }, { tier: data, size: '1Ti' }] });
  }, ErrorCode.STORAGE_GRANT_INVALID, /twice/],
  ['a zero grant', 'aws', (p) => {
    const data = new StorageTier(p, 'data', { kind: ARCHIVE, bucketName: 'acme-data' });
    return new TeamNamespace(p, 'vision', { storage: [{ tier: data, size: '0' }] });
  }, ErrorCode.STORAGE_GRANT_INVALID, /positive/],
  ['a grant size that is not a quantity', 'aws', (p) => {
    const data = new StorageTier(p, 'data', { kind: ARCHIVE, bucketName: 'acme-data' });
    return new TeamNamespace(p, 'vision', { storage: [{ tier: data, size: 'lots' }] });
  }, ErrorCode.QUANTITY_INVALID, /lots/],
  ['no claims allowed', 'aws', (p) => {
    const data = new StorageTier(p, 'data', { kind: ARCHIVE, bucketName: 'acme-data' });
    return new TeamNamespace(p, 'vision', { storage: [{ tier: data, size: '1Ti', maxClaims: 0 }] });
  }, ErrorCode.STORAGE_GRANT_INVALID, /maxClaims/],
  ['readOnly spelled as a string', 'aws', (p) => {
    const data = new StorageTier(p, 'data', { kind: ARCHIVE, bucketName: 'acme-data' });
    return new TeamNamespace(p, 'vision', { storage: [{ tier: data, size: '1Ti', readOnly: 'yes' as any }] });
  }, ErrorCode.STORAGE_GRANT_INVALID, /readOnly/],
];

describe('storage tier rules: each ends in a coded ValidationError naming what is wrong', () => {
  test.each(RULES)('%s (%s)', (_name, cloud, declare, code, message) => {
    const p = cloud === 'aws' && _name.startsWith('a file system on a cluster whose network')
      ? awsPlatform({ cluster: existingEks({ vpcId: undefined, clusterSecurityGroupId: undefined }) })
      : platformOn(cloud);
    const error = validationErrorOf(() => declare(p));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.fix.length).toBeGreaterThan(0);
  });

  test('the network needed on GKE: Filestore needs the subnetwork as well, Managed Lustre the network', () => {
    const withoutSubnetwork = gcpPlatform({ cluster: GkeCluster.fromAttributes({ clusterName: 'ml', location: 'us-central1', nodeServiceAccount: 'n@acme-ml-test.iam.gserviceaccount.com', network: 'v' }) });
    expect(validationErrorOf(() => new StorageTier(withoutSubnetwork, 'home', { kind: SHARED })).code).toBe(ErrorCode.STORAGE_NETWORK_REQUIRED);
    expect(() => new StorageTier(withoutSubnetwork, 'hot', { kind: PARALLEL })).not.toThrow();
    const created = gcpPlatform({ cluster: GkeCluster.create({ clusterName: 'ml', network: 'v', subnetwork: 's' }) });
    expect(() => new StorageTier(created, 'home', { kind: SHARED })).not.toThrow();
    expect(() => new StorageTier(awsPlatform({ cluster: EksCluster.create({ clusterName: 'ml', vpcId: 'vpc-0123456789abcdef0', subnets: [
      { subnetId: 'subnet-0aaaaaaaaaaaaaaa1', availabilityZone: 'us-east-1a' }, { subnetId: 'subnet-0bbbbbbbbbbbbbbb2', availabilityZone: 'us-east-1b' },
    ] }) }), 'home', { kind: SHARED })).not.toThrow();
  });

  test('a tier that fails leaves nothing behind: the name is free and no member is registered', () => {
    const p = awsPlatform();
    validationErrorOf(() => new StorageTier(p, 'hot', { kind: PARALLEL, capacityGiB: 2000 }));
    expect(p.node.tryFindChild('hot')).toBeUndefined();
    expect(p.storageTiers).toEqual([]);
    expect(new StorageTier(p, 'hot', { kind: PARALLEL, capacityGiB: 2400 }).capacityGiB).toBe(2400);
  });

  test('a size error names the nearest valid sizes', () => {
    expect(validationErrorOf(() => new StorageTier(awsPlatform(), 'hot', { kind: PARALLEL, capacityGiB: 5000 })).fix).toContain('4800 or 7200 GiB');
    expect(validationErrorOf(() => new StorageTier(gcpPlatform(), 'hot', { kind: PARALLEL, capacityGiB: 20000 })).fix).toContain('18000 or 27000 GiB');
  });
});

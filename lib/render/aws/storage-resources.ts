import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { EfsBackupPolicy } from '@cdktf/provider-aws/lib/efs-backup-policy';
import { EfsFileSystem } from '@cdktf/provider-aws/lib/efs-file-system';
import { EfsFileSystemPolicy } from '@cdktf/provider-aws/lib/efs-file-system-policy';
import { EfsMountTarget } from '@cdktf/provider-aws/lib/efs-mount-target';
import { FsxDataRepositoryAssociation } from '@cdktf/provider-aws/lib/fsx-data-repository-association';
import { FsxLustreFileSystem } from '@cdktf/provider-aws/lib/fsx-lustre-file-system';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Annotations, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { CloudTagKeys } from '../../core/labels';
import { compareStrings } from '../../core/order';
import { StoragePerformance, StorageTierKind } from '../../core/storage';
import { ObjectLifecycleModel, StorageTierModel } from '../../model/types';
import { storageOutputName } from '../storage-checks';
import { AwsClusterRefs } from './eks-cluster';
import { S3_STORAGE_CLASS } from './storage-plan';

/** `lifecycle.prevent_destroy` on a protected tier's durable resources. */
type Protection = { preventDestroy: boolean } | undefined;

/** Lustre's LNET port and the ports its servers and clients use (FSx for Lustre user guide, access control with VPC). */
const LUSTRE_PORTS: ReadonlyArray<readonly [number, number]> = [[988, 988], [1018, 1023]];
const NFS_PORT = 2049;

/**
 * A tier's AWS resources. Every file system and bucket is encrypted with a customer-managed KMS key (the one given, or
 * one created for the tier with yearly rotation), reachable only from the cluster's nodes (security groups admitting
 * only the cluster security group; S3 with every public access blocked, ACLs off and non-TLS requests refused) and,
 * unless `deletionProtection` is false, `lifecycle.prevent_destroy` with the key.
 */
export function renderAwsStorageTier(scope: Construct, tier: StorageTierModel, cluster: AwsClusterRefs, platformName: string): void {
  const lifecycle = tier.deletionProtection ? { preventDestroy: true } : undefined;
  const tags = { Name: tier.resourceName, [CloudTagKeys.AWS_STORAGE_TIER]: tier.name };
  const objectStorage = tier.kind === StorageTierKind.ARCHIVE || tier.kind === StorageTierKind.CACHE;
  const keyArn = tier.encryptionKey ?? new KmsKey(scope, 'Key', {
    description: `Storage tier ${tier.name} of platform ${platformName}`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: objectStorage ? keyPolicy(scope) : undefined,
    tags,
    lifecycle,
  }).arn;
  switch (tier.kind) {
    case StorageTierKind.PARALLEL: output(scope, platformName, tier, renderFsxLustre(scope, tier, cluster, keyArn, tags, lifecycle)); break;
    case StorageTierKind.SHARED: output(scope, platformName, tier, renderEfs(scope, tier, cluster, keyArn, tags, lifecycle)); break;
    default: renderS3(scope, tier, keyArn, tags, lifecycle);
  }
}

/**
 * The default key policy (the account administers the key through IAM), plus use through S3 by any principal of the
 * account, as AWS-managed keys allow: the FSx data repository link and the Mountpoint driver read and write the bucket
 * with it; IAM and the bucket still decide who may read the bucket.
 */
function keyPolicy(scope: Construct): string {
  const account = new DataAwsCallerIdentity(scope, 'Account').accountId;
  const partition = new DataAwsPartition(scope, 'Partition').partition;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AccountAdministersTheKey', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'UseThroughS3',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': account }, StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } },
      },
    ],
  });
}

/** A security group admitting the cluster's nodes (the cluster security group) on the given TCP ports, and itself. */
function nodesOnlySecurityGroup(scope: Construct, tier: StorageTierModel, cluster: AwsClusterRefs, ports: ReadonlyArray<readonly [number, number]>,
  withSelf: boolean, tags: Record<string, string>): SecurityGroup {
  const group = new SecurityGroup(scope, 'SecurityGroup', {
    name: `${cluster.clusterName}-${tier.name}-storage`,
    description: `Storage tier ${tier.name}: clients are the cluster's nodes only`,
    vpcId: cluster.vpcId,
    tags,
  });
  const sources: Array<[string, string]> = [['Nodes', cluster.clusterSecurityGroupId!], ...(withSelf ? [['Self', group.id] as [string, string]] : [])];
  for (const [who, source] of sources) {
    for (const [from, to] of ports) {
      new VpcSecurityGroupIngressRule(scope, `Ingress${who}${from}`, {
        securityGroupId: group.id, referencedSecurityGroupId: source, ipProtocol: 'tcp', fromPort: from, toPort: to,
        description: `${who === 'Nodes' ? 'Cluster nodes' : 'File servers'} on ${from === to ? from : `${from}-${to}`}`,
      });
      // File servers reach each other and answer clients on the same ports (Lustre); NFS needs no egress (stateful).
      if (withSelf) {
        new VpcSecurityGroupEgressRule(scope, `Egress${who}${from}`, {
          securityGroupId: group.id, referencedSecurityGroupId: source, ipProtocol: 'tcp', fromPort: from, toPort: to,
          description: `To ${who === 'Nodes' ? 'cluster nodes' : 'file servers'} on ${from === to ? from : `${from}-${to}`}`,
        });
      }
    }
  }
  return group;
}

function renderFsxLustre(scope: Construct, tier: StorageTierModel, cluster: AwsClusterRefs, keyArn: string, tags: Record<string, string>,
  lifecycle: Protection): Record<string, string> {
  const subnet = cluster.subnets.filter((s) => s.availabilityZone === tier.zone).sort((a, b) => compareStrings(a.subnetId, b.subnetId))[0];
  const group = nodesOnlySecurityGroup(scope, tier, cluster, LUSTRE_PORTS, true, tags);
  const fs = new FsxLustreFileSystem(scope, 'FileSystem', {
    deploymentType: 'PERSISTENT_2',
    storageType: 'SSD',
    storageCapacity: tier.capacityGiB!,
    perUnitStorageThroughput: tier.throughputPerTiB!,
    subnetIds: [subnet.subnetId],
    securityGroupIds: [group.id],
    kmsKeyId: keyArn,
    dataCompressionType: 'LZ4',
    fileSystemTypeVersion: '2.15',
    metadataConfiguration: { mode: 'AUTOMATIC' },
    // FSx has no deletion flag: deleting the file system takes a final backup first.
    skipFinalBackup: false,
    copyTagsToBackups: true,
    tags,
    lifecycle,
  });
  if (tier.link) {
    const events = ['NEW', 'CHANGED', 'DELETED'];
    new FsxDataRepositoryAssociation(scope, 'DataRepository', {
      fileSystemId: fs.id,
      fileSystemPath: tier.link.fileSystemPath,
      dataRepositoryPath: `s3://${tier.link.bucket}/${tier.link.prefix}`,
      batchImportMetaDataOnCreate: true,
      // Removing the link never deletes data from the file system.
      deleteDataInFilesystem: false,
      s3: {
        autoImportPolicy: tier.link.autoImport ? { events } : undefined,
        autoExportPolicy: tier.link.autoExport ? { events } : undefined,
      },
      tags,
    });
  }
  return { fileSystemId: fs.id, address: fs.dnsName, mountName: fs.mountName };
}

function renderEfs(scope: Construct, tier: StorageTierModel, cluster: AwsClusterRefs, keyArn: string, tags: Record<string, string>,
  lifecycle: Protection): Record<string, string> {
  const group = nodesOnlySecurityGroup(scope, tier, cluster, [[NFS_PORT, NFS_PORT]], false, tags);
  const fs = new EfsFileSystem(scope, 'FileSystem', {
    creationToken: tier.resourceName,
    encrypted: true,
    kmsKeyId: keyArn,
    performanceMode: 'generalPurpose',
    throughputMode: tier.performance === StoragePerformance.HIGH ? 'elastic' : 'bursting',
    // One transition per block (EFS API LifecyclePolicy): to Infrequent Access when unread, back on first access.
    lifecyclePolicy: [{ transitionToIa: `AFTER_${tier.infrequentAccessAfterDays}_DAY${tier.infrequentAccessAfterDays === 1 ? '' : 'S'}` },
      { transitionToPrimaryStorageClass: 'AFTER_1_ACCESS' }],
    tags,
    lifecycle,
  });
  // EFS has no deletion flag: daily AWS Backup copies are what a deletion cannot take away.
  new EfsBackupPolicy(scope, 'BackupPolicy', { fileSystemId: fs.id, backupPolicy: { status: 'ENABLED' } });
  new EfsFileSystemPolicy(scope, 'Policy', {
    fileSystemId: fs.id,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'MountThroughMountTargets', Effect: 'Allow', Principal: { AWS: '*' },
          Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'],
          Resource: fs.arn, Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
        },
        { Sid: 'DenyWithoutTls', Effect: 'Deny', Principal: { AWS: '*' }, Action: '*', Resource: fs.arn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    }),
  });
  const firstSubnetPerZone = new Map<string, string>();
  for (const s of [...cluster.subnets].sort((a, b) => compareStrings(a.subnetId, b.subnetId))) {
    if (!firstSubnetPerZone.has(s.availabilityZone)) firstSubnetPerZone.set(s.availabilityZone, s.subnetId);
  }
  for (const zone of [...firstSubnetPerZone.keys()].sort(compareStrings)) {
    new EfsMountTarget(scope, `MountTarget ${zone}`, { fileSystemId: fs.id, subnetId: firstSubnetPerZone.get(zone)!, securityGroups: [group.id] });
  }
  return { fileSystemId: fs.id };
}

function renderS3(scope: Construct, tier: StorageTierModel, keyArn: string, tags: Record<string, string>, lifecycle: Protection): void {
  const bucket = new S3Bucket(scope, 'Bucket', { bucket: tier.resourceName, forceDestroy: false, tags, lifecycle });
  const publicAccess = new S3BucketPublicAccessBlock(scope, 'PublicAccessBlock', {
    bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, 'OwnershipControls', { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
  new S3BucketServerSideEncryptionConfigurationA(scope, 'Encryption', {
    bucket: bucket.id,
    // A bucket key cuts KMS requests (and their cost) by caching a data key per bucket.
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArn }, bucketKeyEnabled: true }],
  });
  new S3BucketPolicy(scope, 'Policy', {
    bucket: bucket.id,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'DenyWithoutTls', Effect: 'Deny', Principal: '*', Action: 's3:*',
        Resource: [bucket.arn, `${bucket.arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }],
    }),
    dependsOn: [publicAccess],
  });
  const life = tier.lifecycle;
  if (life?.versioned) new S3BucketVersioningA(scope, 'Versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
  new S3BucketLifecycleConfiguration(scope, 'Lifecycle', { bucket: bucket.id, rule: lifecycleRules(life) });
}

/** Lifecycle rules: transitions (or Intelligent-Tiering from day 0), expiry, noncurrent-version expiry, and aborting stale uploads. */
function lifecycleRules(life: ObjectLifecycleModel | undefined): S3BucketLifecycleConfigurationRule[] {
  const all = [{ prefix: '' }];
  const rules: S3BucketLifecycleConfigurationRule[] = [{
    id: 'abort-incomplete-uploads', status: 'Enabled', filter: all,
    abortIncompleteMultipartUpload: [{ daysAfterInitiation: life?.abortIncompleteUploadsAfterDays ?? 7 }],
  }];
  if (!life) return rules;
  const transitions = life.autoTiering ? [{ days: 0, storageClass: 'INTELLIGENT_TIERING' }]
    : life.transitions.map((t) => ({ days: t.afterDays, storageClass: S3_STORAGE_CLASS[t.storageClass] }));
  if (transitions.length > 0 || life.expireAfterDays !== undefined) {
    rules.push({
      id: 'tiering', status: 'Enabled', filter: all,
      transition: transitions.length > 0 ? transitions : undefined,
      expiration: life.expireAfterDays !== undefined ? [{ days: life.expireAfterDays }] : undefined,
    });
  }
  if (life.noncurrentVersionExpirationDays !== undefined) {
    rules.push({
      id: 'noncurrent-versions', status: 'Enabled', filter: all,
      noncurrentVersionExpiration: [{ noncurrentDays: life.noncurrentVersionExpirationDays }],
      expiration: [{ expiredObjectDeleteMarker: true }],
    });
  }
  return rules;
}

/**
 * What a file-system tier's PersistentVolumes need, as a Terraform output to copy into the tier's `deployed`, and a synth
 * warning while it is not given.
 */
export function output(scope: Construct, platformName: string, tier: StorageTierModel, value: Record<string, string>): void {
  const name = storageOutputName(platformName, tier.name);
  const out = new TerraformOutput(scope, 'Deployed', { value, description: `What storage tier ${tier.name}'s PersistentVolumes need: pass it as the tier's deployed attributes.` });
  out.overrideLogicalId(name);
  if (!tier.volume) {
    Annotations.of(scope).addWarning(`Storage tier ${tier.name}: its PersistentVolumes are rendered once \`deployed\` gives what the cloud assigns at the first deploy `
      + `(Terraform output ${name}); until then the teams' claims stay Pending.`);
  }
}

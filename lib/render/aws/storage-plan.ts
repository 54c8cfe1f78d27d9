import { IConstruct } from 'constructs';
import {
  EFS_INFREQUENT_ACCESS_DAYS, FSX_LUSTRE_LIMITS, S3_LIFECYCLE, S3_RESERVED_PREFIXES, S3_RESERVED_SUFFIXES,
} from '../../catalog/storage-limits';
import { CloudProvider } from '../../core/cloud';
import { ErrorCode, ValidationError } from '../../core/errors';
import { ObjectStorageClass, StorageCostDriverKind, StoragePerformance, StorageTierKind } from '../../core/storage';
import { StorageTierRequest } from '../../model/seams';
import { StorageCostDriverSpec, StorageTierModel } from '../../model/types';
import {
  assertBucketName, assertCapacityStep, assertDeployed, assertThroughput, regionalOnly, storageOutputName, unsupported,
} from '../storage-checks';
import { ClassPricing, classMixDrivers, perObjectFeeDriver, provisionedCapacityDriver, requestDrivers, userPricedStorageDriver } from '../storage-costs';

/** What the EKS target knows that a tier needs. */
export interface AwsStorageFacts {
  readonly platformName: string;
  readonly region: string;
  /** Zones with node subnets, sorted. */
  readonly clusterZones: string[];
  /** Whether the VPC and the nodes' security group are known (file systems admit only the nodes). */
  readonly networkKnown: boolean;
}

export const FSX_CSI_DRIVER = 'fsx.csi.aws.com';
export const EFS_CSI_DRIVER = 'efs.csi.aws.com';
export const S3_CSI_DRIVER = 's3.csi.aws.com';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

/** The S3 storage class of each class (lifecycle transitions). */
export const S3_STORAGE_CLASS: Record<ObjectStorageClass, string> = {
  [ObjectStorageClass.STANDARD]: 'STANDARD',
  [ObjectStorageClass.INFREQUENT_ACCESS]: 'STANDARD_IA',
  [ObjectStorageClass.COLD]: 'GLACIER_IR',
  [ObjectStorageClass.ARCHIVE]: 'GLACIER',
  [ObjectStorageClass.DEEP_ARCHIVE]: 'DEEP_ARCHIVE',
};

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;

/** Checks a tier against the AWS services and resolves it. */
export function resolveAwsStorageTier(scope: IConstruct, req: StorageTierRequest, facts: AwsStorageFacts): StorageTierModel {
  const key = req.encryptionKey;
  if (key !== undefined && KMS_KEY_ARN.exec(key)?.[1] !== facts.region) {
    throw new ValidationError(ErrorCode.STORAGE_ENCRYPTION_KEY_INVALID, {
      message: KMS_KEY_ARN.test(key) ? `The key is in ${KMS_KEY_ARN.exec(key)![1]}, but the tier is in ${facts.region}: the services take a key of their own region.`
      : 'The encryption key is not a KMS key ARN.',
      received: key,
      allowed: `arn:aws:kms:${facts.region}:<account>:key/<key id>`,
      fix: 'Pass the key ARN (not an alias) of a key in the platform\'s region, or leave encryptionKey out to let the platform create one.',
    }, scope);
  }
  const common = {
    name: req.name,
    kind: req.kind,
    cloud: CloudProvider.AWS,
    region: facts.region,
    storageClassName: req.name,
    mountPath: req.mountPath,
    readOnly: req.readOnly,
    allowCrossZoneMounts: req.allowCrossZoneMounts,
    deletionProtection: req.deletionProtection,
    encryptionKey: key,
    encryption: key ? `customer-managed KMS key ${key}` : 'a customer-managed KMS key created for the tier (yearly rotation)',
    userPrice: req.userPrice,
    performance: req.performance ?? StoragePerformance.STANDARD,
    deployed: req.deployed,
    podAnnotations: {},
  };
  switch (req.kind) {
    case StorageTierKind.PARALLEL: return { ...common, ...fsxLustre(scope, req, facts) };
    case StorageTierKind.SHARED: return { ...common, ...efs(scope, req, facts) };
    default: return { ...common, ...s3(scope, req, facts) };
  }
}

function needsNetwork(scope: IConstruct, facts: AwsStorageFacts, service: string): void {
  if (facts.networkKnown) return;
  throw new ValidationError(ErrorCode.STORAGE_NETWORK_REQUIRED, {
    message: `${service} admits only the cluster's nodes, through a security group in the VPC: the VPC id and the cluster security group are needed.`,
    received: { networkKnown: false },
    fix: 'Pass vpcId and clusterSecurityGroupId to EksCluster.fromAttributes (EksCluster.create knows both).',
  }, scope);
}

type Resolved = Omit<StorageTierModel, 'name' | 'kind' | 'cloud' | 'region' | 'storageClassName' | 'mountPath' | 'readOnly' | 'allowCrossZoneMounts'
  | 'deletionProtection' | 'encryptionKey' | 'encryption' | 'userPrice' | 'performance' | 'deployed' | 'podAnnotations'>;

/** FSx for Lustre PERSISTENT_2 on SSD, in one zone, linked to an S3 tier through a data repository association. */
function fsxLustre(scope: IConstruct, req: StorageTierRequest, facts: AwsStorageFacts): Resolved {
  const service = 'Amazon FSx for Lustre';
  needsNetwork(scope, facts, service);
  const zone = req.zone ?? facts.clusterZones[0];
  if (!facts.clusterZones.includes(zone)) {
    throw new ValidationError(ErrorCode.STORAGE_ZONE_UNKNOWN, {
      message: 'The tier\'s zone has no node subnet in the cluster: the file system would sit in a subnet of its own zone, away from the nodes.',
      received: zone,
      allowed: facts.clusterZones.join(', '),
      fix: 'Pick a zone the cluster has subnets in.',
    }, scope);
  }
  const capacityGiB = req.capacityGiB ?? FSX_LUSTRE_LIMITS.minCapacityGiB;
  assertCapacityStep(scope, `${service} (PERSISTENT_2, SSD)`, capacityGiB,
    [
      { minGiB: FSX_LUSTRE_LIMITS.minCapacityGiB, maxGiB: FSX_LUSTRE_LIMITS.minCapacityGiB, stepGiB: 1 },
      { minGiB: FSX_LUSTRE_LIMITS.capacityStepGiB, stepGiB: FSX_LUSTRE_LIMITS.capacityStepGiB },
    ],
    '1200, 2400 or a multiple of 2400 GiB', 'FSx API CreateFileSystem StorageCapacity');
  const throughput = req.throughputPerTiB!;
  assertThroughput(scope, `${service} PERSISTENT_2`, throughput, FSX_LUSTRE_LIMITS.throughputsPerTiB);
  let link: StorageTierModel['link'];
  if (req.link) {
    if (req.link.tier.cloud !== CloudProvider.AWS) {
      throw new ValidationError(ErrorCode.STORAGE_LINK_INVALID, { message: 'The linked tier is not an S3 tier of this platform.', received: req.link.tier.name, fix: 'Link a tier of the same platform.' }, scope);
    }
    link = {
      tier: req.link.tier.name, bucket: req.link.tier.resourceName, prefix: req.link.prefix, fileSystemPath: req.link.fileSystemPath,
      autoImport: req.link.autoImport, autoExport: req.link.autoExport,
    };
  }
  const ready = assertDeployed(scope, service, req.deployed, {
    fileSystemId: { pattern: /^fs-[0-9a-f]{8,17}$/, allowed: 'a file system id such as fs-0123456789abcdef0' },
    address: { pattern: /^fs-[0-9a-f]{8,17}\.fsx\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/, allowed: 'the file system\'s DNS name (fs-….fsx.<region>.amazonaws.com)' },
    mountName: { pattern: /^[a-z0-9]{1,8}$/, allowed: 'the mount name (up to 8 lowercase letters and digits)' },
  }, storageOutputName(facts.platformName, req.name));
  return {
    service: `${service} (PERSISTENT_2, SSD, ${throughput} MB/s/TiB, ${capacityGiB} GiB, ${zone})`,
    resourceName: `${facts.platformName}-${req.name}`,
    csiDriver: FSX_CSI_DRIVER,
    zone,
    capacityGiB,
    bounded: true,
    throughputPerTiB: throughput,
    link,
    storageClass: { provisioner: NO_PROVISIONER, parameters: {} },
    volume: ready ? {
      driver: FSX_CSI_DRIVER,
      volumeHandle: req.deployed!.fileSystemId,
      volumeAttributes: { dnsname: req.deployed!.address!, mountname: req.deployed!.mountName! },
      mountOptions: ['flock'],
      readOnlyMountOptions: [],
      readWriteMountOptions: [],
    } : undefined,
    costDrivers: [provisionedCapacityDriver(req, `${service} PERSISTENT_2 SSD at ${throughput} MB/s/TiB`, capacityGiB)],
  };
}

/** EFS, regional (a mount target in every zone with node subnets), files moving to Infrequent Access and back. */
function efs(scope: IConstruct, req: StorageTierRequest, facts: AwsStorageFacts): Resolved {
  const service = 'Amazon EFS';
  needsNetwork(scope, facts, service);
  if (req.zone !== undefined) throw regionalOnly(scope, service, 'zone', req.zone);
  if (req.allowCrossZoneMounts) throw regionalOnly(scope, service, 'allowCrossZoneMounts', true);
  const days = req.infrequentAccessAfterDays ?? 30;
  if (!EFS_INFREQUENT_ACCESS_DAYS.includes(days)) {
    throw new ValidationError(ErrorCode.STORAGE_LIFECYCLE_INVALID, {
      message: `EFS moves files to Infrequent Access after ${EFS_INFREQUENT_ACCESS_DAYS.join(', ')} days, not ${days}.`,
      received: days,
      allowed: EFS_INFREQUENT_ACCESS_DAYS.join(', '),
      fix: 'Pick one of the offered periods.',
    }, scope);
  }
  for (const s of req.usage.classShares) {
    if (s.storageClass !== ObjectStorageClass.STANDARD && s.storageClass !== ObjectStorageClass.INFREQUENT_ACCESS) {
      throw unsupported(scope, `A shared tier on AWS keeps files in EFS Standard and Infrequent Access only, not ${s.storageClass}.`, s,
        'Give shares of STANDARD and INFREQUENT_ACCESS; archive data on an ARCHIVE tier.');
    }
  }
  const elastic = req.performance === StoragePerformance.HIGH;
  const ready = assertDeployed(scope, service, req.deployed, {
    fileSystemId: { pattern: /^fs-[0-9a-f]{8,17}$/, allowed: 'a file system id such as fs-0123456789abcdef0' },
  }, storageOutputName(facts.platformName, req.name));
  const costDrivers: StorageCostDriverSpec[] = req.userPrice ? [userPricedStorageDriver(req, service)] : classMixDrivers(req, ObjectStorageClass.STANDARD,
    { storage: 'GB-month', retrieval: 'GB transferred' }, (c) => c === ObjectStorageClass.STANDARD
      ? { name: 'EFS Standard', storage: ['EFS Standard (Regional)', 'storage'] }
      : { name: 'EFS Infrequent Access', storage: ['EFS Infrequent Access (Regional)', 'storage'], retrieval: ['EFS Infrequent Access (Regional)', 'read access charge'] });
  if (elastic) {
    costDrivers.push({
      kind: StorageCostDriverKind.THROUGHPUT,
      description: 'EFS elastic throughput, billed per GB read and written',
      quantity: 0,
      unit: 'GB transferred',
      unpricedReason: 'EFS elastic throughput charges are not in the catalog snapshot (../shared/data/SOURCES.md)',
    });
  }
  return {
    service: `${service} (regional, ${elastic ? 'elastic' : 'bursting'} throughput, Infrequent Access after ${days} days, back on first access)`,
    resourceName: `${facts.platformName}-${req.name}`,
    csiDriver: EFS_CSI_DRIVER,
    capacityGiB: req.capacityGiB,
    bounded: false,
    infrequentAccessAfterDays: days,
    storageClass: { provisioner: EFS_CSI_DRIVER, parameters: {} },
    volume: ready ? {
      driver: EFS_CSI_DRIVER,
      volumeHandle: req.deployed!.fileSystemId,
      volumeAttributes: {},
      // The file system policy refuses clients that do not use TLS.
      mountOptions: ['tls'],
      readOnlyMountOptions: [],
      readWriteMountOptions: [],
    } : undefined,
    costDrivers,
  };
}

/** S3: an ARCHIVE tier with lifecycle rules, or a CACHE tier mounted with Mountpoint's local cache. */
function s3(scope: IConstruct, req: StorageTierRequest, facts: AwsStorageFacts): Resolved {
  const bucket = req.resourceName ?? `${facts.platformName}-${req.name}`;
  assertBucketName(scope, bucket, (name) => {
    const prefix = S3_RESERVED_PREFIXES.find((p) => name.startsWith(p));
    const suffix = S3_RESERVED_SUFFIXES.find((s) => name.endsWith(s));
    return prefix ? `starts with "${prefix}", which S3 reserves` : suffix ? `ends with "${suffix}", which S3 reserves` : undefined;
  });
  if (req.lifecycle) assertS3Lifecycle(scope, req.lifecycle.transitions);
  const cache = req.kind === StorageTierKind.CACHE;
  const auto = req.lifecycle?.autoTiering === true;
  const archived = req.usage.classShares.find((s) => s.storageClass === ObjectStorageClass.ARCHIVE || s.storageClass === ObjectStorageClass.DEEP_ARCHIVE);
  if (auto && archived) {
    throw unsupported(scope, 'With autoTiering, S3 Intelligent-Tiering keeps objects in its frequent, infrequent and archive instant access tiers; '
      + 'the platform does not turn on its archive tiers, whose objects must be restored before a mount can read them.', archived,
    'Give shares of STANDARD, INFREQUENT_ACCESS and COLD, or use transitions to ARCHIVE instead of autoTiering.');
  }
  const costDrivers: StorageCostDriverSpec[] = req.userPrice ? [userPricedStorageDriver(req, 'Amazon S3')]
    // The baseline of automatic tiering is S3 Standard, not Intelligent-Tiering's frequent access tier.
    : classMixDrivers(req, ObjectStorageClass.STANDARD, { storage: 'GB-month', retrieval: 'GB' }, auto ? intelligentTieringPricing : s3Pricing,
      s3Pricing(ObjectStorageClass.STANDARD));
  costDrivers.push(...requestDrivers(req, {
    write: ['S3 Standard', 'PUT/COPY/POST/LIST requests'],
    read: ['S3 Standard', 'GET/SELECT/other requests'],
  }));
  if (auto) {
    costDrivers.push(perObjectFeeDriver(req, 'S3 Intelligent-Tiering monitoring and automation', ['S3 Intelligent-Tiering', 'monitoring and automation fee'],
      '1,000 objects per month'));
  }
  const lifecycle = req.lifecycle;
  const classes = lifecycle ? (auto ? 'Intelligent-Tiering' : ['Standard', ...lifecycle.transitions.map((t) => `${S3_STORAGE_CLASS[t.storageClass]} after ${t.afterDays} days`)].join(' -> ')) : 'Standard';
  return {
    service: cache ? `Amazon S3 with the Mountpoint for Amazon S3 CSI driver's local cache (${req.cacheSizeGiB} GiB per mount)`
    : `Amazon S3 (${classes}${lifecycle?.versioned ? ', versioned' : ''})`,
    resourceName: bucket,
    csiDriver: S3_CSI_DRIVER,
    capacityGiB: req.capacityGiB,
    bounded: false,
    cacheSizeGiB: req.cacheSizeGiB,
    lifecycle,
    storageClass: { provisioner: S3_CSI_DRIVER, parameters: {} },
    volume: {
      driver: S3_CSI_DRIVER,
      // Mountpoint processes a volume once per handle: every claim's volume gets its own (its PV name).
      volumeHandle: undefined,
      volumeAttributes: cache ? { bucketName: bucket, cache: 'emptyDir', cacheEmptyDirSizeLimit: `${req.cacheSizeGiB}Gi` } : { bucketName: bucket },
      mountOptions: [`region ${facts.region}`, 'allow-other'],
      readOnlyMountOptions: ['read-only'],
      readWriteMountOptions: ['allow-delete', 'allow-overwrite'],
    },
    costDrivers,
  };
}

/**
 * S3 refuses a transition to STANDARD_IA within 30 days of creation, and the next transition of objects in STANDARD_IA
 * within 30 days of it (S3_LIFECYCLE).
 */
function assertS3Lifecycle(scope: IConstruct, transitions: ReadonlyArray<{ afterDays: number; storageClass: ObjectStorageClass }>): void {
  transitions.forEach((t, i) => {
    const previous = transitions[i - 1];
    const tooEarly = t.storageClass === ObjectStorageClass.INFREQUENT_ACCESS && t.afterDays < S3_LIFECYCLE.minDaysToInfrequentAccess;
    const tooSoon = previous?.storageClass === ObjectStorageClass.INFREQUENT_ACCESS
      && t.afterDays - previous.afterDays < S3_LIFECYCLE.minDaysInInfrequentAccess;
    if (!tooEarly && !tooSoon) return;
    throw new ValidationError(ErrorCode.STORAGE_LIFECYCLE_INVALID, {
      message: tooEarly ? `S3 moves objects to STANDARD_IA no earlier than ${S3_LIFECYCLE.minDaysToInfrequentAccess} days after creation.`
      : `S3 keeps objects in STANDARD_IA for at least ${S3_LIFECYCLE.minDaysInInfrequentAccess} days before the next transition.`,
      received: tooEarly ? t : [previous, t],
      allowed: tooEarly ? `afterDays >= ${S3_LIFECYCLE.minDaysToInfrequentAccess}` : `afterDays >= ${previous!.afterDays + S3_LIFECYCLE.minDaysInInfrequentAccess}`,
      fix: 'Move the transition later (S3 API Transition.Days; S3 user guide, constraints on transitions).',
    }, scope);
  });
}

function s3Pricing(c: ObjectStorageClass): ClassPricing {
  switch (c) {
    case ObjectStorageClass.STANDARD: return { name: 'S3 Standard (first-50-TB tier)', storage: ['S3 Standard', 'storage (first tier)'] };
    case ObjectStorageClass.INFREQUENT_ACCESS: return { name: 'S3 Standard-IA', storage: ['S3 Standard-IA', 'storage'], retrieval: ['S3 Standard-IA', 'data retrieval'] };
    case ObjectStorageClass.COLD: return { name: 'S3 Glacier Instant Retrieval', unpriced: 'S3 Glacier Instant Retrieval has no openly licensed price in the catalog snapshot (../shared/data/SOURCES.md)' };
    case ObjectStorageClass.ARCHIVE: return {
      name: 'S3 Glacier Flexible Retrieval', storage: ['S3 Glacier Flexible Retrieval', 'storage'], retrieval: ['S3 Glacier Flexible Retrieval', 'data retrieval (standard)'],
    };
    case ObjectStorageClass.DEEP_ARCHIVE: return {
      name: 'S3 Glacier Deep Archive', storage: ['S3 Glacier Deep Archive', 'storage'], retrieval: ['S3 Glacier Deep Archive', 'data retrieval (standard)'],
    };
  }
}

function intelligentTieringPricing(c: ObjectStorageClass): ClassPricing {
  const tier = (name: string, item: string): ClassPricing => ({ name: `S3 Intelligent-Tiering ${name}`, storage: ['S3 Intelligent-Tiering', item] });
  // The archive tiers are opt-in (an intelligent-tiering configuration); the platform leaves them off, see s3().
  switch (c) {
    case ObjectStorageClass.STANDARD: return tier('frequent access tier', 'storage, frequent access tier');
    case ObjectStorageClass.INFREQUENT_ACCESS: return tier('infrequent access tier', 'storage, infrequent access tier');
    case ObjectStorageClass.COLD: return {
      name: 'S3 Intelligent-Tiering archive instant access tier',
      unpriced: 'the Intelligent-Tiering archive instant access tier has no openly licensed price in the catalog snapshot',
    };
    default: return { name: `S3 Intelligent-Tiering (${c})`, unpriced: 'the platform does not turn on the Intelligent-Tiering archive tiers' };
  }
}

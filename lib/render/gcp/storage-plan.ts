import { IConstruct } from 'constructs';
import { FILESTORE_CAPACITY, FILESTORE_INSTANCE_NAME, GCS_RESERVED_NAME, MANAGED_LUSTRE_LIMITS } from '../../catalog/storage-limits';
import { CloudProvider } from '../../core/cloud';
import { ErrorCode, ValidationError } from '../../core/errors';
import { ObjectStorageClass, StoragePerformance, StorageTierKind } from '../../core/storage';
import { StorageTierRequest } from '../../model/seams';
import { StorageCostDriverSpec, StorageTierModel } from '../../model/types';
import {
  assertBucketName, assertCapacityStep, assertDeployed, assertThroughput, IPV4, storageOutputName, unsupported,
} from '../storage-checks';
import { ClassPricing, classMixDrivers, perObjectFeeDriver, provisionedCapacityDriver, requestDrivers, userPricedStorageDriver } from '../storage-costs';

/** What the GKE target knows that a tier needs. */
export interface GcpStorageFacts {
  readonly platformName: string;
  readonly project: string;
  readonly region: string;
  /** The cluster's location: a region, or a zone for a zonal cluster. */
  readonly clusterLocation: string;
  readonly network?: string;
  readonly subnetwork?: string;
}

export const LUSTRE_CSI_DRIVER = 'lustre.csi.storage.gke.io';
export const FILESTORE_CSI_DRIVER = 'filestore.csi.storage.gke.io';
export const GCS_FUSE_CSI_DRIVER = 'gcsfuse.csi.storage.gke.io';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
/** The file share of a tier's Filestore instance (16 characters at most). */
export const FILESTORE_SHARE = 'data';

/** The GCS storage class of each class (lifecycle transitions); GCS has no class colder than ARCHIVE. */
export const GCS_STORAGE_CLASS: Partial<Record<ObjectStorageClass, string>> = {
  [ObjectStorageClass.STANDARD]: 'STANDARD',
  [ObjectStorageClass.INFREQUENT_ACCESS]: 'NEARLINE',
  [ObjectStorageClass.COLD]: 'COLDLINE',
  [ObjectStorageClass.ARCHIVE]: 'ARCHIVE',
};

const KMS_KEY_NAME = /^projects\/[a-z][-a-z0-9]{4,28}[a-z0-9]\/locations\/([a-z]+-[a-z]+\d+)\/keyRings\/[\w-]{1,63}\/cryptoKeys\/[\w-]{1,63}$/;

type Resolved = Omit<StorageTierModel, 'name' | 'kind' | 'cloud' | 'region' | 'storageClassName' | 'mountPath' | 'readOnly' | 'allowCrossZoneMounts'
  | 'deletionProtection' | 'encryptionKey' | 'encryption' | 'userPrice' | 'performance' | 'deployed' | 'podAnnotations'>
  & { readonly encryption?: string; readonly podAnnotations?: Record<string, string> };

/** Checks a tier against the Google Cloud services and resolves it. */
export function resolveGcpStorageTier(scope: IConstruct, req: StorageTierRequest, facts: GcpStorageFacts): StorageTierModel {
  const key = req.encryptionKey;
  if (key !== undefined && KMS_KEY_NAME.exec(key)?.[1] !== facts.region) {
    throw new ValidationError(ErrorCode.STORAGE_ENCRYPTION_KEY_INVALID, {
      message: KMS_KEY_NAME.test(key) ? `The key is in ${KMS_KEY_NAME.exec(key)![1]}, but the tier is in ${facts.region}: buckets and Filestore take a key of their region.`
      : 'The encryption key is not a Cloud KMS key name.',
      received: key,
      allowed: `projects/<project>/locations/${facts.region}/keyRings/<ring>/cryptoKeys/<key>`,
      fix: 'Pass a key of the platform\'s region (and grant its service agents encrypter/decrypter), or leave encryptionKey out to let the platform create one.',
    }, scope);
  }
  const resolved = req.kind === StorageTierKind.PARALLEL ? managedLustre(scope, req, facts)
    : req.kind === StorageTierKind.SHARED ? filestore(scope, req, facts) : gcs(scope, req, facts);
  return {
    name: req.name,
    kind: req.kind,
    cloud: CloudProvider.GCP,
    region: facts.region,
    storageClassName: req.name,
    mountPath: req.mountPath,
    readOnly: req.readOnly,
    allowCrossZoneMounts: req.allowCrossZoneMounts,
    deletionProtection: req.deletionProtection,
    encryptionKey: key,
    userPrice: req.userPrice,
    performance: req.performance ?? StoragePerformance.STANDARD,
    deployed: req.deployed,
    podAnnotations: {},
    ...resolved,
    encryption: resolved.encryption ?? (key ? `customer-managed Cloud KMS key ${key}` : 'a customer-managed Cloud KMS key created for the tier (rotated every 90 days)'),
  };
}

/** The tier's zone: the one given (in the region), else a zonal cluster's zone, else the region's first zone. */
function zoneOf(scope: IConstruct, req: StorageTierRequest, facts: GcpStorageFacts): string {
  const clusterZone = /-[a-z]$/.test(facts.clusterLocation) ? facts.clusterLocation : undefined;
  const zone = req.zone ?? clusterZone ?? req.regionZones[0];
  const known = req.regionZones.length === 0 || req.regionZones.includes(zone ?? '');
  if (zone === undefined || !zone.startsWith(`${facts.region}-`) || !known) {
    throw new ValidationError(ErrorCode.STORAGE_ZONE_UNKNOWN, {
      message: zone === undefined ? `The catalog lists no zones for ${facts.region}: the tier needs a zone.` : `The zone is not a zone of the platform's region ${facts.region}.`,
      received: zone ?? '[none]',
      allowed: req.regionZones.length > 0 ? req.regionZones.join(', ') : `${facts.region}-<letter>`,
      fix: 'Set `zone` to a zone of the region where the pools that mount the tier run.',
    }, scope);
  }
  return zone;
}

function needsNetwork(scope: IConstruct, service: string, facts: GcpStorageFacts, subnetwork: boolean): string {
  if (facts.network !== undefined && (!subnetwork || facts.subnetwork !== undefined)) return facts.network;
  throw new ValidationError(ErrorCode.STORAGE_NETWORK_REQUIRED, {
    message: `${service} connects to the cluster's VPC network${subnetwork ? ' and admits only the nodes\' subnetwork' : ''}, which the cluster does not name.`,
    received: { network: facts.network ?? '[unknown]', subnetwork: facts.subnetwork ?? '[unknown]' },
    fix: 'Pass network and subnetwork to GkeCluster.fromAttributes (GkeCluster.create knows both).',
  }, scope);
}

/** A VPC network as a `projects/<project>/global/networks/<name>` path. */
export function networkPath(network: string, project: string): string {
  const path = /(projects\/[^/]+\/global\/networks\/[^/]+)$/.exec(network);
  return path ? path[1] : `projects/${project}/global/networks/${network}`;
}

/** Google Cloud Managed Lustre: zonal, capacity and throughput as the pinned provider documents them. */
function managedLustre(scope: IConstruct, req: StorageTierRequest, facts: GcpStorageFacts): Resolved {
  const service = 'Google Cloud Managed Lustre';
  needsNetwork(scope, service, facts, false);
  if (req.encryptionKey !== undefined) {
    throw unsupported(scope, 'google_lustre_instance (Google provider 6.50.0) takes no customer-managed key: Managed Lustre tiers are encrypted with Google-managed keys.',
      req.encryptionKey, 'Leave encryptionKey out for a parallel tier on GCP.');
  }
  const zone = zoneOf(scope, req, facts);
  const limits = MANAGED_LUSTRE_LIMITS;
  const capacityGiB = req.capacityGiB ?? limits.minCapacityGiB;
  assertCapacityStep(scope, service, capacityGiB, [{ minGiB: limits.minCapacityGiB, maxGiB: limits.maxCapacityGiB, stepGiB: limits.capacityStepGiB }],
    `${limits.minCapacityGiB}-${limits.maxCapacityGiB} GiB in steps of ${limits.capacityStepGiB}`, 'google_lustre_instance capacity_gib, Google provider 6.50.0');
  const throughput = req.throughputPerTiB!;
  assertThroughput(scope, service, throughput, limits.throughputsPerTiB);
  const instance = `${facts.platformName}-${req.name}`;
  if (!limits.instanceId.test(instance)) {
    throw new ValidationError(ErrorCode.STORAGE_NAME_INVALID, {
      message: `The Managed Lustre instance would be named ${instance}, which is not 1-63 lowercase letters, digits and "-" starting with a letter.`,
      received: instance,
      fix: 'Shorten the platform or tier name, or start it with a letter.',
    }, scope);
  }
  const fileSystemName = req.name.replace(/[^a-z0-9]/g, '').slice(0, 8);
  const ready = assertDeployed(scope, service, req.deployed, {
    address: { pattern: IPV4, allowed: 'the instance\'s IPv4 address (its mount point before "@")' },
  }, storageOutputName(facts.platformName, req.name));
  return {
    service: `${service} (${throughput} MB/s/TiB, ${capacityGiB} GiB, ${zone})`,
    resourceName: instance,
    fileSystemName,
    csiDriver: LUSTRE_CSI_DRIVER,
    zone,
    capacityGiB,
    bounded: true,
    throughputPerTiB: throughput,
    encryption: 'Google-managed encryption at rest (google_lustre_instance at Google provider 6.50.0 takes no customer-managed key)',
    link: req.link ? {
      tier: req.link.tier.name, bucket: req.link.tier.resourceName, prefix: req.link.prefix, fileSystemPath: req.link.fileSystemPath,
      autoImport: req.link.autoImport, autoExport: req.link.autoExport,
    } : undefined,
    storageClass: { provisioner: NO_PROVISIONER, parameters: {} },
    volume: ready ? {
      driver: LUSTRE_CSI_DRIVER,
      volumeHandle: `${facts.project}/${zone}/${instance}`,
      volumeAttributes: { ip: req.deployed!.address!, filesystem: fileSystemName },
      mountOptions: [],
      readOnlyMountOptions: [],
      readWriteMountOptions: [],
    } : undefined,
    costDrivers: [provisionedCapacityDriver(req, `${service} at ${throughput} MB/s/TiB`, capacityGiB)],
  };
}

/** Filestore Basic HDD (STANDARD) or zonal (HIGH), one share, admitting only the nodes' subnetwork. */
function filestore(scope: IConstruct, req: StorageTierRequest, facts: GcpStorageFacts): Resolved {
  const tier = req.performance === StoragePerformance.HIGH ? 'ZONAL' : 'BASIC_HDD';
  const service = `Filestore ${tier === 'ZONAL' ? 'zonal' : 'Basic HDD'}`;
  needsNetwork(scope, service, facts, true);
  if (req.infrequentAccessAfterDays !== undefined) {
    throw unsupported(scope, 'Filestore has no infrequent-access tiering.', { infrequentAccessAfterDays: req.infrequentAccessAfterDays },
      'Leave infrequentAccessAfterDays out on GCP; keep cold data on an ARCHIVE tier with lifecycle transitions.');
  }
  const zone = zoneOf(scope, req, facts);
  const bands = FILESTORE_CAPACITY[tier];
  const capacityGiB = req.capacityGiB ?? bands[0].minGiB;
  assertCapacityStep(scope, service, capacityGiB, bands, bands.map((b) => `${b.minGiB}-${b.maxGiB} GiB in steps of ${b.stepGiB}`).join(', or '),
    'cloud.google.com/filestore/docs/service-tiers');
  const instance = `${facts.platformName}-${req.name}`;
  if (!FILESTORE_INSTANCE_NAME.test(instance)) {
    throw new ValidationError(ErrorCode.STORAGE_NAME_INVALID, {
      message: `The Filestore instance would be named ${instance}, which is not 1-63 lowercase letters, digits and "-" starting with a letter.`,
      received: instance,
      fix: 'Shorten the platform or tier name, or start it with a letter.',
    }, scope);
  }
  for (const s of req.usage.classShares) {
    if (s.storageClass !== ObjectStorageClass.STANDARD) {
      throw unsupported(scope, `Filestore keeps all data in one class; a share of ${s.storageClass} cannot exist.`, s, 'Leave usage.classShares out for a shared tier on GCP.');
    }
  }
  const ready = assertDeployed(scope, service, req.deployed, { address: { pattern: IPV4, allowed: 'the instance\'s IPv4 address' } }, storageOutputName(facts.platformName, req.name));
  return {
    service: `${service} (${capacityGiB} GiB, ${zone})`,
    resourceName: instance,
    csiDriver: FILESTORE_CSI_DRIVER,
    zone,
    capacityGiB,
    bounded: true,
    storageClass: { provisioner: NO_PROVISIONER, parameters: {} },
    volume: ready ? {
      driver: FILESTORE_CSI_DRIVER,
      volumeHandle: `modeInstance/${zone}/${instance}/${FILESTORE_SHARE}`,
      volumeAttributes: { ip: req.deployed!.address!, volume: FILESTORE_SHARE },
      mountOptions: [],
      readOnlyMountOptions: [],
      readWriteMountOptions: [],
    } : undefined,
    costDrivers: [provisionedCapacityDriver(req, service, capacityGiB)],
  };
}

/** Cloud Storage: an ARCHIVE tier with lifecycle rules or Autoclass, or a CACHE tier with the FUSE driver's file cache. */
function gcs(scope: IConstruct, req: StorageTierRequest, facts: GcpStorageFacts): Resolved {
  const bucket = req.resourceName ?? `${facts.platformName}-${req.name}`;
  assertBucketName(scope, bucket, (name) => (GCS_RESERVED_NAME.test(name) ? 'starts with "goog" or contains "google", which Cloud Storage refuses' : undefined));
  const deep = [...(req.lifecycle?.transitions ?? []), ...req.usage.classShares].find((t) => t.storageClass === ObjectStorageClass.DEEP_ARCHIVE);
  if (deep) {
    throw unsupported(scope, 'Cloud Storage has no class colder than ARCHIVE (which is read directly, without a restore).', deep,
      'Use ObjectStorageClass.ARCHIVE on GCP.');
  }
  const cache = req.kind === StorageTierKind.CACHE;
  const auto = req.lifecycle?.autoTiering === true;
  const costDrivers: StorageCostDriverSpec[] = req.userPrice ? [userPricedStorageDriver(req, 'Cloud Storage')]
    : classMixDrivers(req, ObjectStorageClass.STANDARD, { storage: 'GiB-month', retrieval: 'GiB retrieved' }, gcsPricing);
  costDrivers.push(...requestDrivers(req, { unpriced: 'Cloud Storage operation prices are not in the catalog snapshot (../shared/data/SOURCES.md)' }));
  if (auto) {
    costDrivers.push(perObjectFeeDriver(req, 'Autoclass management fee', ['GCS Autoclass', 'management fee'], '1,000 objects per month (30 days)'));
  }
  const lifecycle = req.lifecycle;
  const classes = lifecycle ? (auto ? 'Autoclass to ARCHIVE' : ['STANDARD', ...lifecycle.transitions.map((t) => `${GCS_STORAGE_CLASS[t.storageClass]} after ${t.afterDays} days`)].join(' -> '))
    : 'STANDARD';
  return {
    service: cache ? `Cloud Storage with the Cloud Storage FUSE CSI driver's file cache (${req.cacheSizeGiB} GiB per mount)`
    : `Cloud Storage (${classes}${lifecycle?.versioned ? ', versioned' : ''})`,
    resourceName: bucket,
    csiDriver: GCS_FUSE_CSI_DRIVER,
    capacityGiB: req.capacityGiB,
    bounded: false,
    cacheSizeGiB: req.cacheSizeGiB,
    lifecycle,
    storageClass: { provisioner: GCS_FUSE_CSI_DRIVER, parameters: {} },
    volume: {
      driver: GCS_FUSE_CSI_DRIVER,
      // The driver takes the bucket name as the handle.
      volumeHandle: bucket,
      volumeAttributes: cache ? { fileCacheCapacity: `${req.cacheSizeGiB}Gi`, fileCacheForRangeRead: 'true' } : {},
      mountOptions: ['implicit-dirs'],
      readOnlyMountOptions: [],
      readWriteMountOptions: [],
    },
    // The driver injects its sidecar only into pods that ask for it.
    podAnnotations: { 'gke-gcsfuse/volumes': 'true' },
    costDrivers,
  };
}

function gcsPricing(c: ObjectStorageClass): ClassPricing {
  switch (c) {
    case ObjectStorageClass.STANDARD: return { name: 'GCS Standard', storage: ['GCS Standard', 'storage (regional bucket)'] };
    case ObjectStorageClass.INFREQUENT_ACCESS: return { name: 'GCS Nearline', storage: ['GCS Nearline', 'storage (regional bucket)'], retrieval: ['GCS Nearline', 'data retrieval'] };
    case ObjectStorageClass.COLD: return { name: 'GCS Coldline', storage: ['GCS Coldline', 'storage (regional bucket)'], retrieval: ['GCS Coldline', 'data retrieval'] };
    default: return { name: 'GCS Archive', storage: ['GCS Archive', 'storage (regional bucket)'], retrieval: ['GCS Archive', 'data retrieval'] };
  }
}

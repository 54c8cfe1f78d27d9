import { IConstruct } from 'constructs';
import { ObjectStorageClass, StoragePerformance, StorageTierKind } from '../core/storage';

/** A storage tier: what teams are given (`TeamNamespace` `storage`) and what jobs mount. */
export interface IStorageTier extends IConstruct {
  /** The tier name (unique in the platform). */
  readonly tierName: string;
  /** What the tier is for. */
  readonly kind: StorageTierKind;
  /** The StorageClass of the tier (its name is the tier name): quota keys and claims name it. */
  readonly storageClassName: string;
  /** The name of the PersistentVolumeClaim every team given the tier has in each of its namespaces. */
  readonly claimName: string;
  /** Where jobs mount the tier's claim. */
  readonly mountPath: string;
}

/** A lifecycle transition: objects move to a colder class this many days after they were created. */
export interface StorageTransition {
  /** Days after creation (S3 refuses fewer than 30 for INFREQUENT_ACCESS). */
  readonly afterDays: number;
  /** The class objects move to (colder than the previous transition's). */
  readonly storageClass: ObjectStorageClass;
}

/** The share of a tier's data expected in one storage class, for the cost estimate. */
export interface StorageClassShare {
  /** The storage class. */
  readonly storageClass: ObjectStorageClass;
  /** Fraction of the stored data, 0-1; the shares of a tier add up to at most 1. */
  readonly share: number;
  /**
   * GiB read back from this class per month (retrieval charges of infrequent and cold classes).
   * @default 0
   */
  readonly monthlyRetrievalGiB?: number;
}

/** What a tier's data is expected to be like: the quantities its monthly cost is priced from. */
export interface StorageUsage {
  /**
   * Data stored, GiB.
   * @default - the tier's `capacityGiB`
   */
  readonly storedGiB?: number;
  /**
   * Share of the data per storage class (a lifecycle's steady state). Without it, all data is priced in the tier's
   * first class: an upper bound for tiers with lifecycle transitions.
   * @default - all data in STANDARD
   */
  readonly classShares?: StorageClassShare[];
  /**
   * GET-type requests per month (object storage).
   * @default - not estimated
   */
  readonly monthlyReadRequests?: number;
  /**
   * PUT/LIST-type requests per month (object storage).
   * @default - not estimated
   */
  readonly monthlyWriteRequests?: number;
  /**
   * Objects stored (per-object fees of S3 Intelligent-Tiering and GCS Autoclass).
   * @default - not estimated
   */
  readonly objectCount?: number;
}

/**
 * A parallel tier's link to an object tier: a prefix of the bucket appears as a directory of the file system; new and
 * changed objects are imported, and files written there are exported back. AWS: an FSx data repository association.
 * GCP: Managed Lustre imports and exports with `gcloud lustre instances import-data` / `export-data` (the pinned provider
 * has no resource for it); the link is recorded on the StorageClass.
 */
export interface DataRepositoryLink {
  /** An ARCHIVE or CACHE tier of the same platform. */
  readonly tier: IStorageTier;
  /**
   * The prefix of the bucket that is linked, e.g. `datasets/`.
   * @default - the whole bucket
   */
  readonly prefix?: string;
  /**
   * Where the prefix appears in the file system.
   * @default - `/<linked tier name>`
   */
  readonly fileSystemPath?: string;
  /**
   * Import new, changed and deleted objects automatically (AWS).
   * @default true
   */
  readonly autoImport?: boolean;
  /**
   * Export new, changed and deleted files automatically (AWS).
   * @default true
   */
  readonly autoExport?: boolean;
}

/**
 * What the cloud assigns to a tier's file system when it is first deployed, read from the stack's Terraform output
 * `storage__<platform>__<tier>`. The PersistentVolumes of a file-system tier are rendered once these are given: the
 * cluster layer never holds deploy-time references.
 */
export interface DeployedStorageAttributes {
  /**
   * The file system id (`fs-…`): FSx for Lustre and EFS.
   * @default - not needed (Filestore, Managed Lustre)
   */
  readonly fileSystemId?: string;
  /**
   * Where clients mount it: the FSx DNS name; the Filestore or Managed Lustre IP address.
   * @default - not needed (EFS)
   */
  readonly address?: string;
  /**
   * The FSx for Lustre mount name.
   * @default - not needed (other services)
   */
  readonly mountName?: string;
}

/** Properties of a {@link StorageTier}. */
export interface StorageTierProps {
  /**
   * The tier name (a DNS-1123 label): StorageClass name, the teams' claim name, part of cloud resource names.
   * @default - the construct id
   */
  readonly name?: string;
  /** What the tier is for; the cloud target picks the service. */
  readonly kind: StorageTierKind;
  /**
   * Size, GiB. For services that provision capacity (FSx for Lustre, Filestore, Managed Lustre) the provisioned size,
   * checked against the service's steps, and the bound of the teams' grants. For elastic services (EFS, S3, GCS) the
   * data expected, used by the cost estimate only.
   * @default - the service's smallest size where it provisions one (FSx 1200, Filestore 1024, Managed Lustre 18000); not
   * estimated for elastic services
   */
  readonly capacityGiB?: number;
  /**
   * Throughput per TiB of storage, MB/s (PARALLEL tiers): 125, 250, 500 or 1000.
   * @default 125 - the cheapest
   */
  readonly throughputPerTiB?: number;
  /**
   * Performance of a SHARED tier.
   * @default StoragePerformance.STANDARD
   */
  readonly performance?: StoragePerformance;
  /**
   * The zone of a zonal service (FSx for Lustre, Filestore, Managed Lustre): pools that mount the tier must run there.
   * @default - AWS: the first zone of the cluster's subnets; GCP: the cluster's zone, or the region's first zone
   */
  readonly zone?: string;
  /**
   * Whether pods in other zones may mount a zonal tier (cross-zone traffic is slower and billed): a synth warning
   * instead of an error, and no zone affinity on the tier's volumes.
   * @default false
   */
  readonly allowCrossZoneMounts?: boolean;
  /**
   * The bucket name of an ARCHIVE or CACHE tier (globally unique on both clouds).
   * @default - `<platform>-<tier>`
   */
  readonly bucketName?: string;
  /**
   * A customer-managed key to encrypt the tier with: a KMS key ARN (AWS) or a Cloud KMS key name (GCP), in the
   * platform's region.
   * @default - a key with rotation is created for the tier where the service takes one
   */
  readonly encryptionKey?: string;
  /**
   * Size of the node-local cache of each mount of a CACHE tier, GiB (an emptyDir on the node's disk).
   * @default 50
   */
  readonly cacheSizeGiB?: number;
  /**
   * Whether teams mount the tier read-only (a grant may say otherwise).
   * @default - true for CACHE tiers (datasets and model weights), false for the others
   */
  readonly readOnly?: boolean;
  /**
   * Where jobs mount the tier's claim.
   * @default - `/mnt/<tier name>`
   */
  readonly mountPath?: string;
  /**
   * Days after which unread files of a SHARED tier move to Infrequent Access (and back on their first read): 1, 7, 14,
   * 30, 60, 90, 180, 270 or 365 (EFS; Filestore has no such tiering).
   * @default - 30 on AWS
   */
  readonly infrequentAccessAfterDays?: number;
  /**
   * Lifecycle transitions of an ARCHIVE tier's objects, oldest last.
   * @default - none
   */
  readonly transitions?: StorageTransition[];
  /**
   * Let the cloud move each object between classes by its access (S3 Intelligent-Tiering; GCS Autoclass), instead of
   * `transitions`.
   * @default false
   */
  readonly autoTiering?: boolean;
  /**
   * Delete objects of an ARCHIVE tier this many days after creation.
   * @default - never
   */
  readonly expireAfterDays?: number;
  /**
   * Keep every replaced or deleted object version (checkpoint buckets).
   * @default false
   */
  readonly versioned?: boolean;
  /**
   * With `versioned`, days a replaced or deleted version is kept before it is deleted.
   * @default 30
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Link a PARALLEL tier to an ARCHIVE or CACHE tier for import and export.
   * @default - not linked
   */
  readonly dataRepository?: DataRepositoryLink;
  /**
   * What the cloud assigned to the tier's file system at its first deploy (FSx, EFS, Filestore, Managed Lustre).
   * @default - the tier's PersistentVolumes are not rendered yet (a synth warning says how to get these)
   */
  readonly deployed?: DeployedStorageAttributes;
  /**
   * Protect the tier's data from deletion: `lifecycle.prevent_destroy` on its file system or bucket and key, and the
   * service's own deletion protection where it has one. `false` is an explicit opt-out (e.g. scratch space).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * What the tier's data is expected to be like, for the cost estimate.
   * @default - stored data = capacity, all in STANDARD, requests not estimated
   */
  readonly usage?: StorageUsage;
  /**
   * Your price per GiB-month, for services the catalog has no openly licensed price for (FSx for Lustre, Filestore,
   * Managed Lustre); it replaces the catalog's capacity price otherwise. Needs `priceSource`.
   * @default - the catalog's price; none for those services: their capacity is listed as unpriced, with the reason
   */
  readonly pricePerGiBMonthUsd?: number;
  /**
   * Where `pricePerGiBMonthUsd` comes from (e.g. "AWS price list, us-east-1, 2026-11" or "negotiated rate").
   * @default - required with `pricePerGiBMonthUsd`
   */
  readonly priceSource?: string;
}

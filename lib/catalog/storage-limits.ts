/**
 * Sizes, steps and name rules of the storage services the storage tiers render to, at the pinned provider versions
 * (AWS provider 6.25.0, Google provider 6.50.0). The providers check most of these only at apply time, when the
 * service refuses the request; the tiers check them at synth.
 */

/**
 * FSx for Lustre, deployment type PERSISTENT_2 on SSD (the parallel tier on AWS).
 * Sources: FSx API `CreateFileSystem.StorageCapacity` ("1200 GiB, 2400 GiB, and increments of 2400 GiB" for SSD
 * PERSISTENT_2) and `LustreConfiguration.PerUnitStorageThroughput` ("125, 250, 500, and 1000 MB/s/TiB" for
 * PERSISTENT_2), read 2026-12; ../shared/reference/cloud-apis.md §1.4.
 */
export const FSX_LUSTRE_LIMITS = {
  /** MB/s per TiB of storage. */
  throughputsPerTiB: [125, 250, 500, 1000] as readonly number[],
  /** The smallest file system. */
  minCapacityGiB: 1200,
  /** Above the smallest, sizes are multiples of this. */
  capacityStepGiB: 2400,
} as const;

/** Lustre and its data repository association: the paths a link may use. */
export const FSX_DATA_REPOSITORY = {
  /** `file_system_path` starts with `/` and has at most this many characters (FSx API). */
  maxFileSystemPathLength: 4096,
} as const;

/**
 * Amazon EFS lifecycle policy values (`transition_to_ia`): EFS API `LifecyclePolicy.TransitionToIA`.
 * Source: ../shared/reference/cloud-apis.md §1.4.
 */
export const EFS_INFREQUENT_ACCESS_DAYS: readonly number[] = [1, 7, 14, 30, 60, 90, 180, 270, 365];

/** A Filestore service tier's provisionable capacity. */
export interface FilestoreCapacityBand {
  readonly minGiB: number;
  readonly maxGiB: number;
  readonly stepGiB: number;
}

/**
 * Filestore capacity per service tier (the shared tier on GCP). Basic tiers grow in 1 GiB units up to 63.9 TiB; the
 * zonal tier has two bands, 1-9.75 TiB in 256 GiB units and 10-100 TiB in 2.5 TiB units.
 * Source: cloud.google.com/filestore/docs/service-tiers, "Provisionable capacity" (read 2026-12); the Filestore API's
 * `Tier` enum (BASIC instances: "a maximum capacity of 63.9 TB").
 */
export const FILESTORE_CAPACITY: Readonly<Record<string, readonly FilestoreCapacityBand[]>> = {
  BASIC_HDD: [{ minGiB: 1024, maxGiB: 65433, stepGiB: 1 }],
  BASIC_SSD: [{ minGiB: 2560, maxGiB: 65433, stepGiB: 1 }],
  ZONAL: [{ minGiB: 1024, maxGiB: 9984, stepGiB: 256 }, { minGiB: 10240, maxGiB: 102400, stepGiB: 2560 }],
};

/** Filestore instance names (Filestore API): a lowercase letter, then letters, digits or `-`, at most 63. */
export const FILESTORE_INSTANCE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Google Cloud Managed Lustre (`google_lustre_instance`, the parallel tier on GCP), as the pinned provider's schema
 * documents it: capacity 18,000 to 954,000 GiB in 9,000 GiB increments, throughput 125/250/500/1000 MB/s/TiB, a
 * file system name of at most 8 letters and digits.
 * Source: `@cdktf/provider-google@16.12.1` `lib/lustre-instance/index.d.ts` (provider 6.50.0).
 */
export const MANAGED_LUSTRE_LIMITS = {
  throughputsPerTiB: [125, 250, 500, 1000] as readonly number[],
  minCapacityGiB: 18000,
  maxCapacityGiB: 954000,
  capacityStepGiB: 9000,
  fileSystemName: /^[A-Za-z0-9]{1,8}$/,
  instanceId: /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
} as const;

/**
 * Bucket names the tiers accept on both clouds: 3-63 lowercase letters, digits and `-`, starting and ending with a
 * letter or digit (no dots: a dotted name breaks virtual-hosted TLS on S3 and domain verification on GCS).
 * S3 refuses some prefixes and suffixes it reserves; GCS refuses names that start with `goog` or contain `google`
 * (or close misspellings).
 * Sources: docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html and
 * cloud.google.com/storage/docs/buckets#naming (read 2026-12).
 */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/** Prefixes S3 reserves. */
export const S3_RESERVED_PREFIXES: readonly string[] = ['xn--', 'sthree-', 'amzn-s3-demo-'];
/** Suffixes S3 reserves (access point aliases, Object Lambda, directory and table buckets). */
export const S3_RESERVED_SUFFIXES: readonly string[] = ['-s3alias', '--ol-s3', '--x-s3', '--table-s3'];
/** GCS refuses names starting with `goog` and names containing `google` or close misspellings of it. */
export const GCS_RESERVED_NAME = /^goog|google|g00gle|go0gle|g0ogle/;

/**
 * S3 lifecycle constraints the API enforces on a rule: a transition to STANDARD_IA comes at least 30 days after
 * creation, and the next transition of an object moved to STANDARD_IA at least 30 days after that.
 * Sources: S3 API `Transition.Days` ("STANDARD_IA or ONEZONE_IA ... greater than 30"), S3 user guide "Constraints and
 * considerations for transitions" (read 2026-12).
 */
export const S3_LIFECYCLE = {
  minDaysToInfrequentAccess: 30,
  minDaysInInfrequentAccess: 30,
} as const;

// The storage tiers' cloud-neutral vocabulary: what a tier is for, the object storage classes data moves through, and
// what a tier's monthly cost is made of. Each cloud target maps them to its services (README "Storage tiers").

/** What a storage tier is for; each cloud target provides it with one of its services. */
export enum StorageTierKind {
  /**
   * Hot: a parallel file system for training I/O, optionally linked to an archive tier for import and export.
   * AWS: FSx for Lustre (PERSISTENT_2, SSD). GCP: Google Cloud Managed Lustre.
   */
  PARALLEL = 'parallel',
  /**
   * Object storage mounted through a CSI driver with a node-local cache, so repeated reads (datasets, model weights)
   * come from local disk. AWS: S3 with the Mountpoint for Amazon S3 CSI driver. GCP: Cloud Storage with the Cloud
   * Storage FUSE CSI driver's file cache.
   */
  CACHE = 'cache',
  /** Warm: a shared NFS file system (notebooks, home directories). AWS: Amazon EFS. GCP: Filestore. */
  SHARED = 'shared',
  /**
   * Cold: object storage with lifecycle transitions to cheaper classes (or automatic tiering), optional versioning.
   * AWS: S3. GCP: Cloud Storage.
   */
  ARCHIVE = 'archive',
}

/**
 * A storage class of object (and EFS) data, coldest last. Each cloud maps it to its own class; a class a cloud lacks is
 * refused with the alternative.
 */
export enum ObjectStorageClass {
  /** S3 Standard; GCS Standard; EFS Standard. */
  STANDARD = 'STANDARD',
  /** Read less than monthly, milliseconds away: S3 Standard-IA (30 days minimum); GCS Nearline; EFS Infrequent Access. */
  INFREQUENT_ACCESS = 'INFREQUENT_ACCESS',
  /** Read a few times a year, milliseconds away: S3 Glacier Instant Retrieval; GCS Coldline (both 90 days minimum). */
  COLD = 'COLD',
  /**
   * Kept for a year or more: S3 Glacier Flexible Retrieval (restored before it can be read, so a mount cannot read
   * it); GCS Archive (read directly).
   */
  ARCHIVE = 'ARCHIVE',
  /** S3 Glacier Deep Archive (restored in hours). GCS has no colder class than ARCHIVE. */
  DEEP_ARCHIVE = 'DEEP_ARCHIVE',
}

/** How a shared (NFS) tier performs. */
export enum StoragePerformance {
  /** AWS: EFS with bursting throughput. GCP: Filestore Basic HDD (1 TiB minimum). */
  STANDARD = 'standard',
  /** AWS: EFS with elastic throughput. GCP: Filestore zonal (SSD, performance scales with capacity). */
  HIGH = 'high',
}

/** What a part of a tier's monthly cost is. */
export enum StorageCostDriverKind {
  /** Provisioned (file systems) or stored (object storage, EFS) capacity. */
  CAPACITY = 'capacity',
  /** Provisioned throughput beyond what the capacity includes. */
  THROUGHPUT = 'throughput',
  /** The share of stored data in one storage class (a lifecycle's mix). */
  STORAGE_CLASS = 'storage-class',
  /** Requests (object storage). */
  REQUESTS = 'requests',
  /** Data read back from infrequent, cold or archive classes. */
  RETRIEVAL = 'retrieval',
  /** Per-object monitoring or management fees (S3 Intelligent-Tiering, GCS Autoclass). */
  MONITORING = 'monitoring',
}

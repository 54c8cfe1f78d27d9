/** The labels this library puts on nodes and objects, so that every layer can select what it needs. */
export class PlatformLabels {
  /** The label domain of this library. */
  public static readonly DOMAIN = 'ml-platform-cdk.io';
  /** Name of the pool a node belongs to. ResourceFlavors select pools by this label. */
  public static readonly POOL = `${PlatformLabels.DOMAIN}/pool`;
  /** GPU model id of the node (e.g. `h100-80gb`). */
  public static readonly GPU_MODEL = `${PlatformLabels.DOMAIN}/gpu-model`;
  /** Capacity type of the node (`on-demand`, `spot`, `reserved`). */
  public static readonly CAPACITY_TYPE = `${PlatformLabels.DOMAIN}/capacity-type`;
  /** Name of the spot fleet a node belongs to (its spot and on-demand pools alike). */
  public static readonly SPOT_FLEET = `${PlatformLabels.DOMAIN}/spot-fleet`;
  /** Name of the team a namespace (and the objects in it) belongs to. */
  public static readonly TEAM = `${PlatformLabels.DOMAIN}/team`;
  /** Name of the storage tier an object (StorageClass, PersistentVolume, claim) belongs to. */
  public static readonly STORAGE_TIER = `${PlatformLabels.DOMAIN}/storage-tier`;
  /** Annotation on a storage tier's StorageClass naming the CSI driver its volumes use. */
  public static readonly CSI_DRIVER_ANNOTATION = `${PlatformLabels.DOMAIN}/csi-driver`;
  /** Annotation on a storage tier's StorageClass naming the service behind it. */
  public static readonly STORAGE_SERVICE_ANNOTATION = `${PlatformLabels.DOMAIN}/storage-service`;
  /** Annotation on a parallel tier's StorageClass naming the bucket prefix it imports from and exports to. */
  public static readonly DATA_REPOSITORY_ANNOTATION = `${PlatformLabels.DOMAIN}/data-repository`;
  /** Annotation on cluster objects naming the instance or machine type chosen for a pool. */
  public static readonly INSTANCE_TYPE_ANNOTATION = `${PlatformLabels.DOMAIN}/instance-type`;
  /** The `app.kubernetes.io/managed-by` label key every object the library renders carries. */
  public static readonly MANAGED_BY = 'app.kubernetes.io/managed-by';
  /** The value of the managed-by label: the library's name. */
  public static readonly MANAGED_BY_VALUE = 'ml-platform-cdk';

  private constructor() {}
}

/** The labels on every object the library renders. A fresh object each call, so callers may extend it. */
export function managedByLabels(): Record<string, string> {
  return { [PlatformLabels.MANAGED_BY]: PlatformLabels.MANAGED_BY_VALUE };
}

/** The label Kubernetes puts on every namespace with its name (immutable; selectors rely on it). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Well-known Kubernetes resource names. */
export class ResourceNames {
  /** Whole NVIDIA GPUs (or MIG devices under the `single` strategy, or time-sliced replicas). */
  public static readonly NVIDIA_GPU = 'nvidia.com/gpu';
  /** CPU cores. */
  public static readonly CPU = 'cpu';
  /** Memory bytes. */
  public static readonly MEMORY = 'memory';

  private constructor() {}
}

/**
 * The keys of the tags (AWS) and labels (GCP) the library puts on every cloud resource it creates, so that the cloud
 * bill, budgets and in-cluster allocators (OpenCost, Kubecost) attribute spend by the same platform, pool, team and
 * storage tier. AWS tag keys take `:`; GCP label keys take only lowercase letters, digits, `-` and `_`.
 */
export class CloudTagKeys {
  /** AWS: the platform (every resource, through the provider's default tags, and the nodes' instances and volumes). */
  public static readonly AWS_PLATFORM = 'ml-platform-cdk:platform';
  /** AWS: the pool (node group, launch template, the nodes' instances and volumes). */
  public static readonly AWS_POOL = 'ml-platform-cdk:pool';
  /** AWS: the team a pool is dedicated to (exactly one team has quota on it). */
  public static readonly AWS_TEAM = 'ml-platform-cdk:team';
  /** AWS: the storage tier. */
  public static readonly AWS_STORAGE_TIER = 'ml-platform-cdk:storage-tier';
  /** GCP: the platform. */
  public static readonly GCP_PLATFORM = 'ml-platform-cdk-platform';
  /** GCP: the pool. */
  public static readonly GCP_POOL = 'ml-platform-cdk-pool';
  /** GCP: the team a pool is dedicated to. */
  public static readonly GCP_TEAM = 'ml-platform-cdk-team';
  /** GCP: the storage tier. */
  public static readonly GCP_STORAGE_TIER = 'ml-platform-cdk-storage-tier';

  private constructor() {}
}

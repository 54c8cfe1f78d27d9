/** The node labels this library puts on every pool, so that every layer can select the pool. */
export class PlatformLabels {
  /** The label domain of this library. */
  public static readonly DOMAIN = 'ml-platform-cdk.io';
  /** Name of the pool a node belongs to. ResourceFlavors select pools by this label. */
  public static readonly POOL = `${PlatformLabels.DOMAIN}/pool`;
  /** GPU model id of the node (e.g. `h100-80gb`). */
  public static readonly GPU_MODEL = `${PlatformLabels.DOMAIN}/gpu-model`;
  /** Capacity type of the node (`on-demand`, `spot`, `reserved`). */
  public static readonly CAPACITY_TYPE = `${PlatformLabels.DOMAIN}/capacity-type`;
  /** Annotation on cluster objects naming the instance or machine type chosen for a pool. */
  public static readonly INSTANCE_TYPE_ANNOTATION = `${PlatformLabels.DOMAIN}/instance-type`;

  private constructor() {}
}

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

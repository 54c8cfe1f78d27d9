/**
 * Limits of the APIs the library renders to: facts about the clouds and about Kueue, checked before
 * apply because the providers check some of them only at plan or apply time (reference/cloud-apis.md,
 * reference/kubernetes-apis.md).
 */

/** EKS API limits (CreateNodegroup; provider schema). */
export const EKS_LIMITS = {
  maxTaints: 50,
  maxInstanceTypes: 20,
  maxKeyLength: 63,
  maxValueLength: 63,
  maxNodesPerGroup: 450,
  maxNodeGroupName: 63,
  /** Service quota "Public endpoint access CIDR ranges per cluster" (not adjustable). */
  maxPublicAccessCidrs: 40,
} as const;

/** GKE API limits. */
export const GKE_LIMITS = {
  maxNodePoolName: 40,
  /** Nodes of a compact placement policy (GKE documents 150 for A2/A3/G2 and others). */
  maxCompactNodes: 150,
  /** `gpu_sharing_config.max_shared_clients_per_gpu` (time-sharing and MPS). */
  maxSharedClientsPerGpu: 48,
  /** Nodes per node pool per zone (GKE quotas and limits). */
  maxNodesPerPoolZone: 1000,
  /** Nodes per Standard cluster (GKE quotas and limits): no pool can hold more. */
  maxNodesPerCluster: 15000,
  /** CIDR blocks of master authorized networks. */
  maxAuthorizedNetworks: 50,
} as const;

/**
 * Machine series that GKE compact placement policies are offered on: the CPU series GKE documents, and the GPU
 * series of the A100 (A2), H100 (A3) and L4 (G2) GPUs, the only GPUs it documents for compact placement.
 * Source: cloud.google.com/kubernetes-engine/docs/how-to/compact-placement, "Limitations" (read 2026-11-30).
 */
export const GKE_COMPACT_PLACEMENT_SERIES: readonly string[] = ['a2', 'a3', 'g2', 'c2', 'c2d', 'c3', 'c3d', 'c4a', 'c4d', 'c4n', 'h3', 'h4d', 'n2', 'n2d', 'z4d'];

/** EKS launch template names have at most 128 characters; the platform names them `<cluster>-<pool>`. */
export const EKS_MAX_LAUNCH_TEMPLATE_NAME = 128;

/**
 * `gpu_partition_size` values GKE's MIG partitioner and device plugin accept, per GPU model id; each GPU
 * is cut into the most instances of the size. No media-extension (`+me`) or `4g` sizes on A100/H100.
 * Source: GoogleCloudPlatform/container-engine-accelerators pkg/gpu/nvidia/mig/mig.go and
 * partition_gpu/partition_gpu.go.
 */
export const GKE_GPU_PARTITION_SIZES: Readonly<Record<string, readonly string[]>> = {
  'a100-40gb': ['1g.5gb', '2g.10gb', '3g.20gb', '7g.40gb'],
  'a100-80gb': ['1g.10gb', '2g.20gb', '3g.40gb', '7g.80gb'],
  'h100-80gb': ['1g.10gb', '1g.20gb', '2g.20gb', '3g.40gb', '7g.80gb'],
  'h200-141gb': ['1g.18gb', '1g.35gb', '2g.35gb', '3g.71gb', '4g.71gb', '7g.141gb'],
};

/** Kueue v1beta2 limits (CRD `maxItems`/`maxProperties` and the ClusterQueue webhook). */
export const KUEUE_LIMITS = {
  /** Tolerations and node labels on one ResourceFlavor. */
  maxFlavorEntries: 8,
  /** Resources covered by one resource group. */
  maxCoveredResources: 64,
  /** Flavors in one resource group. */
  maxFlavors: 64,
  /** Flavor-resource pairs in one resource group. */
  maxFlavorResourcePairs: 512,
} as const;

/** Volcano queue weights (scheduling.volcano.sh/v1beta1 Queue `spec.weight`). */
export const VOLCANO_LIMITS = {
  minWeight: 1,
  maxWeight: 65535,
} as const;

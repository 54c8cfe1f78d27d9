/** GKE limits and spellings checked before apply (provider 6.50 validates some only at plan time). */
export const GKE_LIMITS = {
  maxNodePoolName: 40,
  /** Nodes of a compact placement policy (GKE documents 150 for A2/A3/G2 and others). */
  maxCompactNodes: 150,
};

/** Label key of a named reservation in `reservation_affinity`. */
export const GKE_RESERVATION_KEY = 'compute.googleapis.com/reservation-name';

/**
 * `gpu_partition_size` values GKE's MIG partitioner and device plugin accept, per GPU model id; each GPU
 * is cut into the most instances of the size. No media-extension (`+me`) or `4g` sizes.
 * Source: GoogleCloudPlatform/container-engine-accelerators pkg/gpu/nvidia/mig/mig.go and
 * partition_gpu/partition_gpu.go.
 */
export const GKE_GPU_PARTITION_SIZES: Record<string, string[]> = {
  'a100-40gb': ['1g.5gb', '2g.10gb', '3g.20gb', '7g.40gb'],
  'a100-80gb': ['1g.10gb', '2g.20gb', '3g.40gb', '7g.80gb'],
  'h100-80gb': ['1g.10gb', '1g.20gb', '2g.20gb', '3g.40gb', '7g.80gb'],
  'h200-141gb': ['1g.18gb', '1g.35gb', '2g.35gb', '3g.71gb', '4g.71gb', '7g.141gb'],
};

/**
 * NVIDIA vocabulary shared by every layer: how MIG devices are advertised, how GPUs are shared, and the
 * node labels the NVIDIA components read.
 */

/** How the NVIDIA device plugin advertises MIG devices (GPU Operator `spec.mig.strategy`). */
export enum MigStrategy {
  /** Every MIG device as `nvidia.com/gpu`; all GPUs of the node share one profile. */
  SINGLE = 'single',
  /** One resource per profile, `nvidia.com/mig-<profile>`. */
  MIXED = 'mixed',
}

/** How the pods on one GPU (or one MIG device) share it. */
export enum GpuSharingStrategy {
  /** Time-slicing: pods take turns on the device; no memory or fault isolation. */
  TIME_SLICING = 'time-slicing',
  /** CUDA Multi-Process Service: pods run concurrently with a share of the device; not on MIG devices. */
  MPS = 'mps',
}

/** The node label the GPU operator's MIG manager reads to pick a mig-parted config. */
export const MIG_CONFIG_LABEL = 'nvidia.com/mig.config';

/** The node label the NVIDIA device plugin reads to pick its config. */
export const DEVICE_PLUGIN_CONFIG_LABEL = 'nvidia.com/device-plugin.config';

/** The mig-parted config of GPU nodes that select none (the ClusterPolicy's `migManager.config.default`). */
export const MIG_DISABLED_CONFIG = 'all-disabled';

import { InstanceOffering } from '../catalog/types';
import type { GpuSharingStrategy } from '../compute/gpu-sharing';
import { Capacity } from '../core/capacity';
import { Taint } from '../core/taint';

/**
 * A GPU pool as the renderers see it: plain data, fully resolved (instance chosen, defaults
 * applied), so that every layer renders the same facts.
 */
export interface PoolModel {
  /** Pool name: node group / node pool name, ResourceFlavor name, value of the pool label. */
  readonly name: string;
  /** The offering every node is (the first of `instanceTypes`). */
  readonly offering: InstanceOffering;
  /** Instance (AWS) or machine (GCP) types, all with the same GPU shape. */
  readonly instanceTypes: string[];
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly capacity: Capacity;
  /** Taints, Kubernetes spelling. */
  readonly taints: Taint[];
  /** Node labels, including the platform's pool/GPU/capacity labels. */
  readonly labels: Record<string, string>;
  readonly diskSizeGiB: number;
  /** Zones the pool's nodes may run in; empty = every zone of the cluster. */
  readonly zones: string[];
  /** Compact placement (AWS cluster placement group, GKE COMPACT policy). */
  readonly compactPlacement: boolean;
  /** Attach EFA interfaces (AWS; only with compact placement on EFA-capable types). */
  readonly efa: boolean;
  /** GKE `gpu_partition_size` (MIG), if partitioned. */
  readonly gpuPartitionSize?: string;
  /** GKE `gpu_sharing_config`, if shared. */
  readonly gpuSharing?: { readonly strategy: 'TIME_SHARING' | 'MPS'; readonly maxSharedClientsPerGpu: number };
  /** The extended resources one node provides (resource -> count): what the cluster autoscaler must assume for an empty pool. */
  readonly extendedResources: Record<string, number>;
  /** The NVIDIA device-plugin sharing config the nodes select (EKS). */
  readonly devicePluginSharing?: DevicePluginSharing;
}

/** The device-plugin sharing config a pool's nodes select (EKS). */
export interface DevicePluginSharing {
  /** Config key in the device-plugin ConfigMap; the `nvidia.com/device-plugin.config` label value. */
  readonly configKey: string;
  readonly strategy: GpuSharingStrategy;
  readonly replicas: number;
  readonly failRequestsGreaterThanOne: boolean;
  readonly renameByDefault: boolean;
  /** The resources (before renaming) whose devices are shared. */
  readonly resources: string[];
}

/** A MIG partitioning as the renderers see it. */
export interface MigConfigModel {
  /** mig-parted config name (= `nvidia.com/mig.config` label value). */
  readonly name: string;
  /** PCI device ids of the GPU model, so that a config never lands on another GPU (gpu-operator #603). */
  readonly pciDeviceIds: string[];
  /** The layout of every GPU, or one per GPU (empty = MIG disabled on that GPU). */
  readonly layouts: { readonly devices: 'all' | number[]; readonly slices: Record<string, number> }[];
}

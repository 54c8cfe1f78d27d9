import { IConstruct } from 'constructs';
import { InstanceOffering } from '../catalog/types';
import { Cloud, CloudProvider } from '../core/cloud';
import { ErrorCode, ValidationError } from '../core/errors';
import { ResourceNames } from '../core/labels';
import { DevicePluginSharing } from '../render/model';
import { GpuSharing, GpuSharingStrategy } from './gpu-sharing';
import { MIG_CONFIG_LABEL, MigPartitionProfile } from './mig-partition-profile';

/** A Kubernetes resource a pool provides, and how much. */
export interface ProvidedResource {
  /** Resource name, e.g. `nvidia.com/gpu` or `nvidia.com/mig-1g.10gb`. */
  readonly resourceName: string;
  /** Amount per node. */
  readonly perNode: number;
  /** Amount at the pool's maximum size. */
  readonly atMaxSize: number;
  /**
   * The MIG profile each unit is.
   * @default - whole GPUs
   */
  readonly migProfile?: string;
  /** Pods that share one device (time-slicing or MPS replicas); 1 when not shared. */
  readonly sharedBy: number;
  /**
   * The share of one physical GPU a unit is: 1 for a whole GPU, compute slices / 7 for a MIG device on
   * A100/H100, divided by `sharedBy` when shared.
   */
  readonly gpuShare: number;
}

/** What partitioning and sharing make of a pool's GPUs, per cloud. */
export interface PoolPartitioning {
  /** Node labels the NVIDIA components read (EKS): MIG config and device-plugin config. */
  readonly nodeLabels: Record<string, string>;
  /** The resources one node provides (without the max-size total). */
  readonly perNode: Omit<ProvidedResource, 'atMaxSize'>[];
  /** GKE `gpu_partition_size`. */
  readonly gkePartitionSize?: string;
  /** GKE `gpu_sharing_config`. */
  readonly gkeSharing?: { readonly strategy: 'TIME_SHARING' | 'MPS'; readonly maxSharedClientsPerGpu: number };
  /** EKS device-plugin sharing config. */
  readonly devicePluginSharing?: DevicePluginSharing;
}

/** The node label the NVIDIA device plugin reads to pick its config (EKS). */
export const DEVICE_PLUGIN_CONFIG_LABEL = 'nvidia.com/device-plugin.config';

/** GKE's limit on `max_shared_clients_per_gpu` (time-sharing and MPS). */
export const GKE_MAX_SHARED_CLIENTS = 48;

/**
 * Resolves a pool's MIG profile and GPU sharing against its instance type and cloud: checks that they
 * fit together and says which resources one node provides and what each layer must render.
 */
export function resolvePartitioning(
  scope: IConstruct, cloud: Cloud, offering: InstanceOffering, mig: MigPartitionProfile | undefined, sharing: GpuSharing | undefined,
): PoolPartitioning {
  const gpus = offering.gpuCount;
  if (mig) assertMigFitsPool(scope, mig, offering);
  if (sharing) assertSharing(scope, cloud, sharing, mig);
  const gcp = cloud.provider === CloudProvider.GCP;
  const replicas = sharing?.replicas ?? 1;

  const devices = mig
    ? mig.devicesPerNode(gpus).map((d) => ({
      resourceName: d.resourceName,
      perNode: d.count,
      migProfile: d.profile === '' ? undefined : d.profile,
      gpuShare: d.computeSlices / mig.spec.maxMigInstances,
    }))
    : [{ resourceName: ResourceNames.NVIDIA_GPU, perNode: gpus, migProfile: undefined, gpuShare: 1 }];
  const rename = !gcp && sharing?.renameByDefault === true;
  const perNode = devices.map((d) => ({
    resourceName: rename ? `${d.resourceName}.shared` : d.resourceName,
    perNode: d.perNode * replicas,
    ...(d.migProfile ? { migProfile: d.migProfile } : {}),
    sharedBy: replicas,
    gpuShare: d.gpuShare / replicas,
  }));

  const nodeLabels: Record<string, string> = {};
  let devicePluginSharing: DevicePluginSharing | undefined;
  if (!gcp && mig) nodeLabels[MIG_CONFIG_LABEL] = mig.configName;
  if (!gcp && sharing) {
    const configKey = mig ? `${sharing.configName}-${mig.configName}` : sharing.configName;
    nodeLabels[DEVICE_PLUGIN_CONFIG_LABEL] = configKey;
    devicePluginSharing = {
      configKey,
      strategy: sharing.strategy,
      replicas: sharing.replicas,
      failRequestsGreaterThanOne: sharing.failRequestsGreaterThanOne,
      renameByDefault: sharing.renameByDefault,
      resources: [...new Set(devices.map((d) => d.resourceName))],
    };
  }
  return {
    nodeLabels,
    perNode,
    gkePartitionSize: gcp ? mig?.gkePartitionSize : undefined,
    gkeSharing: gcp && sharing
      ? { strategy: sharing.strategy === GpuSharingStrategy.MPS ? 'MPS' : 'TIME_SHARING', maxSharedClientsPerGpu: sharing.replicas }
      : undefined,
    devicePluginSharing,
  };
}

function assertMigFitsPool(scope: IConstruct, mig: MigPartitionProfile, offering: InstanceOffering): void {
  if (!MigPartitionProfile.isMigPartitionProfile(mig)) {
    throw new ValidationError(ErrorCode.MIG_LAYOUT_SPEC_INVALID, {
      message: '`mig` is not a MigPartitionProfile.',
      received: typeof mig,
      fix: 'Pass new MigPartitionProfile(platform, id, {...}).',
    }, scope);
  }
  if (mig.gpu.id !== offering.gpu!.id) {
    throw new ValidationError(ErrorCode.MIG_GPU_MISMATCH, {
      message: `The MIG profile ${mig.node.path} partitions the ${mig.gpu.displayName}, but the pool's ${offering.name} carries the ${offering.gpu!.displayName}.`,
      received: { profileGpu: mig.gpu.id, poolGpu: offering.gpu!.id },
      fix: `Declare a MigPartitionProfile for ${offering.gpu!.id}, or choose an instance type with the ${mig.gpu.displayName}.`,
    }, scope);
  }
  if (mig.gpusPerNode !== undefined && mig.gpusPerNode !== offering.gpuCount) {
    throw new ValidationError(ErrorCode.MIG_GPU_COUNT_MISMATCH, {
      message: `The MIG profile ${mig.node.path} lays out ${mig.gpusPerNode} GPUs, but a ${offering.name} node has ${offering.gpuCount}.`,
      received: { layouts: mig.gpusPerNode, gpusPerNode: offering.gpuCount },
      fix: 'Give perGpuLayouts one layout per GPU of the instance type, or use `layout` for the same layout on every GPU.',
    }, scope);
  }
}

function assertSharing(scope: IConstruct, cloud: Cloud, sharing: GpuSharing, mig: MigPartitionProfile | undefined): void {
  const gcp = cloud.provider === CloudProvider.GCP;
  const max = gcp ? GKE_MAX_SHARED_CLIENTS : undefined;
  if (!Number.isInteger(sharing.replicas) || sharing.replicas < 2 || (max !== undefined && sharing.replicas > max)) {
    throw new ValidationError(ErrorCode.SHARING_REPLICAS_INVALID, {
      message: 'GPU sharing needs at least 2 pods per device' + (max !== undefined ? ` and GKE allows at most ${max}.` : '.'),
      received: sharing.replicas,
      allowed: max !== undefined ? `an integer from 2 to ${max}` : 'an integer of at least 2',
      fix: 'Set replicas to the number of pods that should share one GPU (e.g. 4); without sharing, leave `sharing` unset.',
    }, scope);
  }
  if (sharing.strategy === GpuSharingStrategy.MPS && mig && !gcp) {
    throw new ValidationError(ErrorCode.SHARING_MPS_ON_MIG, {
      message: 'The NVIDIA device plugin does not support MPS on MIG devices.',
      received: { sharing: sharing.strategy, mig: mig.configName },
      fix: 'Use GpuSharing.timeSlicing(replicas) on MIG devices, or MPS on a pool without a MIG profile (GKE supports MPS on partitions).',
    }, scope);
  }
  if (gcp && (sharing.renameByDefault || !sharing.failRequestsGreaterThanOne)) {
    throw new ValidationError(ErrorCode.SHARING_OPTION_UNSUPPORTED, {
      message: 'GKE shares GPUs as nvidia.com/gpu and refuses requests for more than one shared GPU; these device-plugin options do not exist there.',
      received: { renameByDefault: sharing.renameByDefault, failRequestsGreaterThanOne: sharing.failRequestsGreaterThanOne },
      fix: 'Use GpuSharing.timeSlicing(replicas) without options on GKE.',
    }, scope);
  }
}

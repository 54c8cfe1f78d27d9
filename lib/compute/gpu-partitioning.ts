import { IConstruct } from 'constructs';
import { InstanceOffering } from '../catalog/types';
import { ErrorCode, ValidationError } from '../core/errors';
import { GpuSharing } from '../core/gpu-sharing';
import { textOf } from '../core/guards';
import { ResourceNames } from '../core/labels';
import { DeviceUnit } from '../model/seams';
import { NodeResource } from '../model/types';
import { MigPartitionProfile } from './mig-partition-profile';

/**
 * The devices one node of `offering` has before sharing: whole GPUs, or the MIG devices of its profile (GPUs a
 * per-GPU layout leaves without MIG count as whole `nvidia.com/gpu`). Checks that the profile fits the node.
 */
export function devicesOf(scope: IConstruct, offering: InstanceOffering, mig: MigPartitionProfile | undefined, platform?: IConstruct): DeviceUnit[] {
  if (!mig) return [{ resourceName: ResourceNames.NVIDIA_GPU, perNode: offering.gpuCount, gpuShare: 1 }];
  assertMigFitsPool(scope, mig, offering);
  if (platform && !mig.node.scopes.includes(platform)) {
    throw new ValidationError(ErrorCode.SCOPE_INVALID, {
      message: `The MIG profile ${mig.node.path} belongs to another platform: its config would not be in this platform's GPU operator configuration.`,
      received: mig.node.path,
      fix: 'Declare the MigPartitionProfile under the same MlPlatform as the pool.',
    }, scope);
  }
  return mig.devicesPerNode(offering.gpuCount).map((d) => ({
    resourceName: d.resourceName,
    perNode: d.count,
    ...(d.profile === '' ? {} : { migProfile: d.profile }),
    gpuShare: d.computeSlices / mig.spec.maxMigInstances,
  }));
}

/**
 * Each device shared by `replicas` pods: `replicas` times as many units, each a `replicas`th of the device;
 * `rename` advertises them as `<resource>.shared` (the NVIDIA device plugin's `renameByDefault`).
 */
export function shareDevices(devices: DeviceUnit[], replicas: number, rename: boolean): NodeResource[] {
  return devices.map((d) => ({
    resourceName: rename ? `${d.resourceName}.shared` : d.resourceName,
    perNode: d.perNode * replicas,
    ...(d.migProfile ? { migProfile: d.migProfile } : {}),
    sharedBy: replicas,
    gpuShare: d.gpuShare / replicas,
  }));
}

/** Throws unless `sharing` is a GpuSharing with at least 2 whole replicas, and at most `max` when the cloud has a maximum. */
export function assertSharing(scope: IConstruct, sharing: GpuSharing, max: number | undefined): void {
  if (!(sharing instanceof GpuSharing)) {
    throw new ValidationError(ErrorCode.SHARING_REPLICAS_INVALID, {
      message: '`sharing` is not a GpuSharing.',
      received: sharing,
      fix: 'Pass GpuSharing.timeSlicing(replicas) or GpuSharing.mps(replicas).',
    }, scope);
  }
  if (!Number.isInteger(sharing.replicas) || sharing.replicas < 2 || (max !== undefined && sharing.replicas > max)) {
    throw new ValidationError(ErrorCode.SHARING_REPLICAS_INVALID, {
      message: 'GPU sharing needs at least 2 pods per device' + (max !== undefined ? ` and this cloud allows at most ${max}.` : '.'),
      received: typeof sharing.replicas === 'number' && Number.isFinite(sharing.replicas) ? sharing.replicas : textOf(sharing.replicas),
      allowed: max !== undefined ? `an integer from 2 to ${max}` : 'an integer of at least 2',
      fix: 'Set replicas to the number of pods that should share one GPU (e.g. 4); without sharing, leave `sharing` unset.',
    }, scope);
  }
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

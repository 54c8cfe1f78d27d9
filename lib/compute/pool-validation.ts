import { IConstruct } from 'constructs';
import { Capacity, CapacityType } from '../core/capacity';
import { Cloud, CloudProvider } from '../core/cloud';
import { ErrorCode, ValidationError } from '../core/errors';
import { Names } from '../core/names';
import { Taint } from '../core/taint';
import { EKS_LIMITS } from '../render/aws/spelling';
import { GKE_LIMITS } from '../render/gcp/spelling';

/** Kueue allows at most 8 tolerations and 8 node labels on a ResourceFlavor (CRD maxItems/maxProperties). */
export const FLAVOR_LIMIT = 8;

export function assertPoolName(scope: IConstruct, cloud: Cloud, name: string): void {
  const gcp = cloud.provider === CloudProvider.GCP;
  Names.assertDns1123Label(scope, 'pool name', name, gcp ? GKE_LIMITS.maxNodePoolName : EKS_LIMITS.maxNodeGroupName);
  if (gcp && !/^[a-z]/.test(name)) {
    throw new ValidationError(ErrorCode.INVALID_NAME, {
      message: 'GKE node pool names start with a letter.',
      received: name,
      fix: `Rename the pool, e.g. "pool-${name}".`,
    }, scope);
  }
}

export function assertPoolSize(scope: IConstruct, cloud: Cloud, minNodes: number, maxNodes: number): void {
  const problem = !Number.isInteger(minNodes) || !Number.isInteger(maxNodes) ? 'node counts must be whole numbers'
    : minNodes < 0 ? 'minNodes must be at least 0'
    : maxNodes < 1 ? 'maxNodes must be at least 1'
    : minNodes > maxNodes ? 'minNodes must not exceed maxNodes'
    : cloud.provider === CloudProvider.AWS && maxNodes > EKS_LIMITS.maxNodesPerGroup ? `EKS allows at most ${EKS_LIMITS.maxNodesPerGroup} nodes per managed node group`
    : undefined;
  if (problem) {
    throw new ValidationError(ErrorCode.POOL_SIZE_INVALID, {
      message: `The pool size is invalid: ${problem}.`,
      received: { minNodes, maxNodes },
      allowed: `0 <= minNodes <= maxNodes, maxNodes >= 1${cloud.provider === CloudProvider.AWS ? `, maxNodes <= ${EKS_LIMITS.maxNodesPerGroup}` : ''}`,
      fix: 'Fix minNodes / maxNodes (minNodes 0 lets the pool scale to zero).',
    }, scope);
  }
}

export function assertDiskSize(scope: IConstruct, diskSizeGiB: number): void {
  if (!Number.isInteger(diskSizeGiB) || diskSizeGiB < 20 || diskSizeGiB > 16384) {
    throw new ValidationError(ErrorCode.POOL_DISK_SIZE_INVALID, {
      message: 'The node disk size is out of range.',
      received: diskSizeGiB,
      allowed: 'a whole number of GiB from 20 to 16384',
      fix: 'GPU images are large: 100-500 GiB is typical.',
    }, scope);
  }
}

export function assertCapacity(scope: IConstruct, cloud: Cloud, capacity: Capacity): void {
  if (capacity.type !== CapacityType.RESERVED) return;
  const reservation = capacity.reservationId ?? '';
  const ok = cloud.provider === CloudProvider.AWS ? /^cr-[0-9a-f]{8,17}$/.test(reservation) : Names.isDns1123Label(reservation);
  if (!ok) {
    throw new ValidationError(ErrorCode.CAPACITY_INVALID, {
      message: `The reservation is not a valid ${cloud.provider === CloudProvider.AWS ? 'Capacity Reservation id' : 'reservation name'}.`,
      received: reservation,
      allowed: cloud.provider === CloudProvider.AWS ? '"cr-" and 8-17 hex digits' : 'a DNS-1123 label (the reservation name)',
      fix: 'Pass the reservation id or name exactly as the cloud console shows it.',
    }, scope);
  }
}

/** Cloud API limits on taints, and the ResourceFlavor limit on tolerations. */
export function assertCloudTaints(scope: IConstruct, cloud: Cloud, taints: Taint[]): void {
  if (cloud.provider === CloudProvider.AWS && taints.length > EKS_LIMITS.maxTaints) {
    throw new ValidationError(ErrorCode.TOO_MANY_TAINTS, {
      message: `EKS allows at most ${EKS_LIMITS.maxTaints} taints per node group.`,
      received: taints.length,
      fix: 'Remove taints; a pool rarely needs more than a few.',
    }, scope);
  }
  if (taints.length > FLAVOR_LIMIT) {
    throw new ValidationError(ErrorCode.FLAVOR_TOLERATION_LIMIT, {
      message: `The pool's ResourceFlavor can carry at most ${FLAVOR_LIMIT} tolerations, so a pool can have at most ${FLAVOR_LIMIT} taints.`,
      received: taints.map((t) => t.key),
      fix: 'Merge or remove taints.',
    }, scope);
  }
  for (const taint of taints) {
    if (cloud.provider === CloudProvider.GCP && (taint.value === undefined || taint.value === '')) {
      throw new ValidationError(ErrorCode.TAINT_VALUE_REQUIRED, {
        message: `GKE requires a value on every node pool taint; "${taint.key}" has none.`,
        received: taint,
        fix: 'Give the taint a value, e.g. "present" (the ResourceFlavor then tolerates it with operator Equal).',
      }, scope);
    }
    if (cloud.provider === CloudProvider.AWS && (taint.key.length > EKS_LIMITS.maxKeyLength || (taint.value ?? '').length > EKS_LIMITS.maxValueLength)) {
      throw new ValidationError(ErrorCode.TAINT_INVALID, {
        message: `EKS limits taint keys and values to ${EKS_LIMITS.maxKeyLength} characters.`,
        received: taint,
        fix: 'Shorten the key or value.',
      }, scope);
    }
  }
}

/** Cloud API limits on node labels (EKS: key and value at most 63 characters). */
export function assertCloudLabels(scope: IConstruct, cloud: Cloud, labels: Record<string, string>): void {
  if (cloud.provider !== CloudProvider.AWS) return;
  for (const [key, value] of Object.entries(labels)) {
    if (key.length > EKS_LIMITS.maxKeyLength || value.length > EKS_LIMITS.maxValueLength) {
      throw new ValidationError(ErrorCode.LABEL_INVALID, {
        message: `EKS limits node label keys and values to ${EKS_LIMITS.maxKeyLength} characters.`,
        received: { [key]: value },
        fix: 'Shorten the label key or value.',
      }, scope);
    }
  }
}

export function assertInstanceTypeCount(scope: IConstruct, cloud: Cloud, instanceTypes: string[]): void {
  if (cloud.provider === CloudProvider.GCP && instanceTypes.length > 1) {
    throw new ValidationError(ErrorCode.GKE_SINGLE_MACHINE_TYPE, {
      message: 'A GKE node pool has exactly one machine type.',
      received: instanceTypes,
      fix: 'Declare one pool per machine type.',
    }, scope);
  }
  if (instanceTypes.length > EKS_LIMITS.maxInstanceTypes) {
    throw new ValidationError(ErrorCode.TOO_MANY_INSTANCE_TYPES, {
      message: `EKS allows at most ${EKS_LIMITS.maxInstanceTypes} instance types per managed node group.`,
      received: instanceTypes.length,
      fix: 'Keep the 20 you most want; split the rest into another pool.',
    }, scope);
  }
}

import { CapacityType } from '../../core/capacity';
import { Architecture } from '../../core/gpu-model';

/** `aws_eks_node_group.capacity_type`: reservations are on-demand capacity targeted by the launch template. */
export const EKS_CAPACITY_TYPE: Record<CapacityType, string> = {
  [CapacityType.ON_DEMAND]: 'ON_DEMAND',
  [CapacityType.SPOT]: 'SPOT',
  [CapacityType.RESERVED]: 'ON_DEMAND',
};

/** EKS AMI types with the NVIDIA driver, per architecture (note the API's lower-case `x86_64`). */
export const EKS_GPU_AMI_TYPE: Record<Architecture, string> = {
  [Architecture.AMD64]: 'AL2023_x86_64_NVIDIA',
  [Architecture.ARM64]: 'AL2023_ARM_64_NVIDIA',
};

/** EKS AMI types without GPU drivers, per architecture, for CPU pools. */
export const EKS_STANDARD_AMI_TYPE: Record<Architecture, string> = {
  [Architecture.AMD64]: 'AL2023_x86_64_STANDARD',
  [Architecture.ARM64]: 'AL2023_ARM_64_STANDARD',
};

export { ErrorCode, ValidationError, ValidationErrorDetails } from './core/errors';
export { Names } from './core/names';
export { Quantity } from './core/quantity';
export { Cloud, CloudProvider, AwsCloudProps, GcpCloudProps } from './core/cloud';
export { Architecture, GpuModel } from './core/gpu-model';
export { Capacity, CapacityType } from './core/capacity';
export { Taint, TaintEffect } from './core/taint';
export { CloudTagKeys, PlatformLabels, ResourceNames } from './core/labels';
export { GpuSharingStrategy, MigStrategy } from './core/nvidia';
export { GpuSharing, TimeSlicingOptions } from './core/gpu-sharing';
export { Catalog } from './catalog/catalog';
export {
  CatalogSource, GpuSpec, GridIntensity, InstanceChoice, InstanceOffering, InstanceRequirements, MigProfileSpec, NodeUnit, PriceQuote, RegionalPrice, UnitPrice,
  CatalogData, OfferingAvailability, OfferingStatus, PowerUsageEffectiveness, RegionInfo, StoragePrice, ZoneInfo,
} from './catalog/types';
export { PoolResourceCapacity, ProvidedResource } from './model/types';
export { TeamNamespaceObjects } from './model/seams';
export { ICluster } from './compute/cluster';
export { ClusterSubnet, EksCluster, EksClusterAttributes, EksClusterProps } from './compute/eks-cluster';
export { GkeCluster, GkeClusterAttributes, GkeClusterProps } from './compute/gke-cluster';
export { GpuNodePool, GpuNodePoolProps } from './compute/gpu-node-pool';
export { ICapacityPool } from './compute/capacity-pool';
export { ExternalNodePool, ExternalNodePoolProps } from './compute/external-node-pool';
export { MigDeviceCount, MigPartitionProfile, MigPartitionProfileProps, MigSlice } from './compute/mig-partition-profile';
export { InstanceSelection } from './compute/instance-selection';
export { Placement } from './compute/placement';
export { MlPlatform, MlPlatformProps } from './platform/platform';
export { CostOptions, CostReportOptions, PoolCostOptions } from './cost/options';
export { Budget, BudgetCap, BudgetProps } from './cost/budget';
export {
  BudgetEstimate, CostSource, CostTotals, EnergyEstimate, EstimateAssumptions, IdleEstimate, LeverSaving, PlatformEstimate, PoolEnergy, PoolEstimate,
  PoolSavings, SavingLever, SavingsEstimate, TeamEstimate, TeamPoolShowback, TeamResourceShowback, UnitCost, UnpricedItem,
} from './cost/types';
export { MAX_USER_PRIORITY, PriorityTier, PriorityTiers, PriorityTiersProps } from './scheduling/priority-tiers';
export {
  AllOrNothingOptions, KueueOptions, Scheduler, SchedulerKind, VolcanoOptions, VolcanoQueuePlugin,
} from './scheduling/scheduler';
export { Department, DepartmentProps } from './scheduling/department';
export { PoolQuota } from './scheduling/team-quota';
export {
  BorrowPreemptionPolicy, ContainerDefaults, PodSecurityLevel, QueueingStrategy, ReclaimPolicy, TeamNamespace, TeamNamespaceProps, TeamPreemption,
  TeamPreemptionPolicy,
} from './scheduling/team-namespace';

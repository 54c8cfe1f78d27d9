export { ErrorCode, ValidationError, ValidationErrorDetails } from './core/errors';
export { Names } from './core/names';
export { Quantity } from './core/quantity';
export { Cloud, CloudProvider, AwsCloudProps, GcpCloudProps } from './core/cloud';
export { GcsStateBackendProps, LocalStateBackendProps, S3StateBackendProps, StateBackend, StateBackendKind } from './core/state-backend';
export { Architecture, GpuModel } from './core/gpu-model';
export { Capacity, CapacityType } from './core/capacity';
export { Taint, TaintEffect } from './core/taint';
export { CloudTagKeys, PlatformLabels, ResourceNames } from './core/labels';
export { GpuSharingStrategy, MigStrategy } from './core/nvidia';
export { ObjectStorageClass, StorageCostDriverKind, StoragePerformance, StorageTierKind } from './core/storage';
export { GpuSharing, TimeSlicingOptions } from './core/gpu-sharing';
export { Catalog } from './catalog/catalog';
export {
  CatalogSource, GpuSpec, GridIntensity, InstanceChoice, InstanceOffering, InstanceRequirements, MigProfileSpec, NodeUnit, PriceQuote, RegionalPrice, UnitPrice,
  CatalogData, OfferingAvailability, OfferingStatus, PowerUsageEffectiveness, RegionInfo, StoragePrice, ZoneInfo,
} from './catalog/types';
export { FleetPriceRow, InterruptionModel, PoolResourceCapacity, ProvidedResource } from './model/types';
export { SpotFleetCost } from './model/fleet-cost';
export { StorageClaimObjects, TeamNamespaceObjects } from './model/seams';
export { ICluster } from './compute/cluster';
export {
  ClusterSubnet, EksAccessEntry, EksCluster, EksClusterAttributes, EksClusterProps, EksControlPlaneLogType,
} from './compute/eks-cluster';
export { GkeCluster, GkeClusterAttributes, GkeClusterProps } from './compute/gke-cluster';
export { GpuNodePool, GpuNodePoolProps } from './compute/gpu-node-pool';
export { CpuNodePool, CpuNodePoolProps, GpuNodeComparison } from './compute/cpu-node-pool';
export { CpuRequirements } from './compute/cpu-selection';
export { ICapacityPool } from './compute/capacity-pool';
export { ExternalNodePool, ExternalNodePoolProps } from './compute/external-node-pool';
export { MigDeviceCount, MigPartitionProfile, MigPartitionProfileProps, MigSlice } from './compute/mig-partition-profile';
export { InstanceSelection } from './compute/instance-selection';
export { FleetCheckpoints, SpotFleet, SpotFleetProps } from './compute/spot-fleet';
export { FleetJobSettings, FleetToleration } from './compute/spot-fleet-jobs';
export { Placement } from './compute/placement';
export { MlPlatform, MlPlatformProps } from './platform/platform';
export { CostOptions, CostReportOptions, PoolCostOptions } from './cost/options';
export { Budget, BudgetCap, BudgetProps } from './cost/budget';
export {
  BudgetEstimate, CostSource, CostTotals, EnergyEstimate, EstimateAssumptions, IdleEstimate, LeverSaving, PlatformEstimate, PoolEnergy,
  PoolEstimate, PoolSavings, SavingLever, SavingsEstimate, TeamEstimate, TeamPoolShowback, TeamResourceShowback, UnitCost,
  UnpricedItem,
} from './cost/types';
export { FleetEstimate, StorageTierSavings } from './cost/fleet-tier-types';
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
export { StorageGrant, StorageMount } from './scheduling/team-storage';
export { StorageTier } from './storage/storage-tier';
export {
  DataRepositoryLink, DeployedStorageAttributes, IStorageTier, StorageClassShare, StorageTierProps, StorageTransition, StorageUsage,
} from './storage/storage-tier-props';
export { StorageCostDriver, StorageCostEstimate, storageTierCost } from './storage/storage-cost';

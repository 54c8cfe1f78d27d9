import {
  GpuModel, GpuNodePool, MlPlatform, ObjectStorageClass, StoragePerformance, StorageTier, StorageTierKind, TeamNamespace,
} from '../../lib';
import { awsPlatform, gcpPlatform } from '../support/platforms';

/** A platform with one tier of every kind, a GPU pool in the parallel tier's zone, and a team given every tier. */
export interface TierPlatform {
  readonly platform: MlPlatform;
  readonly zone: string;
  readonly pool: GpuNodePool;
  readonly datasets: StorageTier;
  readonly hot: StorageTier;
  readonly weights: StorageTier;
  readonly notebooks: StorageTier;
  readonly vision: TeamNamespace;
}

/** What the cloud assigns at the first deploy, as the tiers' `deployed` props take it. */
export const DEPLOYED = {
  aws: {
    hot: { fileSystemId: 'fs-0123456789abcdef0', address: 'fs-0123456789abcdef0.fsx.us-east-1.amazonaws.com', mountName: 'abcdefgh' },
    notebooks: { fileSystemId: 'fs-0fedcba9876543210' },
  },
  gcp: {
    hot: { address: '10.90.0.2' },
    notebooks: { address: '10.91.0.2' },
  },
} as const;

/**
 * Every tier kind on one platform. `deployed`: whether the file systems' deploy-time attributes are given (so that their
 * volumes render).
 */
export function tierPlatform(cloud: 'aws' | 'gcp', options: { deployed?: boolean; id?: string } = {}): TierPlatform {
  const platform = cloud === 'aws' ? awsPlatform({}, options.id ?? 'aws-test') : gcpPlatform({}, options.id ?? 'gcp-test');
  const zone = cloud === 'aws' ? 'us-east-1a' : 'us-central1-a';
  const deployed = options.deployed === false ? undefined : DEPLOYED[cloud];
  const pool = new GpuNodePool(platform, 'train', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4, zones: [zone] });
  const datasets = new StorageTier(platform, 'datasets', {
    kind: StorageTierKind.ARCHIVE,
    bucketName: `acme-${cloud}-datasets`,
    transitions: [{ afterDays: 30, storageClass: ObjectStorageClass.INFREQUENT_ACCESS }, { afterDays: 120, storageClass: ObjectStorageClass.ARCHIVE }],
    versioned: true,
    noncurrentVersionExpirationDays: 14,
  });
  const hot = new StorageTier(platform, 'hot', {
    kind: StorageTierKind.PARALLEL,
    zone,
    throughputPerTiB: 250,
    dataRepository: { tier: datasets, prefix: 'datasets/' },
    deployed: deployed?.hot,
  });
  const weights = new StorageTier(platform, 'weights', { kind: StorageTierKind.CACHE, bucketName: `acme-${cloud}-weights`, cacheSizeGiB: 100 });
  const notebooks = new StorageTier(platform, 'notebooks', {
    kind: StorageTierKind.SHARED,
    performance: StoragePerformance.STANDARD,
    zone: cloud === 'gcp' ? zone : undefined,
    deployed: deployed?.notebooks,
  });
  const vision = new TeamNamespace(platform, 'vision', {
    namespaces: ['vision', 'vision-dev'],
    quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '2' } }],
    storage: [
      { tier: hot, size: '500Gi' },
      { tier: datasets, size: '10Ti', maxClaims: 2 },
      { tier: weights, size: '1Ti' },
      { tier: notebooks, size: '100Gi', readOnly: false },
    ],
  });
  return { platform, zone, pool, datasets, hot, weights, notebooks, vision };
}

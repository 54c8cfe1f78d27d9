/**
 * Storage tiers on the foundation pools, on AWS and GCP from one declaration:
 *
 * - datasets: an ARCHIVE tier (S3 / Cloud Storage) whose objects move to infrequent access after 30 days and to archive
 *   after 180, versioned so that overwritten data can be recovered for 30 days;
 * - train-hot: a PARALLEL tier (FSx for Lustre / Managed Lustre) in the training pool's zone, linked to the datasets
 *   bucket's `datasets/` prefix for import and export;
 * - weights: a CACHE tier (Mountpoint for S3 / Cloud Storage FUSE) that serves model weights to inference from a 200 GiB
 *   node-local cache after the first read;
 * - notebooks: a SHARED tier (EFS / Filestore) for the research team's notebooks.
 *
 * Teams are given the tiers they use, with sizes: each gets a claim per namespace and a quota per tier (zero on the
 * others). The file systems' PersistentVolumes need what the cloud assigns at the first deploy: the `deployed` values
 * below stand for what `terraform output` prints after it (storage__<platform>__<tier>).
 *
 * Cluster layer -> dist/, cloud layer -> cdktf.out/.
 */
import { App as KubernetesApp } from 'cdk8s';
import { App as TerraformApp } from 'cdktf';
import {
  DeployedStorageAttributes, ObjectStorageClass, PriorityTiers, StorageTier, StorageTierKind, TeamNamespace,
} from 'ml-platform-cdk';
import { awsFoundation, Foundation, gcpFoundation } from '../gpu-pools/platforms';

const kubernetesApp = new KubernetesApp();
const terraformApp = new TerraformApp();

/** What the first deploy assigned to the file systems (copied from the Terraform outputs). */
interface Deployed {
  readonly trainHot: DeployedStorageAttributes;
  readonly notebooks: DeployedStorageAttributes;
}

/** The same tiers and teams on any platform built on the foundation pools. */
function declareStorage(f: Foundation, trainingZone: string, deployed: Deployed): StorageTier[] {
  const p = f.platform;
  new PriorityTiers(p, 'tiers');
  const org = `acme-${p.platformName}`;
  const datasets = new StorageTier(p, 'datasets', {
    kind: StorageTierKind.ARCHIVE,
    bucketName: `${org}-datasets`,
    capacityGiB: 51200,
    transitions: [
      { afterDays: 30, storageClass: ObjectStorageClass.INFREQUENT_ACCESS },
      { afterDays: 180, storageClass: ObjectStorageClass.ARCHIVE },
    ],
    versioned: true,
    noncurrentVersionExpirationDays: 30,
    // The steady state the lifecycle is expected to reach, for the cost estimate.
    usage: {
      classShares: [
        { storageClass: ObjectStorageClass.STANDARD, share: 0.2 },
        { storageClass: ObjectStorageClass.INFREQUENT_ACCESS, share: 0.3, monthlyRetrievalGiB: 500 },
        { storageClass: ObjectStorageClass.ARCHIVE, share: 0.5 },
      ],
    },
  });
  const trainHot = new StorageTier(p, 'train-hot', {
    kind: StorageTierKind.PARALLEL,
    zone: trainingZone,
    throughputPerTiB: 250,
    dataRepository: { tier: datasets, prefix: 'datasets/', fileSystemPath: '/datasets' },
    deployed: deployed.trainHot,
  });
  const weights = new StorageTier(p, 'weights', {
    kind: StorageTierKind.CACHE,
    bucketName: `${org}-model-weights`,
    capacityGiB: 2048,
    cacheSizeGiB: 200,
  });
  const notebooks = new StorageTier(p, 'notebooks', {
    kind: StorageTierKind.SHARED,
    capacityGiB: 1024,
    zone: p.cloud.provider === 'gcp' ? trainingZone : undefined,
    deployed: deployed.notebooks,
  });

  new TeamNamespace(p, 'training', {
    namespaces: ['training', 'training-dev'],
    // The H100 pool is spot only: the guarantee is kept with its risk accepted (see examples/teams), for batch work.
    quotas: [{ pool: f.h100Train, guaranteed: { 'nvidia.com/gpu': '16' }, acceptSpotGuaranteeRisk: true }],
    tiers: ['training', 'interactive', 'batch'],
    storage: [
      { tier: trainHot, size: '500Gi' },
      { tier: datasets, size: '20Ti' },
      { tier: notebooks, size: '200Gi' },
    ],
  });
  new TeamNamespace(p, 'inference', {
    quotas: [{ pool: f.l4Inference, guaranteed: { 'nvidia.com/gpu': '6' } }],
    tiers: ['production-critical', 'batch'],
    storage: [{ tier: weights, size: '2Ti' }],
  });
  // Notebooks only: no GPU quota; datasets read-only.
  new TeamNamespace(p, 'research', {
    tiers: ['interactive'],
    storage: [{ tier: notebooks, size: '300Gi' }, { tier: datasets, size: '5Ti', readOnly: true }],
  });
  return [datasets, trainHot, weights, notebooks];
}

const aws = awsFoundation({ kubernetesApp, terraformApp });
const awsTiers = declareStorage(aws, 'us-east-1a', {
  trainHot: { fileSystemId: 'fs-0a1b2c3d4e5f60718', address: 'fs-0a1b2c3d4e5f60718.fsx.us-east-1.amazonaws.com', mountName: 'x7k2qabc' },
  notebooks: { fileSystemId: 'fs-0f1e2d3c4b5a69788' },
});
const gcp = gcpFoundation({ kubernetesApp, terraformApp });
const gcpTiers = declareStorage(gcp, 'us-central1-a', { trainHot: { address: '10.128.64.2' }, notebooks: { address: '10.128.72.2' } });

kubernetesApp.synth();
terraformApp.synth();

for (const [f, tiers] of [[aws, awsTiers], [gcp, gcpTiers]] as const) {
  for (const tier of tiers) {
    const cost = tier.estimateMonthlyCost();
    const priced = `$${cost.pricedMonthlyUsd.toFixed(2)}/month${cost.complete ? '' : ` priced, ${cost.unpricedReasons.length} part(s) unpriced`}`;
    console.log(`${f.platform.platformName}/${tier.tierName}: ${tier.service}; CSI driver ${tier.csiDriver}; ${priced}`);
  }
  for (const team of f.platform.teams) {
    const mounts = team.storageTiers.map((t) => team.storageMount(t)).map((m) => `${m.claimName} at ${m.mountPath}${m.readOnly ? ' (read-only)' : ''}`);
    console.log(`${f.platform.platformName}/${team.teamName} mounts ${mounts.join(', ')}`);
  }
}

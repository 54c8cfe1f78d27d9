/**
 * A fintech-style ML platform on AWS and GCP from one declaration, with what it costs and saves (see the README's "Cost,
 * savings and budgets"):
 *
 * - pools segmented by GPU type: H100 for quantitative research (whole GPUs, scaled to zero), L4 for the payments API's
 *   online inference, and A100 partitioned with MIG into 1g.5gb slices for fraud scoring, which is guaranteed 28 slices;
 * - train-spot: a spot training fleet of single-L4 nodes in the checkpoint tier's zone, one on-demand node always
 *   running and an on-demand fallback the autoscaler turns to when spot capacity does not come; jobs checkpoint to
 * - checkpoints: a PARALLEL tier (FSx for Lustre / Managed Lustre) linked to the archive's `checkpoints/` prefix, and
 * - ledger-archive: an ARCHIVE tier (S3 / Cloud Storage) whose objects move to infrequent access after 30 days and to
 *   archive after 180, versioned, with the class mix the lifecycle is expected to reach;
 * - budgets: one on the platform, and one for quant-research, the only team on the H100 pool (so the cloud bills that
 *   pool to it through its team tag or label).
 *
 * Prints each platform's estimate (at synth) and its saving by lever against the naive baseline.
 * Cluster layer -> dist/, cloud layer -> cdktf.out/.
 */
import { App as KubernetesApp } from 'cdk8s';
import { App as TerraformApp } from 'cdktf';
import {
  Budget, Cloud, DeployedStorageAttributes, EksCluster, GkeCluster, GpuModel, GpuNodePool, MigPartitionProfile, MlPlatform, ObjectStorageClass,
  PriorityTiers, SavingLever, SpotFleet, StorageTier, StorageTierKind, TeamNamespace,
} from 'ml-platform-cdk';

const kubernetesApp = new KubernetesApp();
const terraformApp = new TerraformApp();

/** What differs between the clouds: the zone of the checkpoint tier, its size, what its first deploy assigned, the budget's billing account. */
interface CloudSpecifics {
  readonly zone: string;
  readonly checkpointCapacityGiB: number;
  readonly deployed: DeployedStorageAttributes;
  /** A100 GPUs per node: AWS sells them 8 to a node (p4d.24xlarge), GCP one at a time (a2-highgpu-1g). */
  readonly a100PerNode: number;
  readonly a100MaxNodes: number;
  readonly billingAccountId?: string;
}

/** The same platform on any cloud. */
function declareFintech(p: MlPlatform, c: CloudSpecifics): void {
  new PriorityTiers(p, 'tiers'); // production-critical > training > interactive > batch (interruptible)

  const archive = new StorageTier(p, 'ledger-archive', {
    kind: StorageTierKind.ARCHIVE,
    bucketName: `acme-${p.platformName}-ledger-archive`,
    capacityGiB: 204800,
    transitions: [
      { afterDays: 30, storageClass: ObjectStorageClass.INFREQUENT_ACCESS },
      { afterDays: 180, storageClass: ObjectStorageClass.ARCHIVE },
    ],
    versioned: true,
    noncurrentVersionExpirationDays: 30,
    // The steady state the lifecycle is expected to reach, for the cost estimate: a tenth read often, 2 TiB a month
    // read back from infrequent access (audits, backtests).
    usage: {
      classShares: [
        { storageClass: ObjectStorageClass.STANDARD, share: 0.1 },
        { storageClass: ObjectStorageClass.INFREQUENT_ACCESS, share: 0.3, monthlyRetrievalGiB: 2048 },
        { storageClass: ObjectStorageClass.ARCHIVE, share: 0.6 },
      ],
    },
  });
  const checkpoints = new StorageTier(p, 'checkpoints', {
    kind: StorageTierKind.PARALLEL,
    zone: c.zone,
    capacityGiB: c.checkpointCapacityGiB,
    throughputPerTiB: 250,
    dataRepository: { tier: archive, prefix: 'checkpoints/', fileSystemPath: '/archive' },
    deployed: c.deployed,
  });

  // Pools segmented by GPU type.
  // Research reads the checkpoint tier too: its pool runs in the tier's zone.
  const h100 = new GpuNodePool(p, 'h100-research', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, minNodes: 0, maxNodes: 2, zones: [c.zone] });
  const l4 = new GpuNodePool(p, 'l4-serving', { gpu: GpuModel.L4, gpusPerNode: 1, minNodes: 2, maxNodes: 6 });
  const slices = new MigPartitionProfile(p, 'scoring-mig', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
  const a100 = new GpuNodePool(p, 'a100-scoring', {
    gpu: GpuModel.A100_40GB, gpusPerNode: c.a100PerNode, minNodes: 1, maxNodes: c.a100MaxNodes, mig: slices,
  });
  // The slices as the nodes advertise them: nvidia.com/mig-1g.5gb on EKS (mixed strategy), nvidia.com/gpu on GKE.
  const slice = a100.providedResources().find((r) => r.migProfile === '1g.5gb')!.resourceName;

  const fleet = new SpotFleet(p, 'train-spot', {
    gpu: GpuModel.L4,
    gpusPerNode: 1,
    zones: [c.zone], // the checkpoint tier is zonal: the fleet runs in its zone and diversifies over instance types
    maxNodes: 16,
    onDemandBaseNodes: 1,
    checkpoints: { tier: checkpoints, claimSizePerTeam: '2Ti', directory: 'train-spot' },
    // The share of GPU-hours these jobs ran on spot last quarter: the interruption data leaves it open for L4 types.
    spotShare: 0.85,
  });

  new TeamNamespace(p, 'quant-research', {
    tiers: ['training', 'batch'],
    quotas: [
      { pool: h100, guaranteed: { 'nvidia.com/gpu': '8' } },
      { pool: fleet, guaranteed: { 'nvidia.com/gpu': '1' }, borrowingLimit: { 'nvidia.com/gpu': '15' } },
    ],
    storage: [{ tier: checkpoints, size: '2Ti' }, { tier: archive, size: '20Ti' }],
  });
  new TeamNamespace(p, 'fraud-scoring', {
    tiers: ['production-critical'],
    quotas: [{ pool: a100, guaranteed: { [slice]: '28' } }],
    storage: [{ tier: archive, size: '5Ti', readOnly: true }],
  });
  new TeamNamespace(p, 'payments-api', {
    tiers: ['production-critical'],
    quotas: [{ pool: l4, guaranteed: { 'nvidia.com/gpu': '3' } }],
  });

  const billing = c.billingAccountId !== undefined ? { billingAccountId: c.billingAccountId } : {};
  new Budget(p, 'platform', { monthlyLimitUsd: 100000, emails: ['finops@example.com'], ...billing });
  // quant-research is the only team on the H100 pool: the cloud bills its nodes (idle time included) to the team.
  new Budget(p, 'QuantResearchBudget', {
    name: 'quant-research',
    team: 'quant-research', monthlyLimitUsd: 70000, actualThresholdsPercent: [50, 80, 100], emails: ['quant-leads@example.com'], ...billing,
  });
}

const aws = new MlPlatform('aws-fintech', {
  cloud: Cloud.aws({ region: 'us-east-1' }),
  cluster: EksCluster.fromAttributes({
    clusterName: 'fintech-ml',
    nodeRoleArn: 'arn:aws:iam::123456789012:role/fintech-ml-nodes',
    vpcId: 'vpc-0f1e2d3c4b5a69788',
    clusterSecurityGroupId: 'sg-0f1e2d3c4b5a69788',
    subnets: [
      { subnetId: 'subnet-0abc1111def22223a', availabilityZone: 'us-east-1a' },
      { subnetId: 'subnet-0abc3333def44445b', availabilityZone: 'us-east-1b' },
    ],
  }),
  kubernetesApp,
  terraformApp,
});
declareFintech(aws, {
  zone: 'us-east-1a',
  checkpointCapacityGiB: 4800,
  deployed: { fileSystemId: 'fs-0d1e2f3a4b5c60718', address: 'fs-0d1e2f3a4b5c60718.fsx.us-east-1.amazonaws.com', mountName: 'r5t8wabc' },
  a100PerNode: 8,
  a100MaxNodes: 1,
});

const gcp = new MlPlatform('gcp-fintech', {
  cloud: Cloud.gcp({ project: 'acme-fintech-ml', region: 'us-central1' }),
  cluster: GkeCluster.create({ clusterName: 'fintech-ml', network: 'ml-vpc', subnetwork: 'ml-nodes-us-central1' }),
  kubernetesApp,
  terraformApp,
});
declareFintech(gcp, {
  zone: 'us-central1-a',
  checkpointCapacityGiB: 18000,
  deployed: { address: '10.128.96.2' },
  a100PerNode: 1,
  a100MaxNodes: 8,
  billingAccountId: '012345-6789AB-CDEF01',
});

kubernetesApp.synth();
terraformApp.synth();

const LEVERS: Array<[SavingLever, string]> = [
  [SavingLever.PARTITIONING, 'partitioning/sharing'],
  [SavingLever.RIGHT_SIZING, 'right-sizing'],
  [SavingLever.SPOT, 'spot'],
  [SavingLever.SCALE_TO_ZERO, 'scale-to-zero'],
  [SavingLever.STORAGE_TIERING, 'storage tiering'],
];
// Grouped by hand, not by the machine's locale: the output is the same everywhere.
const usd = (n: number) => `${n < 0 ? '-' : ''}$${String(Math.abs(Math.round(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
for (const platform of [aws, gcp]) {
  const e = platform.estimate();
  const s = e.savings;
  console.log(`${e.platform}: expected ${usd(e.totals.expectedMonthlyUsd)}/month (floor ${usd(e.totals.floorMonthlyUsd)}, ceiling ${usd(e.totals.ceilingMonthlyUsd)}); `
    + `naive baseline ${usd(s.baselineMonthlyUsd)}/month, saving ${usd(s.savingMonthlyUsd)} (${(s.savingShare * 100).toFixed(1)}%)`);
  for (const [lever, name] of LEVERS) {
    const l = s.levers.find((x) => x.lever === lever)!;
    console.log(`${e.platform}: saving by lever: ${name}: ${l.estimated ? `${usd(l.monthlyUsd)}/month (${(l.shareOfBaseline * 100).toFixed(1)}% of the baseline)` : 'not estimated'}`);
  }
}

/**
 * Partitioning and sharing GPUs: MIG for notebooks, time-slicing for light inference, on AWS and on GCP.
 * Each pool's capacity is stated in the resources its nodes really advertise (nvidia.com/mig-1g.5gb,
 * time-sliced nvidia.com/gpu), which is what team quotas will be written in.
 * Cluster layer -> dist/gpu-sharing/, cloud layer -> cdktf.out/gpu-sharing/.
 */
import { App as KubernetesApp } from 'cdk8s';
import { App as TerraformApp } from 'cdktf';
import { Cloud, EksCluster, GkeCluster, GpuModel, GpuNodePool, GpuSharing, MigPartitionProfile, MlPlatform } from 'ml-platform-cdk';

const kubernetesApp = new KubernetesApp();
const terraformApp = new TerraformApp();

// AWS: an existing EKS cluster; the NVIDIA GPU operator applies the MIG layouts and sharing configs.
const aws = new MlPlatform('aws-ml', {
  cloud: Cloud.aws({ region: 'us-east-1' }),
  cluster: EksCluster.fromAttributes({
    clusterName: 'ml-prod',
    nodeRoleArn: 'arn:aws:iam::123456789012:role/ml-prod-nodes',
    subnets: [
      { subnetId: 'subnet-0aaa1111bbbb2222c', availabilityZone: 'us-east-1a' },
      { subnetId: 'subnet-0ddd3333eeee4444f', availabilityZone: 'us-east-1b' },
    ],
  }),
  kubernetesApp,
  terraformApp,
});

// Notebooks: every A100 cut into seven 1g.5gb devices (mig-parted's all-1g.5gb): 8 GPUs x 7 = 56 per node.
const awsNotebooks = new MigPartitionProfile(aws, 'notebooks-mig', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
new GpuNodePool(aws, 'notebooks', { gpu: GpuModel.A100_40GB, gpusPerNode: 8, maxNodes: 2, mig: awsNotebooks });

// Experiments: one H100 layout with three sizes (mixed strategy: one resource per size).
const experiments = new MigPartitionProfile(aws, 'experiments-mig', {
  gpu: GpuModel.H100_80GB,
  name: 'h100-experiments',
  layout: [{ profile: '3g.40gb', count: 1 }, { profile: '2g.20gb', count: 1 }, { profile: '1g.10gb', count: 2 }],
});
new GpuNodePool(aws, 'experiments', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: 1, mig: experiments });

// Light inference: four pods per L4, time-sliced.
new GpuNodePool(aws, 'inference', { gpu: GpuModel.L4, gpusPerNode: 1, minNodes: 1, maxNodes: 4, sharing: GpuSharing.timeSlicing(4) });

// GCP: a GKE cluster the platform creates; GKE partitions and shares GPUs itself (one partition size per pool).
const gcp = new MlPlatform('gcp-ml', {
  cloud: Cloud.gcp({ project: 'acme-ml-prod', region: 'us-central1' }),
  cluster: GkeCluster.create({ clusterName: 'ml-prod', network: 'ml-vpc', subnetwork: 'ml-nodes-us-central1' }),
  kubernetesApp,
  terraformApp,
});

const gcpNotebooks = new MigPartitionProfile(gcp, 'notebooks-mig', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
new GpuNodePool(gcp, 'notebooks', { gpu: GpuModel.A100_40GB, gpusPerNode: 1, maxNodes: 4, mig: gcpNotebooks });
new GpuNodePool(gcp, 'inference', { gpu: GpuModel.L4, gpusPerNode: 1, minNodes: 1, maxNodes: 4, sharing: GpuSharing.timeSlicing(4) });

kubernetesApp.synth();
terraformApp.synth();

for (const platform of [aws, gcp]) {
  for (const pool of platform.pools) {
    const prices = new Map(pool.unitPrices().map((p) => [p.resourceName, p.usdPerHour]));
    const provided = pool.providedResources().filter((r) => r.perNode > 0)
      .map((r) => `${r.atMaxSize} ${r.resourceName}${r.migProfile && !r.resourceName.endsWith(r.migProfile) ? ` (${r.migProfile})` : ''}`
        + (r.sharedBy > 1 ? ` (${r.sharedBy} pods/device)` : '')
        + (prices.has(r.resourceName) ? ` at $${prices.get(r.resourceName)!.toFixed(3)}/unit-h` : ''));
    console.log(`${platform.platformName}/${pool.poolName}: ${pool.maxNodes} x ${pool.instanceTypes.join(',')} -> ${provided.join(', ')}`);
  }
}

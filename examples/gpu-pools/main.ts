/**
 * The foundation example: one program, two platforms (AWS and GCP), three GPU pools each.
 * Cluster layer (Kueue ResourceFlavors) -> dist/, cloud layer (node groups / node pools) -> cdktf.out/.
 */
import { App as KubernetesApp } from 'cdk8s';
import { App as TerraformApp } from 'cdktf';
import { Capacity, Cloud, EksCluster, GkeCluster, GpuModel, GpuNodePool, MlPlatform, Placement } from '../../lib';

const kubernetesApp = new KubernetesApp();
const terraformApp = new TerraformApp();

// AWS: an existing EKS cluster.
const aws = new MlPlatform('aws-ml', {
  cloud: Cloud.aws({ region: 'us-east-1' }),
  cluster: EksCluster.fromAttributes({
    clusterName: 'ml-prod',
    nodeRoleArn: 'arn:aws:iam::123456789012:role/ml-prod-nodes',
    vpcId: 'vpc-0a1b2c3d4e5f60718',
    clusterSecurityGroupId: 'sg-0a1b2c3d4e5f60718',
    subnets: [
      { subnetId: 'subnet-0aaa1111bbbb2222c', availabilityZone: 'us-east-1a' },
      { subnetId: 'subnet-0ddd3333eeee4444f', availabilityZone: 'us-east-1b' },
    ],
  }),
  kubernetesApp,
  terraformApp,
});

// Distributed training: 8 x H100 per node on spot, packed in one placement group with EFA.
new GpuNodePool(aws, 'h100-train', {
  gpu: GpuModel.H100_80GB,
  gpusPerNode: 8,
  capacity: Capacity.spot(),
  maxNodes: 4,
  placement: Placement.COMPACT,
});

// A100 80GB nodes as whole GPUs (examples/gpu-sharing partitions A100s with MIG).
new GpuNodePool(aws, 'a100-shared', { gpu: GpuModel.A100_80GB, maxNodes: 2 });

// Inference: whatever single-GPU node with >= 24 GiB is cheapest (the catalog picks L4 / g6.xlarge).
new GpuNodePool(aws, 'l4-inference', {
  requirements: { minGpuMemoryGiB: 24, gpusPerNode: 1 },
  minNodes: 1,
  maxNodes: 8,
});

// GCP: a GKE cluster the platform creates (private nodes, workload identity, no default pool).
const gcp = new MlPlatform('gcp-ml', {
  cloud: Cloud.gcp({ project: 'acme-ml-prod', region: 'us-central1' }),
  cluster: GkeCluster.create({ clusterName: 'ml-prod', network: 'ml-vpc', subnetwork: 'ml-nodes-us-central1' }),
  kubernetesApp,
  terraformApp,
});

new GpuNodePool(gcp, 'h100-train', {
  gpu: GpuModel.H100_80GB,
  gpusPerNode: 8,
  capacity: Capacity.spot(),
  maxNodes: 4,
  placement: Placement.COMPACT,
  zones: ['us-central1-a'],
});
new GpuNodePool(gcp, 'a100-shared', { gpu: GpuModel.A100_40GB, gpusPerNode: 1, maxNodes: 4 });
new GpuNodePool(gcp, 'l4-inference', {
  requirements: { minGpuMemoryGiB: 24, gpusPerNode: 1 },
  minNodes: 1,
  maxNodes: 8,
});

kubernetesApp.synth();
terraformApp.synth();

for (const platform of [aws, gcp]) {
  for (const pool of platform.pools) {
    const price = pool.selection.price;
    console.log(`${platform.platformName}/${pool.poolName}: ${pool.instanceTypes.join(',')} x ${pool.minNodes}-${pool.maxNodes} `
      + `(${pool.gpusPerNode} x ${pool.offering.gpu.id}, ${pool.capacity.type}${price ? `, $${price.usdPerHour.toFixed(2)}/node-h` : ''}) - ${pool.selection.reason}`);
  }
}

/**
 * Inference that does not need a GPU, on Arm nodes: Graviton on AWS, Axion on GCP. Each CPU pool is the cheapest
 * CPU-only type in the region that meets the requirements (burstable types left out), gets a Kueue flavor like a GPU
 * pool, and teams get cpu and memory quota on it. The program prints what a CPU node saves against the cheapest GPU
 * node that would also fit the same work.
 * Cluster layer -> dist/cpu-inference/, cloud layer -> cdktf.out/cpu-inference/.
 */
import { App as KubernetesApp } from 'cdk8s';
import { App as TerraformApp } from 'cdktf';
import { Architecture, Cloud, CpuNodePool, EksCluster, GkeCluster, GpuModel, GpuNodePool, MlPlatform, TeamNamespace } from 'ml-platform-cdk';

const kubernetesApp = new KubernetesApp();
const terraformApp = new TerraformApp();

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

const gcp = new MlPlatform('gcp-ml', {
  cloud: Cloud.gcp({ project: 'acme-ml-prod', region: 'us-central1' }),
  cluster: GkeCluster.fromAttributes({ clusterName: 'ml-prod', location: 'us-central1', nodeServiceAccount: 'gke-nodes@acme-ml-prod.iam.gserviceaccount.com' }),
  kubernetesApp,
  terraformApp,
});

for (const platform of [aws, gcp]) {
  // Small models (embeddings, rerankers, classic ML) served on Arm: 4 vCPU and 16 GiB per replica node.
  const cpu = new CpuNodePool(platform, 'serve-arm', {
    requirements: { minVcpus: 4, minMemoryGiB: 16, architecture: Architecture.ARM64 },
    minNodes: 1,
    maxNodes: 8,
  });
  // LLM serving stays on GPUs.
  const gpu = new GpuNodePool(platform, 'serve-l4', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4 });
  new TeamNamespace(platform, 'search', {
    quotas: [
      { pool: cpu, guaranteed: { cpu: '16', memory: '64Gi' } },
      { pool: gpu, guaranteed: { 'nvidia.com/gpu': '1' } },
    ],
  });
}

kubernetesApp.synth();
terraformApp.synth();

for (const platform of [aws, gcp]) {
  for (const pool of platform.cpuPools) {
    const c = pool.comparedWithGpuNode();
    const node = `${pool.instanceTypes[0]} (${pool.offering.vcpus} vCPU, ${pool.offering.memoryGiB} GiB, ${pool.offering.architecture})`;
    console.log(c
      ? `${platform.platformName}/${pool.poolName}: ${node} at $${c.cpuUsdPerHour.toFixed(4)}/h vs ${c.gpuInstanceType} at $${c.gpuUsdPerHour.toFixed(4)}/h`
        + ` -> saves $${c.savingUsdPerHour.toFixed(4)}/h (${c.savingPercent.toFixed(1)}%), $${c.savingUsdPerNodeMonth.toFixed(2)} per node-month`
      : `${platform.platformName}/${pool.poolName}: ${node} (no priced GPU node to compare with)`);
  }
}

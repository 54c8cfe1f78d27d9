/**
 * The foundation platforms: an AWS and a GCP platform with three GPU pools each. Used by this example's
 * main.ts and by the examples that build on the same pools (teams, teams-volcano).
 */
import { App as KubernetesApp } from 'cdk8s';
import { App as TerraformApp } from 'cdktf';
import { Capacity, Cloud, EksCluster, GkeCluster, GpuModel, GpuNodePool, MlPlatform, Placement, Scheduler } from 'ml-platform-cdk';

/** A foundation platform and its pools. */
export interface Foundation {
  readonly platform: MlPlatform;
  /** Distributed training: 8 x H100 per node on spot, packed in one placement group (EFA on AWS). */
  readonly h100Train: GpuNodePool;
  /** A100 nodes as whole GPUs. */
  readonly a100Shared: GpuNodePool;
  /** Inference: the cheapest single-GPU node with >= 24 GiB (the catalog picks L4). */
  readonly l4Inference: GpuNodePool;
}

export interface FoundationApps {
  readonly kubernetesApp: KubernetesApp;
  readonly terraformApp: TerraformApp;
  /** The batch scheduler (default: Kueue). */
  readonly scheduler?: Scheduler;
}

/** AWS: an existing EKS cluster. */
export function awsFoundation(apps: FoundationApps): Foundation {
  const platform = new MlPlatform('aws-ml', {
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
    ...apps,
  });
  return {
    platform,
    h100Train: new GpuNodePool(platform, 'h100-train', {
      gpu: GpuModel.H100_80GB,
      gpusPerNode: 8,
      capacity: Capacity.spot(),
      maxNodes: 4,
      placement: Placement.COMPACT,
    }),
    // A100 80GB nodes as whole GPUs (examples/gpu-sharing partitions A100s with MIG).
    a100Shared: new GpuNodePool(platform, 'a100-shared', { gpu: GpuModel.A100_80GB, maxNodes: 2 }),
    l4Inference: new GpuNodePool(platform, 'l4-inference', {
      requirements: { minGpuMemoryGiB: 24, gpusPerNode: 1 },
      minNodes: 1,
      maxNodes: 8,
    }),
  };
}

/** GCP: a GKE cluster the platform creates (private nodes, workload identity, no default pool). */
export function gcpFoundation(apps: FoundationApps): Foundation {
  const platform = new MlPlatform('gcp-ml', {
    cloud: Cloud.gcp({ project: 'acme-ml-prod', region: 'us-central1' }),
    cluster: GkeCluster.create({ clusterName: 'ml-prod', network: 'ml-vpc', subnetwork: 'ml-nodes-us-central1' }),
    ...apps,
  });
  return {
    platform,
    h100Train: new GpuNodePool(platform, 'h100-train', {
      gpu: GpuModel.H100_80GB,
      gpusPerNode: 8,
      capacity: Capacity.spot(),
      maxNodes: 4,
      placement: Placement.COMPACT,
      zones: ['us-central1-a'],
    }),
    a100Shared: new GpuNodePool(platform, 'a100-shared', { gpu: GpuModel.A100_40GB, gpusPerNode: 1, maxNodes: 4 }),
    l4Inference: new GpuNodePool(platform, 'l4-inference', {
      requirements: { minGpuMemoryGiB: 24, gpusPerNode: 1 },
      minNodes: 1,
      maxNodes: 8,
    }),
  };
}

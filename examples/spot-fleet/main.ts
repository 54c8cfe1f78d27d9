/**
 * A spot training fleet on AWS and GCP from one declaration (see the README's "Spot fleets" and docs/adr/0012):
 *
 * - checkpoints: a PARALLEL tier (FSx for Lustre / Managed Lustre) in the training zone, where jobs write checkpoints;
 * - train-spot: single-L4 nodes on spot for fine-tuning, diversified over the instance types that carry one L4, pinned to
 *   the tier's zone; two on-demand nodes always running and an on-demand fallback the autoscaler turns to by itself
 *   (EKS: the cluster autoscaler's priority expander; GKE: a ComputeClass) when spot capacity does not come;
 * - research: an interruptible tier (batch) that uses the fleet, with a claim on the checkpoint tier in each namespace;
 * - serving: a production tier on the on-demand L4 pool, which can never be admitted on spot (the admission policies
 *   refuse the spot toleration to its pods).
 *
 * Prints the fleet's types, its fallback, its effective $/GPU-hour and what a job needs to run on it.
 * Cluster layer -> dist/, cloud layer -> cdktf.out/.
 */
import { App as KubernetesApp } from 'cdk8s';
import { App as TerraformApp } from 'cdktf';
import { DeployedStorageAttributes, GpuModel, PriorityTiers, SpotFleet, StorageTier, StorageTierKind, TeamNamespace } from 'ml-platform-cdk';
import { awsFoundation, Foundation, gcpFoundation } from '../gpu-pools/platforms';

const kubernetesApp = new KubernetesApp();
const terraformApp = new TerraformApp();

/** The same fleet and teams on any platform built on the foundation pools. */
function declareFleet(f: Foundation, zone: string, deployed: DeployedStorageAttributes): SpotFleet {
  const p = f.platform;
  new PriorityTiers(p, 'tiers'); // production-critical > training > interactive > batch (interruptible)
  const checkpoints = new StorageTier(p, 'checkpoints', {
    kind: StorageTierKind.PARALLEL,
    zone,
    capacityGiB: p.cloud.provider === 'aws' ? 4800 : 18000,
    throughputPerTiB: 250,
    deployed,
  });
  const fleet = new SpotFleet(p, 'train-spot', {
    gpu: GpuModel.L4,
    gpusPerNode: 1,
    // The checkpoint tier is zonal: the fleet runs in its zone and diversifies over instance types.
    zones: [zone],
    maxNodes: 8,
    onDemandBaseNodes: 2,
    fallbackAfterMinutes: 15,
    checkpoints: { tier: checkpoints, claimSizePerTeam: '2Ti', directory: 'train-spot' },
    // The interruption data leaves the share open here (AWS rates the cheapest L4 types >20%, GCP publishes no rate):
    // 0.8 is the share of GPU-hours these jobs ran on spot last quarter, for the cost estimate.
    spotShare: 0.8,
  });

  new TeamNamespace(p, 'research', {
    namespaces: ['research', 'research-dev'],
    tiers: ['batch'],
    // Guaranteed within what the on-demand base nodes hold; the rest of the fleet is used when idle.
    quotas: [{ pool: fleet, guaranteed: { 'nvidia.com/gpu': '2' } }],
  });
  new TeamNamespace(p, 'serving', {
    tiers: ['production-critical'],
    quotas: [{ pool: f.l4Inference, guaranteed: { 'nvidia.com/gpu': '4' } }],
  });
  return fleet;
}

const aws = awsFoundation({ kubernetesApp, terraformApp });
const awsFleet = declareFleet(aws, 'us-east-1a', {
  fileSystemId: 'fs-0c1d2e3f4a5b60718', address: 'fs-0c1d2e3f4a5b60718.fsx.us-east-1.amazonaws.com', mountName: 'q4w8zabc',
});
const gcp = gcpFoundation({ kubernetesApp, terraformApp });
const gcpFleet = declareFleet(gcp, 'us-central1-a', { address: '10.128.80.2' });

kubernetesApp.synth();
terraformApp.synth();

for (const [f, fleet] of [[aws, awsFleet], [gcp, gcpFleet]] as const) {
  const name = `${f.platform.platformName}/${fleet.poolName}`;
  const cost = fleet.cost();
  console.log(`${name}: spot pools ${fleet.spotPools.map((p) => `${p.poolName} [${p.instanceTypes.join(', ')}]`).join('; ')}; on demand ${fleet.onDemandPool?.poolName}`);
  console.log(`${name}: fallback: ${fleet.fallbackMechanism}`);
  const price = cost.effectiveUsdPerGpuHour === undefined ? `unpriced (${cost.unpricedReason})` : `$${cost.effectiveUsdPerGpuHour.toFixed(3)}/GPU-hour`;
  console.log(`${name}: ${price} = ${cost.formula}`);
  const s = fleet.jobSettings;
  console.log(`${name}: jobs mount claim ${s.checkpointClaimName} at ${s.checkpointMountPath}, env ${JSON.stringify(s.env)}, grace ${s.terminationGracePeriodSeconds}s`);
}

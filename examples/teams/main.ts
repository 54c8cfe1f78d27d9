/**
 * Teams on the foundation pools, scheduled by Kueue, on AWS and GCP from one set of team definitions:
 *
 * - data-prep: elastic CPU on a CPU node group the platform does not provision; a guaranteed minimum,
 *   borrowing of idle CPU, fair sharing.
 * - training: guaranteed A100 GPUs (on demand) for its training tier, all-or-nothing admission for distributed jobs,
 *   the training tier preempting the team's own batch work; H100s on the spot pool for its batch tier only (the
 *   training tier does not tolerate interruption, so it is never admitted on spot); part of the research department.
 * - inference: L4 serving at production-critical priority with batch work that yields to it; lends at most
 *   two idle GPUs so that serving capacity comes back fast.
 *
 * Cluster layer (tiers, namespaces, RBAC, quotas, queues) -> dist/, cloud layer (node groups / node pools) -> cdktf.out/.
 */
import { App as KubernetesApp } from 'cdk8s';
import { App as TerraformApp } from 'cdktf';
import { Department, ExternalNodePool, PriorityTiers, Scheduler, TeamNamespace } from 'ml-platform-cdk';
import { awsFoundation, Foundation, gcpFoundation } from '../gpu-pools/platforms';

const kubernetesApp = new KubernetesApp();
const terraformApp = new TerraformApp();
// Fair sharing between teams, and all-or-nothing admission: a job whose pods are not all running after
// 10 minutes gives its GPUs back and is requeued (with backoff, never switched off).
const scheduler = Scheduler.kueue({ fairSharing: true, allOrNothing: { timeoutMinutes: 10 } });

/** The same three teams on any platform built on the foundation pools. */
function declareTeams(f: Foundation, cpuNodeLabels: Record<string, string>): TeamNamespace[] {
  const p = f.platform;
  new PriorityTiers(p, 'tiers'); // production-critical > training > interactive > batch (interruptible)
  const cpu = new ExternalNodePool(p, 'general-cpu', { nodeLabels: cpuNodeLabels, resources: { cpu: '512', memory: '2Ti' } });
  const research = new Department(p, 'research');

  const dataPrep = new TeamNamespace(p, 'data-prep', {
    quotas: [{ pool: cpu, guaranteed: { cpu: '64', memory: '256Gi' } }], // borrows any idle CPU beyond that
    tiers: ['batch'],
    memberGroups: ['data-engineers'],
  });
  const training = new TeamNamespace(p, 'training', {
    department: research,
    namespaces: ['training', 'training-dev'],
    quotas: [
      // The H100 pool is spot only: a guarantee there is one the cloud can take back all at once, so it needs the risk
      // accepted (a warning, and an annotation on the team's ClusterQueue), and only the team's interruptible batch
      // work, which tolerates the spot taint, is ever admitted on it. The training tier runs on the on-demand A100s.
      { pool: f.h100Train, guaranteed: { 'nvidia.com/gpu': '16' }, acceptSpotGuaranteeRisk: true },
      { pool: f.a100Shared, guaranteed: { 'nvidia.com/gpu': '4' }, borrowingLimit: { 'nvidia.com/gpu': '4' } },
    ],
    fairShareWeight: 2,
    tiers: ['training', 'interactive', 'batch'],
    adminGroups: ['research-leads'],
    memberGroups: ['researchers'],
  });
  const inference = new TeamNamespace(p, 'inference', {
    quotas: [{ pool: f.l4Inference, guaranteed: { 'nvidia.com/gpu': '6' }, lendingLimit: { 'nvidia.com/gpu': '2' } }],
    tiers: ['production-critical', 'batch'],
    allowIngressFrom: ['ingress-nginx'],
    objectCounts: { 'services.loadbalancers': 1 },
    adminGroups: ['serving-oncall'],
  });
  return [dataPrep, training, inference];
}

const aws = awsFoundation({ kubernetesApp, terraformApp, scheduler });
declareTeams(aws, { 'eks.amazonaws.com/nodegroup': 'general' });
const gcp = gcpFoundation({ kubernetesApp, terraformApp, scheduler });
declareTeams(gcp, { 'cloud.google.com/gke-nodepool': 'general' });

kubernetesApp.synth();
terraformApp.synth();

for (const f of [aws, gcp]) {
  for (const team of f.platform.teams) {
    const guaranteed = team.pools.map((pool) => {
      const amounts = team.guaranteedOn(pool);
      const devices = Object.entries(amounts).filter(([name]) => name !== 'cpu' && name !== 'memory');
      const shown = devices.length > 0 ? devices : Object.entries(amounts);
      return `${pool.poolName}: ${shown.map(([name, amount]) => `${amount} ${name}`).join(', ')}`;
    });
    console.log(`${f.platform.platformName}/${team.teamName} (${team.namespaces.join(', ')}): guaranteed ${guaranteed.join('; ')}`);
    for (const warning of team.warnings) console.log(`  warning: ${warning}`);
  }
}

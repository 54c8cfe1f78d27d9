/**
 * The teams of examples/teams on the AWS foundation pools, scheduled by Volcano instead of Kueue:
 * a Queue per team (deserved = guaranteed, guarantee = the part never lent, capability = guaranteed +
 * borrowing limit), the research department as a parent queue (hierarchical capacity plugin), and the
 * scheduler configuration with enqueue, allocate, preempt, reclaim and backfill; gang scheduling makes
 * distributed jobs all-or-nothing.
 */
import { App as KubernetesApp } from 'cdk8s';
import { App as TerraformApp } from 'cdktf';
import { Department, ExternalNodePool, PriorityTiers, Scheduler, TeamNamespace, VolcanoQueuePlugin } from 'ml-platform-cdk';
import { awsFoundation } from '../gpu-pools/platforms';

const kubernetesApp = new KubernetesApp();
const terraformApp = new TerraformApp();
const f = awsFoundation({ kubernetesApp, terraformApp, scheduler: Scheduler.volcano({ queuePlugin: VolcanoQueuePlugin.CAPACITY }) });
const p = f.platform;

new PriorityTiers(p, 'tiers'); // Volcano PodGroups name these PriorityClasses
const cpu = new ExternalNodePool(p, 'general-cpu', { nodeLabels: { 'eks.amazonaws.com/nodegroup': 'general' }, resources: { cpu: '512', memory: '2Ti' } });
const research = new Department(p, 'research');

new TeamNamespace(p, 'data-prep', {
  quotas: [{ pool: cpu, guaranteed: { cpu: '64', memory: '256Gi' } }],
  tiers: ['batch'],
});
new TeamNamespace(p, 'training', {
  department: research,
  quotas: [
    // Spot only: the guarantee needs its risk accepted, and only batch pods (the interruptible tier) may tolerate the spot taint.
    { pool: f.h100Train, guaranteed: { 'nvidia.com/gpu': '16' }, acceptSpotGuaranteeRisk: true },
    { pool: f.a100Shared, guaranteed: { 'nvidia.com/gpu': '4' }, borrowingLimit: { 'nvidia.com/gpu': '4' } },
  ],
  fairShareWeight: 2,
  tiers: ['training', 'interactive', 'batch'],
});
new TeamNamespace(p, 'inference', {
  department: research,
  quotas: [{ pool: f.l4Inference, guaranteed: { 'nvidia.com/gpu': '6' }, lendingLimit: { 'nvidia.com/gpu': '2' } }],
  tiers: ['production-critical', 'batch'],
  allowIngressFrom: ['ingress-nginx'],
});

kubernetesApp.synth();
terraformApp.synth();

for (const team of p.teams) {
  const spec = team.volcanoQueue!.toJson().spec;
  console.log(`${p.platformName}/${team.teamName}: deserved ${JSON.stringify(spec.deserved)}, guarantee ${JSON.stringify(spec.guarantee?.resource ?? {})}`);
}

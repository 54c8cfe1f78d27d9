import { ApiObject, JsonPatch } from 'cdk8s';
import { TerraformResource } from 'cdktf';
import { Department, ExternalNodePool, GpuModel, GpuNodePool, PriorityTiers, Scheduler, TeamNamespace } from '../../lib';
import { awsPlatform, kubernetesOf, objectNamed, resources, terraformOf } from '../support/platforms';

// Every construct exposes its main objects. Patches apply to the manifest as written (also on the typed L1s, whose
// own addJsonPatch would patch their props: a string for a quantity, or an unknown field, would vanish there).

const annotate = (o: ApiObject | undefined, value: string) => o!.addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/edited': value }));
const annotation = (o: any) => o.metadata.annotations?.['example.com/edited'];

describe('escape hatches', () => {
  test('GpuNodePool: the ResourceFlavor, and the node group through cloudResources', () => {
    const p = awsPlatform();
    const pool = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 2 });
    pool.resourceFlavor!.addJsonPatch(JsonPatch.add('/spec/topologyName', 'l4-topology'));
    (pool.cloudResources.node.findChild('NodeGroup') as TerraformResource).addOverride('tags.example', 'edited');
    expect(objectNamed(kubernetesOf(p), 'ResourceFlavor', 'l4').spec.topologyName).toBe('l4-topology');
    expect(resources(terraformOf(p), 'aws_eks_node_group')[0].tags.example).toBe('edited');
  });

  test('ExternalNodePool: the ResourceFlavor', () => {
    const p = awsPlatform();
    const cpu = new ExternalNodePool(p, 'cpu', { nodeLabels: { 'eks.amazonaws.com/nodegroup': 'general' }, resources: { cpu: '64', memory: '256Gi' } });
    annotate(cpu.resourceFlavor, 'external');
    expect(annotation(objectNamed(kubernetesOf(p), 'ResourceFlavor', 'cpu'))).toBe('external');
  });

  test('PriorityTiers: each tier\'s PriorityClass and WorkloadPriorityClass', () => {
    const p = awsPlatform();
    const tiers = new PriorityTiers(p, 'tiers');
    annotate(tiers.priorityClass('batch'), 'core');
    annotate(tiers.workloadPriorityClass('batch'), 'kueue');
    const objects = kubernetesOf(p);
    expect(annotation(objectNamed(objects, 'PriorityClass', 'batch'))).toBe('core');
    expect(annotation(objectNamed(objects, 'WorkloadPriorityClass', 'batch'))).toBe('kueue');
  });

  test('TeamNamespace: the ClusterQueue, LocalQueues and each namespace\'s objects (a quantity patched as a string stays)', () => {
    const p = awsPlatform();
    const pool = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4 });
    const team = new TeamNamespace(p, 'vision', { namespaces: ['vision', 'vision-dev'], quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '2' } }] });
    annotate(team.clusterQueue, 'cq');
    annotate(team.localQueue('vision-dev'), 'lq');
    const objects = team.namespaceObjects('vision');
    annotate(objects.namespace, 'ns');
    objects.resourceQuota.addJsonPatch(JsonPatch.replace('/spec/hard/requests.cpu', '16'));
    annotate(objects.limitRange, 'lr');
    annotate(objects.networkPolicy, 'np');
    annotate(objects.roles[0], 'role');
    const out = kubernetesOf(p);
    expect(annotation(objectNamed(out, 'ClusterQueue', 'vision'))).toBe('cq');
    expect(out.filter((o) => o.kind === 'LocalQueue').map((o) => [o.metadata.namespace, annotation(o)]))
      .toEqual([['vision', undefined], ['vision-dev', 'lq']]);
    expect(annotation(objectNamed(out, 'Namespace', 'vision'))).toBe('ns');
    expect(out.find((o) => o.kind === 'ResourceQuota' && o.metadata.namespace === 'vision' && o.metadata.name === 'vision-quota').spec.hard['requests.cpu']).toBe('16');
    expect(annotation(out.find((o) => o.kind === 'LimitRange' && o.metadata.namespace === 'vision'))).toBe('lr');
    expect(annotation(out.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'vision'))).toBe('np');
    expect(annotation(out.find((o) => o.kind === 'Role' && o.metadata.namespace === 'vision' && o.metadata.name === 'vision-admin'))).toBe('role');
  });

  test('TeamNamespace and Department on Volcano: the team\'s Queue and the department\'s parent Queue', () => {
    const p = awsPlatform({ scheduler: Scheduler.volcano() });
    const research = new Department(p, 'research');
    const team = new TeamNamespace(p, 'vision', { department: research });
    annotate(team.volcanoQueue, 'team');
    annotate(research.cohort, 'department');
    const objects = kubernetesOf(p);
    expect(annotation(objectNamed(objects, 'Queue', 'vision'))).toBe('team');
    expect(annotation(objectNamed(objects, 'Queue', 'research'))).toBe('department');
    expect(team.clusterQueue).toBeUndefined();
  });

  test('Department on Kueue: the Cohort', () => {
    const p = awsPlatform();
    const research = new Department(p, 'research');
    research.cohort.addJsonPatch(JsonPatch.add('/spec/fairSharing', { weight: '3' }));
    expect(objectNamed(kubernetesOf(p), 'Cohort', 'research').spec.fairSharing).toEqual({ weight: '3' });
  });

  test('MlPlatform: the GPU operator\'s ClusterPolicy (EKS; MIG profiles and sharing have no objects of their own, they live in its ConfigMaps)', () => {
    const p = awsPlatform();
    expect(p.gpuOperatorClusterPolicy).toBeUndefined();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 2 });
    p.gpuOperatorClusterPolicy!.addJsonPatch(JsonPatch.replace('/spec/dcgmExporter/enabled', false));
    expect(objectNamed(kubernetesOf(p), 'ClusterPolicy', 'cluster-policy').spec.dcgmExporter.enabled).toBe(false);
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { JsonPatch } from 'cdk8s';
import { Architecture, Capacity, CapacityType, Catalog, CloudProvider, GpuModel, GpuNodePool, Placement, PlatformLabels, TaintEffect } from '../../lib';
import { awsPlatform, gcpPlatform, kubernetesOf, objectNamed, resources, resourceWhere, terraformOf } from '../support/platforms';

const DATA = path.resolve(__dirname, '../../../shared/data');
const awsRows: any[] = JSON.parse(fs.readFileSync(path.join(DATA, 'aws-gpu-instances.json'), 'utf-8')).instances;
const awsRow = (type: string) => awsRows.find((r) => r.instance_type === type);

describe('GpuNodePool on AWS (EKS managed node group)', () => {
  const platform = awsPlatform();
  const pool = new GpuNodePool(platform, 'l4-serve', { gpu: GpuModel.L4, maxNodes: 3 });
  const tf = terraformOf(platform);
  const nodeGroup = resourceWhere(tf, 'aws_eks_node_group', 'node_group_name', 'l4-serve');
  const launchTemplate = resourceWhere(tf, 'aws_launch_template', 'name', 'ml-test-l4-serve');
  const flavor = objectNamed(kubernetesOf(platform), 'ResourceFlavor', 'l4-serve');

  const keys = (r: any) => Object.keys(r).filter((k) => k !== '//').sort();

  test('defaults: the node group scales from zero on the NVIDIA AMI, on demand, in every cluster subnet, GPU-tainted', () => {
    expect(keys(nodeGroup)).toEqual(['ami_type', 'capacity_type', 'cluster_name', 'instance_types', 'labels', 'launch_template', 'lifecycle',
      'node_group_name', 'node_repair_config', 'node_role_arn', 'scaling_config', 'subnet_ids', 'tags', 'taint', 'update_config']);
    expect(nodeGroup).toMatchObject({
      ami_type: 'AL2023_x86_64_NVIDIA', // the EKS AMI with the NVIDIA driver: GPU pools need no driver daemonset
      capacity_type: 'ON_DEMAND', // Capacity.onDemand() is the default
      cluster_name: 'ml-test',
      node_group_name: 'l4-serve',
      node_role_arn: 'arn:aws:iam::111122223333:role/ml-test-nodes', // the cluster's node role (existingEks)
      scaling_config: { min_size: 0, max_size: 3, desired_size: 0 }, // minNodes defaults to 0: scale to zero
      subnet_ids: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'], // no zones given: every node subnet of the cluster
      node_repair_config: { enabled: true },
      update_config: { max_unavailable: 1 },
      // The autoscaler owns the desired size: Terraform must not reset it on every apply.
      lifecycle: { ignore_changes: ['scaling_config[0].desired_size'] },
    });
    expect(nodeGroup.labels).toEqual({ 'ml-platform-cdk.io/capacity-type': 'on-demand', 'ml-platform-cdk.io/gpu-model': 'l4', 'ml-platform-cdk.io/pool': 'l4-serve' });
    expect(nodeGroup.taint).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' }]);
    // Cluster autoscaler auto-discovery tags, and the pool's cost allocation tag.
    expect(nodeGroup.tags).toEqual({ 'k8s.io/cluster-autoscaler/enabled': 'true', 'k8s.io/cluster-autoscaler/ml-test': 'owned', 'ml-platform-cdk:pool': 'l4-serve' });
    expect(nodeGroup.launch_template.id).toMatch(/^\$\{aws_launch_template\..*LaunchTemplate.*\.id\}$/);
    expect(nodeGroup.launch_template.version).toMatch(/^\$\{aws_launch_template\..*LaunchTemplate.*\.latest_version\}$/);
  });

  test('defaults: the launch template requires IMDSv2 from the node only, encrypts a 200 GiB gp3 root volume and tags instances and volumes', () => {
    expect(keys(launchTemplate)).toEqual(['block_device_mappings', 'description', 'metadata_options', 'name', 'tag_specifications', 'tags', 'update_default_version']);
    expect(launchTemplate.name).toBe('ml-test-l4-serve'); // <cluster>-<pool>
    expect(launchTemplate.description).toBe('GPU pool l4-serve (NVIDIA L4)');
    // Hop limit 1: containers cannot reach the node's instance credentials.
    expect(launchTemplate.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(launchTemplate.block_device_mappings).toEqual([{
      device_name: '/dev/xvda', ebs: { volume_size: 200, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' },
    }]);
    // The provider's default tags do not reach what a launch template starts: the platform and pool tags are set here.
    const tags = { 'ml-platform-cdk:platform': 'aws-test', 'ml-platform-cdk:pool': 'l4-serve' };
    expect(launchTemplate.tag_specifications).toEqual([{ resource_type: 'instance', tags }, { resource_type: 'volume', tags }]);
    expect(launchTemplate.tags).toEqual({ 'ml-platform-cdk:pool': 'l4-serve' });
    expect(launchTemplate.update_default_version).toBe(true);
  });

  test('defaults: the flavor selects the pool by its label and tolerates its GPU taint', () => {
    expect(flavor).toEqual({
      apiVersion: 'kueue.x-k8s.io/v1beta2',
      kind: 'ResourceFlavor',
      metadata: {
        name: 'l4-serve',
        annotations: { 'ml-platform-cdk.io/instance-type': pool.instanceTypes.join(',') },
        labels: { 'app.kubernetes.io/managed-by': 'ml-platform-cdk', 'ml-platform-cdk.io/pool': 'l4-serve' },
      },
      spec: {
        nodeLabels: { 'ml-platform-cdk.io/pool': 'l4-serve' },
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }],
      },
    });
  });

  test('picks the cheapest single-GPU L4 instance from the catalog', () => {
    const l4 = awsRows.filter((r) => r.gpu_key === 'l4' && r.on_demand_usd_per_hour);
    const cheapest = l4.sort((a, b) => a.on_demand_usd_per_hour - b.on_demand_usd_per_hour)[0];
    expect(pool.instanceTypes).toEqual([cheapest.instance_type]);
    expect(nodeGroup.instance_types).toEqual([cheapest.instance_type]);
    expect(pool.selection.price?.usdPerHour).toBe(cheapest.on_demand_usd_per_hour);
    expect(pool.selection.reason).toContain('cheapest on-demand');
  });

  test('scales to zero by default and leaves the current size to the autoscaler', () => {
    expect(nodeGroup.scaling_config).toEqual({ min_size: 0, desired_size: 0, max_size: 3 });
    expect(nodeGroup.lifecycle.ignore_changes).toEqual(['scaling_config[0].desired_size']);
  });

  test('uses the NVIDIA AL2023 AMI and on-demand capacity', () => {
    expect(nodeGroup.ami_type).toBe('AL2023_x86_64_NVIDIA');
    expect(nodeGroup.capacity_type).toBe('ON_DEMAND');
  });

  test('taints in EKS spelling, labels naming pool, GPU and capacity', () => {
    expect(nodeGroup.taint).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' }]);
    expect(nodeGroup.labels).toEqual({
      'ml-platform-cdk.io/pool': 'l4-serve',
      'ml-platform-cdk.io/gpu-model': 'l4',
      'ml-platform-cdk.io/capacity-type': 'on-demand',
    });
  });

  test('launch template requires IMDSv2 and encrypts the root volume', () => {
    expect(launchTemplate.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(launchTemplate.block_device_mappings).toEqual([{
      device_name: '/dev/xvda',
      ebs: { volume_size: 200, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' },
    }]);
    expect(nodeGroup.launch_template.version).toMatch(/latest_version/);
    expect(nodeGroup.disk_size).toBeUndefined(); // EKS rejects disk_size together with a launch template
  });

  test('the flavor selects exactly this pool and tolerates its taints', () => {
    expect(flavor.apiVersion).toBe('kueue.x-k8s.io/v1beta2');
    for (const [key, value] of Object.entries(flavor.spec.nodeLabels)) {
      expect(nodeGroup.labels[key]).toBe(value);
    }
    expect(flavor.spec.nodeLabels).toEqual({ [PlatformLabels.POOL]: 'l4-serve' });
    expect(flavor.spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }]);
    expect(flavor.metadata.annotations['ml-platform-cdk.io/instance-type']).toBe(pool.instanceTypes[0]);
  });

  test('no placement group, EFA or reservation unless asked', () => {
    expect(resources(tf, 'aws_placement_group')).toHaveLength(0);
    expect(resources(tf, 'aws_security_group')).toHaveLength(0);
    expect(launchTemplate.network_interfaces).toBeUndefined();
    expect(launchTemplate.capacity_reservation_specification).toBeUndefined();
  });
});

describe('compact placement on AWS', () => {
  const platform = awsPlatform();
  const pool = new GpuNodePool(platform, 'h100-train', {
    gpu: GpuModel.H100_80GB, gpusPerNode: 8, capacity: Capacity.spot(), maxNodes: 4, placement: Placement.COMPACT,
  });
  const tf = terraformOf(platform);
  const launchTemplate = resourceWhere(tf, 'aws_launch_template', 'name', 'ml-test-h100-train');
  const nodeGroup = resourceWhere(tf, 'aws_eks_node_group', 'node_group_name', 'h100-train');

  test('a cluster placement group the launch template points at', () => {
    const group = resourceWhere(tf, 'aws_placement_group', 'name', 'ml-test-h100-train');
    expect(group.strategy).toBe('cluster');
    expect(launchTemplate.placement.group_name).toMatch(/^\$\{aws_placement_group\..*\.name\}$/);
  });

  test('one EFA interface per EFA-capable network card, as the data lists for the instance', () => {
    const cards = awsRow('p5.48xlarge').efa_interfaces;
    expect(pool.instanceTypes).toEqual(['p5.48xlarge']);
    expect(launchTemplate.network_interfaces).toHaveLength(cards);
    expect(launchTemplate.network_interfaces[0]).toMatchObject({ device_index: 0, network_card_index: 0, interface_type: 'efa' });
    const others = launchTemplate.network_interfaces.slice(1);
    expect(others.every((n: any) => n.interface_type === 'efa-only' && n.device_index === 1)).toBe(true);
    expect(others.map((n: any) => n.network_card_index)).toEqual(Array.from({ length: cards - 1 }, (_, i) => i + 1));
    const sg = resources(tf, 'aws_security_group')[0];
    expect(sg.vpc_id).toBe('vpc-0123456789abcdef0');
    expect(sg.ingress).toEqual([expect.objectContaining({ self: true, protocol: '-1' })]);
    expect(launchTemplate.network_interfaces[0].security_groups[0]).toBe('sg-0123456789abcdef0');
  });

  test('one zone: defaults to the first zone of the cluster subnets', () => {
    expect(pool.zones).toEqual(['us-east-1a']);
    expect(nodeGroup.subnet_ids).toEqual(['subnet-0aaaaaaaaaaaaaaa1']);
  });

  test('spot capacity type and the spot price from the advisor snapshot', () => {
    expect(nodeGroup.capacity_type).toBe('SPOT');
    const row = awsRow('p5.48xlarge');
    expect(pool.selection.price?.usdPerHour).toBeCloseTo(row.on_demand_usd_per_hour * (1 - row.spot_savings_pct_vs_on_demand_snapshot / 100), 6);
  });

  test('efa: false keeps the placement group but no EFA interfaces', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: 2, placement: Placement.COMPACT, efa: false });
    const out = terraformOf(p);
    expect(resources(out, 'aws_placement_group')).toHaveLength(1);
    expect(resources(out, 'aws_launch_template')[0].network_interfaces).toBeUndefined();
  });
});

describe('reservations', () => {
  test('AWS: on-demand capacity targeted at the capacity reservation', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'a100', { gpu: GpuModel.A100_40GB, maxNodes: 2, capacity: Capacity.reservation('cr-0123456789abcdef0') });
    const tf = terraformOf(p);
    expect(resources(tf, 'aws_eks_node_group')[0].capacity_type).toBe('ON_DEMAND');
    expect(resources(tf, 'aws_launch_template')[0].capacity_reservation_specification).toEqual({
      capacity_reservation_target: { capacity_reservation_id: 'cr-0123456789abcdef0' },
    });
  });

  test('GCP: the node pool consumes the named reservation only', () => {
    const p = gcpPlatform();
    new GpuNodePool(p, 'a100', { gpu: GpuModel.A100_40GB, gpusPerNode: 8, maxNodes: 2, capacity: Capacity.reservation('a100-block') });
    const nodePool = resources(terraformOf(p), 'google_container_node_pool')[0];
    expect(nodePool.node_config.reservation_affinity).toEqual({
      consume_reservation_type: 'SPECIFIC_RESERVATION', key: 'compute.googleapis.com/reservation-name', values: ['a100-block'],
    });
    expect(nodePool.node_config.spot).toBeUndefined();
  });
});

describe('GpuNodePool on GCP (GKE node pool)', () => {
  const platform = gcpPlatform();
  const pool = new GpuNodePool(platform, 'l4-serve', {
    requirements: { minGpuMemoryGiB: 24, gpusPerNode: 1 }, capacity: Capacity.spot(), minNodes: 1, maxNodes: 6,
  });
  const tf = terraformOf(platform);
  const nodePool = resourceWhere(tf, 'google_container_node_pool', 'name', 'l4-serve');
  const flavor = objectNamed(kubernetesOf(platform), 'ResourceFlavor', 'l4-serve');

  const keys = (r: any) => Object.keys(r).filter((k) => k !== '//').sort();

  test('defaults: a regional spot node pool with GKE-installed drivers, shielded nodes and workload identity', () => {
    expect(keys(nodePool)).toEqual(['autoscaling', 'cluster', 'initial_node_count', 'lifecycle', 'location', 'management', 'name', 'node_config',
      'project', 'upgrade_settings']);
    expect(nodePool).toMatchObject({
      cluster: 'ml-test',
      project: 'acme-ml-test',
      location: 'us-central1', // the cluster's location: a regional pool
      name: 'l4-serve',
      // total_* counts bound the pool across its zones; ANY lets the autoscaler take whichever zone has capacity (spot).
      autoscaling: { total_min_node_count: 1, total_max_node_count: 6, location_policy: 'ANY' },
      initial_node_count: 1,
      lifecycle: { ignore_changes: ['initial_node_count'] },
      management: { auto_repair: true, auto_upgrade: true },
      // GPU nodes cannot surge within a tight quota: replace one at a time.
      upgrade_settings: { strategy: 'SURGE', max_surge: 0, max_unavailable: 1 },
    });
    const config = nodePool.node_config;
    expect(keys(config)).toEqual(['disk_size_gb', 'disk_type', 'guest_accelerator', 'gvnic', 'image_type', 'labels', 'machine_type', 'oauth_scopes',
      'reservation_affinity', 'resource_labels', 'service_account', 'shielded_instance_config', 'spot', 'taint', 'workload_metadata_config']);
    expect(config).toMatchObject({
      disk_size_gb: 200,
      disk_type: 'pd-balanced',
      image_type: 'COS_CONTAINERD',
      spot: true,
      gvnic: { enabled: true },
      guest_accelerator: [{ type: 'nvidia-l4', count: 1, gpu_driver_installation_config: { gpu_driver_version: 'LATEST' } }],
      oauth_scopes: ['https://www.googleapis.com/auth/cloud-platform'], // access is decided by IAM on the service account
      service_account: 'gke-nodes@acme-ml-test.iam.gserviceaccount.com',
      reservation_affinity: { consume_reservation_type: 'NO_RESERVATION' },
      shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
      workload_metadata_config: { mode: 'GKE_METADATA' }, // pods see workload identity, not the node's credentials
    });
    expect(config.labels).toEqual({ 'ml-platform-cdk.io/capacity-type': 'spot', 'ml-platform-cdk.io/gpu-model': 'l4', 'ml-platform-cdk.io/pool': 'l4-serve' });
    expect(config.resource_labels).toEqual({ 'ml-platform-cdk-platform': 'gcp-test', 'ml-platform-cdk-pool': 'l4-serve' });
    // The GPU taint, and on spot capacity the spot taint: spot nodes are for interruptible work only.
    expect(config.taint).toEqual([
      { key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' },
      { key: 'ml-platform-cdk.io/capacity-type', value: 'spot', effect: 'NO_SCHEDULE' },
    ]);
  });

  test('defaults: the spot flavor tolerates the GPU taint but lists the spot taint for workloads to tolerate themselves', () => {
    expect(flavor.spec).toEqual({
      nodeLabels: { 'ml-platform-cdk.io/pool': 'l4-serve' },
      nodeTaints: [{ key: 'ml-platform-cdk.io/capacity-type', value: 'spot', effect: 'NoSchedule' }],
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }],
    });
    expect(flavor.metadata.annotations).toEqual({ 'ml-platform-cdk.io/instance-type': 'g2-standard-4' });
  });

  test('machine type and accelerator from the catalog, driver installed by GKE', () => {
    const rows: any[] = JSON.parse(fs.readFileSync(path.join(DATA, 'gcp-gpu-machines.json'), 'utf-8')).machines;
    const cheapest = rows.filter((r) => r.gpu_count === 1 && r.gpu_memory_gib_per_gpu >= 24 && r.spot_usd_per_hour)
      .sort((a, b) => a.spot_usd_per_hour - b.spot_usd_per_hour)[0];
    expect(nodePool.node_config.machine_type).toBe(cheapest.machine_type);
    expect(nodePool.node_config.guest_accelerator).toEqual([{
      type: cheapest.accelerator_type, count: 1, gpu_driver_installation_config: { gpu_driver_version: 'LATEST' },
    }]);
    expect(pool.offering.gpu).toBe(GpuModel.L4);
  });

  test('spot: Spot VMs, no reservations, autoscaler free to pick zones', () => {
    expect(nodePool.node_config.spot).toBe(true);
    expect(nodePool.node_config.reservation_affinity).toEqual({ consume_reservation_type: 'NO_RESERVATION' });
    expect(nodePool.autoscaling).toEqual({ total_min_node_count: 1, total_max_node_count: 6, location_policy: 'ANY' });
  });

  test('taints with GKE spelling and a value; the flavor tolerates the GPU taint and leaves the spot taint to workloads', () => {
    expect(nodePool.node_config.taint).toEqual([
      { key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' },
      { key: 'ml-platform-cdk.io/capacity-type', value: 'spot', effect: 'NO_SCHEDULE' },
    ]);
    expect(flavor.spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }]);
    // Only workloads that tolerate the spot taint themselves (interruptible tiers) are admitted on the flavor.
    expect(flavor.spec.nodeTaints).toEqual([{ key: 'ml-platform-cdk.io/capacity-type', value: 'spot', effect: 'NoSchedule' }]);
    expect(nodePool.node_config.labels[PlatformLabels.POOL]).toBe('l4-serve');
  });

  test('security defaults: workload identity metadata, shielded nodes, node service account', () => {
    expect(nodePool.node_config.workload_metadata_config).toEqual({ mode: 'GKE_METADATA' });
    expect(nodePool.node_config.shielded_instance_config).toEqual({ enable_secure_boot: true, enable_integrity_monitoring: true });
    expect(nodePool.node_config.service_account).toBe('gke-nodes@acme-ml-test.iam.gserviceaccount.com');
  });

  test('compact placement: COMPACT policy in the one named zone', () => {
    const p = gcpPlatform();
    new GpuNodePool(p, 'h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, capacity: Capacity.spot(), maxNodes: 4, placement: Placement.COMPACT, zones: ['us-central1-a'] });
    const np = resources(terraformOf(p), 'google_container_node_pool')[0];
    expect(np.placement_policy).toEqual({ type: 'COMPACT' });
    expect(np.node_locations).toEqual(['us-central1-a']);
    expect(np.node_config.gvnic).toEqual({ enabled: true });
  });
});

describe('selection by requirements', () => {
  test('Arm: the cheapest arm64 GPU instance (g5g family)', () => {
    const p = awsPlatform();
    const pool = new GpuNodePool(p, 'arm', { requirements: { architecture: Architecture.ARM64 }, maxNodes: 2 });
    const arm = awsRows.filter((r) => r.arch === 'arm64').sort((a, b) => a.on_demand_usd_per_hour - b.on_demand_usd_per_hour)[0];
    expect(pool.instanceTypes).toEqual([arm.instance_type]);
    expect(resources(terraformOf(p), 'aws_eks_node_group')[0].ami_type).toBe('AL2023_ARM_64_NVIDIA');
  });

  test('alternatives are the next cheapest offerings that also qualify', () => {
    const p = awsPlatform();
    const pool = new GpuNodePool(p, 'big', { requirements: { minGpuMemoryGiB: 40, gpusPerNode: 8, nvlink: true }, maxNodes: 1 });
    const prices = [pool.selection.price!.usdPerHour, ...pool.selection.alternatives.map((a) => a.price.usdPerHour)];
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    for (const alt of pool.selection.alternatives) {
      expect(alt.offering.gpuCount).toBe(8);
      expect(alt.offering.gpuMemoryGiB).toBeGreaterThanOrEqual(40);
      expect(alt.offering.nvlink).toBe(true);
    }
    expect(pool.selection.alternatives.length).toBeGreaterThan(0);
  });

  test('explicit instance types keep the list and say so', () => {
    const p = awsPlatform();
    const pool = new GpuNodePool(p, 'g6', { instanceTypes: ['g6.xlarge', 'g6.2xlarge', 'g6.4xlarge'], maxNodes: 2, capacity: Capacity.spot() });
    expect(resources(terraformOf(p), 'aws_eks_node_group')[0].instance_types).toEqual(['g6.xlarge', 'g6.2xlarge', 'g6.4xlarge']);
    expect(pool.selection.reason).toBe('explicit instance types');
    expect(pool.providedResources()).toEqual([{ resourceName: 'nvidia.com/gpu', perNode: 1, atMaxSize: 2, sharedBy: 1, gpuShare: 1 }]);
  });

  test('GCP: an n1 machine type names its accelerator with `gpu`', () => {
    const p = gcpPlatform();
    const pool = new GpuNodePool(p, 't4', { instanceTypes: ['n1-standard-8'], gpu: GpuModel.T4, maxNodes: 2 });
    const np = resources(terraformOf(p), 'google_container_node_pool')[0];
    expect(np.node_config.guest_accelerator[0].type).toBe('nvidia-tesla-t4');
    expect(pool.gpusPerNode).toBe(1);
  });
});

describe('user labels and taints reach both layers identically', () => {
  test.each([
    ['aws', awsPlatform],
    ['gcp', gcpPlatform],
  ])('%s', (_cloud, make) => {
    const p = make();
    new GpuNodePool(p, 'custom', {
      gpu: GpuModel.L4,
      gpusPerNode: 1,
      maxNodes: 2,
      labels: { 'example.com/team': 'vision' },
      taints: [
        { key: 'example.com/dedicated', value: 'vision', effect: TaintEffect.NO_SCHEDULE },
        { key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE },
      ],
    });
    const tf = terraformOf(p);
    const cloudPool = resources(tf, 'aws_eks_node_group')[0] ?? resources(tf, 'google_container_node_pool')[0];
    const labels = cloudPool.labels ?? cloudPool.node_config.labels;
    const taints = cloudPool.taint ?? cloudPool.node_config.taint;
    expect(labels['example.com/team']).toBe('vision');
    expect(taints.map((t: any) => `${t.key}=${t.value}:${t.effect}`)).toEqual([
      'example.com/dedicated=vision:NO_SCHEDULE', 'nvidia.com/gpu=present:NO_SCHEDULE',
    ]);
    const flavor = objectNamed(kubernetesOf(p), 'ResourceFlavor', 'custom');
    expect(flavor.spec.tolerations.map((t: any) => `${t.key}=${t.value}:${t.effect}`)).toEqual([
      'example.com/dedicated=vision:NoSchedule', 'nvidia.com/gpu=present:NoSchedule',
    ]);
  });

  test('a taint without a value is tolerated with Exists (AWS allows valueless taints)', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'bare', { gpu: GpuModel.L4, maxNodes: 1, taints: [{ key: 'example.com/gpu', effect: TaintEffect.NO_EXECUTE }] });
    const flavor = objectNamed(kubernetesOf(p), 'ResourceFlavor', 'bare');
    expect(flavor.spec.tolerations).toEqual([{ key: 'example.com/gpu', operator: 'Exists', effect: 'NoExecute' }]);
    expect(resources(terraformOf(p), 'aws_eks_node_group')[0].taint).toEqual([{ key: 'example.com/gpu', effect: 'NO_EXECUTE' }]);
  });
});

describe('escape hatches', () => {
  test('cloud resources are reachable and overrides land in the output', () => {
    const p = awsPlatform();
    const pool = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
    const nodeGroup = pool.cloudResources.node.findChild('NodeGroup') as EksNodeGroup;
    nodeGroup.addOverride('update_config.max_unavailable', 2);
    expect(resources(terraformOf(p), 'aws_eks_node_group')[0].update_config).toEqual({ max_unavailable: 2 });
  });

  test('the flavor can be patched; a patch that keeps it consistent synthesizes', () => {
    const p = awsPlatform();
    const pool = new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
    pool.resourceFlavor!.addJsonPatch(JsonPatch.add('/metadata/labels/example.com~1owner', 'ml-infra'));
    expect(objectNamed(kubernetesOf(p), 'ResourceFlavor', 'l4').metadata.labels['example.com/owner']).toBe('ml-infra');
  });
});

describe('capacity x GPU x cloud matrix', () => {
  // Every GPU model the catalog offers on each cloud.
  const catalog = Catalog.default();
  const cases: Array<[string, () => ReturnType<typeof awsPlatform>, GpuModel]> = [
    ...catalog.gpuModels(CloudProvider.AWS).map((gpu) => ['aws', awsPlatform, gpu] as [string, () => ReturnType<typeof awsPlatform>, GpuModel]),
    ...catalog.gpuModels(CloudProvider.GCP).map((gpu) => ['gcp', gcpPlatform, gpu] as [string, () => ReturnType<typeof awsPlatform>, GpuModel]),
  ];
  test('the matrix covers the GPUs the issue names', () => {
    expect(cases.map(([c, , g]) => `${c}:${g.id}`)).toEqual(expect.arrayContaining([
      'aws:t4', 'aws:l4', 'aws:a10g', 'aws:l40s', 'aws:v100-16gb', 'aws:a100-40gb', 'aws:a100-80gb', 'aws:h100-80gb', 'aws:h200-141gb',
      'gcp:t4', 'gcp:l4', 'gcp:v100-16gb', 'gcp:a100-40gb', 'gcp:a100-80gb', 'gcp:h100-80gb',
    ]));
  });
  test.each(cases.flatMap(([cloud, make, gpu]) => [CapacityType.ON_DEMAND, CapacityType.SPOT].map((c) => [cloud, gpu.id, c, make, gpu] as const)))(
    '%s %s %s: node labels, capacity and flavor agree',
    (cloud, _id, capacityType, make, gpu) => {
      const p = make();
      const pool = new GpuNodePool(p, 'pool', {
        gpu, maxNodes: 2, capacity: capacityType === CapacityType.SPOT ? Capacity.spot() : Capacity.onDemand(),
      });
      expect(pool.offering.gpu).toBe(gpu);
      const tf = terraformOf(p);
      const flavor = objectNamed(kubernetesOf(p), 'ResourceFlavor', 'pool');
      if (cloud === 'aws') {
        const ng = resources(tf, 'aws_eks_node_group')[0];
        expect(ng.capacity_type).toBe(capacityType === CapacityType.SPOT ? 'SPOT' : 'ON_DEMAND');
        expect(ng.labels[PlatformLabels.GPU_MODEL]).toBe(gpu.id);
        expect(ng.labels[PlatformLabels.POOL]).toBe(flavor.spec.nodeLabels[PlatformLabels.POOL]);
      } else {
        const np = resources(tf, 'google_container_node_pool')[0];
        expect(np.node_config.spot ?? false).toBe(capacityType === CapacityType.SPOT);
        expect(np.node_config.guest_accelerator[0].count).toBe(pool.gpusPerNode);
        expect(np.node_config.labels[PlatformLabels.POOL]).toBe(flavor.spec.nodeLabels[PlatformLabels.POOL]);
      }
    },
  );
});

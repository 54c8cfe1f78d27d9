import { AutoscalingGroupTagA } from '@cdktf/provider-aws/lib/autoscaling-group-tag';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate, LaunchTemplateNetworkInterfaces } from '@cdktf/provider-aws/lib/launch-template';
import { PlacementGroup } from '@cdktf/provider-aws/lib/placement-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { CapacityType } from '../../core/capacity';
import { compareStrings } from '../../core/order';
import { PoolModel } from '../../model/types';
import { CLOUD_TAINT_EFFECT } from '../spelling';
import { AwsClusterRefs } from './eks-cluster';
import { EKS_CAPACITY_TYPE, EKS_GPU_AMI_TYPE, EKS_STANDARD_AMI_TYPE } from './spelling';

/** The cloud resources of one pool, for escape hatches and tests. */
export interface EksPoolResources {
  readonly nodeGroup: EksNodeGroup;
  readonly launchTemplate: LaunchTemplate;
  readonly placementGroup?: PlacementGroup;
  readonly efaSecurityGroup?: SecurityGroup;
  readonly autoscalerTags: AutoscalingGroupTagA[];
}

/**
 * The tags of a pool's resources. Values may be read at synth (the pool's team is known only once every team is
 * declared; a value that resolves to undefined leaves its key out); the maps stay plain, so escape-hatch overrides of
 * single tags still merge.
 */
export interface EksPoolTags {
  /** On the node group, launch template, placement group and security group: pool and team (the provider's default tags add the platform's). */
  readonly resources: Record<string, string>;
  /** On the instances and volumes the launch template starts (the provider's default tags do not reach them): the platform's tags too. */
  readonly instances: Record<string, string>;
}

/**
 * A managed node group and its launch template: IMDSv2 required, encrypted gp3 root volume,
 * optional cluster placement group and EFA interfaces, optional capacity reservation.
 */
export function renderEksNodeGroup(scope: Construct, pool: PoolModel, cluster: AwsClusterRefs, tags: EksPoolTags): EksPoolResources {
  const subnets = pool.zones.length === 0 ? cluster.subnets : cluster.subnets.filter((s) => pool.zones.includes(s.availabilityZone));
  const resourceName = `${pool.name}`;
  const placementGroup = pool.compactPlacement
    ? new PlacementGroup(scope, 'PlacementGroup', { name: `${cluster.clusterName}-${resourceName}`, strategy: 'cluster', tags: { ...tags.resources } })
    : undefined;
  const efaSecurityGroup = pool.efa ? renderEfaSecurityGroup(scope, pool, cluster, { ...tags.resources }) : undefined;

  const launchTemplate = new LaunchTemplate(scope, 'LaunchTemplate', {
    name: `${cluster.clusterName}-${resourceName}`,
    description: pool.offering.gpu ? `GPU pool ${pool.name} (${pool.offering.gpu.displayName})` : `CPU pool ${pool.name} (${pool.offering.architecture})`,
    updateDefaultVersion: true,
    metadataOptions: {
      httpEndpoint: 'enabled',
      httpTokens: 'required',
      // One hop: processes on the node reach IMDS, containers on the pod network do not.
      httpPutResponseHopLimit: 1,
    },
    blockDeviceMappings: [{
      // AL2023 root volume: the container images and GPU drivers live here.
      deviceName: '/dev/xvda',
      ebs: { volumeSize: pool.diskSizeGiB, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
    }],
    placement: placementGroup ? { groupName: placementGroup.name } : undefined,
    networkInterfaces: efaSecurityGroup ? efaInterfaces(pool.offering.efaInterfaces, [cluster.clusterSecurityGroupId!, efaSecurityGroup.id]) : undefined,
    capacityReservationSpecification: pool.capacity.type === CapacityType.RESERVED
      ? { capacityReservationTarget: { capacityReservationId: pool.capacity.reservationId } }
      : undefined,
    tagSpecifications: ['instance', 'volume'].map((resourceType) => ({
      resourceType,
      tags: { ...tags.instances },
    })),
    tags: { ...tags.resources },
  });

  const nodeGroup = new EksNodeGroup(scope, 'NodeGroup', {
    clusterName: cluster.clusterName,
    nodeGroupName: pool.name,
    nodeRoleArn: cluster.nodeRoleArn,
    subnetIds: subnets.map((s) => s.subnetId),
    amiType: (pool.offering.gpuCount > 0 ? EKS_GPU_AMI_TYPE : EKS_STANDARD_AMI_TYPE)[pool.offering.architecture],
    capacityType: EKS_CAPACITY_TYPE[pool.capacity.type],
    instanceTypes: pool.instanceTypes,
    scalingConfig: { minSize: pool.minNodes, maxSize: pool.maxNodes, desiredSize: pool.minNodes },
    labels: pool.labels,
    taint: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: CLOUD_TAINT_EFFECT[t.effect] })),
    launchTemplate: { id: launchTemplate.id, version: Token.asString(launchTemplate.latestVersion) },
    updateConfig: { maxUnavailable: 1 },
    nodeRepairConfig: { enabled: true },
    tags: {
      ...tags.resources,
      'k8s.io/cluster-autoscaler/enabled': 'true',
      [`k8s.io/cluster-autoscaler/${cluster.clusterName}`]: 'owned',
    },
    dependsOn: cluster.dependsOn.length > 0 ? cluster.dependsOn : undefined,
    // The cluster autoscaler owns the current size; Terraform owns the bounds.
    lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
  });
  const autoscalerTags = renderAutoscalerResourceTags(scope, pool, nodeGroup);
  return { nodeGroup, launchTemplate, placementGroup, efaSecurityGroup, autoscalerTags };
}

/**
 * The cluster autoscaler sizes an empty managed node group from its instance type (whole GPUs) and
 * from the node group's labels and taints (eks:DescribeNodegroup), but extended resources only from
 * `node-template/resources/*` tags on the Auto Scaling group, which EKS does not copy from the node
 * group. When partitioning or sharing changes what a node provides (MIG devices, time-sliced replicas),
 * the group's ASG is tagged with what one node really provides, so pending pods that ask for those
 * resources scale the pool up from zero.
 */
function renderAutoscalerResourceTags(scope: Construct, pool: PoolModel, nodeGroup: EksNodeGroup): AutoscalingGroupTagA[] {
  const resources = Object.entries(pool.extendedResources);
  if (resources.length === 0) return [];
  const wholeGpusOnly = resources.length === 1 && resources[0][0] === 'nvidia.com/gpu' && resources[0][1] === pool.offering.gpuCount;
  if (wholeGpusOnly) return [];
  const asgName = nodeGroup.resources.get(0).autoscalingGroups.get(0).name;
  return resources.sort(([a], [b]) => compareStrings(a, b)).map(([resource, count]) => new AutoscalingGroupTagA(scope, `AutoscalerResource-${resource.replace(/\//g, '-')}`, {
    autoscalingGroupName: asgName,
    tag: { key: `k8s.io/cluster-autoscaler/node-template/resources/${resource}`, value: String(count), propagateAtLaunch: false },
  }));
}

/** EFA traffic must be allowed between all members of the group (AWS EFA user guide). */
function renderEfaSecurityGroup(scope: Construct, pool: PoolModel, cluster: AwsClusterRefs, tags: Record<string, string>): SecurityGroup {
  return new SecurityGroup(scope, 'EfaSecurityGroup', {
    name: `${cluster.clusterName}-${pool.name}-efa`,
    description: `EFA traffic between nodes of GPU pool ${pool.name}`,
    vpcId: cluster.vpcId,
    ingress: [{ fromPort: 0, toPort: 0, protocol: '-1', selfAttribute: true, description: 'EFA within the pool' }],
    egress: [{ fromPort: 0, toPort: 0, protocol: '-1', selfAttribute: true, description: 'EFA within the pool' }],
    tags,
  });
}

/** Card 0 carries the primary interface with EFA; every other EFA-capable card gets an EFA-only interface. */
function efaInterfaces(cards: number, securityGroups: string[]): LaunchTemplateNetworkInterfaces[] {
  return Array.from({ length: cards }, (_, card) => ({
    deviceIndex: card === 0 ? 0 : 1,
    networkCardIndex: card,
    interfaceType: card === 0 ? 'efa' : 'efa-only',
    securityGroups,
    deleteOnTermination: 'true',
  }));
}

import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ITerraformDependable, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { EKS_LIMITS } from '../../catalog/limits';
import { resolveControlPlaneAccess } from '../../compute/control-plane-access';
import { ClusterSubnet, EksCluster, EksControlPlaneLogType } from '../../compute/eks-cluster';
import { Cloud } from '../../core/cloud';
import { compareStrings } from '../../core/order';

/** What node groups need to know about their cluster (strings or deploy-time tokens; cloud layer only). */
export interface AwsClusterRefs {
  readonly clusterName: string;
  readonly nodeRoleArn: string;
  readonly subnets: ClusterSubnet[];
  readonly vpcId?: string;
  readonly clusterSecurityGroupId?: string;
  /** Resources node groups must be created after (the cluster and the node role's policies). */
  readonly dependsOn: ITerraformDependable[];
}

const MANAGED_POLICY = 'arn:aws:iam::aws:policy/';

/** Every control-plane log type, in the order EKS lists them. */
const ALL_LOG_TYPES = Object.values(EksControlPlaneLogType);

/**
 * The VPC CNI add-on's configuration that turns its network policy agent on (the add-on's configuration schema takes
 * the string "true").
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html
 */
export const VPC_CNI_NETWORK_POLICY = JSON.stringify({ enableNetworkPolicy: 'true' });

/** Construct id of an access entry: its principal ARN (stable whatever the order of the list), with `/` (a path separator for constructs) as `:`, which IAM names and paths never contain. */
function accessEntryId(principalArn: string): string {
  return `AccessEntry ${principalArn.replace(/\//g, ':')}`;
}

/** Adds the AWS provider to a stack unless it already has one. */
export function ensureAwsProvider(stack: TerraformStack, cloud: Cloud, platformName: string): void {
  if (stack.node.findAll().some((c) => c instanceof AwsProvider)) return;
  new AwsProvider(stack, 'AwsProvider', {
    region: cloud.region,
    defaultTags: [{ tags: { 'ml-platform-cdk:platform': platformName, ...cloud.resourceTags } }],
  });
}

function assumeRolePolicy(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

/**
 * Existing cluster: its attributes. Created cluster: IAM roles, a secrets KMS key and the cluster (both protected from
 * destruction unless `deletionProtection` is false), every control-plane log type, the VPC CNI add-on with its network
 * policy agent, and the access entries given.
 */
export function renderEksCluster(scope: Construct, cluster: EksCluster): AwsClusterRefs {
  const props = cluster.createProps;
  if (!props) {
    return {
      clusterName: cluster.clusterName,
      nodeRoleArn: cluster.nodeRoleArn!,
      subnets: cluster.subnets,
      vpcId: cluster.vpcId,
      clusterSecurityGroupId: cluster.clusterSecurityGroupId,
      dependsOn: [],
    };
  }
  const root = new Construct(scope, 'Cluster');
  const clusterRole = new IamRole(root, 'ClusterRole', {
    name: `${props.clusterName}-cluster`,
    assumeRolePolicy: assumeRolePolicy('eks.amazonaws.com'),
  });
  const clusterPolicy = new IamRolePolicyAttachment(root, 'ClusterPolicy', {
    role: clusterRole.name,
    policyArn: `${MANAGED_POLICY}AmazonEKSClusterPolicy`,
  });
  const nodeRole = new IamRole(root, 'NodeRole', {
    name: `${props.clusterName}-nodes`,
    assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com'),
  });
  // The three policies EKS documents for managed node groups; nothing broader.
  const nodePolicies = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly'].map(
    (policy) => new IamRolePolicyAttachment(root, `NodeRole${policy.replace(/[^A-Za-z0-9]/g, '')}`, {
      role: nodeRole.name,
      policyArn: `${MANAGED_POLICY}${policy}`,
    }),
  );
  // Durable: losing the cluster loses its workloads' state; losing the key makes its secrets unreadable.
  const protect = props.deletionProtection ?? true;
  const lifecycle = protect ? { preventDestroy: true } : undefined;
  const keyArn = props.secretsKeyArn ?? new KmsKey(root, 'SecretsKey', {
    description: `Envelope encryption of Kubernetes secrets in EKS cluster ${props.clusterName}`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    lifecycle,
  }).arn;
  const access = resolveControlPlaneAccess(props, EKS_LIMITS.maxPublicAccessCidrs);
  const logTypes = props.controlPlaneLogTypes ?? ALL_LOG_TYPES;
  const eks = new EksClusterResource(root, 'Resource', {
    name: props.clusterName,
    roleArn: clusterRole.arn,
    version: props.kubernetesVersion,
    deletionProtection: protect,
    vpcConfig: {
      subnetIds: props.subnets.map((s) => s.subnetId),
      endpointPrivateAccess: true,
      endpointPublicAccess: access.publicEndpoint,
      publicAccessCidrs: access.publicEndpoint ? access.publicAccessCidrs : undefined,
    },
    accessConfig: { authenticationMode: 'API' },
    encryptionConfig: { resources: ['secrets'], provider: { keyArn } },
    enabledClusterLogTypes: ALL_LOG_TYPES.filter((t) => logTypes.includes(t)),
    dependsOn: [clusterPolicy],
    lifecycle,
  });
  // Team isolation is a NetworkPolicy, which the VPC CNI enforces only with its network policy agent on. OVERWRITE on
  // create adopts the self-managed CNI EKS installs; PRESERVE on update keeps settings changed in the cluster.
  const addons = props.networkPolicyAgent === false ? [] : [new EksAddon(root, 'VpcCni', {
    clusterName: eks.name,
    addonName: 'vpc-cni',
    configurationValues: VPC_CNI_NETWORK_POLICY,
    resolveConflictsOnCreate: 'OVERWRITE',
    resolveConflictsOnUpdate: 'PRESERVE',
  })];
  const entries = [...(props.accessEntries ?? [])].sort((a, b) => compareStrings(a.principalArn, b.principalArn));
  for (const entry of entries) {
    new EksAccessEntry(root, accessEntryId(entry.principalArn), {
      clusterName: eks.name,
      principalArn: entry.principalArn,
      type: 'STANDARD',
      kubernetesGroups: [...new Set(entry.kubernetesGroups)].sort(compareStrings),
    });
  }
  return {
    clusterName: eks.name,
    nodeRoleArn: nodeRole.arn,
    subnets: cluster.subnets,
    vpcId: props.vpcId,
    clusterSecurityGroupId: eks.vpcConfig.clusterSecurityGroupId,
    // Nodes join with the network policy agent already configured.
    dependsOn: [eks, ...nodePolicies, ...addons],
  };
}

import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ITerraformDependable, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterSubnet, EksCluster } from '../../compute/eks-cluster';
import { Cloud } from '../../core/cloud';

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

/** Adds the AWS provider to a stack unless it already has one. */
export function ensureAwsProvider(stack: TerraformStack, cloud: Cloud, platformName: string): void {
  if (stack.node.findAll().some((c) => c instanceof AwsProvider)) return;
  new AwsProvider(stack, 'aws', {
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

/** Existing cluster: its attributes. Created cluster: IAM roles, a secrets KMS key and the cluster. */
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
  const keyArn = props.secretsKeyArn ?? new KmsKey(root, 'SecretsKey', {
    description: `Envelope encryption of Kubernetes secrets in EKS cluster ${props.clusterName}`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
  }).arn;
  const eks = new EksClusterResource(root, 'Resource', {
    name: props.clusterName,
    roleArn: clusterRole.arn,
    version: props.kubernetesVersion,
    deletionProtection: props.deletionProtection ?? true,
    vpcConfig: {
      subnetIds: props.subnets.map((s) => s.subnetId),
      endpointPrivateAccess: true,
      endpointPublicAccess: props.endpointPublicAccess ?? false,
      publicAccessCidrs: props.endpointPublicAccess ? props.publicAccessCidrs : undefined,
    },
    accessConfig: { authenticationMode: 'API' },
    encryptionConfig: { resources: ['secrets'], provider: { keyArn } },
    enabledClusterLogTypes: ['api', 'audit', 'authenticator'],
    dependsOn: [clusterPolicy],
  });
  return {
    clusterName: eks.name,
    nodeRoleArn: nodeRole.arn,
    subnets: cluster.subnets,
    vpcId: props.vpcId,
    clusterSecurityGroupId: eks.vpcConfig.clusterSecurityGroupId,
    dependsOn: [eks, ...nodePolicies],
  };
}

import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ITerraformDependable, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GKE_LIMITS } from '../../catalog/limits';
import { resolveControlPlaneAccess } from '../../compute/control-plane-access';
import { GkeCluster, GkeClusterProps, gkeRegionOf, kmsKeyRegionOf, secretsKeyElsewhere } from '../../compute/gke-cluster';
import { Cloud } from '../../core/cloud';

/** What node pools need to know about their cluster (cloud layer only). */
export interface GcpClusterRefs {
  /** Cluster name (or a token for a created cluster). */
  readonly cluster: string;
  readonly location: string;
  readonly project: string;
  readonly nodeServiceAccount: string;
  readonly dependsOn: ITerraformDependable[];
}

/** Adds the Google provider to a stack unless it already has one. */
export function ensureGoogleProvider(stack: TerraformStack, cloud: Cloud, platformName: string): void {
  if (stack.node.findAll().some((c) => c instanceof GoogleProvider)) return;
  const provider = new GoogleProvider(stack, 'GoogleProvider', { project: cloud.project, region: cloud.region });
  // cdktf snake-cases every key of provider blocks except "tags" (util.keysToSnakeCase), which would
  // turn "cost-center" into "cost_center"; an override is written verbatim.
  provider.addOverride('default_labels', { 'ml-platform-cdk-platform': platformName, ...cloud.resourceTags });
}

/**
 * Roles GKE documents for a least-privilege node service account: the node default role,
 * and image pulls from Artifact Registry.
 */
const NODE_ROLES = ['roles/container.defaultNodeServiceAccount', 'roles/artifactregistry.reader'];

/** How often the secrets key the platform creates is rotated: 90 days. */
const SECRETS_KEY_ROTATION = '7776000s';

/**
 * The key that encrypts Kubernetes secrets at the application layer: the one given, or a key ring and a rotating key
 * created in the cluster's region, which the GKE service agent may use. Undefined when secrets encryption is off.
 */
function secretsKey(root: Construct, props: GkeClusterProps, project: string, region: string, lifecycle: { preventDestroy: boolean } | undefined) {
  if (props.secretsEncryption === false) return undefined;
  if (props.secretsKeyName !== undefined) {
    if (kmsKeyRegionOf(props.secretsKeyName) !== region) throw secretsKeyElsewhere(props.secretsKeyName, region);
    return { keyName: props.secretsKeyName, grants: [] };
  }
  // Cloud KMS never deletes key rings and keys (destroy only schedules key versions for destruction): a cluster
  // re-created under the same name must import them (terraform import) or pass secretsKeyName.
  const ring = new KmsKeyRing(root, 'SecretsKeyRing', { name: `${props.clusterName}-secrets`, location: region, project, lifecycle });
  const key = new KmsCryptoKey(root, 'SecretsKey', {
    name: 'kubernetes-secrets',
    keyRing: ring.id,
    purpose: 'ENCRYPT_DECRYPT',
    rotationPeriod: SECRETS_KEY_ROTATION,
    lifecycle,
  });
  const projectNumber = new DataGoogleProject(root, 'Project', { projectId: project }).number;
  const grant = new KmsCryptoKeyIamMember(root, 'SecretsKeyGkeServiceAgent', {
    cryptoKeyId: key.id,
    role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
    member: `serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`,
  });
  return { keyName: key.id, grants: [grant] };
}

/**
 * Existing cluster: its attributes. Created cluster: a node service account and a private, workload-identity cluster
 * without its default pool; its control plane reachable only from the networks authorized, secrets encrypted with a
 * rotating Cloud KMS key, Google Groups for RBAC when a security group is given; the cluster and its key protected from
 * destruction unless `deletionProtection` is false.
 */
export function renderGkeCluster(scope: Construct, cluster: GkeCluster, cloud: Cloud): GcpClusterRefs {
  const project = cloud.project!;
  const props = cluster.createProps;
  if (!props) {
    return {
      cluster: cluster.clusterName,
      location: cluster.location ?? cloud.region,
      project,
      nodeServiceAccount: cluster.nodeServiceAccount!,
      dependsOn: [],
    };
  }
  const root = new Construct(scope, 'Cluster');
  const location = props.location ?? cloud.region;
  const account = new ServiceAccount(root, 'NodeServiceAccount', {
    accountId: nodeAccountId(props.clusterName),
    displayName: `Nodes of GKE cluster ${props.clusterName}`,
    project,
  });
  const grants = NODE_ROLES.map((role) => new ProjectIamMember(root, `NodeRole${role.replace(/^roles\//, '').replace(/[^A-Za-z0-9]/g, '')}`, {
    project,
    role,
    member: `serviceAccount:${account.email}`,
  }));
  const protect = props.deletionProtection ?? true;
  const lifecycle = protect ? { preventDestroy: true } : undefined;
  const key = secretsKey(root, props, project, gkeRegionOf(location), lifecycle);
  const access = resolveControlPlaneAccess(props, GKE_LIMITS.maxAuthorizedNetworks);
  const gke = new ContainerCluster(root, 'Resource', {
    name: props.clusterName,
    location,
    project,
    network: props.network,
    subnetwork: props.subnetwork,
    // GPU pools are declared separately; the default pool is removed right after creation.
    removeDefaultNodePool: true,
    initialNodeCount: 1,
    deletionProtection: protect,
    lifecycle,
    releaseChannel: { channel: props.releaseChannel ?? 'REGULAR' },
    workloadIdentityConfig: { workloadPool: `${project}.svc.id.goog` },
    privateClusterConfig: {
      enablePrivateNodes: true,
      enablePrivateEndpoint: !access.publicEndpoint,
      masterIpv4CidrBlock: props.masterIpv4CidrBlock ?? '172.16.0.0/28',
    },
    // Authorized networks on: the public endpoint (if any) answers only the blocks given, never Google Cloud's public
    // IP ranges wholesale. The private endpoint stays reachable from the VPC.
    masterAuthorizedNetworksConfig: {
      gcpPublicCidrsAccessEnabled: false,
      cidrBlocks: access.publicAccessCidrs.length > 0 ? access.publicAccessCidrs.map((cidrBlock) => ({ cidrBlock })) : undefined,
    },
    databaseEncryption: key ? { state: 'ENCRYPTED', keyName: key.keyName } : undefined,
    authenticatorGroupsConfig: props.rbacSecurityGroup === undefined ? undefined : { securityGroup: props.rbacSecurityGroup },
    dependsOn: key && key.grants.length > 0 ? key.grants : undefined,
    ipAllocationPolicy: {},
    // Dataplane V2 enforces NetworkPolicy, which team isolation relies on.
    datapathProvider: 'ADVANCED_DATAPATH',
    enableShieldedNodes: true,
    // GKE cost allocation: the billing export breaks the cluster's cost down by namespace and Kubernetes label.
    costManagementConfig: { enabled: true },
    nodeConfig: {
      serviceAccount: account.email,
      oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
      workloadMetadataConfig: { mode: 'GKE_METADATA' },
    },
  });
  return { cluster: gke.name, location, project, nodeServiceAccount: account.email, dependsOn: [gke, ...grants] };
}

/** Service account ids are 6-30 characters: `<cluster>-nodes`, the cluster part shortened to fit. */
function nodeAccountId(clusterName: string): string {
  return `${clusterName.slice(0, 24).replace(/-+$/, '')}-nodes`;
}

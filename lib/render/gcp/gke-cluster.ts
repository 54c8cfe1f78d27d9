import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ITerraformDependable, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GkeCluster } from '../../compute/gke-cluster';
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
  const provider = new GoogleProvider(stack, 'google', { project: cloud.project, region: cloud.region });
  // cdktf snake-cases every key of provider blocks except "tags" (util.keysToSnakeCase), which would
  // turn "cost-center" into "cost_center"; an override is written verbatim.
  provider.addOverride('default_labels', { 'ml-platform-cdk-platform': platformName, ...cloud.resourceTags });
}

/**
 * Roles GKE documents for a least-privilege node service account: the node default role,
 * and image pulls from Artifact Registry.
 */
const NODE_ROLES = ['roles/container.defaultNodeServiceAccount', 'roles/artifactregistry.reader'];

/** Existing cluster: its attributes. Created cluster: a node service account and a private, workload-identity cluster without its default pool. */
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
  const gke = new ContainerCluster(root, 'Resource', {
    name: props.clusterName,
    location,
    project,
    network: props.network,
    subnetwork: props.subnetwork,
    // GPU pools are declared separately; the default pool is removed right after creation.
    removeDefaultNodePool: true,
    initialNodeCount: 1,
    deletionProtection: props.deletionProtection ?? true,
    releaseChannel: { channel: props.releaseChannel ?? 'REGULAR' },
    workloadIdentityConfig: { workloadPool: `${project}.svc.id.goog` },
    privateClusterConfig: {
      enablePrivateNodes: true,
      enablePrivateEndpoint: false,
      masterIpv4CidrBlock: props.masterIpv4CidrBlock ?? '172.16.0.0/28',
    },
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

import { CloudProvider } from '../core/cloud';
import { ErrorCode, ValidationError } from '../core/errors';
import { ICluster } from './cluster';

/** A subnet nodes may be placed in. Nodes go to private subnets; the zone lets pools pick subnets by zone. */
export interface ClusterSubnet {
  /** The subnet id (`subnet-…`). */
  readonly subnetId: string;
  /** The availability zone of the subnet, e.g. `us-east-1a`. */
  readonly availabilityZone: string;
}

/** An EKS cluster that already exists. */
export interface EksClusterAttributes {
  /** The cluster name. */
  readonly clusterName: string;
  /** ARN of the IAM role the node groups' instances assume. */
  readonly nodeRoleArn: string;
  /** Private subnets for nodes, with their zones. */
  readonly subnets: ClusterSubnet[];
  /**
   * The VPC id; needed when a pool uses EFA (its security group is created in the VPC).
   * @default - pools that need EFA fail with EFA_NEEDS_NETWORK
   */
  readonly vpcId?: string;
  /**
   * The cluster security group id; EFA network interfaces carry it next to the EFA group.
   * @default - pools that need EFA fail with EFA_NEEDS_NETWORK
   */
  readonly clusterSecurityGroupId?: string;
}

/** An EKS cluster for the platform to create, with its IAM roles and a KMS key for secrets. */
export interface EksClusterProps {
  /** The cluster name. */
  readonly clusterName: string;
  /** The VPC the cluster runs in. */
  readonly vpcId: string;
  /** Private subnets for the control plane's network interfaces and for nodes, with their zones (at least two zones). */
  readonly subnets: ClusterSubnet[];
  /**
   * Kubernetes version, e.g. `1.33`.
   * @default - the EKS default version when the cluster is created
   */
  readonly kubernetesVersion?: string;
  /**
   * Whether the API server endpoint is reachable from the internet.
   * @default false - reachable only from the VPC
   */
  readonly endpointPublicAccess?: boolean;
  /**
   * CIDR blocks allowed to reach a public endpoint.
   * @default - none: required when `endpointPublicAccess` is true
   */
  readonly publicAccessCidrs?: string[];
  /**
   * KMS key ARN for envelope encryption of Kubernetes secrets.
   * @default - a KMS key with rotation enabled is created
   */
  readonly secretsKeyArn?: string;
  /**
   * Protect the cluster from deletion.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
const SUBNET_ID = /^subnet-[0-9a-f]+$/;

/** The EKS cluster a platform targets: an existing one, or one the platform creates. */
export class EksCluster implements ICluster {
  /** An existing cluster, described by its attributes. */
  public static fromAttributes(attrs: EksClusterAttributes): EksCluster {
    return new EksCluster(attrs.clusterName, attrs.subnets, attrs.vpcId, attrs.clusterSecurityGroupId, attrs.nodeRoleArn, undefined);
  }

  /** A cluster the platform creates (cluster IAM role, node IAM role, secrets KMS key, the cluster). */
  public static create(props: EksClusterProps): EksCluster {
    if (props.endpointPublicAccess && !(props.publicAccessCidrs?.length)) {
      throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
        message: 'A public API endpoint needs the CIDR blocks allowed to reach it.',
        received: props.publicAccessCidrs ?? [],
        fix: 'Set publicAccessCidrs (e.g. your office egress range), or keep the endpoint private.',
      });
    }
    if (new Set(props.subnets.map((s) => s.availabilityZone)).size < 2) {
      throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
        message: 'EKS needs subnets in at least two availability zones.',
        received: props.subnets,
        fix: 'Add a subnet in a second availability zone.',
      });
    }
    return new EksCluster(props.clusterName, props.subnets, props.vpcId, undefined, undefined, props);
  }

  /** The provider this cluster runs on. */
  public readonly provider: CloudProvider = CloudProvider.AWS;
  /** The cluster name. */
  public readonly clusterName: string;
  /** Node subnets. */
  public readonly subnets: ClusterSubnet[];
  /** The VPC id, when known. */
  public readonly vpcId?: string;
  /** The cluster security group id of an existing cluster, when given. */
  public readonly clusterSecurityGroupId?: string;
  /** The node role ARN of an existing cluster. */
  public readonly nodeRoleArn?: string;
  /** The creation settings, when the platform creates the cluster. */
  public readonly createProps?: EksClusterProps;

  private constructor(
    clusterName: string, subnets: ClusterSubnet[], vpcId: string | undefined, clusterSecurityGroupId: string | undefined,
    nodeRoleArn: string | undefined, createProps: EksClusterProps | undefined,
  ) {
    if (!CLUSTER_NAME.test(clusterName)) {
      throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
        message: 'The EKS cluster name is not valid.',
        received: clusterName,
        allowed: '1-100 letters, digits, "-" or "_", starting with a letter or digit',
        fix: 'Use the cluster name exactly as EKS shows it.',
      });
    }
    if (subnets.length === 0 || subnets.some((s) => !SUBNET_ID.test(s.subnetId) || !s.availabilityZone)) {
      throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
        message: 'Node subnets must be a non-empty list of subnet ids with their availability zones.',
        received: subnets,
        fix: 'Pass e.g. [{ subnetId: "subnet-0abc…", availabilityZone: "us-east-1a" }].',
      });
    }
    this.clusterName = clusterName;
    this.subnets = subnets.map((s) => ({ subnetId: s.subnetId, availabilityZone: s.availabilityZone }));
    this.vpcId = vpcId;
    this.clusterSecurityGroupId = clusterSecurityGroupId;
    this.nodeRoleArn = nodeRoleArn;
    this.createProps = createProps;
  }

  /** Availability zones that have node subnets, sorted. */
  public get zones(): string[] {
    return [...new Set(this.subnets.map((s) => s.availabilityZone))].sort();
  }
}

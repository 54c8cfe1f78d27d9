import { EKS_LIMITS } from '../catalog/limits';
import { CloudProvider } from '../core/cloud';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertArray, assertBoolean, assertEnum, assertObject, assertString, Check } from '../core/guards';
import { ICluster } from './cluster';
import { resolveControlPlaneAccess } from './control-plane-access';

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
   * IPv4 CIDR blocks allowed to reach a public endpoint (EKS `publicAccessCidrs`). A `/0` block (the whole internet)
   * is refused unless `allowPublicAccessFromAnywhere` is true.
   * @default - none: required when `endpointPublicAccess` is true, refused otherwise
   */
  readonly publicAccessCidrs?: string[];
  /**
   * Explicit opt-in to a control plane reachable from the whole internet (`0.0.0.0/0` in `publicAccessCidrs`), guarded
   * by IAM authentication only.
   * @default false
   */
  readonly allowPublicAccessFromAnywhere?: boolean;
  /**
   * KMS key ARN for envelope encryption of Kubernetes secrets.
   * @default - a KMS key with rotation enabled is created
   */
  readonly secretsKeyArn?: string;
  /**
   * Protect the cluster from deletion: EKS deletion protection, and `lifecycle.prevent_destroy` on the cluster and the
   * secrets KMS key the platform creates (a plan that would destroy them fails). `false` allows both to be destroyed.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Control-plane log types sent to CloudWatch Logs; an empty list turns control-plane logging off (an explicit
   * opt-out, e.g. for a short-lived test cluster).
   * @default - all five: api, audit, authenticator, controllerManager, scheduler
   */
  readonly controlPlaneLogTypes?: EksControlPlaneLogType[];
  /**
   * Whether the VPC CNI's network policy agent is turned on (the `vpc-cni` add-on with `enableNetworkPolicy`). Team
   * isolation is a NetworkPolicy: without an enforcing network plugin it is accepted but not enforced. Turn it off only
   * when another plugin (Calico, Cilium) enforces NetworkPolicies.
   * @default true
   */
  readonly networkPolicyAgent?: boolean;
  /**
   * EKS access entries: the IAM principals that may use the cluster, each with the Kubernetes groups it is in (the groups
   * team `adminGroups` and `memberGroups` bind). When given, every group a team binds must be in an entry. Created
   * clusters authenticate through access entries only (`authenticationMode: API`).
   * @default - none created: access entries are managed elsewhere, and team groups are not checked
   */
  readonly accessEntries?: EksAccessEntry[];
}

/** A control-plane log type of EKS (CloudWatch Logs). */
export enum EksControlPlaneLogType {
  /** The API server's own logs. */
  API = 'api',
  /** Kubernetes audit logs: who did what. */
  AUDIT = 'audit',
  /** The IAM authenticator: which IAM principal authenticated as which user. */
  AUTHENTICATOR = 'authenticator',
  /** The controller manager. */
  CONTROLLER_MANAGER = 'controllerManager',
  /** The scheduler. */
  SCHEDULER = 'scheduler',
}

/**
 * An EKS access entry (type `STANDARD`): an IAM principal that may use the cluster, and the Kubernetes groups it is in.
 * It grants what the RoleBindings to these groups grant (the teams' Roles), and nothing else.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
 */
export interface EksAccessEntry {
  /** ARN of the IAM role (or user) people or automation authenticate as, e.g. `arn:aws:iam::111122223333:role/ml-research`. */
  readonly principalArn: string;
  /** The Kubernetes groups the principal is in (not `system:…`: EKS refuses those), e.g. `["research-leads"]`. */
  readonly kubernetesGroups: string[];
}

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/-]+$/;
/** Principals of STANDARD access entries: IAM roles (with a path, e.g. SSO roles) and users; not STS session ARNs. */
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/;
const KUBERNETES_VERSION = /^1\.\d{1,2}$/;
/** A created cluster's IAM roles are named `<cluster>-cluster` and `<cluster>-nodes`; IAM role names have at most 64 characters. */
const MAX_CREATED_CLUSTER_NAME = 56;

const check = (what: string, fix: string): Check => ({ code: ErrorCode.CLUSTER_INVALID, what, fix });

function assertOptional(value: unknown, what: string, pattern: RegExp, allowed: string, fix: string): void {
  if (value !== undefined) assertString(value, check(what, fix), { pattern, allowed });
}

function assertSubnets(subnets: unknown): asserts subnets is ClusterSubnet[] {
  const fix = 'Pass e.g. [{ subnetId: "subnet-0abc…", availabilityZone: "us-east-1a" }].';
  assertArray(subnets, check('`subnets`', fix), (subnet, i) => {
    assertObject(subnet, check(`\`subnets[${i}]\``, fix));
    assertString(subnet.subnetId, check(`\`subnets[${i}].subnetId\``, fix), { pattern: SUBNET_ID, allowed: '"subnet-" and 8-17 hex digits' });
    assertString(subnet.availabilityZone, check(`\`subnets[${i}].availabilityZone\``, fix), { pattern: /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/, allowed: 'a zone name such as us-east-1a' });
  });
  if (subnets.length === 0) {
    throw new ValidationError(ErrorCode.CLUSTER_INVALID, { message: 'Node subnets must be a non-empty list of subnet ids with their availability zones.', received: subnets, fix });
  }
}

function assertAccessEntries(entries: unknown): asserts entries is EksAccessEntry[] {
  const fix = 'Pass e.g. [{ principalArn: "arn:aws:iam::111122223333:role/ml-research", kubernetesGroups: ["research"] }].';
  const seen = new Set<string>();
  assertArray(entries, check('`accessEntries`', fix), (entry, i) => {
    assertObject(entry, check(`\`accessEntries[${i}]\``, fix));
    assertString(entry.principalArn, check(`\`accessEntries[${i}].principalArn\``, 'Pass the ARN of an IAM role or user; an assumed-role session ARN (arn:aws:sts::…) is not a principal EKS can map: pass its role\'s ARN.'),
      { pattern: PRINCIPAL_ARN, allowed: 'arn:aws:iam::<12-digit account>:role/<path/name> or …:user/<name>' });
    if (seen.has(entry.principalArn)) {
      throw new ValidationError(ErrorCode.DUPLICATE_NAME, {
        message: 'EKS takes one access entry per IAM principal; this principal is listed twice.',
        received: entry.principalArn,
        fix: 'Merge the two entries\' kubernetesGroups into one entry.',
      });
    }
    seen.add(entry.principalArn);
    const groupsFix = 'List the groups the principal is in, e.g. ["research-leads"]: the names team adminGroups and memberGroups bind.';
    assertArray(entry.kubernetesGroups, check(`\`accessEntries[${i}].kubernetesGroups\``, groupsFix), (group, j) => {
      assertString(group, check(`\`accessEntries[${i}].kubernetesGroups[${j}]\``, groupsFix), { pattern: /^(?!system:)\S+$/, allowed: 'a group name without spaces, not starting with "system:" (EKS refuses those)' });
    });
    if (entry.kubernetesGroups.length === 0) {
      throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
        message: 'An access entry without Kubernetes groups grants nothing here (no access policy is associated).',
        received: entry,
        fix: groupsFix,
      });
    }
  });
}

/** The EKS cluster a platform targets: an existing one, or one the platform creates. */
export class EksCluster implements ICluster {
  /** An existing cluster, described by its attributes. */
  public static fromAttributes(attrs: EksClusterAttributes): EksCluster {
    assertObject(attrs, check('EksCluster.fromAttributes() attributes', 'Pass { clusterName, nodeRoleArn, subnets }.'));
    assertString(attrs.nodeRoleArn, check('`nodeRoleArn`', 'Pass the node role\'s ARN, e.g. "arn:aws:iam::123456789012:role/ml-nodes".'),
      { pattern: ROLE_ARN, allowed: 'arn:aws:iam::<12-digit account>:role/<name>' });
    assertOptional(attrs.vpcId, '`vpcId`', VPC_ID, '"vpc-" and 8-17 hex digits', 'Pass the VPC id as the console shows it.');
    assertOptional(attrs.clusterSecurityGroupId, '`clusterSecurityGroupId`', SECURITY_GROUP_ID, '"sg-" and 8-17 hex digits', 'Pass the cluster security group id.');
    return new EksCluster(attrs.clusterName, attrs.subnets, attrs.vpcId, attrs.clusterSecurityGroupId, attrs.nodeRoleArn, undefined);
  }

  /** A cluster the platform creates (cluster IAM role, node IAM role, secrets KMS key, the cluster). */
  public static create(props: EksClusterProps): EksCluster {
    assertObject(props, check('EksCluster.create() props', 'Pass { clusterName, vpcId, subnets }.'));
    assertString(props.clusterName, check('`clusterName`', `Use at most ${MAX_CREATED_CLUSTER_NAME} characters: the IAM roles are named <cluster>-cluster and <cluster>-nodes (64 at most).`),
      { maxLength: MAX_CREATED_CLUSTER_NAME, allowed: `1-${MAX_CREATED_CLUSTER_NAME} letters, digits, "-" or "_"` });
    assertString(props.vpcId, check('`vpcId`', 'Pass the VPC id as the console shows it.'), { pattern: VPC_ID, allowed: '"vpc-" and 8-17 hex digits' });
    assertOptional(props.kubernetesVersion, '`kubernetesVersion`', KUBERNETES_VERSION, 'a minor version such as 1.33', 'Write the version as "1.33", or leave it out.');
    assertOptional(props.secretsKeyArn, '`secretsKeyArn`', KMS_KEY_ARN, 'a KMS key or alias ARN', 'Pass the key ARN, or leave it out to let the platform create a rotating key.');
    for (const key of ['deletionProtection', 'networkPolicyAgent'] as const) {
      if (props[key] !== undefined) assertBoolean(props[key], check(`\`${key}\``, `Write ${key}: true or false.`));
    }
    resolveControlPlaneAccess(props, EKS_LIMITS.maxPublicAccessCidrs);
    if (props.controlPlaneLogTypes !== undefined) {
      const fix = 'List EksControlPlaneLogType values, e.g. [EksControlPlaneLogType.AUDIT], or [] to turn control-plane logging off.';
      assertArray(props.controlPlaneLogTypes, check('`controlPlaneLogTypes`', fix), (type, i) =>
        assertEnum(type, EksControlPlaneLogType, check(`\`controlPlaneLogTypes[${i}]\``, fix)));
    }
    if (props.accessEntries !== undefined) assertAccessEntries(props.accessEntries);
    assertSubnets(props.subnets);
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
    if (typeof clusterName !== 'string' || !CLUSTER_NAME.test(clusterName)) {
      throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
        message: 'The EKS cluster name is not valid.',
        received: clusterName,
        allowed: '1-100 letters, digits, "-" or "_", starting with a letter or digit',
        fix: 'Use the cluster name exactly as EKS shows it.',
      });
    }
    assertSubnets(subnets);
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

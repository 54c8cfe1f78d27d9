import { GKE_LIMITS } from '../catalog/limits';
import { CloudProvider } from '../core/cloud';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertBoolean, assertObject, assertString, Check } from '../core/guards';
import { ICluster } from './cluster';
import { resolveControlPlaneAccess } from './control-plane-access';

/** A GKE cluster that already exists. */
export interface GkeClusterAttributes {
  /** The cluster name. */
  readonly clusterName: string;
  /** The cluster location: a region (regional cluster) or a zone (zonal cluster). */
  readonly location: string;
  /** E-mail of the service account nodes run as. */
  readonly nodeServiceAccount: string;
  /**
   * The cluster's VPC network (name or self link); file-system storage tiers (Filestore, Managed Lustre) connect to it.
   * @default - file-system storage tiers fail with STORAGE_NETWORK_REQUIRED
   */
  readonly network?: string;
  /**
   * The nodes' subnetwork (name or self link); Filestore admits only its address range.
   * @default - Filestore tiers fail with STORAGE_NETWORK_REQUIRED
   */
  readonly subnetwork?: string;
}

/** A GKE cluster for the platform to create: private nodes, workload identity, no default node pool. */
export interface GkeClusterProps {
  /** The cluster name. */
  readonly clusterName: string;
  /** The VPC network (name or self link). */
  readonly network: string;
  /** The subnetwork (name or self link), with secondary ranges for pods and services. */
  readonly subnetwork: string;
  /**
   * The cluster location.
   * @default - the platform's region (a regional cluster)
   */
  readonly location?: string;
  /**
   * Release channel: `RAPID`, `REGULAR` or `STABLE`.
   * @default "REGULAR"
   */
  readonly releaseChannel?: string;
  /**
   * CIDR (/28) for the control plane's private endpoint.
   * @default "172.16.0.0/28"
   */
  readonly masterIpv4CidrBlock?: string;
  /**
   * Protect the cluster from deletion: GKE deletion protection, and `lifecycle.prevent_destroy` on the cluster and the
   * secrets key (and key ring) the platform creates (a plan that would destroy them fails). `false` allows both to be
   * destroyed.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Whether the control plane has a public endpoint. Without one, it is reached at its private endpoint only, from the
   * VPC (and networks connected to it in the cluster's region).
   * @default false
   */
  readonly endpointPublicAccess?: boolean;
  /**
   * IPv4 CIDR blocks allowed to reach the public endpoint (GKE master authorized networks, at most 50). A `/0` block
   * (the whole internet) is refused unless `allowPublicAccessFromAnywhere` is true. Google Cloud's public IP ranges are
   * never authorized implicitly (`gcp_public_cidrs_access_enabled: false`).
   * @default - none: required when `endpointPublicAccess` is true, refused otherwise
   */
  readonly publicAccessCidrs?: string[];
  /**
   * Explicit opt-in to a control plane reachable from the whole internet (`0.0.0.0/0` in `publicAccessCidrs`), guarded
   * by Google authentication only.
   * @default false
   */
  readonly allowPublicAccessFromAnywhere?: boolean;
  /**
   * Whether Kubernetes secrets are encrypted at the application layer with a Cloud KMS key (`database_encryption`,
   * state `ENCRYPTED`), on top of Google's default encryption at rest. `false` is an explicit opt-out.
   * @default true
   */
  readonly secretsEncryption?: boolean;
  /**
   * The Cloud KMS key that encrypts secrets (`projects/<p>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>`), in the
   * cluster's region. Grant the GKE service agent (`service-<project number>@container-engine-robot.iam.gserviceaccount.com`)
   * `roles/cloudkms.cryptoKeyEncrypterDecrypter` on it.
   * @default - a key ring `<cluster>-secrets` and a key `kubernetes-secrets` rotated every 90 days are created in the
   * cluster's region, and the GKE service agent is granted the key
   */
  readonly secretsKeyName?: string;
  /**
   * The Google Group whose member groups RBAC may name (Google Groups for RBAC, `authenticator_groups_config`): exactly
   * `gke-security-groups@<your domain>`. With it, team `adminGroups` and `memberGroups` are Google Group addresses
   * (members of this group) and must be e-mail addresses. Without it, Google Groups are not part of a user's identity
   * on the cluster: RoleBindings to groups grant nothing, and only users and service accounts bound by name have access.
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/google-groups-rbac
   * @default - no Google Groups for RBAC: team group bindings grant nothing
   */
  readonly rbacSecurityGroup?: string;
}

const CLUSTER_NAME = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;
const CHANNELS = ['RAPID', 'REGULAR', 'STABLE'];
/** A region (`us-central1`) or a zone (`us-central1-a`). */
const LOCATION = /^[a-z]+-[a-z]+\d+(-[a-z])?$/;
/** GKE's control-plane range: a private IPv4 /28. */
const MASTER_CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/28$/;
/** A network or subnetwork name, or its self link. */
const NETWORK_NAME = '[a-z]([-a-z0-9]{0,61}[a-z0-9])?';
const SELF_LINK = '(https://www\\.googleapis\\.com/compute/v1/)?projects/[-a-z0-9]+/(global|regions/[-a-z0-9]+)/(networks|subnetworks)/[-a-z0-9]+';
const NETWORK = new RegExp(`^(${NETWORK_NAME}|${SELF_LINK})$`);

/** Cloud KMS key names; the location is a region (GKE wants the key in the cluster's region). */
const KMS_KEY_NAME = /^projects\/[a-z][-a-z0-9]{4,28}[a-z0-9]\/locations\/([a-z]+-[a-z]+\d+)\/keyRings\/[\w-]{1,63}\/cryptoKeys\/[\w-]{1,63}$/;
const SECURITY_GROUP = /^gke-security-groups@([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

const check = (what: string, fix: string): Check => ({ code: ErrorCode.CLUSTER_INVALID, what, fix });

/** The region of a GKE location (a region, or a zone `<region>-<letter>`). */
export function gkeRegionOf(location: string): string {
  return location.replace(/-[a-z]$/, '');
}

/** The region of a Cloud KMS key name. */
export function kmsKeyRegionOf(keyName: string): string | undefined {
  return KMS_KEY_NAME.exec(keyName)?.[1];
}

/** GKE refuses a secrets key outside the cluster's region. */
export function secretsKeyElsewhere(keyName: string, region: string): ValidationError {
  return new ValidationError(ErrorCode.CLUSTER_INVALID, {
    message: `The secrets key is in ${kmsKeyRegionOf(keyName)}, but the cluster is in ${region}: GKE needs the key in the cluster's region.`,
    received: keyName,
    allowed: `a key in projects/<project>/locations/${region}/…`,
    fix: 'Pass a key of the cluster\'s region, or leave secretsKeyName out to let the platform create one there.',
  });
}

/** The GKE cluster a platform targets: an existing one, or one the platform creates. */
export class GkeCluster implements ICluster {
  /** An existing cluster, described by its attributes. */
  public static fromAttributes(attrs: GkeClusterAttributes): GkeCluster {
    assertObject(attrs, check('GkeCluster.fromAttributes() attributes', 'Pass { clusterName, location, nodeServiceAccount }.'));
    assertString(attrs.location, check('`location`', 'Pass the cluster\'s region (regional cluster) or zone (zonal cluster).'),
      { pattern: LOCATION, allowed: 'a region such as us-central1 or a zone such as us-central1-a' });
    if (typeof attrs.nodeServiceAccount !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(attrs.nodeServiceAccount)) {
      throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
        message: 'The node service account must be an e-mail address.',
        received: attrs.nodeServiceAccount,
        fix: 'Pass e.g. "gke-nodes@my-project.iam.gserviceaccount.com".',
      });
    }
    for (const key of ['network', 'subnetwork'] as const) {
      if (attrs[key] !== undefined) {
        assertString(attrs[key], check(`\`${key}\``, `Pass the ${key} name or self link, or leave it out.`),
          { pattern: NETWORK, allowed: 'a name or a projects/…/(networks|subnetworks)/… self link' });
      }
    }
    return new GkeCluster(attrs.clusterName, attrs.location, attrs.nodeServiceAccount, undefined, attrs.network, attrs.subnetwork);
  }

  /** A cluster the platform creates, with a least-privilege node service account. */
  public static create(props: GkeClusterProps): GkeCluster {
    assertObject(props, check('GkeCluster.create() props', 'Pass { clusterName, network, subnetwork }.'));
    for (const key of ['network', 'subnetwork'] as const) {
      assertString(props[key], check(`\`${key}\``, `Pass the ${key} name or self link.`),
        { pattern: NETWORK, allowed: 'a name or a projects/…/(networks|subnetworks)/… self link' });
    }
    if (props.location !== undefined) {
      assertString(props.location, check('`location`', 'Pass a region or a zone, or leave it out for the platform\'s region.'),
        { pattern: LOCATION, allowed: 'a region such as us-central1 or a zone such as us-central1-a' });
    }
    if (props.masterIpv4CidrBlock !== undefined) {
      assertString(props.masterIpv4CidrBlock, check('`masterIpv4CidrBlock`', 'Pass a private /28, e.g. "172.16.0.0/28".'), { pattern: MASTER_CIDR, allowed: 'an IPv4 /28 block' });
    }
    for (const key of ['deletionProtection', 'secretsEncryption'] as const) {
      if (props[key] !== undefined) assertBoolean(props[key], check(`\`${key}\``, `Write ${key}: true or false.`));
    }
    resolveControlPlaneAccess(props, GKE_LIMITS.maxAuthorizedNetworks);
    if (props.secretsKeyName !== undefined) {
      assertString(props.secretsKeyName, check('`secretsKeyName`', 'Pass the key\'s resource name, or leave it out to let the platform create a rotating key.'),
        { pattern: KMS_KEY_NAME, allowed: 'projects/<project>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>' });
      if (props.secretsEncryption === false) {
        throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
          message: '`secretsKeyName` names a key for secrets encryption, but `secretsEncryption` is false.',
          received: { secretsEncryption: false, secretsKeyName: props.secretsKeyName },
          fix: 'Remove secretsKeyName, or drop secretsEncryption: false.',
        });
      }
      const location = props.location === undefined ? undefined : gkeRegionOf(props.location);
      if (location !== undefined && kmsKeyRegionOf(props.secretsKeyName) !== location) {
        throw secretsKeyElsewhere(props.secretsKeyName, location);
      }
    }
    if (props.rbacSecurityGroup !== undefined) {
      assertString(props.rbacSecurityGroup, check('`rbacSecurityGroup`', 'Create the Google Group gke-security-groups@<your domain>, make the teams\' groups its members, and pass its address.'),
        { pattern: SECURITY_GROUP, maxLength: 254, allowed: 'gke-security-groups@<your domain> (GKE accepts no other name)' });
    }
    if (props.releaseChannel !== undefined && !CHANNELS.includes(props.releaseChannel)) {
      throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
        message: 'Unknown GKE release channel.',
        received: props.releaseChannel,
        allowed: CHANNELS.join(', '),
        fix: 'Pick one of the allowed channels.',
      });
    }
    return new GkeCluster(props.clusterName, props.location, undefined, props, props.network, props.subnetwork);
  }

  /** The provider this cluster runs on. */
  public readonly provider: CloudProvider = CloudProvider.GCP;
  /** The cluster name. */
  public readonly clusterName: string;
  /** The cluster location, when given (created clusters default to the platform's region). */
  public readonly location?: string;
  /** The node service account of an existing cluster. */
  public readonly nodeServiceAccount?: string;
  /** The creation settings, when the platform creates the cluster. */
  public readonly createProps?: GkeClusterProps;
  /** The VPC network, when known (name or self link). */
  public readonly network?: string;
  /** The nodes' subnetwork, when known (name or self link). */
  public readonly subnetwork?: string;

  private constructor(clusterName: string, location: string | undefined, nodeServiceAccount: string | undefined, createProps: GkeClusterProps | undefined,
    network: string | undefined, subnetwork: string | undefined) {
    if (typeof clusterName !== 'string' || !CLUSTER_NAME.test(clusterName)) {
      throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
        message: 'The GKE cluster name is not valid.',
        received: clusterName,
        allowed: '1-40 lower-case letters, digits or "-", starting with a letter',
        fix: 'Use the cluster name exactly as GKE shows it.',
      });
    }
    this.clusterName = clusterName;
    this.location = location;
    this.nodeServiceAccount = nodeServiceAccount;
    this.createProps = createProps;
    this.network = network;
    this.subnetwork = subnetwork;
  }
}

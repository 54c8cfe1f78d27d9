import { CloudProvider } from '../core/cloud';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertBoolean, assertObject, assertString, Check } from '../core/guards';
import { ICluster } from './cluster';

/** A GKE cluster that already exists. */
export interface GkeClusterAttributes {
  /** The cluster name. */
  readonly clusterName: string;
  /** The cluster location: a region (regional cluster) or a zone (zonal cluster). */
  readonly location: string;
  /** E-mail of the service account nodes run as. */
  readonly nodeServiceAccount: string;
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
   * Protect the cluster from deletion.
   * @default true
   */
  readonly deletionProtection?: boolean;
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

const check = (what: string, fix: string): Check => ({ code: ErrorCode.CLUSTER_INVALID, what, fix });

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
    return new GkeCluster(attrs.clusterName, attrs.location, attrs.nodeServiceAccount, undefined);
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
    if (props.deletionProtection !== undefined) assertBoolean(props.deletionProtection, check('`deletionProtection`', 'Write deletionProtection: true or false.'));
    if (props.releaseChannel !== undefined && !CHANNELS.includes(props.releaseChannel)) {
      throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
        message: 'Unknown GKE release channel.',
        received: props.releaseChannel,
        allowed: CHANNELS.join(', '),
        fix: 'Pick one of the allowed channels.',
      });
    }
    return new GkeCluster(props.clusterName, props.location, undefined, props);
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

  private constructor(clusterName: string, location: string | undefined, nodeServiceAccount: string | undefined, createProps: GkeClusterProps | undefined) {
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
  }
}

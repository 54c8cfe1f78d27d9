import { IConstruct } from 'constructs';

/**
 * Stable codes of the errors the library raises. Tests and users may match on them;
 * a code is never renamed (a new meaning gets a new code).
 */
export enum ErrorCode {
  // naming
  INVALID_NAME = 'INVALID_NAME',
  DUPLICATE_NAME = 'DUPLICATE_NAME',
  // cloud and cluster
  CLOUD_INVALID = 'CLOUD_INVALID',
  CLUSTER_CLOUD_MISMATCH = 'CLUSTER_CLOUD_MISMATCH',
  CLUSTER_INVALID = 'CLUSTER_INVALID',
  SCOPE_INVALID = 'SCOPE_INVALID',
  // catalog
  CATALOG_DATA_NOT_FOUND = 'CATALOG_DATA_NOT_FOUND',
  CATALOG_DATA_INVALID = 'CATALOG_DATA_INVALID',
  UNKNOWN_GPU_MODEL = 'UNKNOWN_GPU_MODEL',
  UNKNOWN_INSTANCE_TYPE = 'UNKNOWN_INSTANCE_TYPE',
  INSTANCE_TYPE_AMBIGUOUS = 'INSTANCE_TYPE_AMBIGUOUS',
  GPU_NOT_OFFERED = 'GPU_NOT_OFFERED',
  NO_INSTANCE_MEETS_REQUIREMENTS = 'NO_INSTANCE_MEETS_REQUIREMENTS',
  NO_PRICE_FOR_CAPACITY = 'NO_PRICE_FOR_CAPACITY',
  REGION_UNKNOWN = 'REGION_UNKNOWN',
  ZONE_UNKNOWN = 'ZONE_UNKNOWN',
  INSTANCE_TYPE_NOT_OFFERED = 'INSTANCE_TYPE_NOT_OFFERED',
  // pools
  POOL_SELECTION_MISSING = 'POOL_SELECTION_MISSING',
  POOL_SELECTION_CONFLICT = 'POOL_SELECTION_CONFLICT',
  POOL_MIXED_GPU_SHAPES = 'POOL_MIXED_GPU_SHAPES',
  POOL_MIXED_SHAPES = 'POOL_MIXED_SHAPES',
  POOL_SIZE_INVALID = 'POOL_SIZE_INVALID',
  POOL_DISK_SIZE_INVALID = 'POOL_DISK_SIZE_INVALID',
  POOL_ZONE_UNKNOWN = 'POOL_ZONE_UNKNOWN',
  TOO_MANY_INSTANCE_TYPES = 'TOO_MANY_INSTANCE_TYPES',
  GKE_SINGLE_MACHINE_TYPE = 'GKE_SINGLE_MACHINE_TYPE',
  CAPACITY_INVALID = 'CAPACITY_INVALID',
  COMPACT_PLACEMENT_ZONES = 'COMPACT_PLACEMENT_ZONES',
  COMPACT_PLACEMENT_LIMIT = 'COMPACT_PLACEMENT_LIMIT',
  EFA_NEEDS_NETWORK = 'EFA_NEEDS_NETWORK',
  EFA_UNSUPPORTED = 'EFA_UNSUPPORTED',
  // taints and labels
  TOO_MANY_TAINTS = 'TOO_MANY_TAINTS',
  TAINT_INVALID = 'TAINT_INVALID',
  TAINT_VALUE_REQUIRED = 'TAINT_VALUE_REQUIRED',
  TAINT_DUPLICATE = 'TAINT_DUPLICATE',
  LABEL_INVALID = 'LABEL_INVALID',
  LABEL_RESERVED = 'LABEL_RESERVED',
  FLAVOR_TOLERATION_LIMIT = 'FLAVOR_TOLERATION_LIMIT',
  FLAVOR_TAINT_NOT_TOLERATED = 'FLAVOR_TAINT_NOT_TOLERATED',
  FLAVOR_LABEL_MISSING = 'FLAVOR_LABEL_MISSING',
  // MIG partitioning
  MIG_PROFILE_INVALID = 'MIG_PROFILE_INVALID',
  MIG_NOT_SUPPORTED = 'MIG_NOT_SUPPORTED',
  MIG_PROFILE_UNKNOWN = 'MIG_PROFILE_UNKNOWN',
  MIG_LAYOUT_COUNT_INVALID = 'MIG_LAYOUT_COUNT_INVALID',
  MIG_PROFILE_COUNT_EXCEEDED = 'MIG_PROFILE_COUNT_EXCEEDED',
  MIG_INSTANCE_COUNT_EXCEEDED = 'MIG_INSTANCE_COUNT_EXCEEDED',
  MIG_MEDIA_EXTENSIONS_EXCEEDED = 'MIG_MEDIA_EXTENSIONS_EXCEEDED',
  MIG_LAYOUT_NO_PLACEMENT = 'MIG_LAYOUT_NO_PLACEMENT',
  MIG_LAYOUT_SPEC_INVALID = 'MIG_LAYOUT_SPEC_INVALID',
  MIG_PROFILE_NOT_ADVERTISED = 'MIG_PROFILE_NOT_ADVERTISED',
  MIG_SINGLE_STRATEGY_MIXED_LAYOUT = 'MIG_SINGLE_STRATEGY_MIXED_LAYOUT',
  MIG_STRATEGY_UNSUPPORTED = 'MIG_STRATEGY_UNSUPPORTED',
  MIG_STRATEGY_CONFLICT = 'MIG_STRATEGY_CONFLICT',
  MIG_GKE_ONE_PARTITION_SIZE = 'MIG_GKE_ONE_PARTITION_SIZE',
  MIG_GKE_PROFILE_UNSUPPORTED = 'MIG_GKE_PROFILE_UNSUPPORTED',
  MIG_GPU_MISMATCH = 'MIG_GPU_MISMATCH',
  MIG_GPU_COUNT_MISMATCH = 'MIG_GPU_COUNT_MISMATCH',
  // GPU sharing
  SHARING_REPLICAS_INVALID = 'SHARING_REPLICAS_INVALID',
  SHARING_MPS_ON_MIG = 'SHARING_MPS_ON_MIG',
  SHARING_OPTION_UNSUPPORTED = 'SHARING_OPTION_UNSUPPORTED',
  // quantities and scheduling
  QUANTITY_INVALID = 'QUANTITY_INVALID',
  TIER_VALUE_INVALID = 'TIER_VALUE_INVALID',
  TIER_VALUE_DUPLICATE = 'TIER_VALUE_DUPLICATE',
  TIER_UNKNOWN = 'TIER_UNKNOWN',
  SCHEDULER_OPTION_INVALID = 'SCHEDULER_OPTION_INVALID',
  SCHEDULER_OPTION_UNSUPPORTED = 'SCHEDULER_OPTION_UNSUPPORTED',
  FAIR_SHARE_WEIGHT_INVALID = 'FAIR_SHARE_WEIGHT_INVALID',
  PREEMPTION_INVALID = 'PREEMPTION_INVALID',
  // teams and quotas
  NAMESPACE_RESERVED = 'NAMESPACE_RESERVED',
  /** A team option of the wrong type (e.g. a string where a boolean belongs). */
  TEAM_OPTION_INVALID = 'TEAM_OPTION_INVALID',
  QUOTA_POOL_INVALID = 'QUOTA_POOL_INVALID',
  QUOTA_INVALID = 'QUOTA_INVALID',
  QUOTA_RESOURCE_NOT_PROVIDED = 'QUOTA_RESOURCE_NOT_PROVIDED',
  QUOTA_EXCEEDS_CAPACITY = 'QUOTA_EXCEEDS_CAPACITY',
  QUOTA_LENDING_EXCEEDS_NOMINAL = 'QUOTA_LENDING_EXCEEDS_NOMINAL',
  QUOTA_LIMIT_WITHOUT_COHORT = 'QUOTA_LIMIT_WITHOUT_COHORT',
  QUEUE_LIMIT_EXCEEDED = 'QUEUE_LIMIT_EXCEEDED',
  EXTERNAL_POOL_INVALID = 'EXTERNAL_POOL_INVALID',
  // cost estimate
  COST_OPTIONS_INVALID = 'COST_OPTIONS_INVALID',
  COST_UTILIZATION_INVALID = 'COST_UTILIZATION_INVALID',
  COST_HOURS_INVALID = 'COST_HOURS_INVALID',
  COST_PUE_INVALID = 'COST_PUE_INVALID',
  COST_POOL_UNKNOWN = 'COST_POOL_UNKNOWN',
  // GPU operator (EKS)
  GPU_OPERATOR_TAINT_NOT_TOLERATED = 'GPU_OPERATOR_TAINT_NOT_TOLERATED',
  GPU_OPERATOR_CONFIG_MISSING = 'GPU_OPERATOR_CONFIG_MISSING',
  // security defaults
  CONTROL_PLANE_OPEN = 'CONTROL_PLANE_OPEN',
  TEAM_GROUP_NOT_MAPPED = 'TEAM_GROUP_NOT_MAPPED',
  INGRESS_FROM_OTHER_TEAM = 'INGRESS_FROM_OTHER_TEAM',
  // Terraform state
  STATE_BACKEND_INVALID = 'STATE_BACKEND_INVALID',
  STATE_BACKEND_CONFLICT = 'STATE_BACKEND_CONFLICT',
  STATE_BACKEND_MISSING = 'STATE_BACKEND_MISSING',
  // spot capacity and fleets
  /** A SpotFleet prop of the wrong type or out of range. */
  SPOT_FLEET_INVALID = 'SPOT_FLEET_INVALID',
  /** A SpotFleet that would run one instance type in one zone: one capacity pool, no diversification. */
  SPOT_FLEET_NOT_DIVERSIFIED = 'SPOT_FLEET_NOT_DIVERSIFIED',
  /** A SpotFleet whose on-demand base is larger than the fleet. */
  SPOT_FLEET_BASE_EXCEEDS_MAX = 'SPOT_FLEET_BASE_EXCEEDS_MAX',
  /** A SpotFleet without a storage tier to checkpoint to. */
  SPOT_FLEET_CHECKPOINT_MISSING = 'SPOT_FLEET_CHECKPOINT_MISSING',
  /** A checkpoint grace longer than the cloud's interruption notice. */
  SPOT_INTERRUPTION_GRACE_TOO_LONG = 'SPOT_INTERRUPTION_GRACE_TOO_LONG',
  /** A guaranteed (nominal) quota on capacity that is spot only. */
  SPOT_GUARANTEE_ON_SPOT_ONLY = 'SPOT_GUARANTEE_ON_SPOT_ONLY',
  /** A spot flavor that no longer keeps workloads of non-interruptible tiers out (escape-hatch edit). */
  SPOT_FLAVOR_NOT_GATED = 'SPOT_FLAVOR_NOT_GATED',
  /** All-or-nothing admission that would requeue a job before a fleet's on-demand fallback can engage. */
  SPOT_FALLBACK_TIMEOUT_CONFLICT = 'SPOT_FALLBACK_TIMEOUT_CONFLICT',
  // storage tiers
  /** A tier kind (or a storage class) the cloud cannot provide; the message names the alternative. */
  STORAGE_KIND_UNSUPPORTED = 'STORAGE_KIND_UNSUPPORTED',
  /** A storage tier option of the wrong type, or one the tier's kind does not take. */
  STORAGE_OPTION_INVALID = 'STORAGE_OPTION_INVALID',
  /** A capacity that is not a size the service provisions (minimum, maximum, step). */
  STORAGE_SIZE_INVALID = 'STORAGE_SIZE_INVALID',
  /** A throughput the service does not offer. */
  STORAGE_THROUGHPUT_INVALID = 'STORAGE_THROUGHPUT_INVALID',
  /** Lifecycle transitions, expiry or versioning the object store would refuse. */
  STORAGE_LIFECYCLE_INVALID = 'STORAGE_LIFECYCLE_INVALID',
  /** A bucket, file system or file-system-name the cloud would refuse. */
  STORAGE_NAME_INVALID = 'STORAGE_NAME_INVALID',
  /** The cluster lacks the network facts a file system needs (VPC and node security group, VPC network and subnetwork). */
  STORAGE_NETWORK_REQUIRED = 'STORAGE_NETWORK_REQUIRED',
  /** A zonal tier's zone is not one the cluster's nodes can be in. */
  STORAGE_ZONE_UNKNOWN = 'STORAGE_ZONE_UNKNOWN',
  /** A pool that mounts a zonal tier runs nodes outside the tier's zone. */
  STORAGE_TIER_UNREACHABLE = 'STORAGE_TIER_UNREACHABLE',
  /** The teams' grants on a provisioned tier add up to more than its capacity. */
  STORAGE_QUOTA_EXCEEDS_CAPACITY = 'STORAGE_QUOTA_EXCEEDS_CAPACITY',
  /** A team mounts (or is asked to mount) a tier it was not given. */
  STORAGE_TIER_NOT_GRANTED = 'STORAGE_TIER_NOT_GRANTED',
  /** A team's storage grant is malformed (a tier of another platform, a bad size, a tier listed twice). */
  STORAGE_GRANT_INVALID = 'STORAGE_GRANT_INVALID',
  /** A data-repository link to a tier that cannot be linked (not object storage, another platform). */
  STORAGE_LINK_INVALID = 'STORAGE_LINK_INVALID',
  /** A user-given storage price that is not a positive figure with its source. */
  STORAGE_PRICE_INVALID = 'STORAGE_PRICE_INVALID',
  /** What the cloud assigned at deploy (file system id, address, mount name), malformed or incomplete. */
  STORAGE_ATTRIBUTES_INVALID = 'STORAGE_ATTRIBUTES_INVALID',
  /** An encryption key that is not a key of the cloud, or not in the tier's region. */
  STORAGE_ENCRYPTION_KEY_INVALID = 'STORAGE_ENCRYPTION_KEY_INVALID',
  // budgets
  /** Budget props are not an object, or a prop has the wrong type. */
  BUDGET_PROPS_INVALID = 'BUDGET_PROPS_INVALID',
  /** The monthly limit is not a finite amount of whole cents above 0. */
  BUDGET_LIMIT_INVALID = 'BUDGET_LIMIT_INVALID',
  /** A threshold is not a percentage of the limit in (0, 100]. */
  BUDGET_THRESHOLD_INVALID = 'BUDGET_THRESHOLD_INVALID',
  /** Thresholds are not in ascending order, or one is given twice. */
  BUDGET_THRESHOLDS_UNORDERED = 'BUDGET_THRESHOLDS_UNORDERED',
  /** An e-mail address is not one. */
  BUDGET_EMAIL_INVALID = 'BUDGET_EMAIL_INVALID',
  /** An SNS topic ARN, Pub/Sub topic, notification channel, billing account or role name is not well formed. */
  BUDGET_NOTIFICATION_INVALID = 'BUDGET_NOTIFICATION_INVALID',
  /** More thresholds than the cloud allows notifications per budget (AWS: 10). */
  BUDGET_TOO_MANY_NOTIFICATIONS = 'BUDGET_TOO_MANY_NOTIFICATIONS',
  /** More subscribers than the cloud allows (AWS: 10 e-mails and 1 SNS topic per notification; GCP: 5 channels, 1 topic). */
  BUDGET_TOO_MANY_SUBSCRIBERS = 'BUDGET_TOO_MANY_SUBSCRIBERS',
  /** The cloud needs at least one subscriber per notification (AWS) and there is none. */
  BUDGET_NO_SUBSCRIBERS = 'BUDGET_NO_SUBSCRIBERS',
  /** The budget names a team the platform does not have. */
  BUDGET_TEAM_UNKNOWN = 'BUDGET_TEAM_UNKNOWN',
  /** The cloud cannot attribute any of the team's cost to it: the team has no pool of its own. */
  BUDGET_TEAM_NOT_ATTRIBUTABLE = 'BUDGET_TEAM_NOT_ATTRIBUTABLE',
  /** A GCP budget without the billing account it is set on. */
  BUDGET_BILLING_ACCOUNT_MISSING = 'BUDGET_BILLING_ACCOUNT_MISSING',
  /** An option the platform's cloud does not have (SNS on GCP, Pub/Sub on AWS, a cap action on GCP). */
  BUDGET_OPTION_UNSUPPORTED = 'BUDGET_OPTION_UNSUPPORTED',
  /** The cap action cannot act: no role to attach the deny policy to, or no pool to stop growing. */
  BUDGET_CAP_INVALID = 'BUDGET_CAP_INVALID',
}

/** What a {@link ValidationError} reports besides its code. */
export interface ValidationErrorDetails {
  /** What is wrong, in one sentence. */
  readonly message: string;
  /**
   * The value received, as the user wrote it.
   * @default - not reported
   */
  readonly received?: any;
  /**
   * What is allowed instead.
   * @default - not reported
   */
  readonly allowed?: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * An invalid declaration, found while the model is built or synthesized.
 *
 * Carries a stable {@link ErrorCode}, the path of the construct that holds the bad
 * value, the value received, what is allowed and how to fix it.
 *
 * (jsii cannot model subclasses of `Error`; the class is exported to TypeScript/JavaScript as a
 * value and a type, and other languages see the error's message, which starts with the code.)
 */
class ValidationErrorImpl extends Error {
  /** Whether `x` is a ValidationError (works across copies of this library). */
  public static isValidationError(x: any): x is ValidationErrorImpl {
    return x !== null && typeof x === 'object' && VALIDATION_ERROR_SYMBOL in x;
  }

  /** The stable error code. */
  public readonly code: ErrorCode;
  /** Path of the construct the error is about (empty for errors outside a construct tree). */
  public readonly constructPath: string;
  /** The value received, rendered as JSON. */
  public readonly receivedJson?: string;
  /** What is allowed. */
  public readonly allowed?: string;
  /** How to fix it. */
  public readonly fix: string;
  /** The one-sentence description, without code, path or hints. */
  public readonly detail: string;

  /**
   * @param code stable error code
   * @param details what is wrong, the value received, what is allowed, how to fix it
   * @param scope the construct the error is about
   */
  constructor(code: ErrorCode, details: ValidationErrorDetails, scope?: IConstruct) {
    const path = typeof scope?.node?.path === 'string' ? scope.node.path : '';
    const received = details.received === undefined ? undefined : stableJson(details.received);
    const parts = [`[${code}]${path ? ` ${path}:` : ''} ${details.message}`];
    if (received !== undefined) parts.push(`Received: ${received}.`);
    if (details.allowed) parts.push(`Allowed: ${details.allowed}.`);
    parts.push(`Fix: ${details.fix}`);
    super(parts.join(' '));
    Object.defineProperty(this, VALIDATION_ERROR_SYMBOL, { value: true });
    this.name = 'ValidationError';
    this.code = code;
    this.constructPath = path;
    this.receivedJson = received;
    this.allowed = details.allowed;
    this.fix = details.fix;
    this.detail = details.message;
    Object.defineProperty(this, DETAILS_SYMBOL, { value: details });
  }
}

/**
 * Runs `fn`; a ValidationError it throws without a construct path (e.g. from a catalog look-up) is thrown again
 * about `scope`, with the same code and details, so that the user sees where the bad value was declared.
 */
export function atScope<T>(scope: IConstruct, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (ValidationErrorImpl.isValidationError(e) && e.constructPath === '' && (e as any)[DETAILS_SYMBOL]) {
      throw new ValidationErrorImpl(e.code, (e as any)[DETAILS_SYMBOL], scope);
    }
    throw e;
  }
}

/** {@inheritDoc ValidationErrorImpl} */
export const ValidationError = ValidationErrorImpl;
/** {@inheritDoc ValidationErrorImpl} */
export type ValidationError = ValidationErrorImpl;

const VALIDATION_ERROR_SYMBOL = Symbol.for('ml-platform-cdk.ValidationError');
const DETAILS_SYMBOL = Symbol('details');

/**
 * The received value as JSON with sorted keys, so that messages are deterministic, and whatever the value: NaN and
 * infinities, big integers, functions and symbols are named, constructs are shown by path, cycles and deep nesting
 * are cut. A message is never lost to the value it reports.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(printable(value, 0, new Set())) ?? 'undefined';
}

const MAX_DEPTH = 6;
const MAX_ENTRIES = 50;

function printable(value: unknown, depth: number, seen: Set<object>): unknown {
  switch (typeof value) {
    case 'number': return Number.isFinite(value) ? value : String(value);
    case 'bigint': return `${value}n`;
    case 'function': return '[function]';
    case 'symbol': return value.toString();
    case 'undefined': return undefined;
    case 'string': case 'boolean': return value;
  }
  if (value === null) return null;
  const object = value as object;
  const path = (object as { node?: { path?: unknown } }).node?.path;
  if (typeof path === 'string') return `[construct ${path || '(root)'}]`;
  if (seen.has(object)) return '[circular]';
  if (depth >= MAX_DEPTH) return Array.isArray(object) ? '[array]' : '[object]';
  seen.add(object);
  try {
    if (Array.isArray(object)) return object.slice(0, MAX_ENTRIES).map((v) => printable(v, depth + 1, seen));
    const keys = Object.keys(object).sort();
    return Object.fromEntries(keys.slice(0, MAX_ENTRIES).map((k) => [k, printable((object as Record<string, unknown>)[k], depth + 1, seen)]));
  } catch {
    return '[unreadable]';
  } finally {
    seen.delete(object);
  }
}

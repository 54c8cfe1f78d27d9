import { ErrorCode, ValidationError } from './errors';
import { assertObject, assertString, assertStringMap, Check } from './guards';

/** The cloud a platform runs on. */
export enum CloudProvider {
  /** Amazon Web Services (EKS). */
  AWS = 'aws',
  /** Google Cloud (GKE). */
  GCP = 'gcp',
}

/** Where an AWS platform runs. */
export interface AwsCloudProps {
  /** The AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * Tags put on every AWS resource the platform creates (provider `default_tags`).
   * @default - only the `ml-platform-cdk:platform` tag
   */
  readonly tags?: { [key: string]: string };
}

/** Where a GCP platform runs. */
export interface GcpCloudProps {
  /** The GCP project id. */
  readonly project: string;
  /** The GCP region, e.g. `us-central1`. */
  readonly region: string;
  /**
   * Labels put on every GCP resource the platform creates (provider `default_labels`).
   * @default - only the `ml-platform-cdk-platform` label
   */
  readonly labels?: { [key: string]: string };
}

const AWS_REGION = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;
const GCP_REGION = /^[a-z]+-[a-z]+\d+$/;
const GCP_PROJECT = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
const GCP_LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const GCP_LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;
/** AWS tag characters (EC2, EKS, IAM): letters, digits, spaces and `_ . : / = + - @`. */
const AWS_TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** Tags AWS allows per resource (50), less the few the library puts on its resources. */
const MAX_USER_TAGS = 45;
/** Labels GCP allows per resource (64), less the two the library puts on its resources. */
const MAX_USER_LABELS = 62;

const cloudCheck = (what: string, fix: string): Check => ({ code: ErrorCode.CLOUD_INVALID, what, fix });

function assertRegion(region: unknown, pattern: RegExp, allowed: string, fix: string): asserts region is string {
  assertString(region, cloudCheck('`region`', fix), { allowed });
  if (!pattern.test(region)) {
    throw new ValidationError(ErrorCode.CLOUD_INVALID, { message: 'The region is not a region name.', received: region, allowed, fix });
  }
}

/** AWS tags: keys 1-128 characters, values up to 256, no `aws:` prefix (reserved by AWS), at most 45 of them. */
function assertAwsTags(tags: unknown): void {
  const fix = 'Use tag keys of 1-128 and values of up to 256 letters, digits, spaces or `_ . : / = + - @`, not starting with "aws:".';
  assertStringMap(tags, cloudCheck('`tags`', fix), (key, value) => {
    const bad = key.length < 1 || key.length > 128 || !AWS_TAG_TEXT.test(key) || /^aws:/i.test(key)
      || typeof value !== 'string' || value.length > 256 || !AWS_TAG_TEXT.test(value);
    if (bad) {
      throw new ValidationError(ErrorCode.CLOUD_INVALID, {
        message: /^aws:/i.test(key) ? 'Tag keys starting with "aws:" are reserved by AWS.' : 'An AWS tag is not valid.',
        received: { [key]: value === undefined ? '[undefined]' : value },
        allowed: 'keys of 1-128 and values of up to 256 letters, digits, spaces or _ . : / = + - @',
        fix,
      });
    }
  });
  if (Object.keys(tags as object).length > MAX_USER_TAGS) {
    throw new ValidationError(ErrorCode.CLOUD_INVALID, {
      message: `AWS allows 50 tags per resource and the library adds up to 5: at most ${MAX_USER_TAGS} of yours fit.`,
      received: Object.keys(tags as object).length,
      fix: 'Drop tags, or move cost-allocation detail into fewer keys.',
    });
  }
}

/** A cloud target: provider, region and account scope. */
export class Cloud {
  /** Amazon Web Services in one region. */
  public static aws(props: AwsCloudProps): Cloud {
    assertObject(props, cloudCheck('Cloud.aws() props', 'Pass e.g. { region: "us-east-1" }.'));
    assertRegion(props.region, AWS_REGION, 'an AWS region code such as us-east-1 or eu-west-2', 'Pass the region code, not a zone or a display name.');
    if (props.tags !== undefined) assertAwsTags(props.tags);
    return new Cloud(CloudProvider.AWS, props.region, undefined, props.tags ?? {});
  }

  /** Google Cloud in one project and region. */
  public static gcp(props: GcpCloudProps): Cloud {
    assertObject(props, cloudCheck('Cloud.gcp() props', 'Pass e.g. { project: "my-project", region: "us-central1" }.'));
    assertRegion(props.region, GCP_REGION, 'a GCP region such as us-central1 or europe-west4 (not a zone like us-central1-a)',
      'Pass the region; choose zones per pool with `zones`.');
    if (typeof props.project !== 'string' || !GCP_PROJECT.test(props.project)) {
      throw new ValidationError(ErrorCode.CLOUD_INVALID, {
        message: 'The GCP project id is not valid.',
        received: props.project,
        allowed: '6-30 lower-case letters, digits or hyphens, starting with a letter',
        fix: 'Pass the project id (not the project number or display name).',
      });
    }
    const labelFix = 'Lower-case the label and replace other characters with "-" or "_".';
    assertStringMap(props.labels ?? {}, cloudCheck('`labels`', labelFix), (key, value) => {
      if (!GCP_LABEL_KEY.test(key) || typeof value !== 'string' || !GCP_LABEL_VALUE.test(value)) {
        throw new ValidationError(ErrorCode.CLOUD_INVALID, {
          message: 'A GCP resource label is not valid.',
          received: { [key]: value === undefined ? '[undefined]' : value },
          allowed: 'keys: lower-case letter, then up to 62 lower-case letters, digits, "_" or "-"; values: up to 63 of those',
          fix: labelFix,
        });
      }
    });
    if (Object.keys(props.labels ?? {}).length > MAX_USER_LABELS) {
      throw new ValidationError(ErrorCode.CLOUD_INVALID, {
        message: `GCP allows 64 labels per resource and the library adds 2: at most ${MAX_USER_LABELS} of yours fit.`,
        received: Object.keys(props.labels ?? {}).length,
        fix: 'Drop labels.',
      });
    }
    return new Cloud(CloudProvider.GCP, props.region, props.project, props.labels ?? {});
  }

  /**
   * Tags (AWS) or labels (GCP) applied to every cloud resource.
   */
  public readonly resourceTags: { [key: string]: string };
  /** The provider. */
  public readonly provider: CloudProvider;
  /** The region. */
  public readonly region: string;
  /** The GCP project id (GCP only). */
  public readonly project?: string;

  private constructor(provider: CloudProvider, region: string, project: string | undefined, tags: { [key: string]: string }) {
    this.provider = provider;
    this.region = region;
    this.project = project;
    this.resourceTags = { ...tags };
  }

  /** "aws us-east-1" or "gcp my-project/us-central1". */
  public toString(): string {
    return this.provider === CloudProvider.AWS ? `aws ${this.region}` : `gcp ${this.project}/${this.region}`;
  }
}

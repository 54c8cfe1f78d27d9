import { ErrorCode, ValidationError } from './errors';

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

/** A cloud target: provider, region and account scope. */
export class Cloud {
  /** Amazon Web Services in one region. */
  public static aws(props: AwsCloudProps): Cloud {
    if (!AWS_REGION.test(props.region)) {
      throw new ValidationError(ErrorCode.CLOUD_INVALID, {
        message: 'The AWS region is not a region name.',
        received: props.region,
        allowed: 'an AWS region code such as us-east-1 or eu-west-2',
        fix: 'Pass the region code, not a zone or a display name.',
      });
    }
    return new Cloud(CloudProvider.AWS, props.region, undefined, props.tags ?? {});
  }

  /** Google Cloud in one project and region. */
  public static gcp(props: GcpCloudProps): Cloud {
    if (!GCP_REGION.test(props.region)) {
      throw new ValidationError(ErrorCode.CLOUD_INVALID, {
        message: 'The GCP region is not a region name.',
        received: props.region,
        allowed: 'a GCP region such as us-central1 or europe-west4 (not a zone like us-central1-a)',
        fix: 'Pass the region; choose zones per pool with `zones`.',
      });
    }
    if (!GCP_PROJECT.test(props.project)) {
      throw new ValidationError(ErrorCode.CLOUD_INVALID, {
        message: 'The GCP project id is not valid.',
        received: props.project,
        allowed: '6-30 lower-case letters, digits or hyphens, starting with a letter',
        fix: 'Pass the project id (not the project number or display name).',
      });
    }
    for (const [key, value] of Object.entries(props.labels ?? {})) {
      if (!GCP_LABEL_KEY.test(key) || !GCP_LABEL_VALUE.test(value)) {
        throw new ValidationError(ErrorCode.CLOUD_INVALID, {
          message: 'A GCP resource label is not valid.',
          received: { [key]: value },
          allowed: 'keys: lower-case letter, then up to 62 lower-case letters, digits, "_" or "-"; values: up to 63 of those',
          fix: 'Lower-case the label and replace other characters with "-" or "_".',
        });
      }
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

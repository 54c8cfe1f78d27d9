import { IConstruct } from 'constructs';
import { Cloud, CloudProvider } from './cloud';
import { ErrorCode, ValidationError } from './errors';
import { assertBoolean, assertString, Check, optionalProps } from './guards';

/** Where a platform's Terraform state is kept. */
export enum StateBackendKind {
  /** A file on the machine that runs Terraform (`backend "local"`). */
  LOCAL = 'local',
  /** An object in an Amazon S3 bucket (`backend "s3"`). */
  S3 = 's3',
  /** An object in a Google Cloud Storage bucket (`backend "gcs"`). */
  GCS = 'gcs',
  /** Whatever cdktf backend you configure on the stack yourself; the platform adds none. */
  CONFIGURED_ON_STACK = 'configured-on-stack',
}

/** Options of {@link StateBackend.local}. */
export interface LocalStateBackendProps {
  /**
   * The state file. A relative path is relative to the stack's working directory, where Terraform runs
   * (`<cdktf outdir>/stacks/<stack>/`), so that the synthesized configuration does not depend on where it was
   * synthesized.
   * @default `terraform.<stack>.tfstate`, in the stack's working directory
   */
  readonly path?: string;
}

/**
 * Options of {@link StateBackend.s3}. The state is always encrypted (`encrypt = true`) and locked.
 * @see https://developer.hashicorp.com/terraform/language/backend/s3
 */
export interface S3StateBackendProps {
  /** The bucket that holds the state. It must exist; turn versioning on so that an overwritten state can be recovered. */
  readonly bucket: string;
  /**
   * The object key of the state.
   * @default `ml-platform-cdk/<stack>/terraform.tfstate`
   */
  readonly key?: string;
  /**
   * The bucket's region.
   * @default - the platform's region, on AWS platforms; required on other clouds
   */
  readonly region?: string;
  /**
   * Lock the state with a lock file next to it in the bucket (S3 native locking, Terraform 1.10 and later).
   * @default true
   */
  readonly useLockfile?: boolean;
  /**
   * A DynamoDB table (partition key `LockID`, a string) to lock the state in. Terraform deprecates it in favour of
   * the lock file; set both while you migrate.
   * @default - no DynamoDB locking
   */
  readonly dynamodbTable?: string;
  /**
   * ARN of the KMS key that encrypts the state.
   * @default - the bucket's default encryption
   */
  readonly kmsKeyId?: string;
}

/**
 * Options of {@link StateBackend.gcs}. Cloud Storage encrypts and locks the state itself.
 * @see https://developer.hashicorp.com/terraform/language/backend/gcs
 */
export interface GcsStateBackendProps {
  /** The bucket that holds the state. It must exist; turn object versioning on so that an overwritten state can be recovered. */
  readonly bucket: string;
  /**
   * The folder of the state in the bucket: the default workspace's state is `<prefix>/default.tfstate`.
   * @default `ml-platform-cdk/<stack>`
   */
  readonly prefix?: string;
  /**
   * A Cloud KMS key (`projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`) that encrypts the state.
   * @default - Google-managed encryption
   */
  readonly kmsEncryptionKey?: string;
}

/**
 * What the platform renders for a state backend: Terraform's backend type and its arguments, in Terraform's spelling.
 * @internal
 */
export interface ResolvedStateBackend {
  readonly type: 'local' | 's3' | 'gcs';
  readonly attributes: { readonly [name: string]: string | boolean };
}

const FIX = 'See StateBackend.local(), .s3(), .gcs() and .configuredOnStack().';
const check = (what: string, fix: string = FIX): Check => ({ code: ErrorCode.STATE_BACKEND_INVALID, what, fix });
/** One line of text: no control characters (a path or key that Terraform would misread). */
const ONE_LINE = /^[^\u0000-\u001f\u007f]+$/;
const S3_BUCKET = /^(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_KEY = /^(?!\/)(?!.*\/\/)(?!.*\/$)[^\u0000-\u001f\u007f]{1,1024}$/;
const AWS_REGION = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;
const DYNAMODB_TABLE = /^[a-zA-Z0-9_.-]{3,255}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_+=,.@-]+$/;
const GCS_BUCKET = /^(?!goog)[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
const GCS_PREFIX = /^(?!\/)(?!.*\/\/)(?!.*\/$)[^\u0000-\u001f\u007f]{1,1024}$/;
const GCP_KMS_KEY = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

function optionalString(props: Record<string, unknown>, name: string, pattern: RegExp, allowed: string, fix: string): string | undefined {
  const value = props[name];
  if (value === undefined) return undefined;
  assertString(value, check(`\`${name}\``, fix), { pattern, allowed });
  return value;
}

/**
 * Where the platform's Terraform state is kept: the `stateBackend` of an {@link MlPlatform}.
 *
 * The state records what Terraform created; whoever deploys the cloud layer needs it, and two deployments must never
 * share it. The platform renders the backend into its cdktf stack. Without one, it keeps the state in a local file
 * unique to the stack (see {@link StateBackend.local}).
 */
export class StateBackend {
  /**
   * A state file on the machine that deploys, for one person trying the platform out (a team shares the state in a
   * bucket: {@link StateBackend.s3}, {@link StateBackend.gcs}).
   *
   * The default file is `terraform.<stack>.tfstate` in the stack's working directory (`cdktf.out/stacks/<stack>/`):
   * keep that directory as long as the resources exist.
   * @param props the file (optional)
   */
  public static local(props: LocalStateBackendProps = {}): StateBackend {
    const p = optionalProps(props, check('StateBackend.local() props', 'Pass e.g. { path: "terraform.ml.tfstate" }, or nothing.'));
    const path = optionalString(p, 'path', ONE_LINE, 'a file path on one line', 'Pass a file path, e.g. "terraform.ml.tfstate".');
    return new StateBackend(StateBackendKind.LOCAL, { path });
  }

  /**
   * An S3 bucket, encrypted and locked (by the S3 lock file by default, or a DynamoDB table, or both).
   * @param props the bucket, and optionally the key, region, locking and KMS key
   */
  public static s3(props: S3StateBackendProps): StateBackend {
    const p = optionalProps(props, check('StateBackend.s3() props', 'Pass e.g. { bucket: "acme-terraform-state" }.'));
    assertString(p.bucket, check('`bucket`', 'Pass the name of an existing S3 bucket.'),
      { pattern: S3_BUCKET, allowed: '3-63 lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit' });
    const key = optionalString(p, 'key', S3_KEY, 'up to 1024 characters, not starting or ending with "/", no "//"', 'Pass an object key such as "ml/terraform.tfstate".');
    const region = optionalString(p, 'region', AWS_REGION, 'an AWS region code such as us-east-1', "Pass the bucket's region code.");
    const dynamodbTable = optionalString(p, 'dynamodbTable', DYNAMODB_TABLE, '3-255 letters, digits, "_", "-" or "."', 'Pass the name of the DynamoDB lock table.');
    const kmsKeyId = optionalString(p, 'kmsKeyId', KMS_KEY_ARN, 'a KMS key or alias ARN', 'Pass the ARN of the KMS key, e.g. arn:aws:kms:us-east-1:123456789012:key/...');
    let useLockfile = true;
    if (p.useLockfile !== undefined) {
      assertBoolean(p.useLockfile, check('`useLockfile`', 'Pass true or false.'));
      useLockfile = p.useLockfile;
    }
    if (!useLockfile && dynamodbTable === undefined) {
      throw new ValidationError(ErrorCode.STATE_BACKEND_INVALID, {
        message: 'The S3 state would not be locked: two deployments at once could corrupt it.',
        received: { useLockfile: false },
        allowed: 'useLockfile: true, or a dynamodbTable, or both',
        fix: 'Leave `useLockfile` on (the default), or name a DynamoDB lock table in `dynamodbTable`.',
      });
    }
    return new StateBackend(StateBackendKind.S3, { bucket: p.bucket, key, region, useLockfile, dynamodbTable, kmsKeyId });
  }

  /**
   * A Google Cloud Storage bucket (encrypted and locked by Cloud Storage).
   * @param props the bucket, and optionally the prefix and KMS key
   */
  public static gcs(props: GcsStateBackendProps): StateBackend {
    const p = optionalProps(props, check('StateBackend.gcs() props', 'Pass e.g. { bucket: "acme-terraform-state" }.'));
    assertString(p.bucket, check('`bucket`', 'Pass the name of an existing Cloud Storage bucket.'),
      { pattern: GCS_BUCKET, allowed: '3-63 lower-case letters, digits, dots, "_" or "-", starting and ending with a letter or digit, not starting with "goog"' });
    const prefix = optionalString(p, 'prefix', GCS_PREFIX, 'up to 1024 characters, not starting or ending with "/", no "//"', 'Pass a folder such as "ml-platform/ml".');
    const kmsEncryptionKey = optionalString(p, 'kmsEncryptionKey', GCP_KMS_KEY, 'projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>',
      'Pass the full resource name of the Cloud KMS key.');
    return new StateBackend(StateBackendKind.GCS, { bucket: p.bucket, prefix, kmsEncryptionKey });
  }

  /**
   * The backend you configure yourself on the cdktf stack you pass as the platform's `stack`: any cdktf backend.
   *
   * For example `new S3Backend(stack, {...})` or `new CloudBackend(stack, {...})`. The platform adds none, and
   * synthesis fails if the stack has none.
   */
  public static configuredOnStack(): StateBackend {
    return new StateBackend(StateBackendKind.CONFIGURED_ON_STACK, {});
  }

  /** Where the state is kept. */
  public readonly kind: StateBackendKind;
  private readonly settings: { readonly [name: string]: string | boolean | undefined };

  private constructor(kind: StateBackendKind, settings: { readonly [name: string]: string | boolean | undefined }) {
    this.kind = kind;
    this.settings = settings;
  }

  /**
   * The Terraform backend for a stack of a platform on `cloud`, or undefined when the stack's own backend is used.
   * @internal
   */
  public _resolve(stackName: string, cloud: Cloud, scope: IConstruct): ResolvedStateBackend | undefined {
    const s = this.settings;
    switch (this.kind) {
      case StateBackendKind.LOCAL:
        return { type: 'local', attributes: { path: (s.path as string | undefined) ?? `terraform.${stackName}.tfstate` } };
      case StateBackendKind.S3: {
        const region = (s.region as string | undefined) ?? (cloud.provider === CloudProvider.AWS ? cloud.region : undefined);
        if (region === undefined) {
          throw new ValidationError(ErrorCode.STATE_BACKEND_INVALID, {
            message: `The S3 state backend needs the bucket's region: the platform runs on ${cloud.provider}, so it cannot be its region.`,
            received: { bucket: s.bucket },
            fix: 'Pass `region` to StateBackend.s3().',
          }, scope);
        }
        return {
          type: 's3',
          attributes: definedOnly({
            bucket: s.bucket,
            key: s.key ?? `ml-platform-cdk/${stackName}/terraform.tfstate`,
            region,
            encrypt: true,
            use_lockfile: s.useLockfile,
            dynamodb_table: s.dynamodbTable,
            kms_key_id: s.kmsKeyId,
          }),
        };
      }
      case StateBackendKind.GCS:
        return {
          type: 'gcs',
          attributes: definedOnly({ bucket: s.bucket, prefix: s.prefix ?? `ml-platform-cdk/${stackName}`, kms_encryption_key: s.kmsEncryptionKey }),
        };
      case StateBackendKind.CONFIGURED_ON_STACK:
        return undefined;
    }
  }
}

function definedOnly(values: { [name: string]: string | boolean | undefined }): { [name: string]: string | boolean } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [name: string]: string | boolean };
}

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App as KubernetesApp, Testing as K8sTesting } from 'cdk8s';
import { App as TerraformApp, GcsBackend, LocalBackend, S3Backend, TerraformStack, Testing as TfTesting } from 'cdktf';
import { Cloud, ErrorCode, MlPlatform, StateBackend, StateBackendKind } from '../../lib';
import { catchValidationError } from '../core/expect-validation-error';
import { awsPlatform, existingEks, existingGke, gcpPlatform, terraformOf } from '../support/platforms';

const BUILD = path.resolve(__dirname, '../../build');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-state-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Synthesizes a cdktf app the way the cdktf CLI does (App.synth into an outdir) and reads each stack's JSON. */
function synthesized(app: TerraformApp): Record<string, any> {
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf-8'));
  return Object.fromEntries(Object.values<any>(manifest.stacks).map((s) => [
    s.name, { ...JSON.parse(fs.readFileSync(path.join(app.outdir, s.synthesizedStackPath), 'utf-8')), workingDirectory: s.workingDirectory },
  ]));
}

function outdir(name: string): string {
  return fs.mkdtempSync(path.join(tmp, `${name}-`));
}

/** Where Terraform, running in the stack's working directory, keeps a local state. */
function stateFile(app: TerraformApp, stack: any): string {
  return path.resolve(app.outdir, stack.workingDirectory, stack.terraform.backend.local.path);
}

describe('default: a local state unique to each stack, with a relative path', () => {
  test('two platforms in one program keep two states, each in its own stack directory', () => {
    const app = new TerraformApp({ outdir: outdir('two') });
    const kubernetesApp = new KubernetesApp({ outdir: outdir('two-k8s') });
    new MlPlatform('aws-ml', { cloud: Cloud.aws({ region: 'us-east-1' }), cluster: existingEks(), kubernetesApp, terraformApp: app });
    new MlPlatform('gcp-ml', { cloud: Cloud.gcp({ project: 'acme-ml-test', region: 'us-central1' }), cluster: existingGke(), kubernetesApp, terraformApp: app });
    const stacks = synthesized(app);
    expect(stacks['aws-ml'].terraform.backend).toEqual({ local: { path: 'terraform.aws-ml.tfstate' } });
    expect(stacks['gcp-ml'].terraform.backend).toEqual({ local: { path: 'terraform.gcp-ml.tfstate' } });
    expect(stateFile(app, stacks['aws-ml'])).toBe(path.join(app.outdir, 'stacks', 'aws-ml', 'terraform.aws-ml.tfstate'));
    expect(stateFile(app, stacks['aws-ml'])).not.toBe(stateFile(app, stacks['gcp-ml']));
    expect(stacks['aws-ml']['//'].metadata.backend).toBe('local');
  });

  test('two programs with the same platform name but their own output folders (two examples) keep two states', () => {
    const files = ['first', 'second'].map((program) => {
      const app = new TerraformApp({ outdir: outdir(program) });
      new MlPlatform('aws-ml', { cloud: Cloud.aws({ region: 'us-east-1' }), cluster: existingEks(), kubernetesApp: K8sTesting.app(), terraformApp: app });
      return stateFile(app, synthesized(app)['aws-ml']);
    });
    expect(files[0]).not.toBe(files[1]);
  });

  test('the path is relative and names neither the working directory nor the output folder', () => {
    const app = new TerraformApp({ outdir: outdir('relative') });
    new MlPlatform('ml', { cloud: Cloud.aws({ region: 'us-east-1' }), cluster: existingEks(), kubernetesApp: K8sTesting.app(), terraformApp: app });
    app.synth();
    const text = fs.readFileSync(path.join(app.outdir, 'stacks', 'ml', 'cdk.tf.json'), 'utf-8');
    const stack = JSON.parse(text);
    expect(path.isAbsolute(stack.terraform.backend.local.path)).toBe(false);
    expect(text).not.toContain(process.cwd());
    expect(text).not.toContain(tmp);
  });

  test('a stack the user passes keeps the backend the user configured on it, before or after the platform', () => {
    for (const order of ['before', 'after']) {
      const stack = new TerraformStack(TfTesting.app(), 'infra');
      const configure = () => new S3Backend(stack, { bucket: 'acme-state', key: 'infra.tfstate', region: 'eu-west-1', encrypt: true });
      if (order === 'before') configure();
      const platform = awsPlatform({ stack, terraformApp: undefined }, 'ml');
      if (order === 'after') configure();
      expect(terraformOf(platform).terraform.backend).toEqual({ s3: { bucket: 'acme-state', key: 'infra.tfstate', region: 'eu-west-1', encrypt: true } });
    }
  });

  test('two platforms in one stack share its one state', () => {
    const stack = new TerraformStack(TfTesting.app(), 'infra');
    awsPlatform({ stack, terraformApp: undefined }, 'aws-ml');
    gcpPlatform({ stack, terraformApp: undefined }, 'gcp-ml');
    expect(JSON.parse(TfTesting.synth(stack, true)).terraform.backend).toEqual({ local: { path: 'terraform.infra.tfstate' } });
  });
});

describe('a backend the user chooses, rendered as Terraform expects', () => {
  test('S3: encrypted, locked with the S3 lock file, key unique to the stack, region of the platform', () => {
    const app = new TerraformApp({ outdir: outdir('s3') });
    new MlPlatform('ml', {
      cloud: Cloud.aws({ region: 'eu-west-1' }),
      cluster: existingEks({ subnets: [{ subnetId: 'subnet-0aaaaaaaaaaaaaaa1', availabilityZone: 'eu-west-1a' }, { subnetId: 'subnet-0bbbbbbbbbbbbbbb2', availabilityZone: 'eu-west-1b' }] }),
      kubernetesApp: K8sTesting.app(), terraformApp: app,
      stateBackend: StateBackend.s3({ bucket: 'acme-terraform-state' }),
    });
    const stack = synthesized(app).ml;
    expect(stack.terraform.backend).toEqual({
      s3: { bucket: 'acme-terraform-state', key: 'ml-platform-cdk/ml/terraform.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true },
    });
    expect(stack['//'].metadata.backend).toBe('s3');
  });

  test('S3 with every option: DynamoDB lock table beside the lock file, KMS key, own key and region', () => {
    const platform = gcpPlatform({
      stateBackend: StateBackend.s3({
        bucket: 'acme.state-bucket', key: 'platforms/ml.tfstate', region: 'us-west-2', dynamodbTable: 'terraform-locks',
        kmsKeyId: 'arn:aws:kms:us-west-2:123456789012:key/0a1b2c3d-1234-5678-9abc-def012345678',
      }),
    });
    expect(terraformOf(platform).terraform.backend.s3).toEqual({
      bucket: 'acme.state-bucket', key: 'platforms/ml.tfstate', region: 'us-west-2', encrypt: true, use_lockfile: true,
      dynamodb_table: 'terraform-locks', kms_key_id: 'arn:aws:kms:us-west-2:123456789012:key/0a1b2c3d-1234-5678-9abc-def012345678',
    });
  });

  test('S3 locked by DynamoDB only, when the lock file is turned off', () => {
    const platform = awsPlatform({ stateBackend: StateBackend.s3({ bucket: 'acme-state', useLockfile: false, dynamodbTable: 'locks' }) });
    expect(terraformOf(platform).terraform.backend.s3).toMatchObject({ use_lockfile: false, dynamodb_table: 'locks', encrypt: true });
  });

  test('the same as cdktf\'s own S3Backend and GcsBackend (plus the lock file, which cdktf 0.21 cannot spell)', () => {
    const ours = terraformOf(awsPlatform({ stateBackend: StateBackend.s3({ bucket: 'acme-state', key: 'k.tfstate', dynamodbTable: 'locks' }) })).terraform.backend;
    const theirs = new TerraformStack(TfTesting.app(), 'x');
    new S3Backend(theirs, { bucket: 'acme-state', key: 'k.tfstate', region: 'us-east-1', encrypt: true, dynamodbTable: 'locks' }).addOverride('use_lockfile', true);
    expect(ours).toEqual(JSON.parse(TfTesting.synth(theirs)).terraform.backend);

    const gcs = terraformOf(gcpPlatform({ stateBackend: StateBackend.gcs({ bucket: 'acme-state', prefix: 'ml' }) })).terraform.backend;
    const gcsTheirs = new TerraformStack(TfTesting.app(), 'y');
    new GcsBackend(gcsTheirs, { bucket: 'acme-state', prefix: 'ml' });
    expect(gcs).toEqual(JSON.parse(TfTesting.synth(gcsTheirs)).terraform.backend);
  });

  test('GCS: bucket and a prefix unique to the stack; optional KMS key', () => {
    const app = new TerraformApp({ outdir: outdir('gcs') });
    new MlPlatform('ml', {
      cloud: Cloud.gcp({ project: 'acme-ml-test', region: 'us-central1' }), cluster: existingGke(), kubernetesApp: K8sTesting.app(), terraformApp: app,
      stateBackend: StateBackend.gcs({ bucket: 'acme-terraform-state', kmsEncryptionKey: 'projects/acme/locations/us/keyRings/tf/cryptoKeys/state' }),
    });
    const stack = synthesized(app).ml;
    expect(stack.terraform.backend).toEqual({
      gcs: { bucket: 'acme-terraform-state', prefix: 'ml-platform-cdk/ml', kms_encryption_key: 'projects/acme/locations/us/keyRings/tf/cryptoKeys/state' },
    });
    expect(stack['//'].metadata.backend).toBe('gcs');
  });

  test('local with a path of the user\'s', () => {
    expect(terraformOf(awsPlatform({ stateBackend: StateBackend.local({ path: '../../../state/ml.tfstate' }) })).terraform.backend)
      .toEqual({ local: { path: '../../../state/ml.tfstate' } });
  });

  test('any cdktf backend configured on the user\'s stack', () => {
    const stack = new TerraformStack(TfTesting.app(), 'infra');
    new LocalBackend(stack, { path: 'state/infra.tfstate' });
    const platform = awsPlatform({ stack, terraformApp: undefined, stateBackend: StateBackend.configuredOnStack() });
    expect(terraformOf(platform).terraform.backend).toEqual({ local: { path: 'state/infra.tfstate' } });
  });

  test('kind tells which', () => {
    expect([StateBackend.local(), StateBackend.s3({ bucket: 'abc' }), StateBackend.gcs({ bucket: 'abc' }), StateBackend.configuredOnStack()].map((b) => b.kind))
      .toEqual([StateBackendKind.LOCAL, StateBackendKind.S3, StateBackendKind.GCS, StateBackendKind.CONFIGURED_ON_STACK]);
  });
});

describe('refused, with a code', () => {
  const bad: Array<[string, () => unknown]> = [
    ['S3 props missing', () => StateBackend.s3(undefined as any)],
    ['S3 bucket missing', () => StateBackend.s3({} as any)],
    ['S3 bucket in capitals', () => StateBackend.s3({ bucket: 'Acme-State' })],
    ['S3 bucket with ".."', () => StateBackend.s3({ bucket: 'acme..state' })],
    ['S3 key starting with "/"', () => StateBackend.s3({ bucket: 'acme', key: '/ml.tfstate' })],
    ['S3 key ending with "/"', () => StateBackend.s3({ bucket: 'acme', key: 'ml/' })],
    ['S3 region that is a zone', () => StateBackend.s3({ bucket: 'acme', region: 'us-east-1a' })],
    ['useLockfile "no"', () => StateBackend.s3({ bucket: 'acme', useLockfile: 'no' as any })],
    ['no locking at all', () => StateBackend.s3({ bucket: 'acme', useLockfile: false })],
    ['DynamoDB table with a space', () => StateBackend.s3({ bucket: 'acme', dynamodbTable: 'my locks' })],
    ['KMS key id that is not an ARN', () => StateBackend.s3({ bucket: 'acme', kmsKeyId: 'my-key' })],
    ['GCS bucket starting with "goog"', () => StateBackend.gcs({ bucket: 'google-state' })],
    ['GCS prefix with "//"', () => StateBackend.gcs({ bucket: 'acme', prefix: 'a//b' })],
    ['GCS KMS key that is not a key name', () => StateBackend.gcs({ bucket: 'acme', kmsEncryptionKey: 'state-key' })],
    ['local props null', () => StateBackend.local(null as any)],
    ['local path over two lines', () => StateBackend.local({ path: 'a\nb.tfstate' })],
    ['local path empty', () => StateBackend.local({ path: '' })],
    ['a look-alike object as stateBackend', () => awsPlatform({ stateBackend: { kind: 's3', bucket: 'acme' } as any })],
    ['S3 without a region on a GCP platform', () => gcpPlatform({ stateBackend: StateBackend.s3({ bucket: 'acme' }) })],
  ];
  test.each(bad)('%s: STATE_BACKEND_INVALID', (_name, fn) => {
    const error = catchValidationError(fn);
    expect(error.code).toBe(ErrorCode.STATE_BACKEND_INVALID);
    expect(error.fix.length).toBeGreaterThan(0);
  });

  test('a backend of the platform\'s and one of the stack\'s: STATE_BACKEND_CONFLICT, at once or at synth', () => {
    const before = new TerraformStack(TfTesting.app(), 'infra');
    new S3Backend(before, { bucket: 'b', key: 'k' });
    expect(catchValidationError(() => awsPlatform({ stack: before, terraformApp: undefined, stateBackend: StateBackend.gcs({ bucket: 'acme' }) })).code)
      .toBe(ErrorCode.STATE_BACKEND_CONFLICT);

    const after = new TerraformStack(TfTesting.app(), 'infra');
    const platform = awsPlatform({ stack: after, terraformApp: undefined, stateBackend: StateBackend.local() });
    new S3Backend(after, { bucket: 'b', key: 'k' });
    expect(catchValidationError(() => terraformOf(platform)).code).toBe(ErrorCode.STATE_BACKEND_CONFLICT);
  });

  test('two platforms in one stack naming different backends: STATE_BACKEND_CONFLICT', () => {
    const stack = new TerraformStack(TfTesting.app(), 'infra');
    awsPlatform({ stack, terraformApp: undefined, stateBackend: StateBackend.s3({ bucket: 'one' }) }, 'aws-ml');
    const error = catchValidationError(() => awsPlatform({ stack, terraformApp: undefined, stateBackend: StateBackend.s3({ bucket: 'two' }) }, 'other-ml'));
    expect(error.code).toBe(ErrorCode.STATE_BACKEND_CONFLICT);
  });

  test('configuredOnStack() and a stack without a backend: STATE_BACKEND_MISSING at synth, not cdktf\'s working-directory fallback', () => {
    const stack = new TerraformStack(TfTesting.app(), 'infra');
    const platform = awsPlatform({ stack, terraformApp: undefined, stateBackend: StateBackend.configuredOnStack() });
    expect(catchValidationError(() => terraformOf(platform)).code).toBe(ErrorCode.STATE_BACKEND_MISSING);
  });
});

/**
 * A program, run by the compiled library (as a user runs the package) with `cwd` as its working directory, writing
 * both layers into `out`.
 */
const PROGRAM = `
const { App: KubernetesApp } = require('cdk8s');
const { App: TerraformApp } = require('cdktf');
const { Cloud, EksCluster, GpuModel, GpuNodePool, MlPlatform, StateBackend } = require(process.argv[1]);
const out = process.argv[2];
const kubernetesApp = new KubernetesApp({ outdir: out + '/dist' });
const terraformApp = new TerraformApp({ outdir: out + '/cdktf.out' });
const cluster = EksCluster.fromAttributes({
  clusterName: 'ml', nodeRoleArn: 'arn:aws:iam::123456789012:role/ml-nodes',
  subnets: [{ subnetId: 'subnet-0aaa1111bbbb2222c', availabilityZone: 'us-east-1a' }],
});
const local = new MlPlatform('local-ml', { cloud: Cloud.aws({ region: 'us-east-1' }), cluster, kubernetesApp, terraformApp });
new GpuNodePool(local, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
const s3 = new MlPlatform('s3-ml', { cloud: Cloud.aws({ region: 'us-east-1' }), cluster, kubernetesApp, terraformApp,
  stateBackend: StateBackend.s3({ bucket: 'acme-state' }) });
new GpuNodePool(s3, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
kubernetesApp.synth();
terraformApp.synth();
`;

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

test('the same bytes synthesized from two working directories (with the compiled library)', () => {
  if (!fs.existsSync(path.join(BUILD, 'index.js'))) throw new Error(`${BUILD} has no build: run \`npm run build\` first (npm test does)`);
  const outs = ['a', 'b'].map((name) => {
    const cwd = fs.mkdtempSync(path.join(tmp, `cwd-${name}-`));
    const out = path.join(tmp, `out-${name}`);
    fs.mkdirSync(out);
    // Node resolves cdk8s and cdktf from the repository; only the working directory differs.
    const run = spawnSync(process.execPath, ['-e', PROGRAM, BUILD, out], {
      cwd, encoding: 'utf-8', env: { PATH: process.env.PATH ?? '', NODE_PATH: path.resolve(__dirname, '../../node_modules') },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    return out;
  });
  const files = listFiles(outs[0]);
  expect(files).toEqual(listFiles(outs[1]));
  expect(files).toEqual(expect.arrayContaining([
    path.join('cdktf.out', 'stacks', 'local-ml', 'cdk.tf.json'), path.join('cdktf.out', 'stacks', 's3-ml', 'cdk.tf.json'), path.join('dist', 'local-ml.k8s.yaml'),
  ]));
  for (const file of files) {
    expect({ file, bytes: fs.readFileSync(path.join(outs[1], file), 'utf-8') }).toEqual({ file, bytes: fs.readFileSync(path.join(outs[0], file), 'utf-8') });
  }
});

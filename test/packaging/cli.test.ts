import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';

/**
 * `npx cdk8s synth` and `npx cdktf synth` from the repository root (cdk8s.yaml, cdktf.json): they run the default
 * example compiled, write to folders of their own, leave what `npm run synth` wrote alone, and print no stack trace.
 */
const root = path.resolve(__dirname, '../..');
const cdk8sConfig = parseYaml(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf-8'));
const cdktfConfig = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf-8'));
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

test('the CLIs run the compiled default example (no ts-node) and write to their own folders', () => {
  expect(cdk8sConfig.app).toBe('node scripts/synth-examples.js --app gpu-pools');
  expect(cdktfConfig.app).toBe(cdk8sConfig.app);
  expect(cdk8sConfig.output).toBe('dist/cli');
  expect(cdktfConfig.output).toBe('cdktf.out/cli');
});

describe('both CLIs, as a developer runs them', () => {
  // Stand-ins for what `npm run synth` writes (dist/<example>/, cdktf.out/<example>/), with Terraform state.
  const sentinels = [
    path.join(root, 'dist', 'zz-sentinel', 'aws-ml.k8s.yaml'),
    path.join(root, 'cdktf.out', 'zz-sentinel', 'stacks', 'aws-ml', 'terraform.aws-ml.tfstate'),
  ];
  const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', CHECKPOINT_DISABLE: '1' };
  let runs: Array<{ cli: string; status: number | null; output: string }> = [];

  beforeAll(() => {
    for (const file of sentinels) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'kept\n');
    }
    runs = ['cdk8s', 'cdktf'].map((cli) => {
      const r = spawnSync(path.join(root, 'node_modules', '.bin', cli), ['synth'], { cwd: root, encoding: 'utf-8', env });
      return { cli, status: r.status, output: `${r.stdout}\n${r.stderr}` };
    });
  }, 240000);

  afterAll(() => {
    for (const dir of ['dist', 'cdktf.out']) fs.rmSync(path.join(root, dir, 'zz-sentinel'), { recursive: true, force: true });
  });

  test('succeed, without a stack trace', () => {
    for (const run of runs) {
      expect({ cli: run.cli, status: run.status }).toEqual({ cli: run.cli, status: 0 });
      expect({ cli: run.cli, trace: run.output.match(STACK_TRACE)?.[0] }).toEqual({ cli: run.cli, trace: undefined });
    }
  });

  test('write both layers of the default example into their folders', () => {
    expect(fs.readdirSync(path.join(root, 'dist', 'cli')).sort()).toEqual(['aws-ml.k8s.yaml', 'gcp-ml.k8s.yaml']);
    const stack = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.out', 'cli', 'stacks', 'aws-ml', 'cdk.tf.json'), 'utf-8'));
    expect(stack.terraform.backend).toEqual({ local: { path: 'terraform.aws-ml.tfstate' } });
  });

  test('leave what npm run synth wrote, and Terraform state, where it was', () => {
    for (const file of sentinels) expect({ file, text: fs.existsSync(file) && fs.readFileSync(file, 'utf-8') }).toEqual({ file, text: 'kept\n' });
  });
});

test('npm run synth, run again, replaces an example\'s output but keeps Terraform\'s state, lock and providers', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-resynth-'));
  try {
    const synth = () => spawnSync(process.execPath, [path.join(root, 'scripts', 'synth-examples.js'), '--out', out, 'gpu-pools'], { cwd: root, encoding: 'utf-8' });
    expect(synth().status).toBe(0);
    const stackDir = path.join(out, 'cdktf.out', 'gpu-pools', 'stacks', 'aws-ml');
    const kept = ['terraform.aws-ml.tfstate', 'terraform.aws-ml.tfstate.backup', '.terraform.lock.hcl', path.join('.terraform', 'providers', 'p')];
    const stale = [path.join(out, 'dist', 'gpu-pools', 'old.k8s.yaml'), path.join(out, 'cdktf.out', 'gpu-pools', 'stacks', 'old-ml', 'cdk.tf.json')];
    for (const file of [...kept.map((f) => path.join(stackDir, f)), ...stale]) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'x');
    }
    expect(synth().status).toBe(0);
    for (const file of kept) expect({ file, kept: fs.existsSync(path.join(stackDir, file)) }).toEqual({ file, kept: true });
    for (const file of stale) expect({ file, kept: fs.existsSync(file) }).toEqual({ file, kept: false });
    expect(fs.existsSync(path.join(stackDir, 'cdk.tf.json'))).toBe(true);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 120000);

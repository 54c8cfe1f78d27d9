import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App as K8sApp } from 'cdk8s';
import { App as TfApp } from 'cdktf';
import { Capacity, CostReportOptions, ErrorCode, GpuModel, GpuNodePool, GpuSharing, MigPartitionProfile, MlPlatform, TeamNamespace } from '../../lib';
import { Cloud } from '../../lib/core/cloud';
import { awsPlatform, existingEks, validationErrorOf } from '../support/platforms';

/** Runs `fn` with standard output captured (nothing reaches the terminal) and returns what was written. */
function captured(fn: () => void): string {
  const writes: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return writes.join('');
}

/** Runs `fn` with ML_PLATFORM_COST_REPORT set to `value` (the test setup sets it to `off`). */
function withEnv(value: string, fn: () => void): void {
  const before = process.env.ML_PLATFORM_COST_REPORT;
  process.env.ML_PLATFORM_COST_REPORT = value;
  try {
    fn();
  } finally {
    process.env.ML_PLATFORM_COST_REPORT = before;
  }
}

/** A platform in apps of its own writing to a temporary folder, with pools and teams declared in the given order. */
function build(report: CostReportOptions | undefined, order: 'forward' | 'backward' = 'forward'): { platform: MlPlatform; k8s: K8sApp; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-cost-'));
  const k8s = new K8sApp({ outdir: path.join(dir, 'k8s') });
  const platform = new MlPlatform('ml', {
    cloud: Cloud.aws({ region: 'us-east-1' }), cluster: existingEks(), kubernetesApp: k8s, terraformApp: new TfApp({ outdir: path.join(dir, 'tf') }),
    costReport: report,
  });
  const steps = [
    () => new GpuNodePool(platform, 'l4', { gpu: GpuModel.L4, gpusPerNode: 1, minNodes: 1, maxNodes: 4, sharing: GpuSharing.timeSlicing(2) }),
    () => new GpuNodePool(platform, 'h100', { gpu: GpuModel.H100_80GB, gpusPerNode: 8, maxNodes: 2, capacity: Capacity.spot() }),
    () => new GpuNodePool(platform, 'notebooks', {
      gpu: GpuModel.A100_40GB, gpusPerNode: 8, maxNodes: 1, mig: new MigPartitionProfile(platform, 'mig', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' }),
    }),
  ];
  for (const step of order === 'forward' ? steps : [...steps].reverse()) step();
  const pool = (name: string) => platform.pools.find((p) => p.poolName === name)!;
  const teams = [
    () => new TeamNamespace(platform, 'serving', { quotas: [{ pool: pool('l4'), guaranteed: { 'nvidia.com/gpu': '4' } }] }),
    () => new TeamNamespace(platform, 'research', { quotas: [{ pool: pool('notebooks'), guaranteed: { 'nvidia.com/mig-1g.5gb': '28' } }] }),
  ];
  for (const step of order === 'forward' ? teams : [...teams].reverse()) step();
  return { platform, k8s, dir };
}

const files = (dir: string) => fs.readdirSync(path.join(dir, 'k8s')).sort();

describe('the cost report at synth', () => {
  test('in tests nothing is printed or written unless asked (the test setup turns the default off)', () => {
    const { k8s, dir } = build(undefined);
    expect(captured(() => k8s.synth())).toBe('');
    expect(files(dir)).toEqual(['ml.k8s.yaml']);
  });

  test('asked: the summary printed once and both reports written next to the cluster layer', () => {
    const { k8s, dir } = build({ printSummary: true, writeReports: true });
    // cdk8s validates the app again for each chart it writes: the report is still made once.
    const out = captured(() => k8s.synth());
    expect(out.match(/Cost estimate: ml /g)).toHaveLength(1);
    expect(files(dir)).toEqual(['ml.k8s.yaml', 'ml.report.html', 'ml.report.md']);
    expect(out).toContain(`reports: ${path.join(dir, 'k8s', 'ml.report.html')}, ${path.join(dir, 'k8s', 'ml.report.md')}`);
    // The pools' table, the units of the MIG and time-sliced pools, the teams with the idle lines, the saving and energy.
    expect(out).toMatch(/^pool +instance +capacity +nodes/m);
    expect(out).toMatch(/^h100 +p5\.48xlarge +spot +0-2/m);
    expect(out).toMatch(/^notebooks +nvidia\.com\/mig-1g\.5gb +56 +56 +\$0\.3921$/m);
    expect(out).toMatch(/^l4 +nvidia\.com\/gpu +2 pods\/device/m);
    expect(out).toMatch(/^research +notebooks +28 nvidia\.com\/mig-1g\.5gb +50\.0%/m);
    expect(out).toMatch(/^\(idle\) +notebooks +50\.0%/m);
    expect(out).toMatch(/saving against the naive baseline .*partitioning\/sharing \$[\d,]+, right-sizing .*storage tiering not estimated/);
    expect(out).toMatch(/^energy: [\d,]+ kWh\/month, [\d,]+ kg CO2e\/month/m);
    // Synthesized again with nothing changed: not repeated.
    expect(captured(() => k8s.synth())).toBe('');
  });

  test('the reports are self-contained and do not depend on declaration order', () => {
    const a = build({ printSummary: false, writeReports: true }, 'forward');
    const b = build({ printSummary: false, writeReports: true }, 'backward');
    a.k8s.synth();
    b.k8s.synth();
    for (const file of ['ml.report.html', 'ml.report.md']) {
      expect(fs.readFileSync(path.join(a.dir, 'k8s', file), 'utf-8')).toBe(fs.readFileSync(path.join(b.dir, 'k8s', file), 'utf-8'));
    }
    const html = fs.readFileSync(path.join(a.dir, 'k8s', 'ml.report.html'), 'utf-8');
    // The chart library is inlined; nothing is fetched when the page is viewed.
    expect(html).toContain('Chart.js v4.6.1');
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    for (const id of ['chart-pools', 'chart-purchase', 'chart-teams', 'chart-savings', 'chart-energy']) expect(html).toContain(`<canvas id="${id}"`);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" id="topology"');
    const md = fs.readFileSync(path.join(a.dir, 'k8s', 'ml.report.md'), 'utf-8');
    expect(md).toContain('```mermaid\nflowchart LR');
    expect(md).toMatch(/\| research \| notebooks \| 28 nvidia\.com\/mig-1g\.5gb \| 50\.0% \|/);
  });

  test('a platform that owns its apps writes the reports into its kubernetesOutdir', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-cost-owned-'));
    fs.mkdirSync(path.join(dir, 'tf'));
    const p = new MlPlatform('owned', {
      cloud: Cloud.aws({ region: 'us-east-1' }), cluster: existingEks(), kubernetesOutdir: path.join(dir, 'k8s'), terraformOutdir: path.join(dir, 'tf'),
      costReport: { printSummary: false, writeReports: true },
    });
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
    p.synth();
    expect(files(dir)).toEqual(['owned.k8s.yaml', 'owned.report.html', 'owned.report.md']);
  });

  describe('ML_PLATFORM_COST_REPORT sets the default; props win', () => {
    test('files: reports, no summary', () => withEnv('files', () => {
      const { k8s, dir } = build(undefined);
      expect(captured(() => k8s.synth())).toBe('');
      expect(files(dir)).toEqual(['ml.k8s.yaml', 'ml.report.html', 'ml.report.md']);
    }));

    test('summary: the summary, no reports', () => withEnv('summary', () => {
      const { k8s, dir } = build(undefined);
      expect(captured(() => k8s.synth())).toContain('Cost estimate: ml (aws us-east-1)');
      expect(files(dir)).toEqual(['ml.k8s.yaml']);
    }));

    test('on, but the props turn printing off', () => withEnv('on', () => {
      const { k8s, dir } = build({ printSummary: false });
      expect(captured(() => k8s.synth())).toBe('');
      expect(files(dir)).toEqual(['ml.k8s.yaml', 'ml.report.html', 'ml.report.md']);
    }));

    test('an unknown value is a coded error at synth', () => withEnv('loud', () => {
      const { k8s } = build(undefined);
      const error = validationErrorOf(() => k8s.synth());
      expect(error.code).toBe(ErrorCode.COST_OPTIONS_INVALID);
      expect(error.message).toContain('Received: "loud"');
      expect(error.allowed).toBe('on, off, files, summary');
    }));
  });

  test('estimate() is pure: the same figures every time, nothing written', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
    const out = captured(() => {
      expect(p.estimate()).toEqual(p.estimate());
    });
    expect(out).toBe('');
  });
});

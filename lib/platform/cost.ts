import * as fs from 'fs';
import * as path from 'path';
import { App as KubernetesApp, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Catalog } from '../catalog/catalog';
import { ErrorCode, ValidationError } from '../core/errors';
import { estimatePlatform } from '../cost/estimate';
import { checkCostReportOptions, CostOptions, CostReportOptions, mergeCostOptions, resolveCostOptions, ResolvedCostOptions } from '../cost/options';
import { renderHtmlReport } from '../cost/report-html';
import { renderMarkdownReport } from '../cost/report-md';
import { budgetWarning, renderSummary } from '../cost/summary';
import { topologyOf } from '../cost/topology';
import { PlatformEstimate } from '../cost/types';
import { PlatformModel } from '../model/types';
import { CDKTF_WARNING } from '../render/cloud-warnings';

// The platform's cost wiring: the estimate on demand, and at synth the summary on standard output and the two
// reports next to the cluster layer. The estimate itself (lib/cost) is pure; reading the chart library, writing
// files and printing happen here.

/** The environment variable that sets what is printed and written at synth when the platform's props do not say. */
export const COST_REPORT_ENV = 'ML_PLATFORM_COST_REPORT';

const ENV_VALUES: Record<string, { print: boolean; write: boolean }> = {
  on: { print: true, write: true },
  off: { print: false, write: false },
  files: { print: false, write: true },
  summary: { print: true, write: false },
};

/** What the cost wiring needs of the platform. */
export interface CostedPlatform extends IConstruct {
  readonly platformName: string;
  readonly catalog: Catalog;
  readonly chart: Chart;
  readonly stack: IConstruct;
  readonly scheduler: { readonly kind: string };
  readonly budgets: ReadonlyArray<{ readonly budgetName: string; readonly cloudResources: IConstruct }>;
  _model(): PlatformModel;
}

let chartLibrary: string | undefined;

/** The chart library's browser build, read once from the copy the package ships (a bundled dependency). */
function chartLibrarySource(): string {
  if (chartLibrary === undefined) {
    // chart.js exports no subpath for its UMD build; it sits beside the CommonJS entry point.
    const entry = require.resolve('chart.js');
    chartLibrary = fs.readFileSync(path.join(path.dirname(entry), 'chart.umd.min.js'), 'utf-8');
  }
  return chartLibrary;
}

/** The estimate of a platform, and its report at synth. */
export class PlatformCost {
  private readonly platform: CostedPlatform;
  private readonly options: ResolvedCostOptions;
  private readonly report: CostReportOptions;
  /** The model and output directory last reported: cdk8s validates the whole app again for each chart it writes. */
  private reported?: { readonly model: PlatformModel; readonly outdir: string };
  /** The budget warnings already put on the cloud layer (validations run on every synth). */
  private readonly budgetWarningsGiven = new Set<string>();

  constructor(platform: CostedPlatform, options: CostOptions | undefined, report: CostReportOptions | undefined) {
    this.platform = platform;
    this.options = resolveCostOptions(platform, options, '`cost`');
    this.report = checkCostReportOptions(platform, report);
    // After the platform's own checks (added first): a platform that fails them is neither estimated nor reported.
    platform.chart.node.addValidation({ validate: () => { this.atSynth(); return []; } });
    // The surprise-bill warning does not depend on the report: the cloud layer carries it, where `cdktf synth`,
    // `plan` and `deploy` print it.
    platform.stack.node.addValidation({ validate: () => { this.warnBudgets(); return []; } });
  }

  /** The estimate with the platform's assumptions, or with `options` on top of them. */
  public estimate(options?: CostOptions): PlatformEstimate {
    const resolved = options === undefined ? this.options
      : mergeCostOptions(this.options, resolveCostOptions(this.platform, options, 'estimate options'), options);
    return estimatePlatform(this.platform._model(), this.platform.catalog, resolved, this.platform);
  }

  /** Puts a warning on the cloud resources of each budget whose ceiling exceeds its limit. */
  private warnBudgets(): void {
    const budgets = this.platform.budgets;
    if (budgets.length === 0) return;
    for (const b of this.estimate().budgets) {
      const warning = budgetWarning(b);
      const budget = budgets.find((x) => x.budgetName === b.budget);
      if (warning === undefined || !budget || this.budgetWarningsGiven.has(warning)) continue;
      this.budgetWarningsGiven.add(warning);
      budget.cloudResources.node.addMetadata(CDKTF_WARNING, warning);
    }
  }

  /** Prints the summary and writes the reports, as the props (else the environment variable) say. */
  private atSynth(): void {
    const defaults = environmentDefaults(this.platform);
    const print = this.report.printSummary ?? defaults.print;
    const write = this.report.writeReports ?? defaults.write;
    if (!print && !write) return;
    const app = this.platform.chart.node.root;
    const model = this.platform._model();
    const outdir = app instanceof KubernetesApp ? app.outdir : '';
    if (this.reported && this.reported.model === model && this.reported.outdir === outdir) return;
    this.reported = { model, outdir };
    const estimate = this.estimate();
    const files: string[] = [];
    if (write && app instanceof KubernetesApp) {
      const topology = topologyOf(model, estimate, this.platform.scheduler.kind);
      fs.mkdirSync(app.outdir, { recursive: true });
      const base = path.join(app.outdir, `${this.platform.platformName}.report`);
      fs.writeFileSync(`${base}.html`, renderHtmlReport({ estimate, topology, chartLibrary: chartLibrarySource() }));
      fs.writeFileSync(`${base}.md`, renderMarkdownReport(estimate, topology));
      files.push(`${base}.html`, `${base}.md`);
    }
    if (print) process.stdout.write(`\n${renderSummary(estimate, files)}`);
  }
}

function environmentDefaults(scope: IConstruct): { print: boolean; write: boolean } {
  // The one environment variable the library reads besides the frameworks' output directories: like them, it only
  // decides what synth writes (documented in the README, "Cost, savings and budgets").
  // eslint-disable-next-line no-restricted-syntax
  const value = process.env[COST_REPORT_ENV];
  if (value === undefined || value === '') return ENV_VALUES.on;
  const found = Object.prototype.hasOwnProperty.call(ENV_VALUES, value) ? ENV_VALUES[value] : undefined;
  if (!found) {
    throw new ValidationError(ErrorCode.COST_OPTIONS_INVALID, {
      message: `The environment variable ${COST_REPORT_ENV} has a value the library does not know.`,
      received: value,
      allowed: Object.keys(ENV_VALUES).join(', '),
      fix: `Set ${COST_REPORT_ENV} to on, off, files or summary, or unset it.`,
    }, scope);
  }
  return found;
}

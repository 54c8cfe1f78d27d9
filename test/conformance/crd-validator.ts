/**
 * Test-side conformance validator: checks synthesized Kubernetes objects against the official upstream CRDs
 * (../shared/crds, read at test time, never copied into the repo) and built-in kinds against kubernetes-models.
 *
 * Every object is either validated against a schema or reported ("no schema for ..."): nothing passes unchecked.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as Cel from '@marcbachmann/cel-js';
import Ajv, { ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { describeIfPresent } from '../support/shared-dir';
import { CelRuleEvaluator, collectCelRules, isTransitionRule } from './cel-rules';
import { CoreKindValidator } from './core-kinds';
import { CrdCatalog, CrdVersion } from './crd-catalog';
import { formatAjvError, joinPath } from './error-format';
import { requireEsm } from './esm-loader';
import { nameRuleFor, validateObjectMeta } from './k8s-metadata';

/** `<repo>/../shared/crds`: provided by CI, absent on some developer machines. */
export const CRDS_DIR: string = path.resolve(__dirname, '../../../shared/crds');

export function crdsAvailable(): boolean {
  return fs.existsSync(path.join(CRDS_DIR, 'README.md'));
}

/**
 * `describe` when the CRDs are present; otherwise `describe.skip` plus a warning naming the missing folder, so a
 * machine without ../shared/crds reports skipped tests instead of passing silently. Get the validator inside
 * `beforeAll`/tests, not in the describe body: jest runs the bodies of skipped blocks too.
 */
export function describeWithCrds(name: string, fn: () => void): void {
  describeIfPresent(path.join(CRDS_DIR, 'README.md'), 'the CRD folder', name, fn);
}

export class ConformanceValidator {
  private readonly crds: CrdCatalog;
  private readonly coreKinds = new CoreKindValidator();
  private celEvaluator?: CelRuleEvaluator;

  constructor(crdsDir: string = CRDS_DIR) {
    this.crds = new CrdCatalog(crdsDir);
  }

  /**
   * Human-readable problems with one object, each prefixed `<apiVersion>|<kind> <metadata.name>`;
   * an empty array means the object is valid.
   */
  validate(obj: any): string[] {
    const prefix = `${obj?.apiVersion}|${obj?.kind} ${obj?.metadata?.name ?? '<unnamed>'}`;
    return this.problems(asSerialized(obj)).map((problem) => `${prefix}: ${problem}`);
  }

  validateAll(objs: any[]): string[] {
    return objs.flatMap((obj) => this.validate(obj));
  }

  /** Served `group/version|Kind` keys of all saved CRDs. */
  crdTypeKeys(): string[] {
    return this.crds.all().map((version) => version.typeKey);
  }

  /** Compiles every served CRD version now instead of on first use (for timing and for the compile-all test). */
  compileAllCrds(): number {
    const versions = this.crds.all();
    versions.forEach((version) => this.crds.validatorFor(version));
    return versions.length;
  }

  /** Compile errors of every non-transition CEL rule in the saved CRDs (empty if the evaluator supports them all). */
  uncompilableCelRules(): string[] {
    return this.crds.all().flatMap((version) =>
      collectCelRules(version.schema)
        .filter((rule) => !isTransitionRule(rule))
        .flatMap((rule) => {
          const err = this.cel().compileError(rule);
          return err ? [`${version.typeKey}: ${err.message.split('\n')[0]}: ${rule}`] : [];
        }),
    );
  }

  private problems(obj: any): string[] {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      return ['not a Kubernetes object'];
    }
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
      return ['apiVersion and kind must be strings'];
    }
    const typeKey = `${obj.apiVersion}|${obj.kind}`;
    const crd = this.crds.get(typeKey);
    if (crd) {
      return [...this.metadataProblems(obj, typeKey, crd.clusterScoped), ...this.crdProblems(obj, crd)];
    }
    if (this.coreKinds.supports(obj.apiVersion, obj.kind)) {
      const clusterScoped = this.coreKinds.isClusterScoped(obj.apiVersion, obj.kind);
      return [...this.metadataProblems(obj, typeKey, clusterScoped), ...this.coreKinds.validate(obj)];
    }
    return [`no schema for ${typeKey}: neither a served version of a saved CRD nor a built-in kind known to kubernetes-models`];
  }

  private metadataProblems(obj: any, typeKey: string, clusterScoped: boolean): string[] {
    const problems = validateObjectMeta(obj.metadata, nameRuleFor(typeKey));
    if (clusterScoped && obj.metadata?.namespace !== undefined) {
      problems.push(`metadata.namespace: ${typeKey} is cluster-scoped and must not set a namespace`);
    }
    return problems;
  }

  private crdProblems(obj: any, crd: CrdVersion): string[] {
    const problems: string[] = [];
    if (crd.deprecationWarning) {
      problems.push(`deprecated apiVersion ${obj.apiVersion} (${crd.crdFile}): ${crd.deprecationWarning}`);
    }
    const defaulted = asSerialized(obj); // a private copy: ajv writes schema defaults into it
    const validate = this.crds.validatorFor(crd);
    if (!validate(defaulted)) {
      problems.push(...(validate.errors ?? []).map(formatAjvError));
    }
    problems.push(...this.cel().evaluate(crd.schema, defaulted));
    return problems;
  }

  private cel(): CelRuleEvaluator {
    this.celEvaluator ??= new CelRuleEvaluator(requireEsm<typeof Cel>('@marcbachmann/cel-js'));
    return this.celEvaluator;
  }
}

/**
 * The object as it would be written to YAML (drops `undefined` members, which are not fields), as a fresh copy
 * made in this realm.
 */
function asSerialized(obj: unknown): any {
  return obj === undefined ? undefined : JSON.parse(JSON.stringify(obj));
}

let sharedValidator: ConformanceValidator | undefined;

/** One validator per test file (jest isolates modules per file), so CRDs are parsed and compiled once. */
export function getValidator(): ConformanceValidator {
  sharedValidator ??= new ConformanceValidator();
  return sharedValidator;
}

// ---- NVIDIA config files (plain JSON Schema, derived from NVIDIA's Go types) ----

interface DerivedValidators {
  readonly migParted: ValidateFunction;
  readonly devicePlugin: ValidateFunction;
}

let derivedSchemas: DerivedValidators | undefined;

function derivedValidators(): DerivedValidators {
  if (!derivedSchemas) {
    const ajv = new Ajv({ allErrors: true });
    const load = (file: string) => ajv.compile(JSON.parse(fs.readFileSync(path.join(CRDS_DIR, 'derived', file), 'utf8')));
    derivedSchemas = {
      migParted: load('mig-parted-config.v1.schema.json'),
      devicePlugin: load('nvidia-device-plugin-config.v1.schema.json'),
    };
  }
  return derivedSchemas;
}

/** Validates a mig-parted config file (`version: v1`, `mig-configs`), given parsed or as YAML text. */
export function validateMigPartedConfig(doc: unknown): string[] {
  const config = typeof doc === 'string' ? parseYaml(doc) : doc;
  return [
    ...runDerivedSchema(derivedValidators().migParted, config),
    ...allZeroMigLayouts(config),
  ].map((problem) => `mig-parted config: ${problem}`);
}

/** Validates an NVIDIA device-plugin / GFD config file (`version: v1`, `flags`, `sharing`), given parsed or as YAML text. */
export function validateDevicePluginConfig(doc: unknown): string[] {
  const config = typeof doc === 'string' ? parseYaml(doc) : doc;
  return runDerivedSchema(derivedValidators().devicePlugin, config).map((problem) => `device-plugin config: ${problem}`);
}

function runDerivedSchema(validate: ValidateFunction, doc: unknown): string[] {
  return validate(doc) ? [] : (validate.errors ?? []).map(formatAjvError);
}

/** mig-parted rejects a MIG layout whose profile counts are all 0 ("not expressible" in the derived schema). */
function allZeroMigLayouts(config: any): string[] {
  const configs = config?.['mig-configs'];
  if (!configs || typeof configs !== 'object') {
    return [];
  }
  return Object.entries(configs).flatMap(([name, entries]) =>
    (Array.isArray(entries) ? entries : []).flatMap((entry: any, i: number) => {
      const counts = Object.values(entry?.['mig-devices'] ?? {});
      return counts.length > 0 && counts.every((count) => count === 0)
        ? [`${joinPath(joinPath(joinPath('mig-configs', name), i), 'mig-devices')}: all profile counts are 0`]
        : [];
    }),
  );
}

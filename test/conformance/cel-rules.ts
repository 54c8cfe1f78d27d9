/**
 * Evaluates CRD `x-kubernetes-validations` (CEL) rules the way the apiserver does for a create request.
 *
 * Decisions:
 * - Transition rules (those referencing `oldSelf`) are skipped: there is no old object on create.
 * - Values are converted by schema before evaluation: integer fields become CEL `int` (BigInt), `number` fields
 *   stay `double`, so arithmetic and comparisons behave as in Kubernetes.
 * - A rule that throws is reported as a violation, never swallowed. The apiserver does the same: a runtime error
 *   (e.g. "no such key" on an unset field the rule does not guard with `has()`) makes the request fail with
 *   "... evaluating rule: ...". A `has()`-guarded access cannot throw in CEL (`has` tests presence, and `&&`/`||`
 *   absorb errors when the other side decides the result), so there is no legitimate "no such key" to ignore;
 *   one showing up means either a real defect in the object or a gap in our defaulting/evaluator, and both must
 *   be visible. Schema defaults are applied before evaluation (by the caller) for exactly this reason.
 * - Rules that fail to compile (e.g. a Kubernetes CEL library function not registered here) are reported too.
 */
import type * as Cel from '@marcbachmann/cel-js';
import { joinPath } from './error-format';
import { toJsRegExp } from './re2';

interface ValidationRule {
  rule: string;
  message?: string;
  fieldPath?: string;
}

type CompiledRule = Cel.ParseResult | Error;

/** Transition rules compare with the stored object; there is none on create. */
export function isTransitionRule(rule: string): boolean {
  return /\boldSelf\b/.test(rule);
}

/** All `x-kubernetes-validations` rules in a structural schema. */
export function collectCelRules(schema: any): string[] {
  if (!schema || typeof schema !== 'object') {
    return [];
  }
  const own = ((schema['x-kubernetes-validations'] ?? []) as ValidationRule[]).map((v) => v.rule);
  const children = [
    ...Object.values(schema.properties ?? {}),
    schema.items,
    typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined,
  ];
  return [...own, ...children.flatMap(collectCelRules)];
}

export class CelRuleEvaluator {
  private readonly env: Cel.Environment;
  private readonly compiled = new Map<string, CompiledRule>();

  constructor(cel: typeof Cel) {
    this.env = new cel.Environment().registerVariable('self', 'dyn');
    registerKubernetesExtensions(this.env);
  }

  /** Checks every non-transition rule in `schema` against `value` (which must already carry schema defaults). */
  evaluate(schema: any, value: unknown): string[] {
    const problems: string[] = [];
    this.walk(schema, toCelValue(schema, value), '', problems);
    return problems;
  }

  /** Compiles a rule without evaluating it; returns the compile error, if any (used to audit the saved CRDs). */
  compileError(rule: string): Error | undefined {
    const compiled = this.compile(rule);
    return compiled instanceof Error ? compiled : undefined;
  }

  private walk(schema: any, value: unknown, path: string, problems: string[]): void {
    if (value === undefined || value === null || !schema) {
      return;
    }
    for (const rule of (schema['x-kubernetes-validations'] ?? []) as ValidationRule[]) {
      if (!isTransitionRule(rule.rule)) {
        const problem = this.check(rule, value, path);
        if (problem) {
          problems.push(problem);
        }
      }
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.walk(schema.items, item, joinPath(path, i), problems));
    } else if (typeof value === 'object') {
      for (const [key, child] of Object.entries(value as object)) {
        this.walk(childSchema(schema, key), child, joinPath(path, key), problems);
      }
    }
  }

  private check(rule: ValidationRule, self: unknown, path: string): string | undefined {
    const where = rule.fieldPath ? `${path || '<root>'}${rule.fieldPath}` : path || '<root>';
    const program = this.compile(rule.rule);
    if (program instanceof Error) {
      return `${where}: CEL rule does not compile (${firstLine(program)}): ${rule.rule}`;
    }
    let result: unknown;
    try {
      result = program({ self });
    } catch (err) {
      return `${where}: CEL rule evaluation error (${firstLine(err)}): ${rule.rule}`;
    }
    if (result === true) {
      return undefined;
    }
    if (result !== false) {
      return `${where}: CEL rule returned ${String(result)} instead of a bool: ${rule.rule}`;
    }
    return `${where}: CEL: ${rule.message ?? `failed rule: ${rule.rule}`}`;
  }

  private compile(rule: string): CompiledRule {
    let compiled = this.compiled.get(rule);
    if (compiled === undefined) {
      try {
        compiled = this.env.parse(rule);
        const typeCheck = compiled.check();
        if (!typeCheck.valid) {
          compiled = typeCheck.error ?? new Error('type check failed');
        }
      } catch (err) {
        compiled = err instanceof Error ? err : new Error(String(err));
      }
      this.compiled.set(rule, compiled);
    }
    return compiled;
  }
}

/**
 * Kubernetes CEL library functions used by the saved CRDs that cel-js lacks. Scan of all 150 rules: besides
 * standard CEL (`has`, `all`, `exists`, `filter`, `size`, `int`, `matches`, `startsWith`, `endsWith`) and
 * `split` (cel-go strings extension, built into cel-js), only Karpenter's `string.find(regex)` is needed.
 * Kubernetes' quantity/format/url/ip libraries are not referenced, so they are not emulated here; the
 * "every rule compiles" test fails loudly if a future CRD starts using one.
 */
function registerKubernetesExtensions(env: Cel.Environment): void {
  // k8s.io/apiserver/pkg/cel/library/regex.go: first match of the RE2 pattern, or '' if none.
  env.registerFunction('string.find(string): string', (s: string, pattern: string) => s.match(toJsRegExp(pattern))?.[0] ?? '');
}

function childSchema(schema: any, key: string): any {
  if (schema.properties && key in schema.properties) {
    return schema.properties[key];
  }
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

/**
 * Mirrors how the apiserver types JSON for CEL: integers (incl. int-or-string numbers) are `int`, `number` is
 * `double`. Also rebuilds arrays and objects in this realm: cel-js recognises lists by `instanceof Array`, which
 * fails for arrays made in another realm (jest runs tests in a vm context; `structuredClone` returns host arrays).
 */
function toCelValue(schema: any, value: unknown): unknown {
  if (typeof value === 'number') {
    return Number.isInteger(value) && schema?.type !== 'number' ? BigInt(value) : value;
  }
  if (Array.isArray(value)) {
    return Array.from(value, (item) => toCelValue(schema?.items, item));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, toCelValue(schema ? childSchema(schema, key) : undefined, child)]),
    );
  }
  return value;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

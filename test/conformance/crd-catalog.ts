/**
 * The saved upstream CRDs, indexed by served `group/version|Kind`, with lazily compiled ajv validators.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { toJsRegExp } from './re2';

export interface CrdVersion {
  /** `group/version|Kind` */
  readonly typeKey: string;
  readonly crdFile: string;
  readonly clusterScoped: boolean;
  readonly deprecationWarning?: string;
  /** The version's openAPIV3Schema exactly as published (shared, never mutated). */
  readonly schema: any;
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

export class CrdCatalog {
  private readonly versions = new Map<string, CrdVersion>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly ajv = createKubernetesAjv();

  /** Reads every CRD in `dir` (top level only: `variants/` holds alternative builds of the same kinds). */
  constructor(dir: string) {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const doc of parseAllDocuments(text)) {
        this.index(doc.toJS(), file);
      }
    }
  }

  get(typeKey: string): CrdVersion | undefined {
    return this.versions.get(typeKey);
  }

  all(): CrdVersion[] {
    return [...this.versions.values()];
  }

  /**
   * Validator for one served version. It closes object schemas (unknown fields are errors) and fills in schema
   * defaults on the data it is given, so callers pass a copy and run CEL on the defaulted copy, as the apiserver
   * defaults before it validates.
   */
  validatorFor(version: CrdVersion): ValidateFunction {
    let validate = this.compiled.get(version.typeKey);
    if (!validate) {
      validate = this.ajv.compile(closeRootSchema(version.schema));
      this.compiled.set(version.typeKey, validate);
    }
    return validate;
  }

  private index(crd: any, file: string): void {
    if (crd?.kind !== 'CustomResourceDefinition') {
      return;
    }
    const { group, names, scope, versions } = crd.spec;
    for (const v of versions) {
      if (!v.served) {
        continue;
      }
      const typeKey = `${group}/${v.name}|${names.kind}`;
      this.versions.set(typeKey, {
        typeKey,
        crdFile: file,
        clusterScoped: scope === 'Cluster',
        deprecationWarning: v.deprecated ? v.deprecationWarning ?? `${group}/${v.name} is deprecated` : undefined,
        schema: v.schema.openAPIV3Schema,
      });
    }
  }
}

/** ajv configured for structural CRD schemas (see ../shared/crds/README.md, "Validating with ajv"). */
function createKubernetesAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strictTypes: false, // int-or-string quantities carry `pattern` beside anyOf; Karpenter puts maxLength on an array
    useDefaults: true,
    code: { regExp: Object.assign((pattern: string, flags: string) => toJsRegExp(pattern, flags), { code: 'toJsRegExp' }) },
  });
  addFormats(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  addKubernetesKeywords(ajv);
  return ajv;
}

function addKubernetesKeywords(ajv: Ajv): void {
  for (const keyword of [
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-map-type',
    'x-kubernetes-list-map-keys',
    'x-kubernetes-validations', // evaluated by CelRuleEvaluator after defaulting
    'x-kubernetes-embedded-resource',
  ]) {
    ajv.addKeyword({ keyword });
  }
  ajv.addKeyword({
    keyword: 'x-kubernetes-int-or-string',
    validate: (enabled: boolean, data: unknown) => !enabled || typeof data === 'string' || Number.isInteger(data),
    errors: false,
  });
  ajv.addKeyword({ keyword: 'x-kubernetes-list-type', type: 'array', validate: validateListType });
}

/** `set` lists need unique items and `map` lists unique key tuples; the apiserver rejects duplicates. */
function validateListType(listType: string, items: unknown[], parentSchema?: AnySchemaObject): boolean {
  const mapKeys: string[] | undefined = parentSchema?.['x-kubernetes-list-map-keys'];
  const identity = listEntryIdentity(listType, mapKeys);
  if (!identity || new Set(items.map(identity)).size === items.length) {
    return true;
  }
  const keys = mapKeys ? ` (keys: ${mapKeys.join(', ')})` : '';
  validateListType.errors = [{ keyword: 'x-kubernetes-list-type', message: `duplicate entries in a list of type ${listType}${keys}`, params: {} }];
  return false;
}
validateListType.errors = [] as Partial<ErrorObject>[];

function listEntryIdentity(listType: string, mapKeys: string[] | undefined): ((item: any) => string) | undefined {
  if (listType === 'set') {
    return (item) => JSON.stringify(item);
  }
  if (listType === 'map' && mapKeys?.length) {
    return (item) => JSON.stringify(mapKeys.map((k) => item?.[k]));
  }
  return undefined; // atomic lists may repeat entries
}

/** A copy of a CRD schema in which unknown fields are errors; `metadata` stays open (the apiserver validates it). */
function closeRootSchema(schema: any): any {
  const closed = closeObjectSchemas(schema);
  if (schema.properties?.metadata) {
    closed.properties.metadata = schema.properties.metadata;
  }
  return closed;
}

const SUBSCHEMA_LIST_KEYWORDS = ['anyOf', 'allOf', 'oneOf'];

function closeObjectSchemas(node: any): any {
  const copy: any = { ...node };
  if (node.properties) {
    copy.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, closeObjectSchemas(v)]));
  }
  if (node.items && typeof node.items === 'object') {
    copy.items = closeObjectSchemas(node.items);
  }
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    copy.additionalProperties = closeObjectSchemas(node.additionalProperties);
  }
  for (const keyword of SUBSCHEMA_LIST_KEYWORDS) {
    if (Array.isArray(node[keyword])) {
      copy[keyword] = node[keyword].map(closeObjectSchemas);
    }
  }
  // Embedded resources implicitly allow apiVersion/kind/metadata beside their declared properties.
  const open = node['x-kubernetes-preserve-unknown-fields'] || node['x-kubernetes-embedded-resource'];
  if (node.properties && !open && node.additionalProperties === undefined) {
    copy.additionalProperties = false;
  }
  return copy;
}

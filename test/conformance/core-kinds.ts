/**
 * Validation of built-in Kubernetes kinds with `kubernetes-models` (schemas generated from the Kubernetes OpenAPI).
 *
 * kubernetes-models ships only precompiled ajv validators (no JSON schema files) and they accept unknown fields.
 * To still reject unknown fields against *its* schemas, the object is validated through a Proxy that records
 * which keys the generated code reads: for `properties` ajv reads each declared key (`data.foo`), and for map
 * schemas (`additionalProperties: {...}`) it enumerates the object. Afterwards, every key the validator never
 * looked at, in an object it inspected but did not enumerate, is a field the schema does not declare. Objects the
 * validator never touched have no declared properties (free-form), so they are left alone.
 */
import { ErrorObject } from 'ajv';
import { formatAjvError, joinPath } from './error-format';
import { ModuleNotFoundError, requireEsm } from './esm-loader';

interface KindModel {
  readonly apiVersion: string;
  readonly kind: string;
  readonly prototype: { validate(): void };
}

interface AccessLog {
  readonly readKeys: Map<object, Set<string>>;
  readonly enumerated: Set<object>;
}

const API_VERSION = /^([a-z0-9.-]+\/)?v[0-9a-z]+$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

/** Cluster-scoped built-in kinds the platform emits (everything else built in is namespaced). */
const CLUSTER_SCOPED = new Set([
  'v1|Namespace',
  'v1|PersistentVolume',
  'scheduling.k8s.io/v1|PriorityClass',
  'rbac.authorization.k8s.io/v1|ClusterRole',
  'rbac.authorization.k8s.io/v1|ClusterRoleBinding',
  'storage.k8s.io/v1|StorageClass',
  'admissionregistration.k8s.io/v1|ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/v1|ValidatingAdmissionPolicyBinding',
]);

/**
 * Top-level string fields the Kubernetes OpenAPI declares but kubernetes-models' generated validators never read:
 * its code generator strips every `description` key from the schemas, including properties that are *named*
 * `description` (e.g. PriorityClass.description, which the model's TypeScript interface does declare). They are
 * checked here by hand instead of being reported as unknown fields.
 */
const DROPPED_STRING_FIELDS: Record<string, string[]> = {
  'scheduling.k8s.io/v1|PriorityClass': ['description'],
};

export class CoreKindValidator {
  private readonly models = new Map<string, KindModel | undefined>();

  /** True if kubernetes-models has a top-level kind for this apiVersion/kind. */
  supports(apiVersion: string, kind: string): boolean {
    return this.model(apiVersion, kind) !== undefined;
  }

  isClusterScoped(apiVersion: string, kind: string): boolean {
    return CLUSTER_SCOPED.has(`${apiVersion}|${kind}`);
  }

  /** Schema errors plus unknown fields; empty when valid. The object must be supported. */
  validate(obj: any): string[] {
    const model = this.model(obj.apiVersion, obj.kind);
    if (!model) {
      throw new Error(`kubernetes-models has no kind ${obj.apiVersion}|${obj.kind}`);
    }
    const log: AccessLog = { readKeys: new Map(), enumerated: new Set() };
    const schemaErrors = runModelValidation(model, trackAccess(obj, log, new WeakMap()));
    const dropped = DROPPED_STRING_FIELDS[`${obj.apiVersion}|${obj.kind}`] ?? [];
    const unread = findUnreadKeys(obj, '', log).filter((e) => !dropped.some((field) => e === `${field}: unknown field "${field}"`));
    const droppedErrors = dropped.filter((field) => obj[field] !== undefined && typeof obj[field] !== 'string').map((field) => `${field}: must be string`);
    return [...schemaErrors.map(formatAjvError), ...unread, ...droppedErrors];
  }

  private model(apiVersion: string, kind: string): KindModel | undefined {
    const key = `${apiVersion}|${kind}`;
    if (!this.models.has(key)) {
      this.models.set(key, loadModel(apiVersion, kind));
    }
    return this.models.get(key);
  }
}

function loadModel(apiVersion: string, kind: string): KindModel | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !API_VERSION.test(apiVersion) || !KIND.test(kind)) {
    return undefined;
  }
  let exports: Record<string, KindModel | undefined>;
  try {
    exports = requireEsm(`kubernetes-models/${apiVersion}/${kind}`);
  } catch (err) {
    if (err instanceof ModuleNotFoundError) {
      return undefined; // not exported by the package: not a built-in kind
    }
    throw err;
  }
  const model = exports[kind];
  // Nested types (e.g. v1/PodSpec) are models too; only top-level kinds carry apiVersion/kind.
  return model?.apiVersion === apiVersion && model.kind === kind ? model : undefined;
}

function runModelValidation(model: KindModel, data: unknown): ErrorObject[] {
  try {
    model.prototype.validate.call(data); // the kind's generated validator, applied to our tracked object
    return [];
  } catch (err: any) {
    if (Array.isArray(err?.errors)) {
      return err.errors as ErrorObject[];
    }
    throw err;
  }
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function trackAccess(value: unknown, log: AccessLog, proxies: WeakMap<object, object>): unknown {
  if (!isObject(value)) {
    return value;
  }
  const existing = proxies.get(value);
  if (existing) {
    return existing;
  }
  const markRead = (target: object, key: string | symbol): void => {
    if (typeof key === 'string') {
      const keys = log.readKeys.get(target) ?? new Set<string>();
      keys.add(key);
      log.readKeys.set(target, keys);
    }
  };
  const proxy = new Proxy(value, {
    get(target, key) {
      markRead(target, key);
      return trackAccess(Reflect.get(target, key), log, proxies);
    },
    has(target, key) {
      markRead(target, key);
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      markRead(target, key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      log.enumerated.add(target);
      return Reflect.ownKeys(target);
    },
  });
  proxies.set(value, proxy);
  return proxy;
}

function findUnreadKeys(value: unknown, path: string, log: AccessLog): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => findUnreadKeys(item, joinPath(path, i), log));
  }
  if (!isObject(value)) {
    return [];
  }
  const read = log.readKeys.get(value);
  if (!log.enumerated.has(value) && read === undefined) {
    return []; // free-form object: the schema declares no properties to check against
  }
  return Object.entries(value).flatMap(([key, child]) => {
    const childPath = joinPath(path, key);
    if (!log.enumerated.has(value) && !read?.has(key)) {
      return [`${childPath}: unknown field "${key}"`];
    }
    return findUnreadKeys(child, childPath, log);
  });
}

/**
 * Loads ESM-only npm packages (`@marcbachmann/cel-js`, `kubernetes-models`) from CommonJS test code.
 *
 * Why this exists: the test suite compiles to CommonJS and jest's module runtime refuses `require()` of an
 * ES module before Node 24.9 (it also intercepts `createRequire`), and jest.config.js does not transform
 * node_modules. So ESM files are transpiled to CommonJS here with the TypeScript compiler (already a dev
 * dependency) and evaluated with a private module cache; CommonJS dependencies go through jest's `require`.
 * Transpiled output is cached in the OS temp dir by content hash (like jest's own transform cache): transpiling
 * kubernetes-models' Deployment closure takes about a second, reading the cache a few milliseconds.
 * If the jest config ever transforms these packages (or Node >= 24.9 is required), plain imports can replace this.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as TypeScript from 'typescript';

/** The specifier does not name a file the package exposes. */
export class ModuleNotFoundError extends Error {}

interface LoadedModule {
  exports: Record<string, unknown>;
}

const moduleCache = new Map<string, LoadedModule>();
const packageJsonCache = new Map<string, any>();

/** Loads `specifier` (a package name or package subpath) as jest's `require` would, but also for ESM-only packages. */
export function requireEsm<T>(specifier: string): T {
  return loadFile(resolveSpecifier(specifier, __filename)) as T;
}

function loadFile(file: string): unknown {
  if (!isEsmFile(file)) {
    return require(file);
  }
  const cached = moduleCache.get(file);
  if (cached) {
    return cached.exports;
  }
  const mod: LoadedModule = { exports: {} };
  moduleCache.set(file, mod); // before evaluation, so circular imports see the partial exports (CommonJS semantics)
  const localRequire = (spec: string): unknown => loadFile(resolveSpecifier(spec, file));
  const evaluate = new Function('exports', 'require', 'module', '__filename', '__dirname', transpile(file));
  evaluate(mod.exports, localRequire, mod, file, path.dirname(file));
  return mod.exports;
}

const CACHE_DIR = path.join(os.tmpdir(), 'ml-platform-cdk-esm-loader-v1');

function transpile(file: string): string {
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = path.join(CACHE_DIR, `${createHash('sha1').update(source).digest('hex')}.js`);
  if (fs.existsSync(cacheFile)) {
    return fs.readFileSync(cacheFile, 'utf8');
  }
  const ts: typeof TypeScript = require('typescript'); // loaded only on a cache miss: it is slow to load
  const output = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true, // default imports of CommonJS packages (e.g. ajv-i18n) get module.exports
    },
  }).outputText;
  writeAtomically(cacheFile, output);
  return output;
}

/**
 * Parallel jest workers may write the same entry; rename makes each write all-or-nothing. The cache is only an
 * optimisation, so an unwritable temp dir is not an error.
 */
function writeAtomically(file: string, content: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}

function resolveSpecifier(specifier: string, fromFile: string): string {
  if (specifier.startsWith('node:') || isBuiltin(specifier)) {
    return specifier;
  }
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    return withJsExtension(path.resolve(path.dirname(fromFile), specifier));
  }
  const { name, subpath } = splitPackageSpecifier(specifier);
  const packageDir = findPackageDir(name, path.dirname(fromFile));
  const pkg = readPackageJson(packageDir);
  if (pkg.exports !== undefined) {
    const target = resolveExports(pkg.exports, subpath);
    if (target === undefined) {
      throw new ModuleNotFoundError(`esm-loader: "${subpath}" is not exported by ${name} (${packageDir})`);
    }
    return path.join(packageDir, target);
  }
  return withJsExtension(path.join(packageDir, subpath === '.' ? pkg.main ?? 'index.js' : subpath));
}

function isBuiltin(specifier: string): boolean {
  return (require('module') as { builtinModules: string[] }).builtinModules.includes(specifier);
}

function withJsExtension(file: string): string {
  for (const candidate of [file, `${file}.js`, path.join(file, 'index.js')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
      return candidate;
    }
  }
  throw new ModuleNotFoundError(`esm-loader: cannot resolve ${file}`);
}

function splitPackageSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const rest = parts.slice(nameLength);
  return { name: parts.slice(0, nameLength).join('/'), subpath: rest.length ? `./${rest.join('/')}` : '.' };
}

function findPackageDir(name: string, fromDir: string): string {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) {
      return candidate;
    }
    if (path.dirname(dir) === dir) {
      throw new ModuleNotFoundError(`esm-loader: package ${name} not found from ${fromDir}`);
    }
  }
}

/** Resolves a package.json "exports" field for `subpath` (exact keys and single-`*` patterns, ESM conditions first). */
function resolveExports(exportsField: any, subpath: string): string | undefined {
  const isSubpathMap =
    typeof exportsField === 'object' && !Array.isArray(exportsField) && Object.keys(exportsField).some((k) => k.startsWith('.'));
  if (!isSubpathMap) {
    return subpath === '.' ? pickCondition(exportsField) : undefined;
  }
  if (subpath in exportsField) {
    return pickCondition(exportsField[subpath]);
  }
  for (const [key, target] of Object.entries(exportsField)) {
    const star = key.indexOf('*');
    if (star < 0) {
      continue;
    }
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
      const match = subpath.slice(prefix.length, subpath.length - suffix.length);
      return pickCondition(target)?.replace(/\*/g, match);
    }
  }
  return undefined;
}

function pickCondition(target: any): string | undefined {
  if (typeof target === 'string' || target === null) {
    return target ?? undefined;
  }
  for (const condition of ['import', 'node', 'default', 'require']) {
    if (condition in target) {
      const picked = pickCondition(target[condition]);
      if (picked !== undefined) {
        return picked;
      }
    }
  }
  return undefined;
}

function isEsmFile(file: string): boolean {
  if (file.endsWith('.mjs')) {
    return true;
  }
  if (!file.endsWith('.js')) {
    return false;
  }
  return nearestPackageJson(path.dirname(file))?.type === 'module';
}

function nearestPackageJson(fromDir: string): any {
  for (let dir = fromDir; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      return readPackageJson(dir);
    }
  }
  return undefined;
}

function readPackageJson(dir: string): any {
  let pkg = packageJsonCache.get(dir);
  if (pkg === undefined) {
    pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    packageJsonCache.set(dir, pkg);
  }
  return pkg;
}

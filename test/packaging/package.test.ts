import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validateAssembly } from '@jsii/spec';
import { parse as parseYaml } from 'yaml';

/**
 * What a user installs, and what Construct Hub lists: checked on the files `npm pack` would put in the tarball.
 * (The packaged-use test, `npm run test:packaged`, installs the real tarball and synthesizes with it.)
 */
const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8'));
const readme = require(path.join(root, 'scripts', 'readme.js'));

function packedFiles(): string[] {
  const run = spawnSync('npm', ['pack', '--dry-run', '--json', '--silent'], { cwd: root, encoding: 'utf-8' });
  if (run.status !== 0) throw new Error(`npm pack --dry-run failed: ${run.stderr}`);
  return JSON.parse(run.stdout)[0].files.map((f: { path: string }) => f.path).sort();
}

describe('the tarball', () => {
  const files = packedFiles();

  test('holds the compiled library, its declarations, the jsii assembly, README, LICENSE and CHANGELOG', () => {
    expect(files).toEqual(expect.arrayContaining(['.jsii', 'LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'build/index.js', 'build/index.d.ts']));
    // Every compiled module has its declarations (TypeScript users) and the catalog snapshot ships (no ../shared).
    for (const js of files.filter((f) => f.startsWith('build/') && f.endsWith('.js'))) expect(files).toContain(js.replace(/\.js$/, '.d.ts'));
    expect(files.some((f) => f.startsWith('build/catalog/snapshot/'))).toBe(true);
  });

  test('and nothing else: no sources, tests, examples, scripts or build outputs of the repository', () => {
    const outside = files.filter((f) => !f.startsWith('build/') && !f.startsWith('node_modules/')
      && !['.jsii', 'LICENSE', 'README.md', 'CHANGELOG.md', 'package.json'].includes(f));
    expect(outside).toEqual([]);
    const ours = files.filter((f) => !f.startsWith('node_modules/'));
    expect(ours.filter((f) => /(^|\/)(test|examples|scripts|build-examples|dist|cdktf\.out)\//.test(f) || f.endsWith('.tsbuildinfo'))).toEqual([]);
  });

  // The cost report inlines chart.js into a page that must work offline: the package bundles it (and what it needs),
  // and ships no other package.
  const closure = (names: string[], seen = new Set<string>()): Set<string> => {
    for (const name of names) {
      if (seen.has(name)) continue;
      seen.add(name);
      const manifest = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf-8'));
      closure(Object.keys(manifest.dependencies ?? {}), seen);
    }
    return seen;
  };
  const bundled = closure(pkg.bundledDependencies ?? []);

  test('holds the bundled packages and their dependencies, and no other node_modules', () => {
    expect([...(pkg.bundledDependencies ?? [])]).toEqual(['chart.js']);
    const shipped = new Set(files.filter((f) => f.startsWith('node_modules/'))
      .map((f) => f.split('/').slice(1, f.split('/')[1].startsWith('@') ? 3 : 2).join('/')));
    expect([...shipped].sort()).toEqual([...bundled].sort());
    expect(files).toContain('node_modules/chart.js/dist/chart.umd.min.js');
  });
});

describe('Construct Hub lists it', () => {
  // Construct Hub's rules, from its source (cdklabs/construct-hub): the package.json has a `jsii` field and a
  // framework keyword (or depends on a framework); its licence is on the allow list (OSI licences: Apache-2.0,
  // MIT, ...); the tarball holds a valid `.jsii` whose name, version and licence equal package.json's; the
  // framework (cdk8s, cdktf) is read from the assembly's dependency closure.
  const assembly = validateAssembly(JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf-8')));

  test('package.json: jsii, an allowed licence with its LICENSE file, the framework keywords', () => {
    expect(pkg.jsii).toBeDefined();
    expect(pkg.license).toBe('Apache-2.0');
    expect(fs.readFileSync(path.join(root, 'LICENSE'), 'utf-8')).toContain('Apache License');
    expect(pkg.keywords).toEqual(expect.arrayContaining(['cdk8s', 'cdktf', 'constructs']));
    expect(pkg.repository?.url).toMatch(/^https:\/\//);
    expect(pkg.description.length).toBeGreaterThan(0);
  });

  test('the assembly is valid and names the same package, version and licence', () => {
    expect({ name: assembly.name, version: assembly.version, license: assembly.license })
      .toEqual({ name: pkg.name, version: pkg.version, license: pkg.license });
  });

  test('the assembly depends on both frameworks, at the peer versions', () => {
    expect(Object.keys(assembly.dependencyClosure ?? {})).toEqual(expect.arrayContaining(['cdk8s', 'cdktf', 'constructs']));
    expect(assembly.dependencies).toMatchObject({ cdk8s: pkg.peerDependencies.cdk8s, cdktf: pkg.peerDependencies.cdktf });
  });

  test('the assembly carries the README (Construct Hub\'s landing page)', () => {
    expect(assembly.readme?.markdown).toContain('# ml-platform-cdk');
  });
});

describe('the package resolves by name, for users and for the examples', () => {
  test('exports: the library, package.json and the assembly', () => {
    expect(pkg.exports['.']).toEqual({ types: './build/index.d.ts', default: './build/index.js' });
    expect(pkg.main).toBe('build/index.js');
    expect(pkg.types).toBe('build/index.d.ts');
    // Self-reference (how examples/ import it): resolves to the compiled library from anywhere in the repository.
    const resolved = spawnSync(process.execPath, ['-p', "[require.resolve('ml-platform-cdk'), require.resolve('ml-platform-cdk/.jsii')].join(',')"],
      { cwd: path.join(root, 'examples'), encoding: 'utf-8' });
    expect(resolved.stdout.trim()).toBe([path.join(root, 'build', 'index.js'), path.join(root, '.jsii')].join(','));
  });

  test('the examples import the package by name, never lib/', () => {
    const sources = fs.readdirSync(path.join(root, 'examples'), { recursive: true, encoding: 'utf-8' }).filter((f) => f.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(0);
    for (const file of sources) {
      const text = fs.readFileSync(path.join(root, 'examples', file), 'utf-8');
      expect({ file, lib: /from '(\.\.\/)+lib/.test(text) }).toEqual({ file, lib: false });
    }
  });
});

describe('the README\'s quick start', () => {
  test('installs the library and exactly its peers, and the tools the files use', () => {
    const [, deps, devDeps] = readme.commands(readme.marked('install'));
    expect(readme.installedPackages(deps).sort()).toEqual([pkg.name, ...Object.keys(pkg.peerDependencies)].sort());
    expect(readme.installedPackages(devDeps).sort()).toEqual(['cdk8s-cli', 'cdktf-cli', 'typescript']);
  });

  test('its first example is a program that imports only what the quick start installs', () => {
    const imported = [...readme.firstExample().matchAll(/from '([^']+)'/g)].map((m: RegExpMatchArray) => m[1]);
    expect(imported).toContain(pkg.name);
    for (const name of imported) expect([pkg.name, ...Object.keys(pkg.peerDependencies)]).toContain(name);
  });

  test('its files parse, and both CLIs run the compiled program', () => {
    const tsconfig = JSON.parse(readme.marked('tsconfig.json'));
    const cdktf = JSON.parse(readme.marked('cdktf.json'));
    const cdk8s = parseYaml(readme.marked('cdk8s.yaml'));
    expect(tsconfig.compilerOptions.module).toBe('commonjs');
    expect(cdk8s.app).toBe(cdktf.app);
    expect(cdk8s.app).toMatch(/node main\.js$/);
    expect(readme.commands(readme.marked('synth'))).toEqual(['npx cdk8s synth', 'npx cdktf synth']);
  });

  test('the packaged-use test runs in CI', () => {
    expect(fs.readFileSync(path.join(root, '.ci', 'run'), 'utf-8')).toMatch(/^npm run test:packaged$/m);
    expect(pkg.scripts['test:packaged']).toBe('node scripts/packaged-use.js');
  });
});

test('API.md is what jsii-docgen makes of the doc comments (npm run docgen)', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-api-'));
  try {
    const run = spawnSync(process.execPath, [require.resolve('jsii-docgen/bin/jsii-docgen'), '--output', path.join(out, 'API.md')], { cwd: root, encoding: 'utf-8' });
    expect(run.status).toBe(0);
    const fresh = fs.readFileSync(path.join(out, 'API.md'), 'utf-8');
    const committed = fs.readFileSync(path.join(root, 'API.md'), 'utf-8');
    if (fresh !== committed) throw new Error('API.md is stale: run `npm run docgen` and commit API.md');
    expect(committed).toContain('### MlPlatform');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 120000);

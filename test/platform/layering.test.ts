import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// `npm test` lints lib/ with import/no-cycle and import/no-restricted-paths (eslint.config.mjs). These tests prove
// the two rules really fire on this code base (an import the TypeScript resolver could not follow would make both
// pass silently): a copy of lib/ with a cycle and four upward imports added is linted with the project's config.
const root = path.resolve(__dirname, '..', '..');

/** Imports of a folder above, each chosen so that it closes no cycle (the cycle is tested on its own). */
const UPWARD: Array<[string, string]> = [
  ['lib/compute/placement.ts', '../render/k8s/toleration'],
  ['lib/scheduling/scheduler.ts', '../platform/registry'],
  ['lib/model/build.ts', '../compute/gpu-node-pool'],
  ['lib/core/taint.ts', '../catalog/limits'],
  ['lib/cost/options.ts', '../compute/placement'],
];

describe('the layering rules', () => {
  let report: Map<string, string[]>;

  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-layering-'));
    fs.cpSync(path.join(root, 'lib'), path.join(dir, 'lib'), { recursive: true });
    for (const file of ['eslint.config.mjs', 'package.json']) fs.copyFileSync(path.join(root, file), path.join(dir, file));
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    const prepend = (file: string, line: string) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf-8');
      fs.writeFileSync(path.join(dir, file), `${line}\n${text}export const layered = above;\n`);
    };
    // order.ts imports labels.ts: importing order.ts from labels.ts closes a cycle.
    prepend('lib/core/labels.ts', 'import * as above from \'./order\';');
    for (const [file, target] of UPWARD) prepend(file, `import * as above from '${target}';`);
    const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', 'lib'], {
      cwd: dir, encoding: 'utf-8',
    });
    const files: Array<{ filePath: string; messages: Array<{ ruleId: string }> }> = JSON.parse(result.stdout);
    report = new Map(files.map((f) => [path.relative(dir, f.filePath), f.messages.map((m) => m.ruleId)]));
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  test('a file that imports itself back through another is refused (import/no-cycle)', () => {
    expect(report.get('lib/core/labels.ts')).toContain('import/no-cycle');
  });

  test.each(UPWARD)('%s may not import %s, a folder above it (import/no-restricted-paths)', (file) => {
    expect(report.get(file)).toContain('import/no-restricted-paths');
  });

  test('the untouched files pass both rules', () => {
    const touched = new Set(['lib/core/labels.ts', 'lib/core/order.ts', ...UPWARD.map(([file]) => file)]);
    const layering = (rule: string) => rule === 'import/no-cycle' || rule === 'import/no-restricted-paths';
    const problems = [...report.entries()].filter(([file, rules]) => !touched.has(file) && rules.some(layering));
    expect(problems).toEqual([]);
    expect(report.size).toBeGreaterThan(50);
  });
});

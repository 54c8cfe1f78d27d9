import * as fs from 'fs';

/**
 * `describe` when a folder of `../shared` exists; otherwise a visible skip that names the missing
 * folder, never a silent pass. `fn` is not run without it when `runBodyWhenMissing` is false
 * (test tables built from the shared files cannot be built).
 */
export function describeIfPresent(dir: string, what: string, name: string, fn: () => void, runBodyWhenMissing = true): void {
  if (fs.existsSync(dir)) {
    describe(name, fn);
    return;
  }
  console.warn(`SKIPPED "${name}": ${what} ${dir} not found (CI provides it beside the checkout)`);
  describe.skip(name, runBodyWhenMissing ? fn : () => {
    test(`needs ${what} in ${dir}`, () => undefined);
  });
}

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Catalog } from '../../lib/catalog/catalog';
import { SNAPSHOT_HEADER } from '../../lib/catalog/snapshot/header';
import { CapacityType } from '../../lib/core/capacity';
import { CloudProvider } from '../../lib/core/cloud';

const BUILD_DIR = path.resolve(__dirname, '../../build');

/**
 * Runs in a child process from a copy of build/ in a temp directory with no `shared` folder anywhere
 * above it, recording every path the process reads, stats or opens.
 */
const CHILD = `
const fs = require('fs');
const touched = [];
for (const fn of ['readFileSync', 'readFile', 'existsSync', 'statSync', 'lstatSync', 'readdirSync', 'openSync', 'accessSync', 'createReadStream']) {
  const original = fs[fn];
  fs[fn] = function (p, ...rest) { touched.push(String(p)); return original.call(this, p, ...rest); };
}
const { Catalog } = require(process.argv[1] + '/build/catalog/catalog.js');
const c = Catalog.default();
const p5 = c.findOfferings('aws', 'p5.48xlarge')[0];
const n2 = c.findOfferings('gcp', 'n2-standard-8')[0];
const out = {
  touched,
  origin: c.origin,
  aws: c.offerings('aws').length,
  gcp: c.offerings('gcp').length,
  p5: c.price(p5, 'us-east-1', 'on-demand'),
  n2: c.price(n2, 'europe-west4', 'spot'),
  regions: c.regions('aws').length + c.regions('gcp').length,
  storage: c.storagePrices('aws').length + c.storagePrices('gcp').length,
  h100: c.gpuSpec(c.gpuModels('aws').find((m) => m.id === 'h100-80gb')).boardPowerWatts,
};
process.stdout.write(JSON.stringify(out));
`;

describe('Catalog.default() outside the repository', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-platform-cdk-packaged-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('build/ exists and carries the committed snapshot (npm test builds first)', () => {
    if (!fs.existsSync(path.join(BUILD_DIR, 'catalog', 'catalog.js'))) throw new Error(`${BUILD_DIR} has no catalog: run \`npm run build\` first`);
    const built = require(path.join(BUILD_DIR, 'catalog', 'snapshot', 'header.js')).SNAPSHOT_HEADER;
    if (built !== SNAPSHOT_HEADER) throw new Error('build/ holds another snapshot than lib/catalog/snapshot: run `npm run build`');
  });

  test('works from a copy of build/ with no ../shared, reading no file outside that copy', () => {
    const pkg = path.join(tmp, 'pkg');
    fs.cpSync(BUILD_DIR, path.join(pkg, 'build'), { recursive: true });
    expect(fs.existsSync(path.join(tmp, 'shared'))).toBe(false);
    const run = spawnSync(process.execPath, ['-e', CHILD, pkg], { cwd: tmp, encoding: 'utf-8', env: { PATH: process.env.PATH ?? '' } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);

    const outside = out.touched.filter((p: string) => !path.resolve(tmp, p).startsWith(pkg + path.sep));
    expect(outside).toEqual([]);
    expect(out.touched.filter((p: string) => p.includes(`${path.sep}shared${path.sep}`))).toEqual([]);

    // The same facts as the catalog in this process.
    const here = Catalog.default();
    const p5 = here.findOfferings(CloudProvider.AWS, 'p5.48xlarge')[0];
    const n2 = here.findOfferings(CloudProvider.GCP, 'n2-standard-8')[0];
    expect(out).toMatchObject({
      origin: here.origin,
      aws: here.offerings(CloudProvider.AWS).length,
      gcp: here.offerings(CloudProvider.GCP).length,
      regions: here.regions(CloudProvider.AWS).length + here.regions(CloudProvider.GCP).length,
      storage: here.storagePrices(CloudProvider.AWS).length + here.storagePrices(CloudProvider.GCP).length,
      h100: 700,
    });
    expect(out.p5).toEqual(JSON.parse(JSON.stringify(here.price(p5, 'us-east-1', CapacityType.ON_DEMAND))));
    expect(out.n2).toEqual(JSON.parse(JSON.stringify(here.price(n2, 'europe-west4', CapacityType.SPOT))));
  });
});

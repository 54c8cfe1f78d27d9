import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Catalog } from '../../lib/catalog/catalog';
import { DATA_FILES } from '../../lib/catalog/data-files';
import { CloudProvider } from '../../lib/core/cloud';
import { ErrorCode } from '../../lib/core/errors';
import { catchValidationError } from '../core/expect-validation-error';
import { AwsAllInstancesFile, AwsGridFile, DATA_DIR, GcpCpuMachinesFile, GcpGpuPricesFile, describeWithData, readDataJson } from './shared-data';

const LIB_DIR = path.resolve(__dirname, '../../lib');
const SNAPSHOT_DIR = path.join(LIB_DIR, 'catalog', 'snapshot');

const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/**
 * A fresh temp directory holding a copy of every file of the shared data directory (SOURCES.md included),
 * fresh so that the per-directory cache never interferes.
 */
function copyOfData(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-data-'));
  tmpDirs.push(dir);
  for (const file of fs.readdirSync(DATA_DIR)) fs.copyFileSync(path.join(DATA_DIR, file), path.join(dir, file));
  return dir;
}

function editText(dir: string, file: string, edit: (text: string) => string): void {
  const full = path.join(dir, file);
  fs.writeFileSync(full, edit(fs.readFileSync(full, 'utf-8')));
}

function editJson(dir: string, file: string, edit: (doc: any) => void): void {
  editText(dir, file, (text) => {
    const doc = JSON.parse(text);
    edit(doc);
    return JSON.stringify(doc);
  });
}

const row = (rows: any[], key: string, value: string) => rows.find((r) => r[key] === value);

test('a missing directory is CATALOG_DATA_NOT_FOUND naming the missing file and how to fix it; failures are not cached', () => {
  const missing = path.join(os.tmpdir(), 'ml-platform-cdk-no-such-dir', 'data');
  for (let attempt = 0; attempt < 2; attempt++) {
    const err = catchValidationError(() => Catalog.fromDirectory(missing));
    expect(err.code).toBe(ErrorCode.CATALOG_DATA_NOT_FOUND);
    expect(err.receivedJson).toContain(missing);
    expect(err.fix).toContain('Catalog.fromDirectory');
  }
});

describeWithData('catalog data files', () => {
  test('an intact copy loads and holds the same facts as the shared directory', () => {
    const copy = Catalog.fromDirectory(copyOfData());
    const shared = Catalog.fromDirectory(DATA_DIR);
    for (const cloud of [CloudProvider.AWS, CloudProvider.GCP]) expect(copy.offerings(cloud)).toEqual(shared.offerings(cloud));
  });

  test('facts are read once, at load time: the catalog keeps working after its files are gone', () => {
    const dir = copyOfData();
    const catalog = Catalog.fromDirectory(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(catalog.findOfferings(CloudProvider.AWS, 'p5.48xlarge')).toHaveLength(1);
  });

  test.each(Object.values(DATA_FILES))('without %s the catalog is CATALOG_DATA_NOT_FOUND naming it', (file) => {
    const dir = copyOfData();
    fs.rmSync(path.join(dir, file));
    const err = catchValidationError(() => Catalog.fromDirectory(dir));
    expect(err.code).toBe(ErrorCode.CATALOG_DATA_NOT_FOUND);
    expect(err.receivedJson).toContain(file);
  });

  test.each<[string, string, (dir: string) => void]>([
    [DATA_FILES.awsInstances, 'is not JSON', (d) => editText(d, DATA_FILES.awsInstances, (t) => t.slice(0, 200))],
    [DATA_FILES.awsInstances, 'has no source', (d) => editJson(d, DATA_FILES.awsInstances, (doc) => { delete doc.source; })],
    [DATA_FILES.awsInstances, 'has no rows', (d) => editJson(d, DATA_FILES.awsInstances, (doc) => { delete doc.rows; })],
    [DATA_FILES.awsInstances, 'has vcpu as a string', (d) => editJson(d, DATA_FILES.awsInstances, (doc) => {
      row(doc.rows, 'instance_type', 'g6.xlarge').vcpu = '4';
    })],
    [DATA_FILES.awsInstances, 'has a price as a string', (d) => editJson(d, DATA_FILES.awsInstances, (doc) => {
      row(doc.rows, 'instance_type', 'g6.xlarge').on_demand_usd_per_hour['us-east-1'] = '0.8048';
    })],
    [DATA_FILES.awsInstances, 'has an arch that is not a Kubernetes arch', (d) => editJson(d, DATA_FILES.awsInstances, (doc) => {
      row(doc.rows, 'instance_type', 'c5.large').arch = 'x86_64';
    })],
    [DATA_FILES.awsGpuInstances, 'has a p3 row whose GPU no GpuModel names', (d) => editJson(d, DATA_FILES.awsGpuInstances, (doc) => {
      Object.assign(row(doc.instances, 'instance_type', 'p3.2xlarge'), { gpu_key: 'b200', gpu_memory_gib_per_gpu_nominal: 180 });
    })],
    [DATA_FILES.awsSpotAdvisor, 'has an interruption index no range has', (d) => editJson(d, DATA_FILES.awsSpotAdvisor, (doc) => {
      doc.by_region['us-east-1']['g6.xlarge'].interruption_index = 9;
    })],
    [DATA_FILES.awsSpotAdvisor, 'has no by_region map', (d) => editJson(d, DATA_FILES.awsSpotAdvisor, (doc) => { delete doc.by_region; })],
    [DATA_FILES.gcpMachines, 'has no rows', (d) => editJson(d, DATA_FILES.gcpMachines, (doc) => { delete doc.rows; })],
    [DATA_FILES.gcpMachines, 'has an arch that is not a Kubernetes arch', (d) => editJson(d, DATA_FILES.gcpMachines, (doc) => {
      row(doc.rows, 'machine_type', 't2a-standard-4').arch = 'aarch64';
    })],
    [DATA_FILES.gcpMachines, 'has a regional price as a string', (d) => editJson(d, DATA_FILES.gcpMachines, (doc) => {
      doc.prices_by_region['europe-west4']['n2-standard-8'].on_demand = '0.4';
    })],
    [DATA_FILES.gcpGpuPrices, 'has no machines array', (d) => editJson(d, DATA_FILES.gcpGpuPrices, (doc) => { delete doc.machines; })],
    [DATA_FILES.gcpGpuPrices, 'has a machine without offered_in_regions', (d) => editJson(d, DATA_FILES.gcpGpuPrices, (doc) => {
      delete row(doc.machines, 'machine_type', 'g2-standard-4').offered_in_regions;
    })],
    [DATA_FILES.gcpGpuPrices, 'has vcpu as a string', (d) => editJson(d, DATA_FILES.gcpGpuPrices, (doc) => {
      row(doc.machines, 'machine_type', 'a2-highgpu-1g').vcpu = '12';
    })],
    [DATA_FILES.gcpGpuMachines, 'has no machines array', (d) => editJson(d, DATA_FILES.gcpGpuMachines, (doc) => { delete doc.machines; })],
    [DATA_FILES.regions, 'has no aws list', (d) => editJson(d, DATA_FILES.regions, (doc) => { delete doc.aws; })],
    [DATA_FILES.regions, 'has a GCP region without a location', (d) => editJson(d, DATA_FILES.regions, (doc) => {
      delete row(doc.gcp, 'region', 'us-central1').location;
    })],
    [DATA_FILES.storagePrices, 'has a row citing a source of neither cloud', (d) => editJson(d, DATA_FILES.storagePrices, (doc) => {
      doc.rows[0].source = { repo: 'someone/else' };
    })],
    [DATA_FILES.storagePrices, 'has usd as a string', (d) => editJson(d, DATA_FILES.storagePrices, (doc) => { doc.rows[0].usd = '0.023'; })],
    [DATA_FILES.gpuPower, 'has no row for l40s', (d) => editJson(d, DATA_FILES.gpuPower, (doc) => {
      doc.gpus = doc.gpus.filter((g: any) => g.key !== 'l40s');
    })],
    [DATA_FILES.gpuPower, 'has tdp_w as a string', (d) => editJson(d, DATA_FILES.gpuPower, (doc) => {
      row(doc.gpus, 'key', 'h100').tdp_w = '700';
    })],
    [DATA_FILES.migProfiles, 'has a MIG row without profiles', (d) => editJson(d, DATA_FILES.migProfiles, (doc) => {
      delete row(doc.gpus, 'gpu', 'A100-40GB (SXM4/PCIe), A800-40GB').profiles;
    })],
    [DATA_FILES.migProfiles, 'has a profile with maxInstances as a string', (d) => editJson(d, DATA_FILES.migProfiles, (doc) => {
      row(row(doc.gpus, 'gpu', 'H100-80GB (SXM5/PCIe), H800-80GB').profiles, 'profile', '1g.10gb').maxInstances = '7';
    })],
    [DATA_FILES.awsGrid, 'has no factors', (d) => editJson(d, DATA_FILES.awsGrid, (doc) => { delete doc.factors; })],
    [DATA_FILES.gcpGrid, 'has a row with an extra cell', (d) => editText(d, DATA_FILES.gcpGrid, (t) => t.replace('us-central1,Iowa,', 'us-central1,Iowa,US,'))],
    [DATA_FILES.gcpGrid, 'has a non-numeric intensity', (d) => editText(d, DATA_FILES.gcpGrid, (t) => t.replace('412.72', 'n/a'))],
    [DATA_FILES.gcpGrid, 'has only a header', (d) => editText(d, DATA_FILES.gcpGrid, (t) => t.split('\n')[0])],
  ])('%s that %s is CATALOG_DATA_INVALID naming the file', (file, _what, corrupt) => {
    const dir = copyOfData();
    corrupt(dir);
    const err = catchValidationError(() => Catalog.fromDirectory(dir));
    expect(err.code).toBe(ErrorCode.CATALOG_DATA_INVALID);
    expect(err.message).toContain(file);
  });

  test('outside the generated snapshot, lib/ holds no copy of the data: no data files and none of their distinctive figures', () => {
    const sources: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else sources.push(full);
      }
    };
    walk(LIB_DIR);
    const dataFileNames = new Set(fs.readdirSync(DATA_DIR));
    expect(sources.filter((f) => dataFileNames.has(path.basename(f)) || /\.(json|csv)$/.test(f))).toEqual([]);
    // The snapshot is generated code, and says so.
    const generated = sources.filter((f) => f.startsWith(SNAPSHOT_DIR + path.sep));
    expect(generated.length).toBeGreaterThan(0);
    for (const f of generated) expect(fs.readFileSync(f, 'utf-8')).toMatch(/^\/\/ GENERATED by `npm run catalog:update`/);

    // Figures with 4+ decimals are specific enough that finding one in hand-written code means it was copied.
    const aws = readDataJson<AwsAllInstancesFile>(DATA_FILES.awsInstances);
    const gcp = readDataJson<GcpCpuMachinesFile>(DATA_FILES.gcpMachines);
    const gpu = readDataJson<GcpGpuPricesFile>(DATA_FILES.gcpGpuPrices);
    const grid = readDataJson<AwsGridFile>(DATA_FILES.awsGrid);
    const figures = [
      ...Object.values(aws.prices_by_region['us-east-1']),
      ...gcp.rows.flatMap((r) => [r.on_demand_usd_per_hour, r.spot_usd_per_hour]),
      ...gpu.machines.flatMap((m) => [m.prices_by_region['us-central1']?.on_demand, m.prices_by_region['us-central1']?.spot]),
      ...Object.values(grid.factors),
    ]
      .filter((n): n is number => typeof n === 'number')
      .map(String)
      .filter((st) => /\.\d{4,}$/.test(st));
    expect(figures.length).toBeGreaterThan(100);
    const handWritten = sources.filter((f) => f.endsWith('.ts') && !generated.includes(f));
    const copied = handWritten.flatMap((f) => {
      const text = fs.readFileSync(f, 'utf-8');
      return [...new Set(figures)].filter((n) => new RegExp(`(^|[^\\d.])${n.replace('.', '\\.')}($|\\D)`).test(text)).map((n) => `${path.relative(LIB_DIR, f)}: ${n}`);
    });
    expect(copied).toEqual([]);
  });
});

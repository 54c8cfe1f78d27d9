import { CloudProvider } from '../../core/cloud';
import { GpuModel } from '../../core/gpu-model';
import { compareStrings } from '../../core/order';
import {
  CatalogInputs, DATA_FILES, arrayField, field, invalid, jsonInput, objectField, optionalNumber, optionalString, optionalStrings, parseCsv, textInput,
} from '../data-files';
import { FactsSnapshot, GpuRow, GridRow, MigProfileRow, PueRow, RegionRow, StorageRow } from '../snapshot-format';
import { SourceTable } from './sources';

/** GPU power and MIG tables, grid carbon, regions and zones, storage prices, datacenter overhead. */
export function extractFacts(inputs: CatalogInputs, sources: SourceTable): FactsSnapshot {
  // Sources are numbered in visiting order: keep this order.
  const gpus = extractGpus(inputs);
  const grid = extractGrid(inputs, sources);
  const regions = extractRegions(inputs, sources);
  const storage = extractStorage(inputs, sources);
  return { gpus, grid, regions, storage, pue: extractPue(inputs, sources, regions) };
}

/**
 * Datacenter overhead (PUE) from the cloud-carbon-footprint coefficients in gpu-tdp.json: `<cloud>_pue` or
 * `<cloud>_pue_avg` for the cloud's average, `<cloud>_pue_<region with underscores>` for one region.
 */
function extractPue(inputs: CatalogInputs, sources: SourceTable, regions: RegionRow[]): PueRow[] {
  const file = DATA_FILES.gpuPower;
  const ccf = objectField(file, jsonInput(inputs, file), 'ccf_coefficients');
  const source = sources.add(field(file, ccf, 'source', 'string'), '');
  const rows: PueRow[] = [];
  for (const key of Object.keys(ccf).sort(compareStrings)) {
    const match = /^(aws|gcp)_pue(?:_(avg)|_([a-z0-9_]+))?$/.exec(key);
    if (!match) continue;
    const value = ccf[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 1) throw invalid(file, `${key} is not a PUE (a number of at least 1)`);
    const cloud = match[1] === 'aws' ? CloudProvider.AWS : CloudProvider.GCP;
    const region = match[3] === undefined ? null : match[3].replace(/_/g, '-');
    if (region !== null && !regions.some((r) => r[0] === cloud && r[1] === region)) throw invalid(file, `${key} names no ${cloud} region`);
    rows.push([cloud, region, value, key, source]);
  }
  for (const cloud of [CloudProvider.AWS, CloudProvider.GCP]) {
    if (rows.filter((r) => r[0] === cloud && r[1] === null).length !== 1) throw invalid(file, `ccf_coefficients needs exactly one ${cloud}_pue or ${cloud}_pue_avg`);
  }
  const rank = (r: PueRow) => `${r[0] === CloudProvider.AWS ? 0 : 1} ${r[1] === null ? '' : r[1]}`;
  return rows.sort((a, b) => compareStrings(rank(a), rank(b)));
}

/** Board power and MIG tables per GPU model, from gpu-tdp.json and mig-profiles.json. */
function extractGpus(inputs: CatalogInputs): GpuRow[] {
  const powerFile = DATA_FILES.gpuPower;
  const migFile = DATA_FILES.migProfiles;
  const power = arrayField(powerFile, jsonInput(inputs, powerFile), 'gpus');
  const mig = arrayField(migFile, jsonInput(inputs, migFile), 'gpus');
  return GpuModel.all().map((model): GpuRow => {
    const powerRow = power.find((g: any) => g?.key === model.family);
    if (!powerRow) throw invalid(powerFile, `no row with key "${model.family}" for ${model.id}`);
    const migRow = findMigRow(mig, model);
    const profiles = migRow
      ? migRow.profiles.map((p: any): MigProfileRow => [
        field(migFile, p, 'profile', 'string'),
        field(migFile, p, 'maxInstances', 'number'),
        optionalNumber(migFile, p, 'memoryMiB') ?? null,
      ])
      : [];
    return [
      model.id,
      field(powerFile, powerRow, 'tdp_w', 'number'),
      field(powerFile, powerRow, 'source', 'string'),
      migRow ? [
        field(migFile, migRow, 'maxInstances', 'number'),
        (optionalStrings(migFile, migRow, 'sources') ?? []).join('; '),
        (optionalStrings(migFile, migRow, 'pciDeviceIds') ?? []).map(String),
        profiles,
      ] : null,
    ];
  });
}

/** mig-profiles.json names rows like "A100-80GB (SXM4/PCIe), A800-80GB": match on "<FAMILY>-<memory>GB". */
function findMigRow(rows: any[], model: GpuModel): any | undefined {
  const prefix = `${model.family.toUpperCase()}-${model.memoryGiB}GB`;
  const row = rows.find((r) => typeof r?.gpu === 'string' && (r.gpu === prefix || r.gpu.startsWith(`${prefix} `)));
  if (row && !Array.isArray(row.profiles)) throw invalid(DATA_FILES.migProfiles, `row ${row.gpu} has no profiles`);
  return row;
}

/** Grid carbon intensity per region: CCF factors for AWS (t/kWh), Google's 2024 figures for GCP (g/kWh). */
function extractGrid(inputs: CatalogInputs, sources: SourceTable): GridRow[] {
  const awsFile = DATA_FILES.awsGrid;
  const aws = jsonInput(inputs, awsFile);
  const factors = objectField(awsFile, aws, 'factors');
  const awsSource = sources.add(field(awsFile, aws, 'source', 'string'), '');
  const awsRows: GridRow[] = Object.keys(factors)
    // "unknown" is CCF's fallback average, not a region.
    .filter((region) => /^[a-z]{2}-/.test(region))
    .sort(compareStrings)
    .map((region) => {
      const tonnes = factors[region];
      if (typeof tonnes !== 'number' || !Number.isFinite(tonnes)) throw invalid(awsFile, `factor of ${region} is not a number`);
      return [CloudProvider.AWS, region, Math.round(tonnes * 1e6 * 1000) / 1000, awsSource];
    });
  const gcpFile = DATA_FILES.gcpGrid;
  const gcpSource = sources.add('GoogleCloudPlatform/region-carbon-info data/yearly/2024.csv', '');
  const gcpRows: GridRow[] = parseCsv(gcpFile, textInput(inputs, gcpFile)).map((row): GridRow => {
    const region = row['Google Cloud Region'];
    const grams = Number(row['Grid carbon intensity (gCO2eq / kWh)']);
    if (!region || !Number.isFinite(grams) || row['Grid carbon intensity (gCO2eq / kWh)'].trim() === '') throw invalid(gcpFile, `row ${JSON.stringify(row)}`);
    return [CloudProvider.GCP, region, grams, gcpSource];
  }).sort((a, b) => compareStrings(a[1], b[1]));
  return [...awsRows, ...gcpRows];
}

/** Regions and zones of both clouds (regions.json). */
function extractRegions(inputs: CatalogInputs, sources: SourceTable): RegionRow[] {
  const file = DATA_FILES.regions;
  const doc = jsonInput(inputs, file);
  const src = objectField(file, doc, 'source');
  const awsRegions = sources.addObject(objectField(file, src, 'aws_regions'));
  const azIds = objectField(file, src, 'aws_az_ids');
  const awsZones = sources.add(`${sources.all()[awsRegions][0]}; AZ IDs: ${azIds.url} (facts only)`, String(azIds.retrieved ?? ''));
  const gcpBilling = sources.addObject(objectField(file, src, 'gcp_regions_billing'));
  const gcpZones = sources.add(
    `${sources.all()[gcpBilling][0]} (regions); zones: ${describeRepo(objectField(file, src, 'gcp_zones'))}`,
    String(objectField(file, src, 'gcp_zones').file_last_changed ?? '').slice(0, 10),
  );
  const aws = arrayField(file, doc, 'aws').map((r): RegionRow => {
    const ids = optionalStrings(file, r, 'az_ids') ?? null;
    return [
      CloudProvider.AWS, field(file, r, 'region', 'string'), field(file, r, 'description', 'string'), field(file, r, 'partition', 'string'),
      null, null, ids, optionalNumber(file, r, 'az_count') ?? null, ids ? awsZones : awsRegions,
    ];
  });
  const gcp = arrayField(file, doc, 'gcp').map((r): RegionRow => {
    const zones = optionalStrings(file, r, 'zones') ?? null;
    return [
      CloudProvider.GCP, field(file, r, 'region', 'string'), field(file, r, 'location', 'string'), '',
      zones, optionalStrings(file, r, 'zones_with_gpu') ?? null, null, zones ? zones.length : null, zones ? gcpZones : gcpBilling,
    ];
  });
  const byName = (a: RegionRow, b: RegionRow) => compareStrings(a[1], b[1]);
  return [...aws.sort(byName), ...gcp.sort(byName)];
}

function describeRepo(src: any): string {
  return `${src.repo} @ ${String(src.file_last_changed_commit ?? src.commit ?? '').slice(0, 7)} ${src.path}`;
}

/** Storage unit prices, each with its own source; the cloud is the one whose source the row cites. */
function extractStorage(inputs: CatalogInputs, sources: SourceTable): StorageRow[] {
  const file = DATA_FILES.storagePrices;
  const doc = jsonInput(inputs, file);
  const src = objectField(file, doc, 'source');
  const cloudOf = (rowSource: any, service: string): string => {
    if (rowSource?.repo === src.aws?.repo) return CloudProvider.AWS;
    if (rowSource?.repo === src.gcp?.repo || (rowSource?.url && rowSource.url === src.gcs_autoclass?.url)) return CloudProvider.GCP;
    throw invalid(file, `row ${service} cites a source of neither cloud`);
  };
  const rows = arrayField(file, doc, 'rows').map((r): StorageRow => {
    const service = field(file, r, 'service', 'string');
    const rowSource = objectField(file, r, 'source');
    const region = field(file, r, 'region', 'string');
    const bounds = r.rounding_bounds;
    if (bounds !== undefined && (!Array.isArray(bounds) || bounds.length !== 2 || bounds.some((b: unknown) => typeof b !== 'number'))) {
      throw invalid(file, `rounding_bounds of ${service} is not [lower, upper]`);
    }
    const usd = field(file, r, 'usd', 'number');
    if (usd < 0) throw invalid(file, `usd of ${service} is negative`);
    return [
      cloudOf(rowSource, service), service, field(file, r, 'item', 'string'),
      // "all (per-object fee)": a fee that applies in every region.
      /^[a-z]+(-[a-z]+)*-?\d+$/.test(region) ? region : null,
      usd, field(file, r, 'unit', 'string'), field(file, r, 'derivation', 'string'),
      bounds ? bounds[0] : null, bounds ? bounds[1] : null, optionalString(file, r, 'note') ?? null,
      sources.addObject(rowSource),
    ];
  });
  return [...rows.filter((r) => r[0] === CloudProvider.AWS), ...rows.filter((r) => r[0] === CloudProvider.GCP)];
}

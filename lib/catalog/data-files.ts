import * as fs from 'fs';
import * as path from 'path';
import { ErrorCode, ValidationError } from '../core/errors';

/**
 * The extraction inputs the catalog is built from (in this project: `../shared/data`, described by
 * its SOURCES.md). `npm run catalog:update` turns them into the snapshot shipped in the package;
 * `Catalog.fromDirectory(dir)` reads them at run time through the same extraction code.
 */
export const DATA_FILES = {
  /** Every EC2 type: specs, on-demand prices for us-east-1 and GovCloud. */
  awsInstances: 'aws-instances.json',
  /** The GPU EC2 types with editorial NVLink flags and the p3 specs (not in Karpenter's reference). */
  awsGpuInstances: 'aws-gpu-instances.json',
  /** AWS Spot Instance Advisor: savings and interruption range per region and type. */
  awsSpotAdvisor: 'aws-spot-advisor.json',
  /** GCE CPU and Arm machine types with on-demand and spot prices per region. */
  gcpMachines: 'gcp-machines.json',
  /** GCE GPU machine prices per region, where each type is offered, N1 host and attachable GPU prices. */
  gcpGpuPrices: 'gcp-gpu-prices.json',
  /** GCE GPU machine shapes; only the N1 + GPU combinations, their shapes and NVLink flags are read (no price). */
  gcpGpuMachines: 'gcp-gpu-machines.json',
  /** Regions and zones of both clouds. */
  regions: 'regions.json',
  /** Storage unit prices, each row with its source. */
  storagePrices: 'storage-prices.json',
  /** GPU board power. */
  gpuPower: 'gpu-tdp.json',
  /** MIG profile tables. */
  migProfiles: 'mig-profiles.json',
  /** Grid carbon intensity, AWS regions. */
  awsGrid: 'aws-grid-emission-factors-ccf.json',
  /** Grid carbon intensity, GCP regions. */
  gcpGrid: 'gcp-region-carbon-2024.csv',
} as const;

/** The extraction inputs, parsed: JSON files as values, CSV files as text, keyed by file name. */
export type CatalogInputs = { readonly [file: string]: unknown };

/** Reads every file of {@link DATA_FILES} from a directory; missing or unparsable files are coded errors. */
export function readInputs(dir: string): CatalogInputs {
  const inputs: Record<string, unknown> = {};
  for (const file of Object.values(DATA_FILES)) {
    const text = readText(dir, file);
    inputs[file] = file.endsWith('.json') ? parseJson(file, text) : text;
  }
  return inputs;
}

function readText(dir: string, file: string): string {
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) {
    throw new ValidationError(ErrorCode.CATALOG_DATA_NOT_FOUND, {
      message: 'A catalog data file is missing.',
      received: full,
      fix: `Use Catalog.default() (the snapshot shipped in the package), or load the catalog with Catalog.fromDirectory(dir) from a directory holding ${Object.values(DATA_FILES).join(', ')}.`,
    });
  }
  return fs.readFileSync(full, 'utf-8');
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw invalid(file, `not JSON (${(e as Error).message})`);
  }
}

export function invalid(file: string, what: string): ValidationError {
  return new ValidationError(ErrorCode.CATALOG_DATA_INVALID, {
    message: `Catalog data file ${file} is not in the expected shape: ${what}.`,
    fix: 'Restore the file from the shared data directory; its format is described in data/SOURCES.md.',
  });
}

/** What a row is called in error messages. */
function rowName(row: any): string {
  return JSON.stringify(row?.instance_type ?? row?.machine_type ?? row?.accelerator_type ?? row?.region ?? row?.gpu ?? row?.key ?? row?.service ?? '?');
}

/** A required field of a data row, with its type checked. */
export function field<T extends 'string' | 'number' | 'boolean'>(
  file: string, row: any, key: string, type: T,
): T extends 'string' ? string : T extends 'number' ? number : boolean {
  const value = row?.[key];
  if (typeof value !== type || (type === 'number' && !Number.isFinite(value))) {
    throw invalid(file, `field "${key}" of ${rowName(row)} is not a ${type}`);
  }
  return value;
}

/** An optional numeric field: a finite number, or null/absent. */
export function optionalNumber(file: string, row: any, key: string): number | undefined {
  const value = row?.[key];
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(file, `field "${key}" of ${rowName(row)} is not a number or null`);
  return value;
}

/** An optional string field: a string, or null/absent. */
export function optionalString(file: string, row: any, key: string): string | undefined {
  const value = row?.[key];
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(file, `field "${key}" of ${rowName(row)} is not a string or null`);
  return value;
}

/** A required array field. */
export function arrayField(file: string, doc: any, key: string): any[] {
  const value = doc?.[key];
  if (!Array.isArray(value)) throw invalid(file, `no "${key}" array`);
  return value;
}

/** A required object (map) field; arrays and null are refused. */
export function objectField(file: string, doc: any, key: string): Record<string, any> {
  const value = doc?.[key];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(file, `no "${key}" object`);
  return value;
}

/** An optional array of strings: null/absent gives undefined. */
export function optionalStrings(file: string, row: any, key: string): string[] | undefined {
  const value = row?.[key];
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalid(file, `field "${key}" of ${rowName(row)} is not a list of strings`);
  return value;
}

/** A parsed JSON input (an object), from the inputs read by {@link readInputs}. */
export function jsonInput(inputs: CatalogInputs, file: string): any {
  const value = inputs[file];
  if (value === null || typeof value !== 'object') throw invalid(file, 'not a JSON object');
  return value;
}

/** A text input (CSV). */
export function textInput(inputs: CatalogInputs, file: string): string {
  const value = inputs[file];
  if (typeof value !== 'string') throw invalid(file, 'not text');
  return value;
}

/** Minimal CSV reader for the simple, quote-free files we read. */
export function parseCsv(file: string, text: string): Array<Record<string, string>> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length < 2) throw invalid(file, 'no rows');
  const header = lines[0].split(',');
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    if (cells.length !== header.length) throw invalid(file, `row "${line}" has ${cells.length} cells, expected ${header.length}`);
    return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
  });
}

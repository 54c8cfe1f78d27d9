import * as fs from 'fs';
import * as path from 'path';
import { ErrorCode, ValidationError } from '../core/errors';

/**
 * The catalog's facts live in the shared data directory beside the project (`../shared/data`),
 * each file naming its upstream source. They are read, never copied into the library.
 */
export const DEFAULT_DATA_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'data');

/** The files the catalog reads. */
export const DATA_FILES = {
  awsInstances: 'aws-gpu-instances.json',
  gcpMachines: 'gcp-gpu-machines.json',
  gpuPower: 'gpu-tdp.json',
  migProfiles: 'mig-profiles.json',
  awsGrid: 'aws-grid-emission-factors-ccf.json',
  gcpGrid: 'gcp-region-carbon-2024.csv',
} as const;

export function readText(dir: string, file: string): string {
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) {
    throw new ValidationError(ErrorCode.CATALOG_DATA_NOT_FOUND, {
      message: 'A catalog data file is missing.',
      received: full,
      fix: `Keep the shared data directory beside the project (../shared/data), or load the catalog with Catalog.fromDirectory(dir) from a directory holding ${Object.values(DATA_FILES).join(', ')}.`,
    });
  }
  return fs.readFileSync(full, 'utf-8');
}

export function readJson(dir: string, file: string): any {
  const text = readText(dir, file);
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

/** A required field of a data row, with its type checked. */
export function field<T extends 'string' | 'number' | 'boolean'>(
  file: string, row: any, key: string, type: T,
): T extends 'string' ? string : T extends 'number' ? number : boolean {
  const value = row?.[key];
  if (typeof value !== type) {
    throw invalid(file, `field "${key}" of ${JSON.stringify(row?.instance_type ?? row?.machine_type ?? row?.gpu ?? row)} is not a ${type}`);
  }
  return value;
}

/** An optional numeric field: a number, or null/absent. */
export function optionalNumber(file: string, row: any, key: string): number | undefined {
  const value = row?.[key];
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'number') throw invalid(file, `field "${key}" is not a number or null`);
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

/** What SOURCES.md (in the data directory) says of a file: its upstream column and the first ISO date on its row. */
export interface SourcesRow {
  readonly upstream?: string;
  readonly date?: string;
}

/** The row SOURCES.md gives for a file; used where the file itself names no upstream or date. */
export function sourcesRow(dir: string, file: string): SourcesRow {
  const sources = path.join(dir, 'SOURCES.md');
  if (!fs.existsSync(sources)) return {};
  const row = fs.readFileSync(sources, 'utf-8').split('\n').find((line) => line.startsWith(`| ${file}`));
  if (!row) return {};
  const cells = row.split('|').map((c) => c.trim());
  return { upstream: cells[3] || undefined, date: /\d{4}-\d{2}-\d{2}/.exec(row)?.[0] };
}

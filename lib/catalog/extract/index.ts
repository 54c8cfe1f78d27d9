import { compareStrings } from '../../core/order';
import { CatalogInputs, DATA_FILES, jsonInput } from '../data-files';
import { SnapshotData } from '../snapshot-format';
import { ExcludedType, extractAws } from './aws';
import { extractFacts } from './facts';
import { extractGcp } from './gcp';
import { SourceTable } from './sources';

export { ExcludedType } from './aws';

/** The snapshot built from the inputs, and the types of the data it leaves out (for the update script's report). */
export interface Extraction {
  readonly data: SnapshotData;
  readonly excluded: ExcludedType[];
}

/**
 * Builds the compact catalog from the extraction inputs. Pure and deterministic: the same inputs give
 * the same snapshot, byte for byte (rows sorted by name, sources numbered in a fixed visiting order).
 */
export function extractSnapshot(inputs: CatalogInputs): Extraction {
  // Region tables are sorted, so the names are collected in a first pass and indexed in the second.
  const awsNames = new Set<string>(regionNames(inputs, 'aws'));
  const gcpNames = new Set<string>(regionNames(inputs, 'gcp'));
  extractAws(inputs, new SourceTable(), (r) => (awsNames.add(r), 0));
  extractGcp(inputs, new SourceTable(), (r) => (gcpNames.add(r), 0));
  const awsRegions = [...awsNames].sort(compareStrings);
  const gcpRegions = [...gcpNames].sort(compareStrings);
  const indexer = (names: string[]) => {
    const index = new Map(names.map((n, i) => [n, i]));
    return (region: string) => index.get(region)!;
  };

  const sources = new SourceTable();
  const aws = extractAws(inputs, sources, indexer(awsRegions));
  const gcp = extractGcp(inputs, sources, indexer(gcpRegions));
  const facts = extractFacts(inputs, sources);
  return {
    data: {
      asOf: sources.newestDate(),
      files: Object.values(DATA_FILES).map((file): [string, string] => [file, describeFile(inputs, file)]),
      sources: sources.all(),
      awsRegions,
      gcpRegions,
      aws: aws.aws,
      gcp: gcp.gcp,
      facts,
    },
    excluded: [...aws.excluded, ...gcp.excluded],
  };
}

function regionNames(inputs: CatalogInputs, cloud: 'aws' | 'gcp'): string[] {
  const rows = jsonInput(inputs, DATA_FILES.regions)?.[cloud];
  return Array.isArray(rows) ? rows.map((r) => r?.region).filter((r): r is string => typeof r === 'string') : [];
}

/** A data file's own one-line description (its `description`/`meta.description`, else its `derived_by` script). */
function describeFile(inputs: CatalogInputs, file: string): string {
  const value = inputs[file];
  if (typeof value !== 'object' || value === null) return 'CSV table';
  const doc = value as any;
  const text = doc.description ?? doc.meta?.description;
  if (typeof text === 'string') return text;
  const script = doc.source?.derived_by ?? doc.derived_by;
  if (typeof script === 'string') return `derived by ${script}`;
  const upstream = doc.generated_from?.specs ?? doc.source;
  return typeof upstream === 'string' ? `from ${upstream}` : '';
}

/*
 * The compact form of the catalog: what the extraction produces, what `npm run catalog:update` writes
 * into lib/catalog/snapshot/*.ts and what the catalog decodes at load time. Only the fields the library
 * uses are kept. Rows are positional arrays (one line per row in the generated files, so that a
 * changed price shows as a one-line diff); sources are a table referenced by index; regions are
 * referenced by their index in the per-cloud region tables.
 *
 * Internal: not part of the public API (the public types are in types.ts).
 */

/** A source: what it is (`owner/repo @ commit path`, or a URL) and its ISO date ('' when it has none). */
export type SourceRow = [text: string, date: string];

/** A data file the snapshot was built from, with its top-level description. */
export type FileRow = [file: string, description: string];

/**
 * An AWS instance type.
 * - `onDemand`: `[regionIndex, usdPerHour, ...]` pairs (USD regions only).
 * - `spot`: `[regionIndex, savingsPercent, interruptionRangeIndex, ...]` triples from the Spot Instance Advisor.
 */
export type AwsTypeRow = [
  name: string, arch: string, vcpus: number, memoryGiB: number, gpuId: string, gpuCount: number, nvlink: 0 | 1,
  efaInterfaces: number, specSource: number, onDemand: number[], spot: number[],
];

/** Where the on-demand prices of one AWS region come from. */
export type AwsPriceSourceRow = [regionIndex: number, source: number];

/** An interruption-frequency range of the Spot Instance Advisor: its label and upper bound in percent. */
export type SpotRangeRow = [label: string, maxPercent: number];

/** The AWS tables. */
export interface AwsSnapshot {
  /** Source of the on-demand prices, per priced region. */
  readonly onDemandSources: AwsPriceSourceRow[];
  /** The Spot Instance Advisor's source. */
  readonly spotSource: number;
  /** Its interruption ranges, by index. */
  readonly spotRanges: SpotRangeRow[];
  /** The regions it covers (indices). */
  readonly spotRegions: number[];
  /** Instance types, sorted by name. */
  readonly types: AwsTypeRow[];
}

/**
 * How availability per region is known for a GCP row:
 * - `['listed', source, offeredRegions]`: the cloud's own list (gcloud) of regions that offer it;
 * - `['priced', source, uncertainRegions]`: only prices; regions of the price list where it has no price
 *   are taken as not offered, except `uncertainRegions` (prices deliberately left out by the data).
 */
export type GcpAvailability = ['listed', number, number[]] | ['priced', number, number[]];

/**
 * A GCE machine type (with its accelerator, for GPU rows).
 * - `prices`: `[regionIndex, onDemandUsd | null, spotUsd | null, ...]` triples.
 */
export type GcpTypeRow = [
  name: string, arch: string, vcpus: number, memoryGiB: number, gpuId: string, gpuCount: number, nvlink: 0 | 1,
  acceleratorType: string, onDemandOffered: 0 | 1, specSource: number, priceSource: number, spotBasis: number,
  availability: GcpAvailability, prices: Array<number | null>,
];

/** The GCP tables. */
export interface GcpSnapshot {
  /** The regions the billing price list covers (indices): where a `priced` row without a price is not offered. */
  readonly pricedRegions: number[];
  /** Spot bases (how a spot price was obtained), by index. */
  readonly spotBases: string[];
  /** Machine types, sorted by name then accelerator. */
  readonly types: GcpTypeRow[];
}

/** A MIG profile: name, most instances per GPU, memory MiB (null when not published). */
export type MigProfileRow = [name: string, maxInstances: number, memoryMiB: number | null];

/** MIG facts of a GPU model. */
export type MigRow = [maxInstances: number, source: string, pciDeviceIds: string[], profiles: MigProfileRow[]];

/** Facts of a GPU model: board power (watts) and its source, and the MIG table (null when not MIG-capable). */
export type GpuRow = [gpuId: string, boardPowerWatts: number, powerSource: string, mig: MigRow | null];

/** Grid carbon intensity of a region. */
export type GridRow = [cloud: string, region: string, gramsCo2ePerKwh: number, source: number];

/** Datacenter overhead (PUE) of a cloud (region null) or of one region, with the data's key for it. */
export type PueRow = [cloud: string, region: string | null, pue: number, key: string, source: number];

/**
 * A region: AWS description or GCP location, AWS partition (''), GCP zones and zones with GPUs
 * (null when the data has no zone list), AWS AZ IDs and count (null when not given), source.
 */
export type RegionRow = [
  cloud: string, name: string, description: string, partition: string, zones: string[] | null, gpuZones: string[] | null,
  zoneIds: string[] | null, zoneCount: number | null, source: number,
];

/** A storage unit price. */
export type StorageRow = [
  cloud: string, service: string, item: string, region: string | null, usd: number, unit: string, derivation: string,
  lowerBound: number | null, upperBound: number | null, note: string | null, source: number,
];

/** Facts other than instance types. */
export interface FactsSnapshot {
  /** GPU models, in GpuModel.all() order. */
  readonly gpus: GpuRow[];
  /** Grid intensities, AWS then GCP, sorted by region. */
  readonly grid: GridRow[];
  /** Regions, AWS then GCP, sorted by name. */
  readonly regions: RegionRow[];
  /** Storage prices, AWS then GCP, in the data's order within a cloud. */
  readonly storage: StorageRow[];
  /** Datacenter overhead (PUE), AWS then GCP, cloud-wide first, then by region. */
  readonly pue: PueRow[];
}

/** The whole catalog in compact form. */
export interface SnapshotData {
  /** The newest source date (ISO): the date the data is "as of". */
  readonly asOf: string;
  /** The data files it was built from. */
  readonly files: FileRow[];
  /** Sources, referenced by index. */
  readonly sources: SourceRow[];
  /** AWS region names, referenced by index. */
  readonly awsRegions: string[];
  /** GCP region names, referenced by index. */
  readonly gcpRegions: string[];
  /** AWS instance types. */
  readonly aws: AwsSnapshot;
  /** GCP machine types. */
  readonly gcp: GcpSnapshot;
  /** GPU, carbon, region and storage facts. */
  readonly facts: FactsSnapshot;
}

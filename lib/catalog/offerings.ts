import { CapacityType } from '../core/capacity';
import { CloudProvider } from '../core/cloud';
import { Architecture, GpuModel } from '../core/gpu-model';
import { DATA_FILES, field, invalid, optionalNumber, readJson, sourcesRow } from './data-files';
import { InstanceOffering, RegionalPrice } from './types';

/** The regions whose prices the shared data carries; other regions are quoted from these. */
export const REFERENCE_REGION: Record<CloudProvider, string> = {
  [CloudProvider.AWS]: 'us-east-1',
  [CloudProvider.GCP]: 'us-central1',
};

/**
 * When no per-type spot figure exists: AWS GPU spot ran at a median 63% below on-demand in the
 * Spot Instance Advisor snapshot (reference/cloud-apis.md §3.3).
 */
export const AWS_DEFAULT_SPOT_FRACTION = 0.37;

/** GKE accelerator type → GPU family (the memory disambiguates variants). */
const GKE_ACCELERATOR_FAMILY: Record<string, string> = {
  'nvidia-tesla-t4': 't4',
  'nvidia-tesla-v100': 'v100',
  'nvidia-tesla-a100': 'a100',
  'nvidia-a100-80gb': 'a100',
  'nvidia-h100-80gb': 'h100',
  'nvidia-h100-mega-80gb': 'h100',
  'nvidia-h200-141gb': 'h200',
  'nvidia-l4': 'l4',
};

function firstDate(text: string, fallback?: string): string {
  const m = /\d{4}-\d{2}-\d{2}/.exec(text);
  return m ? m[0] : fallback ?? 'undated (see data/SOURCES.md)';
}

function model(file: string, family: string, memoryGiB: number, name: string): GpuModel {
  const found = GpuModel.tryFind(family, memoryGiB);
  if (!found) throw invalid(file, `row ${name} has GPU ${family} ${memoryGiB} GiB, which no GpuModel names`);
  return found;
}

export function loadAwsOfferings(dir: string): InstanceOffering[] {
  const file = DATA_FILES.awsInstances;
  const doc = readJson(dir, file);
  if (!Array.isArray(doc?.instances) || typeof doc?.meta?.sources !== 'object') throw invalid(file, 'no "instances" array or "meta.sources"');
  const sources = doc.meta.sources;
  const priceSource = String(sources.on_demand_prices);
  const spotSource = String(sources.spot_snapshot);
  return doc.instances.map((row: any): InstanceOffering => {
    const name = field(file, row, 'instance_type', 'string');
    const region = field(file, row, 'region', 'string');
    const onDemand = optionalNumber(file, row, 'on_demand_usd_per_hour');
    const savingsPct = optionalNumber(file, row, 'spot_savings_pct_vs_on_demand_snapshot');
    const spot = onDemand === undefined ? undefined
      : round6(onDemand * (savingsPct === undefined ? AWS_DEFAULT_SPOT_FRACTION : 1 - savingsPct / 100));
    const price: RegionalPrice = {
      region,
      onDemandUsdPerHour: onDemand,
      spotUsdPerHour: spot,
      spotBasis: savingsPct === undefined
        ? `on-demand x ${AWS_DEFAULT_SPOT_FRACTION} (median GPU spot saving; no per-type snapshot)`
        : `on-demand x (1 - ${savingsPct}%) from the Spot Instance Advisor snapshot ${firstDate(spotSource)}`,
      source: priceSource,
      retrieved: firstDate(priceSource),
    };
    const arch = field(file, row, 'arch', 'string');
    if (arch !== Architecture.AMD64 && arch !== Architecture.ARM64) throw invalid(file, `row ${name} has arch ${arch}`);
    return {
      cloud: CloudProvider.AWS,
      name,
      gpu: model(file, field(file, row, 'gpu_key', 'string'), field(file, row, 'gpu_memory_gib_per_gpu_nominal', 'number'), name),
      gpuCount: field(file, row, 'gpu_count', 'number'),
      gpuMemoryGiB: field(file, row, 'gpu_memory_gib_per_gpu_nominal', 'number'),
      vcpus: field(file, row, 'vcpu', 'number'),
      memoryGiB: field(file, row, 'memory_gib', 'number'),
      architecture: arch as Architecture,
      nvlink: field(file, row, 'nvlink', 'boolean'),
      efaInterfaces: field(file, row, 'efa_interfaces', 'number'),
      onDemandOffered: true,
      prices: [price],
      source: String(sources.specs),
    };
  });
}

export function loadGcpOfferings(dir: string): InstanceOffering[] {
  const file = DATA_FILES.gcpMachines;
  const doc = readJson(dir, file);
  if (!Array.isArray(doc?.machines)) throw invalid(file, 'no "machines" array');
  const region = REFERENCE_REGION[CloudProvider.GCP];
  const upstream = sourcesRow(dir, file);
  return doc.machines.map((row: any): InstanceOffering => {
    const name = field(file, row, 'machine_type', 'string');
    const accelerator = field(file, row, 'accelerator_type', 'string');
    const family = GKE_ACCELERATOR_FAMILY[accelerator];
    if (!family) throw invalid(file, `row ${name} has accelerator ${accelerator}, which no GpuModel family maps`);
    const memory = field(file, row, 'gpu_memory_gib_per_gpu', 'number');
    const onDemand = optionalNumber(file, row, 'on_demand_usd_per_hour');
    const spot = optionalNumber(file, row, 'spot_usd_per_hour');
    const derivation = field(file, row, 'price_derivation', 'string');
    return {
      cloud: CloudProvider.GCP,
      name,
      gpu: model(file, family, memory, name),
      gpuCount: field(file, row, 'gpu_count', 'number'),
      gpuMemoryGiB: memory,
      vcpus: field(file, row, 'vcpu', 'number'),
      memoryGiB: field(file, row, 'memory_gib', 'number'),
      architecture: Architecture.AMD64,
      nvlink: row.nvlink === true,
      efaInterfaces: 0,
      acceleratorType: accelerator,
      // The data marks Spot/Flex-start-only shapes (a3-highgpu-1g/2g/4g) by a spot price without an on-demand one.
      onDemandOffered: !(onDemand === undefined && spot !== undefined),
      prices: [{
        region,
        onDemandUsdPerHour: onDemand,
        spotUsdPerHour: spot,
        spotBasis: spot === undefined ? 'no spot price in the data' : 'GCP spot list price (VM + GPU)',
        source: derivation,
        retrieved: firstDate(derivation, upstream.date),
      }],
      source: upstream.upstream ?? String(doc.meta?.description ?? file),
    };
  });
}

/** Node-hour price for a capacity type from one regional price row. Reservations bill at the on-demand rate. */
export function priceFor(price: RegionalPrice, capacity: CapacityType): number | undefined {
  return capacity === CapacityType.SPOT ? price.spotUsdPerHour : price.onDemandUsdPerHour;
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

import * as fs from 'fs';
import * as path from 'path';
import { describeIfPresent } from '../support/shared-dir';

/** The shared data directory the catalog reads (`../shared/data` beside the project). */
export const DATA_DIR = path.resolve(__dirname, '../../../shared/data');

/** `describe` when the shared data directory exists; otherwise a visible skip (its tables are built from the data files). */
export function describeWithData(name: string, fn: () => void): void {
  describeIfPresent(DATA_DIR, 'the catalog data directory', name, fn, false);
}

/** A data file parsed as JSON, read by the test itself so that expectations do not come from the code under test. */
export function readDataJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(DATA_DIR, file), 'utf-8')) as T;
}

/** Rows of a quote-free CSV data file, keyed by header. */
export function readDataCsv(file: string): Array<Record<string, string>> {
  const [header, ...rows] = fs.readFileSync(path.join(DATA_DIR, file), 'utf-8').trim().split(/\r?\n/);
  const columns = header.split(',');
  return rows.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])));
}

/** A row of aws-gpu-instances.json (only the fields the tests read). */
export interface AwsInstanceRow {
  readonly instance_type: string;
  readonly gpu_key: string;
  readonly gpu_count: number;
  readonly gpu_memory_gib_per_gpu_nominal: number;
  readonly vcpu: number;
  readonly memory_gib: number;
  readonly arch: string;
  readonly nvlink: boolean;
  readonly efa_interfaces: number;
  readonly region: string;
  readonly on_demand_usd_per_hour: number | null;
  readonly spot_savings_pct_vs_on_demand_snapshot: number | null;
}

export interface AwsInstancesFile {
  readonly meta: { readonly sources: Record<string, string> };
  readonly instances: AwsInstanceRow[];
}

/** A row of gcp-gpu-machines.json (only the fields the tests read). */
export interface GcpMachineRow {
  readonly machine_type: string;
  readonly accelerator_type: string;
  readonly gpu_model: string;
  readonly gpu_count: number;
  readonly gpu_memory_gib_per_gpu: number;
  readonly vcpu: number;
  readonly memory_gib: number;
  readonly on_demand_usd_per_hour: number | null;
  readonly spot_usd_per_hour: number | null;
  readonly price_derivation: string;
}

export interface GcpMachinesFile {
  readonly meta: { readonly notes: string[] };
  readonly machines: GcpMachineRow[];
}

export interface GpuPowerFile {
  readonly gpus: Array<{ readonly key: string; readonly tdp_w: number; readonly source: string }>;
}

export interface MigProfilesFile {
  readonly gpus: Array<{
    readonly gpu: string;
    readonly maxInstances: number;
    readonly profiles: Array<{ readonly profile: string; readonly maxInstances: number; readonly memoryMiB?: number }>;
  }>;
}

export interface AwsGridFile {
  readonly source: string;
  readonly unit: string;
  readonly factors: Record<string, number>;
}

/** A row of aws-instances.json (only the fields the tests read). */
export interface AwsInstanceSpecRow {
  readonly instance_type: string;
  readonly in_karpenter_specs: boolean;
  readonly category?: string;
  readonly arch?: string;
  readonly vcpu?: number;
  readonly memory_gib?: number;
  readonly gpu_count?: number;
  readonly gpu_name?: string | null;
  readonly gpu_memory_mib_per_gpu?: number | null;
  readonly accelerator_count?: number;
  readonly accelerator_name?: string | null;
  readonly efa_interfaces?: number;
  readonly on_demand_usd_per_hour: Record<string, number>;
}

export interface AwsAllInstancesFile {
  readonly prices_by_region: Record<string, Record<string, number>>;
  readonly rows: AwsInstanceSpecRow[];
}

export interface AwsSpotAdvisorFile {
  readonly ranges: Array<{ readonly index: number; readonly label: string; readonly max: number }>;
  readonly regions_covered: string[];
  readonly by_region: Record<string, Record<string, { readonly savings_pct: number; readonly interruption_index: number; readonly interruption: string }>>;
}

/** A row of gcp-machines.json (CPU and Arm machine types). */
export interface GcpCpuMachineRow {
  readonly machine_type: string;
  readonly arch: string;
  readonly vcpu: number | null;
  readonly memory_gib: number | null;
  readonly on_demand_usd_per_hour: number | null;
  readonly spot_usd_per_hour: number | null;
}

export interface GcpCpuMachinesFile {
  readonly rows: GcpCpuMachineRow[];
  readonly prices_by_region: Record<string, Record<string, { readonly on_demand: number; readonly spot: number }>>;
  readonly prices_by_region_info: { readonly regions: string[]; readonly excluded_understated: Array<{ machine_type: string; region: string }> };
}

/** A machine of gcp-gpu-prices.json. */
export interface GcpGpuPriceRow {
  readonly machine_type: string;
  readonly accelerator_type: string;
  readonly gpu_count: number;
  readonly vcpu: number;
  readonly memory_gib: number;
  readonly offered_in_regions: string[];
  readonly prices_by_region: Record<string, { readonly on_demand: number | null; readonly spot: number | null }>;
}

export interface GcpGpuPricesFile {
  readonly notes: string[];
  readonly machines: GcpGpuPriceRow[];
  readonly n1_host_prices_by_region: Record<string, Record<string, { readonly on_demand: number; readonly spot: number }>>;
  readonly attachable_gpus: Array<{
    readonly accelerator_type: string;
    readonly offered_in_regions: string[];
    readonly unit_price_by_region: Record<string, { readonly on_demand: number | null; readonly spot: number | null; readonly preemptible_legacy?: number }>;
  }>;
}

export interface RegionsFile {
  readonly aws: Array<{ readonly region: string; readonly partition: string; readonly az_ids: string[] | null; readonly az_count: number | null }>;
  readonly gcp: Array<{ readonly region: string; readonly zones: string[] | null; readonly zones_with_gpu: string[] | null }>;
}

export interface StoragePricesFile {
  readonly rows: Array<{
    readonly service: string;
    readonly item: string;
    readonly region: string;
    readonly usd: number;
    readonly unit: string;
    readonly source: { readonly repo?: string; readonly url?: string };
  }>;
}

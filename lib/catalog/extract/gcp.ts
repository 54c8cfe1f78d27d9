import { Architecture, GpuModel } from '../../core/gpu-model';
import { compareStrings } from '../../core/order';
import { CatalogInputs, DATA_FILES, arrayField, field, invalid, jsonInput, objectField, optionalNumber, optionalStrings } from '../data-files';
import { GcpAvailability, GcpSnapshot, GcpTypeRow } from '../snapshot-format';
import { ExcludedType } from './aws';
import { SourceTable } from './sources';

/** GKE accelerator types (`guest_accelerator.type`) of the GPU models the library knows. */
export const GKE_ACCELERATOR_GPU: { readonly [accelerator: string]: GpuModel } = {
  'nvidia-tesla-t4': GpuModel.T4,
  'nvidia-tesla-v100': GpuModel.V100_16GB,
  'nvidia-tesla-a100': GpuModel.A100_40GB,
  'nvidia-a100-80gb': GpuModel.A100_80GB,
  'nvidia-h100-80gb': GpuModel.H100_80GB,
  'nvidia-h100-mega-80gb': GpuModel.H100_80GB,
  'nvidia-h200-141gb': GpuModel.H200_141GB,
  'nvidia-l4': GpuModel.L4,
};

const SPOT_LIST = 'GCP Spot list price (Cloud Billing Catalog SKUs; a one-day snapshot: Google may change Spot prices daily)';
const SPOT_N1 = 'N1 host Spot list price (Cloud Billing Catalog) + GPU price from the Cluster Autoscaler legacy preemptible list (the data has no current Spot price for attachable GPUs)';

/** Rounds a sum of prices to 1e-9 USD, so that float noise never reaches the snapshot. */
function sum(a: number, b: number): number {
  return Math.round((a + b) * 1e9) / 1e9;
}

function arch(file: string, name: string, value: unknown): string {
  if (value !== Architecture.AMD64 && value !== Architecture.ARM64) throw invalid(file, `row ${name} has arch ${JSON.stringify(value)}`);
  return value;
}

/**
 * Machine types named as sold only as Spot or Flex-start by a note of gcp-gpu-prices.json, e.g.
 * "a3-highgpu-1g/2g/4g: Google offers these only as Spot or Flex-start (DWS); …".
 */
export function spotOnlyFromNotes(notes: unknown): Set<string> {
  const names = new Set<string>();
  for (const note of Array.isArray(notes) ? notes : []) {
    const m = /^([a-z0-9-]+?)-(\d+g(?:\/\d+g)*):\s*Google offers these only as Spot/.exec(String(note));
    if (m) for (const size of m[2].split('/')) names.add(`${m[1]}-${size}`);
  }
  return names;
}

/**
 * GCE machine types: the CPU and Arm types of gcp-machines.json and the bundled-GPU types of
 * gcp-gpu-prices.json, priced per region from the Cloud Billing Catalog (pricing.yml); the N1 + GPU
 * combinations of gcp-gpu-machines.json (shapes only) priced as N1 host (per region) + attachable GPU
 * (us-central1 list price only). No price comes from gcp-gpu-machines.json.
 */
export function extractGcp(
  inputs: CatalogInputs, sources: SourceTable, regionIndex: (region: string) => number,
): { gcp: GcpSnapshot; excluded: ExcludedType[] } {
  const excluded: ExcludedType[] = [];
  const types: GcpTypeRow[] = [];
  const spotBases = [SPOT_LIST, SPOT_N1];

  // --- CPU and Arm machine types
  const cpuFile = DATA_FILES.gcpMachines;
  const cpuDoc = jsonInput(inputs, cpuFile);
  const cpuSrc = objectField(cpuFile, cpuDoc, 'source');
  const billing = objectField(cpuFile, cpuSrc, 'billing_catalog_prices_and_shapes');
  const billingSource = sources.addObject(billing);
  const archSrc = objectField(cpuFile, cpuSrc, 'architecture');
  const cpuSpecSource = sources.add(
    `${sources.all()[billingSource][0]} (shapes); arch: ${archSrc.repo} @ ${String(archSrc.file_last_changed_commit ?? archSrc.commit).slice(0, 7)} ${archSrc.path}`,
    sources.all()[billingSource][1],
  );
  const cpuPrices = objectField(cpuFile, cpuDoc, 'prices_by_region');
  const info = objectField(cpuFile, cpuDoc, 'prices_by_region_info');
  const uncertain = new Map<string, Set<string>>();
  for (const e of arrayField(cpuFile, info, 'excluded_understated')) {
    const set = uncertain.get(field(cpuFile, e, 'machine_type', 'string')) ?? new Set<string>();
    set.add(field(cpuFile, e, 'region', 'string'));
    uncertain.set(e.machine_type, set);
  }
  const pricedRegions = arrayField(cpuFile, info, 'regions').map((r) => regionIndex(String(r))).sort((a, b) => a - b);
  for (const row of arrayField(cpuFile, cpuDoc, 'rows')) {
    const name = field(cpuFile, row, 'machine_type', 'string');
    const vcpus = optionalNumber(cpuFile, row, 'vcpu');
    const memory = optionalNumber(cpuFile, row, 'memory_gib');
    if (vcpus === undefined || memory === undefined) {
      excluded.push({ cloud: 'gcp', name, reason: 'no shape in the data (Cluster Autoscaler price table only)' });
      continue;
    }
    const prices: Array<number | null> = [];
    for (const region of Object.keys(cpuPrices).sort(compareStrings)) {
      const p = cpuPrices[region]?.[name];
      if (p === undefined) continue;
      prices.push(regionIndex(region), optionalNumber(cpuFile, p, 'on_demand') ?? null, optionalNumber(cpuFile, p, 'spot') ?? null);
    }
    const availability: GcpAvailability = ['priced', billingSource, [...uncertain.get(name) ?? []].map(regionIndex).sort((a, b) => a - b)];
    types.push([name, arch(cpuFile, name, row.arch), vcpus, memory, '', 0, 0, '', 1, cpuSpecSource, billingSource, 0, availability, prices]);
  }

  // --- GPU machine types with bundled GPUs
  const gpuFile = DATA_FILES.gcpGpuPrices;
  const gpuDoc = jsonInput(inputs, gpuFile);
  const gpuSrc = objectField(gpuFile, gpuDoc, 'source');
  const gpuBilling = sources.addObject(objectField(gpuFile, gpuSrc, 'billing_catalog_prices_and_shapes'));
  const machineList = sources.addObject(objectField(gpuFile, gpuSrc, 'machine_type_regions'), '(gcloud compute machine-types list)');
  const acceleratorList = sources.addObject(objectField(gpuFile, gpuSrc, 'accelerator_type_regions'), '(gcloud compute accelerator-types list)');
  const attachableSrc = objectField(gpuFile, gpuSrc, 'attachable_gpu_unit_prices');
  const spotOnly = spotOnlyFromNotes(gpuDoc.notes);
  const legacyFile = DATA_FILES.gcpGpuMachines;
  const legacyRows = arrayField(legacyFile, jsonInput(inputs, legacyFile), 'machines');
  const nvlink = (name: string, accelerator: string): 0 | 1 =>
    legacyRows.some((r) => r?.machine_type === name && r?.accelerator_type === accelerator && r?.nvlink === true) ? 1 : 0;

  for (const row of arrayField(gpuFile, gpuDoc, 'machines')) {
    const name = field(gpuFile, row, 'machine_type', 'string');
    const accelerator = field(gpuFile, row, 'accelerator_type', 'string');
    const count = field(gpuFile, row, 'gpu_count', 'number');
    const model = GKE_ACCELERATOR_GPU[accelerator];
    if (!model || !Number.isInteger(count) || count < 1) {
      excluded.push({ cloud: 'gcp', name, reason: `accelerator ${accelerator} x ${count}: no GpuModel (or a fractional GPU)` });
      continue;
    }
    const offered = optionalStrings(gpuFile, row, 'offered_in_regions');
    if (!offered) throw invalid(gpuFile, `${name} has no offered_in_regions`);
    const isSpotOnly = spotOnly.has(name);
    const byRegion = objectField(gpuFile, row, 'prices_by_region');
    const prices: Array<number | null> = [];
    for (const region of Object.keys(byRegion).sort(compareStrings)) {
      const p = byRegion[region];
      // Spot-only shapes: the data's on-demand figure is a list equivalent, not a price anyone can pay.
      prices.push(regionIndex(region), isSpotOnly ? null : optionalNumber(gpuFile, p, 'on_demand') ?? null, optionalNumber(gpuFile, p, 'spot') ?? null);
    }
    types.push([
      name, Architecture.AMD64, field(gpuFile, row, 'vcpu', 'number'), field(gpuFile, row, 'memory_gib', 'number'), model.id, count,
      nvlink(name, accelerator), accelerator, isSpotOnly ? 0 : 1, gpuBilling, gpuBilling, 0,
      ['listed', machineList, offered.map(regionIndex).sort((a, b) => a - b)], prices,
    ]);
  }
  for (const row of arrayField(gpuFile, gpuDoc, 'unpriced_machine_types')) {
    excluded.push({ cloud: 'gcp', name: String(row?.machine_type), reason: 'listed by gcloud, but no shape or price in the data' });
  }

  // --- N1 + attachable GPU: shapes from gcp-gpu-machines.json, prices = N1 host + n x GPU unit price
  const hostPrices = objectField(gpuFile, gpuDoc, 'n1_host_prices_by_region');
  const attachable = new Map<string, any>(arrayField(gpuFile, gpuDoc, 'attachable_gpus').map((g) => [field(gpuFile, g, 'accelerator_type', 'string'), g]));
  const n1Source = sources.add(
    `${sources.all()[gpuBilling][0]} compute.instance.<n1 type> (N1 host) + ${attachableSrc.repo} @ ${String(attachableSrc.file_last_changed_commit ?? attachableSrc.commit).slice(0, 7)} ${attachableSrc.path} gpuPrices (GPU, us-central1 list price)`,
    [sources.all()[gpuBilling][1], String(attachableSrc.file_last_changed ?? '').slice(0, 10)].filter((d) => d).sort()[0] ?? '',
  );
  const n1Shapes = sources.add(
    `${attachableSrc.repo} @ ${String(attachableSrc.file_last_changed_commit ?? attachableSrc.commit).slice(0, 7)} ${attachableSrc.path} (N1 shapes and GPU combinations, as listed in ${legacyFile})`,
    String(attachableSrc.file_last_changed ?? '').slice(0, 10),
  );
  for (const row of legacyRows.filter((r) => typeof r?.machine_type === 'string' && r.machine_type.startsWith('n1-'))) {
    const name: string = row.machine_type;
    const accelerator = field(legacyFile, row, 'accelerator_type', 'string');
    const model = GKE_ACCELERATOR_GPU[accelerator];
    const gpu = attachable.get(accelerator);
    if (!model || !gpu) {
      excluded.push({ cloud: 'gcp', name: `${name} + ${accelerator}`, reason: 'no GpuModel or no attachable GPU price' });
      continue;
    }
    const count = field(legacyFile, row, 'gpu_count', 'number');
    const units = objectField(gpuFile, gpu, 'unit_price_by_region');
    const prices: Array<number | null> = [];
    for (const region of Object.keys(units).sort(compareStrings)) {
      const host = hostPrices[region]?.[name];
      const unit = units[region];
      if (!host) continue;
      const hostOd = optionalNumber(gpuFile, host, 'on_demand');
      const hostSpot = optionalNumber(gpuFile, host, 'spot');
      const unitOd = optionalNumber(gpuFile, unit, 'on_demand');
      const unitSpot = optionalNumber(gpuFile, unit, 'spot') ?? optionalNumber(gpuFile, unit, 'preemptible_legacy');
      prices.push(
        regionIndex(region),
        hostOd !== undefined && unitOd !== undefined ? sum(hostOd, count * unitOd) : null,
        hostSpot !== undefined && unitSpot !== undefined ? sum(hostSpot, count * unitSpot) : null,
      );
    }
    const offered = optionalStrings(gpuFile, gpu, 'offered_in_regions') ?? [];
    types.push([
      name, Architecture.AMD64, field(legacyFile, row, 'vcpu', 'number'), field(legacyFile, row, 'memory_gib', 'number'), model.id, count,
      nvlink(name, accelerator), accelerator, 1, n1Shapes, n1Source, 1, ['listed', acceleratorList, offered.map(regionIndex).sort((a, b) => a - b)], prices,
    ]);
  }

  types.sort((a, b) => compareStrings(a[0], b[0]) || compareStrings(a[7], b[7]));
  for (let i = 1; i < types.length; i++) {
    if (types[i][0] === types[i - 1][0] && types[i][7] === types[i - 1][7]) throw invalid(cpuFile, `${types[i][0]} + ${types[i][7]} appears twice`);
  }
  return { gcp: { pricedRegions, spotBases, types }, excluded };
}

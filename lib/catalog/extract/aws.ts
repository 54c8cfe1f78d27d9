import { Architecture, GpuModel } from '../../core/gpu-model';
import { compareStrings } from '../../core/order';
import { CatalogInputs, DATA_FILES, arrayField, field, invalid, jsonInput, objectField, optionalNumber, optionalString } from '../data-files';
import { AwsSnapshot, AwsTypeRow } from '../snapshot-format';
import { SourceTable } from './sources';

/** A type of the data the catalog leaves out, and why (reported by the update script). */
export interface ExcludedType {
  readonly cloud: string;
  readonly name: string;
  readonly reason: string;
}

/**
 * The GpuModel of a GPU family and the memory per GPU the cloud reports (MiB): the variant of the
 * family whose nominal memory is within 10% (EC2 reports A10G/L4 as 22,888 MiB for 24 GB boards).
 * Fractional GPUs (g6f: 1/8 of an L4 = 2,861 MiB) match no variant.
 */
export function gpuModelFor(family: string, memoryMiB: number): GpuModel | undefined {
  return GpuModel.all()
    .filter((m) => m.family === family)
    .map((m) => ({ m, off: Math.abs(m.memoryGiB * 1024 - memoryMiB) / (m.memoryGiB * 1024) }))
    .filter((c) => c.off <= 0.1)
    .sort((a, b) => a.off - b.off)[0]?.m;
}

function arch(file: string, name: string, value: unknown): string {
  if (value !== Architecture.AMD64 && value !== Architecture.ARM64) throw invalid(file, `row ${name} has arch ${JSON.stringify(value)}`);
  return value;
}

interface AwsSpecs {
  readonly arch: string;
  readonly vcpus: number;
  readonly memoryGiB: number;
  readonly gpuId: string;
  readonly gpuCount: number;
  readonly efa: number;
  readonly source: number;
}

/**
 * AWS instance types from aws-instances.json (Karpenter's instance-type reference and pricing
 * files), completed by aws-gpu-instances.json for the p3 specs it lacks and the editorial NVLink
 * flag, with spot data from the Spot Instance Advisor. CPU-only types are kept; types with an
 * accelerator the library does not model (AMD or fractional GPUs, GPUs without a GpuModel,
 * Inferentia/Trainium/Qualcomm) and types without specs are left out.
 */
export function extractAws(
  inputs: CatalogInputs, sources: SourceTable, regionIndex: (region: string) => number,
): { aws: AwsSnapshot; excluded: ExcludedType[] } {
  const file = DATA_FILES.awsInstances;
  const doc = jsonInput(inputs, file);
  const src = objectField(file, doc, 'source');
  const rows = arrayField(file, doc, 'rows');
  const prices = objectField(file, doc, 'prices_by_region');

  const legacyFile = DATA_FILES.awsGpuInstances;
  const legacyDoc = jsonInput(inputs, legacyFile);
  const legacy = new Map<string, any>(arrayField(legacyFile, legacyDoc, 'instances').map((r) => [field(legacyFile, r, 'instance_type', 'string'), r]));
  const legacySpecs = String(objectField(legacyFile, legacyDoc, 'meta').sources?.specs ?? '');

  const advisorFile = DATA_FILES.awsSpotAdvisor;
  const advisor = jsonInput(inputs, advisorFile);
  const byRegion = objectField(advisorFile, advisor, 'by_region');
  const ranges = arrayField(advisorFile, advisor, 'ranges').map((r, i) => {
    if (field(advisorFile, r, 'index', 'number') !== i) throw invalid(advisorFile, `range ${i} is out of order`);
    return [field(advisorFile, r, 'label', 'string'), field(advisorFile, r, 'max', 'number')] as [string, number];
  });

  const specSource = sources.addObject(objectField(file, src, 'specs'));
  // Sources in a fixed order: specs, then the price files by region name, then the advisor.
  const onDemandSources = Object.keys(prices).sort(compareStrings).map((region) => {
    const priceSrc = region.startsWith('us-gov-') ? objectField(file, src, 'prices_us_gov') : region === 'us-east-1' ? objectField(file, src, 'prices_us_east_1') : undefined;
    if (!priceSrc) throw invalid(file, `no source object for the prices of ${region}`);
    return [regionIndex(region), sources.addObject(priceSrc, String(priceSrc.map ?? ''))] as [number, number];
  });
  const spotSource = sources.addObject(objectField(advisorFile, advisor, 'source'), `(AWS Spot Instance Advisor, ${String(advisor.os ?? 'Linux')})`);
  const legacySource = legacySpecs ? sources.add(legacySpecs, /\d{4}-\d{2}-\d{2}/.exec(legacySpecs)?.[0] ?? '') : -1;

  const spotByType = new Map<string, number[]>();
  for (const region of Object.keys(byRegion).sort(compareStrings)) {
    const entries = objectField(advisorFile, byRegion, region);
    for (const name of Object.keys(entries).sort(compareStrings)) {
      const e = entries[name];
      const range = field(advisorFile, e, 'interruption_index', 'number');
      if (!ranges[range]) throw invalid(advisorFile, `${region} ${name} has interruption_index ${range}, which no range has`);
      const list = spotByType.get(name) ?? [];
      list.push(regionIndex(region), field(advisorFile, e, 'savings_pct', 'number'), range);
      spotByType.set(name, list);
    }
  }

  const excluded: ExcludedType[] = [];
  const types: AwsTypeRow[] = [];
  const sorted = [...rows].sort((a, b) => compareStrings(field(file, a, 'instance_type', 'string'), field(file, b, 'instance_type', 'string')));
  for (const row of sorted) {
    const name: string = row.instance_type;
    const old = legacy.get(name);
    const specs = row.in_karpenter_specs === true ? karpenterSpecs(file, row, specSource)
      : old ? legacySpecsOf(legacyFile, old, legacySource) : undefined;
    if (!specs) {
      excluded.push({ cloud: 'aws', name, reason: 'no specs in the data (priced only)' });
      continue;
    }
    if (typeof specs === 'string') {
      excluded.push({ cloud: 'aws', name, reason: specs });
      continue;
    }
    const onDemand: number[] = [];
    const perRegion = objectField(file, row, 'on_demand_usd_per_hour');
    for (const region of Object.keys(perRegion).sort(compareStrings)) {
      if (!(region in prices)) continue; // CNY regions are kept apart by the data and never mixed with USD
      const usd = perRegion[region];
      if (typeof usd !== 'number' || !Number.isFinite(usd) || usd <= 0) throw invalid(file, `${name} has price ${JSON.stringify(usd)} in ${region}`);
      onDemand.push(regionIndex(region), usd);
    }
    types.push([
      name, specs.arch, specs.vcpus, specs.memoryGiB, specs.gpuId, specs.gpuCount, old?.nvlink === true ? 1 : 0,
      specs.efa, specs.source, onDemand, spotByType.get(name) ?? [],
    ]);
  }
  const spotRegions = Object.keys(byRegion).map(regionIndex).sort((a, b) => a - b);
  return { aws: { onDemandSources, spotSource, spotRanges: ranges, spotRegions, types }, excluded };
}

/** The specs of a Karpenter reference row, or why the type is left out. */
function karpenterSpecs(file: string, row: any, source: number): AwsSpecs | string {
  const name = row.instance_type;
  const base = {
    arch: arch(file, name, row.arch),
    vcpus: field(file, row, 'vcpu', 'number'),
    memoryGiB: field(file, row, 'memory_gib', 'number'),
    efa: field(file, row, 'efa_interfaces', 'number'),
    source,
  };
  const gpuName = optionalString(file, row, 'gpu_name');
  const gpuCount = optionalNumber(file, row, 'gpu_count') ?? 0;
  const accelerators = optionalNumber(file, row, 'accelerator_count') ?? 0;
  if (accelerators > 0 || optionalString(file, row, 'accelerator_name')) {
    return `accelerator ${row.accelerator_name} (not a GPU the library models)`;
  }
  if (!gpuName) return { ...base, gpuId: '', gpuCount: 0 };
  const memory = optionalNumber(file, row, 'gpu_memory_mib_per_gpu') ?? 0;
  const model = gpuModelFor(gpuName, memory);
  if (!model || gpuCount < 1) {
    return `GPU ${row.gpu_manufacturer ?? '?'} ${gpuName}, ${memory} MiB x ${gpuCount}: no GpuModel (or a fractional GPU)`;
  }
  return { ...base, gpuId: model.id, gpuCount };
}

function legacySpecsOf(file: string, row: any, source: number): AwsSpecs {
  const name = row.instance_type;
  const model = GpuModel.tryFind(field(file, row, 'gpu_key', 'string'), field(file, row, 'gpu_memory_gib_per_gpu_nominal', 'number'));
  if (!model) throw invalid(file, `row ${name} has GPU ${row.gpu_key} ${row.gpu_memory_gib_per_gpu_nominal} GiB, which no GpuModel names`);
  return {
    arch: arch(file, name, row.arch),
    vcpus: field(file, row, 'vcpu', 'number'),
    memoryGiB: field(file, row, 'memory_gib', 'number'),
    gpuId: model.id,
    gpuCount: field(file, row, 'gpu_count', 'number'),
    efa: field(file, row, 'efa_interfaces', 'number'),
    source,
  };
}

import { CloudProvider } from '../core/cloud';
import { ErrorCode, ValidationError } from '../core/errors';
import { Architecture, GpuModel } from '../core/gpu-model';
import { CatalogData, GpuSpec, GridIntensity, InstanceOffering, PowerUsageEffectiveness, RegionalPrice, RegionInfo, StoragePrice } from './types';

function bad(pathName: string, value: unknown, what: string): ValidationError {
  return new ValidationError(ErrorCode.CATALOG_DATA_INVALID, {
    message: `Catalog data passed to Catalog.fromData is invalid at ${pathName}: ${what}.`,
    received: value === undefined ? 'undefined' : value,
    fix: 'Pass data shaped like the catalog\'s own (e.g. start from Catalog.default().offerings(cloud)).',
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(p: string, v: unknown, optional = false): void {
  if (optional && v === undefined) return;
  if (typeof v !== 'string' || v.length === 0) throw bad(p, v, 'expected a non-empty string');
}

function num(p: string, v: unknown, opts: { optional?: boolean; integer?: boolean; positive?: boolean } = {}): void {
  if (opts.optional && v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (opts.integer && !Number.isInteger(v)) || (opts.positive && v <= 0)) {
    throw bad(p, v, `expected a finite ${opts.positive ? 'positive' : 'non-negative'} ${opts.integer ? 'integer' : 'number'}`);
  }
}

function bool(p: string, v: unknown): void {
  if (typeof v !== 'boolean') throw bad(p, v, 'expected true or false');
}

function list(p: string, v: unknown, optional = false): unknown[] {
  if (optional && v === undefined) return [];
  if (!Array.isArray(v)) throw bad(p, v, 'expected an array');
  return v;
}

function strings(p: string, v: unknown): string[] {
  const items = list(p, v, true);
  items.forEach((s, i) => str(`${p}[${i}]`, s));
  return [...items] as string[];
}

function price(p: string, v: unknown): RegionalPrice {
  if (!isObject(v)) throw bad(p, v, 'expected a RegionalPrice object');
  str(`${p}.region`, v.region);
  num(`${p}.onDemandUsdPerHour`, v.onDemandUsdPerHour, { optional: true, positive: true });
  num(`${p}.spotUsdPerHour`, v.spotUsdPerHour, { optional: true, positive: true });
  for (const k of ['spotBasis', 'source', 'retrieved']) str(`${p}.${k}`, v[k]);
  return { ...v } as unknown as RegionalPrice;
}

function offering(p: string, v: unknown): InstanceOffering {
  if (!isObject(v)) throw bad(p, v, 'expected an InstanceOffering object');
  if (!Object.values(CloudProvider).includes(v.cloud as CloudProvider)) throw bad(`${p}.cloud`, v.cloud, 'expected a CloudProvider');
  str(`${p}.name`, v.name);
  if (v.gpu !== undefined && !GpuModel.all().includes(v.gpu as GpuModel)) throw bad(`${p}.gpu`, v.gpu, 'expected a GpuModel constant or undefined');
  num(`${p}.gpuCount`, v.gpuCount, { integer: true });
  if ((v.gpu === undefined) !== (v.gpuCount === 0)) throw bad(`${p}.gpuCount`, v.gpuCount, 'a GPU model needs a GPU count of at least 1, a CPU-only type (no gpu) a count of 0');
  num(`${p}.gpuMemoryGiB`, v.gpuMemoryGiB);
  num(`${p}.vcpus`, v.vcpus, { positive: true });
  num(`${p}.memoryGiB`, v.memoryGiB, { positive: true });
  if (!Object.values(Architecture).includes(v.architecture as Architecture)) throw bad(`${p}.architecture`, v.architecture, 'expected an Architecture');
  bool(`${p}.nvlink`, v.nvlink);
  num(`${p}.efaInterfaces`, v.efaInterfaces, { integer: true });
  str(`${p}.acceleratorType`, v.acceleratorType, true);
  bool(`${p}.onDemandOffered`, v.onDemandOffered);
  str(`${p}.source`, v.source);
  str(`${p}.availabilityBasis`, v.availabilityBasis, true);
  const prices = list(`${p}.prices`, v.prices).map((x, i) => price(`${p}.prices[${i}]`, x));
  if (new Set(prices.map((x) => x.region)).size !== prices.length) throw bad(`${p}.prices`, prices.map((x) => x.region), 'one price row per region');
  return {
    ...v,
    prices,
    offeredInRegions: strings(`${p}.offeredInRegions`, v.offeredInRegions),
    notOfferedInRegions: strings(`${p}.notOfferedInRegions`, v.notOfferedInRegions),
  } as unknown as InstanceOffering;
}

function rows<T>(p: string, v: unknown, required: string[], extra?: (p: string, row: Record<string, unknown>) => void): T[] | undefined {
  if (v === undefined) return undefined;
  return list(p, v).map((row, i) => {
    if (!isObject(row)) throw bad(`${p}[${i}]`, row, 'expected an object');
    for (const k of required) if (row[k] === undefined) throw bad(`${p}[${i}].${k}`, undefined, 'required');
    extra?.(`${p}[${i}]`, row);
    return { ...row } as unknown as T;
  });
}

/** Checks and copies the data of `Catalog.fromData`; anything malformed is `CATALOG_DATA_INVALID` naming the path. */
export function checkCatalogData(data: CatalogData): CatalogData {
  if (!isObject(data)) throw bad('data', data, 'expected a CatalogData object');
  const offerings = list('offerings', data.offerings).map((o, i) => offering(`offerings[${i}]`, o));
  const seen = new Set<string>();
  for (const o of offerings) {
    const key = `${o.cloud} ${o.name} ${o.acceleratorType ?? ''}`;
    if (seen.has(key)) throw bad('offerings', key, 'each (cloud, name, acceleratorType) may appear once');
    seen.add(key);
  }
  const cloud = (p: string, row: Record<string, unknown>) => {
    if (!Object.values(CloudProvider).includes(row.cloud as CloudProvider)) throw bad(`${p}.cloud`, row.cloud, 'expected a CloudProvider');
  };
  return {
    offerings,
    gpuSpecs: rows<GpuSpec>('gpuSpecs', data.gpuSpecs, ['model', 'boardPowerWatts', 'powerSource', 'migCapable', 'migProfiles', 'migPciDeviceIds', 'maxMigInstances'], (p, r) => {
      if (!GpuModel.all().includes(r.model as GpuModel)) throw bad(`${p}.model`, r.model, 'expected a GpuModel constant');
      num(`${p}.boardPowerWatts`, r.boardPowerWatts, { positive: true });
    }),
    gridIntensities: rows<GridIntensity>('gridIntensities', data.gridIntensities, ['cloud', 'region', 'gramsCo2ePerKwh', 'source'], (p, r) => {
      cloud(p, r);
      num(`${p}.gramsCo2ePerKwh`, r.gramsCo2ePerKwh);
    }),
    powerUsageEffectiveness: rows<PowerUsageEffectiveness>('powerUsageEffectiveness', data.powerUsageEffectiveness, ['cloud', 'pue', 'source'], (p, r) => {
      cloud(p, r);
      str(`${p}.region`, r.region, true);
      num(`${p}.pue`, r.pue);
      if ((r.pue as number) < 1) throw bad(`${p}.pue`, r.pue, 'a PUE is at least 1 (facility energy over IT energy)');
    }),
    regions: rows<RegionInfo>('regions', data.regions, ['cloud', 'name', 'description', 'source'], (p, r) => {
      cloud(p, r);
      for (const k of ['zones', 'zonesWithGpus', 'zoneIds']) r[k] = strings(`${p}.${k}`, r[k]);
    }),
    storagePrices: rows<StoragePrice>('storagePrices', data.storagePrices, ['cloud', 'service', 'item', 'usd', 'unit', 'derivation', 'source'], (p, r) => {
      cloud(p, r);
      num(`${p}.usd`, r.usd);
    }),
    sources: rows('sources', data.sources, ['file', 'origin']),
  };
}

import { CloudProvider } from '../core/cloud';
import { GpuModel } from '../core/gpu-model';
import { SnapshotData } from './snapshot-format';
import { CatalogSource, GpuSpec, GridIntensity, PowerUsageEffectiveness, RegionInfo, StoragePrice } from './types';

/** Everything a catalog holds besides offerings, decoded from a snapshot. */
export interface DecodedFacts {
  readonly gpuSpecs: Map<string, GpuSpec>;
  readonly grid: GridIntensity[];
  readonly regions: RegionInfo[];
  readonly storage: StoragePrice[];
  readonly pue: PowerUsageEffectiveness[];
  readonly sources: CatalogSource[];
}

/** Decodes GPU specs, grid carbon, regions, storage prices and PUE; `origin` says where the files were read. */
export function decodeFacts(data: SnapshotData, origin: (file: string) => string): DecodedFacts {
  const { facts, sources } = data;
  const gpuSpecs = new Map<string, GpuSpec>();
  for (const [id, watts, powerSource, mig] of facts.gpus) {
    const model = GpuModel.of(id);
    gpuSpecs.set(id, {
      model,
      boardPowerWatts: watts,
      powerSource,
      migCapable: mig !== null,
      migProfiles: mig ? mig[3].map(([name, maxInstances, memoryMiB]) => ({ name, maxInstances, ...(memoryMiB !== null ? { memoryMiB } : {}) })) : [],
      migPciDeviceIds: mig ? [...mig[2]] : [],
      maxMigInstances: mig ? mig[0] : 0,
      ...(mig ? { migSource: mig[1] } : {}),
    });
  }
  const regions = facts.regions.map(([cloud, name, description, partition, zones, withGpus, zoneIds, zoneCount, source]): RegionInfo => {
    const [text, date] = sources[source];
    return {
      cloud: cloud as CloudProvider,
      name,
      description,
      ...(partition ? { partition } : {}),
      zones: zones ? [...zones] : [],
      zonesWithGpus: withGpus ? [...withGpus] : [],
      zoneIds: zoneIds ? [...zoneIds] : [],
      ...(zoneCount !== null ? { zoneCount } : {}),
      source: text,
      ...(date ? { retrieved: date } : {}),
    };
  });
  return {
    gpuSpecs,
    grid: facts.grid.map(([cloud, region, grams, source]) => ({ cloud: cloud as CloudProvider, region, gramsCo2ePerKwh: grams, source: sources[source][0] })),
    regions,
    storage: facts.storage.map(([cloud, service, item, region, usd, unit, derivation, lower, upper, note, source]): StoragePrice => {
      const [text, date] = sources[source];
      return {
        cloud: cloud as CloudProvider,
        service,
        item,
        ...(region !== null ? { region } : {}),
        usd,
        unit,
        derivation,
        ...(lower !== null ? { usdLowerBound: lower } : {}),
        ...(upper !== null ? { usdUpperBound: upper } : {}),
        ...(note !== null ? { note } : {}),
        source: text,
        ...(date ? { retrieved: date } : {}),
      };
    }),
    pue: facts.pue.map(([cloud, region, pue, key, source]): PowerUsageEffectiveness => {
      const [text, date] = sources[source];
      return {
        cloud: cloud as CloudProvider,
        ...(region !== null ? { region } : {}),
        pue,
        source: `${text}, ${key}`,
        ...(date ? { retrieved: date } : {}),
      };
    }),
    sources: data.files.map(([file, description]) => ({ file, origin: `${origin(file)}${description ? ` (${description})` : ''}` })),
  };
}

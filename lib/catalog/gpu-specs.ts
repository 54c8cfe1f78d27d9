import { GpuModel } from '../core/gpu-model';
import { DATA_FILES, field, invalid, readJson } from './data-files';
import { GpuSpec, MigProfileSpec } from './types';

/** Board power and MIG tables per GPU model, from gpu-tdp.json and mig-profiles.json. */
export function loadGpuSpecs(dir: string): Map<string, GpuSpec> {
  const power = readJson(dir, DATA_FILES.gpuPower);
  const mig = readJson(dir, DATA_FILES.migProfiles);
  if (!Array.isArray(power?.gpus)) throw invalid(DATA_FILES.gpuPower, 'no "gpus" array');
  if (!Array.isArray(mig?.gpus)) throw invalid(DATA_FILES.migProfiles, 'no "gpus" array');

  const specs = new Map<string, GpuSpec>();
  for (const model of GpuModel.all()) {
    const powerRow = power.gpus.find((g: any) => g?.key === model.family);
    if (!powerRow) throw invalid(DATA_FILES.gpuPower, `no row with key "${model.family}" for ${model.id}`);
    const migRow = findMigRow(mig.gpus, model);
    const profiles: MigProfileSpec[] = migRow
      ? migRow.profiles.map((p: any) => ({
        name: field(DATA_FILES.migProfiles, p, 'profile', 'string'),
        maxInstances: field(DATA_FILES.migProfiles, p, 'maxInstances', 'number'),
        memoryMiB: typeof p.memoryMiB === 'number' ? p.memoryMiB : undefined,
      }))
      : [];
    specs.set(model.id, {
      model,
      boardPowerWatts: field(DATA_FILES.gpuPower, powerRow, 'tdp_w', 'number'),
      powerSource: field(DATA_FILES.gpuPower, powerRow, 'source', 'string'),
      migCapable: migRow !== undefined,
      migProfiles: profiles,
      migPciDeviceIds: migRow && Array.isArray(migRow.pciDeviceIds) ? (migRow.pciDeviceIds as string[]).map(String) : [],
      maxMigInstances: migRow ? field(DATA_FILES.migProfiles, migRow, 'maxInstances', 'number') : 0,
      migSource: migRow ? (migRow.sources as string[]).join('; ') : undefined,
    });
  }
  return specs;
}

/** mig-profiles.json names rows like "A100-80GB (SXM4/PCIe), A800-80GB": match on "<FAMILY>-<memory>GB". */
function findMigRow(rows: any[], model: GpuModel): any | undefined {
  const prefix = `${model.family.toUpperCase()}-${model.memoryGiB}GB`;
  const row = rows.find((r) => typeof r?.gpu === 'string' && (r.gpu === prefix || r.gpu.startsWith(`${prefix} `)));
  if (row && !Array.isArray(row.profiles)) throw invalid(DATA_FILES.migProfiles, `row ${row.gpu} has no profiles`);
  return row;
}

import { Catalog } from '../../lib/catalog/catalog';
import { GpuModel } from '../../lib/core/gpu-model';
import { DATA_DIR, GpuPowerFile, MigProfilesFile, describeWithData, readDataJson } from './shared-data';

// The models the platform must support (issue requirement).
const REQUIRED: GpuModel[] = [
  GpuModel.T4, GpuModel.L4, GpuModel.A10G, GpuModel.L40S, GpuModel.V100_16GB,
  GpuModel.A100_40GB, GpuModel.A100_80GB, GpuModel.H100_80GB, GpuModel.H200_141GB,
];

// Board power from the NVIDIA datasheets as recorded in SOURCES.md ("V100 300, A100 400, H100 700, H200 700,
// L4 72, T4 70, A10G 150, L40S 350").
const DATASHEET_WATTS: Array<[GpuModel, number]> = [
  [GpuModel.T4, 70], [GpuModel.L4, 72], [GpuModel.A10G, 150], [GpuModel.L40S, 350], [GpuModel.V100_16GB, 300],
  [GpuModel.A100_40GB, 400], [GpuModel.A100_80GB, 400], [GpuModel.H100_80GB, 700], [GpuModel.H200_141GB, 700],
];

// Which mig-profiles.json row describes which model, spelled out (not derived the way the loader derives it).
// MIG-capable among our models: A100 and H100/H200 (https://docs.nvidia.com/datacenter/tesla/mig-user-guide/).
const MIG_ROWS: Array<[GpuModel, string]> = [
  [GpuModel.A100_40GB, 'A100-40GB (SXM4/PCIe), A800-40GB'],
  [GpuModel.A100_80GB, 'A100-80GB (SXM4/PCIe), A800-80GB'],
  [GpuModel.H100_80GB, 'H100-80GB (SXM5/PCIe), H800-80GB'],
  [GpuModel.H200_141GB, 'H200-141GB (SXM), H200 NVL'],
];
const MIG_IDS = new Set(MIG_ROWS.map(([m]) => m.id));

describeWithData('GPU specs (gpu-tdp.json, mig-profiles.json)', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const power = readDataJson<GpuPowerFile>('gpu-tdp.json');
  const mig = readDataJson<MigProfilesFile>('mig-profiles.json');

  test.each(REQUIRED.map((m) => [m.id, m] as const))('%s has a positive board power with a source', (_id, model) => {
    const spec = catalog.gpuSpec(model);
    expect(spec.model).toBe(model);
    expect(spec.boardPowerWatts).toBeGreaterThan(0);
    expect(spec.powerSource.trim()).not.toBe('');
  });

  test.each(DATASHEET_WATTS.map(([m, w]) => [m.id, w, m] as const))('%s board power is %d W (datasheet), as gpu-tdp.json says', (_id, watts, model) => {
    const row = power.gpus.find((g) => g.key === model.family);
    expect(row?.tdp_w).toBe(watts);
    expect(catalog.gpuSpec(model).boardPowerWatts).toBe(watts);
  });

  test('every known model has facts (no UNKNOWN_GPU_MODEL from gpuSpec)', () => {
    for (const model of GpuModel.all()) expect(catalog.gpuSpec(model).model).toBe(model);
  });

  test.each(GpuModel.all().map((m) => [m.id, MIG_IDS.has(m.id), m] as const))('%s: MIG-capable is %s', (_id, capable, model) => {
    const spec = catalog.gpuSpec(model);
    expect(spec.migCapable).toBe(capable);
    if (!capable) {
      expect(spec.migProfiles).toEqual([]);
      expect(spec.maxMigInstances).toBe(0);
      expect(spec.migSource).toBeUndefined();
    }
  });

  test.each(MIG_ROWS.map(([m, row]) => [m.id, row, m] as const))('%s has the profile table of mig-profiles.json row "%s"', (_id, rowName, model) => {
    const row = mig.gpus.find((g) => g.gpu === rowName);
    expect(row).toBeDefined();
    const spec = catalog.gpuSpec(model);
    const byName = (ps: Array<{ name: string; maxInstances: number; memoryMiB?: number }>) =>
      Object.fromEntries(ps.map((p) => [p.name, { maxInstances: p.maxInstances, memoryMiB: p.memoryMiB }]));
    expect(byName(spec.migProfiles)).toEqual(byName(row!.profiles.map((p) => ({ name: p.profile, maxInstances: p.maxInstances, memoryMiB: p.memoryMiB }))));
    expect(spec.maxMigInstances).toBe(row!.maxInstances);
    expect(spec.migSource).toContain('mig-parted');
  });

  // Facts from NVIDIA's MIG user guide, "Supported MIG Profiles" (A100 and H100/H200 tables).
  test.each<[GpuModel, string, number]>([
    [GpuModel.A100_40GB, '1g.5gb', 7],
    [GpuModel.A100_40GB, '3g.20gb', 2],
    [GpuModel.A100_40GB, '7g.40gb', 1],
    [GpuModel.A100_80GB, '1g.10gb', 7],
    [GpuModel.H100_80GB, '1g.10gb', 7],
    [GpuModel.H200_141GB, '1g.18gb', 7],
  ])('%s offers %s with at most %d instances', (model, profile, max) => {
    expect(catalog.gpuSpec(model).migProfiles.find((p) => p.name === profile)?.maxInstances).toBe(max);
  });

  test('A100-80GB has no 1g.5gb profile (that slice exists only on the 40 GB board)', () => {
    expect(catalog.gpuSpec(GpuModel.A100_80GB).migProfiles.map((p) => p.name)).not.toContain('1g.5gb');
  });

  test('every MIG-capable model allows 7 instances per GPU', () => {
    for (const [model] of MIG_ROWS) expect(catalog.gpuSpec(model).maxMigInstances).toBe(7);
  });
});

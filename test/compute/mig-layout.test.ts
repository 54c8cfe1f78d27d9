import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { Catalog } from '../../lib/catalog/catalog';
import { GpuSpec } from '../../lib/catalog/types';
import {
  checkMigLayout, MigLayoutCheck, migConfigName, migPossiblePlacements, migResourceName, parseMigProfile,
} from '../../lib/compute/mig-layout';
import { ErrorCode } from '../../lib/core/errors';
import { GpuModel } from '../../lib/core/gpu-model';
import { MigStrategy } from '../../lib/core/nvidia';
import { DATA_DIR, describeWithData, readDataJson } from '../catalog/shared-data';
import { describeIfPresent } from '../support/shared-dir';

const MIG_PARTED_CONFIG = path.resolve(__dirname, '../../../shared/crds/mig-parted-default-config.yaml');

// ---- NVIDIA's published facts (not derived from the code under test) ------------------------------------------

// `nvidia-smi mig -lgipp` (profile ID -> start slices : size in memory slices), as printed in NVIDIA's MIG User Guide
// ("Getting Started with MIG", A100) and identically for H100 80GB (GoogleCloudDataproc GPU init script, 2024-12-20)
// and H100 NVL (NVIDIA technical blog on MIG). Observed on H100 by `nvidia-smi mig -lgi` in NVIDIA/DCGM#138.
const LGIPP: Record<number, { starts: number[]; size: number }> = {
  19: { starts: [0, 1, 2, 3, 4, 5, 6], size: 1 },
  20: { starts: [0, 1, 2, 3, 4, 5, 6], size: 1 },
  15: { starts: [0, 2, 4, 6], size: 2 },
  14: { starts: [0, 2, 4], size: 2 },
  9: { starts: [0, 4], size: 4 },
  5: { starts: [0], size: 4 },
  0: { starts: [0], size: 8 },
};

// Profile IDs from `nvidia-smi mig -lgip`: MIG User Guide (A100-40GB; A100-80GB/H100 "names change according to the
// memory proportion"), H100 80GB output in public field notes, H200 output in NVIDIA/mig-parted#120. The same IDs mean
// the same slice shapes (NVIDIA's profile tables: memory 1/8, 1/4 (2/8), 2/8, 4/8, 4/8, full).
// (The guide's A100-40GB table lists 1g.10gb at "1/8" memory, but -lgipp gives ID 15 size 2 and the table itself 4
// instances, so it occupies two memory slices.)
const PROFILE_IDS: Array<[GpuModel, Record<string, number>]> = [
  [GpuModel.A100_40GB, { '1g.5gb': 19, '1g.5gb+me': 20, '1g.10gb': 15, '2g.10gb': 14, '3g.20gb': 9, '4g.20gb': 5, '7g.40gb': 0 }],
  [GpuModel.A100_80GB, { '1g.10gb': 19, '1g.10gb+me': 20, '1g.20gb': 15, '2g.20gb': 14, '3g.40gb': 9, '4g.40gb': 5, '7g.80gb': 0 }],
  [GpuModel.H100_80GB, { '1g.10gb': 19, '1g.10gb+me': 20, '1g.20gb': 15, '2g.20gb': 14, '3g.40gb': 9, '4g.40gb': 5, '7g.80gb': 0 }],
  [GpuModel.H200_141GB, { '1g.18gb': 19, '1g.18gb+me': 20, '1g.35gb': 15, '2g.35gb': 14, '3g.71gb': 9, '4g.71gb': 5, '7g.141gb': 0 }],
];
const MODELLED = PROFILE_IDS.map(([m]) => m);

// mig-profiles.json rows for our MIG-capable models (their pciDeviceIds are mig-parted's device filters).
const MIG_ROWS: Record<string, string> = {
  [GpuModel.A100_40GB.id]: 'A100-40GB (SXM4/PCIe), A800-40GB',
  [GpuModel.A100_80GB.id]: 'A100-80GB (SXM4/PCIe), A800-80GB',
  [GpuModel.H100_80GB.id]: 'H100-80GB (SXM5/PCIe), H800-80GB',
  [GpuModel.H200_141GB.id]: 'H200-141GB (SXM), H200 NVL',
};

interface MigRow {
  readonly gpu: string;
  readonly pciDeviceIds: string[];
  readonly maxInstances: number;
  readonly profiles: Array<{ readonly profile: string; readonly maxInstances: number }>;
}

interface MigPartedEntry {
  readonly 'device-filter'?: string | string[];
  readonly 'mig-enabled': boolean;
  readonly 'mig-devices'?: Record<string, number>;
}

/** G of `[<C>c.]<G>g.<GB>gb`, read straight off the name. */
const computeOf = (profile: string) => Number(/(?:^|\.)(\d+)g\./.exec(profile)![1]);
const codes = (r: MigLayoutCheck) => r.problemDetails.map((p) => p.code);
const layoutOf = (names: string[]) => names.reduce<Record<string, number>>((l, n) => ({ ...l, [n]: (l[n] ?? 0) + 1 }), {});

describe('parseMigProfile (go-nvlib grammar)', () => {
  test.each<[string, number, number, number, string[], string[], string]>([
    ['1g.5gb', 1, 1, 5, [], [], '1g.5gb'],
    ['7g.141gb', 7, 7, 141, [], [], '7g.141gb'],
    ['1c.2g.10gb', 1, 2, 10, [], [], '1c.2g.10gb'],
    ['3c.3g.20gb', 3, 3, 20, [], [], '3g.20gb'],
    ['1g.10gb+me', 1, 1, 10, ['me'], [], '1g.10gb+me'],
    ['1g.24gb+me.all', 1, 1, 24, ['me.all'], [], '1g.24gb+me.all'],
    ['2g.48gb+gfx', 2, 2, 48, ['gfx'], [], '2g.48gb+gfx'],
    ['1g.24gb-me', 1, 1, 24, [], ['me'], '1g.24gb-me'],
  ])('%s -> C=%d G=%d GB=%d', (name, c, g, gb, attrs, negs, canonical) => {
    const { profile, problem } = parseMigProfile(name);
    expect(problem).toBeUndefined();
    expect(profile).toMatchObject({ computeSlices: c, gpuSlices: g, memoryGB: gb, attributes: attrs, negatedAttributes: negs, canonical });
    expect(profile!.mediaExtensions).toBe(attrs.includes('me') || attrs.includes('me.all'));
  });

  test.each([
    ['', 'empty'], ['1g', 'fields'], ['1g.5', 'gb'], ['g.5gb', 'g'], ['1g.5gb.1', 'c'], ['a.1g.5gb', 'c'], [' 1g.5gb', 'g'],
    ['1g.5gb+', 'empty attribute'], ['1g.5gb+me,me', 'repeated'], ['1g.5gb+me-x', 'both'], ['1g.5gb+1me', 'digit'],
    ['1g.5gb+.me', 'dot'], ['1g.5gb+m e', 'characters'], ['0g.5gb', 'at least 1'], ['4c.3g.20gb', 'larger than the GPU instance'],
  ])('"%s" is refused (%s)', (name, why) => {
    const { profile, problem } = parseMigProfile(name);
    expect(profile).toBeUndefined();
    expect(problem?.code).toBe(ErrorCode.MIG_PROFILE_INVALID);
    expect(problem?.message).toContain(why);
    expect(problem?.received).toBe(name);
  });
});

describe('migResourceName (device plugin, kubernetes-apis.md §5.3)', () => {
  test.each<[string, MigStrategy, string | undefined]>([
    ['1g.10gb', MigStrategy.MIXED, 'nvidia.com/mig-1g.10gb'],
    ['3g.40gb', MigStrategy.MIXED, 'nvidia.com/mig-3g.40gb'],
    ['1g.10gb+me', MigStrategy.MIXED, 'nvidia.com/mig-1g.10gb.me'],
    ['3c.3g.20gb', MigStrategy.MIXED, 'nvidia.com/mig-3g.20gb'],
    ['1g.5gb', MigStrategy.SINGLE, 'nvidia.com/gpu'],
    ['1g.10gb+me', MigStrategy.SINGLE, 'nvidia.com/gpu'],
    // The plugin skips devices whose compute instance is smaller than the GPU instance ("Skipping unsupported MIG device").
    ['1c.3g.20gb', MigStrategy.MIXED, undefined],
    ['1c.3g.20gb', MigStrategy.SINGLE, undefined],
    ['not-a-profile', MigStrategy.MIXED, undefined],
  ])('%s under %s -> %s', (profile, strategy, expected) => {
    expect(migResourceName(profile, strategy)).toBe(expected);
  });
});

describeWithData('MIG layouts on catalog GPUs', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const mig = readDataJson<{ gpus: MigRow[] }>('mig-profiles.json');
  const rowOf = (model: GpuModel) => mig.gpus.find((g) => g.gpu === MIG_ROWS[model.id])!;
  const a100 = catalog.gpuSpec(GpuModel.A100_40GB);

  describe('placements reproduce nvidia-smi mig -lgipp', () => {
    test.each(MODELLED.map((m) => [m.id, m] as const))('%s: every table profile has an NVIDIA profile ID', (_id, model) => {
      const ids = PROFILE_IDS.find(([m]) => m === model)![1];
      expect(rowOf(model).profiles.map((p) => p.profile).sort()).toEqual(Object.keys(ids).sort());
    });

    const cases = PROFILE_IDS.flatMap(([m, ids]) => Object.entries(ids).map(([p, id]) => [m.id, p, id, m] as const));
    test.each(cases)('%s %s (ID %d)', (_id, profile, id, model) => {
      const placements = migPossiblePlacements(catalog.gpuSpec(model), profile)!;
      expect(placements.map((p) => p.start)).toEqual(LGIPP[id].starts);
      expect(placements.every((p) => p.slices === LGIPP[id].size && p.computeSlices === computeOf(profile))).toBe(true);
    });

    test('the balanced layout seen on a real H100 (NVIDIA/DCGM#138: 2g.20gb 0:2, 1g.10gb 2:1 and 3:1, 3g.40gb 4:4) is admitted', () => {
      const h100 = catalog.gpuSpec(GpuModel.H100_80GB);
      const seen: Array<[string, number, number]> = [['2g.20gb', 0, 2], ['1g.10gb', 2, 1], ['1g.10gb', 3, 1], ['3g.40gb', 4, 4]];
      for (const [profile, start, size] of seen) {
        expect(migPossiblePlacements(h100, profile)!.some((p) => p.start === start && p.slices === size)).toBe(true);
      }
      expect(checkMigLayout(h100, { '1g.10gb': 2, '2g.20gb': 1, '3g.40gb': 1 }).fits).toBe(true);
    });

    test('no placements for a profile the GPU lacks or a GPU whose slices are not modelled', () => {
      expect(migPossiblePlacements(catalog.gpuSpec(GpuModel.A100_80GB), '1g.5gb')).toBeUndefined();
      expect(migPossiblePlacements(catalog.gpuSpec(GpuModel.L4), '1g.5gb')).toBeUndefined();
    });
  });

  describe('valid layouts are accepted with non-overlapping placements', () => {
    test.each<[string, Record<string, number>]>([
      ['4g.20gb + 3g.20gb (allowed since driver R510)', { '4g.20gb': 1, '3g.20gb': 1 }],
      ['3 x 2g.10gb + 1g.5gb', { '2g.10gb': 3, '1g.5gb': 1 }],
      ['balanced: 2 x 1g.5gb + 2g.10gb + 3g.20gb', { '1g.5gb': 2, '2g.10gb': 1, '3g.20gb': 1 }],
      ['4 x 1g.10gb', { '1g.10gb': 4 }],
      ['7 x 1g.5gb', { '1g.5gb': 7 }],
      ['1g.5gb+me + 6 x 1g.5gb', { '1g.5gb+me': 1, '1g.5gb': 6 }],
      ['4g.20gb + 3 x 1g.5gb (the three compute slices 4g leaves)', { '4g.20gb': 1, '1g.5gb': 3 }],
      ['1c.3g.20gb + 3g.20gb', { '1c.3g.20gb': 1, '3g.20gb': 1 }],
      ['zero counts are left out', { '1g.5gb': 0, '7g.40gb': 1 }],
    ])('A100-40GB: %s', (_name, layout) => {
      const r = checkMigLayout(a100, layout);
      expect(r.problems).toEqual([]);
      expect(r.fits).toBe(true);
      expect(r.placementChecked).toBe(true);
      expect(r.placements).toHaveLength(Object.values(layout).reduce((a, b) => a + b, 0));
      expect(r.instances).toBe(r.placements!.length);
    });

    test('an empty layout (mig-parted all-enabled) fits with no instances', () => {
      expect(checkMigLayout(a100, {})).toMatchObject({ fits: true, placements: [], instances: 0 });
    });
  });

  describe('invalid layouts are refused with a precise problem', () => {
    test.each<[string, GpuModel, Record<string, number>, ErrorCode, string]>([
      ['4g.20gb + 4g.20gb', GpuModel.A100_40GB, { '4g.20gb': 2 }, ErrorCode.MIG_PROFILE_COUNT_EXCEEDED, 'at most 1 instance of MIG profile 4g.20gb'],
      ['8 x 1g.5gb', GpuModel.A100_40GB, { '1g.5gb': 8 }, ErrorCode.MIG_PROFILE_COUNT_EXCEEDED, 'at most 7 instances of MIG profile 1g.5gb'],
      ['3 x 3g.20gb', GpuModel.A100_40GB, { '3g.20gb': 3 }, ErrorCode.MIG_PROFILE_COUNT_EXCEEDED, 'at most 2 instances of MIG profile 3g.20gb'],
      ['2 x 3g.20gb + 1c.3g.20gb (same GPU-instance profile)', GpuModel.A100_40GB, { '3g.20gb': 2, '1c.3g.20gb': 1 },
        ErrorCode.MIG_PROFILE_COUNT_EXCEEDED, 'asks for 3'],
      ['1g.5gb on A100-80GB', GpuModel.A100_80GB, { '1g.5gb': 1 }, ErrorCode.MIG_PROFILE_UNKNOWN, 'has no MIG profile 1g.5gb'],
      ['7 x 1g.5gb + 1g.5gb+me (8 instances)', GpuModel.A100_40GB, { '1g.5gb': 7, '1g.5gb+me': 1 },
        ErrorCode.MIG_INSTANCE_COUNT_EXCEEDED, 'at most 7 MIG instances; the layout has 8'],
      ['7g.40gb + 1g.5gb', GpuModel.A100_40GB, { '7g.40gb': 1, '1g.5gb': 1 }, ErrorCode.MIG_LAYOUT_NO_PLACEMENT, 'needs 9 memory slices'],
      ['4g.20gb + 4 x 1g.5gb (1g fits only at 4, 5, 6)', GpuModel.A100_40GB, { '4g.20gb': 1, '1g.5gb': 4 },
        ErrorCode.MIG_LAYOUT_NO_PLACEMENT, 'needs 8 compute slices'],
      ['4 x 1g.10gb + 1g.5gb', GpuModel.A100_40GB, { '1g.10gb': 4, '1g.5gb': 1 }, ErrorCode.MIG_LAYOUT_NO_PLACEMENT, 'needs 9 memory slices'],
      ['a malformed name', GpuModel.A100_40GB, { '1g.5': 1 }, ErrorCode.MIG_PROFILE_INVALID, 'malformed'],
      ['a negative count', GpuModel.A100_40GB, { '1g.5gb': -1 }, ErrorCode.MIG_LAYOUT_COUNT_INVALID, 'whole number'],
      ['a fractional count', GpuModel.A100_40GB, { '1g.5gb': 1.5 }, ErrorCode.MIG_LAYOUT_COUNT_INVALID, 'whole number'],
      ['MIG on L4', GpuModel.L4, { '1g.5gb': 1 }, ErrorCode.MIG_NOT_SUPPORTED, 'does not support MIG'],
    ])('%s', (_name, model, layout, code, text) => {
      const r = checkMigLayout(catalog.gpuSpec(model), layout);
      expect(r.fits).toBe(false);
      expect(r.placements).toBeUndefined();
      expect(codes(r)).toEqual([code]);
      expect(r.problemDetails[0].message).toContain(text);
      expect(r.problems[0]).toMatch(new RegExp(`^\\[${code}\\] .* Fix: `));
    });

    test('two +me instances: only one instance per GPU can take the media extensions', () => {
      const r = checkMigLayout(a100, { '1g.5gb+me': 2 });
      expect(r.fits).toBe(false);
      expect(codes(r)).toContain(ErrorCode.MIG_MEDIA_EXTENSIONS_EXCEEDED);
      expect(r.problems.find((p) => p.startsWith('[MIG_MEDIA_EXTENSIONS_EXCEEDED]'))).toContain('the layout has 2');
    });

    test('1g.5gb on A100-80GB suggests the profile of the same compute size', () => {
      const r = checkMigLayout(catalog.gpuSpec(GpuModel.A100_80GB), { '1g.5gb': 1 });
      expect(r.problemDetails[0].fix).toContain('1g.10gb');
      expect(r.problemDetails[0].allowed).toContain('1g.20gb');
    });
  });

  describe('GPUs whose slices are not modelled: table and counts only', () => {
    const a30Row = mig.gpus.find((g) => g.gpu === 'A30-24GB')!;
    // The A30 (4 compute / 4 memory slices) is not a catalog model: reuse a catalog spec with the A30's table.
    const a30: GpuSpec = {
      ...a100,
      maxMigInstances: a30Row.maxInstances,
      migProfiles: a30Row.profiles.map((p) => ({ name: p.profile, maxInstances: p.maxInstances })),
    };

    test('the A30 balanced layout is accepted, saying placement was not checked', () => {
      const r = checkMigLayout(a30, { '1g.6gb': 2, '2g.12gb': 1 });
      expect(r).toMatchObject({ fits: true, placementChecked: false });
      expect(r.placements).toBeUndefined();
      expect(r.placementNote).toContain('Placement not checked');
    });

    test('table, counts and +me are still enforced', () => {
      expect(codes(checkMigLayout(a30, { '1g.6gb': 5 }))).toEqual([ErrorCode.MIG_PROFILE_COUNT_EXCEEDED]);
      expect(codes(checkMigLayout(a30, { '1g.5gb': 1 }))).toEqual([ErrorCode.MIG_PROFILE_UNKNOWN]);
      expect(codes(checkMigLayout(a30, { '1g.6gb': 4, '2g.12gb': 1 }))).toEqual([ErrorCode.MIG_INSTANCE_COUNT_EXCEEDED]);
      expect(codes(checkMigLayout(a30, { '1g.6gb+me': 1, '2g.12gb+me': 1 }))).toEqual([ErrorCode.MIG_MEDIA_EXTENSIONS_EXCEEDED]);
    });

    test('a 7-instance table with a profile off the eighths grid falls back too', () => {
      const odd: GpuSpec = { ...a100, migProfiles: [...a100.migProfiles, { name: '1g.7gb', maxInstances: 5 }] };
      const r = checkMigLayout(odd, { '1g.7gb': 1 });
      expect(r).toMatchObject({ fits: true, placementChecked: false });
      expect(r.placementNote).toContain('1g.7gb');
    });
  });

  describe('migConfigName', () => {
    test.each<[GpuModel, Record<string, number>, string | undefined]>([
      [GpuModel.A100_40GB, { '1g.5gb': 7 }, 'all-1g.5gb'],
      [GpuModel.A100_40GB, { '1g.10gb': 4 }, 'all-1g.10gb'],
      [GpuModel.H100_80GB, { '1g.10gb+me': 1 }, 'all-1g.10gb.me'],
      [GpuModel.A100_40GB, { '1g.5gb': 3 }, undefined],
      [GpuModel.A100_40GB, { '1g.5gb': 2, '2g.10gb': 1, '3g.20gb': 1 }, undefined],
      [GpuModel.A100_80GB, { '1g.5gb': 7 }, undefined],
      [GpuModel.A100_40GB, { '1c.3g.20gb': 2 }, undefined],
    ])('%s %j -> %s', (model, layout, expected) => {
      expect(migConfigName(catalog.gpuSpec(model), layout)).toBe(expected);
    });
  });

  const configExists = fs.existsSync(MIG_PARTED_CONFIG);
  describeIfPresent(MIG_PARTED_CONFIG, 'the mig-parted default config', 'upstream mig-parted default config (v0.15.0)', () => {
    const configs = configExists
      ? (parseYaml(fs.readFileSync(MIG_PARTED_CONFIG, 'utf-8')) as { 'mig-configs': Record<string, MigPartedEntry[]> })['mig-configs']
      : {};
    // One case per (GPU, config, entry) that mig-parted would apply to that GPU: its device-filter lists one of the
    // GPU's PCI ids, or it has no filter (then it applies to every GPU, and profiles the GPU lacks must be refused).
    const cases = MODELLED.flatMap((model) => {
      const row = rowOf(model);
      const ids = new Set(row.pciDeviceIds.map((id) => id.toUpperCase()));
      const table = new Set(row.profiles.map((p) => p.profile));
      return Object.entries(configs).flatMap(([name, entries]) => entries.flatMap((e, i) => {
        if (!e['mig-enabled']) return [];
        const filter = e['device-filter'] === undefined ? undefined : [e['device-filter']].flat().map((id) => id.toUpperCase());
        if (filter && !filter.some((id) => ids.has(id))) return [];
        const layout = e['mig-devices'] ?? {};
        const known = Object.keys(layout).every((p) => table.has(p));
        return [[model.id, name, i, filter ? 'filtered' : 'unfiltered', known, layout, model] as const];
      }));
    });

    test('every modelled GPU has filtered entries (all-balanced at least) to check', () => {
      for (const model of MODELLED) {
        expect(cases.filter((c) => c[6] === model && c[3] === 'filtered').map((c) => c[1])).toContain('all-balanced');
      }
      expect(cases.filter((c) => c[3] === 'unfiltered' && c[4]).length).toBeGreaterThan(10);
    });

    test.each(cases)('%s %s[%d] (%s; all profiles in its table: %s)', (_id, name, _i, kind, known, layout, model) => {
      const spec = catalog.gpuSpec(model);
      const r = checkMigLayout(spec, layout);
      if (kind === 'filtered' || known) {
        expect(r.problems).toEqual([]);
        expect(r.fits).toBe(true);
        expect(r.placementChecked).toBe(true);
        if (name.startsWith('all-') && !['all-enabled', 'all-balanced'].includes(name)) expect(migConfigName(spec, layout)).toBe(name);
      } else {
        // As on the node (gpu-operator#603: all-1g.5gb on an A100-80GB creates nothing): the profile is not in the table.
        expect(r.fits).toBe(false);
        expect(new Set(codes(r))).toEqual(new Set([ErrorCode.MIG_PROFILE_UNKNOWN]));
      }
    });
  });

  describe('properties', () => {
    const gpus = PROFILE_IDS.map(([model, ids]) => ({ model, ids, spec: catalog.gpuSpec(model), row: rowOf(model) }));

    test.each(gpus.map((g) => [g.model.id, g] as const))('%s: an accepted layout has placements from -lgipp, disjoint, within 8 memory / 7 compute slices', (_id, g) => {
      let accepted = 0;
      // Mostly absent profiles, so that a good share of the layouts fit; counts up to one past the maximum.
      const count = (max: number) => fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: max + 1 }), weight: 1 });
      const layouts = fc.tuple(...g.row.profiles.map((p) => count(p.maxInstances)))
        .map((counts) => Object.fromEntries(g.row.profiles.map((p, i) => [p.profile, counts[i]])));
      fc.assert(fc.property(layouts, (layout) => {
        const r = checkMigLayout(g.spec, layout);
        if (!r.fits) return;
        accepted++;
        const ps = r.placements!;
        for (const [profile, n] of Object.entries(layout)) expect(ps.filter((p) => p.profile === profile)).toHaveLength(n);
        const memory = new Set<number>();
        const compute = new Set<number>();
        for (const p of ps) {
          const nvidia = LGIPP[g.ids[p.profile]];
          expect(nvidia.starts).toContain(p.start);
          expect(p.slices).toBe(nvidia.size);
          expect(p.start + p.slices).toBeLessThanOrEqual(8);
          expect(p.start + computeOf(p.profile)).toBeLessThanOrEqual(7);
          for (let s = p.start; s < p.start + p.slices; s++) { expect(memory.has(s)).toBe(false); memory.add(s); }
          for (let s = p.start; s < p.start + computeOf(p.profile); s++) { expect(compute.has(s)).toBe(false); compute.add(s); }
        }
      }), { numRuns: 400 });
      expect(accepted).toBeGreaterThan(40);
    });

    test.each(gpus.map((g) => [g.model.id, g] as const))('%s: any multiset of <= 7 profiles needing more than 8 memory slices is refused', (_id, g) => {
      const names = Object.keys(g.ids);
      fc.assert(fc.property(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 7 }), (picked) => {
        fc.pre(picked.reduce((sum, n) => sum + LGIPP[g.ids[n]].size, 0) > 8);
        const r = checkMigLayout(g.spec, layoutOf(picked));
        expect(r.fits).toBe(false);
        expect(r.problemDetails.length).toBeGreaterThan(0);
      }), { numRuns: 400 });
    });

    // Exhaustive: every layout within the table's counts, against a naive search over NVIDIA's -lgipp placements.
    test.each(gpus.map((g) => [g.model.id, g] as const))('%s: accepted exactly when the limits hold and -lgipp placements exist', (_id, g) => {
      const rows = g.row.profiles;
      const fitsByNvidia = (layout: Record<string, number>): boolean => {
        const items = Object.entries(layout).flatMap(([n, c]) => Array<string>(c).fill(n));
        if (items.length > g.row.maxInstances) return false;
        if (items.filter((n) => n.endsWith('+me')).length > 1) return false;
        const used = new Array<boolean>(8).fill(false);
        const go = (i: number): boolean => i === items.length || LGIPP[g.ids[items[i]]].starts.some((s) => {
          const size = LGIPP[g.ids[items[i]]].size;
          const slots = Array.from({ length: size }, (_, k) => s + k);
          if (slots.some((k) => used[k])) return false;
          slots.forEach((k) => (used[k] = true));
          const ok = go(i + 1);
          slots.forEach((k) => (used[k] = false));
          return ok;
        });
        return go(0);
      };
      let total = 0;
      let accepted = 0;
      const walk = (i: number, layout: Record<string, number>): void => {
        if (i === rows.length) {
          total++;
          const fits = checkMigLayout(g.spec, layout).fits;
          if (fits) accepted++;
          if (fits !== fitsByNvidia(layout)) throw new Error(`disagreement on ${JSON.stringify(layout)}: checker says ${fits}`);
          return;
        }
        for (let c = 0; c <= rows[i].maxInstances; c++) walk(i + 1, c === 0 ? layout : { ...layout, [rows[i].profile]: c });
      };
      walk(0, {});
      expect(total).toBe(rows.reduce((n, r) => n * (r.maxInstances + 1), 1));
      expect(accepted).toBeGreaterThan(20);
    });
  });
});

import { GpuSpec } from '../catalog/types';
import { ErrorCode } from '../core/errors';
import { MigStrategy } from '../core/nvidia';
import { compareStrings } from '../core/order';

// Whether a MIG layout fits one GPU, following NVIDIA's placement rules, and what it produces. Pure; problems are
// data (a stable code plus the fields of a ValidationError) so a construct can throw them eagerly or collect them.
// Placement model for GPUs with 7 compute / 8 memory slices (A100, H100, H200, B200, ...): an instance of G compute
// and m memory slices may start at memory slice s = k·m when s + m <= 8 and s + G <= 7, without sharing memory
// slices. This reproduces `nvidia-smi mig -lgipp` ({0..6}:1, {0,2,4,6}:2, {0,2,4}:2, {0,4}:4, {0}:4, {0}:8):
// https://docs.nvidia.com/datacenter/tesla/mig-user-guide/getting-started-with-mig.html and concepts.html#partitioning

/** One problem found, with the fields a `ValidationError` carries. */
export interface MigProblem {
  /** Stable code. */
  readonly code: ErrorCode;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /**
   * The value received.
   * @default - not reported
   */
  readonly received?: any;
  /**
   * What is allowed instead.
   * @default - not reported
   */
  readonly allowed?: string;
  /** How to fix it. */
  readonly fix: string;
}

/** A MIG profile name taken apart as go-nvlib's `parseMigProfile` does. */
export interface MigProfileName {
  /** The name as written. */
  readonly name: string;
  /** The name as go-nvlib prints it (`<C>c.` omitted when C equals G), e.g. `3g.20gb` for `3c.3g.20gb`. */
  readonly canonical: string;
  /** The GPU-instance profile, as the profile tables list it (no `<C>c.` part), e.g. `3g.20gb` for `1c.3g.20gb`. */
  readonly gpuInstanceProfile: string;
  /** Compute slices of the compute instance (`C`; equals `gpuSlices` when not written). */
  readonly computeSlices: number;
  /** Compute slices of the GPU instance (`G`). */
  readonly gpuSlices: number;
  /** Memory in GB as named. */
  readonly memoryGB: number;
  /** Attributes after `+`, e.g. `['me']`, `['me.all']`, `['gfx']`. */
  readonly attributes: string[];
  /** Attributes after `-`, e.g. `['me']` for `1g.24gb-me`. */
  readonly negatedAttributes: string[];
  /** Whether the instance takes the GPU's media extensions (`+me` or `+me.all`). */
  readonly mediaExtensions: boolean;
}

/** The result of {@link parseMigProfile}. */
export interface MigProfileParse {
  /**
   * The parsed name.
   * @default - the name does not parse (see `problem`)
   */
  readonly profile?: MigProfileName;
  /**
   * Why the name does not parse.
   * @default - it parses
   */
  readonly problem?: MigProblem;
}

/** Where one GPU instance sits on the GPU, in the units of `nvidia-smi mig -lgipp` / `-lgi` (`Start:Size`). */
export interface MigPlacement {
  /** The profile, as written in the layout. */
  readonly profile: string;
  /** First memory slice (0-7). */
  readonly start: number;
  /** Memory slices occupied. */
  readonly slices: number;
  /** Compute slices occupied, from `start`. */
  readonly computeSlices: number;
}

/** The result of {@link checkMigLayout}. */
export interface MigLayoutCheck {
  /** Whether the layout can be created on one GPU. */
  readonly fits: boolean;
  /** The problems, rendered like `ValidationError` messages (`[CODE] message Received: … Allowed: … Fix: …`). */
  readonly problems: string[];
  /** The problems as data, in the same order as `problems`. */
  readonly problemDetails: MigProblem[];
  /** Whether hardware placement was checked (otherwise only the profile table and counts were). */
  readonly placementChecked: boolean;
  /**
   * Why placement was not checked.
   * @default - placement was checked
   */
  readonly placementNote?: string;
  /**
   * One placement per GPU instance, by start slice.
   * @default - the layout does not fit, or placement was not checked
   */
  readonly placements?: MigPlacement[];
  /** GPU instances in the layout (zero counts ignored). */
  readonly instances: number;
}

const MEMORY_SLICES = 8;
const COMPUTE_SLICES = 7;
const MEDIA_EXTENSION_ATTRIBUTES = new Set(['me', 'me.all']);
const NAME_GRAMMAR = '[<C>c.]<G>g.<GB>gb, optionally followed by +attr[,attr] (me, me.all, gfx) or -attr (me), e.g. 1g.10gb, 1c.3g.20gb, 1g.10gb+me';

/**
 * Parses a MIG profile name with go-nvlib's grammar `[<C>c.]<G>g.<GB>gb` plus `+attr[,attr]` or `-attr`.
 * Stricter than go-nvlib in one way: C, G and GB must be positive and C must not exceed G (go-nvlib accepts
 * `0g.5gb`, which no GPU offers).
 * @see https://github.com/NVIDIA/go-nvlib/blob/main/pkg/nvlib/device/mig_profile.go
 */
export function parseMigProfile(name: string): MigProfileParse {
  const why = parseFields(name);
  if (typeof why === 'string') {
    return {
      problem: {
        code: ErrorCode.MIG_PROFILE_INVALID,
        message: `The MIG profile name is malformed: ${why}.`,
        received: name,
        allowed: NAME_GRAMMAR,
        fix: 'Use a profile name from the GPU\'s MIG table (nvidia-smi mig -lgip), e.g. 1g.10gb.',
      },
    };
  }
  return { profile: why };
}

/** The parsed name, or why it does not parse. */
function parseFields(name: string): string | MigProfileName {
  if (typeof name !== 'string' || name === '') return 'the name is empty';
  const plus = name.indexOf('+');
  const minus = name.indexOf('-');
  if (plus >= 0 && minus >= 0) return 'it has both "+" and "-" attributes';
  const cut = plus >= 0 ? plus : minus;
  const fields = cut >= 0 ? name.slice(0, cut) : name;
  const parts = fields.split('.');
  if (parts.length < 2 || parts.length > 3) return `"${fields}" has ${parts.length} dot-separated fields, expected 2 or 3`;
  const suffixes = parts.length === 3 ? ['c', 'g', 'gb'] : ['g', 'gb'];
  const values: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const m = new RegExp(`^([0-9]+)${suffixes[i]}$`).exec(parts[i]);
    if (!m) return `"${parts[i]}" is not of the form <number>${suffixes[i]}`;
    const value = Number(m[1]);
    if (value < 1) return `"${parts[i]}" must be at least 1${suffixes[i]}`;
    values.push(value);
  }
  const [c, g, gb] = values.length === 3 ? values : [values[0], ...values];
  if (c > g) return `the compute instance (${c}c) is larger than the GPU instance (${g}g)`;
  let attributes: string[] = [];
  if (cut >= 0) {
    attributes = name.slice(cut + 1).split(',');
    const seen = new Set<string>();
    for (const a of attributes) {
      if (a === '') return 'it has an empty attribute';
      if (seen.has(a)) return `attribute "${a}" is repeated`;
      if (/^[0-9]/.test(a)) return `attribute "${a}" begins with a digit`;
      if (a.startsWith('.') || a.endsWith('.')) return `attribute "${a}" begins or ends with a dot`;
      if (!/^[A-Za-z0-9.]+$/.test(a)) return `attribute "${a}" has characters other than letters, digits and dots`;
      seen.add(a);
    }
  }
  const positive = plus >= 0 ? attributes : [];
  const negated = minus >= 0 ? attributes : [];
  const suffix = positive.length > 0 ? `+${positive.join(',')}` : negated.length > 0 ? `-${negated.join(',')}` : '';
  const gpuInstanceProfile = `${g}g.${gb}gb${suffix}`;
  return {
    name,
    canonical: c === g ? gpuInstanceProfile : `${c}c.${gpuInstanceProfile}`,
    gpuInstanceProfile,
    computeSlices: c,
    gpuSlices: g,
    memoryGB: gb,
    attributes: positive,
    negatedAttributes: negated,
    mediaExtensions: positive.some((a) => MEDIA_EXTENSION_ATTRIBUTES.has(a)),
  };
}

/**
 * The Kubernetes extended resource a MIG device of this profile is advertised as: `nvidia.com/gpu` under the
 * `single` strategy, `nvidia.com/mig-<profile>` with `+` replaced by `.` under `mixed`
 * (e.g. `nvidia.com/mig-1g.10gb.me`).
 *
 * Undefined when the name does not parse, has several attributes, or names a compute instance smaller than its
 * GPU instance (`1c.3g.20gb`): the device plugin skips such devices ("Skipping unsupported MIG device").
 * @see https://github.com/NVIDIA/k8s-device-plugin#configuration-option-details
 */
export function migResourceName(profile: string, strategy: MigStrategy): string | undefined {
  const parsed = parseMigProfile(profile).profile;
  if (!parsed || parsed.computeSlices !== parsed.gpuSlices) return undefined;
  if (parsed.attributes.length + parsed.negatedAttributes.length > 1) return undefined;
  return strategy === MigStrategy.SINGLE ? 'nvidia.com/gpu' : `nvidia.com/mig-${dotted(parsed.canonical)}`;
}

/**
 * The name mig-parted's default config gives this layout on this GPU: `all-<profile>` with `+` replaced by `.`
 * (e.g. `all-1g.10gb.me`), for a layout of one profile at the GPU's maximum count for it — what the
 * `nvidia.com/mig.config=all-<profile>` node label applies there.
 *
 * Undefined for any other layout (mixed, fewer instances, a profile the GPU lacks, `<C>c.` names): such layouts
 * need a custom mig-parted config.
 * @see https://github.com/NVIDIA/mig-parted/blob/main/deployments/systemd/config-default.yaml
 */
export function migConfigName(spec: GpuSpec, layout: Record<string, number>): string | undefined {
  const entries = Object.entries(layout).filter(([, n]) => n !== 0);
  if (entries.length !== 1) return undefined;
  const [name, count] = entries[0];
  const parsed = parseMigProfile(name).profile;
  if (!parsed || parsed.computeSlices !== parsed.gpuSlices) return undefined;
  if (count !== findRow(spec, parsed)?.maxInstances) return undefined;
  return `all-${dotted(parsed.canonical)}`;
}

/**
 * Where one instance of a profile may start on this GPU, as `nvidia-smi mig -lgipp` lists it.
 * Undefined when the profile is not in the GPU's table or the GPU's slices are not modelled (see {@link checkMigLayout}).
 */
export function migPossiblePlacements(spec: GpuSpec, profile: string): MigPlacement[] | undefined {
  const parsed = parseMigProfile(profile).profile;
  const model = sliceModel(spec).model;
  if (!parsed || !model) return undefined;
  const shape = model.get(identity(parsed));
  if (!shape) return undefined;
  return shape.starts.map((start) => ({ profile, start, slices: shape.memorySlices, computeSlices: shape.gpuSlices }));
}

/**
 * Checks a MIG layout (`profile -> count`, as in a mig-parted `mig-devices` map) against one GPU: MIG support,
 * profile names and table membership, per-profile and total instance limits, at most one media-extension
 * instance, and — for GPUs with 7 compute and 8 memory slices — that every instance gets a hardware placement
 * without overlap (a backtracking search over the `-lgipp` placements; the space is tiny).
 *
 * For other GPUs (e.g. A30, RTX PRO 6000: 4 slices) placement is not modelled: the result says so in
 * `placementChecked` / `placementNote`, and only the table and counts are checked.
 */
export function checkMigLayout(spec: GpuSpec, layout: Record<string, number>): MigLayoutCheck {
  const problems: MigProblem[] = [];
  const entries = Object.entries(layout).sort(([a], [b]) => compareStrings(a, b));
  const instances = entries.reduce((sum, [, n]) => sum + (Number.isInteger(n) && n > 0 ? n : 0), 0);

  if (!spec.migCapable) {
    problems.push({
      code: ErrorCode.MIG_NOT_SUPPORTED,
      message: `${spec.model.displayName} does not support MIG.`,
      received: spec.model.id,
      allowed: 'A100, H100, H200 and other GPUs with a MIG table in the catalog',
      fix: 'Pick a MIG-capable GPU, or share this GPU by time-slicing instead of MIG.',
    });
    return result(problems, instances, { placementChecked: false, placementNote: 'The GPU does not support MIG.' });
  }

  // Counts per GPU-instance profile: `3g.20gb` and `1c.3g.20gb` both use 3g.20gb instances.
  const wanted: Array<{ name: string; parsed: MigProfileName; count: number }> = [];
  const perInstanceProfile = new Map<string, { profile: string; max: number; count: number; names: string[] }>();
  for (const [name, count] of entries) {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      problems.push({
        code: ErrorCode.MIG_LAYOUT_COUNT_INVALID,
        message: `The count of MIG profile ${name} is not a whole number of at least 0.`,
        received: { [name]: count },
        allowed: 'whole numbers >= 0 (0 leaves the profile out)',
        fix: 'Give each profile a whole instance count.',
      });
      continue;
    }
    if (count === 0) continue;
    const { profile: parsed, problem } = parseMigProfile(name);
    const row = parsed && findRow(spec, parsed);
    if (!parsed || !row) {
      const similar = parsed && closestProfile(spec, parsed);
      problems.push(problem ?? {
        code: ErrorCode.MIG_PROFILE_UNKNOWN,
        message: `${spec.model.displayName} has no MIG profile ${parsed!.gpuInstanceProfile} (profile names depend on the GPU's memory).`,
        received: name,
        allowed: spec.migProfiles.map((p) => p.name).join(', '),
        fix: `Use a profile of this GPU's table${similar ? `, e.g. ${similar} (same compute slices)` : ''}.`,
      });
      continue;
    }
    wanted.push({ name, parsed, count });
    const agg = perInstanceProfile.get(identity(parsed)) ?? { profile: parsed.gpuInstanceProfile, max: row.maxInstances, count: 0, names: [] };
    agg.count += count;
    agg.names.push(name);
    perInstanceProfile.set(identity(parsed), agg);
  }

  let countExceeded = false;
  for (const { profile, max, count, names } of perInstanceProfile.values()) {
    if (count <= max) continue;
    countExceeded = true;
    problems.push({
      code: ErrorCode.MIG_PROFILE_COUNT_EXCEEDED,
      message: `${spec.model.displayName} holds at most ${max} instance${max === 1 ? '' : 's'} of MIG profile ${profile}; the layout asks for ${count}.`,
      received: Object.fromEntries(names.map((n) => [n, layout[n]])),
      allowed: `at most ${max}`,
      fix: `Lower the ${profile} count to ${max} or fewer, or use a smaller profile.`,
    });
  }
  if (!countExceeded && instances > spec.maxMigInstances) {
    problems.push({
      code: ErrorCode.MIG_INSTANCE_COUNT_EXCEEDED,
      message: `${spec.model.displayName} holds at most ${spec.maxMigInstances} MIG instances; the layout has ${instances}.`,
      received: layout,
      allowed: `at most ${spec.maxMigInstances} instances in total`,
      fix: 'Remove instances or use larger profiles.',
    });
  }
  const media = wanted.filter((w) => w.parsed.mediaExtensions);
  const mediaCount = media.reduce((sum, w) => sum + w.count, 0);
  if (mediaCount > 1) {
    problems.push({
      code: ErrorCode.MIG_MEDIA_EXTENSIONS_EXCEEDED,
      message: `A GPU has one set of media extensions (NVDEC/NVJPG/OFA): at most one instance per GPU can take them; the layout has ${mediaCount}.`,
      received: Object.fromEntries(media.map((w) => [w.name, w.count])),
      allowed: 'one +me / +me.all instance per GPU',
      fix: 'Keep one media-extension instance and use the plain profile for the others.',
    });
  }

  const { model, reason } = sliceModel(spec);
  if (!model) {
    return result(problems, instances, { placementChecked: false, placementNote: `Placement not checked: ${reason} Only the profile table and counts were.` });
  }
  if (problems.length > 0) {
    return result(problems, instances, { placementChecked: false, placementNote: 'Placement not checked: the layout already breaks the rules above.' });
  }

  const shaped = wanted.map((w) => ({ name: w.name, count: w.count, shape: model.get(identity(w.parsed))! }));
  const placements = place(shaped);
  if (!placements) {
    const memory = shaped.reduce((sum, w) => sum + w.count * w.shape.memorySlices, 0);
    const compute = shaped.reduce((sum, w) => sum + w.count * w.shape.gpuSlices, 0);
    const why = memory > MEMORY_SLICES ? `it needs ${memory} memory slices and the GPU has ${MEMORY_SLICES}`
      : compute > COMPUTE_SLICES ? `it needs ${compute} compute slices and the GPU has ${COMPUTE_SLICES}`
      : 'no assignment of the allowed start slices avoids overlap';
    problems.push({
      code: ErrorCode.MIG_LAYOUT_NO_PLACEMENT,
      message: `The MIG instances cannot all be placed on one ${spec.model.displayName}: ${why}.`,
      received: layout,
      allowed: `placements {start slices}:memory slices ${shaped.map((w) => `${w.name} {${w.shape.starts.join(',')}}:${w.shape.memorySlices}`).join(', ')}`,
      fix: 'Remove or shrink instances (nvidia-smi mig -lgipp lists the placements).',
    });
    return result(problems, instances, { placementChecked: true });
  }
  return result(problems, instances, { placementChecked: true, placements });
}

function result(problems: MigProblem[], instances: number, placement: { placementChecked: boolean; placementNote?: string; placements?: MigPlacement[] }) {
  return { fits: problems.length === 0, problems: problems.map(render), problemDetails: problems, instances, ...placement };
}

/** Same layout as `ValidationError` messages. */
function render(p: MigProblem): string {
  const parts = [`[${p.code}] ${p.message}`];
  if (p.received !== undefined) parts.push(`Received: ${sortedJson(p.received)}.`);
  if (p.allowed) parts.push(`Allowed: ${p.allowed}.`);
  parts.push(`Fix: ${p.fix}`);
  return parts.join(' ');
}

function sortedJson(value: any): string {
  return JSON.stringify(value, (_k, v) => v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort(compareStrings).map((k) => [k, v[k]])) : v);
}

/** mig-parted config names and mixed-strategy resource names spell `+` as `.`. */
function dotted(profile: string): string {
  return profile.replace('+', '.');
}

/** The table row of a GPU-instance profile; rows are compared parsed, so attribute order does not matter. */
function findRow(spec: GpuSpec, parsed: MigProfileName) {
  return spec.migProfiles.find((p) => {
    const row = parseMigProfile(p.name).profile;
    return row !== undefined && identity(row) === identity(parsed);
  });
}

/** G, GB and the attribute sets: what makes a GPU-instance profile (go-nvlib matches attributes in any order). */
function identity(p: MigProfileName): string {
  const sorted = (xs: string[]) => [...xs].sort(compareStrings).join(',');
  return `${p.gpuSlices}g.${p.memoryGB}gb+${sorted(p.attributes)}-${sorted(p.negatedAttributes)}`;
}

/** The plain profile with the same compute slices and the nearest memory, for "did you mean". */
function closestProfile(spec: GpuSpec, wanted: MigProfileName): string | undefined {
  return spec.migProfiles
    .map((p) => parseMigProfile(p.name).profile)
    .filter((p): p is MigProfileName => p !== undefined && p.gpuSlices === wanted.gpuSlices && p.attributes.length + p.negatedAttributes.length === 0)
    .sort((a, b) => Math.abs(a.memoryGB - wanted.memoryGB) - Math.abs(b.memoryGB - wanted.memoryGB) || a.memoryGB - b.memoryGB)[0]?.gpuInstanceProfile;
}

// ---------------------------------------------------------------------------------------------------------------
// The slice model.

interface SliceShape {
  readonly gpuSlices: number;
  readonly memorySlices: number;
  readonly starts: number[];
}

type SliceModel = { readonly model?: Map<string, SliceShape>; readonly reason?: string };
const modelCache = new WeakMap<GpuSpec, SliceModel>();

/**
 * Memory slices per profile, derived from the table: the full-GPU profile `7g.<total>gb` names the total, and a
 * profile of `GB` gigabytes holds round(GB·8/total) eighths. go-nvlib names profiles the other way round
 * (GB = round(eighths/8 · total), eighths rounded up), so rounding to the nearest integer inverts it; rounding
 * up would give H200's 1g.18gb (18·8/141 = 1.02) two slices instead of one.
 */
function sliceModel(spec: GpuSpec): SliceModel {
  const cached = modelCache.get(spec) ?? buildSliceModel(spec);
  modelCache.set(spec, cached);
  return cached;
}

function buildSliceModel(spec: GpuSpec): SliceModel {
  if (spec.maxMigInstances !== COMPUTE_SLICES) {
    return { reason: `${spec.model.displayName} holds at most ${spec.maxMigInstances} MIG instances, not ${COMPUTE_SLICES}; its slice layout is not modelled.` };
  }
  const profiles = spec.migProfiles.map((p) => parseMigProfile(p.name).profile);
  if (profiles.some((p) => !p)) return { reason: 'its MIG table has a malformed profile name.' };
  const full = profiles.find((p) => p!.gpuSlices === COMPUTE_SLICES && p!.attributes.length + p!.negatedAttributes.length === 0);
  if (!full) return { reason: `its MIG table has no full-GPU profile ${COMPUTE_SLICES}g.<GB>gb to derive the memory slice size from.` };
  const model = new Map<string, SliceShape>();
  for (const p of profiles as MigProfileName[]) {
    const eighths = (p.memoryGB * MEMORY_SLICES) / full.memoryGB;
    const m = Math.round(eighths);
    const fitsModel = [1, 2, 4, 8].includes(m) && Math.abs(eighths - m) <= 0.25 && p.gpuSlices <= m && (m === 8) === (p.gpuSlices === COMPUTE_SLICES);
    if (!fitsModel) {
      return { reason: `profile ${p.name} (${p.gpuSlices} compute slices, ${eighths.toFixed(2)} of ${MEMORY_SLICES} memory slices) does not fit the 7/8-slice model.` };
    }
    const starts: number[] = [];
    for (let s = 0; s + m <= MEMORY_SLICES; s += m) if (s + p.gpuSlices <= COMPUTE_SLICES) starts.push(s);
    model.set(identity(p), { gpuSlices: p.gpuSlices, memorySlices: m, starts });
  }
  return { model };
}

/**
 * Assigns every instance a start slice so that no two share a memory slice (compute ranges `[s, s+G)` then cannot
 * overlap either, since G <= memory slices). Largest first; identical instances take increasing starts.
 */
function place(wanted: Array<{ name: string; count: number; shape: SliceShape }>): MigPlacement[] | undefined {
  const items: Array<{ name: string; shape: SliceShape }> = [];
  for (const w of wanted) for (let i = 0; i < w.count; i++) items.push({ name: w.name, shape: w.shape });
  items.sort((a, b) => b.shape.memorySlices - a.shape.memorySlices || b.shape.gpuSlices - a.shape.gpuSlices || compareStrings(a.name, b.name));
  if (items.reduce((sum, i) => sum + i.shape.memorySlices, 0) > MEMORY_SLICES) return undefined;

  const starts: number[] = new Array(items.length);
  const search = (index: number, used: number): boolean => {
    if (index === items.length) return true;
    const { name, shape } = items[index];
    const after = index > 0 && items[index - 1].name === name ? starts[index - 1] : -1;
    for (const s of shape.starts) {
      if (s <= after) continue;
      const mask = ((1 << shape.memorySlices) - 1) << s;
      if ((used & mask) !== 0) continue;
      starts[index] = s;
      if (search(index + 1, used | mask)) return true;
    }
    return false;
  };
  if (!search(0, 0)) return undefined;
  return items
    .map((item, i) => ({ profile: item.name, start: starts[i], slices: item.shape.memorySlices, computeSlices: item.shape.gpuSlices }))
    .sort((a, b) => a.start - b.start);
}

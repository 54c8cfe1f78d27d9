import { Construct } from 'constructs';
import { Catalog } from '../catalog/catalog';
import { GpuSpec } from '../catalog/types';
import { ErrorCode, ValidationError } from '../core/errors';
import { GpuModel } from '../core/gpu-model';
import { assertObject, assertString } from '../core/guards';
import { assertLabels } from '../core/kube-syntax';
import { assertConstructIdFree } from '../core/names';
import { MIG_CONFIG_LABEL, MIG_DISABLED_CONFIG, MigStrategy } from '../core/nvidia';
import { compareStrings } from '../core/order';
import { membersOf, platformOf, undoConstruct } from '../model/context';
import { MigProfileFacts } from '../model/seams';
import { MigConfigModel } from '../model/types';
import { checkMigLayout, migConfigName, migResourceName, parseMigProfile } from './mig-layout';

/** A number of MIG devices of one profile on one GPU. */
export interface MigSlice {
  /** The MIG profile, e.g. `1g.10gb`, `3g.40gb` or `1g.10gb+me`. */
  readonly profile: string;
  /** How many devices of the profile the GPU is cut into (at least 1). */
  readonly count: number;
}

/** A number of MIG devices a node provides, as Kubernetes sees them. */
export interface MigDeviceCount {
  /** The MIG profile. */
  readonly profile: string;
  /** The extended resource the devices are advertised as (`nvidia.com/gpu` or `nvidia.com/mig-<profile>`). */
  readonly resourceName: string;
  /** Devices per node. */
  readonly count: number;
  /** Compute slices (of 7 on A100/H100) one device has. */
  readonly computeSlices: number;
}

/** Properties of a {@link MigPartitionProfile}: exactly one of `profile`, `layout` or `perGpuLayouts`. */
export interface MigPartitionProfileProps {
  /** The GPU model the profile partitions; pools using the profile must carry it. */
  readonly gpu: GpuModel;
  /**
   * Every GPU cut into as many devices of this profile as it holds (mig-parted's `all-<profile>`),
   * e.g. `1g.10gb` = 7 devices on an A100-80GB.
   * @default - given by `layout` or `perGpuLayouts`
   */
  readonly profile?: string;
  /**
   * The same layout on every GPU, e.g. `[{profile: '3g.40gb', count: 1}, {profile: '2g.20gb', count: 2}]`.
   * @default - given by `profile` or `perGpuLayouts`
   */
  readonly layout?: MigSlice[];
  /**
   * One layout per GPU of the node, in GPU index order; an empty layout leaves MIG disabled on that GPU
   * (it is then a whole `nvidia.com/gpu`). The pool's GPUs per node must equal the number of layouts. EKS only.
   * @default - given by `profile` or `layout`
   */
  readonly perGpuLayouts?: MigSlice[][];
  /**
   * How the devices are advertised: `MIXED` = one resource per profile (`nvidia.com/mig-1g.10gb`), so that a
   * slice never costs the quota of a whole GPU; `SINGLE` = every device as `nvidia.com/gpu` (one profile only).
   * On EKS every MIG profile of a platform must use the same strategy (the GPU operator's ClusterPolicy has one).
   * GKE always advertises partitions as `nvidia.com/gpu` (`SINGLE`).
   * @default - MIXED on EKS, SINGLE on GKE
   */
  readonly strategy?: MigStrategy;
  /**
   * The config name: the mig-parted config and the `nvidia.com/mig.config` node label value (EKS).
   * @default - mig-parted's own name for a full single-profile layout (`all-1g.10gb`), else the construct id
   */
  readonly name?: string;
}

/**
 * A MIG partitioning of one GPU model, checked against the GPU's profile table and NVIDIA's placement
 * rules, referenced by GPU pools (`mig: profile`).
 *
 * On EKS it becomes an entry of the mig-parted config the GPU operator's MIG manager applies to nodes
 * labelled `nvidia.com/mig.config=<name>`; on GKE it becomes the node pool's `gpu_partition_size` (one
 * profile, every GPU fully partitioned).
 */
export class MigPartitionProfile extends Construct {
  /** Whether `x` is a MigPartitionProfile. */
  public static isMigPartitionProfile(x: any): x is MigPartitionProfile {
    return x !== null && typeof x === 'object' && PROFILE_SYMBOL in x;
  }

  /** The GPU model partitioned. */
  public readonly gpu: GpuModel;
  /** The config name (mig-parted config, `nvidia.com/mig.config` label value). */
  public readonly configName: string;
  /** How the devices are advertised. */
  public readonly strategy: MigStrategy;
  /** The GPU's facts (profile table, slices). */
  public readonly spec: GpuSpec;

  private readonly uniformLayout?: MigSlice[];
  private readonly gpuLayouts?: MigSlice[][];

  constructor(scope: Construct, id: string, props: MigPartitionProfileProps) {
    assertConstructIdFree(scope, id, 'MIG profile');
    super(scope, id);
    try {
      Object.defineProperty(this, PROFILE_SYMBOL, { value: true });
      const platform = platformOf(this, 'MigPartitionProfile');
      assertObject(props, { scope: this, code: ErrorCode.MIG_LAYOUT_SPEC_INVALID, what: 'MigPartitionProfile props', fix: 'Pass { gpu, profile } (or layout, or perGpuLayouts).' });
      if (!(props.gpu instanceof GpuModel)) {
        throw new ValidationError(ErrorCode.UNKNOWN_GPU_MODEL, {
          message: 'A MigPartitionProfile needs the GPU model it partitions.',
          received: props?.gpu,
          fix: 'Pass `gpu: GpuModel.A100_80GB` (or another MIG-capable GpuModel constant).',
        }, this);
      }
      this.gpu = props.gpu;
      this.spec = platform.catalog.gpuSpec(props.gpu);
      if (!this.spec.migCapable) {
        throw new ValidationError(ErrorCode.MIG_NOT_SUPPORTED, {
          message: `The ${props.gpu.displayName} does not support MIG.`,
          received: props.gpu.id,
          allowed: migCapableModels(platform.catalog).join(', '),
          fix: 'Partition a MIG-capable GPU (A100, H100, H200), or share this one with GpuSharing.timeSlicing(replicas).',
        }, this);
      }

      const layouts = this.resolveLayouts(props);
      this.uniformLayout = layouts.uniform;
      this.gpuLayouts = layouts.perGpu;
      for (const layout of this.allLayouts()) this.assertLayoutFits(layout);

      this.strategy = props.strategy ?? platform._target.defaultMigStrategy;
      if (!Object.values(MigStrategy).includes(this.strategy)) {
        throw new ValidationError(ErrorCode.MIG_STRATEGY_UNSUPPORTED, {
          message: 'Unknown MIG strategy.',
          received: this.strategy,
          allowed: Object.values(MigStrategy).join(', '),
          fix: 'Use MigStrategy.MIXED or MigStrategy.SINGLE.',
        }, this);
      }
      if (props.name !== undefined) {
        assertString(props.name, { scope: this, code: ErrorCode.LABEL_INVALID, what: '`name`', fix: 'Use a label value such as "inference-slices", or leave it out.' },
          { allowed: 'a non-empty label value (the nvidia.com/mig.config value)' });
      }
      this.configName = props.name ?? (this.uniformLayout ? migConfigName(this.spec, toRecord(this.uniformLayout)) : undefined) ?? id;
      // The cloud's own rules come first: their fix names the cloud's alternatives (e.g. one GKE pool per size).
      const others = membersOf(platform._members(), 'mig-profile').map((m) => m.facts);
      platform._target.checkMigProfile(this._facts(), others);
      this.assertStrategy();

      assertLabels(this, { [MIG_CONFIG_LABEL]: this.configName });
      if (this.configName === MIG_DISABLED_CONFIG) {
        throw new ValidationError(ErrorCode.INVALID_NAME, {
          message: `The MIG config name ${MIG_DISABLED_CONFIG} is reserved: it is the config of GPU nodes that select none, so that pools without a profile keep whole GPUs.`,
          received: this.configName,
          fix: 'Choose another `name`; to keep GPUs whole, do not give the pool a MIG profile.',
        }, this);
      }
      this.assertConfigNameFree(others);
      platform._register({ kind: 'mig-profile', source: this, config: this._toConfigModel(), facts: this._facts() }, []);
    } catch (e) {
      undoConstruct(this);
      throw e;
    }
  }

  /** Whether every GPU of a node gets the same layout. */
  public get uniform(): boolean {
    return this.uniformLayout !== undefined;
  }

  /** The layout of every GPU; undefined with `perGpuLayouts`. */
  public get layout(): MigSlice[] | undefined {
    return this.uniformLayout?.map((s) => ({ ...s }));
  }

  /** The per-GPU layouts; undefined unless declared with `perGpuLayouts`. */
  public get perGpuLayouts(): MigSlice[][] | undefined {
    return this.gpuLayouts?.map((l) => l.map((s) => ({ ...s })));
  }

  /** GPUs per node the profile is written for (`perGpuLayouts.length`); undefined when it fits any count. */
  public get gpusPerNode(): number | undefined {
    return this.gpuLayouts?.length;
  }

  /** The Kubernetes resources the profile's devices are advertised as, sorted. */
  public get resourceNames(): string[] {
    return [...new Set(this.devicesPerNode(this.gpusPerNode ?? 1).map((d) => d.resourceName))].sort(compareStrings);
  }

  /**
   * MIG devices on one GPU (same layout on every GPU); undefined with `perGpuLayouts`.
   * E.g. 7 for `all-1g.10gb`.
   */
  public get devicesPerGpu(): number | undefined {
    return this.uniformLayout?.reduce((n, s) => n + s.count, 0);
  }

  /**
   * The schedulable devices a node with `gpus` GPUs provides, one entry per resource and profile
   * (GPUs left without MIG count as whole `nvidia.com/gpu`).
   * @param gpus GPUs per node
   */
  public devicesPerNode(gpus: number): MigDeviceCount[] {
    const layouts = this.gpuLayouts ?? Array.from({ length: gpus }, () => this.uniformLayout!);
    const counts = new Map<string, MigDeviceCount>();
    for (const layout of layouts) {
      const slices = layout.length > 0 ? layout : [{ profile: WHOLE_GPU, count: 1 }];
      for (const { profile, count } of slices) {
        const resourceName = profile === WHOLE_GPU ? 'nvidia.com/gpu' : migResourceName(profile, this.strategy)!;
        const computeSlices = profile === WHOLE_GPU ? this.spec.maxMigInstances : parseMigProfile(profile).profile!.gpuSlices;
        const key = `${resourceName}|${profile}`;
        const prev = counts.get(key);
        counts.set(key, { profile, resourceName, computeSlices, count: (prev?.count ?? 0) + count });
      }
    }
    return [...counts.values()].sort((a, b) => compareStrings(a.resourceName, b.resourceName) || compareStrings(a.profile, b.profile));
  }

  /**
   * The GKE `gpu_partition_size`: the profile of a full single-profile layout; undefined otherwise.
   */
  public get gkePartitionSize(): string | undefined {
    if (!this.uniformLayout || this.uniformLayout.length !== 1) return undefined;
    return migConfigName(this.spec, toRecord(this.uniformLayout)) ? this.uniformLayout[0].profile : undefined;
  }

  /**
   * The profile as the GPU operator renderer sees it: GPUs with the same layout grouped by index.
   * @internal
   */
  public _toConfigModel(): MigConfigModel {
    const pciDeviceIds = [...this.spec.migPciDeviceIds];
    const base = { name: this.configName, gpu: this.gpu.id, strategy: this.strategy, pciDeviceIds };
    if (this.uniformLayout) return { ...base, layouts: [{ devices: 'all', slices: toRecord(this.uniformLayout) }] };
    const groups = new Map<string, { devices: number[]; slices: Record<string, number> }>();
    this.gpuLayouts!.forEach((layout, index) => {
      const key = JSON.stringify(layout);
      const group = groups.get(key) ?? { devices: [], slices: toRecord(layout) };
      group.devices.push(index);
      groups.set(key, group);
    });
    return { ...base, layouts: [...groups.values()] };
  }

  private *allLayouts(): Generator<MigSlice[]> {
    if (this.uniformLayout) yield this.uniformLayout;
    for (const layout of this.gpuLayouts ?? []) if (layout.length > 0) yield layout;
  }

  private resolveLayouts(props: MigPartitionProfileProps): { uniform?: MigSlice[]; perGpu?: MigSlice[][] } {
    const given = (['profile', 'layout', 'perGpuLayouts'] as const).filter((k) => props[k] !== undefined);
    if (given.length !== 1) {
      throw new ValidationError(ErrorCode.MIG_LAYOUT_SPEC_INVALID, {
        message: given.length === 0 ? 'The profile declares no layout.' : `The profile declares ${given.join(' and ')}; only one is allowed.`,
        received: given,
        allowed: 'exactly one of profile, layout, perGpuLayouts',
        fix: 'Use `profile` for a GPU fully cut into one profile, `layout` for one mixed layout on every GPU, `perGpuLayouts` for a layout per GPU.',
      }, this);
    }
    if (props.profile !== undefined) {
      assertString(props.profile, { scope: this, code: ErrorCode.MIG_PROFILE_INVALID, what: '`profile`', fix: 'Name a MIG profile, e.g. 1g.10gb.' }, { minLength: 0 });
      const parsed = parseMigProfile(props.profile);
      if (parsed.problem) throw this.problem(parsed.problem);
      const row = this.spec.migProfiles.find((p) => p.name === props.profile || p.name === parsed.profile!.canonical);
      if (!row) {
        // The layout check names the GPU's profiles.
        this.assertLayoutFits([{ profile: props.profile, count: 1 }]);
        throw new ValidationError(ErrorCode.MIG_PROFILE_UNKNOWN, {
          message: `The ${this.gpu.displayName} has no MIG profile ${props.profile}.`,
          received: props.profile,
          allowed: this.spec.migProfiles.map((p) => p.name).join(', '),
          fix: 'Pick a profile from the GPU\'s table.',
        }, this);
      }
      return { uniform: [{ profile: props.profile, count: row.maxInstances }] };
    }
    if (props.layout !== undefined) return { uniform: this.normalize(props.layout, 'layout') };
    if (!Array.isArray(props.perGpuLayouts)) {
      throw new ValidationError(ErrorCode.MIG_LAYOUT_SPEC_INVALID, {
        message: 'perGpuLayouts must be a list of layouts, one per GPU.',
        received: props.perGpuLayouts,
        fix: 'Pass e.g. perGpuLayouts: [[{ profile: \'3g.40gb\', count: 2 }], []].',
      }, this);
    }
    const perGpu = props.perGpuLayouts.map((l, i) => this.normalize(l, `perGpuLayouts[${i}]`, true));
    if (perGpu.length === 0 || perGpu.every((l) => l.length === 0)) {
      throw new ValidationError(ErrorCode.MIG_LAYOUT_SPEC_INVALID, {
        message: 'perGpuLayouts enables MIG on no GPU.',
        received: props.perGpuLayouts,
        fix: 'Give at least one GPU a non-empty layout, or do not attach a MIG profile to the pool.',
      }, this);
    }
    return { perGpu };
  }

  /** Checks the slices of one layout are well formed (unique profiles, positive counts) and returns them sorted. */
  private normalize(layout: MigSlice[], where: string, mayBeEmpty = false): MigSlice[] {
    if (!Array.isArray(layout) || (layout.length === 0 && !mayBeEmpty)) {
      throw new ValidationError(ErrorCode.MIG_LAYOUT_SPEC_INVALID, {
        message: `${where} is empty.`,
        received: layout,
        fix: 'List at least one {profile, count}.',
      }, this);
    }
    const seen = new Set<string>();
    for (const slice of layout) {
      assertObject(slice, { scope: this, code: ErrorCode.MIG_LAYOUT_SPEC_INVALID, what: `An entry of ${where}`, fix: 'Write each entry as { profile: "1g.10gb", count: 7 }.' });
      assertString(slice.profile, { scope: this, code: ErrorCode.MIG_PROFILE_INVALID, what: `A profile in ${where}`, fix: 'Name a MIG profile, e.g. 1g.10gb.' }, { minLength: 0 });
      if (seen.has(slice.profile)) {
        throw new ValidationError(ErrorCode.MIG_LAYOUT_SPEC_INVALID, {
          message: `${where} lists the profile ${slice.profile} twice.`,
          received: layout,
          fix: 'List each profile once with the total count.',
        }, this);
      }
      seen.add(slice?.profile);
      if (!Number.isInteger(slice?.count) || slice.count < 1) {
        throw new ValidationError(ErrorCode.MIG_LAYOUT_COUNT_INVALID, {
          message: `${where}: the count of ${slice?.profile} must be a positive integer.`,
          received: slice?.count,
          fix: 'Use a count of 1 or more; leave out profiles the GPU should not have.',
        }, this);
      }
    }
    return layout.map((s) => ({ profile: s.profile, count: s.count })).sort((a, b) => compareStrings(a.profile, b.profile));
  }

  private assertLayoutFits(layout: MigSlice[]): void {
    const check = checkMigLayout(this.spec, toRecord(layout));
    if (check.problemDetails.length > 0) throw this.problem(check.problemDetails[0]);
    for (const { profile } of layout) {
      if (migResourceName(profile, MigStrategy.MIXED) === undefined) {
        throw new ValidationError(ErrorCode.MIG_PROFILE_NOT_ADVERTISED, {
          message: `The NVIDIA device plugin does not advertise ${profile} devices (compute instances smaller than their GPU instance, or several attributes).`,
          received: profile,
          fix: 'Use a profile whose compute and GPU slices are equal, e.g. 3g.40gb rather than 1c.3g.40gb.',
        }, this);
      }
    }
  }

  private assertStrategy(): void {
    const profiles = new Set([...this.allLayouts()].flatMap((l) => l.map((s) => s.profile)));
    const partial = (this.gpuLayouts ?? []).some((l) => l.length === 0);
    if (this.strategy === MigStrategy.SINGLE && (profiles.size > 1 || partial)) {
      throw new ValidationError(ErrorCode.MIG_SINGLE_STRATEGY_MIXED_LAYOUT, {
        message: 'The single MIG strategy needs every GPU of a node MIG-enabled with one profile; the NVIDIA device plugin fails on anything else.',
        received: { profiles: [...profiles].sort(compareStrings), gpusWithoutMig: partial },
        fix: 'Use MigStrategy.MIXED (resources nvidia.com/mig-<profile>), or one profile on every GPU.',
      }, this);
    }
  }

  /**
   * What a cloud target needs to know of the profile.
   * @internal
   */
  public _facts(): MigProfileFacts {
    return {
      source: this,
      configName: this.configName,
      gpu: this.gpu,
      strategy: this.strategy,
      uniformLayout: this.uniformLayout,
      perGpuLayouts: this.gpuLayouts,
      fullSingleProfile: this.gkePartitionSize,
      pciDeviceIds: [...this.spec.migPciDeviceIds],
    };
  }

  /** Profiles of different GPU models may share a config name (mig-parted filters each entry by PCI id); one model may not. */
  private assertConfigNameFree(others: MigProfileFacts[]): void {
    const unfiltered = this.spec.migPciDeviceIds.length === 0;
    const existing = others.find((p) => p.configName === this.configName
      && (p.gpu.id === this.gpu.id || unfiltered || p.pciDeviceIds.length === 0));
    if (existing) {
      throw new ValidationError(ErrorCode.DUPLICATE_NAME, {
        message: `MIG config name "${this.configName}" is already used by ${existing.source.node.path}.`,
        received: this.configName,
        fix: 'Give each MigPartitionProfile of a GPU model a unique `name` (it is the nvidia.com/mig.config label value).',
      }, this);
    }
  }

  private problem(p: { code: ErrorCode; message: string; received?: any; allowed?: string; fix: string }): ValidationError {
    return new ValidationError(p.code, { message: p.message, received: p.received, allowed: p.allowed, fix: p.fix }, this);
  }
}

const WHOLE_GPU = '';
const PROFILE_SYMBOL = Symbol.for('ml-platform-cdk.MigPartitionProfile');

function toRecord(layout: MigSlice[]): Record<string, number> {
  return Object.fromEntries(layout.map((s) => [s.profile, s.count]));
}

function migCapableModels(catalog: Catalog): string[] {
  return GpuModel.all().filter((m) => catalog.gpuSpec(m).migCapable).map((m) => m.id);
}

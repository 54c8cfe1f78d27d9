import { ErrorCode } from './errors';
import { assertBoolean, Check, optionalProps } from './guards';
import { GpuSharingStrategy } from './nvidia';

/** Options of {@link GpuSharing.timeSlicing}. */
export interface TimeSlicingOptions {
  /**
   * Fail pods that ask for more than one replica of a shared device (a second replica buys no extra
   * compute). Device plugin `failRequestsGreaterThanOne` (EKS); GKE always refuses such requests.
   * @default true
   */
  readonly failRequestsGreaterThanOne?: boolean;
  /**
   * Advertise the shared replicas under `<resource>.shared` (e.g. `nvidia.com/gpu.shared`) instead of the
   * resource's own name, so that whole-GPU and shared requests cannot be confused. EKS only (device plugin
   * `renameByDefault`); GKE keeps `nvidia.com/gpu`.
   * @default false
   */
  readonly renameByDefault?: boolean;
}

/**
 * GPU sharing for a pool: each physical GPU (or each MIG device, with a MIG profile) is advertised as
 * `replicas` schedulable units. GKE renders `gpu_sharing_config`; EKS renders an NVIDIA device-plugin
 * config selected by the `nvidia.com/device-plugin.config` node label.
 */
export class GpuSharing {
  /**
   * Time-slicing with `replicas` pods per device (at least 2).
   * @param replicas pods per GPU or MIG device
   */
  public static timeSlicing(replicas: number, options: TimeSlicingOptions = {}): GpuSharing {
    const o = optionalProps(options, check('Time-slicing options', 'Pass { failRequestsGreaterThanOne, renameByDefault } or nothing.'));
    for (const key of ['failRequestsGreaterThanOne', 'renameByDefault'] as const) {
      if (o[key] !== undefined) assertBoolean(o[key], check(`\`${key}\``, `Write ${key}: true or false.`));
    }
    return new GpuSharing(GpuSharingStrategy.TIME_SLICING, replicas, options.failRequestsGreaterThanOne ?? true, options.renameByDefault ?? false);
  }

  /**
   * CUDA MPS with `replicas` clients per GPU (at least 2). Not available on MIG devices.
   * @param replicas clients per GPU
   */
  public static mps(replicas: number): GpuSharing {
    return new GpuSharing(GpuSharingStrategy.MPS, replicas, true, false);
  }

  /** The sharing strategy. */
  public readonly strategy: GpuSharingStrategy;
  /** Pods per device. */
  public readonly replicas: number;
  /** Whether requests for more than one replica fail (EKS device plugin). */
  public readonly failRequestsGreaterThanOne: boolean;
  /** Whether replicas are advertised as `<resource>.shared` (EKS device plugin). */
  public readonly renameByDefault: boolean;

  private constructor(strategy: GpuSharingStrategy, replicas: number, failRequestsGreaterThanOne: boolean, renameByDefault: boolean) {
    this.strategy = strategy;
    this.replicas = replicas;
    this.failRequestsGreaterThanOne = failRequestsGreaterThanOne;
    this.renameByDefault = renameByDefault;
  }

  /** Name of the device-plugin config for this sharing, e.g. `time-slicing-4`: also the `nvidia.com/device-plugin.config` label value. */
  public get configName(): string {
    const options = this.strategy === GpuSharingStrategy.TIME_SLICING
      ? `${this.renameByDefault ? '-renamed' : ''}${this.failRequestsGreaterThanOne ? '' : '-multi'}`
      : '';
    return `${this.strategy}-${this.replicas}${options}`;
  }
}

// Replicas are checked with the pool that uses the sharing (at least 2, at most the cloud's maximum), where the error has a path.
const check = (what: string, fix: string): Check => ({ code: ErrorCode.SHARING_OPTION_UNSUPPORTED, what, fix });

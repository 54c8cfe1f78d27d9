import { ErrorCode, ValidationError } from './errors';

/** CPU architecture of a node. Values are the `kubernetes.io/arch` label values. */
export enum Architecture {
  /** x86-64. */
  AMD64 = 'amd64',
  /** 64-bit Arm (e.g. AWS Graviton). */
  ARM64 = 'arm64',
}

/**
 * A GPU model: the identity the catalog, the pools and the quotas agree on.
 *
 * Facts about the model (board power, MIG profiles, which instances carry it) live in the
 * catalog; this class only names it.
 */
export class GpuModel {
  /** NVIDIA T4 16 GB (AWS g4dn, GCP n1 + nvidia-tesla-t4). */
  public static readonly T4 = new GpuModel('t4', 'NVIDIA T4', 't4', 16);
  /** NVIDIA T4G 16 GB, the Arm-host variant on AWS g5g. */
  public static readonly T4G = new GpuModel('t4g', 'NVIDIA T4G', 't4g', 16);
  /** NVIDIA L4 24 GB (AWS g6, GCP g2). */
  public static readonly L4 = new GpuModel('l4', 'NVIDIA L4', 'l4', 24);
  /** NVIDIA A10G 24 GB (AWS g5). */
  public static readonly A10G = new GpuModel('a10g', 'NVIDIA A10G', 'a10g', 24);
  /** NVIDIA L40S 48 GB (AWS g6e). */
  public static readonly L40S = new GpuModel('l40s', 'NVIDIA L40S', 'l40s', 48);
  /** NVIDIA V100 16 GB (AWS p3, GCP n1 + nvidia-tesla-v100). */
  public static readonly V100_16GB = new GpuModel('v100-16gb', 'NVIDIA V100 16GB', 'v100', 16);
  /** NVIDIA V100 32 GB (AWS p3dn). */
  public static readonly V100_32GB = new GpuModel('v100-32gb', 'NVIDIA V100 32GB', 'v100', 32);
  /** NVIDIA A100 40 GB (AWS p4d, GCP a2-highgpu / a2-megagpu). */
  public static readonly A100_40GB = new GpuModel('a100-40gb', 'NVIDIA A100 40GB', 'a100', 40);
  /** NVIDIA A100 80 GB (AWS p4de, GCP a2-ultragpu). */
  public static readonly A100_80GB = new GpuModel('a100-80gb', 'NVIDIA A100 80GB', 'a100', 80);
  /** NVIDIA H100 80 GB (AWS p5, GCP a3). */
  public static readonly H100_80GB = new GpuModel('h100-80gb', 'NVIDIA H100 80GB', 'h100', 80);
  /** NVIDIA H200 141 GB (AWS p5e / p5en). */
  public static readonly H200_141GB = new GpuModel('h200-141gb', 'NVIDIA H200 141GB', 'h200', 141);

  /** Every model this library knows, in a stable order. */
  public static all(): GpuModel[] {
    return [...ALL];
  }

  /** The model with this id (e.g. `h100-80gb`); throws {@link ErrorCode.UNKNOWN_GPU_MODEL} listing the known ids. */
  public static of(id: string): GpuModel {
    const found = ALL.find((m) => m.id === id);
    if (!found) {
      throw new ValidationError(ErrorCode.UNKNOWN_GPU_MODEL, {
        message: 'No GPU model has this id.',
        received: id,
        allowed: ALL.map((m) => m.id).join(', '),
        fix: 'Use one of the GpuModel constants (e.g. GpuModel.H100_80GB).',
      });
    }
    return found;
  }

  /** The model with this family (e.g. `a100`) and memory, if known. */
  public static tryFind(family: string, memoryGiB: number): GpuModel | undefined {
    return ALL.find((m) => m.family === family && m.memoryGiB === memoryGiB);
  }

  /** Stable id, lower-case, used in labels and resource names (e.g. `h100-80gb`). */
  public readonly id: string;
  /** Display name. */
  public readonly displayName: string;
  /** The chip family shared by its memory variants (e.g. `a100`), as clouds and Karpenter name it. */
  public readonly family: string;
  /** Memory per GPU in GiB, as marketed. */
  public readonly memoryGiB: number;

  private constructor(id: string, displayName: string, family: string, memoryGiB: number) {
    this.id = id;
    this.displayName = displayName;
    this.family = family;
    this.memoryGiB = memoryGiB;
  }

  /** The id. */
  public toString(): string {
    return this.id;
  }
}

const ALL: GpuModel[] = [
  GpuModel.T4, GpuModel.T4G, GpuModel.L4, GpuModel.A10G, GpuModel.L40S, GpuModel.V100_16GB,
  GpuModel.V100_32GB, GpuModel.A100_40GB, GpuModel.A100_80GB, GpuModel.H100_80GB, GpuModel.H200_141GB,
];

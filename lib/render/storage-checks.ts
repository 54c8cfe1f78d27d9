import { IConstruct } from 'constructs';
import { BUCKET_NAME } from '../catalog/storage-limits';
import { ErrorCode, ValidationError } from '../core/errors';
import { DeployedStorageModel } from '../model/types';

// Checks both targets run on storage tiers, with the cloud's own words passed in.

/** Sizes from `minGiB` to `maxGiB` (no limit when undefined) in steps of `stepGiB`. */
export interface CapacityBand {
  readonly minGiB: number;
  readonly maxGiB?: number;
  readonly stepGiB: number;
}

/** The size is `min`, or a multiple of `step` (FSx for Lustre), or in a band of steps (Filestore, Managed Lustre). */
export function assertCapacityStep(
  scope: IConstruct, service: string, capacityGiB: number, bands: readonly CapacityBand[], allowed: string, source: string,
): void {
  const fits = bands.some((b) => capacityGiB >= b.minGiB && (b.maxGiB === undefined || capacityGiB <= b.maxGiB) && (capacityGiB - b.minGiB) % b.stepGiB === 0);
  if (fits) return;
  throw new ValidationError(ErrorCode.STORAGE_SIZE_INVALID, {
    message: `${service} does not provision ${capacityGiB} GiB.`,
    received: capacityGiB,
    allowed: `${allowed} (${source})`,
    fix: `Pick the nearest valid size: ${nearestSizes(capacityGiB, bands).join(' or ')} GiB.`,
  }, scope);
}

/** The valid sizes just below and just above a size. */
function nearestSizes(capacityGiB: number, bands: readonly CapacityBand[]): number[] {
  const candidates: number[] = [];
  for (const b of bands) {
    const max = b.maxGiB ?? Number.MAX_SAFE_INTEGER;
    const below = b.minGiB + Math.floor((capacityGiB - b.minGiB) / b.stepGiB) * b.stepGiB;
    for (const size of [below, below + b.stepGiB, b.minGiB]) if (size >= b.minGiB && size <= max) candidates.push(size);
  }
  const sorted = [...new Set(candidates)].sort((a, b) => Math.abs(a - capacityGiB) - Math.abs(b - capacityGiB) || a - b);
  return sorted.slice(0, 2).sort((a, b) => a - b);
}

/** One of the throughputs the service offers. */
export function assertThroughput(scope: IConstruct, service: string, throughput: number, allowed: readonly number[]): void {
  if (allowed.includes(throughput)) return;
  throw new ValidationError(ErrorCode.STORAGE_THROUGHPUT_INVALID, {
    message: `${service} offers ${allowed.join(', ')} MB/s per TiB, not ${throughput}.`,
    received: throughput,
    allowed: allowed.join(', '),
    fix: 'Pick one of the offered throughputs (throughputPerTiB).',
  }, scope);
}

/** A bucket name both S3 and GCS accept, less what the cloud reserves. */
export function assertBucketName(scope: IConstruct, name: string, reserved: (name: string) => string | undefined): void {
  const problem = !BUCKET_NAME.test(name) ? 'is not 3-63 lowercase letters, digits and "-", starting and ending with a letter or digit' : reserved(name);
  if (problem === undefined) return;
  throw new ValidationError(ErrorCode.STORAGE_NAME_INVALID, {
    message: `The bucket name "${name}" ${problem}.`,
    received: name,
    allowed: '3-63 lowercase letters, digits and "-" (no dots), starting and ending with a letter or digit, globally unique',
    fix: 'Set bucketName (bucket names are global: prefix it with your organization), or rename the platform or tier.',
  }, scope);
}

/**
 * The attributes the cloud assigned at deploy, when given: every one the service needs, each of its form, none it
 * does not use. Returns whether they are complete (so that volumes can be rendered).
 */
export function assertDeployed(
  scope: IConstruct, service: string, deployed: DeployedStorageModel | undefined,
  needs: Partial<Record<keyof DeployedStorageModel, { readonly pattern: RegExp; readonly allowed: string }>>, output: string,
): boolean {
  if (!deployed) return false;
  const fix = `Copy them from the Terraform output ${output} after the first deploy.`;
  for (const key of Object.keys(deployed) as Array<keyof DeployedStorageModel>) {
    const value = deployed[key];
    if (value === undefined) continue;
    const need = needs[key];
    if (!need) {
      throw new ValidationError(ErrorCode.STORAGE_ATTRIBUTES_INVALID, {
        message: `${service} does not use \`deployed.${key}\`.`,
        received: { [key]: value },
        allowed: Object.keys(needs).join(', '),
        fix: `Remove deployed.${key}.`,
      }, scope);
    }
    if (!need.pattern.test(value)) {
      throw new ValidationError(ErrorCode.STORAGE_ATTRIBUTES_INVALID, {
        message: `\`deployed.${key}\` is not ${need.allowed}.`,
        received: value,
        allowed: need.allowed,
        fix,
      }, scope);
    }
  }
  const missing = (Object.keys(needs) as Array<keyof DeployedStorageModel>).filter((k) => deployed[k] === undefined);
  if (missing.length > 0) {
    throw new ValidationError(ErrorCode.STORAGE_ATTRIBUTES_INVALID, {
      message: `${service} volumes need ${missing.map((k) => `deployed.${k}`).join(' and ')} as well.`,
      received: deployed,
      fix,
    }, scope);
  }
  return true;
}

/** The Terraform output a tier's deploy-time attributes are read from. */
export function storageOutputName(platformName: string, tier: string): string {
  return `storage__${platformName}__${tier}`;
}

/** An IPv4 address. */
export const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** A zonal tier's option on a regional service. */
export function regionalOnly(scope: IConstruct, service: string, option: string, value: unknown): ValidationError {
  return new ValidationError(ErrorCode.STORAGE_OPTION_INVALID, {
    message: `${service} is regional (reachable from every zone of the cluster): \`${option}\` applies to zonal tiers only.`,
    received: { [option]: value },
    fix: `Remove \`${option}\`.`,
  }, scope);
}

/** A kind or class the cloud cannot provide, with the alternative. */
export function unsupported(scope: IConstruct, message: string, received: unknown, fix: string): ValidationError {
  return new ValidationError(ErrorCode.STORAGE_KIND_UNSUPPORTED, { message, received, fix }, scope);
}

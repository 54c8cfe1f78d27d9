import { IConstruct } from 'constructs';
import { ErrorCode, ValidationError } from '../core/errors';

/** Cloud-neutral size rules; the cloud target adds its own maximum. */
export function assertPoolSize(scope: IConstruct, minNodes: number, maxNodes: number): void {
  const problem = !Number.isInteger(minNodes) || !Number.isInteger(maxNodes) ? 'node counts must be whole numbers'
    : minNodes < 0 ? 'minNodes must be at least 0'
    : maxNodes < 1 ? 'maxNodes must be at least 1'
    : minNodes > maxNodes ? 'minNodes must not exceed maxNodes'
    : undefined;
  if (problem) {
    throw new ValidationError(ErrorCode.POOL_SIZE_INVALID, {
      message: `The pool size is invalid: ${problem}.`,
      received: { minNodes, maxNodes },
      allowed: '0 <= minNodes <= maxNodes, maxNodes >= 1',
      fix: 'Fix minNodes / maxNodes (minNodes 0 lets the pool scale to zero).',
    }, scope);
  }
}

export function assertDiskSize(scope: IConstruct, diskSizeGiB: number): void {
  if (!Number.isInteger(diskSizeGiB) || diskSizeGiB < 20 || diskSizeGiB > 16384) {
    throw new ValidationError(ErrorCode.POOL_DISK_SIZE_INVALID, {
      message: 'The node disk size is out of range.',
      received: diskSizeGiB,
      allowed: 'a whole number of GiB from 20 to 16384',
      fix: 'GPU images are large: 100-500 GiB is typical.',
    }, scope);
  }
}

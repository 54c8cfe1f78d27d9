import { IConstruct } from 'constructs';
import { InstanceOffering } from '../catalog/types';
import { Capacity } from '../core/capacity';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertArray, assertNumber, assertString, Check } from '../core/guards';
import { assertLabels, assertTaints } from '../core/kube-syntax';
import { PlatformLabels, ResourceNames } from '../core/labels';
import { Names } from '../core/names';
import { sortedRecord } from '../core/order';
import { Quantity } from '../core/quantity';
import { SPOT_TAINT, Taint } from '../core/taint';
import { PlatformContext } from '../model/context';
import { PoolResourceCapacity } from '../model/types';
import { assertDiskSize, assertPoolSize } from './pool-validation';

// What every pool the platform provisions (GPU or CPU) declares and how it is checked, in one place, so that both
// kinds of pool refuse the same bad input with the same codes.

/** The props every provisioned pool has. */
export interface CommonPoolProps {
  readonly name?: string;
  readonly minNodes?: number;
  readonly maxNodes: number;
  readonly capacity?: Capacity;
  readonly taints?: Taint[];
  readonly labels?: { [key: string]: string };
  readonly diskSizeGiB?: number;
  readonly zones?: string[];
}

/** The common props, checked, with defaults applied. */
export interface CommonPoolSettings {
  readonly poolName: string;
  readonly capacity: Capacity;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly diskSizeGiB: number;
  readonly taints: Taint[];
  /** Zones as declared (the cloud target resolves the default). */
  readonly zones?: string[];
}

/** What differs between kinds of pool when their common props are checked. */
export interface PoolKind {
  /** The construct's name in messages, e.g. `GpuNodePool`. */
  readonly construct: string;
  /** An example of props, for the fix of a missing props object. */
  readonly example: string;
  /** The selection props, for the fix of a missing props object. */
  readonly selection: string;
  readonly defaultTaints: Taint[];
  readonly defaultDiskSizeGiB: number;
}

/** Checks the props object, name and capacity: what the cloud target needs before instances are chosen. */
export function checkPoolIdentity(scope: IConstruct, id: string, props: CommonPoolProps, kind: PoolKind): { poolName: string; capacity: Capacity } {
  if (props === null || typeof props !== 'object') {
    throw new ValidationError(ErrorCode.POOL_SELECTION_MISSING, {
      message: `A ${kind.construct} needs its props (at least \`maxNodes\` and ${kind.selection}).`,
      received: props,
      fix: `Pass props, e.g. ${kind.example}.`,
    }, scope);
  }
  const poolName = props.name ?? id;
  if (typeof poolName !== 'string') Names.assertDns1123Label(scope, 'pool name', poolName);
  const capacity = props.capacity ?? Capacity.onDemand();
  if (!(capacity instanceof Capacity)) {
    throw new ValidationError(ErrorCode.CAPACITY_INVALID, {
      message: '`capacity` is not a Capacity.',
      received: capacity,
      fix: 'Use Capacity.onDemand(), Capacity.spot() or Capacity.reservation(id).',
    }, scope);
  }
  return { poolName, capacity };
}

/** Checks sizes, disk, taints and zones, with the kind's defaults. */
export function checkPoolSettings(
  scope: IConstruct, props: CommonPoolProps, identity: { poolName: string; capacity: Capacity }, kind: PoolKind,
): CommonPoolSettings {
  const minNodes = props.minNodes ?? 0;
  const maxNodes = props.maxNodes;
  const size = (what: string, fix: string): Check => ({ scope, code: ErrorCode.POOL_SIZE_INVALID, what, fix });
  assertNumber(maxNodes, size('`maxNodes`', 'Set maxNodes to the most nodes the pool may have (it bounds what teams can be guaranteed).'), { integer: true });
  assertNumber(minNodes, size('`minNodes`', 'Set minNodes to 0 (scale to zero) or a whole number of nodes.'), { integer: true });
  assertPoolSize(scope, minNodes, maxNodes);
  const diskSizeGiB = props.diskSizeGiB ?? kind.defaultDiskSizeGiB;
  assertDiskSize(scope, diskSizeGiB);
  if (props.taints !== undefined) assertTaints(scope, props.taints);
  if (props.zones !== undefined) {
    assertArray(props.zones, { scope, code: ErrorCode.POOL_ZONE_UNKNOWN, what: '`zones`', fix: 'Pass a list of zone names, e.g. ["us-east-1a"].' }, (zone, i) =>
      assertString(zone, { scope, code: ErrorCode.POOL_ZONE_UNKNOWN, what: `\`zones[${i}]\``, fix: 'Pass zone names such as "us-east-1a".' }));
  }
  const taints = withSpotTaint([...(props.taints ?? kind.defaultTaints)], identity.capacity);
  return { ...identity, minNodes, maxNodes, diskSizeGiB, taints, zones: props.zones };
}

const isSpotTaint = (t: Taint) => t.key === SPOT_TAINT.key && t.effect === SPOT_TAINT.effect;

/** The pool's taints, with the spot taint added on spot capacity: spot nodes are for interruptible work only. */
function withSpotTaint(taints: Taint[], capacity: Capacity): Taint[] {
  return capacity.interruptible && !taints.some(isSpotTaint) ? [...taints, SPOT_TAINT] : taints;
}

/**
 * Splits a pool's taints into those its flavor tolerates on the workloads' behalf and the classification taints (the
 * spot taint on spot capacity), which the flavor lists as node taints and workloads must tolerate themselves.
 */
export function flavorTaints(taints: Taint[], capacity: Capacity): { tolerated: Taint[]; classification: Taint[] } {
  const classifying = (t: Taint) => capacity.interruptible && isSpotTaint(t);
  return { tolerated: taints.filter((t) => !classifying(t)), classification: taints.filter(classifying) };
}

/** The pool's node labels: the user's, then the platform's own (which the user may not override), sorted by key. */
export function poolNodeLabels(
  scope: IConstruct, platform: PlatformContext, extra: { [key: string]: string }, own: Record<string, string>,
): { [key: string]: string } {
  assertLabels(scope, extra);
  const clash = Object.keys(extra).find((k) => Object.prototype.hasOwnProperty.call(own, k));
  if (clash) {
    throw new ValidationError(ErrorCode.LABEL_RESERVED, {
      message: `The label ${clash} is set by the platform and cannot be overridden.`,
      received: { [clash]: extra[clash] },
      fix: 'Remove it from `labels`; use another key for your own meaning.',
    }, scope);
  }
  const labels = sortedRecord({ ...extra, ...own });
  platform._target.checkNodeLabels(scope, labels);
  return labels;
}

/** The labels a flavor selects a pool's nodes by. */
export function poolSelector(poolName: string): Record<string, string> {
  return { [PlatformLabels.POOL]: poolName };
}

/** `cpu` and `memory` of the instance type at maximum size (the instance's, not the smaller allocatable). */
export function hostCapacityAtMaxSize(o: InstanceOffering, maxNodes: number): PoolResourceCapacity[] {
  return [
    { resourceName: ResourceNames.CPU, atMaxSize: Quantity.cpu(o.vcpus * maxNodes) },
    { resourceName: ResourceNames.MEMORY, atMaxSize: Quantity.mebibytes(Math.round(o.memoryGiB * 1024) * maxNodes) },
  ];
}

import { IConstruct } from 'constructs';
import { Catalog } from '../catalog/catalog';
import { InstanceChoice, InstanceOffering, PriceQuote } from '../catalog/types';
import { Capacity, CapacityType } from '../core/capacity';
import { Cloud } from '../core/cloud';
import { atScope, ErrorCode, ValidationError } from '../core/errors';
import { Architecture } from '../core/gpu-model';
import { assertArray, assertBoolean, assertEnum, assertNumber, assertObject, assertString, Check } from '../core/guards';
import { closestOfKind, InstanceSelection } from './instance-selection';

/** What the workloads of a CPU pool need from a node; the cheapest fitting type in the region is chosen. */
export interface CpuRequirements {
  /**
   * Minimum vCPUs per node.
   * @default - no minimum
   */
  readonly minVcpus?: number;
  /**
   * Minimum memory per node, GiB.
   * @default - no minimum
   */
  readonly minMemoryGiB?: number;
  /**
   * CPU architecture: `ARM64` for Graviton (AWS), Axion and Ampere (GCP) nodes; your images must be built for it.
   * @default - either; the cheaper wins
   */
  readonly architecture?: Architecture;
}

/** How a CPU pool selects its instances. */
export interface CpuSelectionInput {
  readonly requirements?: CpuRequirements;
  readonly instanceTypes?: string[];
  readonly allowBurstable?: boolean;
}

/**
 * Whether an offering earns and spends CPU credits or shares a core: AWS T instances (t2, t3, t3a, t4g) and GCP
 * shared-core machine types (e2-micro, e2-small, e2-medium, f1-micro, g1-small). Their list price holds only while the
 * CPU stays below the baseline; a busy inference server pays for surplus credits or is throttled, so the catalog's
 * price would mislead the choice.
 */
export function isBurstable(o: InstanceOffering): boolean {
  return o.cloud === 'aws' ? /^t\d[a-z]*\./.test(o.name) : /^(e2-(micro|small|medium)|f1-micro|g1-small)$/.test(o.name);
}

/** Checks the selection props' types: a wrong type is refused, never coerced. */
export function assertCpuSelectionInput(scope: IConstruct, input: CpuSelectionInput): void {
  const c = (what: string, fix: string): Check => ({ scope, code: ErrorCode.POOL_SELECTION_CONFLICT, what, fix });
  if (input.instanceTypes !== undefined) {
    assertArray(input.instanceTypes, c('`instanceTypes`', 'Pass a list such as ["m7g.xlarge"].'), (name, i) =>
      assertString(name, c(`\`instanceTypes[${i}]\``, 'Pass instance type names such as "m7g.xlarge".'), { maxLength: 64 }));
  }
  if (input.allowBurstable !== undefined) assertBoolean(input.allowBurstable, c('`allowBurstable`', 'Write allowBurstable: true or false.'));
  const r = input.requirements;
  if (r === undefined) return;
  assertObject(r, c('`requirements`', 'Pass e.g. { minVcpus: 4, minMemoryGiB: 16, architecture: Architecture.ARM64 }.'));
  for (const key of ['minVcpus', 'minMemoryGiB'] as const) {
    if (r[key] !== undefined) assertNumber(r[key], c(`\`requirements.${key}\``, 'Use a number such as 4 (not a string).'), { min: 0, max: 1e5 });
  }
  if (r.architecture !== undefined) assertEnum(r.architecture, Architecture, c('`requirements.architecture`', 'Use Architecture.AMD64 or Architecture.ARM64.'));
}

/** Chooses a CPU pool's instance types: the explicit ones, checked, or the cheapest CPU-only type meeting the requirements in the region. */
export function selectCpuInstances(scope: IConstruct, catalog: Catalog, cloud: Cloud, capacity: Capacity, input: CpuSelectionInput): InstanceSelection {
  assertCpuSelectionInput(scope, input);
  if (input.requirements === undefined && input.instanceTypes === undefined) {
    throw new ValidationError(ErrorCode.POOL_SELECTION_MISSING, {
      message: 'The CPU pool says neither which requirements nor which instance types it wants.',
      fix: 'Set `requirements` (e.g. { minVcpus: 4, minMemoryGiB: 16 }) or `instanceTypes`.',
    }, scope);
  }
  if (input.requirements !== undefined && input.instanceTypes !== undefined) {
    throw new ValidationError(ErrorCode.POOL_SELECTION_CONFLICT, {
      message: 'The CPU pool selects its instances in two ways.',
      received: { requirements: '{…}', instanceTypes: input.instanceTypes },
      fix: 'Keep `requirements` (the catalog picks the cheapest) or `instanceTypes` (yours), not both.',
    }, scope);
  }
  return input.instanceTypes ? explicitCpu(scope, catalog, cloud, capacity, input.instanceTypes) : cheapestCpu(scope, catalog, cloud, capacity, input);
}

function explicitCpu(scope: IConstruct, catalog: Catalog, cloud: Cloud, capacity: Capacity, names: string[]): InstanceSelection {
  if (names.length === 0) {
    throw new ValidationError(ErrorCode.POOL_SELECTION_MISSING, {
      message: '`instanceTypes` is empty.',
      fix: 'List at least one instance type, or select by `requirements`.',
    }, scope);
  }
  const offerings = names.map((name) => {
    const all = catalog.findOfferings(cloud.provider, name);
    const cpu = all.find((o) => o.gpuCount === 0);
    if (cpu) return cpu;
    throw new ValidationError(ErrorCode.UNKNOWN_INSTANCE_TYPE, {
      message: all.length > 0
        ? `${name} carries GPUs; a CpuNodePool is for CPU-only types.`
        : `The catalog has no CPU instance type ${name} on ${cloud.provider}.`,
      received: name,
      allowed: all.length > 0 ? undefined : `closest: ${closestOfKind(catalog, cloud, name, false).join(', ')}`,
      fix: all.length > 0 ? 'Declare a GpuNodePool for GPU types.' : 'Check the spelling, or select by `requirements` and let the catalog choose.',
    }, scope);
  });
  for (const name of names) atScope(scope, () => catalog.assertOffered(cloud.provider, name, cloud.region));
  const first = offerings[0];
  const odd = offerings.find((o) => o.vcpus !== first.vcpus || o.memoryGiB !== first.memoryGiB || o.architecture !== first.architecture);
  if (odd) {
    throw new ValidationError(ErrorCode.POOL_MIXED_SHAPES, {
      message: 'All instance types of a CPU pool must have the same vCPUs, memory and architecture, so the pool has one capacity and one flavor.',
      received: offerings.map((o) => `${o.name}: ${o.vcpus} vCPU, ${o.memoryGiB} GiB, ${o.architecture}`),
      fix: `Split ${odd.name} into its own pool (e.g. m7g.xlarge with m6g.xlarge is fine; m7g.xlarge with m7g.2xlarge is not).`,
    }, scope);
  }
  return {
    offering: first,
    instanceTypes: [...names],
    reason: 'explicit instance types',
    price: catalog.price(first, cloud.region, capacity.type),
    alternatives: [],
  };
}

function cheapestCpu(scope: IConstruct, catalog: Catalog, cloud: Cloud, capacity: Capacity, input: CpuSelectionInput): InstanceSelection {
  const r = input.requirements!;
  const choices = cpuChoices(catalog, cloud, capacity.type, r, input.allowBurstable === true);
  const wanted = describeCpuRequirements(r, input.allowBurstable === true);
  if (choices.length === 0) {
    throw new ValidationError(ErrorCode.NO_INSTANCE_MEETS_REQUIREMENTS, {
      message: `No ${cloud.provider} CPU type priced for ${capacity.type} in ${cloud.region} meets the requirements.`,
      received: wanted,
      fix: 'Relax a requirement (fewer vCPUs or less memory, either architecture), or name the type with `instanceTypes`.',
    }, scope);
  }
  const [best, ...rest] = choices;
  return {
    offering: best.offering,
    instanceTypes: [best.offering.name],
    reason: `cheapest ${capacity.type} CPU offering meeting ${wanted}`,
    price: best.price,
    alternatives: rest.slice(0, 3),
  };
}

/** CPU-only offerings meeting the requirements in the region, cheapest first (burstable types only when allowed). */
export function cpuChoices(catalog: Catalog, cloud: Cloud, capacityType: CapacityType, r: CpuRequirements, allowBurstable: boolean): InstanceChoice[] {
  return catalog.match(cloud.provider, cloud.region, {
    gpusPerNode: 0,
    minVcpus: r.minVcpus,
    minMemoryGiB: r.minMemoryGiB,
    architecture: r.architecture,
  }, capacityType).filter((c) => allowBurstable || !isBurstable(c.offering));
}

/** The cheapest GPU node in the region with at least the vCPUs and memory of `like`, and its price. */
export function cheapestGpuNodeLike(
  catalog: Catalog, cloud: Cloud, capacityType: CapacityType, like: InstanceOffering,
): { offering: InstanceOffering; price: PriceQuote } | undefined {
  return catalog.match(cloud.provider, cloud.region, { minGpusPerNode: 1, minVcpus: like.vcpus, minMemoryGiB: like.memoryGiB }, capacityType)[0];
}

function describeCpuRequirements(r: CpuRequirements, allowBurstable: boolean): string {
  const parts: string[] = [];
  if (r.minVcpus !== undefined) parts.push(`vcpus>=${r.minVcpus}`);
  if (r.minMemoryGiB !== undefined) parts.push(`memory>=${r.minMemoryGiB}GiB`);
  if (r.architecture) parts.push(`arch=${r.architecture}`);
  if (!allowBurstable) parts.push('not burstable');
  return parts.join(', ');
}

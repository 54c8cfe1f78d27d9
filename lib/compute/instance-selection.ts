import { IConstruct } from 'constructs';
import { Catalog } from '../catalog/catalog';
import { closestStrings } from '../catalog/closest';
import { InstanceChoice, InstanceOffering, InstanceRequirements, PriceQuote } from '../catalog/types';
import { Capacity, CapacityType } from '../core/capacity';
import { Cloud } from '../core/cloud';
import { atScope, ErrorCode, ValidationError } from '../core/errors';
import { Architecture, GpuModel } from '../core/gpu-model';
import { assertArray, assertBoolean, assertEnum, assertInstance, assertNumber, assertObject, assertString, Check } from '../core/guards';
import { compareStrings } from '../core/order';

/** How a pool's instance type was chosen, so the user can see and audit the choice. */
export interface InstanceSelection {
  /** The offering chosen (the first instance type). */
  readonly offering: InstanceOffering;
  /** Every instance type of the pool. */
  readonly instanceTypes: string[];
  /** Why: "explicit", or the requirements that made it the cheapest. */
  readonly reason: string;
  /**
   * The price per node-hour for the pool's capacity type.
   * @default - the catalog has no price for it
   */
  readonly price?: PriceQuote;
  /** The next cheapest offerings that also met the requirements (up to three). */
  readonly alternatives: InstanceChoice[];
}

/** What the pool declared to select its instances; exactly one way must be used. */
export interface SelectionInput {
  readonly gpu?: GpuModel;
  readonly gpusPerNode?: number;
  readonly requirements?: InstanceRequirements;
  readonly instanceTypes?: string[];
}

/** Type checks of what a pool declares to select its instances: a wrong type is refused, never coerced. */
export function assertSelectionInput(scope: IConstruct, input: SelectionInput): void {
  const c = (what: string, fix: string): Check => ({ scope, code: ErrorCode.POOL_SELECTION_CONFLICT, what, fix });
  const gpuFix = 'Use a GpuModel constant, e.g. GpuModel.L4.';
  if (input.gpu !== undefined) assertInstance(input.gpu, GpuModel, c('`gpu`', gpuFix), 'a GpuModel');
  if (input.gpusPerNode !== undefined) assertNumber(input.gpusPerNode, c('`gpusPerNode`', 'Use a whole number such as 1, 4 or 8.'), { integer: true, min: 1, max: 64 });
  if (input.instanceTypes !== undefined) {
    assertArray(input.instanceTypes, c('`instanceTypes`', 'Pass a list such as ["g6.xlarge"].'), (name, i) =>
      assertString(name, c(`\`instanceTypes[${i}]\``, 'Pass instance type names such as "g6.xlarge".'), { maxLength: 64 }));
  }
  const r = input.requirements;
  if (r === undefined) return;
  assertObject(r, c('`requirements`', 'Pass e.g. { minGpuMemoryGiB: 24, gpusPerNode: 1 }.'));
  if (r.gpu !== undefined) assertInstance(r.gpu, GpuModel, c('`requirements.gpu`', gpuFix), 'a GpuModel');
  const counts: Array<[keyof InstanceRequirements, number]> = [['gpusPerNode', 1], ['minGpusPerNode', 0]];
  for (const [key, min] of counts) {
    if (r[key] !== undefined) assertNumber(r[key], c(`\`requirements.${key}\``, 'Use a whole number.'), { integer: true, min, max: 64 });
  }
  for (const key of ['minGpuMemoryGiB', 'minVcpus', 'minMemoryGiB'] as const) {
    if (r[key] !== undefined) assertNumber(r[key], c(`\`requirements.${key}\``, 'Use a number such as 24 (not a string).'), { min: 0, max: 1e6 });
  }
  for (const key of ['nvlink', 'efa'] as const) {
    if (r[key] !== undefined) assertBoolean(r[key], c(`\`requirements.${key}\``, `Write ${key}: true or false.`));
  }
  if (r.architecture !== undefined) assertEnum(r.architecture, Architecture, c('`requirements.architecture`', 'Use Architecture.AMD64 or Architecture.ARM64.'));
}

export function selectInstances(scope: IConstruct, catalog: Catalog, cloud: Cloud, capacity: Capacity, input: SelectionInput): InstanceSelection {
  assertSelectionInput(scope, input);
  const ways = [input.requirements !== undefined, input.instanceTypes !== undefined, input.gpu !== undefined && input.instanceTypes === undefined]
    .filter(Boolean).length;
  if (ways === 0) {
    throw new ValidationError(ErrorCode.POOL_SELECTION_MISSING, {
      message: 'The pool says neither which GPU, which requirements, nor which instance types it wants.',
      fix: 'Set one of `gpu` (e.g. GpuModel.L4), `requirements` (e.g. { minGpuMemoryGiB: 24 }) or `instanceTypes`.',
    }, scope);
  }
  if (ways > 1 || (input.requirements && input.gpu) || (input.gpusPerNode !== undefined && input.gpu === undefined)) {
    throw new ValidationError(ErrorCode.POOL_SELECTION_CONFLICT, {
      message: 'The pool selects its instances in more than one way.',
      received: { gpu: input.gpu?.id, gpusPerNode: input.gpusPerNode, requirements: input.requirements ? '{…}' : undefined, instanceTypes: input.instanceTypes },
      allowed: '`gpu` (+ `gpusPerNode`), or `requirements`, or `instanceTypes` (+ `gpu` to disambiguate a GCP machine type)',
      fix: 'Keep one way; put the GPU model inside `requirements.gpu` when using requirements.',
    }, scope);
  }
  if (input.instanceTypes) return explicit(scope, catalog, cloud, capacity, input.instanceTypes, input.gpu);
  const requirements: InstanceRequirements = input.requirements ?? { gpu: input.gpu, gpusPerNode: input.gpusPerNode };
  return cheapest(scope, catalog, cloud, capacity, requirements);
}

function explicit(scope: IConstruct, catalog: Catalog, cloud: Cloud, capacity: Capacity, names: string[], gpu?: GpuModel): InstanceSelection {
  if (names.length === 0) {
    throw new ValidationError(ErrorCode.POOL_SELECTION_MISSING, {
      message: '`instanceTypes` is empty.',
      fix: 'List at least one instance type, or select by `gpu` or `requirements`.',
    }, scope);
  }
  const offerings = names.map((name) => {
    // CPU-only types are in the catalog too; a GPU pool cannot use them.
    const found = catalog.findOfferings(cloud.provider, name, gpu).filter((o) => o.gpu);
    if (found.length === 0) {
      const known = catalog.findOfferings(cloud.provider, name).filter((o) => o.gpu);
      throw new ValidationError(ErrorCode.UNKNOWN_INSTANCE_TYPE, {
        message: known.length > 0
          ? `${name} does not carry ${gpu!.displayName} GPUs on ${cloud.provider}.`
          : `The catalog has no GPU instance type ${name} on ${cloud.provider}.`,
        received: name,
        allowed: known.length > 0 ? known.map((o) => o.gpu!.id).join(', ') : `closest: ${closestOfKind(catalog, cloud, name, true).join(', ')}`,
        fix: known.length > 0 ? 'Pick the GPU the machine type carries.' : 'Check the spelling, or select by `gpu` or `requirements` and let the catalog choose.',
      }, scope);
    }
    if (found.length > 1) {
      throw new ValidationError(ErrorCode.INSTANCE_TYPE_AMBIGUOUS, {
        message: `${name} is offered with several GPU models on ${cloud.provider}.`,
        received: name,
        allowed: found.map((o) => o.gpu!.id).join(', '),
        fix: 'Set `gpu` next to `instanceTypes` to say which.',
      }, scope);
    }
    return found[0];
  });
  // A type the data shows absent from the region is refused, with the regions that offer it and the closest types offered here.
  for (const name of names) atScope(scope, () => catalog.assertOffered(cloud.provider, name, cloud.region));
  const first = offerings[0];
  const odd = offerings.find((o) => o.gpu!.id !== first.gpu!.id || o.gpuCount !== first.gpuCount);
  if (odd) {
    throw new ValidationError(ErrorCode.POOL_MIXED_GPU_SHAPES, {
      message: 'All instance types of a pool must carry the same GPU model and count, so the pool has one capacity and one flavor.',
      received: offerings.map((o) => `${o.name}: ${o.gpuCount} x ${o.gpu!.id}`),
      fix: `Split ${odd.name} into its own pool.`,
    }, scope);
  }
  if (capacity.type !== CapacityType.SPOT) {
    const spotOnly = offerings.find((o) => !o.onDemandOffered);
    if (spotOnly) {
      throw new ValidationError(ErrorCode.CAPACITY_INVALID, {
        message: `${spotOnly.name} is sold only as Spot (or Flex-start), not ${capacity.type}.`,
        received: capacity.type,
        fix: 'Use Capacity.spot(), or a machine type sold on demand (e.g. the 8-GPU shape).',
      }, scope);
    }
  }
  return { offering: first, instanceTypes: [...names], reason: 'explicit instance types', price: catalog.price(first, cloud.region, capacity.type), alternatives: [] };
}

function cheapest(scope: IConstruct, catalog: Catalog, cloud: Cloud, capacity: Capacity, req: InstanceRequirements): InstanceSelection {
  if (req.gpu && !catalog.gpuModels(cloud.provider).some((m) => m.id === req.gpu!.id)) {
    throw new ValidationError(ErrorCode.GPU_NOT_OFFERED, {
      message: `${req.gpu.displayName} is not offered on ${cloud.provider} in the catalog.`,
      received: req.gpu.id,
      allowed: catalog.gpuModels(cloud.provider).map((m) => m.id).join(', '),
      fix: 'Pick a GPU model the cloud offers, or select by `requirements` (e.g. minimum GPU memory).',
    }, scope);
  }
  // A GPU pool needs a GPU type, even when the requirements admit CPU-only ones (minGpusPerNode: 0).
  const choices = catalog.match(cloud.provider, cloud.region, req, capacity.type).filter((c) => c.offering.gpu);
  if (choices.length === 0) {
    const unpricedMatches = catalog.offerings(cloud.provider).filter((o) => o.gpu && Catalog.meets(o, req));
    if (unpricedMatches.length > 0) {
      throw new ValidationError(ErrorCode.NO_PRICE_FOR_CAPACITY, {
        message: `Instances meet the requirements, but none is sold (or priced in the catalog) as ${capacity.type}.`,
        received: unpricedMatches.map((o) => o.name),
        fix: 'Name the instance type explicitly with `instanceTypes`, or change the capacity type.',
      }, scope);
    }
    throw new ValidationError(ErrorCode.NO_INSTANCE_MEETS_REQUIREMENTS, {
      message: `No ${cloud.provider} instance in the catalog meets the requirements.`,
      received: describeRequirements(req),
      allowed: `closest: ${closestCandidates(catalog, cloud, req).join('; ')}`,
      fix: 'Relax a requirement (the closest candidates say which ones they miss).',
    }, scope);
  }
  const [best, ...rest] = choices;
  return {
    offering: best.offering,
    instanceTypes: [best.offering.name],
    reason: `cheapest ${capacity.type} offering meeting ${describeRequirements(req)}`,
    price: best.price,
    alternatives: rest.slice(0, 3),
  };
}

function describeRequirements(req: InstanceRequirements): string {
  const parts: string[] = [];
  if (req.gpu) parts.push(`gpu=${req.gpu.id}`);
  if (req.minGpuMemoryGiB !== undefined) parts.push(`gpuMemory>=${req.minGpuMemoryGiB}GiB`);
  if (req.gpusPerNode !== undefined) parts.push(`gpusPerNode=${req.gpusPerNode}`);
  if (req.minGpusPerNode !== undefined) parts.push(`gpusPerNode>=${req.minGpusPerNode}`);
  if (req.architecture) parts.push(`arch=${req.architecture}`);
  if (req.nvlink) parts.push('nvlink');
  if (req.efa) parts.push('efa');
  if (req.minVcpus !== undefined) parts.push(`vcpus>=${req.minVcpus}`);
  if (req.minMemoryGiB !== undefined) parts.push(`memory>=${req.minMemoryGiB}GiB`);
  return parts.length ? parts.join(', ') : 'no requirements';
}

/** The offerings missing the fewest requirements, each with what it misses. */
function closestCandidates(catalog: Catalog, cloud: Cloud, req: InstanceRequirements): string[] {
  const checks: Array<[string, (o: InstanceOffering) => boolean]> = [
    ['gpu', (o) => !req.gpu || o.gpu?.id === req.gpu.id],
    ['gpuMemory', (o) => req.minGpuMemoryGiB === undefined || o.gpuMemoryGiB >= req.minGpuMemoryGiB],
    ['gpusPerNode', (o) => (req.gpusPerNode === undefined || o.gpuCount === req.gpusPerNode) && o.gpuCount >= (req.minGpusPerNode ?? 1)],
    ['arch', (o) => !req.architecture || o.architecture === req.architecture],
    ['nvlink', (o) => !req.nvlink || o.nvlink],
    ['efa', (o) => !req.efa || o.efaInterfaces > 0],
    ['vcpus', (o) => req.minVcpus === undefined || o.vcpus >= req.minVcpus],
    ['memory', (o) => req.minMemoryGiB === undefined || o.memoryGiB >= req.minMemoryGiB],
  ];
  return catalog.offerings(cloud.provider)
    .filter((o) => o.gpu)
    .map((o) => ({ o, missing: checks.filter(([, ok]) => !ok(o)).map(([n]) => n) }))
    .sort((a, b) => a.missing.length - b.missing.length || compareStrings(a.o.name, b.o.name))
    .slice(0, 3)
    .map(({ o, missing }) => `${o.name} (${o.gpuCount} x ${o.gpu!.id}; misses ${missing.join(', ')})`);
}

/** The three type names closest in spelling to `name` among GPU types (`gpu`) or CPU-only types: a pool suggests only what it can use. */
export function closestOfKind(catalog: Catalog, cloud: Cloud, name: string, gpu: boolean): string[] {
  return closestStrings(name, catalog.offerings(cloud.provider).filter((o) => (o.gpuCount > 0) === gpu).map((o) => o.name), 3);
}

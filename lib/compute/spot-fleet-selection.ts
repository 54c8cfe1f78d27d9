import { IConstruct } from 'constructs';
import { Catalog } from '../catalog/catalog';
import { InstanceOffering, InstanceRequirements, OfferingStatus, PriceQuote } from '../catalog/types';
import { Capacity, CapacityType } from '../core/capacity';
import { Cloud } from '../core/cloud';
import { ErrorCode, ValidationError } from '../core/errors';
import { compareStrings } from '../core/order';
import { FleetPriceRow, FleetPricingModel } from '../model/types';
import { SelectionInput, selectInstances } from './instance-selection';

/** The instance types a fleet runs: its spot types in order of preference, and its on-demand type. */
export interface FleetSelection {
  /** The spot offerings, most preferred first; all carry the same GPU model and count. */
  readonly spot: InstanceOffering[];
  /** The on-demand offering of the same GPU shape, for the base and the fallback; undefined when none is needed. */
  readonly onDemand?: InstanceOffering;
  /** Why these, in words. */
  readonly reason: string;
}

/** An interruption bound the ranking can compare: the advisor's upper bound, or worse than any when not known. */
function interruptionRank(quote: PriceQuote | undefined): number {
  return quote?.interruptionMaxPercent ?? 101;
}

/**
 * Chooses a fleet's instance types. With explicit types: those, in the order given. Otherwise every offering that meets
 * the requirements and has a spot price in the region, ranked by the cloud's interruption frequency (AWS Spot
 * Instance Advisor range, least interrupted first; GCP publishes none, so all tie), then spot price per GPU-hour,
 * then name; the best one sets the GPU model and count, and up to `maxTypes` offerings of that shape are kept, leaving
 * out those whose spot price per GPU-hour is not below the cheapest on-demand price per GPU-hour of the shape (a type
 * with far more CPU or memory per GPU can cost more on spot than the fallback does on demand: it saves nothing).
 * The on-demand type is the cheapest on-demand offering of the same shape that also meets the requirements.
 */
export function selectFleetInstances(
  scope: IConstruct, catalog: Catalog, cloud: Cloud, input: SelectionInput, maxTypes: number, onDemandNeeded: boolean,
): FleetSelection {
  // The pool's selection checks the input and refuses what no offering meets, with the same codes as a pool's.
  const first = selectInstances(scope, catalog, cloud, Capacity.spot(), input);
  const region = cloud.region;
  let spot: InstanceOffering[];
  let requirements: InstanceRequirements;
  let reason: string;
  if (input.instanceTypes) {
    spot = input.instanceTypes.map((name) => catalog.findOfferings(cloud.provider, name, input.gpu).filter((o) => o.gpu)[0]);
    requirements = { gpu: first.offering.gpu, gpusPerNode: first.offering.gpuCount };
    reason = 'explicit instance types';
  } else {
    requirements = input.requirements ?? { gpu: input.gpu, gpusPerNode: input.gpusPerNode };
    const ranked = catalog.match(cloud.provider, region, requirements, CapacityType.SPOT)
      .filter((c) => c.offering.gpu)
      .map((c) => ({ o: c.offering, quote: c.price, perGpu: c.price.usdPerHour / c.offering.gpuCount }))
      .sort((a, b) => interruptionRank(a.quote) - interruptionRank(b.quote) || a.perGpu - b.perGpu || compareStrings(a.o.name, b.o.name));
    const best = ranked[0].o;
    const sameShape = ranked.filter((r) => r.o.gpu!.id === best.gpu!.id && r.o.gpuCount === best.gpuCount);
    const onDemandPerGpu = cheapestOnDemandPerGpu(catalog, cloud, { ...requirements, gpu: best.gpu, gpusPerNode: best.gpuCount });
    const saving = onDemandPerGpu === undefined ? sameShape : sameShape.filter((r) => r.perGpu < onDemandPerGpu);
    spot = (saving.length > 0 ? saving : sameShape).slice(0, maxTypes).map((r) => r.o);
    requirements = { ...requirements, gpu: best.gpu, gpusPerNode: best.gpuCount };
    reason = `least interrupted, then cheapest spot offerings per GPU-hour meeting the requirements (${best.gpuCount} x ${best.gpu!.id} per node)`;
  }
  if (!onDemandNeeded) return { spot, reason };
  const shape = spot[0];
  const candidates = input.instanceTypes ? spot.filter((o) => o.onDemandOffered) : catalog.offerings(cloud.provider)
    .filter((o) => o.gpu && Catalog.meets(o, { ...requirements, gpu: shape.gpu, gpusPerNode: shape.gpuCount }));
  const priced = candidates
    .map((o) => ({ o, quote: catalog.price(o, region, CapacityType.ON_DEMAND) }))
    .filter((c) => c.quote !== undefined && catalog.availability(c.o, region).status !== OfferingStatus.NOT_OFFERED)
    .sort((a, b) => a.quote!.usdPerHour - b.quote!.usdPerHour || compareStrings(a.o.name, b.o.name));
  if (priced.length === 0) {
    throw new ValidationError(ErrorCode.SPOT_FLEET_INVALID, {
      message: `No ${cloud.provider} type with ${shape.gpuCount} x ${shape.gpu!.displayName} is sold on demand in ${region} (or priced in the catalog), `
        + 'so the fleet has nothing to fall back to.',
      received: spot.map((o) => o.name),
      fix: 'Choose another GPU shape (e.g. more GPUs per node), or set onDemandFallback: false and onDemandBaseNodes: 0 for a spot-only fleet.',
    }, scope);
  }
  return { spot, onDemand: priced[0].o, reason };
}

/** The cheapest on-demand price per GPU-hour among the offerings that meet `requirements` in the region. */
function cheapestOnDemandPerGpu(catalog: Catalog, cloud: Cloud, requirements: InstanceRequirements): number | undefined {
  const prices = catalog.match(cloud.provider, cloud.region, requirements, CapacityType.ON_DEMAND)
    .filter((c) => c.offering.gpu)
    .map((c) => c.price.usdPerHour / c.offering.gpuCount);
  return prices.length > 0 ? Math.min(...prices) : undefined;
}

/** One price as a row of the fleet's pricing, with its source and date (undefined when the catalog has none). */
export function priceRow(catalog: Catalog, offering: InstanceOffering, region: string, type: CapacityType): FleetPriceRow | undefined {
  const quote = catalog.price(offering, region, type);
  if (!quote) return undefined;
  return {
    instanceType: offering.name,
    capacityType: type,
    usdPerNodeHour: quote.usdPerHour,
    gpusPerNode: offering.gpuCount,
    usdPerGpuHour: quote.usdPerHour / offering.gpuCount,
    priceRegion: quote.priceRegion,
    estimatedFromOtherRegion: quote.estimatedFromOtherRegion,
    basis: quote.basis,
    source: quote.source,
    retrieved: quote.retrieved,
    ...(quote.interruptionFrequency !== undefined ? { interruptionFrequency: quote.interruptionFrequency } : {}),
    ...(quote.interruptionMaxPercent !== undefined ? { interruptionMaxPercent: quote.interruptionMaxPercent } : {}),
    ...(quote.spotSource !== undefined ? { interruptionSource: quote.spotSource } : {}),
    ...(quote.spotRetrieved !== undefined ? { interruptionRetrieved: quote.spotRetrieved } : {}),
  };
}

/** The advisor's top range is open (`>20%`): its table maximum (100) is a sentinel, not a measured bound. */
const OPEN_RANGE_MAX = 100;

/**
 * The fleet's prices and spot share. The share is the prop when given; otherwise 1 minus the highest upper bound of the
 * interruption-frequency ranges of the fleet's spot types (the AWS Spot Instance Advisor's own table: <5% -> 5,
 * 5-10% -> 11, 10-15% -> 16, 15-20% -> 22): the share of a month's spot instances the cloud may interrupt, taken as the
 * share of GPU-hours that ends up on the on-demand fallback. No default when a type is in the open `>20%` range or
 * the cloud publishes no rate (GCP): the estimate then says it cannot price the fleet rather than guess.
 */
export function fleetPricing(catalog: Catalog, cloud: Cloud, selection: FleetSelection, spotShare: number | undefined): FleetPricingModel {
  const region = cloud.region;
  const spot = selection.spot.map((o) => priceRow(catalog, o, region, CapacityType.SPOT)).filter((r): r is FleetPriceRow => r !== undefined);
  const onDemand = selection.onDemand ? priceRow(catalog, selection.onDemand, region, CapacityType.ON_DEMAND) : undefined;
  if (spotShare !== undefined) return { spot, onDemand, spotShare, spotShareBasis: 'given (spotShare)' };
  const unbounded = spot.filter((r) => r.interruptionMaxPercent === undefined || r.interruptionMaxPercent >= OPEN_RANGE_MAX);
  if (spot.length === 0 || unbounded.length > 0) {
    const why = spot.length === 0 ? 'the catalog has no spot price for the fleet\'s types'
      : unbounded.some((r) => r.interruptionMaxPercent === undefined)
        ? `the cloud publishes no interruption rate for ${unbounded.map((r) => r.instanceType).join(', ')}`
        : `the AWS Spot Instance Advisor bounds the interruption frequency of ${unbounded.map((r) => r.instanceType).join(', ')} only from below (>20%)`;
    return { spot, onDemand, spotShareBasis: `not known: ${why}; set spotShare to price the fleet` };
  }
  const worst = spot.reduce((a, b) => (b.interruptionMaxPercent! > a.interruptionMaxPercent! ? b : a));
  return {
    spot,
    onDemand,
    spotShare: 1 - worst.interruptionMaxPercent! / 100,
    spotShareBasis: `1 - ${worst.interruptionMaxPercent}%: the upper bound of the interruption frequency range ${worst.interruptionFrequency} `
      + `the AWS Spot Instance Advisor gives ${worst.instanceType} in ${worst.priceRegion} (the highest of the fleet's types; `
      + `${worst.interruptionSource ?? worst.source}, ${worst.interruptionRetrieved ?? worst.retrieved})`,
  };
}

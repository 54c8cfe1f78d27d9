import { CloudProvider } from '../core/cloud';
import { compareStrings } from '../core/order';
import { editDistance } from './closest';
import { REGION_LOOKUP } from './offerings';
import { InstanceOffering, OfferingAvailability, OfferingStatus } from './types';

const offeredSets = new WeakMap<InstanceOffering, { offered: Set<string>; notOffered: Set<string> }>();

function sets(o: InstanceOffering): { offered: Set<string>; notOffered: Set<string> } {
  let s = offeredSets.get(o);
  if (!s) {
    s = { offered: new Set(o.offeredInRegions ?? []), notOffered: new Set(o.notOfferedInRegions ?? []) };
    offeredSets.set(o, s);
  }
  return s;
}

/** Offered, not offered or unknown: what an offering's own region lists say of a region. */
export function statusIn(o: InstanceOffering, region: string): OfferingStatus {
  const lookup = REGION_LOOKUP.get(o);
  if (lookup) return lookup.status(region);
  const s = sets(o);
  return s.offered.has(region) ? OfferingStatus.OFFERED : s.notOffered.has(region) ? OfferingStatus.NOT_OFFERED : OfferingStatus.UNKNOWN;
}

/**
 * The availability of a type (all its offerings: a GCP N1 machine type has one per accelerator) in a
 * region: offered when one offering is, not offered when all are not, unknown otherwise.
 */
export function availabilityOf(cloud: CloudProvider, name: string, offerings: InstanceOffering[], region: string, regionKnown: boolean): OfferingAvailability {
  const offeredIn = [...new Set(offerings.flatMap((o) => o.offeredInRegions ?? []))].sort(compareStrings);
  const base = { cloud, name, region, offeredInRegions: offeredIn };
  if (offerings.length === 0) {
    return { ...base, status: OfferingStatus.UNKNOWN, evidence: `${name} is not an instance type the catalog knows on ${cloud}.` };
  }
  const statuses = offerings.map((o) => statusIn(o, region));
  const basis = offerings[0].availabilityBasis ?? 'no availability data';
  if (statuses.includes(OfferingStatus.OFFERED)) {
    return { ...base, status: OfferingStatus.OFFERED, evidence: `${name} is offered in ${region}. Evidence: ${basis}` };
  }
  if (statuses.every((s) => s === OfferingStatus.NOT_OFFERED)) {
    return { ...base, status: OfferingStatus.NOT_OFFERED, evidence: `${name} is not offered in ${region}. Evidence: ${basis}` };
  }
  return {
    ...base,
    status: OfferingStatus.UNKNOWN,
    evidence: regionKnown
      ? `The catalog's evidence does not cover ${name} in ${region}. Evidence: ${basis}`
      : `${region} is not a ${cloud} region the catalog knows.`,
  };
}

/**
 * Offerings offered in a region, most like `like` first: GPU types for a GPU type (same model, then
 * nearest GPU count), CPU types for a CPU type (same architecture); then nearest vCPUs and memory
 * (log ratio), then closest name, then name.
 */
export function rankAlternatives(like: InstanceOffering, candidates: InstanceOffering[], region: string): InstanceOffering[] {
  const ratio = (a: number, b: number) => (a > 0 && b > 0 ? Math.abs(Math.log2(a / b)) : a === b ? 0 : 10);
  const gpu = like.gpuCount > 0;
  return candidates
    .filter((o) => (o.gpuCount > 0) === gpu && o !== like && statusIn(o, region) === OfferingStatus.OFFERED)
    .map((o) => ({
      o,
      key: [
        gpu && o.gpu?.id !== like.gpu?.id ? 1 : 0,
        gpu ? ratio(o.gpuCount, like.gpuCount) : 0,
        o.architecture === like.architecture ? 0 : 1,
        ratio(o.vcpus, like.vcpus) + ratio(o.memoryGiB, like.memoryGiB),
        editDistance(o.name, like.name),
      ],
    }))
    .sort((a, b) => {
      for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
      return compareStrings(a.o.name, b.o.name) || compareStrings(a.o.acceleratorType ?? '', b.o.acceleratorType ?? '');
    })
    .map((x) => x.o);
}

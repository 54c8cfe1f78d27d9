import { CapacityType } from '../core/capacity';
import { CloudProvider } from '../core/cloud';
import { Architecture, GpuModel } from '../core/gpu-model';
import { AwsTypeRow, GcpTypeRow, SnapshotData } from './snapshot-format';
import { InstanceOffering, RegionalPrice } from './types';

/**
 * The regions whose prices other regions are quoted from when the data has none for them: on AWS the
 * only commercial region the data prices on demand, on GCP the region every machine type is priced in.
 */
export const REFERENCE_REGION: Record<CloudProvider, string> = {
  [CloudProvider.AWS]: 'us-east-1',
  [CloudProvider.GCP]: 'us-central1',
};

/**
 * For an AWS GPU type the Spot Instance Advisor does not list in us-east-1: spot = on-demand x 0.37, the
 * median GPU saving of the advisor snapshot (reference/cloud-apis.md §3.3). Never applied to CPU types.
 */
export const AWS_DEFAULT_SPOT_FRACTION = 0.37;

const NO_SPOT = 'no spot price in the data';

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Node-hour price for a capacity type from one regional price row. Reservations bill at the on-demand rate. */
export function priceFor(price: RegionalPrice, capacity: CapacityType): number | undefined {
  return capacity === CapacityType.SPOT ? price.spotUsdPerHour : price.onDemandUsdPerHour;
}

/** The offerings of one cloud in a snapshot, in snapshot order (by name, then accelerator). */
export function decodeOfferings(data: SnapshotData, cloud: CloudProvider): InstanceOffering[] {
  return cloud === CloudProvider.AWS ? decodeAws(data) : cloud === CloudProvider.GCP ? decodeGcp(data) : [];
}

/** A price row with every field present (one object shape keeps decoding fast). */
function priceRow(
  region: string, onDemand: number | undefined, spot: number | undefined, spotBasis: string, source: string, retrieved: string,
  advice?: { savings: number; label: string; max: number; source: string; date: string; derivedFrom?: string },
): RegionalPrice {
  return {
    region,
    onDemandUsdPerHour: onDemand,
    spotUsdPerHour: spot,
    spotBasis,
    source,
    retrieved,
    spotDerivedFromRegion: advice?.derivedFrom,
    spotSavingsPercent: advice?.savings,
    spotInterruptionFrequency: advice?.label,
    spotInterruptionMaxPercent: advice?.max,
    spotSource: advice?.source,
    spotRetrieved: advice?.date,
  };
}

function decodeAws(data: SnapshotData): InstanceOffering[] {
  const { aws, sources, awsRegions } = data;
  const referenceIndex = awsRegions.indexOf(REFERENCE_REGION[CloudProvider.AWS]);
  const odSource: Array<[string, string] | undefined> = [];
  for (const [r, s] of aws.onDemandSources) odSource[r] = sources[s];
  const [spotText, spotDate] = sources[aws.spotSource];
  const covered = aws.spotRegions;
  // Spot bases repeat (same base region, saving and region): build each text once.
  const bases = new Map<number, string>();
  const basisFor = (base: number, savings: number, region: number): string => {
    const key = (base * 1000 + region) * 1000 + savings + 500;
    let text = bases.get(key);
    if (text === undefined) {
      text = `on-demand ${awsRegions[base]} x (1 - ${savings}%), the saving the AWS Spot Instance Advisor snapshot of ${spotDate} gives for ${awsRegions[region]}`;
      bases.set(key, text);
    }
    return text;
  };
  const fallbackBasis = `on-demand x ${AWS_DEFAULT_SPOT_FRACTION} (median GPU spot saving; the Spot Instance Advisor has no entry for this type here)`;
  const availabilityBasis = `AWS: offered where the Spot Instance Advisor (${spotText}, ${spotDate}) lists the type or the data prices it on demand; `
    + 'not offered in a region the advisor covers when it lists the type elsewhere but not there (the advisor lists only types with spot '
    + 'capacity, so an on-demand-only offering there is not ruled out); unknown elsewhere.';

  return aws.types.map((row: AwsTypeRow): InstanceOffering => {
    const [name, arch, vcpus, memoryGiB, gpuId, gpuCount, nvlink, efa, specSource, odFlat, spotFlat] = row;
    const gpu = gpuId ? GpuModel.of(gpuId) : undefined;
    const regionsOf = () => {
      const od = new Map<number, number>();
      for (let i = 0; i < odFlat.length; i += 2) od.set(odFlat[i], odFlat[i + 1]);
      const advice = new Map<number, [number, number]>();
      for (let i = 0; i < spotFlat.length; i += 3) advice.set(spotFlat[i], [spotFlat[i + 1], spotFlat[i + 2]]);
      const regions = [...new Set([...od.keys(), ...advice.keys()])].sort((a, b) => a - b); // region tables are sorted by name
      return { od, advice, regions };
    };
    const prices = (): RegionalPrice[] => {
      const { od, advice, regions } = regionsOf();
      const referenceOd = od.get(referenceIndex);
      const out: RegionalPrice[] = [];
      for (const r of regions) {
        const onDemand = od.get(r);
        const adv = advice.get(r);
        const base = onDemand !== undefined ? r : referenceOd !== undefined ? referenceIndex : -1;
        const baseUsd = onDemand ?? referenceOd;
        if (adv && baseUsd !== undefined) {
          const [text, date] = odSource[base]!;
          const [label, max] = aws.spotRanges[adv[1]];
          out.push(priceRow(awsRegions[r], onDemand, round6(baseUsd * (1 - adv[0] / 100)), basisFor(base, adv[0], r), text, date, {
            savings: adv[0], label, max, source: spotText, date: spotDate, derivedFrom: base !== r ? awsRegions[base] : undefined,
          }));
        } else if (onDemand !== undefined) {
          const [text, date] = odSource[r]!;
          const fallback = !adv && gpu && r === referenceIndex;
          const spot = fallback ? round6(onDemand * AWS_DEFAULT_SPOT_FRACTION) : undefined;
          out.push(priceRow(awsRegions[r], onDemand, spot, fallback ? fallbackBasis : NO_SPOT, text, date));
        }
      }
      return out;
    };
    const availability = () => {
      const { od, advice, regions } = regionsOf();
      return {
        offered: regions.map((r) => awsRegions[r]),
        notOffered: advice.size > 0 ? covered.filter((r) => !od.has(r) && !advice.has(r)).map((r) => awsRegions[r]) : [],
      };
    };
    const [specText, specDate] = sources[specSource];
    return offeringOf(CloudProvider.AWS, name, gpu, gpuCount, vcpus, memoryGiB, arch, nvlink === 1, efa, undefined, true, prices, specText, specDate,
      availability, availabilityBasis);
  });
}

/**
 * An offering with every field present. Its price rows and region lists are decoded on first read
 * (then kept), so that loading the catalog does not build tens of thousands of rows nobody asks for;
 * they read, spread and compare like plain properties.
 */
function offeringOf(
  cloud: CloudProvider, name: string, gpu: GpuModel | undefined, gpuCount: number, vcpus: number, memoryGiB: number, arch: string, nvlink: boolean,
  efaInterfaces: number, acceleratorType: string | undefined, onDemandOffered: boolean, prices: () => RegionalPrice[], source: string, sourceDate: string,
  availability: () => { offered: string[]; notOffered: string[] }, availabilityBasis: string,
): InstanceOffering {
  let rows: RegionalPrice[] | undefined;
  let lists: { offered: string[]; notOffered: string[] } | undefined;
  return {
    cloud,
    name,
    gpu,
    gpuCount,
    gpuMemoryGiB: gpu ? gpu.memoryGiB : 0,
    vcpus,
    memoryGiB,
    architecture: arch as Architecture,
    nvlink,
    efaInterfaces,
    acceleratorType,
    onDemandOffered,
    get prices() {
      return (rows ??= prices());
    },
    source,
    sourceRetrieved: sourceDate || undefined,
    get offeredInRegions() {
      return (lists ??= availability()).offered;
    },
    get notOfferedInRegions() {
      return (lists ??= availability()).notOffered;
    },
    availabilityBasis,
  };
}

function decodeGcp(data: SnapshotData): InstanceOffering[] {
  const { gcp, sources, gcpRegions } = data;
  const priced = gcp.pricedRegions;
  const bases = new Map<string, string>();
  const basisOf = (kind: string, source: number) => {
    const key = `${kind} ${source}`;
    let text = bases.get(key);
    if (text === undefined) {
      const [src, date] = sources[source];
      text = kind === 'listed'
        ? `GCP: the regions gcloud lists for the type (${src}, ${date}); every other known region does not offer it.`
        : `GCP: offered where the Cloud Billing Catalog prices the type (${src}, ${date}); not offered in a region of that price list `
          + 'without a price for it (Google publishes no offering list for these types in the data); unknown elsewhere.';
      bases.set(key, text);
    }
    return text;
  };
  return gcp.types.map((row: GcpTypeRow): InstanceOffering => {
    const [name, arch, vcpus, memoryGiB, gpuId, gpuCount, nvlink, accelerator, onDemandOffered, specSource, priceSource, spotBasis, availability, flat] = row;
    const gpu = gpuId ? GpuModel.of(gpuId) : undefined;
    const [priceText, priceDate] = sources[priceSource];
    const prices = (): RegionalPrice[] => {
      const out: RegionalPrice[] = [];
      for (let i = 0; i < flat.length; i += 3) {
        const [r, od, spot] = [flat[i] as number, flat[i + 1], flat[i + 2]];
        out.push(priceRow(gcpRegions[r], od ?? undefined, spot ?? undefined, spot === null ? NO_SPOT : gcp.spotBases[spotBasis], priceText, priceDate));
      }
      return out;
    };
    const [kind, evidence, regionList] = availability;
    const lists = () => {
      let offered: number[];
      let notOffered: number[];
      if (kind === 'listed') {
        const listed = new Set(regionList);
        offered = regionList;
        notOffered = gcpRegions.map((_, i) => i).filter((i) => !listed.has(i));
      } else {
        const pricedHere = new Set<number>();
        for (let i = 0; i < flat.length; i += 3) if (flat[i + 1] !== null || flat[i + 2] !== null) pricedHere.add(flat[i] as number);
        const uncertain = new Set(regionList);
        offered = [...pricedHere].sort((a, b) => a - b);
        notOffered = priced.filter((r) => !pricedHere.has(r) && !uncertain.has(r));
      }
      return { offered: offered.map((r) => gcpRegions[r]), notOffered: notOffered.map((r) => gcpRegions[r]) };
    };
    const [specText, specDate] = sources[specSource];
    return offeringOf(CloudProvider.GCP, name, gpu, gpuCount, vcpus, memoryGiB, arch, nvlink === 1, 0, accelerator || undefined, onDemandOffered === 1,
      prices, specText, specDate, lists, basisOf(kind, evidence));
  });
}

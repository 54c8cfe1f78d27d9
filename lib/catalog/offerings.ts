import { CapacityType } from '../core/capacity';
import { CloudProvider } from '../core/cloud';
import { Architecture, GpuModel } from '../core/gpu-model';
import { AwsSnapshot, AwsTypeRow, GcpSnapshot, GcpTypeRow, SnapshotData, SourceRow } from './snapshot-format';
import { InstanceOffering, OfferingStatus, RegionalPrice } from './types';

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

/**
 * Answers for one region without decoding all of an offering's rows (what `match()` needs for each
 * of a thousand types), and the full lists when asked. Registered for the offerings decoded from a
 * snapshot; other offerings (from `Catalog.fromData`) are answered from `prices` and their region lists.
 */
export interface RegionLookup {
  /** The price row for the region, as in `prices`. */
  price(region: string): RegionalPrice | undefined;
  /** Offered, not offered or unknown, as `offeredInRegions` / `notOfferedInRegions` say. */
  status(region: string): OfferingStatus;
  /** Every price row, by region. */
  all(): RegionalPrice[];
  /** Regions offered and not offered. */
  lists(): { offered: string[]; notOffered: string[] };
}

/** The lookups of decoded offerings. */
export const REGION_LOOKUP = new WeakMap<InstanceOffering, RegionLookup>();

/** The offerings of one cloud in a snapshot, in snapshot order (by name, then accelerator). */
export function decodeOfferings(data: SnapshotData, cloud: CloudProvider): InstanceOffering[] {
  const decode = cloud === CloudProvider.AWS ? (): InstanceOffering[] => {
    const ctx = new AwsContext(data);
    return data.aws.types.map((row) => offeringOf(CloudProvider.AWS, row, undefined, true, data.sources, ctx.availabilityBasis, new AwsLookup(ctx, row)));
  } : cloud === CloudProvider.GCP ? (): InstanceOffering[] => {
    const ctx = new GcpContext(data);
    return data.gcp.types.map((row) => offeringOf(
      CloudProvider.GCP, row, row[7] || undefined, row[8] === 1, data.sources, ctx.basisOf(row), new GcpLookup(ctx, row),
    ));
  } : () => [];
  return decode();
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

/**
 * An offering with every field present. Its price rows and region lists are decoded on first read
 * (then kept), so that loading the catalog does not build tens of thousands of rows nobody asks for;
 * they read, spread and compare like plain properties.
 */
function offeringOf(
  cloud: CloudProvider, row: AwsTypeRow | GcpTypeRow, acceleratorType: string | undefined, onDemandOffered: boolean,
  sources: SourceRow[], availabilityBasis: string, lookup: RegionLookup,
): InstanceOffering {
  const [name, arch, vcpus, memoryGiB, gpuId, gpuCount, nvlink] = row;
  const gpu = gpuId ? GpuModel.of(gpuId) : undefined;
  const [source, sourceDate] = sources[row[cloud === CloudProvider.AWS ? 8 : 9] as number];
  const offering: InstanceOffering = {
    cloud,
    name,
    gpu,
    gpuCount,
    gpuMemoryGiB: gpu ? gpu.memoryGiB : 0,
    vcpus,
    memoryGiB,
    architecture: arch as Architecture,
    nvlink: nvlink === 1,
    // EFA is AWS's; GCP rows have the accelerator type in that column.
    efaInterfaces: cloud === CloudProvider.AWS ? row[7] as number : 0,
    acceleratorType,
    onDemandOffered,
    get prices() {
      return lookup.all();
    },
    source,
    sourceRetrieved: sourceDate || undefined,
    get offeredInRegions() {
      return lookup.lists().offered;
    },
    get notOfferedInRegions() {
      return lookup.lists().notOffered;
    },
    availabilityBasis,
  };
  REGION_LOOKUP.set(offering, lookup);
  return offering;
}

/** What every AWS type shares: region tables, sources, basis texts. */
class AwsContext {
  public readonly aws: AwsSnapshot;
  public readonly regions: string[];
  public readonly regionIndex: Map<string, number>;
  public readonly referenceIndex: number;
  public readonly onDemandSource: Array<SourceRow | undefined> = [];
  public readonly spotText: string;
  public readonly spotDate: string;
  public readonly covered: number[];
  public readonly coveredSet: Set<number>;
  public readonly fallbackBasis = `on-demand x ${AWS_DEFAULT_SPOT_FRACTION} (median GPU spot saving; the Spot Instance Advisor has no entry for this type here)`;
  public readonly availabilityBasis: string;
  private readonly bases = new Map<number, string>();

  constructor(data: SnapshotData) {
    this.aws = data.aws;
    this.regions = data.awsRegions;
    this.regionIndex = new Map(this.regions.map((r, i) => [r, i]));
    this.referenceIndex = this.regions.indexOf(REFERENCE_REGION[CloudProvider.AWS]);
    for (const [r, s] of this.aws.onDemandSources) this.onDemandSource[r] = data.sources[s];
    [this.spotText, this.spotDate] = data.sources[this.aws.spotSource];
    this.covered = this.aws.spotRegions;
    this.coveredSet = new Set(this.covered);
    this.availabilityBasis = `AWS: offered where the Spot Instance Advisor (${this.spotText}, ${this.spotDate}) lists the type or the data prices it on `
      + 'demand; not offered in a region the advisor covers when it lists the type elsewhere but not there (the advisor lists only types with spot '
      + 'capacity, so an on-demand-only offering there is not ruled out); unknown elsewhere.';
  }

  /** The basis of a derived spot price; the texts repeat (same base region, saving and region), so each is built once. */
  public basis(base: number, savings: number, region: number): string {
    const key = (base * 1000 + region) * 1000 + savings + 500;
    let text = this.bases.get(key);
    if (text === undefined) {
      text = `on-demand ${this.regions[base]} x (1 - ${savings}%), the saving the AWS Spot Instance Advisor snapshot of ${this.spotDate} gives for ${this.regions[region]}`;
      this.bases.set(key, text);
    }
    return text;
  }
}

/**
 * An AWS type's rows: on-demand where the data prices it (us-east-1, GovCloud); spot where the Spot
 * Instance Advisor lists it, from the region's saving and the region's (else us-east-1's) on-demand price.
 */
class AwsLookup implements RegionLookup {
  private parsed?: { od: Map<number, number>; advice: Map<number, [number, number]>; regions: number[] };
  private rows?: Map<number, RegionalPrice | null>;
  private everyRow?: RegionalPrice[];
  private regionLists?: { offered: string[]; notOffered: string[] };

  constructor(private readonly ctx: AwsContext, private readonly row: AwsTypeRow) {}

  public price(region: string): RegionalPrice | undefined {
    const r = this.ctx.regionIndex.get(region);
    return r === undefined ? undefined : this.rowAt(r);
  }

  public status(region: string): OfferingStatus {
    return this.statusAt(this.ctx.regionIndex.get(region));
  }

  public all(): RegionalPrice[] {
    return (this.everyRow ??= this.state().regions.map((r) => this.rowAt(r)).filter((p): p is RegionalPrice => p !== undefined));
  }

  public lists(): { offered: string[]; notOffered: string[] } {
    return (this.regionLists ??= {
      offered: this.state().regions.map((r) => this.ctx.regions[r]),
      notOffered: this.ctx.covered.filter((r) => this.statusAt(r) === OfferingStatus.NOT_OFFERED).map((r) => this.ctx.regions[r]),
    });
  }

  private state() {
    if (!this.parsed) {
      const [, , , , , , , , , odFlat, spotFlat] = this.row;
      const od = new Map<number, number>();
      for (let i = 0; i < odFlat.length; i += 2) od.set(odFlat[i], odFlat[i + 1]);
      const advice = new Map<number, [number, number]>();
      for (let i = 0; i < spotFlat.length; i += 3) advice.set(spotFlat[i], [spotFlat[i + 1], spotFlat[i + 2]]);
      // Region tables are sorted by name, so index order is name order.
      this.parsed = { od, advice, regions: [...new Set([...od.keys(), ...advice.keys()])].sort((a, b) => a - b) };
    }
    return this.parsed;
  }

  private statusAt(r: number | undefined): OfferingStatus {
    if (r === undefined) return OfferingStatus.UNKNOWN;
    const { od, advice } = this.state();
    if (od.has(r) || advice.has(r)) return OfferingStatus.OFFERED;
    return advice.size > 0 && this.ctx.coveredSet.has(r) ? OfferingStatus.NOT_OFFERED : OfferingStatus.UNKNOWN;
  }

  private rowAt(r: number): RegionalPrice | undefined {
    this.rows ??= new Map();
    let cached = this.rows.get(r);
    if (cached === undefined) {
      cached = this.build(r) ?? null;
      this.rows.set(r, cached);
    }
    return cached ?? undefined;
  }

  private build(r: number): RegionalPrice | undefined {
    const { ctx } = this;
    const { od, advice } = this.state();
    const onDemand = od.get(r);
    const adv = advice.get(r);
    const referenceOd = od.get(ctx.referenceIndex);
    const base = onDemand !== undefined ? r : referenceOd !== undefined ? ctx.referenceIndex : -1;
    const baseUsd = onDemand ?? referenceOd;
    if (adv && baseUsd !== undefined) {
      const [text, date] = ctx.onDemandSource[base]!;
      const [label, max] = ctx.aws.spotRanges[adv[1]];
      return priceRow(ctx.regions[r], onDemand, round6(baseUsd * (1 - adv[0] / 100)), ctx.basis(base, adv[0], r), text, date, {
        savings: adv[0], label, max, source: ctx.spotText, date: ctx.spotDate, derivedFrom: base !== r ? ctx.regions[base] : undefined,
      });
    }
    if (onDemand === undefined) return undefined;
    const [text, date] = ctx.onDemandSource[r]!;
    const fallback = !adv && this.row[4] !== '' && r === ctx.referenceIndex;
    const spot = fallback ? round6(onDemand * AWS_DEFAULT_SPOT_FRACTION) : undefined;
    return priceRow(ctx.regions[r], onDemand, spot, fallback ? ctx.fallbackBasis : NO_SPOT, text, date);
  }
}

/** What every GCP type shares: region tables, sources, basis texts. */
class GcpContext {
  public readonly gcp: GcpSnapshot;
  public readonly regions: string[];
  public readonly regionIndex: Map<string, number>;
  public readonly priced: Set<number>;
  public readonly sources: SourceRow[];
  private readonly bases = new Map<string, string>();

  constructor(data: SnapshotData) {
    this.gcp = data.gcp;
    this.regions = data.gcpRegions;
    this.regionIndex = new Map(this.regions.map((r, i) => [r, i]));
    this.priced = new Set(this.gcp.pricedRegions);
    this.sources = data.sources;
  }

  /** The evidence behind a row's availability (built once per kind and source). */
  public basisOf(row: GcpTypeRow): string {
    const [kind, source] = row[12];
    const key = `${kind} ${source}`;
    let text = this.bases.get(key);
    if (text === undefined) {
      const [src, date] = this.sources[source];
      text = kind === 'listed'
        ? `GCP: the regions gcloud lists for the type (${src}, ${date}); every other known region does not offer it.`
        : `GCP: offered where the Cloud Billing Catalog prices the type (${src}, ${date}); not offered in a region of that price list `
          + 'without a price for it (Google publishes no offering list for these types in the data); unknown elsewhere.';
      this.bases.set(key, text);
    }
    return text;
  }
}

/** A GCP type's rows: the data's own price per region; availability from the gcloud list or the price list. */
class GcpLookup implements RegionLookup {
  private positions?: Map<number, number>;
  private rows?: Map<number, RegionalPrice>;
  private everyRow?: RegionalPrice[];
  private listed?: Set<number>;
  private regionLists?: { offered: string[]; notOffered: string[] };

  constructor(private readonly ctx: GcpContext, private readonly row: GcpTypeRow) {}

  public price(region: string): RegionalPrice | undefined {
    const i = this.positionOf(this.ctx.regionIndex.get(region));
    return i === undefined ? undefined : this.rowAt(i);
  }

  public status(region: string): OfferingStatus {
    return this.statusAt(this.ctx.regionIndex.get(region));
  }

  public all(): RegionalPrice[] {
    const flat = this.row[13];
    return (this.everyRow ??= Array.from({ length: flat.length / 3 }, (_, k) => this.rowAt(3 * k)));
  }

  public lists(): { offered: string[]; notOffered: string[] } {
    if (!this.regionLists) {
      const all = this.ctx.regions.map((_, i) => i);
      this.regionLists = {
        offered: all.filter((r) => this.statusAt(r) === OfferingStatus.OFFERED).map((r) => this.ctx.regions[r]),
        notOffered: all.filter((r) => this.statusAt(r) === OfferingStatus.NOT_OFFERED).map((r) => this.ctx.regions[r]),
      };
    }
    return this.regionLists;
  }

  private positionOf(r: number | undefined): number | undefined {
    if (r === undefined) return undefined;
    if (!this.positions) {
      const flat = this.row[13];
      this.positions = new Map();
      for (let i = 0; i < flat.length; i += 3) this.positions.set(flat[i] as number, i);
    }
    return this.positions.get(r);
  }

  private statusAt(r: number | undefined): OfferingStatus {
    if (r === undefined) return OfferingStatus.UNKNOWN;
    const [kind, , regionList] = this.row[12];
    this.listed ??= new Set(regionList);
    if (kind === 'listed') return this.listed.has(r) ? OfferingStatus.OFFERED : OfferingStatus.NOT_OFFERED;
    const flat = this.row[13];
    const i = this.positionOf(r);
    if (i !== undefined && (flat[i + 1] !== null || flat[i + 2] !== null)) return OfferingStatus.OFFERED;
    // For a `priced` row, the list holds the regions where the data deliberately left its price out.
    return this.ctx.priced.has(r) && !this.listed.has(r) ? OfferingStatus.NOT_OFFERED : OfferingStatus.UNKNOWN;
  }

  private rowAt(i: number): RegionalPrice {
    this.rows ??= new Map();
    let row = this.rows.get(i);
    if (!row) {
      const { ctx } = this;
      const flat = this.row[13];
      const [r, od, spot] = [flat[i] as number, flat[i + 1], flat[i + 2]];
      const [text, date] = ctx.sources[this.row[10]];
      row = priceRow(ctx.regions[r], od ?? undefined, spot ?? undefined, spot === null ? NO_SPOT : ctx.gcp.spotBases[this.row[11]], text, date);
      this.rows.set(i, row);
    }
    return row;
  }
}

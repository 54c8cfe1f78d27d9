import * as path from 'path';
import { CapacityType } from '../core/capacity';
import { CloudProvider } from '../core/cloud';
import { ErrorCode, ValidationError } from '../core/errors';
import { GpuModel } from '../core/gpu-model';
import { compareStrings } from '../core/order';
import { loadGridIntensities } from './carbon';
import { DATA_FILES, DEFAULT_DATA_DIR } from './data-files';
import { loadGpuSpecs } from './gpu-specs';
import { loadAwsOfferings, loadGcpOfferings, priceFor, REFERENCE_REGION } from './offerings';
import { CatalogSource, GpuSpec, GridIntensity, InstanceChoice, InstanceOffering, InstanceRequirements, NodeUnit, PriceQuote, UnitPrice } from './types';
import { splitNodePrice } from './unit-prices';

const cache = new Map<string, Catalog>();

/**
 * The facts the library decides with: GPU models, AWS instance types and GCP machine types
 * (GPUs, vCPU, memory, NVLink, EFA, prices per region), and grid carbon intensity.
 *
 * Every figure keeps the source and date of the data file it was read from.
 */
export class Catalog {
  /** The catalog built from the shared data directory beside the project (`../shared/data`). */
  public static default(): Catalog {
    return Catalog.fromDirectory(DEFAULT_DATA_DIR);
  }

  /**
   * A catalog built from a directory holding the catalog data files.
   * Loaded once per directory and process.
   */
  public static fromDirectory(dir: string): Catalog {
    const key = path.resolve(dir);
    let catalog = cache.get(key);
    if (!catalog) {
      catalog = new Catalog(key);
      cache.set(key, catalog);
    }
    return catalog;
  }

  /** The directory the catalog was read from. */
  public readonly directory: string;
  private readonly offeringsByCloud: Map<CloudProvider, InstanceOffering[]>;
  private readonly gpuSpecs: Map<string, GpuSpec>;
  private readonly grid: GridIntensity[];

  private constructor(dir: string) {
    this.directory = dir;
    this.offeringsByCloud = new Map([
      [CloudProvider.AWS, loadAwsOfferings(dir)],
      [CloudProvider.GCP, loadGcpOfferings(dir)],
    ]);
    this.gpuSpecs = loadGpuSpecs(dir);
    this.grid = loadGridIntensities(dir);
  }

  /** The data files read, with their upstream origin. */
  public sources(): CatalogSource[] {
    return Object.values(DATA_FILES).map((file) => ({ file, origin: `${this.directory}/${file} (see SOURCES.md there)` }));
  }

  /** Every offering of a cloud, in catalog order. */
  public offerings(cloud: CloudProvider): InstanceOffering[] {
    return [...(this.offeringsByCloud.get(cloud) ?? [])];
  }

  /** GPU models offered on a cloud, in {@link GpuModel.all} order. */
  public gpuModels(cloud: CloudProvider): GpuModel[] {
    const offered = new Set(this.offerings(cloud).map((o) => o.gpu.id));
    return GpuModel.all().filter((m) => offered.has(m.id));
  }

  /**
   * Offerings with this instance or machine type. On GCP a machine type may carry different
   * accelerators (n1-standard-8 with T4 or V100): pass `gpu` to pick one.
   */
  public findOfferings(cloud: CloudProvider, name: string, gpu?: GpuModel): InstanceOffering[] {
    return this.offerings(cloud).filter((o) => o.name === name && (!gpu || o.gpu.id === gpu.id));
  }

  /** Facts about a GPU model. */
  public gpuSpec(model: GpuModel): GpuSpec {
    const spec = this.gpuSpecs.get(model.id);
    if (!spec) {
      throw new ValidationError(ErrorCode.UNKNOWN_GPU_MODEL, {
        message: 'The catalog has no facts for this GPU model.',
        received: model.id,
        allowed: [...this.gpuSpecs.keys()].join(', '),
        fix: 'Use a GpuModel constant.',
      });
    }
    return spec;
  }

  /**
   * The price of an offering for a capacity type in a region; when the catalog has no price for
   * that region, the reference region's price, marked `estimatedFromOtherRegion`.
   * Undefined when no price is known (or the capacity type is not offered).
   */
  public price(offering: InstanceOffering, region: string, capacityType: CapacityType): PriceQuote | undefined {
    if (capacityType !== CapacityType.SPOT && !offering.onDemandOffered) return undefined;
    const exact = offering.prices.find((p) => p.region === region);
    const row = exact ?? offering.prices.find((p) => p.region === REFERENCE_REGION[offering.cloud]);
    if (!row) return undefined;
    const usd = priceFor(row, capacityType);
    if (usd === undefined) return undefined;
    return {
      usdPerHour: usd,
      priceRegion: row.region,
      estimatedFromOtherRegion: !exact,
      capacityType,
      basis: capacityType === CapacityType.SPOT ? row.spotBasis
      : capacityType === CapacityType.RESERVED ? 'on-demand rate (reservations bill at the on-demand rate)' : 'on-demand list price',
      source: row.source,
      retrieved: row.retrieved,
    };
  }

  /**
   * The effective hourly price of each kind of unit on a node (MIG devices, shared replicas): the node's
   * price split by GPU share, e.g. an 8 x A100 node cut into 56 `1g.5gb` devices costs node/56 per device-hour.
   * Undefined when the catalog has no price for the offering and capacity type.
   * @param units the units one node provides (e.g. a pool's `providedResources()`)
   */
  public unitPrices(offering: InstanceOffering, region: string, capacityType: CapacityType, units: NodeUnit[]): UnitPrice[] | undefined {
    const nodePrice = this.price(offering, region, capacityType);
    return nodePrice ? splitNodePrice(nodePrice, units) : undefined;
  }

  /**
   * Offerings that meet the requirements and have a price for the capacity type, cheapest
   * node-hour first (ties broken by name, so the order is stable).
   */
  public match(cloud: CloudProvider, region: string, requirements: InstanceRequirements, capacityType: CapacityType): InstanceChoice[] {
    const choices: InstanceChoice[] = [];
    for (const offering of this.offerings(cloud)) {
      if (!Catalog.meets(offering, requirements)) continue;
      const price = this.price(offering, region, capacityType);
      if (price) choices.push({ offering, price });
    }
    return choices.sort((a, b) => a.price.usdPerHour - b.price.usdPerHour || compareStrings(a.offering.name, b.offering.name));
  }

  /** Whether an offering meets the requirements (price aside). */
  public static meets(o: InstanceOffering, r: InstanceRequirements): boolean {
    return (!r.gpu || o.gpu.id === r.gpu.id)
      && (r.minGpuMemoryGiB === undefined || o.gpuMemoryGiB >= r.minGpuMemoryGiB)
      && (r.gpusPerNode === undefined || o.gpuCount === r.gpusPerNode)
      && o.gpuCount >= (r.minGpusPerNode ?? 1)
      && (!r.architecture || o.architecture === r.architecture)
      && (!r.nvlink || o.nvlink)
      && (!r.efa || o.efaInterfaces > 0)
      && (r.minVcpus === undefined || o.vcpus >= r.minVcpus)
      && (r.minMemoryGiB === undefined || o.memoryGiB >= r.minMemoryGiB);
  }

  /** The `count` instance/machine type names closest in spelling to `name` (for "did you mean"). */
  public closestNames(cloud: CloudProvider, name: string, count: number = 3): string[] {
    const names = [...new Set(this.offerings(cloud).map((o) => o.name))];
    return names
      .map((n) => ({ n, d: editDistance(name.toLowerCase(), n) }))
      .sort((a, b) => a.d - b.d || compareStrings(a.n, b.n))
      .slice(0, count)
      .map((x) => x.n);
  }

  /** Grid carbon intensity of a region, if the catalog has it. */
  public gridIntensity(cloud: CloudProvider, region: string): GridIntensity | undefined {
    return this.grid.find((g) => g.cloud === cloud && g.region === region);
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

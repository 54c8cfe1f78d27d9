import { CapacityType } from '../core/capacity';
import { CloudProvider } from '../core/cloud';
import { Architecture, GpuModel } from '../core/gpu-model';

/** A price the catalog knows for one offering in one region. */
export interface RegionalPrice {
  /** The region the price is for. */
  readonly region: string;
  /**
   * On-demand price, USD per node-hour.
   * @default - not offered on demand, or no price known in this region
   */
  readonly onDemandUsdPerHour?: number;
  /**
   * Spot price, USD per node-hour.
   * @default - no spot price known in this region
   */
  readonly spotUsdPerHour?: number;
  /** How the spot price was obtained (a snapshot, a derived discount, a list price). */
  readonly spotBasis: string;
  /** Where the prices come from (repository, commit, path); for a derived spot price, the on-demand price it is derived from. */
  readonly source: string;
  /** When the source was generated or retrieved (ISO date). */
  readonly retrieved: string;
  /**
   * The region whose on-demand price the spot price is derived from, when it is not this one (AWS: the
   * Spot Instance Advisor gives savings per region, the data gives on-demand prices for us-east-1 and GovCloud only).
   * @default - the spot price is this region's own (or there is none)
   */
  readonly spotDerivedFromRegion?: string;
  /**
   * Average saving of spot over on-demand in this region, percent (AWS Spot Instance Advisor `s`; may be negative).
   * @default - not known (GCP, or no advisor entry)
   */
  readonly spotSavingsPercent?: number;
  /**
   * Frequency of spot interruption in this region, as the AWS Spot Instance Advisor labels its range (`<5%`, `5-10%`, … `>20%`).
   * @default - not known (GCP, or no advisor entry)
   */
  readonly spotInterruptionFrequency?: string;
  /**
   * The upper bound of that range, percent (the advisor's own `max`: 5, 11, 16, 22 or 100).
   * @default - not known
   */
  readonly spotInterruptionMaxPercent?: number;
  /**
   * Where the spot figures come from, when not from `source`.
   * @default - `source`
   */
  readonly spotSource?: string;
  /**
   * When `spotSource` was generated or retrieved (ISO date).
   * @default - `retrieved`
   */
  readonly spotRetrieved?: string;
}

/** One instance type (AWS) or machine type with its accelerators (GCP) from the catalog. */
export interface InstanceOffering {
  /** The cloud. */
  readonly cloud: CloudProvider;
  /** EC2 instance type or GCE machine type, e.g. `p5.48xlarge`, `a3-highgpu-8g`. */
  readonly name: string;
  /**
   * The GPU model.
   * @default - none: a CPU-only type (`gpuCount` is 0)
   */
  readonly gpu?: GpuModel;
  /** GPUs per node (0 for CPU-only types). */
  readonly gpuCount: number;
  /** Memory per GPU, GiB (nominal; 0 for CPU-only types). */
  readonly gpuMemoryGiB: number;
  /** vCPUs per node. */
  readonly vcpus: number;
  /** Host memory per node, GiB. */
  readonly memoryGiB: number;
  /** Host CPU architecture. */
  readonly architecture: Architecture;
  /** Whether the GPUs are linked by NVLink/NVSwitch inside the node. */
  readonly nvlink: boolean;
  /** EFA-capable network cards (AWS; 0 elsewhere). */
  readonly efaInterfaces: number;
  /**
   * GKE accelerator type (`guest_accelerator.type`), for GCP.
   * @default - not a GCP offering
   */
  readonly acceleratorType?: string;
  /** Whether the offering can be bought on demand (some GCP shapes are Spot/Flex-start only). */
  readonly onDemandOffered: boolean;
  /** Known prices, one per region, sorted by region. */
  readonly prices: RegionalPrice[];
  /** Where the specs come from. */
  readonly source: string;
  /**
   * When the specs' source was generated or last changed (ISO date).
   * @default - the source states no date
   */
  readonly sourceRetrieved?: string;
  /**
   * Regions the data shows the type offered in (see {@link availabilityBasis}), sorted.
   * @default - no region is known to offer it
   */
  readonly offeredInRegions?: string[];
  /**
   * Regions the data shows the type not offered in, sorted. Regions in neither list are unknown.
   * @default - no region is known not to offer it
   */
  readonly notOfferedInRegions?: string[];
  /**
   * The evidence behind `offeredInRegions` and `notOfferedInRegions`.
   * @default - no availability data
   */
  readonly availabilityBasis?: string;
}

/** What a workload needs from a node; used to pick the cheapest offering. */
export interface InstanceRequirements {
  /**
   * The GPU model.
   * @default - any model that meets the other requirements
   */
  readonly gpu?: GpuModel;
  /**
   * Minimum memory per GPU, GiB.
   * @default - no minimum
   */
  readonly minGpuMemoryGiB?: number;
  /**
   * Exact number of GPUs per node.
   * @default - any count of at least `minGpusPerNode`
   */
  readonly gpusPerNode?: number;
  /**
   * Minimum number of GPUs per node. `0` admits CPU-only types too; `gpusPerNode: 0` admits only them.
   * @default 1 (0 when `gpusPerNode` is 0)
   */
  readonly minGpusPerNode?: number;
  /**
   * Host CPU architecture.
   * @default - either
   */
  readonly architecture?: Architecture;
  /**
   * Require NVLink between the GPUs of a node.
   * @default false
   */
  readonly nvlink?: boolean;
  /**
   * Require EFA (AWS Elastic Fabric Adapter) network cards.
   * @default false
   */
  readonly efa?: boolean;
  /**
   * Minimum vCPUs per node.
   * @default - no minimum
   */
  readonly minVcpus?: number;
  /**
   * Minimum host memory per node, GiB.
   * @default - no minimum
   */
  readonly minMemoryGiB?: number;
}

/** A price quote for one offering, capacity type and region. */
export interface PriceQuote {
  /** USD per node-hour. */
  readonly usdPerHour: number;
  /** The region the price was taken from. */
  readonly priceRegion: string;
  /**
   * True when the quote rests on another region's price: the catalog has no price for the requested
   * region and quotes the reference region's (then `priceRegion` is that region), or the region's spot
   * price is derived from another region's on-demand price (AWS outside us-east-1 and GovCloud).
   */
  readonly estimatedFromOtherRegion: boolean;
  /** The capacity type priced. */
  readonly capacityType: CapacityType;
  /** How the price was obtained. */
  readonly basis: string;
  /** Where the price comes from. */
  readonly source: string;
  /** When the source was generated or retrieved. */
  readonly retrieved: string;
  /**
   * Spot: average saving over on-demand in the price region, percent (AWS Spot Instance Advisor).
   * @default - not a spot quote, or not known
   */
  readonly spotSavingsPercent?: number;
  /**
   * Spot: frequency of interruption in the price region, as the AWS Spot Instance Advisor labels its range (e.g. `<5%`).
   * @default - not a spot quote, or not known (GCP publishes no such figure)
   */
  readonly interruptionFrequency?: string;
  /**
   * Spot: the upper bound of that range, percent.
   * @default - not a spot quote, or not known
   */
  readonly interruptionMaxPercent?: number;
  /**
   * Spot: where the saving and interruption figures come from, when not from `source` (AWS: the Spot Instance Advisor).
   * @default - `source`
   */
  readonly spotSource?: string;
  /**
   * Spot: when `spotSource` was generated or retrieved (ISO date).
   * @default - `retrieved`
   */
  readonly spotRetrieved?: string;
}

/** An offering that meets requirements, with its price. */
export interface InstanceChoice {
  /** The offering. */
  readonly offering: InstanceOffering;
  /** The price for the requested capacity type and region. */
  readonly price: PriceQuote;
}

/** One kind of schedulable unit on a node (a whole GPU, a MIG device, a shared replica), for pricing. */
export interface NodeUnit {
  /** The Kubernetes resource the unit is advertised as. */
  readonly resourceName: string;
  /**
   * The MIG profile of the unit.
   * @default - a whole GPU
   */
  readonly migProfile?: string;
  /** Units of this kind per node. */
  readonly perNode: number;
  /** The share of one physical GPU a unit is (1 whole GPU, 1/7 for a 1g MIG device, divided by sharing replicas). */
  readonly gpuShare: number;
}

/** The effective price of one unit of a partitioned or shared node. */
export interface UnitPrice {
  /** The Kubernetes resource priced. */
  readonly resourceName: string;
  /**
   * The MIG profile of the unit.
   * @default - a whole GPU
   */
  readonly migProfile?: string;
  /** USD per unit-hour: the node's price times `shareOfNode`. */
  readonly usdPerHour: number;
  /**
   * The share of the node's price one unit carries: its GPU share over the GPU shares of all the node's
   * units, so that GPU capacity no unit uses (e.g. the 7th slice of a 3 x 2g layout) is paid for by the units that exist.
   */
  readonly shareOfNode: number;
  /** The node price the unit's price is a share of (source, date, region). */
  readonly nodePrice: PriceQuote;
}

/** A MIG (Multi-Instance GPU) profile of a GPU model. */
export interface MigProfileSpec {
  /** Profile name, e.g. `1g.10gb` or `1g.10gb+me`. */
  readonly name: string;
  /** Most instances of this profile one GPU can hold. */
  readonly maxInstances: number;
  /**
   * Memory of one instance, MiB.
   * @default - not published for this GPU
   */
  readonly memoryMiB?: number;
}

/** Facts about a GPU model. */
export interface GpuSpec {
  /** The model. */
  readonly model: GpuModel;
  /** Board power (TDP), watts, of the variant clouds deploy. */
  readonly boardPowerWatts: number;
  /** Where the power figures come from. */
  readonly powerSource: string;
  /** Whether the GPU supports MIG partitioning. */
  readonly migCapable: boolean;
  /** The MIG profiles, empty when not MIG-capable. */
  readonly migProfiles: MigProfileSpec[];
  /** PCI device ids (device + vendor, e.g. `0x20B010DE`) mig-parted matches this model by; empty when not MIG-capable. */
  readonly migPciDeviceIds: string[];
  /** Most MIG instances per GPU (0 when not MIG-capable). */
  readonly maxMigInstances: number;
  /**
   * Where the MIG table comes from.
   * @default - not MIG-capable
   */
  readonly migSource?: string;
}

/** Carbon intensity of a region's electricity. */
export interface GridIntensity {
  /** The cloud. */
  readonly cloud: CloudProvider;
  /** The region. */
  readonly region: string;
  /** Grams CO2-equivalent per kWh. */
  readonly gramsCo2ePerKwh: number;
  /** Where the figure comes from. */
  readonly source: string;
}

/**
 * Datacenter overhead: power usage effectiveness (PUE), the facility's energy over the IT equipment's energy.
 * Energy estimates multiply the servers' draw by it.
 */
export interface PowerUsageEffectiveness {
  /** The cloud. */
  readonly cloud: CloudProvider;
  /**
   * The region the figure is for.
   * @default - every region of the cloud (the cloud's average)
   */
  readonly region?: string;
  /** The ratio (at least 1). */
  readonly pue: number;
  /** Where the figure comes from. */
  readonly source: string;
  /**
   * When the source was generated or retrieved (ISO date).
   * @default - the source states no date
   */
  readonly retrieved?: string;
}

/** A data file the catalog was built from. */
export interface CatalogSource {
  /** File name in the data directory. */
  readonly file: string;
  /** Upstream origin as the file states it. */
  readonly origin: string;
}

/** Whether the catalog's data shows an instance or machine type offered in a region. */
export enum OfferingStatus {
  /** The data shows the type offered there (a listing by the cloud, or a price in that region). */
  OFFERED = 'offered',
  /** The data covers the region and shows the type absent there. */
  NOT_OFFERED = 'not-offered',
  /** The data says nothing either way (an unknown region or type, or a region the evidence does not cover). */
  UNKNOWN = 'unknown',
}

/** What the catalog knows about an instance or machine type's availability in a region. */
export interface OfferingAvailability {
  /** The cloud. */
  readonly cloud: CloudProvider;
  /** The instance or machine type. */
  readonly name: string;
  /** The region asked about. */
  readonly region: string;
  /** Offered, not offered, or unknown. */
  readonly status: OfferingStatus;
  /** The evidence, in words (which data, which date). */
  readonly evidence: string;
  /** Regions where the data shows the type offered, sorted (for a refusal's "offered in …"). */
  readonly offeredInRegions: string[];
}

/** A cloud region, as the catalog's region data knows it. */
export interface RegionInfo {
  /** The cloud. */
  readonly cloud: CloudProvider;
  /** Region name, e.g. `us-east-1`, `us-central1`. */
  readonly name: string;
  /** AWS description (e.g. `US East (N. Virginia)`) or GCP location (e.g. `Iowa`). */
  readonly description: string;
  /**
   * AWS partition (`aws`, `aws-us-gov`, `aws-cn`).
   * @default - GCP (no partitions)
   */
  readonly partition?: string;
  /** GCP zone names from the data (e.g. `us-central1-a`); empty on AWS and for GCP regions the zone list does not cover. */
  readonly zones: string[];
  /** GCP zones the zone list flags as offering some GPU (coarse: not per GPU model); empty on AWS and where not given. */
  readonly zonesWithGpus: string[];
  /** AWS Availability Zone IDs (e.g. `use1-az1`), which name the same physical zone in every account; empty on GCP and where not given. */
  readonly zoneIds: string[];
  /**
   * Number of zones: AWS AZ IDs (an upper bound for one account), GCP zones listed.
   * @default - the data has no zone list for the region
   */
  readonly zoneCount?: number;
  /** Where the region (and its zones) come from. */
  readonly source: string;
  /**
   * When the source was generated or retrieved (ISO date).
   * @default - the source states no date
   */
  readonly retrieved?: string;
}

/** A zone name checked against the catalog's region data. */
export interface ZoneInfo {
  /** The cloud. */
  readonly cloud: CloudProvider;
  /** The zone name, e.g. `us-east-1a`, `us-central1-a`. */
  readonly name: string;
  /** Its region. */
  readonly region: string;
  /**
   * True when the name was checked against zone data (GCP: the zone list; AWS: the region's AZ count),
   * false when the region has no zone data and only the form of the name was checked.
   */
  readonly verified: boolean;
  /**
   * GCP: whether the zone offers some GPU (a coarse flag of the zone list, not per GPU model).
   * @default - not known (AWS, or no zone data)
   */
  readonly hasGpus?: boolean;
  /** The evidence, in words. */
  readonly evidence: string;
}

/** A storage unit price (object storage, file systems, block volumes), exactly as the data gives it. */
export interface StoragePrice {
  /** The cloud. */
  readonly cloud: CloudProvider;
  /** The service and storage class, e.g. `S3 Standard-IA`, `EFS One Zone`, `GCS Nearline`, `EBS gp3`. */
  readonly service: string;
  /** What is charged, e.g. `storage`, `data retrieval`, `PUT/COPY/POST/LIST requests`. */
  readonly item: string;
  /**
   * The region the price is for.
   * @default - every region (a fee that does not depend on the region)
   */
  readonly region?: string;
  /** The price in USD per `unit`. */
  readonly usd: number;
  /** The unit, as the data spells it, e.g. `USD per GB-month`, `USD per 1,000 requests`. */
  readonly unit: string;
  /** How the figure was obtained (quoted, or derived from a cost and a quantity). */
  readonly derivation: string;
  /**
   * Lower bound of the true price when the figure is derived from rounded costs.
   * @default - the figure is quoted, not derived
   */
  readonly usdLowerBound?: number;
  /**
   * Upper bound of the true price when the figure is derived from rounded costs.
   * @default - the figure is quoted, not derived
   */
  readonly usdUpperBound?: number;
  /**
   * A caveat the data attaches to the row.
   * @default - none
   */
  readonly note?: string;
  /** Where the price comes from. */
  readonly source: string;
  /**
   * When the source was generated, last changed or read (ISO date).
   * @default - the source states no date
   */
  readonly retrieved?: string;
}

/** The facts a catalog is built from, for {@link Catalog.fromData}. */
export interface CatalogData {
  /** Instance and machine types of both clouds. */
  readonly offerings: InstanceOffering[];
  /**
   * Facts per GPU model.
   * @default - the packaged snapshot's
   */
  readonly gpuSpecs?: GpuSpec[];
  /**
   * Grid carbon intensity per region.
   * @default - the packaged snapshot's
   */
  readonly gridIntensities?: GridIntensity[];
  /**
   * Datacenter overhead (PUE) per cloud, and per region where known.
   * @default - the packaged snapshot's
   */
  readonly powerUsageEffectiveness?: PowerUsageEffectiveness[];
  /**
   * Regions and zones.
   * @default - the packaged snapshot's
   */
  readonly regions?: RegionInfo[];
  /**
   * Storage unit prices.
   * @default - the packaged snapshot's
   */
  readonly storagePrices?: StoragePrice[];
  /**
   * What the data was built from, for `Catalog.sources()`.
   * @default - none listed
   */
  readonly sources?: CatalogSource[];
}

import { CapacityType } from '../core/capacity';
import { CloudProvider } from '../core/cloud';
import { Architecture, GpuModel } from '../core/gpu-model';

/** A price the catalog knows for one offering in one region. */
export interface RegionalPrice {
  /** The region the price is for. */
  readonly region: string;
  /**
   * On-demand price, USD per node-hour.
   * @default - not offered on demand, or no price known
   */
  readonly onDemandUsdPerHour?: number;
  /**
   * Spot price, USD per node-hour.
   * @default - no spot price known
   */
  readonly spotUsdPerHour?: number;
  /** How the spot price was obtained (a snapshot, a derived discount, a list price). */
  readonly spotBasis: string;
  /** Where the prices come from (repository, commit, path). */
  readonly source: string;
  /** When the source was generated or retrieved (ISO date). */
  readonly retrieved: string;
}

/** One instance type (AWS) or machine type with its accelerators (GCP) from the catalog. */
export interface InstanceOffering {
  /** The cloud. */
  readonly cloud: CloudProvider;
  /** EC2 instance type or GCE machine type, e.g. `p5.48xlarge`, `a3-highgpu-8g`. */
  readonly name: string;
  /** The GPU model. */
  readonly gpu: GpuModel;
  /** GPUs per node. */
  readonly gpuCount: number;
  /** Memory per GPU, GiB (nominal). */
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
  /** Known prices, one per region. */
  readonly prices: RegionalPrice[];
  /** Where the specs come from. */
  readonly source: string;
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
   * Minimum number of GPUs per node.
   * @default 1
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
  /** True when the catalog has no price for the requested region and the price is the reference region's. */
  readonly estimatedFromOtherRegion: boolean;
  /** The capacity type priced. */
  readonly capacityType: CapacityType;
  /** How the price was obtained. */
  readonly basis: string;
  /** Where the price comes from. */
  readonly source: string;
  /** When the source was generated or retrieved. */
  readonly retrieved: string;
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

/** A data file the catalog was built from. */
export interface CatalogSource {
  /** File name in the data directory. */
  readonly file: string;
  /** Upstream origin as the file states it. */
  readonly origin: string;
}

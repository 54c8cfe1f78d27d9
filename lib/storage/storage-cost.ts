import { Catalog } from '../catalog/catalog';
import { ObjectStorageClass, StorageCostDriverKind, StorageTierKind } from '../core/storage';
import { StorageCostDriverSpec, StorageTierModel } from '../model/types';

/** One priced (or unpriced) part of a tier's monthly cost. */
export interface StorageCostDriver {
  /** What kind of charge it is. */
  readonly kind: StorageCostDriverKind;
  /** What the figure is, with the assumption it rests on. */
  readonly description: string;
  /** Quantity per month, in `unit`. */
  readonly quantity: number;
  /** The unit of `quantity` (e.g. `GB-month`, `1,000 requests`). */
  readonly unit: string;
  /**
   * The storage class this part is in, for class-mix drivers.
   * @default - not a class-mix driver
   */
  readonly storageClass?: ObjectStorageClass;
  /** Whether a price was found. */
  readonly priced: boolean;
  /**
   * USD per `unit`.
   * @default - unpriced
   */
  readonly usdPerUnit?: number;
  /**
   * `quantity x usdPerUnit`, USD per month.
   * @default - unpriced
   */
  readonly monthlyUsd?: number;
  /**
   * Why it is unpriced.
   * @default - it is priced
   */
  readonly unpricedReason?: string;
  /**
   * Where the price comes from (a catalog row's source, or the user's).
   * @default - unpriced
   */
  readonly source?: string;
  /**
   * When the price's source was generated or read (ISO date).
   * @default - not stated
   */
  readonly retrieved?: string;
  /**
   * The catalog row: service.
   * @default - not priced from the catalog
   */
  readonly catalogService?: string;
  /**
   * The catalog row: item.
   * @default - not priced from the catalog
   */
  readonly catalogItem?: string;
}

/** A tier's monthly cost: its drivers, what they add up to, and what could not be priced. */
export interface StorageCostEstimate {
  /** The tier name. */
  readonly tier: string;
  /** The tier's kind. */
  readonly kind: StorageTierKind;
  /** The service and its configuration. */
  readonly service: string;
  /** The region priced. */
  readonly region: string;
  /** Every cost driver, priced or not. */
  readonly drivers: StorageCostDriver[];
  /** The sum of the priced drivers, USD per month (a lower bound when `complete` is false). */
  readonly pricedMonthlyUsd: number;
  /** Whether every driver is priced. */
  readonly complete: boolean;
  /** Why drivers are unpriced, one line each. */
  readonly unpricedReasons: string[];
}

/**
 * A tier's monthly cost, priced from the catalog: a pure function of the tier's model, so the platform's estimate can
 * call it. Each driver is priced by the catalog row the tier's cloud target named for it (the row's unit must be the
 * driver's), or by the user's price; what neither prices stays unpriced, with the reason. Nothing is estimated from
 * another region, class or service.
 * @param tier the tier's model (`PlatformModel.storageTiers`)
 * @param catalog the catalog to price from
 */
export function storageTierCost(tier: StorageTierModel, catalog: Catalog): StorageCostEstimate {
  const drivers = tier.costDrivers.map((spec) => priceDriver(tier, spec, catalog));
  const total = drivers.reduce((sum, d) => sum + (d.monthlyUsd ?? 0), 0);
  const unpriced = drivers.filter((d) => !d.priced);
  return {
    tier: tier.name,
    kind: tier.kind,
    service: tier.service,
    region: tier.region,
    drivers,
    pricedMonthlyUsd: round(total),
    complete: unpriced.length === 0,
    unpricedReasons: unpriced.map((d) => `${d.description}: ${d.unpricedReason}`),
  };
}

function priceDriver(tier: StorageTierModel, spec: StorageCostDriverSpec, catalog: Catalog): StorageCostDriver {
  const base = {
    kind: spec.kind,
    description: spec.description,
    quantity: spec.quantity,
    unit: spec.unit,
    storageClass: spec.storageClass,
    catalogService: spec.catalogService,
    catalogItem: spec.catalogItem,
  };
  if (spec.userPriced && tier.userPrice) {
    return {
      ...base,
      priced: true,
      usdPerUnit: tier.userPrice.usdPerGiBMonth,
      monthlyUsd: round(spec.quantity * tier.userPrice.usdPerGiBMonth),
      source: `user-given: ${tier.userPrice.source}`,
    };
  }
  if (spec.catalogService === undefined || spec.catalogItem === undefined) {
    return { ...base, priced: false, unpricedReason: spec.unpricedReason ?? 'no price source' };
  }
  const row = catalog.storagePrice(tier.cloud, spec.catalogService, spec.catalogItem, tier.region);
  if (!row) {
    return {
      ...base,
      priced: false,
      unpricedReason: `the catalog has no price for ${spec.catalogService} "${spec.catalogItem}" in ${tier.region} (the snapshot prices few regions; none is estimated from another)`,
    };
  }
  if (row.unit !== `USD per ${spec.unit}`) {
    return { ...base, priced: false, unpricedReason: `the catalog prices ${spec.catalogService} "${spec.catalogItem}" in ${row.unit}, not USD per ${spec.unit}` };
  }
  return {
    ...base,
    priced: true,
    usdPerUnit: row.usd,
    monthlyUsd: round(spec.quantity * row.usd),
    source: row.source,
    retrieved: row.retrieved,
  };
}

/** Rounds to a hundredth of a cent: the figures are estimates, the sum must not carry float noise. */
function round(usd: number): number {
  return Math.round(usd * 10000) / 10000;
}

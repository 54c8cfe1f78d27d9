import { ObjectStorageClass, StorageCostDriverKind } from '../core/storage';
import { StorageTierRequest } from '../model/seams';
import { StorageCostDriverSpec } from '../model/types';

// The cost drivers both clouds' tiers share: a class mix of stored data, retrievals per class, requests, per-object
// fees, provisioned capacity. Each target names the catalog rows (service, item) that price them on its cloud; the cost
// hook (lib/storage/storage-cost.ts) prices them.

/** How one storage class is priced on a cloud. */
export interface ClassPricing {
  /** The class's name on the cloud, for descriptions (e.g. `S3 Standard-IA`). */
  readonly name: string;
  /** The catalog row of its storage price. */
  readonly storage?: readonly [service: string, item: string];
  /** The catalog row of its retrieval price, if retrievals are charged. */
  readonly retrieval?: readonly [service: string, item: string];
  /** Why it cannot be priced (no openly licensed price for it in the catalog). */
  readonly unpriced?: string;
}

/** Units as the catalog rows of a cloud spell them. */
export interface PriceUnits {
  /** e.g. `GB-month` (AWS) or `GiB-month` (GCP). */
  readonly storage: string;
  /** e.g. `GB` (S3), `GB transferred` (EFS) or `GiB retrieved` (GCS). */
  readonly retrieval: string;
}

/** Data stored: the usage's, else the capacity; undefined when neither is known. */
export function storedGiBOf(tier: StorageTierRequest): number | undefined {
  return tier.usage.storedGiB ?? tier.capacityGiB;
}

/**
 * Stored data by class: each share of the usage's class mix priced in its class, or everything in `firstClass` when
 * no mix is given (an upper bound when a lifecycle moves data to colder classes); each class's retrievals. Every
 * storage driver names the row of the service's standard class (`standard`, default `pricing(STANDARD)`), which the
 * storage-tiering lever prices the same data at.
 */
export function classMixDrivers(
  tier: StorageTierRequest, firstClass: ObjectStorageClass, units: PriceUnits, pricing: (storageClass: ObjectStorageClass) => ClassPricing,
  standard: ClassPricing = pricing(ObjectStorageClass.STANDARD),
): StorageCostDriverSpec[] {
  const stored = storedGiBOf(tier);
  if (stored === undefined) {
    return [{
      kind: StorageCostDriverKind.CAPACITY,
      description: 'Stored data',
      quantity: 0,
      unit: units.storage,
      unpricedReason: 'no expected size: give capacityGiB or usage.storedGiB',
    }];
  }
  const given = tier.usage.classShares.length > 0;
  const shares = given ? tier.usage.classShares : [{ storageClass: firstClass, share: 1, monthlyRetrievalGiB: undefined }];
  const drivers: StorageCostDriverSpec[] = [];
  for (const s of shares) {
    const p = pricing(s.storageClass);
    const gib = stored * s.share;
    const assumption = given ? `${round(s.share * 100)}% of ${stored} GiB` : `${stored} GiB, all of it (no class mix given: an upper bound with lifecycle transitions)`;
    drivers.push({
      kind: StorageCostDriverKind.STORAGE_CLASS,
      description: `${p.name} storage: ${assumption}`,
      quantity: gib,
      unit: units.storage,
      storageClass: s.storageClass,
      catalogService: p.storage?.[0],
      catalogItem: p.storage?.[1],
      standardCatalogService: standard.storage?.[0],
      standardCatalogItem: standard.storage?.[1],
      unpricedReason: p.storage ? undefined : p.unpriced,
    });
    if (s.monthlyRetrievalGiB !== undefined && s.monthlyRetrievalGiB > 0) {
      drivers.push({
        kind: StorageCostDriverKind.RETRIEVAL,
        description: `${p.name} retrieval: ${s.monthlyRetrievalGiB} GiB read back per month`,
        quantity: s.monthlyRetrievalGiB,
        unit: units.retrieval,
        storageClass: s.storageClass,
        catalogService: p.retrieval?.[0],
        catalogItem: p.retrieval?.[1],
        unpricedReason: p.retrieval ? undefined : p.unpriced ?? `${p.name} charges no retrieval the catalog lists`,
      });
    }
  }
  return drivers;
}

/** Requests per month, in thousands, priced by the rows given (or unpriced with the reason). */
export function requestDrivers(
  tier: StorageTierRequest, rows: { readonly write?: readonly [string, string]; readonly read?: readonly [string, string]; readonly unpriced?: string },
): StorageCostDriverSpec[] {
  const drivers: StorageCostDriverSpec[] = [];
  const add = (count: number | undefined, what: string, row: readonly [string, string] | undefined) => {
    if (count === undefined) return;
    drivers.push({
      kind: StorageCostDriverKind.REQUESTS,
      description: `${what} requests: ${count} per month`,
      quantity: count / 1000,
      unit: '1,000 requests',
      catalogService: row?.[0],
      catalogItem: row?.[1],
      unpricedReason: row ? undefined : rows.unpriced,
    });
  };
  add(tier.usage.monthlyWriteRequests, 'Write (PUT/COPY/POST/LIST)', rows.write);
  add(tier.usage.monthlyReadRequests, 'Read (GET and others)', rows.read);
  return drivers;
}

/** Per-object monitoring or management fees (S3 Intelligent-Tiering, GCS Autoclass). */
export function perObjectFeeDriver(tier: StorageTierRequest, what: string, row: readonly [string, string], unit: string): StorageCostDriverSpec {
  const count = tier.usage.objectCount;
  return {
    kind: StorageCostDriverKind.MONITORING,
    description: count === undefined ? `${what} per object` : `${what}: ${count} objects`,
    quantity: (count ?? 0) / 1000,
    unit,
    catalogService: count === undefined ? undefined : row[0],
    catalogItem: count === undefined ? undefined : row[1],
    unpricedReason: count === undefined ? 'no object count: give usage.objectCount' : undefined,
  };
}

/** Provisioned capacity of a service the catalog has no price for: the user's price, or unpriced with the reason. */
export function provisionedCapacityDriver(tier: StorageTierRequest, service: string, capacityGiB: number): StorageCostDriverSpec {
  return {
    kind: StorageCostDriverKind.CAPACITY,
    description: `${service}: ${capacityGiB} GiB provisioned (the throughput tier is part of the per-GiB price)`,
    quantity: capacityGiB,
    unit: 'GiB-month',
    userPriced: tier.userPrice !== undefined,
    unpricedReason: tier.userPrice ? undefined
    : `${service} has no openly licensed price in the catalog snapshot (../shared/data/SOURCES.md); give pricePerGiBMonthUsd and priceSource`,
  };
}

/** Stored data of an elastic service priced with the user's price (which replaces the catalog's class prices). */
export function userPricedStorageDriver(tier: StorageTierRequest, service: string): StorageCostDriverSpec {
  const stored = storedGiBOf(tier);
  return {
    kind: StorageCostDriverKind.CAPACITY,
    description: `${service}: ${stored ?? 0} GiB stored, at the user-given price`,
    quantity: stored ?? 0,
    unit: 'GiB-month',
    userPriced: stored !== undefined,
    unpricedReason: stored === undefined ? 'no expected size: give capacityGiB or usage.storedGiB' : undefined,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

import { Catalog } from '../catalog/catalog';
import { StorageCostDriverKind } from '../core/storage';
import { PlatformModel, StorageTierModel } from '../model/types';
import { StorageCostDriver, StorageCostEstimate, storageTierCost } from '../storage/storage-cost';
import { StorageTierSavings } from './fleet-tier-types';
import { sum } from './showback';
import { CostSource, UnpricedItem } from './types';

// The storage tiers in the estimate: each tier's monthly cost drivers priced by the tier's own cost hook
// (storageTierCost, the same figures as `StorageTier.estimateMonthlyCost()`), what it cannot price listed with the
// reason, and the storage-tiering lever where the catalog prices both the tier's classes and the standard class.

/** The storage tiers' part of the estimate. */
export interface PricedStorage {
  readonly tiers: StorageCostEstimate[];
  readonly savings: StorageTierSavings[];
  readonly unpriced: UnpricedItem[];
  readonly sources: CostSource[];
}

/** The drivers the tiering lever weighs: what a class mix costs beyond the standard class (requests are the same in both). */
const TIERING_DRIVERS = new Set([StorageCostDriverKind.STORAGE_CLASS, StorageCostDriverKind.RETRIEVAL, StorageCostDriverKind.MONITORING]);

export function priceStorage(model: PlatformModel, catalog: Catalog): PricedStorage {
  const tiers: StorageCostEstimate[] = [];
  const savings: StorageTierSavings[] = [];
  const unpriced: UnpricedItem[] = [];
  const sources: CostSource[] = [];
  for (const tier of model.storageTiers) {
    const cost = storageTierCost(tier, catalog);
    tiers.push(cost);
    for (const d of cost.drivers) {
      if (d.priced) sources.push(driverSource(tier, d));
      else unpriced.push({ subject: `storage tier ${tier.name}: ${d.description}`, reason: d.unpricedReason ?? 'no price' });
    }
    const lever = tieringSavings(tier, cost, catalog);
    if ('savingMonthlyUsd' in lever) savings.push(lever);
    else if (lever.reason !== '') unpriced.push(lever);
  }
  return { tiers, savings, unpriced, sources };
}

/**
 * A tier against the same data in the standard class: the stored GiB of its class mix at the standard class's catalog
 * price, against the class storage, retrievals and per-object fees the tier pays. A tier without a class mix (file
 * systems, user-priced services) is not part of the lever; one whose classes or standard class the catalog cannot
 * price is an unpriced item.
 */
function tieringSavings(tier: StorageTierModel, cost: StorageCostEstimate, catalog: Catalog): StorageTierSavings | UnpricedItem {
  const specs = tier.costDrivers.filter((d) => d.kind === StorageCostDriverKind.STORAGE_CLASS);
  const none = { subject: '', reason: '' };
  if (specs.length === 0) return none;
  const subject = `storage tiering of tier ${tier.name}`;
  const weighed = cost.drivers.filter((d) => TIERING_DRIVERS.has(d.kind));
  const missing = weighed.filter((d) => !d.priced);
  if (missing.length > 0) {
    return { subject, reason: `not all of the class mix is priced: ${missing.map((d) => `${d.description} (${d.unpricedReason ?? 'no price'})`).join('; ')}` };
  }
  const service = specs[0].standardCatalogService;
  const item = specs[0].standardCatalogItem;
  const row = service !== undefined && item !== undefined ? catalog.storagePrice(tier.cloud, service, item, tier.region) : undefined;
  if (!row || service === undefined || item === undefined) {
    return { subject, reason: `the catalog has no standard-class price for ${tier.service} in ${tier.region}` };
  }
  if (row.unit !== `USD per ${specs[0].unit}`) {
    return { subject, reason: `the catalog prices ${service} "${item}" in ${row.unit}, not USD per ${specs[0].unit}` };
  }
  const stored = sum(specs.map((d) => d.quantity));
  const baseline = round(stored * row.usd);
  const expected = round(sum(weighed.map((d) => d.monthlyUsd ?? 0)));
  return {
    tier: tier.name,
    storedGiB: stored,
    standardClass: `${service} ${item}`,
    standardUsdPerUnit: row.usd,
    unit: specs[0].unit,
    baselineMonthlyUsd: baseline,
    expectedMonthlyUsd: expected,
    savingMonthlyUsd: round(baseline - expected),
    sources: [
      {
        item: 'storage price (standard-class baseline)',
        subject: `${service} ${item} in ${tier.region}`,
        value: row.usd,
        unit: row.unit,
        source: row.source,
        ...(row.retrieved !== undefined ? { retrieved: row.retrieved } : {}),
      },
      ...weighed.map((d) => driverSource(tier, d)),
    ],
  };
}

function driverSource(tier: StorageTierModel, d: StorageCostDriver): CostSource {
  return {
    item: 'storage price',
    subject: d.catalogService !== undefined ? `${d.catalogService} ${d.catalogItem} in ${tier.region}` : `${tier.service}: ${d.description}`,
    value: d.usdPerUnit ?? 0,
    unit: `USD per ${d.unit}`,
    source: d.source ?? 'not stated',
    ...(d.retrieved !== undefined ? { retrieved: d.retrieved } : {}),
    ...(d.catalogService === undefined ? { basis: 'user-given price' } : {}),
  };
}

/** To a hundredth of a cent, as the tier's own figures are. */
function round(usd: number): number {
  return Math.round(usd * 10000) / 10000;
}

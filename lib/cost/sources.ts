import { GpuSpec, GridIntensity, InstanceOffering, PowerUsageEffectiveness, PriceQuote } from '../catalog/types';
import { CapacityType } from '../core/capacity';
import { compareStrings } from '../core/order';
import { CostSource } from './types';

/** The catalog rows behind a node price: the price row, and for spot the saving it is derived from when it has its own source. */
export function priceSources(offering: InstanceOffering, quote: PriceQuote): CostSource[] {
  const where = quote.estimatedFromOtherRegion && quote.capacityType !== CapacityType.SPOT ? ' (the data has no price for the pool\'s region)' : '';
  const rows: CostSource[] = [{
    item: `${quote.capacityType} price`,
    subject: `${offering.name}${offering.acceleratorType ? ` with ${offering.acceleratorType}` : ''} in ${quote.priceRegion}`,
    value: quote.usdPerHour,
    unit: 'USD per node-hour',
    source: quote.source,
    retrieved: quote.retrieved,
    basis: `${quote.basis}${where}`,
  }];
  if (quote.capacityType === CapacityType.SPOT && quote.spotSavingsPercent !== undefined) {
    const row = offering.prices.find((p) => p.region === quote.priceRegion);
    if (row?.spotSource) {
      rows.push({
        item: 'spot saving',
        subject: `${offering.name} in ${quote.priceRegion}`,
        value: quote.spotSavingsPercent,
        unit: 'percent below on-demand',
        source: row.spotSource,
        ...(row.spotRetrieved ? { retrieved: row.spotRetrieved } : {}),
      });
    }
  }
  return rows;
}

/** The board-power row of a GPU model. */
export function powerSource(spec: GpuSpec): CostSource {
  return { item: 'GPU board power', subject: spec.model.displayName, value: spec.boardPowerWatts, unit: 'watts', source: spec.powerSource };
}

/** The PUE row. */
export function pueSource(pue: PowerUsageEffectiveness): CostSource {
  return {
    item: 'PUE',
    subject: `${pue.cloud} ${pue.region ?? '(cloud average)'}`,
    value: pue.pue,
    unit: 'facility energy / IT energy',
    source: pue.source,
    ...(pue.retrieved ? { retrieved: pue.retrieved } : {}),
  };
}

/** The grid-intensity row. */
export function gridSource(grid: GridIntensity): CostSource {
  return { item: 'grid carbon intensity', subject: `${grid.cloud} ${grid.region}`, value: grid.gramsCo2ePerKwh, unit: 'g CO2e per kWh', source: grid.source };
}

/** Rows without repeats, in a stable order (by item, subject, value, source). */
export function distinctSources(rows: CostSource[]): CostSource[] {
  const seen = new Map<string, CostSource>();
  for (const row of rows) {
    const key = [row.item, row.subject, row.value, row.unit, row.source, row.retrieved ?? '', row.basis ?? ''].join('\u0000');
    if (!seen.has(key)) seen.set(key, row);
  }
  return [...seen.values()].sort((a, b) => compareStrings(a.item, b.item) || compareStrings(a.subject, b.subject)
    || a.value - b.value || compareStrings(a.source, b.source));
}

import { Catalog } from '../catalog/catalog';
import { GridIntensity } from '../catalog/types';
import { GpuModel } from '../core/gpu-model';
import { PlatformModel } from '../model/types';
import { fleetExpectedNodes, fleetPoolNames } from './fleets';
import { HOURS_PER_MONTH, ResolvedCostOptions } from './options';
import { assumptionsFor, expectedNodesOf } from './pools';
import { gridSource, pueSource, powerSource } from './sources';
import { CostSource, EnergyEstimate, PoolEnergy, UnpricedItem } from './types';

/** The PUE an estimate uses and where it comes from. */
export interface ResolvedPue {
  readonly pue?: number;
  readonly source: string;
  readonly row?: CostSource;
}

export const ENERGY_SCOPE = 'GPU board power x GPU-hours at the expected nodes x expected utilization x PUE; '
  + 'CO2 = energy x the region\'s grid intensity (location-based). Not counted: CPUs, memory, disks, network, '
  + 'embodied emissions, and CPU pools (they have no GPU).';

export function resolvePue(model: PlatformModel, catalog: Catalog, options: ResolvedCostOptions): ResolvedPue {
  if (options.powerUsageEffectiveness !== undefined) {
    return {
      pue: options.powerUsageEffectiveness,
      source: 'given',
      row: {
        item: 'PUE', subject: `${model.cloud.provider} ${model.cloud.region}`, value: options.powerUsageEffectiveness,
        unit: 'facility energy / IT energy', source: 'given in the cost options',
      },
    };
  }
  const row = catalog.powerUsageEffectiveness(model.cloud.provider, model.cloud.region);
  return row ? { pue: row.pue, source: row.source, row: pueSource(row) } : { source: 'none: the catalog has no PUE for this cloud' };
}

/**
 * Energy and emissions of each GPU pool and fleet at its expected nodes; CPU pools count zero (GPU power only). A fleet's
 * pools have no line of their own: the fleet's line counts its GPUs, spot or on demand.
 */
export function estimateEnergy(
  model: PlatformModel, catalog: Catalog, options: ResolvedCostOptions, pue: ResolvedPue,
): { energy: EnergyEstimate; unpriced: UnpricedItem[] } {
  const grid: GridIntensity | undefined = catalog.gridIntensity(model.cloud.provider, model.cloud.region);
  const unpriced: UnpricedItem[] = [];
  if (pue.pue === undefined) unpriced.push({ subject: 'energy', reason: 'the catalog has no PUE for the cloud and none was given (cost option powerUsageEffectiveness)' });
  else if (!grid) unpriced.push({ subject: `CO2 of ${model.cloud.provider} ${model.cloud.region}`, reason: 'the catalog has no grid carbon intensity for the region' });
  const line = (name: string, gpu: GpuModel | undefined, gpuHours: number, utilization: number): PoolEnergy => {
    const spec = gpu ? catalog.gpuSpec(gpu) : undefined;
    const watts = spec?.boardPowerWatts ?? 0;
    const kwh = pue.pue !== undefined ? (watts * gpuHours * utilization * pue.pue) / 1000 : undefined;
    const sources: CostSource[] = [
      ...(spec ? [powerSource(spec)] : []),
      ...(spec && pue.row ? [pue.row] : []),
      ...(spec && grid && kwh !== undefined ? [gridSource(grid)] : []),
    ];
    return {
      pool: name,
      gpuHoursPerMonth: gpuHours,
      boardPowerWatts: watts,
      ...(kwh !== undefined ? { kwhPerMonth: kwh } : {}),
      ...(kwh !== undefined && grid ? { kgCo2ePerMonth: (kwh * grid.gramsCo2ePerKwh) / 1000 } : {}),
      sources,
    };
  };
  const inFleets = fleetPoolNames(model);
  const byName = new Map(model.pools.map((p) => [p.name, p]));
  const pools: PoolEnergy[] = [
    ...model.pools.filter((pool) => !inFleets.has(pool.name)).map((pool) => {
      const a = assumptionsFor(pool, options);
      const gpu = pool.offering.gpu;
      return line(pool.name, gpu, gpu ? expectedNodesOf(pool, a) * pool.offering.gpuCount * HOURS_PER_MONTH : 0, a.expectedUtilization);
    }),
    ...model.fleets.map((fleet) => {
      const a = assumptionsFor(fleet, options);
      const gpu = byName.get(fleet.spotPools[0])!.offering.gpu;
      return line(fleet.name, gpu, fleetExpectedNodes(fleet, a) * fleet.gpusPerNode * HOURS_PER_MONTH, a.expectedUtilization);
    }),
  ];
  const total = (key: 'kwhPerMonth' | 'kgCo2ePerMonth') => {
    const values = pools.map((p) => p[key]);
    return values.every((v) => v !== undefined) ? { [key]: values.reduce((s: number, v) => s + v!, 0) } : {};
  };
  return {
    energy: {
      scope: ENERGY_SCOPE,
      ...total('kwhPerMonth'),
      ...total('kgCo2ePerMonth'),
      ...(grid ? { gridGramsCo2ePerKwh: grid.gramsCo2ePerKwh } : {}),
      pools,
    },
    unpriced,
  };
}

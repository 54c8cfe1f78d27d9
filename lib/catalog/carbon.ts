import { CloudProvider } from '../core/cloud';
import { DATA_FILES, invalid, parseCsv, readJson, readText } from './data-files';
import { GridIntensity } from './types';

/** Grid carbon intensity per region: CCF factors for AWS (t/kWh), Google's 2024 figures for GCP (g/kWh). */
export function loadGridIntensities(dir: string): GridIntensity[] {
  const aws = readJson(dir, DATA_FILES.awsGrid);
  if (typeof aws?.factors !== 'object') throw invalid(DATA_FILES.awsGrid, 'no "factors" map');
  const awsRows: GridIntensity[] = Object.entries(aws.factors)
    .filter(([region]) => /^[a-z]{2}-/.test(region))
    .map(([region, tonnes]) => ({
      cloud: CloudProvider.AWS,
      region,
      gramsCo2ePerKwh: Math.round(Number(tonnes) * 1e6 * 1000) / 1000,
      source: String(aws.source),
    }));
  const gcpFile = DATA_FILES.gcpGrid;
  const gcpRows: GridIntensity[] = parseCsv(gcpFile, readText(dir, gcpFile)).map((row) => {
    const region = row['Google Cloud Region'];
    const grams = Number(row['Grid carbon intensity (gCO2eq / kWh)']);
    if (!region || !Number.isFinite(grams)) throw invalid(gcpFile, `row ${JSON.stringify(row)}`);
    return {
      cloud: CloudProvider.GCP,
      region,
      gramsCo2ePerKwh: grams,
      source: 'GoogleCloudPlatform/region-carbon-info data/yearly/2024.csv',
    };
  });
  return [...awsRows, ...gcpRows];
}

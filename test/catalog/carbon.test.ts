import { Catalog } from '../../lib/catalog/catalog';
import { Cloud, CloudProvider } from '../../lib/core/cloud';
import { AwsGridFile, DATA_DIR, describeWithData, readDataCsv, readDataJson } from './shared-data';

const GRAMS_PER_TONNE = 1e6;
const GCP_INTENSITY_COLUMN = 'Grid carbon intensity (gCO2eq / kWh)';

describeWithData('grid carbon intensity', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const aws = readDataJson<AwsGridFile>('aws-grid-emission-factors-ccf.json');
  const gcp = readDataCsv('gcp-region-carbon-2024.csv');
  // "unknown" is CCF's fallback average, not a region.
  const awsRegions = Object.entries(aws.factors).filter(([region]) => region !== 'unknown');

  test('the AWS file is in tonnes per kWh, as the conversion assumes', () => {
    expect(aws.unit).toBe('metric tCO2e per kWh');
  });

  test('aws us-east-1 is 379.069 g/kWh (CCF: 0.000379069 t/kWh)', () => {
    expect(catalog.gridIntensity(CloudProvider.AWS, 'us-east-1')?.gramsCo2ePerKwh).toBeCloseTo(379.069, 6);
  });

  test('gcp us-central1 is 412.72 g/kWh (Google region-carbon-info 2024)', () => {
    expect(catalog.gridIntensity(CloudProvider.GCP, 'us-central1')?.gramsCo2ePerKwh).toBe(412.72);
  });

  test.each(awsRegions)('aws %s: the CCF factor %d t/kWh in g/kWh', (region, tonnes) => {
    const g = catalog.gridIntensity(CloudProvider.AWS, region);
    expect(g?.gramsCo2ePerKwh).toBeCloseTo(tonnes * GRAMS_PER_TONNE, 3);
    expect(g?.source).toContain('cloud-carbon-footprint');
  });

  test.each(gcp.map((row) => [row['Google Cloud Region'], Number(row[GCP_INTENSITY_COLUMN])] as const))(
    'gcp %s: %d g/kWh', (region, grams) => {
      const g = catalog.gridIntensity(CloudProvider.GCP, region);
      expect(g?.gramsCo2ePerKwh).toBe(grams);
      expect(g?.source).toContain('region-carbon-info');
    });

  test.each([
    [CloudProvider.AWS, 'unknown', 'the CCF fallback key is not a region'],
    [CloudProvider.AWS, 'us-central1', 'a GCP region asked on AWS'],
    [CloudProvider.GCP, 'us-east-1', 'an AWS region asked on GCP'],
    [CloudProvider.GCP, 'mars-north1', 'an unknown region'],
  ])('%s %s has no figure (%s)', (cloud, region) => {
    expect(catalog.gridIntensity(cloud, region)).toBeUndefined();
  });

  // A region the catalog has figures for must be one a platform can be declared in.
  test.each(awsRegions.map(([region]) => region))('Cloud.aws accepts catalog region %s', (region) => {
    expect(() => Cloud.aws({ region })).not.toThrow();
  });

  test.each(gcp.map((row) => row['Google Cloud Region']))('Cloud.gcp accepts catalog region %s', (region) => {
    expect(() => Cloud.gcp({ project: 'my-ml-project', region })).not.toThrow();
  });
});

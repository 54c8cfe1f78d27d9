import { Catalog } from '../../lib/catalog/catalog';
import { CloudProvider } from '../../lib/core/cloud';
import { ErrorCode } from '../../lib/core/errors';
import { catchValidationError } from '../core/expect-validation-error';
import { DATA_DIR, RegionsFile, describeWithData, readDataJson } from './shared-data';

describeWithData('regions and zones (regions.json)', () => {
  const catalog = Catalog.fromDirectory(DATA_DIR);
  const raw = readDataJson<RegionsFile>('regions.json');
  const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

  test.each([CloudProvider.AWS, CloudProvider.GCP])('%s: the regions are those of regions.json, by name', (cloud) => {
    expect(catalog.regions(cloud).map((r) => r.name)).toEqual(raw[cloud].map((r) => r.region).sort());
    for (const r of catalog.regions(cloud)) {
      expect(r.cloud).toBe(cloud);
      expect(r.source).toMatch(/@ [0-9a-f]{7}/);
    }
  });

  test('an AWS region carries its description, partition and AZ IDs', () => {
    const r = catalog.region(CloudProvider.AWS, 'us-east-1');
    expect(r).toMatchObject({ description: 'US East (N. Virginia)', partition: 'aws', zoneCount: 6 });
    expect(r.zoneIds).toEqual(['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6']);
    expect(catalog.region(CloudProvider.AWS, 'us-gov-west-1')).toMatchObject({ partition: 'aws-us-gov', zoneIds: [] });
  });

  test.each<[CloudProvider, string, string]>([
    [CloudProvider.AWS, 'us-east1', 'us-east-1'],
    [CloudProvider.AWS, 'eu-west-l', 'eu-west-1'],
    [CloudProvider.AWS, 'US-WEST-2', 'us-west-2'],
    [CloudProvider.GCP, 'us-central-1', 'us-central1'],
    [CloudProvider.GCP, 'europe-west', 'europe-west1'],
  ])('%s: unknown region %j is REGION_UNKNOWN naming %j first', (cloud, typo, closest) => {
    expect(catalog.findRegion(cloud, typo)).toBeUndefined();
    const err = catchValidationError(() => catalog.region(cloud, typo));
    expect(err.code).toBe(ErrorCode.REGION_UNKNOWN);
    expect(err.allowed).toBe(`closest: ${catalog.closestRegions(cloud, typo).join(', ')}`);
    expect(catalog.closestRegions(cloud, typo)[0]).toBe(closest);
  });

  test('a region of the other cloud is unknown (us-central1 on AWS, us-east-1 on GCP)', () => {
    expect(catchValidationError(() => catalog.region(CloudProvider.AWS, 'us-central1')).code).toBe(ErrorCode.REGION_UNKNOWN);
    expect(catchValidationError(() => catalog.region(CloudProvider.GCP, 'us-east-1')).code).toBe(ErrorCode.REGION_UNKNOWN);
    expect(catchValidationError(() => catalog.zonesOf(CloudProvider.GCP, 'us-east-1')).code).toBe(ErrorCode.REGION_UNKNOWN);
  });

  // AWS zone letters are per account; the catalog accepts a letter when the region's AZ count (or its highest AZ ID
  // number, which can skip: ca-central-1 has az1, az2 and az4) allows it.
  const awsWithZones = raw.aws.filter((r) => r.az_ids !== null);
  test.each(awsWithZones.map((r) => [r.region, r] as const))('aws %s: the zone letters its AZ data allows, and no other', (name, row) => {
    const highest = Math.max(row.az_count ?? 0, ...row.az_ids!.map((id) => Number(id.split('-az')[1])));
    const expected = LETTERS.slice(0, highest).split('').map((l) => `${name}${l}`);
    expect(catalog.zonesOf(CloudProvider.AWS, name).map((z) => z.name)).toEqual(expected);
    for (const z of expected) expect(catalog.zone(CloudProvider.AWS, z)).toMatchObject({ region: name, verified: true });
    const next = `${name}${LETTERS[highest]}`;
    const err = catchValidationError(() => catalog.zone(CloudProvider.AWS, next));
    expect(err.code).toBe(ErrorCode.ZONE_UNKNOWN);
    // A zone of a known region: the refusal lists that region's zones.
    expect(err.allowed).toBe(`zones of ${name}: ${expected.join(', ')}`);
  });

  test('ca-central-1 has zones a, b and d (AZ IDs cac1-az1, -az2, -az4): d is accepted', () => {
    expect(catalog.zone(CloudProvider.AWS, 'ca-central-1d').verified).toBe(true);
    expect(catalog.zone(CloudProvider.AWS, 'us-east-1f').evidence).toContain('per account');
  });

  test('AWS regions without AZ data (GovCloud, China) accept a well-formed zone name, marked unverified', () => {
    for (const r of raw.aws.filter((x) => x.az_ids === null)) {
      expect(catalog.zonesOf(CloudProvider.AWS, r.region)).toEqual([]);
      expect(catalog.zone(CloudProvider.AWS, `${r.region}a`)).toMatchObject({ region: r.region, verified: false });
    }
  });

  test.each(['us-east-1', 'useast-1a', 'us-east-1-bos-1a', 'mars-north-1a', 'us-central1-a'])('aws zone %j is ZONE_UNKNOWN', (name) => {
    expect(catalog.findZone(CloudProvider.AWS, name)).toBeUndefined();
    expect(catchValidationError(() => catalog.zone(CloudProvider.AWS, name)).code).toBe(ErrorCode.ZONE_UNKNOWN);
  });

  const gcpWithZones = raw.gcp.filter((r) => r.zones !== null);
  test.each(gcpWithZones.map((r) => [r.region, r] as const))('gcp %s: the zones of its zone list, with the GPU flag', (name, row) => {
    expect(catalog.zonesOf(CloudProvider.GCP, name).map((z) => z.name)).toEqual(row.zones);
    for (const z of row.zones!) {
      expect(catalog.zone(CloudProvider.GCP, z)).toMatchObject({ region: name, verified: true, hasGpus: (row.zones_with_gpu ?? []).includes(z) });
    }
    const missing = LETTERS.split('').map((l) => `${name}-${l}`).filter((z) => !row.zones!.includes(z));
    for (const z of missing) expect(catalog.findZone(CloudProvider.GCP, z)).toBeUndefined();
  });

  test('gcp: a zone missing from its region\'s list is ZONE_UNKNOWN naming the region\'s zones (europe-west1 has b, c, d)', () => {
    const err = catchValidationError(() => catalog.zone(CloudProvider.GCP, 'europe-west1-a'));
    expect(err.code).toBe(ErrorCode.ZONE_UNKNOWN);
    expect(err.allowed).toBe('zones of europe-west1: europe-west1-b, europe-west1-c, europe-west1-d');
    // A zone of no known region: the closest names.
    expect(catchValidationError(() => catalog.zone(CloudProvider.GCP, 'us-centrl1-a')).allowed).toMatch(/^closest: us-central1-a/);
  });

  test('gcp regions without a zone list accept a well-formed zone name, marked unverified', () => {
    for (const r of raw.gcp.filter((x) => x.zones === null)) {
      expect(catalog.zonesOf(CloudProvider.GCP, r.region)).toEqual([]);
      const z = catalog.zone(CloudProvider.GCP, `${r.region}-a`);
      expect(z).toMatchObject({ region: r.region, verified: false });
      expect(z.hasGpus).toBeUndefined();
    }
    expect(catalog.findZone(CloudProvider.GCP, 'africa-south1')).toBeUndefined();
  });

  test('odd input is a refusal, never a TypeError', () => {
    for (const bad of [undefined, null, 42, {}, '__proto__', 'constructor']) {
      expect(catalog.findRegion(CloudProvider.AWS, bad as any)).toBeUndefined();
      expect(catalog.findZone(CloudProvider.GCP, bad as any)).toBeUndefined();
      expect(catchValidationError(() => catalog.region(CloudProvider.GCP, bad as any)).code).toBe(ErrorCode.REGION_UNKNOWN);
      expect(catchValidationError(() => catalog.zone(CloudProvider.AWS, bad as any)).code).toBe(ErrorCode.ZONE_UNKNOWN);
    }
  });
});

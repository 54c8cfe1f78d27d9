import { Cloud, CloudProvider } from '../../lib/core/cloud';
import { ErrorCode } from '../../lib/core/errors';
import { catchValidationError } from './expect-validation-error';

describe('Cloud.aws', () => {
  // Region codes from https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
  // (commercial, GovCloud, China, ISO and European Sovereign Cloud partitions).
  test.each([
    'us-east-1', 'us-west-2', 'eu-west-2', 'eu-central-2', 'ap-southeast-1', 'ap-southeast-5', 'ap-northeast-3',
    'ca-west-1', 'me-central-1', 'il-central-1', 'mx-central-1', 'sa-east-1', 'af-south-1',
    'us-gov-west-1', 'us-gov-east-1', 'cn-north-1', 'cn-northwest-1', 'us-iso-east-1', 'us-isob-east-1', 'eusc-de-east-1',
  ])('accepts region %s', (region) => {
    const cloud = Cloud.aws({ region });
    expect(cloud.provider).toBe(CloudProvider.AWS);
    expect(cloud.region).toBe(region);
    expect(cloud.project).toBeUndefined();
  });

  test.each([
    ['us-east-1a', 'an availability zone'],
    ['use1-az1', 'an availability-zone id'],
    ['us-east-1-bos-1a', 'a Local Zone'],
    ['US East (N. Virginia)', 'the display name'],
    ['US-EAST-1', 'upper case'],
    ['us-east', 'no number'],
    ['useast1', 'no hyphens'],
    ['us-central1', 'a GCP region'],
    ['', 'empty'],
  ])('rejects %j (%s) with CLOUD_INVALID', (region) => {
    const err = catchValidationError(() => Cloud.aws({ region }));
    expect(err.code).toBe(ErrorCode.CLOUD_INVALID);
    expect(err.receivedJson).toBe(JSON.stringify(region));
    expect(err.fix).toMatch(/zone|display name/);
  });

  test('tags are copied, so later changes to the caller\'s object do not leak in', () => {
    const tags: { [key: string]: string } = { team: 'ml' };
    const cloud = Cloud.aws({ region: 'us-east-1', tags });
    tags.team = 'changed';
    expect(cloud.resourceTags).toEqual({ team: 'ml' });
    expect(Cloud.aws({ region: 'us-east-1' }).resourceTags).toEqual({});
  });

  test('toString names provider and region', () => {
    expect(Cloud.aws({ region: 'eu-west-1' }).toString()).toBe('aws eu-west-1');
  });
});

describe('Cloud.gcp', () => {
  const project = 'my-ml-project';

  // Region names from https://cloud.google.com/compute/docs/regions-zones; every one of them is also a row of
  // GoogleCloudPlatform/region-carbon-info data/yearly/2024.csv (shared/data/gcp-region-carbon-2024.csv).
  // europe-west10 (Berlin) and europe-west12 (Turin) carry a two-digit number.
  test.each([
    'us-central1', 'us-east4', 'europe-west4', 'europe-west10', 'europe-west12', 'europe-southwest1',
    'northamerica-northeast1', 'northamerica-south1', 'asia-southeast1', 'australia-southeast2',
    'me-central2', 'africa-south1', 'southamerica-west1',
  ])('accepts region %s', (region) => {
    const cloud = Cloud.gcp({ project, region });
    expect(cloud.provider).toBe(CloudProvider.GCP);
    expect(cloud.region).toBe(region);
    expect(cloud.project).toBe(project);
  });

  test.each([
    ['us-central1-a', 'a zone'],
    ['Iowa', 'the location name'],
    ['US-CENTRAL1', 'upper case'],
    ['us-central', 'no number'],
    ['uscentral1', 'no hyphen'],
    ['us-east-1', 'an AWS region'],
    ['', 'empty'],
  ])('rejects region %j (%s) with CLOUD_INVALID', (region) => {
    const err = catchValidationError(() => Cloud.gcp({ project, region }));
    expect(err.code).toBe(ErrorCode.CLOUD_INVALID);
    expect(err.receivedJson).toBe(JSON.stringify(region));
    expect(err.allowed).toContain('us-central1-a');
  });

  // Project id rules: https://cloud.google.com/resource-manager/docs/creating-managing-projects
  // (6-30 characters; lower-case letters, digits, hyphens; starts with a letter; does not end with a hyphen).
  test.each([
    ['abcdef', 'shortest (6)'],
    ['p'.repeat(30), 'longest (30)'],
    ['my-project-123', 'letters, digits, hyphens'],
  ])('accepts project id %j (%s)', (id) => {
    expect(Cloud.gcp({ project: id, region: 'us-central1' }).project).toBe(id);
  });

  test.each([
    ['abcde', '5 characters'],
    ['p'.repeat(31), '31 characters'],
    ['123456789012', 'a project number'],
    ['1project', 'starts with a digit'],
    ['my-project-', 'ends with a hyphen'],
    ['My-Project', 'upper case'],
    ['my_project', 'underscore'],
    ['My ML Project', 'a display name'],
  ])('rejects project id %j (%s) with CLOUD_INVALID', (id) => {
    const err = catchValidationError(() => Cloud.gcp({ project: id, region: 'us-central1' }));
    expect(err.code).toBe(ErrorCode.CLOUD_INVALID);
    expect(err.receivedJson).toBe(JSON.stringify(id));
    expect(err.fix).toContain('project id');
  });

  test('labels are copied and default to none', () => {
    const labels: { [key: string]: string } = { team: 'ml' };
    const cloud = Cloud.gcp({ project, region: 'us-central1', labels });
    labels.team = 'changed';
    expect(cloud.resourceTags).toEqual({ team: 'ml' });
    expect(Cloud.gcp({ project, region: 'us-central1' }).resourceTags).toEqual({});
  });

  test('toString names provider, project and region', () => {
    expect(Cloud.gcp({ project, region: 'us-central1' }).toString()).toBe('gcp my-ml-project/us-central1');
  });
});

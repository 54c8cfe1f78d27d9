import { ErrorCode, GkeCluster, GkeClusterProps, TeamNamespace } from '../../lib';
import { awsPlatform, gcpPlatform, kubernetesOf, resources, resourceWhere, terraformOf, validationErrorOf } from '../support/platforms';

const base: GkeClusterProps = { clusterName: 'ml-new', network: 'vpc', subnetwork: 'nodes' };
const ownKey = 'projects/acme-ml-sec/locations/us-central1/keyRings/gke/cryptoKeys/secrets';

function created(props: Partial<GkeClusterProps> = {}) {
  const platform = gcpPlatform({ cluster: GkeCluster.create({ ...base, ...props }) });
  const tf = terraformOf(platform);
  return { platform, tf, cluster: resourceWhere(tf, 'google_container_cluster', 'name', 'ml-new') };
}

describe('GkeCluster.create: security defaults', () => {
  const { tf, cluster } = created();

  test('the control plane has no public endpoint; authorized networks are on and let no Google Cloud IP in wholesale', () => {
    expect(cluster.private_cluster_config).toMatchObject({ enable_private_nodes: true, enable_private_endpoint: true });
    expect(cluster.master_authorized_networks_config).toEqual({ gcp_public_cidrs_access_enabled: false });
  });

  test('secrets are encrypted at the application layer with a key rotated every 90 days, in the cluster\'s region', () => {
    const key = resourceWhere(tf, 'google_kms_crypto_key', 'name', 'kubernetes-secrets');
    expect(key).toMatchObject({ purpose: 'ENCRYPT_DECRYPT', rotation_period: '7776000s' });
    const ring = resourceWhere(tf, 'google_kms_key_ring', 'name', 'ml-new-secrets');
    expect(ring).toMatchObject({ location: 'us-central1', project: 'acme-ml-test' });
    expect(key.key_ring).toMatch(/^\$\{google_kms_key_ring\..*\.id\}$/);
    expect(cluster.database_encryption).toEqual({ state: 'ENCRYPTED', key_name: expect.stringMatching(/^\$\{google_kms_crypto_key\..*\.id\}$/) });
  });

  test('the GKE service agent may use the key, before the cluster is created', () => {
    const [grant] = resources(tf, 'google_kms_crypto_key_iam_member');
    expect(grant.role).toBe('roles/cloudkms.cryptoKeyEncrypterDecrypter');
    expect(grant.member).toMatch(/^serviceAccount:service-\$\{data\.google_project\..*\.number\}@container-engine-robot\.iam\.gserviceaccount\.com$/);
    expect(Object.values(tf.data.google_project)).toEqual([{ project_id: 'acme-ml-test' }]);
    expect(cluster.depends_on).toEqual([expect.stringMatching(/^google_kms_crypto_key_iam_member\./)]);
  });

  test('the cluster, the key and the key ring cannot be destroyed by a plan (prevent_destroy)', () => {
    expect(cluster.lifecycle).toEqual({ prevent_destroy: true });
    expect(cluster.deletion_protection).toBe(true);
    for (const type of ['google_kms_crypto_key', 'google_kms_key_ring']) {
      expect(resources(tf, type).map((r) => r.lifecycle)).toEqual([{ prevent_destroy: true }]);
    }
  });

  test('no Google Groups for RBAC unless a security group is given', () => {
    expect(cluster.authenticator_groups_config).toBeUndefined();
  });
});

describe('GkeCluster.create: control-plane access', () => {
  test('a public endpoint answers the authorized networks given, sorted', () => {
    const { cluster } = created({ endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24', '198.51.100.7/32'] });
    expect(cluster.private_cluster_config.enable_private_endpoint).toBe(false);
    expect(cluster.master_authorized_networks_config).toEqual({
      gcp_public_cidrs_access_enabled: false,
      cidr_blocks: [{ cidr_block: '198.51.100.7/32' }, { cidr_block: '203.0.113.0/24' }],
    });
  });

  test('0.0.0.0/0 is refused (CONTROL_PLANE_OPEN) unless allowPublicAccessFromAnywhere says so', () => {
    const open = { endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] };
    expect(validationErrorOf(() => GkeCluster.create({ ...base, ...open })).code).toBe(ErrorCode.CONTROL_PLANE_OPEN);
    expect(created({ ...open, allowPublicAccessFromAnywhere: true }).cluster.master_authorized_networks_config.cidr_blocks).toEqual([{ cidr_block: '0.0.0.0/0' }]);
  });

  test.each([
    ['a public endpoint without authorized networks', { endpointPublicAccess: true }],
    ['authorized networks for a private endpoint', { publicAccessCidrs: ['203.0.113.0/24'] }],
    ['more than 50 authorized networks', { endpointPublicAccess: true, publicAccessCidrs: Array.from({ length: 51 }, (_, i) => `10.0.${i}.0/24`) }],
    ['an IPv6 block', { endpointPublicAccess: true, publicAccessCidrs: ['::/0'], allowPublicAccessFromAnywhere: true }],
    ['a string for endpointPublicAccess', { endpointPublicAccess: 'true' as unknown as boolean }],
  ])('%s is refused: CLUSTER_INVALID', (_label, props: Partial<GkeClusterProps>) => {
    expect(validationErrorOf(() => GkeCluster.create({ ...base, ...props })).code).toBe(ErrorCode.CLUSTER_INVALID);
  });
});

describe('GkeCluster.create: secrets encryption', () => {
  test('a given key is used; the platform creates no key, ring or grant', () => {
    const { tf, cluster } = created({ secretsKeyName: ownKey });
    expect(cluster.database_encryption).toEqual({ state: 'ENCRYPTED', key_name: ownKey });
    for (const type of ['google_kms_crypto_key', 'google_kms_key_ring', 'google_kms_crypto_key_iam_member']) expect(resources(tf, type)).toEqual([]);
    expect(cluster.depends_on).toBeUndefined();
  });

  test('a zonal cluster gets its key in the zone\'s region', () => {
    const { tf } = created({ location: 'us-central1-a' });
    expect(resources(tf, 'google_kms_key_ring')[0].location).toBe('us-central1');
    expect(() => created({ location: 'us-central1-a', secretsKeyName: ownKey })).not.toThrow();
  });

  test('secretsEncryption: false is the explicit opt-out: no database encryption, no key', () => {
    const { tf, cluster } = created({ secretsEncryption: false });
    expect(cluster.database_encryption).toBeUndefined();
    expect(resources(tf, 'google_kms_crypto_key')).toEqual([]);
  });

  test.each([
    ['a malformed key name', { secretsKeyName: 'secrets' }],
    ['a key and the opt-out at once', { secretsKeyName: ownKey, secretsEncryption: false }],
    ['a key outside the cluster\'s location', { secretsKeyName: ownKey, location: 'europe-west4' }],
    ['a string for secretsEncryption', { secretsEncryption: 'no' as unknown as boolean }],
  ])('%s is refused: CLUSTER_INVALID', (_label, props: Partial<GkeClusterProps>) => {
    expect(validationErrorOf(() => GkeCluster.create({ ...base, ...props })).code).toBe(ErrorCode.CLUSTER_INVALID);
  });

  test('a key outside the platform\'s region is refused when the platform places the cluster there', () => {
    const cluster = GkeCluster.create({ ...base, secretsKeyName: ownKey.replace('us-central1', 'europe-west4') });
    const error = validationErrorOf(() => gcpPlatform({ cluster }));
    expect(error.code).toBe(ErrorCode.CLUSTER_INVALID);
    expect(error.message).toContain('europe-west4');
  });
});

describe('GkeCluster.create: Google Groups for RBAC', () => {
  test('rbacSecurityGroup turns on authenticator_groups_config', () => {
    const { cluster } = created({ rbacSecurityGroup: 'gke-security-groups@example.com' });
    expect(cluster.authenticator_groups_config).toEqual({ security_group: 'gke-security-groups@example.com' });
  });

  test.each(['ml-admins@example.com', 'gke-security-groups', 'gke-security-groups@', 42])('rbacSecurityGroup %p is refused: GKE accepts only gke-security-groups@<domain>', (group) => {
    expect(validationErrorOf(() => GkeCluster.create({ ...base, rbacSecurityGroup: group as any })).code).toBe(ErrorCode.CLUSTER_INVALID);
  });

  test('with it, team groups must be Google Group addresses: a plain name would grant nothing (TEAM_GROUP_NOT_MAPPED)', () => {
    const platform = gcpPlatform({ cluster: GkeCluster.create({ ...base, rbacSecurityGroup: 'gke-security-groups@example.com' }) });
    new TeamNamespace(platform, 'vision', { adminGroups: ['vision-leads@example.com'] });
    expect(() => kubernetesOf(platform)).not.toThrow();
    new TeamNamespace(platform, 'speech', { memberGroups: ['speech'] });
    const error = validationErrorOf(() => kubernetesOf(platform));
    expect(error.code).toBe(ErrorCode.TEAM_GROUP_NOT_MAPPED);
    expect(error.constructPath).toBe('gcp-test/speech');
  });

  test('without it, team groups are not checked (the README says what they grant: nothing)', () => {
    const platform = gcpPlatform({ cluster: GkeCluster.create(base) });
    new TeamNamespace(platform, 'speech', { memberGroups: ['speech'] });
    expect(() => kubernetesOf(platform)).not.toThrow();
  });
});

describe('GkeCluster.create: deletion', () => {
  test('deletionProtection: false lets the cluster, its key and its key ring be destroyed', () => {
    const { tf, cluster } = created({ deletionProtection: false });
    expect(cluster.deletion_protection).toBe(false);
    for (const type of ['google_container_cluster', 'google_kms_crypto_key', 'google_kms_key_ring']) {
      expect(resources(tf, type).map((r) => r.lifecycle)).toEqual([undefined]);
    }
  });
});

test.each(['aws', 'google'])('a platform may be named %s: the providers\' construct ids are internal (PascalCase)', (name) => {
  // Platform names are DNS labels; the providers used to take the ids "aws" and "google" in the platform's stack.
  const platform = name === 'aws' ? awsPlatform({}, name) : gcpPlatform({}, name);
  expect(Object.keys(terraformOf(platform).provider)).toEqual([name]);
});

import { TerraformStack, Testing as TfTesting } from 'cdktf';
import {
  ErrorCode, ExternalNodePool, GkeCluster, GpuModel, GpuNodePool, MlPlatform, StorageTier, StorageTierKind, TeamNamespace,
} from '../../lib';
import { awsPlatform, gcpPlatform, kubernetesOf, objectNamed, terraformOf, validationErrorOf } from '../support/platforms';
import { tierPlatform } from './fixtures';

const quota = (objects: any[], team: string) => objectNamed(objects, 'ResourceQuota', `${team}-quota`).spec.hard;
const key = (tier: string, what: string) => `${tier}.storageclass.storage.k8s.io/${what}`;

describe('team quotas per storage tier', () => {
  const t = tierPlatform('aws');
  new TeamNamespace(t.platform, 'bystander');
  const objects = kubernetesOf(t.platform);

  test('a tier the team was given: its size and claim count in every namespace', () => {
    for (const ns of ['vision', 'vision-dev']) {
      const hard = objects.find((o) => o.kind === 'ResourceQuota' && o.metadata.namespace === ns && o.metadata.name === 'vision-quota').spec.hard;
      expect(hard[key('datasets', 'requests.storage')]).toBe('10Ti');
      expect(hard[key('datasets', 'persistentvolumeclaims')]).toBe('2');
      expect(hard[key('hot', 'requests.storage')]).toBe('500Gi');
      expect(hard[key('hot', 'persistentvolumeclaims')]).toBe('1');
    }
  });

  test('a tier the team was not given is quota 0: size and claims', () => {
    const hard = quota(objects, 'bystander');
    for (const tier of ['datasets', 'hot', 'notebooks', 'weights']) {
      expect(hard[key(tier, 'requests.storage')]).toBe('0');
      expect(hard[key(tier, 'persistentvolumeclaims')]).toBe('0');
    }
  });

  test('a platform without tiers has no storage-class quota keys (its output is unchanged)', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'plain', { storageQuota: '1Ti' });
    expect(Object.keys(quota(kubernetesOf(p), 'plain')).filter((k) => k.includes('storageclass'))).toEqual([]);
  });

  test('a tier declared after the team still gets its zero in the team\'s quota (resolved at synth)', () => {
    const p = awsPlatform();
    new TeamNamespace(p, 'early');
    new StorageTier(p, 'late', { kind: StorageTierKind.ARCHIVE, bucketName: 'acme-late' });
    expect(quota(kubernetesOf(p), 'early')[key('late', 'requests.storage')]).toBe('0');
  });
});

describe('claims and volumes', () => {
  const t = tierPlatform('aws');
  const objects = kubernetesOf(t.platform);

  test('one claim per tier in each namespace, named after the tier, bound to a volume of its own', () => {
    const claims = objects.filter((o) => o.kind === 'PersistentVolumeClaim').map((c) => `${c.metadata.namespace}/${c.metadata.name}->${c.spec.volumeName}`).sort();
    expect(claims).toEqual([
      'vision-dev/datasets->datasets.vision-dev', 'vision-dev/hot->hot.vision-dev', 'vision-dev/notebooks->notebooks.vision-dev', 'vision-dev/weights->weights.vision-dev',
      'vision/datasets->datasets.vision', 'vision/hot->hot.vision', 'vision/notebooks->notebooks.vision', 'vision/weights->weights.vision',
    ]);
    expect(objectNamed(objects.filter((o) => o.metadata.namespace === 'vision'), 'PersistentVolumeClaim', 'hot').spec).toEqual({
      accessModes: ['ReadWriteMany'], storageClassName: 'hot', volumeMode: 'Filesystem', volumeName: 'hot.vision', resources: { requests: { storage: '500Gi' } },
    });
  });

  test('each volume is reserved for its claim, retained, and a zonal tier\'s volume is pinned to the tier\'s zone', () => {
    const pv = objectNamed(objects, 'PersistentVolume', 'hot.vision-dev');
    expect(pv.spec).toMatchObject({
      claimRef: { namespace: 'vision-dev', name: 'hot' }, persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'hot', capacity: { storage: '500Gi' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-east-1a'] }] }] } },
    });
    expect(objectNamed(objects, 'PersistentVolume', 'notebooks.vision').spec.nodeAffinity).toBeUndefined();
  });

  test('before the first deploy, a file system\'s claims render and its volumes wait, with a synth warning naming the output', () => {
    const early = tierPlatform('aws', { deployed: false });
    const k8s = kubernetesOf(early.platform);
    expect(k8s.filter((o) => o.kind === 'PersistentVolume').map((o) => o.metadata.name).sort())
      .toEqual(['datasets.vision', 'datasets.vision-dev', 'weights.vision', 'weights.vision-dev']);
    expect(k8s.filter((o) => o.kind === 'PersistentVolumeClaim')).toHaveLength(8);
    expect(early.hot.volumesReady).toBe(false);
    const warnings = early.hot.cloudResources.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data);
    expect(warnings).toEqual([expect.stringContaining('Terraform output storage__aws-test__hot')]);
    expect(early.vision.storageClaim(early.hot, 'vision').volume).toBeUndefined();
    expect(t.vision.storageClaim(t.hot, 'vision').volume).toBeDefined();
  });

  test('storageMount is what a job needs; a tier the team was not given is STORAGE_TIER_NOT_GRANTED', () => {
    expect(t.vision.storageMount(t.hot)).toEqual({ tierName: 'hot', claimName: 'hot', mountPath: '/mnt/hot', readOnly: false, podAnnotations: {} });
    expect(t.vision.storageTiers.map((x) => x.tierName)).toEqual(['datasets', 'hot', 'notebooks', 'weights']);
    const other = new TeamNamespace(t.platform, 'other', { storage: [{ tier: t.datasets, size: '1Ti' }] });
    const error = validationErrorOf(() => other.storageMount(t.hot));
    expect(error.code).toBe(ErrorCode.STORAGE_TIER_NOT_GRANTED);
    expect(error.allowed).toBe('datasets');
    expect(validationErrorOf(() => other.storageClaim(t.hot, 'other')).code).toBe(ErrorCode.STORAGE_TIER_NOT_GRANTED);
    expect(validationErrorOf(() => other.storageClaim(t.datasets, 'vision')).code).toBe(ErrorCode.INVALID_NAME);
  });
});

describe('the teams\' grants fit a provisioned tier\'s capacity', () => {
  test('grants times namespaces above the capacity are STORAGE_QUOTA_EXCEEDS_CAPACITY, reported on the tier', () => {
    const p = awsPlatform();
    const hot = new StorageTier(p, 'hot', { kind: StorageTierKind.PARALLEL, capacityGiB: 2400 });
    new TeamNamespace(p, 'a', { namespaces: ['a', 'a-dev'], storage: [{ tier: hot, size: '1000Gi' }] });
    new TeamNamespace(p, 'b', { storage: [{ tier: hot, size: '401Gi' }] });
    const error = validationErrorOf(() => p.validatePlatform());
    expect(error.code).toBe(ErrorCode.STORAGE_QUOTA_EXCEEDS_CAPACITY);
    // 2 x 1000Gi + 401Gi = 2401Gi > 2400Gi.
    expect(error.message).toContain('2401Gi');
    expect(JSON.parse((error as any).receivedJson)).toEqual({ a: '1000Gi x 2 namespaces', b: '401Gi' });
    expect(error.constructPath).toBe('aws-test/hot');
  });

  test('exactly the capacity fits; elastic tiers (EFS, buckets) have no capacity to fit', () => {
    const p = awsPlatform();
    const hot = new StorageTier(p, 'hot', { kind: StorageTierKind.PARALLEL, capacityGiB: 2400 });
    const home = new StorageTier(p, 'home', { kind: StorageTierKind.SHARED, capacityGiB: 100 });
    new TeamNamespace(p, 'a', { namespaces: ['a', 'a-dev'], storage: [{ tier: hot, size: '1200Gi' }, { tier: home, size: '10Ti' }] });
    expect(() => p.validatePlatform()).not.toThrow();
  });
});

describe('a zonal tier is reachable from the pools that mount it', () => {
  function mountFrom(p: MlPlatform, zones: string[] | undefined, tierZone: string, allowCrossZoneMounts?: boolean) {
    const pool = new GpuNodePool(p, 'train', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 2, zones });
    const hot = new StorageTier(p, 'hot', { kind: StorageTierKind.PARALLEL, zone: tierZone, allowCrossZoneMounts });
    const team = new TeamNamespace(p, 'vision', { quotas: [{ pool, guaranteed: { 'nvidia.com/gpu': '1' } }], storage: [{ tier: hot, size: '1Ti' }] });
    return { pool, hot, team };
  }

  test.each<[string, () => MlPlatform, string[] | undefined, string]>([
    ['AWS, a pool in another zone', () => awsPlatform(), ['us-east-1b'], 'us-east-1a'],
    ['AWS, a pool over every zone of a two-zone cluster', () => awsPlatform(), undefined, 'us-east-1a'],
    ['GKE regional cluster, a pool without zones', () => gcpPlatform(), undefined, 'us-central1-a'],
    ['GKE, a pool in two zones', () => gcpPlatform(), ['us-central1-a', 'us-central1-b'], 'us-central1-a'],
  ])('%s: STORAGE_TIER_UNREACHABLE, reported on the team, naming the fixes', (_name, make, zones, tierZone) => {
    const p = make();
    mountFrom(p, zones, tierZone);
    const error = validationErrorOf(() => p.validatePlatform());
    expect(error.code).toBe(ErrorCode.STORAGE_TIER_UNREACHABLE);
    expect(error.constructPath).toMatch(/\/vision$/);
    expect(error.fix).toContain('allowCrossZoneMounts');
  });

  test.each<[string, () => MlPlatform, string[] | undefined, string]>([
    ['AWS, the pool pinned to the tier\'s zone', () => awsPlatform(), ['us-east-1a'], 'us-east-1a'],
    ['GKE zonal cluster, a pool without zones', () => gcpPlatform({
      cluster: GkeCluster.fromAttributes({ clusterName: 'z', location: 'us-central1-b', nodeServiceAccount: 'n@acme-ml-test.iam.gserviceaccount.com', network: 'v' }),
    }), undefined, 'us-central1-b'],
  ])('%s: reachable', (_name, make, zones, tierZone) => {
    const p = make();
    mountFrom(p, zones, tierZone);
    expect(() => p.validatePlatform()).not.toThrow();
  });

  test('allowCrossZoneMounts turns the error into one warning on the tier (however often the layers are checked) and unpins its volumes', () => {
    const p = awsPlatform();
    const { hot } = mountFrom(p, ['us-east-1b'], 'us-east-1a', true);
    p.validatePlatform();
    kubernetesOf(p);
    TfTesting.synth(p.stack as TerraformStack, true);
    const warnings = hot.cloudResources.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data as string);
    expect(warnings.filter((w) => w.includes('cross-zone'))).toEqual([
      'Team vision mounts storage tier hot (zone us-east-1a) from pool train, whose nodes can run in us-east-1b: cross-zone reads are slower and billed as inter-zone traffic.',
    ]);
    expect(kubernetesOf(p).filter((o) => o.kind === 'PersistentVolume').every((v) => v.spec.nodeAffinity === undefined)).toBe(true);
  });

  test('pools provisioned elsewhere have no known zones and are not checked', () => {
    const p = awsPlatform();
    const cpu = new ExternalNodePool(p, 'cpu', { nodeLabels: { 'eks.amazonaws.com/nodegroup': 'general' }, resources: { cpu: '64', memory: '256Gi' } });
    const hot = new StorageTier(p, 'hot', { kind: StorageTierKind.PARALLEL, zone: 'us-east-1b' });
    new TeamNamespace(p, 'etl', { quotas: [{ pool: cpu, guaranteed: { cpu: '8' } }], storage: [{ tier: hot, size: '1Ti' }] });
    expect(() => terraformOf(p)).not.toThrow();
  });
});

describe('synthesis does not depend on declaration order', () => {
  function build(order: 'forward' | 'reverse'): { k8s: string; tf: string } {
    const p = gcpPlatform();
    const tiers: Record<string, StorageTier> = {};
    const declare = [
      () => { tiers.a = new StorageTier(p, 'alpha', { kind: StorageTierKind.ARCHIVE, bucketName: 'acme-alpha' }); },
      () => { tiers.b = new StorageTier(p, 'beta', { kind: StorageTierKind.CACHE, bucketName: 'acme-beta' }); },
      () => { tiers.c = new StorageTier(p, 'gamma', { kind: StorageTierKind.SHARED }); },
    ];
    (order === 'forward' ? declare : [...declare].reverse()).forEach((d) => d());
    const grants = [{ tier: tiers.a, size: '1Ti' }, { tier: tiers.b, size: '2Ti' }, { tier: tiers.c, size: '100Gi' }];
    new TeamNamespace(p, 'vision', { storage: order === 'forward' ? grants : [...grants].reverse() });
    return { k8s: JSON.stringify(kubernetesOf(p)), tf: JSON.stringify(terraformOf(p)) };
  }

  test('tiers and grants declared in another order give byte-identical layers', () => {
    const forward = build('forward');
    const reverse = build('reverse');
    expect(reverse.k8s).toBe(forward.k8s);
    expect(reverse.tf).toBe(forward.tf);
  });
});

import type * as Cel from '@marcbachmann/cel-js';
import {
  ErrorCode, GpuModel, GpuNodePool, MlPlatform, PriorityTiers, SpotFleet, SpotFleetProps, StorageTier, StorageTierKind, TeamNamespace,
} from '../../lib';
import { describeWithCrds, getValidator } from '../conformance/crd-validator';
import { requireEsm } from '../conformance/esm-loader';
import { catchValidationError } from '../core/expect-validation-error';
import { tierPlatform, TierPlatform } from '../storage/fixtures';
import { cloudProblems } from '../support/cloud-rules';
import { conformanceProblems } from '../support/compute-class';
import { awsPlatform, kubernetesOf, objectNamed, resources, terraformOf } from '../support/platforms';

// SpotFleet end to end: the capacity ladder, spot kept to interruptible tiers, the fallback as docs/adr/0012 decides it
// per cloud, checkpoints on a storage tier, and one test per validation rule.

type CloudName = 'aws' | 'gcp';
const CLOUDS: CloudName[] = ['aws', 'gcp'];

/** A fleet of L4 nodes pinned to the parallel tier's zone (diversified over instance types), checkpointing to it. */
function fleetOn(t: TierPlatform, props: Partial<SpotFleetProps> = {}): SpotFleet {
  return new SpotFleet(t.platform, 'retrain', {
    gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4, zones: [t.zone], onDemandBaseNodes: 1, checkpoints: { tier: t.hot, claimSizePerTeam: '100Gi' }, ...props,
  });
}

/** The fleet, a team of the interruptible tier using it, and a production team that cannot. */
function ladder(cloud: CloudName) {
  const t = tierPlatform(cloud);
  new PriorityTiers(t.platform, 'tiers');
  const fleet = fleetOn(t);
  const onDemand = new GpuNodePool(t.platform, 'serve', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 2, zones: [t.zone] });
  const nlp = new TeamNamespace(t.platform, 'nlp', {
    namespaces: ['nlp', 'nlp-dev'],
    tiers: ['batch'],
    // Declared on-demand first: the queue still climbs spot before on-demand.
    quotas: [{ pool: onDemand, guaranteed: { 'nvidia.com/gpu': '1' } }, { pool: fleet, guaranteed: { 'nvidia.com/gpu': '1' } }],
  });
  return { t, fleet, onDemand, nlp, objects: kubernetesOf(t.platform), tf: terraformOf(t.platform) };
}

describe.each(CLOUDS)('%s: the capacity ladder', (cloud) => {
  const { fleet, objects, tf } = ladder(cloud);

  test('one flavor over the fleet: it lists the spot taint as a node taint and never tolerates it', () => {
    const flavor = objectNamed(objects, 'ResourceFlavor', 'retrain');
    expect(flavor.spec.nodeTaints).toEqual([{ key: 'ml-platform-cdk.io/capacity-type', value: 'spot', effect: 'NoSchedule' }]);
    expect(flavor.spec.tolerations.map((t: any) => t.key)).not.toContain('ml-platform-cdk.io/capacity-type');
    expect(flavor.spec.nodeLabels).toEqual(fleet.jobSettings.nodeSelector);
  });

  test('the team\'s ClusterQueue orders spot before on-demand and tries the next flavor rather than preempt', () => {
    const cq = objectNamed(objects, 'ClusterQueue', 'nlp');
    expect(cq.spec.resourceGroups[0].flavors.map((f: any) => f.name)).toEqual(['retrain', 'serve']);
    expect(cq.spec.flavorFungibility).toEqual({ whenCanBorrow: 'MayStopSearch', whenCanPreempt: 'TryNextFlavor' });
  });

  test('Kueue requeues a job still waiting after the fallback time plus a node\'s start, with backoff, never deactivating it', () => {
    const config = JSON.parse(objectNamed(objects, 'ConfigMap', 'kueue-manager-config').data['controller_manager_config.yaml']);
    expect(config.waitForPodsReady.timeout).toBe('25m');
    expect(config.waitForPodsReady.requeuingStrategy).toEqual({ timestamp: 'Eviction', backoffBaseSeconds: 60, backoffMaxSeconds: 3600 });
    expect(config.waitForPodsReady.requeuingStrategy.backoffLimitCount).toBeUndefined();
  });

  test('spot pools over at least two types, an on-demand pool with the base as its minimum', () => {
    if (cloud === 'aws') {
      const groups = resources(tf, 'aws_eks_node_group').filter((g) => g.node_group_name.startsWith('retrain-'));
      const spot = groups.find((g) => g.node_group_name === 'retrain-spot');
      expect(spot.capacity_type).toBe('SPOT');
      expect(spot.instance_types.length).toBeGreaterThanOrEqual(2);
      const onDemand = groups.find((g) => g.node_group_name === 'retrain-on-demand');
      expect(onDemand.capacity_type).toBe('ON_DEMAND');
      expect(onDemand.scaling_config.min_size).toBe(1);
      expect(onDemand.scaling_config.max_size).toBe(4);
    } else {
      const pools = resources(tf, 'google_container_node_pool').filter((p) => p.name.startsWith('retrain-'));
      const spot = pools.filter((p) => p.node_config.spot === true);
      expect(new Set(spot.map((p) => p.node_config.machine_type)).size).toBeGreaterThanOrEqual(2);
      const onDemand = pools.find((p) => p.name === 'retrain-on-demand');
      expect(onDemand.node_config.spot).toBeFalsy();
      expect(onDemand.autoscaling.total_min_node_count).toBe(1);
    }
  });

  test('the fallback as decided: EKS priority expander, GKE ComputeClass', () => {
    if (cloud === 'aws') {
      const expander = objectNamed(objects, 'ConfigMap', 'cluster-autoscaler-priority-expander');
      expect(expander.metadata.namespace).toBe('kube-system');
      expect(expander.metadata.annotations['ml-platform-cdk.io/max-node-provision-time']).toBe('15m');
      const priorities = expander.data.priorities as string;
      // Spot groups at 50, the fallback at 10, everything else at 1.
      expect(priorities.indexOf('^eks-retrain-spot-')).toBeGreaterThan(priorities.indexOf('50:'));
      expect(priorities.indexOf('^eks-retrain-on-demand-')).toBeGreaterThan(priorities.indexOf('10:'));
      expect(priorities.indexOf('^eks-retrain-spot-')).toBeLessThan(priorities.indexOf('10:'));
      expect(priorities).toContain("1:\n  - '.*'");
      expect(objects.filter((o) => o.kind === 'ComputeClass')).toEqual([]);
    } else {
      const cc = objectNamed(objects, 'ComputeClass', 'retrain');
      const spot = resources(tf, 'google_container_node_pool').filter((p) => p.name.startsWith('retrain-') && p.node_config.spot).map((p) => p.name).sort();
      // The spot pools in the fleet's order of preference, then the on-demand pool.
      expect(cc.spec.priorities).toEqual([{ nodepools: fleet.spotPools.map((p) => p.poolName) }, { nodepools: ['retrain-on-demand'] }]);
      expect([...cc.spec.priorities[0].nodepools].sort()).toEqual(spot);
      expect(cc.spec.whenUnsatisfiable).toBe('DoNotScaleUp');
      expect(cc.spec.nodePoolAutoCreation).toEqual({ enabled: false });
      expect(objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'cluster-autoscaler-priority-expander')).toEqual([]);
    }
  });
});

describe.each(CLOUDS)('%s: cost', (cloud) => {
  test('every spot type costs less per GPU-hour than the on-demand fallback (types that would not save are left out)', () => {
    const t = tierPlatform(cloud);
    const cost = fleetOn(t, { spotShare: 0.8 }).cost();
    const onDemand = cost.rows.find((r) => r.capacityType === 'on-demand')!;
    const spot = cost.rows.filter((r) => r.capacityType === 'spot');
    expect(spot.length).toBeGreaterThanOrEqual(2);
    for (const row of spot) expect(row.usdPerGpuHour).toBeLessThan(onDemand.usdPerGpuHour);
    // spot share x the dearest spot type + fallback share x on-demand
    expect(cost.effectiveUsdPerGpuHour).toBeCloseTo(0.8 * Math.max(...spot.map((r) => r.usdPerGpuHour)) + 0.2 * onDemand.usdPerGpuHour, 9);
    expect(cost.fallbackShare).toBe(0.2);
  });
});

describeWithCrds('the fleet\'s output is accepted: official CRDs, the Kubernetes schema, the clouds\' limits', () => {
  test.each(CLOUDS)('%s', (cloud) => {
    const { objects, tf } = ladder(cloud);
    expect(conformanceProblems((o) => getValidator().validateAll(o), objects)).toEqual([]);
    expect(cloudProblems(tf)).toEqual([]);
  });
});

describe('spot capacity is unreachable from tiers that are not interruptible', () => {
  const { objects } = ladder('aws');
  const cel = requireEsm<typeof Cel>('@marcbachmann/cel-js');

  /** Evaluates a ValidatingAdmissionPolicy on `object` as the apiserver does: variables first, then each validation. */
  function admits(policy: any, object: unknown): boolean {
    const env = new cel.Environment().registerVariable('object', 'dyn').registerVariable('variables', 'dyn');
    const variables: Record<string, unknown> = {};
    for (const v of policy.spec.variables) variables[v.name] = env.evaluate(v.expression, { object, variables });
    return policy.spec.validations.every((v: any) => env.evaluate(v.expression, { object, variables }) === true);
  }
  const spotToleration = { key: 'ml-platform-cdk.io/capacity-type', operator: 'Equal', value: 'spot', effect: 'NoSchedule' };
  const pod = (priorityClassName: string, tolerations: unknown[]) => ({ spec: { priorityClassName, tolerations, containers: [] } });
  const workload = (priority: string, tolerations: unknown[]) => ({
    spec: { priorityClassRef: { name: priority }, podSets: [{ template: { spec: { tolerations } } }] },
  });

  test.each([
    ['batch', [spotToleration], true],
    ['training', [spotToleration], false],
    ['production-critical', [{ operator: 'Exists' }], false],
    ['production-critical', [{ key: 'ml-platform-cdk.io/capacity-type', operator: 'Exists' }], false],
    ['training', [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }], true],
  ])('a %s pod tolerating %j: admitted %s', (tier, tolerations, admitted) => {
    expect(admits(objectNamed(objects, 'ValidatingAdmissionPolicy', 'aws-test-spot-pods'), pod(tier, tolerations))).toBe(admitted);
    expect(admits(objectNamed(objects, 'ValidatingAdmissionPolicy', 'aws-test-spot-workloads'), workload(tier, tolerations))).toBe(admitted);
  });

  test('the policies are bound in team namespaces, denying', () => {
    const binding = objectNamed(objects, 'ValidatingAdmissionPolicyBinding', 'aws-test-spot-pods');
    expect(binding.spec.validationActions).toEqual(['Deny']);
    expect(binding.spec.matchResources.namespaceSelector.matchExpressions[0]).toEqual({ key: 'ml-platform-cdk.io/team', operator: 'Exists' });
  });
});

describe.each(CLOUDS)('%s: checkpoints', (cloud) => {
  const { t, fleet, objects } = ladder(cloud);
  const inNamespace = (ns: string, kind: string, name: string) => objectNamed(objects.filter((o) => o.metadata.namespace === ns), kind, name);

  test('each team with quota on the fleet gets a claim on the tier in every namespace, and quota on its StorageClass', () => {
    for (const ns of ['nlp', 'nlp-dev']) {
      const claim = inNamespace(ns, 'PersistentVolumeClaim', 'hot');
      expect(claim.spec.storageClassName).toBe('hot');
      expect(claim.spec.resources.requests.storage).toBe('100Gi');
      expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
      const hard = inNamespace(ns, 'ResourceQuota', 'nlp-quota').spec.hard;
      expect(hard['hot.storageclass.storage.k8s.io/requests.storage']).toBe('100Gi');
      expect(hard['hot.storageclass.storage.k8s.io/persistentvolumeclaims']).toBe('1');
    }
  });

  test('a team using the fleet that was given the tier itself keeps its own size, not the fleet\'s', () => {
    const own = tierPlatform(cloud);
    new PriorityTiers(own.platform, 'tiers');
    const f = fleetOn(own);
    new TeamNamespace(own.platform, 'cv', { tiers: ['batch'], quotas: [{ pool: f }], storage: [{ tier: own.hot, size: '200Gi', maxClaims: 2 }] });
    const out = kubernetesOf(own.platform).filter((o) => o.metadata.namespace === 'cv');
    const hard = objectNamed(out, 'ResourceQuota', 'cv-quota').spec.hard;
    expect(hard['hot.storageclass.storage.k8s.io/requests.storage']).toBe('200Gi');
    expect(hard['hot.storageclass.storage.k8s.io/persistentvolumeclaims']).toBe('2');
    expect(objectNamed(out, 'PersistentVolumeClaim', 'hot').spec.resources.requests.storage).toBe('200Gi');
  });

  test('job settings: claim, mount path, checkpoint directory and the environment', () => {
    const s = fleet.jobSettings;
    expect(s.checkpointClaimName).toBe('hot');
    expect(s.checkpointMountPath).toBe('/mnt/hot');
    expect(s.checkpointDirectory).toBe('/mnt/hot/checkpoints/retrain');
    const grace = cloud === 'aws' ? 120 : 15;
    expect(s.terminationGracePeriodSeconds).toBe(grace);
    expect(s.env).toEqual({
      CHECKPOINT_DIR: '/mnt/hot/checkpoints/retrain',
      CHECKPOINT_GRACE_SECONDS: String(grace),
      SPOT_INTERRUPTION_NOTICE_SECONDS: cloud === 'aws' ? '120' : '30',
    });
  });

  test('job settings: the spot toleration first, and safe-to-evict "false" so scale-down never evicts a training pod', () => {
    const s = fleet.jobSettings;
    expect(s.tolerations[0]).toEqual({ key: 'ml-platform-cdk.io/capacity-type', operator: 'Equal', value: 'spot', effect: 'NoSchedule' });
    expect(s.podAnnotations['cluster-autoscaler.kubernetes.io/safe-to-evict']).toBe('false');
  });

  test('the claim is what the team\'s storageMount says (one answer for jobs and mounts)', () => {
    const team = t.platform.teams.find((x) => x.teamName === 'nlp')!;
    const mount = team.storageMount(t.hot);
    expect(mount.claimName).toBe(fleet.jobSettings.checkpointClaimName);
    expect(mount.mountPath).toBe(fleet.jobSettings.checkpointMountPath);
    expect(mount.readOnly).toBe(false);
  });
});

describe('checkpoint settings', () => {
  test('a custom directory, and a tier whose CSI driver needs pod annotations (GCS FUSE) passes them to jobs', () => {
    const t = tierPlatform('gcp');
    const fleet = fleetOn(t, { checkpoints: { tier: t.datasets, directory: 'runs/retrain' } });
    expect(fleet.jobSettings.checkpointDirectory).toBe(`${fleet.jobSettings.checkpointMountPath}/runs/retrain`);
    expect(fleet.jobSettings.podAnnotations).toMatchObject({ 'gke-gcsfuse/volumes': 'true', 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' });
  });
});

describe('validation: one test per rule', () => {
  const refused = (fn: () => unknown, code: ErrorCode) => {
    const error = catchValidationError(fn);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/Fix: /);
    return error;
  };

  test('a missing checkpoint tier → SPOT_FLEET_CHECKPOINT_MISSING, naming the fleet and the fix', () => {
    const t = tierPlatform('aws');
    const error = refused(() => new SpotFleet(t.platform, 'retrain', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4, zones: [t.zone] } as any),
      ErrorCode.SPOT_FLEET_CHECKPOINT_MISSING);
    expect(error.message).toContain('aws-test/retrain');
    expect(error.message).toContain('StorageTierKind.PARALLEL');
    refused(() => fleetOn(t, { checkpoints: { claimSizePerTeam: '1Ti' } as any }), ErrorCode.SPOT_FLEET_CHECKPOINT_MISSING);
    refused(() => fleetOn(t, { checkpoints: 'hot' as any }), ErrorCode.SPOT_FLEET_CHECKPOINT_MISSING);
  });

  test('a tier of another platform → SPOT_FLEET_CHECKPOINT_MISSING with the tier\'s path', () => {
    const t = tierPlatform('aws');
    const other = awsPlatform({}, 'other');
    const foreign = new StorageTier(other, 'ckpt', { kind: StorageTierKind.ARCHIVE, bucketName: 'acme-other-ckpt' });
    const error = refused(() => fleetOn(t, { checkpoints: { tier: foreign } }), ErrorCode.SPOT_FLEET_CHECKPOINT_MISSING);
    expect(error.message).toContain('other/ckpt');
  });

  test('a read-only tier (a cache) → SPOT_FLEET_CHECKPOINT_MISSING', () => {
    const t = tierPlatform('aws');
    const error = refused(() => fleetOn(t, { checkpoints: { tier: t.weights } }), ErrorCode.SPOT_FLEET_CHECKPOINT_MISSING);
    expect(error.message).toContain('read-only');
  });

  test('a team given the checkpoint tier read-only → STORAGE_GRANT_INVALID', () => {
    const t = tierPlatform('aws');
    new PriorityTiers(t.platform, 'tiers');
    const fleet = fleetOn(t);
    const error = refused(() => new TeamNamespace(t.platform, 'nlp', {
      tiers: ['batch'], quotas: [{ pool: fleet }], storage: [{ tier: t.hot, size: '100Gi', readOnly: true }],
    }), ErrorCode.STORAGE_GRANT_INVALID);
    expect(error.message).toContain('spot fleet retrain');
  });

  test.each([['0'], ['-1Gi'], ['lots']])('checkpoints.claimSizePerTeam %s → coded error', (size) => {
    const t = tierPlatform('aws');
    const error = catchValidationError(() => fleetOn(t, { checkpoints: { tier: t.hot, claimSizePerTeam: size } }));
    expect([ErrorCode.SPOT_FLEET_INVALID, ErrorCode.QUANTITY_INVALID]).toContain(error.code);
  });

  test.each([['/abs'], ['../up'], ['a b']])('checkpoints.directory %s → SPOT_FLEET_INVALID', (directory) => {
    const t = tierPlatform('aws');
    refused(() => fleetOn(t, { checkpoints: { tier: t.hot, directory } }), ErrorCode.SPOT_FLEET_INVALID);
  });

  test('a fleet across zones checkpointing to a zonal tier → STORAGE_TIER_UNREACHABLE at synth, naming the fleet', () => {
    const t = tierPlatform('aws');
    new PriorityTiers(t.platform, 'tiers');
    const fleet = fleetOn(t, { zones: undefined });
    new TeamNamespace(t.platform, 'nlp', { tiers: ['batch'], quotas: [{ pool: fleet }] });
    const error = refused(() => kubernetesOf(t.platform), ErrorCode.STORAGE_TIER_UNREACHABLE);
    expect(error.message).toContain('spot fleet retrain');
  });

  test('one instance type in one zone → SPOT_FLEET_NOT_DIVERSIFIED', () => {
    const t = tierPlatform('aws');
    refused(() => fleetOn(t, { gpu: undefined, gpusPerNode: undefined, instanceTypes: ['g6.xlarge'] }), ErrorCode.SPOT_FLEET_NOT_DIVERSIFIED);
  });

  test('an on-demand base above maxNodes → SPOT_FLEET_BASE_EXCEEDS_MAX', () => {
    const t = tierPlatform('aws');
    refused(() => fleetOn(t, { onDemandBaseNodes: 5 }), ErrorCode.SPOT_FLEET_BASE_EXCEEDS_MAX);
  });

  test('a checkpoint grace above what the cloud gives → SPOT_INTERRUPTION_GRACE_TOO_LONG', () => {
    refused(() => fleetOn(tierPlatform('gcp'), { checkpointGraceSeconds: 60 }), ErrorCode.SPOT_INTERRUPTION_GRACE_TOO_LONG);
  });

  test('a guarantee on a spot-only fleet → SPOT_GUARANTEE_ON_SPOT_ONLY, unless the risk is accepted (then a warning)', () => {
    const t = tierPlatform('aws');
    new PriorityTiers(t.platform, 'tiers');
    const fleet = fleetOn(t, { onDemandBaseNodes: 0, onDemandFallback: false });
    refused(() => new TeamNamespace(t.platform, 'nlp', { tiers: ['batch'], quotas: [{ pool: fleet, guaranteed: { 'nvidia.com/gpu': '1' } }] }),
      ErrorCode.SPOT_GUARANTEE_ON_SPOT_ONLY);
    const team = new TeamNamespace(t.platform, 'nlp2', {
      tiers: ['batch'], quotas: [{ pool: fleet, guaranteed: { 'nvidia.com/gpu': '1' }, acceptSpotGuaranteeRisk: true }],
    });
    expect(team.warnings.join('\n')).toMatch(/spot/);
  });

  test('a failed fleet leaves nothing behind: the name can be used again', () => {
    const t = tierPlatform('aws');
    catchValidationError(() => fleetOn(t, { checkpoints: undefined as any }));
    expect(() => fleetOn(t)).not.toThrow();
    expect(MlPlatform.of(t.platform.node.findChild('retrain')).platformName).toBe('aws-test');
  });
});

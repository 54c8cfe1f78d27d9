import { ErrorCode, GpuModel, GpuNodePool, GpuSharing, MigPartitionProfile, MigPartitionProfileProps, MigStrategy, MlPlatform } from '../../lib';
import { awsPlatform, gcpPlatform, validationErrorOf } from '../support/platforms';

const slices = (...pairs: Array<[string, number]>) => pairs.map(([profile, count]) => ({ profile, count }));

/** A profile `id` on a fresh platform; refusals name `<platform>/<id>`. */
const profileOn = (make: () => MlPlatform, props: Partial<MigPartitionProfileProps>, id = 'mig') => () =>
  new MigPartitionProfile(make(), id, { gpu: GpuModel.A100_40GB, ...props } as MigPartitionProfileProps);
const awsProfile = (props: Partial<MigPartitionProfileProps>) => profileOn(awsPlatform, props);
const gcpProfile = (props: Partial<MigPartitionProfileProps>) => profileOn(gcpPlatform, props);

/**
 * Runs `declare`, expects a ValidationError (never a TypeError) with `code`, about the construct at `path`, whose
 * message starts with the code and the path and whose fix hint contains `fix`; returns the message.
 */
function expectRefusal(declare: () => unknown, code: ErrorCode, path: string, fix: string): string {
  const error = validationErrorOf(declare) as ReturnType<typeof validationErrorOf> & { fix: string };
  expect(error.code).toBe(code);
  expect(error.constructPath).toBe(path);
  expect(error.message.startsWith(`[${code}] ${path}: `)).toBe(true);
  expect(error.fix).toContain(fix);
  expect(error.message).toContain(`Fix: ${error.fix}`);
  return error.message;
}

describe('MigPartitionProfile refuses bad input with a ValidationError', () => {
  test('MIG_NOT_SUPPORTED: the L4 has no MIG; the message lists the MIG-capable GPUs', () => {
    const message = expectRefusal(awsProfile({ gpu: GpuModel.L4, profile: '1g.5gb' }), ErrorCode.MIG_NOT_SUPPORTED, 'aws-test/mig', 'GpuSharing.timeSlicing');
    expect(message).toContain('a100-40gb, a100-80gb, h100-80gb, h200-141gb');
  });

  test('MIG_PROFILE_UNKNOWN: 1g.5gb on the A100-80GB; the message suggests its 1g.10gb', () => {
    const message = expectRefusal(awsProfile({ gpu: GpuModel.A100_80GB, profile: '1g.5gb' }), ErrorCode.MIG_PROFILE_UNKNOWN, 'aws-test/mig', 'e.g. 1g.10gb');
    expect(message).toContain('Allowed: 1g.10gb, 1g.10gb+me, 1g.20gb, 2g.20gb, 3g.40gb, 4g.40gb, 7g.80gb');
    // The same in a layout.
    expectRefusal(awsProfile({ gpu: GpuModel.H100_80GB, layout: slices(['1g.5gb', 2]) }), ErrorCode.MIG_PROFILE_UNKNOWN, 'aws-test/mig', '1g.10gb');
  });

  test('MIG_PROFILE_INVALID: a malformed name, as profile or in a layout', () => {
    const message = expectRefusal(awsProfile({ profile: '1g' }), ErrorCode.MIG_PROFILE_INVALID, 'aws-test/mig', 'nvidia-smi mig -lgip');
    expect(message).toContain('Received: "1g"');
    expectRefusal(awsProfile({ layout: slices(['3g.20GB', 1]) }), ErrorCode.MIG_PROFILE_INVALID, 'aws-test/mig', 'e.g. 1g.10gb');
    expectRefusal(awsProfile({ profile: '' }), ErrorCode.MIG_PROFILE_INVALID, 'aws-test/mig', 'e.g. 1g.10gb');
  });

  describe('MIG_LAYOUT_SPEC_INVALID', () => {
    const cases: Array<[string, () => unknown, string]> = [
      ['none of profile, layout, perGpuLayouts', awsProfile({}), 'Use `profile` for a GPU fully cut'],
      ['profile and layout', awsProfile({ profile: '1g.5gb', layout: slices(['1g.5gb', 7]) }), '`layout` for one mixed layout'],
      ['layout and perGpuLayouts', awsProfile({ layout: slices(['1g.5gb', 7]), perGpuLayouts: [slices(['1g.5gb', 7])] }), '`perGpuLayouts` for a layout per GPU'],
      ['an empty layout', awsProfile({ layout: [] }), 'at least one {profile, count}'],
      ['a profile listed twice', awsProfile({ layout: slices(['1g.5gb', 2], ['1g.5gb', 3]) }), 'each profile once'],
      ['a profile listed twice on one GPU of perGpuLayouts', awsProfile({ perGpuLayouts: [[], slices(['3g.20gb', 1], ['3g.20gb', 1])] }), 'each profile once'],
      ['perGpuLayouts that enable MIG on no GPU', awsProfile({ perGpuLayouts: [[], []] }), 'at least one GPU a non-empty layout'],
      ['no perGpuLayouts at all', awsProfile({ perGpuLayouts: [] }), 'at least one GPU a non-empty layout'],
    ];
    test.each(cases)('%s', (_title, declare, fix) => {
      expectRefusal(declare, ErrorCode.MIG_LAYOUT_SPEC_INVALID, 'aws-test/mig', fix);
    });

    test('the message names what was declared', () => {
      const message = expectRefusal(awsProfile({ profile: '1g.5gb', layout: slices(['1g.5gb', 7]) }), ErrorCode.MIG_LAYOUT_SPEC_INVALID, 'aws-test/mig', 'Use');
      expect(message).toContain('profile and layout');
      expect(message).toContain('exactly one of profile, layout, perGpuLayouts');
    });

    test('`mig` on a pool is not a MigPartitionProfile: refused on the pool', () => {
      const notAProfile = { gpu: GpuModel.A100_40GB, configName: 'all-1g.5gb' } as unknown as MigPartitionProfile;
      expectRefusal(() => new GpuNodePool(awsPlatform(), 'a100', { instanceTypes: ['p4d.24xlarge'], maxNodes: 1, mig: notAProfile }),
        ErrorCode.MIG_LAYOUT_SPEC_INVALID, 'aws-test/a100', 'new MigPartitionProfile(platform');
    });
  });

  test('MIG_LAYOUT_COUNT_INVALID: zero, negative or fractional counts', () => {
    for (const count of [0, -1, 2.5]) {
      const message = expectRefusal(awsProfile({ layout: slices(['1g.5gb', count]) }), ErrorCode.MIG_LAYOUT_COUNT_INVALID, 'aws-test/mig', 'count of 1 or more');
      expect(message).toContain('layout: the count of 1g.5gb');
    }
    expectRefusal(awsProfile({ perGpuLayouts: [slices(['1g.5gb', 7]), slices(['3g.20gb', 0])] }), ErrorCode.MIG_LAYOUT_COUNT_INVALID, 'aws-test/mig', 'count of 1 or more');
  });

  test('MIG_PROFILE_COUNT_EXCEEDED: 5 x 1g.10gb on the A100-40GB (at most 4), 2 x 4g.20gb (at most 1)', () => {
    const message = expectRefusal(awsProfile({ layout: slices(['1g.10gb', 5]) }), ErrorCode.MIG_PROFILE_COUNT_EXCEEDED, 'aws-test/mig', 'Lower the 1g.10gb count to 4');
    expect(message).toContain('at most 4');
    expectRefusal(awsProfile({ layout: slices(['4g.20gb', 2]) }), ErrorCode.MIG_PROFILE_COUNT_EXCEEDED, 'aws-test/mig', 'Lower the 4g.20gb count to 1');
  });

  test('MIG_INSTANCE_COUNT_EXCEEDED: 4 x 1g.5gb + 4 x 1g.10gb = 8 instances on a 7-instance GPU', () => {
    const message = expectRefusal(awsProfile({ layout: slices(['1g.5gb', 4], ['1g.10gb', 4]) }), ErrorCode.MIG_INSTANCE_COUNT_EXCEEDED, 'aws-test/mig',
      'Remove instances or use larger profiles');
    expect(message).toContain('the layout has 8');
  });

  test('MIG_LAYOUT_NO_PLACEMENT: over-full A100 layouts; 4g + 3g fits', () => {
    // 4g.20gb (compute 4) + 2 x 2g.10gb (compute 2 each) = 8 compute slices of 7.
    const compute = expectRefusal(awsProfile({ layout: slices(['4g.20gb', 1], ['2g.10gb', 2]) }), ErrorCode.MIG_LAYOUT_NO_PLACEMENT, 'aws-test/mig', 'nvidia-smi mig -lgipp');
    expect(compute).toContain('8 compute slices');
    // 2 x 3g.20gb (4 memory slices each) + 1g.5gb = 9 memory slices of 8.
    const memory = expectRefusal(awsProfile({ layout: slices(['3g.20gb', 2], ['1g.5gb', 1]) }), ErrorCode.MIG_LAYOUT_NO_PLACEMENT, 'aws-test/mig', 'Remove or shrink');
    expect(memory).toContain('9 memory slices');
    // 4g.20gb at slice 0 and 3g.20gb at slice 4 fill the GPU exactly.
    const fits = awsProfile({ layout: slices(['4g.20gb', 1], ['3g.20gb', 1]) })();
    expect(fits.devicesPerGpu).toBe(2);
  });

  test('MIG_PROFILE_NOT_ADVERTISED: a compute instance smaller than its GPU instance (1c.3g.20gb)', () => {
    const message = expectRefusal(awsProfile({ profile: '1c.3g.20gb' }), ErrorCode.MIG_PROFILE_NOT_ADVERTISED, 'aws-test/mig', 'rather than 1c.3g.40gb');
    expect(message).toContain('1c.3g.20gb');
    expectRefusal(awsProfile({ layout: slices(['1c.3g.20gb', 1], ['3g.20gb', 1]) }), ErrorCode.MIG_PROFILE_NOT_ADVERTISED, 'aws-test/mig', 'compute and GPU slices are equal');
  });

  test('MIG_SINGLE_STRATEGY_MIXED_LAYOUT: two profiles, or a GPU without MIG, under SINGLE (EKS)', () => {
    const message = expectRefusal(awsProfile({ layout: slices(['3g.20gb', 1], ['2g.10gb', 2]), strategy: MigStrategy.SINGLE }),
      ErrorCode.MIG_SINGLE_STRATEGY_MIXED_LAYOUT, 'aws-test/mig', 'MigStrategy.MIXED');
    expect(message).toContain('"profiles":["2g.10gb","3g.20gb"]');
    const partial = expectRefusal(awsProfile({ perGpuLayouts: [slices(['1g.5gb', 7]), []], strategy: MigStrategy.SINGLE }),
      ErrorCode.MIG_SINGLE_STRATEGY_MIXED_LAYOUT, 'aws-test/mig', 'one profile on every GPU');
    expect(partial).toContain('"gpusWithoutMig":true');
  });

  test('MIG_STRATEGY_UNSUPPORTED: MIXED on GKE', () => {
    const message = expectRefusal(gcpProfile({ profile: '1g.5gb', strategy: MigStrategy.MIXED }), ErrorCode.MIG_STRATEGY_UNSUPPORTED, 'gcp-test/mig',
      'Leave `strategy` unset on GKE');
    expect(message).toContain('Allowed: single');
  });

  test('MIG_STRATEGY_CONFLICT: two EKS profiles with different strategies', () => {
    const p = awsPlatform();
    new MigPartitionProfile(p, 'mixed', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    const message = expectRefusal(() => new MigPartitionProfile(p, 'single', { gpu: GpuModel.A100_40GB, profile: '3g.20gb', strategy: MigStrategy.SINGLE }),
      ErrorCode.MIG_STRATEGY_CONFLICT, 'aws-test/single', 'same strategy on every MigPartitionProfile');
    expect(message).toContain('aws-test/mixed');
    expect(message).toContain('{"all-1g.5gb":"mixed","all-3g.20gb":"single"}');
  });

  test('MIG_GKE_ONE_PARTITION_SIZE: a partial single-profile layout on GKE; the error names one profile per pool or EKS', () => {
    const message = expectRefusal(gcpProfile({ layout: slices(['1g.5gb', 3]) }), ErrorCode.MIG_GKE_ONE_PARTITION_SIZE, 'gcp-test/mig', 'run the mixed layout on an EKS platform');
    expect(message).toContain('one pool per size');
    expect(message).toContain('Allowed: profile: one of 1g.5gb, 2g.10gb, 3g.20gb, 7g.40gb');
    // perGpuLayouts are EKS only.
    expectRefusal(gcpProfile({ perGpuLayouts: [slices(['1g.5gb', 7])] }), ErrorCode.MIG_GKE_ONE_PARTITION_SIZE, 'gcp-test/mig', 'EKS platform');
  });

  // The GKE rules come before the single-strategy rule, whose fix (use MIXED) GKE would refuse.
  test('MIG_GKE_ONE_PARTITION_SIZE: a mixed layout on GKE; the error names the alternative', () => {
    const message = expectRefusal(gcpProfile({ layout: slices(['3g.20gb', 1], ['2g.10gb', 2]) }), ErrorCode.MIG_GKE_ONE_PARTITION_SIZE, 'gcp-test/mig',
      'run the mixed layout on an EKS platform');
    expect(message).toContain('one pool per size');
  });

  test('MIG_GKE_PROFILE_UNSUPPORTED: 4g.20gb and 1g.5gb+me are not GKE partition sizes on the A100', () => {
    const message = expectRefusal(gcpProfile({ profile: '4g.20gb' }), ErrorCode.MIG_GKE_PROFILE_UNSUPPORTED, 'gcp-test/mig', 'run this profile on an EKS platform');
    expect(message).toContain('Allowed: 1g.5gb, 2g.10gb, 3g.20gb, 7g.40gb');
    expectRefusal(gcpProfile({ profile: '1g.5gb+me' }), ErrorCode.MIG_GKE_PROFILE_UNSUPPORTED, 'gcp-test/mig', 'no +me or 4g sizes');
    // 1g.10gb is a full profile of the A100-40GB (4 instances) but not a size GKE offers on it.
    expectRefusal(gcpProfile({ profile: '1g.10gb' }), ErrorCode.MIG_GKE_PROFILE_UNSUPPORTED, 'gcp-test/mig', 'Pick one of the sizes GKE offers');
  });

  test('SCOPE_INVALID: a profile outside any platform', () => {
    const p = awsPlatform();
    expectRefusal(() => new MigPartitionProfile(p.chart, 'mig', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' }),
      ErrorCode.SCOPE_INVALID, `${p.chart.node.path}/mig`, 'Pass the platform as the scope');
  });

  test('LABEL_INVALID: a config name that is not a label value (it is the nvidia.com/mig.config value)', () => {
    const message = expectRefusal(awsProfile({ profile: '1g.5gb', name: 'A100 small' }), ErrorCode.LABEL_INVALID, 'aws-test/mig', 'Shorten or clean the value');
    expect(message).toContain('nvidia.com/mig.config');
    expect(message).toContain('"A100 small"');
    expectRefusal(awsProfile({ profile: '1g.5gb', name: 'x'.repeat(64) }), ErrorCode.LABEL_INVALID, 'aws-test/mig', 'Shorten');
  });

  test('UNKNOWN_GPU_MODEL / MIG_LAYOUT_SPEC_INVALID: untyped JavaScript input is refused, not a TypeError', () => {
    expectRefusal(awsProfile({ gpu: undefined as unknown as GpuModel, profile: '1g.5gb' }), ErrorCode.UNKNOWN_GPU_MODEL, 'aws-test/mig', 'GpuModel');
    expectRefusal(awsProfile({ perGpuLayouts: 'x' as unknown as [] }), ErrorCode.MIG_LAYOUT_SPEC_INVALID, 'aws-test/mig', 'perGpuLayouts: [[');
  });

  test('profiles of different GPU models may share a config name (mig-parted filters entries by PCI id)', () => {
    const p = awsPlatform();
    const a100 = new MigPartitionProfile(p, 'a100', { gpu: GpuModel.A100_80GB, profile: '1g.10gb' });
    const h100 = new MigPartitionProfile(p, 'h100', { gpu: GpuModel.H100_80GB, profile: '1g.10gb' });
    expect([a100.configName, h100.configName]).toEqual(['all-1g.10gb', 'all-1g.10gb']);
    expect(p.migProfiles).toEqual([a100, h100]);
  });

  test('DUPLICATE_NAME: a pool and a profile with the same construct id (not the constructs library\'s plain Error)', () => {
    const p = awsPlatform();
    new MigPartitionProfile(p, 'notebooks', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    const message = expectRefusal(() => new GpuNodePool(p, 'notebooks', { gpu: GpuModel.A100_40GB, maxNodes: 1 }), ErrorCode.DUPLICATE_NAME, 'aws-test', 'notebooks-pool');
    expect(message).toContain('MigPartitionProfile');
    new GpuNodePool(p, 'inference', { gpu: GpuModel.L4, maxNodes: 1 });
    expectRefusal(() => new MigPartitionProfile(p, 'inference', { gpu: GpuModel.A100_40GB, profile: '3g.20gb' }), ErrorCode.DUPLICATE_NAME, 'aws-test', 'inference-profile');
  });

  test('DUPLICATE_NAME: two profiles with one config name, by default or by `name`', () => {
    const p = awsPlatform();
    new MigPartitionProfile(p, 'first', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    const message = expectRefusal(() => new MigPartitionProfile(p, 'second', { gpu: GpuModel.A100_40GB, layout: slices(['1g.5gb', 7]) }),
      ErrorCode.DUPLICATE_NAME, 'aws-test/second', 'unique `name`');
    expect(message).toContain('"all-1g.5gb" is already used by aws-test/first');
    new MigPartitionProfile(p, 'third', { gpu: GpuModel.A100_40GB, profile: '3g.20gb', name: 'shared-name' });
    expectRefusal(() => new MigPartitionProfile(p, 'fourth', { gpu: GpuModel.A100_40GB, profile: '2g.10gb', name: 'shared-name' }),
      ErrorCode.DUPLICATE_NAME, 'aws-test/fourth', 'nvidia.com/mig.config label value');
  });
});

describe('pools refuse a MIG profile or sharing that does not fit them', () => {
  test('MIG_GPU_MISMATCH: an A100-40GB profile on a p5.48xlarge (H100) pool', () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'small', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    const message = expectRefusal(() => new GpuNodePool(p, 'h100', { instanceTypes: ['p5.48xlarge'], maxNodes: 1, mig }),
      ErrorCode.MIG_GPU_MISMATCH, 'aws-test/h100', 'Declare a MigPartitionProfile for h100-80gb');
    expect(message).toContain('aws-test/small');
    expect(message).toContain('p5.48xlarge');
  });

  test('MIG_GPU_COUNT_MISMATCH: two per-GPU layouts for an 8-GPU p4d.24xlarge', () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'two', { gpu: GpuModel.A100_40GB, perGpuLayouts: [slices(['1g.5gb', 7]), []] });
    const message = expectRefusal(() => new GpuNodePool(p, 'a100', { instanceTypes: ['p4d.24xlarge'], maxNodes: 1, mig }),
      ErrorCode.MIG_GPU_COUNT_MISMATCH, 'aws-test/a100', 'one layout per GPU');
    expect(message).toContain('lays out 2 GPUs');
    expect(message).toContain('has 8');
  });

  test('SHARING_REPLICAS_INVALID: 1 and 2.5 anywhere, 49 on GKE (at most 48); 49 is fine on EKS', () => {
    for (const replicas of [1, 2.5, 49]) {
      const message = expectRefusal(() => new GpuNodePool(gcpPlatform(), 'l4', { instanceTypes: ['g2-standard-4'], maxNodes: 1, sharing: GpuSharing.timeSlicing(replicas) }),
        ErrorCode.SHARING_REPLICAS_INVALID, 'gcp-test/l4', 'Set replicas to the number of pods');
      expect(message).toContain('an integer from 2 to 48');
    }
    expectRefusal(() => new GpuNodePool(gcpPlatform(), 'l4', { instanceTypes: ['g2-standard-4'], maxNodes: 1, sharing: GpuSharing.mps(49) }),
      ErrorCode.SHARING_REPLICAS_INVALID, 'gcp-test/l4', 'leave `sharing` unset');
    for (const replicas of [1, 2.5]) {
      const message = expectRefusal(() => new GpuNodePool(awsPlatform(), 'l4', { instanceTypes: ['g6.xlarge'], maxNodes: 1, sharing: GpuSharing.timeSlicing(replicas) }),
        ErrorCode.SHARING_REPLICAS_INVALID, 'aws-test/l4', 'e.g. 4');
      expect(message).toContain('an integer of at least 2');
    }
    const ok = new GpuNodePool(awsPlatform(), 'l4', { instanceTypes: ['g6.xlarge'], maxNodes: 1, sharing: GpuSharing.timeSlicing(49) });
    expect(ok.providedResources()[0].perNode).toBe(49);
    const gkeMax = new GpuNodePool(gcpPlatform(), 'l4', { instanceTypes: ['g2-standard-4'], maxNodes: 1, sharing: GpuSharing.timeSlicing(48) });
    expect(gkeMax.providedResources()[0].perNode).toBe(48);
  });

  test('SHARING_MPS_ON_MIG: MPS on a MIG pool on EKS', () => {
    const p = awsPlatform();
    const mig = new MigPartitionProfile(p, 'small', { gpu: GpuModel.A100_40GB, profile: '1g.5gb' });
    const message = expectRefusal(() => new GpuNodePool(p, 'a100', { instanceTypes: ['p4d.24xlarge'], maxNodes: 1, mig, sharing: GpuSharing.mps(2) }),
      ErrorCode.SHARING_MPS_ON_MIG, 'aws-test/a100', 'GpuSharing.timeSlicing(replicas) on MIG devices');
    expect(message).toContain('all-1g.5gb');
  });

  test('SHARING_OPTION_UNSUPPORTED: renameByDefault or failRequestsGreaterThanOne: false on GKE', () => {
    for (const options of [{ renameByDefault: true }, { failRequestsGreaterThanOne: false }]) {
      expectRefusal(() => new GpuNodePool(gcpPlatform(), 'l4', { instanceTypes: ['g2-standard-4'], maxNodes: 1, sharing: GpuSharing.timeSlicing(4, options) }),
        ErrorCode.SHARING_OPTION_UNSUPPORTED, 'gcp-test/l4', 'without options on GKE');
    }
    // The same options are fine on EKS.
    const ok = new GpuNodePool(awsPlatform(), 'l4', { instanceTypes: ['g6.xlarge'], maxNodes: 1, sharing: GpuSharing.timeSlicing(4, { failRequestsGreaterThanOne: false }) });
    expect(ok.nodeLabels['nvidia.com/device-plugin.config']).toBe('time-slicing-4-multi');
  });
});

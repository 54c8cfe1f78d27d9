import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { ErrorCode, GpuModel, GpuNodePool, PriorityTier, PriorityTiers } from '../../lib';
import { describeWithCrds, getValidator } from '../conformance/crd-validator';
import { awsPlatform, gcpPlatform, kubernetesOf, objectNamed, validationErrorOf } from '../support/platforms';

describe('PriorityTiers', () => {
  test('the standard tiers: a PriorityClass and a WorkloadPriorityClass each, same name and value, highest first', () => {
    const p = awsPlatform();
    const tiers = new PriorityTiers(p, 'tiers');
    expect(tiers.tiers.map((t) => t.name)).toEqual(['production-critical', 'training', 'interactive', 'batch']);
    const objects = kubernetesOf(p);
    for (const tier of tiers.tiers) {
      const pc = objectNamed(objects, 'PriorityClass', tier.name);
      const wpc = objectNamed(objects, 'WorkloadPriorityClass', tier.name);
      expect(pc.apiVersion).toBe('scheduling.k8s.io/v1');
      expect(wpc.apiVersion).toBe('kueue.x-k8s.io/v1beta2');
      expect(pc.value).toBe(tier.value);
      expect(wpc.value).toBe(tier.value);
      expect(wpc.spec).toBeUndefined();
      // No class is the cluster default unless asked: pods without a class keep priority 0.
      expect(pc.globalDefault).toBe(false);
    }
    const values = tiers.tiers.map((t) => t.value);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
  });

  test('batch never preempts and is the only interruptible standard tier; the others preempt lower tiers', () => {
    const p = gcpPlatform();
    const tiers = new PriorityTiers(p, 'tiers');
    const objects = kubernetesOf(p);
    expect(objectNamed(objects, 'PriorityClass', 'batch').preemptionPolicy).toBe('Never');
    for (const name of ['production-critical', 'training', 'interactive']) {
      expect(objectNamed(objects, 'PriorityClass', name).preemptionPolicy).toBe('PreemptLowerPriority');
    }
    expect(tiers.interruptibleTiers.map((t) => t.name)).toEqual(['batch']);
  });

  test('custom tiers and a default tier: only that PriorityClass is globalDefault', () => {
    const p = awsPlatform();
    const custom: PriorityTier[] = [
      { name: 'low', value: -10, interruptible: true, preemptsLowerTiers: false },
      { name: 'high', value: 5000, interruptible: false, description: 'Important.' },
    ];
    const tiers = new PriorityTiers(p, 'tiers', { tiers: custom, defaultTier: 'low' });
    expect(tiers.tiers.map((t) => t.name)).toEqual(['high', 'low']);
    expect(tiers.tier('high')).toEqual({ ...custom[1], preemptsLowerTiers: true });
    const objects = kubernetesOf(p);
    expect(objectNamed(objects, 'PriorityClass', 'low').globalDefault).toBe(true);
    expect(objectNamed(objects, 'PriorityClass', 'high').globalDefault).toBe(false);
    expect(objectNamed(objects, 'PriorityClass', 'high').description).toBe('Important.');
    expect(p.priorityTiers).toBe(tiers);
  });

  test('escape hatches reach each tier\'s objects', () => {
    const p = awsPlatform();
    const tiers = new PriorityTiers(p, 'tiers');
    expect(tiers.priorityClass('training').toJson().kind).toBe('PriorityClass');
    expect(tiers.workloadPriorityClass('training')!.toJson().kind).toBe('WorkloadPriorityClass');
    expect(validationErrorOf(() => tiers.priorityClass('nope')).code).toBe(ErrorCode.TIER_UNKNOWN);
  });

  test('tiers and pools live side by side in the chart', () => {
    const p = awsPlatform();
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, maxNodes: 1 });
    new PriorityTiers(p, 'tiers');
    const kinds = kubernetesOf(p).map((o) => o.kind);
    expect(kinds.filter((k) => k === 'PriorityClass')).toHaveLength(4);
    expect(kinds).toContain('ResourceFlavor');
  });

});

describeWithCrds('PriorityTiers conform to the Kueue CRD and the Kubernetes schema', () => {
  test('standard tiers with a default tier', () => {
    const p = awsPlatform();
    new PriorityTiers(p, 'tiers', { defaultTier: 'batch' });
    expect(getValidator().validateAll(kubernetesOf(p))).toEqual([]);
  });

  test('the validator still rejects a PriorityClass description that is not a string, and a misspelled field', () => {
    const p = awsPlatform();
    const tiers = new PriorityTiers(p, 'tiers');
    tiers.priorityClass('batch').addJsonPatch(JsonPatch.replace('/description', 42), JsonPatch.add('/descripton', 'x'));
    expect(getValidator().validateAll(kubernetesOf(p))).toEqual([
      'scheduling.k8s.io/v1|PriorityClass batch: descripton: unknown field "descripton"',
      'scheduling.k8s.io/v1|PriorityClass batch: description: must be string',
    ]);
  });
});

describe('PriorityTiers refuses bad input', () => {
  const tier = (t: Partial<PriorityTier>): PriorityTier => ({ name: 't', value: 1, interruptible: false, ...t });
  const refuse = (props: ConstructorParameters<typeof PriorityTiers>[2], code: ErrorCode, fix: string) => {
    const p = awsPlatform();
    const err = validationErrorOf(() => new PriorityTiers(p, 'tiers', props));
    expect(err.code).toBe(code);
    expect(err.constructPath).toBe('aws-test/tiers');
    expect(err.fix).toContain(fix);
  };

  test.each([1.5, 1_000_000_001, -2_147_483_649, Number.NaN])('TIER_VALUE_INVALID: %p', (value) => {
    refuse({ tiers: [tier({ value })] }, ErrorCode.TIER_VALUE_INVALID, 'Pick a value in range');
  });

  test('1,000,000,000 is the highest value allowed', () => {
    const p = awsPlatform();
    expect(new PriorityTiers(p, 'tiers', { tiers: [tier({ value: 1_000_000_000 })] }).tiers[0].value).toBe(1_000_000_000);
  });

  test('TIER_VALUE_DUPLICATE: two tiers cannot share a value', () => {
    refuse({ tiers: [tier({ name: 'a', value: 7 }), tier({ name: 'b', value: 7 })] }, ErrorCode.TIER_VALUE_DUPLICATE, 'distinct value');
  });

  test('DUPLICATE_NAME: two tiers with one name; a second PriorityTiers on a platform', () => {
    refuse({ tiers: [tier({ name: 'a', value: 1 }), tier({ name: 'a', value: 2 })] }, ErrorCode.DUPLICATE_NAME, 'unique name');
    const p = awsPlatform();
    new PriorityTiers(p, 'tiers');
    expect(validationErrorOf(() => new PriorityTiers(p, 'more')).code).toBe(ErrorCode.DUPLICATE_NAME);
    expect(validationErrorOf(() => new PriorityTiers(p, 'tiers')).code).toBe(ErrorCode.DUPLICATE_NAME);
  });

  test.each(['system-critical', 'Training', 'a_b', ''])('INVALID_NAME: %p', (name) => {
    refuse({ tiers: [tier({ name })] }, ErrorCode.INVALID_NAME, name.startsWith('system-') ? 'system- prefix' : '');
  });

  test('TIER_UNKNOWN: an unknown default tier, an unknown tier by name, no tiers at all', () => {
    refuse({ defaultTier: 'urgent' }, ErrorCode.TIER_UNKNOWN, 'declared tier');
    refuse({ tiers: [] }, ErrorCode.TIER_UNKNOWN, 'standard tiers');
    const p = awsPlatform();
    const err = validationErrorOf(() => new PriorityTiers(p, 'tiers').tier('urgent'));
    expect(err.allowed).toBe('production-critical, training, interactive, batch');
  });

  test('SCOPE_INVALID: outside any platform; nested under one is fine', () => {
    const p = awsPlatform();
    const err = validationErrorOf(() => new PriorityTiers(new Construct(p.chart, 'outside'), 'tiers'));
    expect(err.code).toBe(ErrorCode.SCOPE_INVALID);
    expect(new PriorityTiers(new Construct(p, 'nested'), 'tiers').node.path).toBe('aws-test/nested/tiers');
    expect(p.priorityTiers?.node.path).toBe('aws-test/nested/tiers');
  });
});

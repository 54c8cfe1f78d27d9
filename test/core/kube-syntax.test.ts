import { Construct } from 'constructs';
import { ErrorCode } from '../../lib/core/errors';
import { assertLabels, assertTaints, isLabelValue, isQualifiedName } from '../../lib/core/kube-syntax';
import { DEFAULT_GPU_TAINT, Taint, TaintEffect } from '../../lib/core/taint';
import { catchValidationError } from './expect-validation-error';

// Syntax rules: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set

const root = new Construct(undefined as unknown as Construct, 'root');
const pool = new Construct(root, 'Pool');
const prefix253 = `${'a'.repeat(63)}.${'a'.repeat(63)}.${'a'.repeat(63)}.${'b'.repeat(61)}`;

describe('isQualifiedName', () => {
  test.each([
    ['nvidia.com/gpu', 'prefixed'],
    ['team', 'name only'],
    ['Team_A.b-1', 'name part allows upper case, "_", "." and "-"'],
    ['a'.repeat(63), '63-character name'],
    [`${prefix253}/x`, '253-character prefix'],
    ['node.kubernetes.io/instance-type', 'well-known key'],
  ])('accepts %j (%s)', (key) => {
    expect(isQualifiedName(key)).toBe(true);
  });

  test.each([
    ['', 'empty'],
    ['a'.repeat(64), '64-character name'],
    ['example.com/', 'empty name'],
    ['/team', 'empty prefix'],
    ['Example.com/team', 'upper-case prefix'],
    ['a/b/c', 'two slashes'],
    [`${prefix253}b/x`, '254-character prefix'],
    ['-team', 'name starts with "-"'],
    ['team_', 'name ends with "_"'],
    ['te am', 'space'],
  ])('rejects %j (%s)', (key) => {
    expect(isQualifiedName(key)).toBe(false);
  });
});

describe('isLabelValue', () => {
  test.each([
    ['', 'empty is allowed'],
    ['present', 'word'],
    ['A.b-C_d', 'mixed'],
    ['a'.repeat(63), '63 characters'],
  ])('accepts %j (%s)', (value) => {
    expect(isLabelValue(value)).toBe(true);
  });

  test.each([
    ['a'.repeat(64), '64 characters'],
    ['-x', 'starts with "-"'],
    ['x_', 'ends with "_"'],
    ['a b', 'space'],
    ['a/b', 'slash'],
  ])('rejects %j (%s)', (value) => {
    expect(isLabelValue(value)).toBe(false);
  });
});

describe('assertLabels', () => {
  test('accepts qualified keys outside the reserved domains with valid values', () => {
    expect(() => assertLabels(pool, { 'example.com/team': 'research', 'team': '', 'notkubernetes.io/x': 'y' })).not.toThrow();
  });

  test.each([
    ['bad key', 'v'],
    ['example.com/', 'v'],
    ['Example.com/team', 'v'],
  ])('key %j is LABEL_INVALID', (key, value) => {
    const err = catchValidationError(() => assertLabels(pool, { [key]: value }));
    expect(err.code).toBe(ErrorCode.LABEL_INVALID);
    expect(err.constructPath).toBe('root/Pool');
    expect(err.receivedJson).toBe(JSON.stringify(key));
  });

  test.each([
    ['bad value'],
    ['-x'],
    ['a'.repeat(64)],
  ])('value %j is LABEL_INVALID', (value) => {
    const err = catchValidationError(() => assertLabels(pool, { 'example.com/team': value }));
    expect(err.code).toBe(ErrorCode.LABEL_INVALID);
    expect(err.message).toContain('example.com/team');
  });

  test.each([
    ['kubernetes.io/x'],
    ['k8s.io/x'],
    ['node.kubernetes.io/x'],
    ['node-role.kubernetes.io/gpu'],
    ['sub.k8s.io/x'],
  ])('key %j in a reserved domain is LABEL_RESERVED, and the fix suggests a domain of your own', (key) => {
    const err = catchValidationError(() => assertLabels(pool, { [key]: 'v' }));
    expect(err.code).toBe(ErrorCode.LABEL_RESERVED);
    expect(err.fix).toContain(`example.com/${key.split('/')[1]}`);
  });

  test.each([
    ['notkubernetes.io/x', 'a different domain that merely ends with the same letters'],
    ['kubernetes.io.example.com/x', 'a domain that starts with kubernetes.io'],
    ['kubernetes.io', 'no prefix at all: the name part is "kubernetes.io"'],
  ])('key %j is not reserved (%s)', (key) => {
    expect(() => assertLabels(pool, { [key]: 'v' })).not.toThrow();
  });
});

describe('assertTaints', () => {
  test('accepts the default GPU taint, a taint without value and the same key with different effects', () => {
    expect(() => assertTaints(pool, [
      DEFAULT_GPU_TAINT,
      { key: 'example.com/dedicated', effect: TaintEffect.NO_EXECUTE },
      { key: 'example.com/dedicated', value: 'ml', effect: TaintEffect.NO_SCHEDULE },
      { key: 'example.com/dedicated', value: '', effect: TaintEffect.PREFER_NO_SCHEDULE },
    ])).not.toThrow();
  });

  test.each<[string, Taint]>([
    ['key is not a qualified name', { key: 'bad key', value: 'x', effect: TaintEffect.NO_SCHEDULE }],
    ['key has an empty name', { key: 'example.com/', value: 'x', effect: TaintEffect.NO_SCHEDULE }],
    ['value has a forbidden character', { key: 'example.com/a', value: 'bad value!', effect: TaintEffect.NO_SCHEDULE }],
    ['value is 64 characters', { key: 'example.com/a', value: 'v'.repeat(64), effect: TaintEffect.NO_SCHEDULE }],
    // The EKS/GKE API spelling must be rejected: Kubernetes only knows the CamelCase one.
    ['effect is the cloud spelling NO_SCHEDULE', { key: 'example.com/a', value: 'x', effect: 'NO_SCHEDULE' as TaintEffect }],
    ['effect is lower case', { key: 'example.com/a', value: 'x', effect: 'noschedule' as TaintEffect }],
    ['effect is empty', { key: 'example.com/a', value: 'x', effect: '' as TaintEffect }],
  ])('TAINT_INVALID when the %s', (_why, taint) => {
    const err = catchValidationError(() => assertTaints(pool, [taint]));
    expect(err.code).toBe(ErrorCode.TAINT_INVALID);
    expect(err.constructPath).toBe('root/Pool');
    expect(JSON.parse(err.receivedJson!)).toEqual(taint);
  });

  test('an invalid effect lists the Kubernetes effects as allowed', () => {
    const err = catchValidationError(() => assertTaints(pool, [{ key: 'a', effect: 'NO_SCHEDULE' as TaintEffect }]));
    // core/v1 Taint.effect: https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/node-v1/
    for (const effect of ['NoSchedule', 'PreferNoSchedule', 'NoExecute']) {
      expect(err.allowed).toContain(effect);
    }
  });

  test('TAINT_DUPLICATE when two taints share key and effect, even with different values', () => {
    const err = catchValidationError(() => assertTaints(pool, [
      { key: 'example.com/a', value: 'one', effect: TaintEffect.NO_SCHEDULE },
      { key: 'example.com/b', value: 'one', effect: TaintEffect.NO_SCHEDULE },
      { key: 'example.com/a', value: 'two', effect: TaintEffect.NO_SCHEDULE },
    ]));
    expect(err.code).toBe(ErrorCode.TAINT_DUPLICATE);
    expect(JSON.parse(err.receivedJson!)).toEqual({ key: 'example.com/a', value: 'two', effect: 'NoSchedule' });
  });
});

describe('Taint vocabulary', () => {
  test('TaintEffect values are the Kubernetes spellings', () => {
    expect(Object.values(TaintEffect).sort()).toEqual(['NoExecute', 'NoSchedule', 'PreferNoSchedule']);
  });

  test('the default GPU taint is the one GKE puts on GPU nodes: nvidia.com/gpu=present:NoSchedule', () => {
    // https://cloud.google.com/kubernetes-engine/docs/how-to/gpus (GKE taints GPU nodes with nvidia.com/gpu=present:NoSchedule)
    expect(DEFAULT_GPU_TAINT).toEqual({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' });
  });
});

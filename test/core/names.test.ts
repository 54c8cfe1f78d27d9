import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { ErrorCode } from '../../lib/core/errors';
import { Names } from '../../lib/core/names';
import { catchValidationError } from './expect-validation-error';

// Rules: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
// (RFC 1123 label: <= 63 chars, [a-z0-9-], alphanumeric at both ends; subdomain: dot-joined labels, <= 253 chars).

const a63 = 'a'.repeat(63);
const a64 = 'a'.repeat(64);
// Three 63-char labels + dots (3 x 64) + a 61-char label = 253 characters.
const subdomain253 = `${a63}.${a63}.${a63}.${'b'.repeat(61)}`;

describe('Names.isDns1123Label', () => {
  test.each([
    ['a', 'one character'],
    ['0', 'a digit only'],
    ['1pool', 'leading digit'],
    ['gpu-pool-1', 'inner hyphens'],
    ['a--b', 'consecutive inner hyphens'],
    [a63, 'exactly 63 characters'],
  ])('accepts %j (%s)', (value) => {
    expect(Names.isDns1123Label(value)).toBe(true);
  });

  test.each([
    ['', 'empty'],
    [a64, '64 characters'],
    ['-pool', 'leading hyphen'],
    ['pool-', 'trailing hyphen'],
    ['Pool', 'upper case'],
    ['gpu.pool', 'a dot (subdomain, not label)'],
    ['gpu_pool', 'underscore'],
    ['gpu pool', 'space'],
    ['pöol', 'non-ASCII letter'],
  ])('rejects %j (%s)', (value) => {
    expect(Names.isDns1123Label(value)).toBe(false);
  });
});

describe('Names.isDns1123Subdomain', () => {
  test.each([
    ['example.com'],
    ['a'],
    ['ml-platform-cdk.io'],
    ['a-b.c-d.e'],
    [subdomain253],
  ])('accepts %j', (value) => {
    expect(Names.isDns1123Subdomain(value)).toBe(true);
  });

  test.each([
    ['', 'empty'],
    [`${subdomain253}b`, '254 characters'],
    ['.example.com', 'leading dot'],
    ['example.com.', 'trailing dot'],
    ['example..com', 'empty label'],
    ['-example.com', 'label with leading hyphen'],
    ['example-.com', 'label with trailing hyphen'],
    ['Example.com', 'upper case'],
    ['example.com/x', 'slash'],
  ])('rejects %j (%s)', (value) => {
    expect(Names.isDns1123Subdomain(value)).toBe(false);
  });
});

describe('Names.assertDns1123Label', () => {
  const root = new Construct(undefined as unknown as Construct, 'root');
  const pool = new Construct(root, 'Pool');

  test('accepts a valid label', () => {
    expect(() => Names.assertDns1123Label(pool, 'pool name', 'gpu-pool')).not.toThrow();
  });

  test.each([
    ['My_Pool', 'my-pool'],
    ['-gpu-', 'gpu'],
    ['GPU.Pool', 'gpu-pool'],
  ])('rejects %j with INVALID_NAME, the construct path and the suggestion %j', (value, suggestion) => {
    const err = catchValidationError(() => Names.assertDns1123Label(pool, 'pool name', value));
    expect(err.code).toBe(ErrorCode.INVALID_NAME);
    expect(err.constructPath).toBe('root/Pool');
    expect(err.message).toContain('pool name');
    expect(err.message).toContain(`"${suggestion}"`);
    expect(err.receivedJson).toBe(JSON.stringify(value));
  });

  test('a 64-character name is rejected and the suggestion is cut to 63 characters', () => {
    const err = catchValidationError(() => Names.assertDns1123Label(pool, 'pool name', a64));
    expect(err.code).toBe(ErrorCode.INVALID_NAME);
    expect(err.fix).toContain(`"${a63}"`);
  });

  test('maxLength tightens the limit and the suggestion respects it', () => {
    expect(() => Names.assertDns1123Label(pool, 'queue name', 'abcde', 5)).not.toThrow();
    const err = catchValidationError(() => Names.assertDns1123Label(pool, 'queue name', 'abcdef', 5));
    expect(err.code).toBe(ErrorCode.INVALID_NAME);
    expect(err.allowed).toContain('1-5');
    expect(err.fix).toContain('"abcde"');
  });
});

describe('Names.suggestLabel', () => {
  test('a value with no usable character still gets a valid label', () => {
    expect(Names.isDns1123Label(Names.suggestLabel('___'))).toBe(true);
  });

  test('for any input, the suggestion is a DNS-1123 label no longer than maxLength', () => {
    fc.assert(fc.property(fc.string({ maxLength: 100 }), fc.integer({ min: 1, max: 63 }), (value, max) => {
      const suggestion = Names.suggestLabel(value, max);
      return Names.isDns1123Label(suggestion) && suggestion.length <= max;
    }));
  });

  test('a name that is already a valid label is suggested unchanged', () => {
    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    fc.assert(fc.property(label, (value) => Names.suggestLabel(value) === value));
  });
});

import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { ErrorCode } from '../../lib/core/errors';
import { Quantity } from '../../lib/core/quantity';
import { catchValidationError } from './expect-validation-error';

// Semantics: https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
// Rows marked "upstream" are taken from k8s.io/apimachinery/pkg/api/resource/quantity_test.go
// (TestQuantityParse, TestQuantityString, TestQuantityParseEmit), so the spelling matches what the API server stores.

const root = new Construct(undefined as unknown as Construct, 'root');
const pool = new Construct(root, 'Pool');
const q = (text: string) => Quantity.parse(text);
/** The shape of every canonical spelling: no fraction, no leading zeros, at most one suffix. */
const CANONICAL = /^(0|-?[1-9]\d*(?:[numkMGTPE]|[KMGTPE]i|e-?[1-9]\d*)?)$/;

describe('Quantity.parse and toString', () => {
  test.each([
    // plain numbers and decimal suffixes
    ['0', '0'],
    ['00', '0'], // upstream
    ['-0', '0'],
    ['0Ki', '0'],
    ['0m', '0'],
    ['1', '1'],
    ['8', '8'],
    ['+3k', '3k'],
    ['2000', '2k'],
    ['1000M', '1G'], // upstream
    ['0.001T', '1G'], // upstream
    ['100M', '100M'],
    ['1073741824', '1073741824'],
    ['9E', '9E'],
    ['1.01E', '1010P'], // upstream
    ['9223372036854775807', '9223372036854775807'],
    // fractions become the largest suffix with an integer mantissa
    ['1.5', '1500m'],
    ['0.5', '500m'],
    ['.5', '500m'],
    ['1.', '1'], // upstream
    ['1.G', '1G'], // upstream
    ['1.08', '1080m'], // upstream
    ['1080000000n', '1080m'], // upstream
    ['1000u', '1m'], // upstream
    ['5000m', '5'], // upstream
    ['100.035k', '100035'], // upstream
    ['10.035M', '10035k'], // upstream
    ['7.123456M', '7123456'], // upstream
    // binary suffixes
    ['1Ki', '1Ki'], // upstream
    ['64Gi', '64Gi'],
    ['1024Mi', '1Gi'], // upstream
    ['307200Ki', '300Mi'], // upstream
    ['1025024Mi', '1001Gi'], // upstream
    ['1024Gi', '1Ti'], // upstream
    ['1025Ki', '1025Ki'],
    ['7Ei', '7Ei'],
    ['1.5Gi', '1536Mi'],
    ['1.5Ki', '1536'], // a whole number of no binary suffix stays plain digits
    ['0.5Ki', '512'], // below 1024: decimal
    ['.001Ki', '1024m'], // upstream
    ['.000001Ki', '1024u'], // upstream
    ['.000000001Ki', '1024n'], // upstream
    // decimal exponents keep exponent notation, in steps of 3
    ['1e3', '1e3'], // upstream
    ['1E6', '1e6'],
    ['12E-3', '12e-3'],
    ['1E-3', '1e-3'], // upstream
    ['1.5e3', '1500'],
    ['1.3E+6', '1300e3'],
    ['0.5e-1', '50e-3'],
    ['.001e12', '1e9'], // upstream
    ['0.001e0', '1e-3'], // upstream
    ['1000e-12', '1e-9'], // upstream
  ])('%j is %j, which parses back to the same value', (input, canonical) => {
    const parsed = q(input);
    expect(parsed.toString()).toBe(canonical);
    const back = q(canonical);
    expect(back.isEqualTo(parsed)).toBe(true);
    expect(back.toString()).toBe(canonical);
    if (!parsed.isZero() && !/^[+-]/.test(input)) {
      expect(q(`-${input}`).toString()).toBe(`-${canonical}`);
      expect(q(`-${input}`).isNegative()).toBe(true);
    }
  });

  test.each([
    ['1Gi', '1073741824'],
    ['0.5', '500m'],
    ['1e3', '1k'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['1000m', '1'],
    ['1E-3', '1m'],
    ['1', '1000000000n'],
    ['+5', '5'],
    ['0', '-0'],
    ['0Ki', '0m'],
    ['-1.5', '-1500m'],
  ])('%j equals %j', (a, b) => {
    expect(q(a).isEqualTo(q(b))).toBe(true);
    expect(q(a).compare(q(b))).toBe(0);
    expect(q(b).compare(q(a))).toBe(0);
  });

  test.each([
    ['100m', '50m'], // upstream
    ['10000T', '100Gi'], // upstream
    ['1Ki', '1k'],
    ['1Gi', '1G'],
    ['0', '-1n'],
    ['1', '999999999n'],
    ['-1m', '-1'],
  ])('%j is greater than %j', (bigger, smaller) => {
    expect(q(bigger).compare(q(smaller))).toBe(1);
    expect(q(smaller).compare(q(bigger))).toBe(-1);
    expect(q(bigger).isEqualTo(q(smaller))).toBe(false);
  });

  test('suffixes are case-sensitive: "m" is milli, "M" is mega', () => {
    expect(q('1m').toNumber()).toBe(0.001);
    expect(q('1M').toNumber()).toBe(1_000_000);
    expect(q('1E').toNumber()).toBe(1e18);
    expect(q('1E3').toNumber()).toBe(1000);
  });
});

describe('rounding below 1n', () => {
  test.each([
    ['0.1n', '1n'],
    ['0.9n', '1n'], // upstream
    ['3.001n', '4n'], // upstream
    ['0.0000000001', '1n'], // upstream
    ['0.00000000050', '1n'], // upstream
    ['0.00000012345', '124n'], // upstream
    ['0.00000012354', '124n'], // upstream
    ['1.1E-9', '2e-9'], // upstream
    ['.000000000001Ki', '2n'], // upstream: 1.024n rounds up, and below 1 the value is written in decimal
    ['1e-2147483647', '1e-9'], // the smallest exponent Kubernetes accepts
    ['-0.1n', '-1n'], // magnitude rounds up: away from zero, as Kubernetes does
    ['-3.001n', '-4n'],
  ])('%j rounds up to %j', (input, expected) => {
    expect(q(input).toString()).toBe(expected);
  });

  test('values of exactly 1n are not changed', () => {
    expect(q('1n').isEqualTo(q('0.000000001'))).toBe(true);
    expect(q('1.000000000').toString()).toBe('1');
  });

  test('number factories round the same way', () => {
    expect(Quantity.of(1e-10).toString()).toBe('1n');
    expect(Quantity.cpu(0.0000000015).toString()).toBe('2n');
    expect(Quantity.of(-1e-10).toString()).toBe('-1n');
  });
});

describe('invalid quantities', () => {
  test.each([
    ['', 'empty'],
    ['1.2.3', 'two decimal points'],
    ['5 Gi', 'inner space'],
    [' 1', 'leading space'], // upstream
    ['1 ', 'trailing space'], // upstream
    ['Gi', 'suffix without a number'],
    ['.', 'decimal point without digits'],
    ['+', 'sign without digits'],
    ['1KiB', 'byte unit'],
    ['1K', 'upper-case kilo'],
    ['1gi', 'lower-case binary suffix'],
    ['0.1mi', 'milli-binary'], // upstream
    ['1i', 'lone "i"'], // upstream
    ['1kk', 'two suffixes'],
    ['1Ki1', 'digits after the suffix'],
    ['--1', 'double sign'],
    ['1+1.0M', 'inner sign'], // upstream
    ['1e', 'exponent without digits'],
    ['-3.01e-', 'signed exponent without digits'], // upstream
    ['1e1.5', 'fractional exponent'],
    ['1e4294967297', 'exponent beyond int32'], // upstream
    ['1e-2147483648', 'exponent of -2^31'],
    ['infinity', 'word'],
    ['NaN', 'not a number'],
    ['0x10', 'hexadecimal'],
    ['1_000', 'digit separator'],
    ['9223372036854775808', '2^63: one more than the largest quantity'],
    ['8Ei', '2^63 with a binary suffix (Kubernetes would cap it silently)'],
    ['1e19', 'beyond 2^63-1 with an exponent'],
    ['-10E', 'beyond -(2^63-1)'],
  ])('rejects %j (%s) with QUANTITY_INVALID and the construct path', (text) => {
    const err = catchValidationError(() => Quantity.parse(text, pool, 'memory request'));
    expect(err.code).toBe(ErrorCode.QUANTITY_INVALID);
    expect(err.constructPath).toBe('root/Pool');
    expect(err.message).toContain('root/Pool');
    expect(err.message).toContain('memory request');
    expect(err.receivedJson).toBe(JSON.stringify(text));
    expect(err.allowed).toBeTruthy();
  });

  test.each([
    [5, 'Quantity.of(5)'],
    [null, 'Pass a string'],
    [undefined, 'Pass a string'],
    [{}, 'Pass a string'],
    [true, 'Pass a string'],
  ])('rejects the non-string %j with QUANTITY_INVALID', (value, fix) => {
    const err = catchValidationError(() => Quantity.parse(value as unknown as string, pool));
    expect(err.code).toBe(ErrorCode.QUANTITY_INVALID);
    expect(err.constructPath).toBe('root/Pool');
    expect(err.fix).toContain(fix);
  });

  test('without a scope the error has no path', () => {
    const err = catchValidationError(() => Quantity.parse('1.2.3'));
    expect(err.code).toBe(ErrorCode.QUANTITY_INVALID);
    expect(err.constructPath).toBe('');
    expect(err.message).toMatch(/^\[QUANTITY_INVALID\] The value is not a valid Kubernetes quantity/);
  });

  test.each([
    ['5 Gi', '5Gi'],
    ['1KiB', '1Ki'],
    ['10MB', '10M'],
    ['1mb', '1M'],
    ['2kB', '2k'],
    ['1gi', '1Gi'],
    ['1K', '1k'],
    ['16g', '16G'],
  ])('suggests a fix for %j: %j', (text, suggestion) => {
    const err = catchValidationError(() => Quantity.parse(text));
    expect(err.fix).toBe(`Write "${suggestion}".`);
  });

  test('an out-of-range value reports the range, not the grammar', () => {
    const err = catchValidationError(() => Quantity.parse('8Ei'));
    expect(err.detail).toContain('exceeds 2^63-1');
    expect(err.allowed).toContain('9223372036854775807');
  });

  test('the largest and smallest quantities are accepted', () => {
    expect(q('9223372036854775807').compare(q('7Ei'))).toBe(1);
    expect(q('-9223372036854775807').toString()).toBe('-9223372036854775807');
    expect(q('9223372036854775806999999999n').toString()).toBe('9223372036854775806999999999n');
  });

  test('huge exponents are decided without computing huge powers', () => {
    expect(q('0e2147483647').isZero()).toBe(true);
    expect(catchValidationError(() => q('1e2147483647')).code).toBe(ErrorCode.QUANTITY_INVALID);
    expect(q('1e-2147483647').toString()).toBe('1e-9');
  });
});

describe('factories', () => {
  test.each([
    ['of(8)', () => Quantity.of(8), '8'],
    ['of(0)', () => Quantity.of(0), '0'],
    ['of(-0)', () => Quantity.of(-0), '0'],
    ['of(-2)', () => Quantity.of(-2), '-2'],
    ['of(1.5)', () => Quantity.of(1.5), '1500m'],
    ['of(0.1)', () => Quantity.of(0.1), '100m'],
    ['of(0.30000000000000004)', () => Quantity.of(0.1 + 0.2), '300000001n'],
    ['of(1e18)', () => Quantity.of(1e18), '1E'],
    ['of(1e-7)', () => Quantity.of(1e-7), '100n'],
    ['cpu(0.5)', () => Quantity.cpu(0.5), '500m'],
    ['cpu(4)', () => Quantity.cpu(4), '4'],
    ['cpu(0.25)', () => Quantity.cpu(0.25), '250m'],
    ['mebibytes(512)', () => Quantity.mebibytes(512), '512Mi'],
    ['mebibytes(1024)', () => Quantity.mebibytes(1024), '1Gi'],
    ['mebibytes(1.5)', () => Quantity.mebibytes(1.5), '1536Ki'],
    ['mebibytes(0.5)', () => Quantity.mebibytes(0.5), '512Ki'],
    ['gibibytes(64)', () => Quantity.gibibytes(64), '64Gi'],
    ['gibibytes(0.5)', () => Quantity.gibibytes(0.5), '512Mi'],
    ['gibibytes(1000)', () => Quantity.gibibytes(1000), '1000Gi'],
    ['tebibytes(2)', () => Quantity.tebibytes(2), '2Ti'],
    ['tebibytes(1.5)', () => Quantity.tebibytes(1.5), '1536Gi'],
  ])('%s is %j', (_name, make, expected) => {
    expect(make().toString()).toBe(expected);
    expect(q(expected).isEqualTo(make())).toBe(true);
  });

  test('binary factories equal their parsed spellings', () => {
    expect(Quantity.gibibytes(64).isEqualTo(q('64Gi'))).toBe(true);
    expect(Quantity.gibibytes(1).isEqualTo(q('1073741824'))).toBe(true);
    expect(Quantity.tebibytes(1).isEqualTo(q('1024Gi'))).toBe(true);
    expect(Quantity.cpu(0.5).isEqualTo(q('0.5'))).toBe(true);
  });

  test.each([
    ['of(NaN)', () => Quantity.of(NaN)],
    ['of(Infinity)', () => Quantity.of(Infinity)],
    ['cpu(-Infinity)', () => Quantity.cpu(-Infinity)],
    ['gibibytes(NaN)', () => Quantity.gibibytes(NaN)],
    ['of("3")', () => Quantity.of('3' as unknown as number)],
    ['of(1e19)', () => Quantity.of(1e19)],
    ['tebibytes(8388608)', () => Quantity.tebibytes(8_388_608)], // 2^63
  ])('%s raises QUANTITY_INVALID', (_name, make) => {
    expect(catchValidationError(make).code).toBe(ErrorCode.QUANTITY_INVALID);
  });
});

describe('arithmetic', () => {
  test('plus and minus are exact', () => {
    expect(q('1Gi').plus(q('512Mi')).toString()).toBe('1536Mi');
    expect(Quantity.cpu(0.1).plus(Quantity.cpu(0.2)).toString()).toBe('300m');
    expect(q('1').minus(q('1500m')).toString()).toBe('-500m');
    expect(q('1Gi').minus(q('1024Mi')).isZero()).toBe(true);
    expect(q('1n').plus(q('1E')).toString()).toBe('1000000000000000000000000001n');
  });

  test('adding to or subtracting from zero keeps the other spelling, as Kubernetes does', () => {
    expect(q('100m').plus(q('0')).toString()).toBe('100m');
    expect(q('0').plus(q('1Gi')).toString()).toBe('1Gi');
    expect(q('0').minus(q('1Gi')).toString()).toBe('-1Gi');
    expect(q('1e3').plus(q('1k')).toString()).toBe('2e3');
    expect(q('1k').plus(q('1e3')).toString()).toBe('2k');
  });

  test.each([
    ['500m', 3, '1500m'],
    ['80Gi', 8, '640Gi'],
    ['1Gi', 0, '0'],
    ['250m', -2, '-500m'],
    ['-1Ki', -1, '1Ki'],
  ])('%j times %j is %j', (value, n, expected) => {
    expect(q(value).times(n).toString()).toBe(expected);
  });

  test.each([1.5, NaN, Infinity, 2 ** 53])('times(%j) raises QUANTITY_INVALID', (n) => {
    expect(catchValidationError(() => q('1').times(n)).code).toBe(ErrorCode.QUANTITY_INVALID);
  });

  test.each([
    ['plus', () => q('9223372036854775807').plus(q('1n'))],
    ['minus', () => q('-9223372036854775807').minus(q('1n'))],
    ['times', () => q('7Ei').times(2)],
    ['sum', () => Quantity.sum([q('5Ei'), q('3Ei')])],
  ])('%s beyond ±(2^63-1) raises QUANTITY_INVALID', (_name, compute) => {
    const err = catchValidationError(compute);
    expect(err.code).toBe(ErrorCode.QUANTITY_INVALID);
    expect(err.detail).toContain('2^63-1');
  });

  test('sum adds a list; the empty sum is zero', () => {
    expect(Quantity.sum([]).isZero()).toBe(true);
    expect(Quantity.sum([]).toString()).toBe('0');
    expect(Quantity.sum([Quantity.cpu(0.5), Quantity.cpu(0.25), q('250m')]).toString()).toBe('1');
    expect(Quantity.sum([q('0'), Quantity.gibibytes(64), q('512Mi')]).toString()).toBe('66048Mi');
  });

  test('max and min pick by value and return the first argument on a tie', () => {
    const gi = q('1Gi');
    const g = q('1G');
    expect(Quantity.max(gi, g)).toBe(gi);
    expect(Quantity.max(g, gi)).toBe(gi);
    expect(Quantity.min(gi, g)).toBe(g);
    expect(Quantity.min(g, gi)).toBe(g);
    const k = q('1k');
    const e3 = q('1e3');
    expect(Quantity.max(k, e3)).toBe(k);
    expect(Quantity.min(e3, k)).toBe(e3);
  });

  test('isZero and isNegative', () => {
    expect(q('0Gi').isZero()).toBe(true);
    expect(q('1n').isZero()).toBe(false);
    expect(q('-1n').isNegative()).toBe(true);
    expect(q('-0').isNegative()).toBe(false);
    expect(q('1').isNegative()).toBe(false);
  });

  test.each([
    ['64Gi', 68719476736],
    ['500m', 0.5],
    ['1n', 1e-9],
    ['-1.5', -1.5],
    ['0', 0],
    ['9223372036854775807', 9223372036854775807],
  ])('toNumber(%j) is %j', (value, expected) => {
    expect(q(value).toNumber()).toBe(expected);
  });

  test.each([
    ['500m', 500],
    ['1', 1000],
    ['0', 0],
    ['1n', 1], // rounded away from zero, like Kubernetes' MilliValue
    ['-1n', -1],
    ['1001u', 2],
    ['1.5Gi', 1610612736000],
  ])('milliValue(%j) is %j', (value, expected) => {
    expect(q(value).milliValue()).toBe(expected);
  });
});

describe('properties', () => {
  /** Parses `text`, or returns undefined when it is valid but out of range (any other error fails the property). */
  function parseInRange(text: string): Quantity | undefined {
    try {
      return Quantity.parse(text);
    } catch (e) {
      if ((e as { detail?: string }).detail?.includes('2^63-1')) return undefined;
      throw e;
    }
  }

  const suffix = fc.oneof(
    fc.constantFrom('', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'),
    fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 30 })).map((parts) => parts.join('')),
  );
  const number = fc.oneof(
    fc.tuple(fc.stringMatching(/^\d{1,12}$/), fc.option(fc.stringMatching(/^\d{0,12}$/), { nil: undefined }))
      .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`)),
    fc.stringMatching(/^\d{1,12}$/).map((fraction) => `.${fraction}`),
  );
  /** Any string of the grammar. */
  const text = fc.tuple(fc.constantFrom('', '+', '-'), number, suffix).map((parts) => parts.join(''));
  const parsed = text.map(parseInRange).filter((x): x is Quantity => x !== undefined);
  const quantity = fc.oneof(
    parsed,
    fc.double({ min: -1e15, max: 1e15, noNaN: true }).map((x) => Quantity.of(x)),
    fc.integer({ min: -4096, max: 4096 }).map((n) => Quantity.mebibytes(n)),
    fc.integer({ min: -4096, max: 4096 }).map((n) => Quantity.gibibytes(n)),
  );
  // Small enough that sums of a few never leave the representable range.
  const limit = q('1E');
  const small = quantity.filter((x) => x.compare(limit) < 0 && x.compare(limit.times(-1)) > 0);

  test('every string of the grammar parses, unless it is out of range', () => {
    fc.assert(fc.property(text, (t) => {
      parseInRange(t);
    }));
  });

  test('parse(toString(q)) equals q, and toString is canonical', () => {
    fc.assert(fc.property(quantity, (x) => {
      const spelled = x.toString();
      expect(spelled).toMatch(CANONICAL);
      expect(Math.abs(Number(spelled.split('e')[1] ?? 0)) % 3).toBe(0); // exponents come in steps of 3, like the SI suffixes
      expect(Quantity.parse(spelled).isEqualTo(x)).toBe(true);
    }));
  });

  test('sum is commutative', () => {
    fc.assert(fc.property(fc.array(small, { maxLength: 6 }), (xs) => {
      expect(Quantity.sum(xs).isEqualTo(Quantity.sum([...xs].reverse()))).toBe(true);
      if (xs.length >= 2) expect(xs[0].plus(xs[1]).isEqualTo(xs[1].plus(xs[0]))).toBe(true);
    }));
  });

  test('a + b - b == a', () => {
    fc.assert(fc.property(small, small, (a, b) => {
      expect(a.plus(b).minus(b).isEqualTo(a)).toBe(true);
      expect(a.minus(b).plus(b).isEqualTo(a)).toBe(true);
    }));
  });

  test('compare is antisymmetric and agrees with toNumber, max and min', () => {
    fc.assert(fc.property(quantity, quantity, (a, b) => {
      expect(a.compare(b) + b.compare(a)).toBe(0);
      expect(a.isEqualTo(b)).toBe(a.compare(b) === 0);
      if (a.compare(b) < 0) expect(a.toNumber()).toBeLessThanOrEqual(b.toNumber());
      expect(Quantity.max(a, b).compare(Quantity.min(a, b))).toBeGreaterThanOrEqual(0);
      expect([a, b]).toContain(Quantity.max(a, b));
    }));
  });

  test('of(x) is x rounded up in magnitude to the next nano-unit', () => {
    fc.assert(fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (x) => {
      const value = Quantity.of(x).toNumber();
      expect(Math.abs(value)).toBeGreaterThanOrEqual(Math.abs(x) * (1 - 1e-15));
      expect(Math.abs(value - x)).toBeLessThanOrEqual(1e-9 + Math.abs(x) * 1e-15);
    }));
  });
});

import { IConstruct } from 'constructs';
import { ErrorCode, ValidationError } from './errors';
import { textOf } from './guards';

// Semantics follow k8s.io/apimachinery/pkg/api/resource (quantity.go, suffix.go, amount.go):
// https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/

/** How a quantity was written; decides its canonical spelling, never its value. */
enum Format {
  DECIMAL_SI = 'DecimalSI',
  BINARY_SI = 'BinarySI',
  DECIMAL_EXPONENT = 'DecimalExponent',
}

const NANOS_PER_UNIT = 1_000_000_000n;
/** Kubernetes: "no quantity may represent a number greater than 2^63-1 in magnitude". */
const MAX_UNITS = (1n << 63n) - 1n;
const MAX_NANOS = MAX_UNITS * NANOS_PER_UNIT;
/** The exponent of `e<n>` is parsed as a 32-bit integer upstream. */
const MAX_EXPONENT = 2 ** 31 - 1;

const DECIMAL_EXPONENTS: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENTS: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIXES: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

// <signedNumber> ::= [+-] (<digits> | <digits>.<digits> | <digits>. | .<digits>); then one suffix at most.
// The exponent is an integer: ParseQuantity rejects "1e1.5" although the prose grammar allows it.
const QUANTITY = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?\d+))?$/;

const GRAMMAR = '<sign?><digits>[.<digits>] followed by one of the decimal suffixes n u m k M G T P E, '
  + 'the binary suffixes Ki Mi Gi Ti Pi Ei, an exponent e<integer> / E<integer>, or nothing (e.g. "500m", "2", "64Gi", "1.5", "1e3")';

const RANGE = 'a magnitude of at most 2^63-1 = 9223372036854775807 (just under 8Ei)';

/** The outcome of reading a quantity: its value, or (with `nanos` undefined) why there is none. */
interface Parsed {
  readonly nanos?: bigint;
  readonly format: Format;
  readonly problem?: string;
  /** Whether the syntax is fine and only the magnitude is not. */
  readonly outOfRange?: boolean;
}

/**
 * A Kubernetes resource quantity (`resources.requests`, `limits`, extended resources, storage sizes),
 * with the value, rounding and spelling of `k8s.io/apimachinery/pkg/api/resource.Quantity`.
 *
 * The value is exact (no floating point): an integer count of nano-units (1n = 10^-9). Like Kubernetes,
 * finer precision is rounded up in magnitude to the next nano-unit ("0.1n" is "1n", "-0.1n" is "-1n"),
 * so that asking for some resource never yields none. Values beyond ±(2^63-1), the range Kubernetes
 * documents, are rejected rather than silently capped.
 *
 * `toString()` writes Kubernetes' canonical form — what the API server stores and returns — so that
 * rendered manifests do not show a diff against the live object:
 * - zero is "0";
 * - a value built with a binary constructor or parsed with a binary suffix (Ki…Ei) that is a whole
 *   number of magnitude at least 1024 uses the largest binary suffix that keeps the mantissa an integer
 *   (`64Gi`, `1536Mi` for 1.5Gi; `1025` when no binary suffix divides it);
 * - a value parsed with an exponent (`1e3`, `12E-3`) keeps exponent notation, with an exponent that is a
 *   multiple of 3 (`1e3`, `12e-3`; `1500` for 1.5e3);
 * - every other value uses the largest decimal suffix (n u m "" k M G T P E) that keeps the mantissa an
 *   integer: "8", "1500m" for 1.5, "8k" for 8000, "100M" for 10^8.
 *
 * The spelling never affects comparisons: `1Gi`, `1073741824` and `1.073741824G` are equal.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
export class Quantity {
  /**
   * Parses a quantity in Kubernetes syntax: `<signedNumber><suffix>`.
   *
   * The number is `[+-]<digits>[.<digits>]` (also `<digits>.` and `.<digits>`); the suffix is a decimal
   * SI suffix (`n u m k M G T P E`), a binary SI suffix (`Ki Mi Gi Ti Pi Ei`), a decimal exponent
   * (`e3`, `E-3`) or nothing. Suffixes are case-sensitive (`1k` is 1000, `1K` is invalid; `1M` is 10^6,
   * `1m` is 10^-3). No whitespace and no unit such as `B`.
   *
   * @param text the quantity, e.g. "500m", "64Gi", "1.5", "1e3"
   * @param scope the construct the value belongs to, for the error's path
   * @param what what the value is, for the error message (e.g. "memory request")
   * @throws ValidationError {@link ErrorCode.QUANTITY_INVALID} when `text` is not a string, does not match
   *   the grammar, or exceeds ±(2^63-1)
   */
  public static parse(text: string, scope?: IConstruct, what?: string): Quantity {
    const subject = what ?? 'value';
    if (typeof text !== 'string') {
      throw new ValidationError(ErrorCode.QUANTITY_INVALID, {
        message: `The ${subject} must be a string in Kubernetes quantity syntax (got ${text === null ? 'null' : typeof text}).`,
        received: text,
        allowed: GRAMMAR,
        fix: typeof text === 'number' && Number.isFinite(text)
          ? `Write "${String(text)}", or use Quantity.of(${String(text)}).`
          : 'Pass a string such as "2", "500m" or "64Gi".',
      }, scope);
    }
    const parsed = parseText(text);
    if (parsed.nanos === undefined) {
      const suggestion = parsed.outOfRange ? undefined : suggest(text);
      let fix = 'Write a number with at most one suffix, e.g. "500m", "2", "64Gi" or "1e3".';
      if (parsed.outOfRange) fix = 'Use a smaller amount; Kubernetes cannot represent this one.';
      else if (suggestion !== undefined) fix = `Write "${suggestion}".`;
      throw new ValidationError(ErrorCode.QUANTITY_INVALID, {
        message: `The ${subject} is not a valid Kubernetes quantity: ${parsed.problem}.`,
        received: text,
        allowed: parsed.outOfRange ? RANGE : GRAMMAR,
        fix,
      }, scope);
    }
    return new Quantity(parsed.nanos, parsed.format);
  }

  /**
   * A plain number, e.g. a GPU count (`Quantity.of(8)` is "8") or a fraction (`Quantity.of(1.5)` is "1500m").
   *
   * The number is read as its shortest decimal spelling (`0.1` is exactly 0.1, not the nearest double),
   * then rounded like a parsed quantity.
   *
   * @param value a finite number
   * @throws ValidationError {@link ErrorCode.QUANTITY_INVALID} when `value` is not finite or exceeds ±(2^63-1)
   */
  public static of(value: number): Quantity {
    return Quantity.fromNumber(value, 0, Format.DECIMAL_SI, 'Quantity.of');
  }

  /**
   * CPU in cores, e.g. `Quantity.cpu(0.5)` is "500m" and `Quantity.cpu(4)` is "4".
   *
   * @param cores a finite number of cores; fractions finer than 1n are rounded up
   */
  public static cpu(cores: number): Quantity {
    return Quantity.fromNumber(cores, 0, Format.DECIMAL_SI, 'Quantity.cpu');
  }

  /**
   * Bytes in mebibytes (2^20), e.g. `Quantity.mebibytes(512)` is "512Mi".
   *
   * @param mebibytes a finite number; fractions are exact (`1.5` is "1536Ki")
   */
  public static mebibytes(mebibytes: number): Quantity {
    return Quantity.fromNumber(mebibytes, 20, Format.BINARY_SI, 'Quantity.mebibytes');
  }

  /**
   * Bytes in gibibytes (2^30), e.g. `Quantity.gibibytes(64)` is "64Gi".
   *
   * @param gibibytes a finite number; fractions are exact (`0.5` is "512Mi")
   */
  public static gibibytes(gibibytes: number): Quantity {
    return Quantity.fromNumber(gibibytes, 30, Format.BINARY_SI, 'Quantity.gibibytes');
  }

  /**
   * Bytes in tebibytes (2^40), e.g. `Quantity.tebibytes(2)` is "2Ti".
   *
   * @param tebibytes a finite number; fractions are exact (`1.5` is "1536Gi")
   */
  public static tebibytes(tebibytes: number): Quantity {
    return Quantity.fromNumber(tebibytes, 40, Format.BINARY_SI, 'Quantity.tebibytes');
  }

  /**
   * The sum of `quantities` (zero for an empty list). The result is spelled like the first non-zero term.
   *
   * @throws ValidationError {@link ErrorCode.QUANTITY_INVALID} when the sum exceeds ±(2^63-1)
   */
  public static sum(quantities: Quantity[]): Quantity {
    return quantities.reduce((total, q) => total.plus(q), ZERO);
  }

  /** The larger of `a` and `b` (`a` when they are equal). */
  public static max(a: Quantity, b: Quantity): Quantity {
    return b.compare(a) > 0 ? b : a;
  }

  /** The smaller of `a` and `b` (`a` when they are equal). */
  public static min(a: Quantity, b: Quantity): Quantity {
    return b.compare(a) < 0 ? b : a;
  }

  private static fromNumber(value: number, binaryExponent: number, format: Format, factory: string): Quantity {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ValidationError(ErrorCode.QUANTITY_INVALID, {
        message: `${factory}() needs a finite number.`,
        received: typeof value === 'number' ? String(value) : value,
        allowed: 'a finite number',
        fix: 'Pass a finite number, or parse a string with Quantity.parse().',
      });
    }
    // Whole numbers (GPU counts, MiB, cores): exact without going through text.
    if (Number.isSafeInteger(value)) {
      const magnitude = BigInt(Math.abs(value)) * (1n << BigInt(binaryExponent)) * NANOS_PER_UNIT;
      if (magnitude <= MAX_NANOS) return new Quantity(value < 0 ? -magnitude : magnitude, format);
    }
    // String() gives the shortest decimal that reads back as `value`, which is what the caller wrote.
    const match = QUANTITY.exec(String(value))!;
    const parsed = toNanos(match, binaryExponent, format);
    if (parsed.nanos === undefined) {
      throw new ValidationError(ErrorCode.QUANTITY_INVALID, {
        message: `${factory}(${String(value)}) is outside the range of a Kubernetes quantity: ${parsed.problem}.`,
        received: value,
        allowed: RANGE,
        fix: 'Use a smaller value.',
      });
    }
    return new Quantity(parsed.nanos, parsed.format);
  }

  /** The exact value in nano-units. */
  private readonly nanos: bigint;
  private readonly format: Format;
  /** The canonical spelling, computed once (quantities are immutable). */
  private text?: string;

  private constructor(nanos: bigint, format: Format) {
    this.nanos = nanos;
    this.format = format;
  }

  /**
   * `this + other`; spelled like `this`, or like `other` when `this` is zero (as Kubernetes' `Add`).
   *
   * @throws ValidationError {@link ErrorCode.QUANTITY_INVALID} when the result exceeds ±(2^63-1)
   */
  public plus(other: Quantity): Quantity {
    return this.combine(this.nanos + other.nanos, other, 'plus');
  }

  /**
   * `this - other`; spelled like `this`, or like `other` when `this` is zero (as Kubernetes' `Sub`).
   *
   * @throws ValidationError {@link ErrorCode.QUANTITY_INVALID} when the result exceeds ±(2^63-1)
   */
  public minus(other: Quantity): Quantity {
    return this.combine(this.nanos - other.nanos, other, 'minus');
  }

  /**
   * `this * n`, exactly.
   *
   * @param n a safe integer (e.g. a replica or node count)
   * @throws ValidationError {@link ErrorCode.QUANTITY_INVALID} when `n` is not an integer or the result exceeds ±(2^63-1)
   */
  public times(n: number): Quantity {
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
      throw new ValidationError(ErrorCode.QUANTITY_INVALID, {
        message: `Quantity.times() multiplies by an integer only, so that the product stays exact (${this.toString()} × ${textOf(n)}).`,
        received: typeof n === 'number' ? String(n) : n,
        allowed: 'a safe integer',
        fix: 'Multiply by an integer, or build the value directly with Quantity.parse() or Quantity.of().',
      });
    }
    return this.checked(this.nanos * BigInt(n), this.format, `${this.toString()} × ${n}`);
  }

  /** -1, 0 or 1 as `this` is less than, equal to or greater than `other`, whatever their spellings. */
  public compare(other: Quantity): number {
    return this.nanos < other.nanos ? -1 : this.nanos > other.nanos ? 1 : 0;
  }

  /**
   * Whether `this` and `other` are the same amount ("1Gi" equals "1073741824").
   * (Not called `equals`: jsii reserves that name, JSII5016.)
   */
  public isEqualTo(other: Quantity): boolean {
    return this.nanos === other.nanos;
  }

  /** Whether the amount is zero. */
  public isZero(): boolean {
    return this.nanos === 0n;
  }

  /** Whether the amount is below zero. */
  public isNegative(): boolean {
    return this.nanos < 0n;
  }

  /**
   * The amount as the nearest floating-point number, for display and cost estimates only
   * (`64Gi` is 68719476736, `500m` is 0.5). Compare and add quantities with their methods instead.
   */
  public toNumber(): number {
    return Number.parseFloat(`${this.nanos}e-9`);
  }

  /**
   * The amount in thousandths, rounded away from zero like Kubernetes' `MilliValue()`
   * (`500m` is 500, `1` is 1000, `1n` is 1). Exact while the result is below 2^53.
   */
  public milliValue(): number {
    const perMilli = 1_000_000n;
    const magnitude = this.nanos < 0n ? -this.nanos : this.nanos;
    const millis = (magnitude + perMilli - 1n) / perMilli;
    return Number(this.nanos < 0n ? -millis : millis);
  }

  /** The canonical Kubernetes spelling (see the class documentation); `Quantity.parse()` reads it back to an equal value. */
  public toString(): string {
    if (this.text === undefined) this.text = this.spell();
    return this.text;
  }

  private spell(): string {
    if (this.nanos === 0n) return '0';
    if (this.format === Format.BINARY_SI) {
      const magnitude = this.nanos < 0n ? -this.nanos : this.nanos;
      if (magnitude >= 1024n * NANOS_PER_UNIT && this.nanos % NANOS_PER_UNIT === 0n) {
        let mantissa = this.nanos / NANOS_PER_UNIT;
        let power = 0;
        while (power < BINARY_SUFFIXES.length - 1 && mantissa % 1024n === 0n) {
          mantissa /= 1024n;
          power++;
        }
        return `${mantissa}${BINARY_SUFFIXES[power]}`;
      }
      // Kubernetes falls back to decimal for |value| < 1024 and for fractions, to avoid rounding.
    }
    let mantissa = this.nanos;
    let exponent = -9;
    while (mantissa % 10n === 0n) {
      mantissa /= 10n;
      exponent++;
    }
    while (exponent % 3 !== 0) {
      mantissa *= 10n;
      exponent--;
    }
    if (this.format === Format.DECIMAL_EXPONENT) {
      return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
    }
    return `${mantissa}${DECIMAL_SUFFIXES[exponent]}`;
  }

  private combine(nanos: bigint, other: Quantity, operation: string): Quantity {
    const format = this.nanos === 0n ? other.format : this.format;
    return this.checked(nanos, format, `${this.toString()} ${operation} ${other.toString()}`);
  }

  private checked(nanos: bigint, format: Format, expression: string): Quantity {
    if (nanos > MAX_NANOS || nanos < -MAX_NANOS) {
      throw new ValidationError(ErrorCode.QUANTITY_INVALID, {
        message: `${expression} exceeds the largest magnitude a Kubernetes quantity can hold (2^63-1).`,
        received: expression,
        allowed: RANGE,
        fix: 'Check the operands; Kubernetes cannot represent this amount.',
      });
    }
    return new Quantity(nanos, format);
  }
}

const ZERO = Quantity.of(0);

/** Parses `text` without throwing; `nanos` is undefined when it is invalid, with the reason in `problem`. */
function parseText(text: string): Parsed {
  if (text.length === 0) return { format: Format.DECIMAL_SI, problem: 'it is empty' };
  const match = QUANTITY.exec(text);
  if (!match) return { format: Format.DECIMAL_SI, problem: 'it does not match <signedNumber><suffix>' };
  return toNanos(match, 0, undefined);
}

/**
 * The exact value of a matched quantity times 2^binaryExponent, in nano-units rounded up in magnitude.
 * `format` overrides the format implied by the suffix (for the number factories).
 */
function toNanos(match: RegExpExecArray, binaryExponent: number, format: Format | undefined): Parsed {
  const [, sign, whole, wholeFraction, bareFraction, binarySuffix, decimalSuffix, exponentText] = match;
  const fraction = wholeFraction ?? bareFraction ?? '';
  const digits = `${whole ?? ''}${fraction}`.replace(/^0+/, '');
  let power10 = -fraction.length;
  let power2 = binaryExponent;
  let implied = Format.DECIMAL_SI;
  if (binarySuffix !== undefined) {
    power2 += BINARY_EXPONENTS[binarySuffix];
    implied = Format.BINARY_SI;
  } else if (decimalSuffix !== undefined) {
    power10 += DECIMAL_EXPONENTS[decimalSuffix];
  } else if (exponentText !== undefined) {
    const exponent = Number(exponentText);
    if (Math.abs(exponent) > MAX_EXPONENT) {
      return { format: Format.DECIMAL_EXPONENT, problem: `the exponent ${exponentText} is not a 32-bit integer`, outOfRange: true };
    }
    power10 += exponent;
    implied = Format.DECIMAL_EXPONENT;
  }
  let result = format ?? implied;
  if (digits.length === 0) return { nanos: 0n, format: result };

  // value = digits × 10^power10 × 2^power2, with 10^(digits.length - 1) <= digits < 10^digits.length.
  // Decide the far-out cases from the orders of magnitude, so that "1e999999" costs no huge power.
  if (digits.length - 1 + power10 >= 19) {
    return { format: result, problem: 'its magnitude exceeds 2^63-1', outOfRange: true };
  }
  const shift = power10 + 9;
  let magnitude: bigint;
  if (shift < 0 && -shift > digits.length + Math.ceil(power2 * Math.log10(2)) + 1) {
    magnitude = 1n; // less than 1n: rounds up to the smallest amount
  } else {
    const numerator = BigInt(digits) * (1n << BigInt(power2)) * (shift > 0 ? 10n ** BigInt(shift) : 1n);
    const denominator = shift < 0 ? 10n ** BigInt(-shift) : 1n;
    magnitude = (numerator + denominator - 1n) / denominator;
  }
  if (magnitude > MAX_NANOS) return { format: result, problem: 'its magnitude exceeds 2^63-1', outOfRange: true };
  // Kubernetes writes binary values between 0 and 1 in decimal ("0.5Ki" is "512", but "0.0001Ki" is "102400u").
  if (result === Format.BINARY_SI && magnitude < NANOS_PER_UNIT) result = Format.DECIMAL_SI;
  return { nanos: sign === '-' ? -magnitude : magnitude, format: result };
}

/** A valid spelling close to `text` (stray spaces, a byte unit "B", a suffix in the wrong case), if one exists. */
function suggest(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  const recased = /[bB]$/.test(compact)
    // "10MB", "1kb", "1KiB": a byte unit; the letter before it is a multiplier (never milli).
    ? compact.slice(0, -1)
      .replace(/([kmgtpe])i$/i, (_all, letter: string) => `${letter.toUpperCase()}i`)
      .replace(/([kmgtpe])$/i, (_all, letter: string) => (letter === 'k' || letter === 'K' ? 'k' : letter.toUpperCase()))
    : compact
      .replace(/([kmgtpe])i$/i, (_all, letter: string) => `${letter.toUpperCase()}i`)
      .replace(/K$/, 'k')
      .replace(/([gtp])$/, (_all, letter: string) => letter.toUpperCase());
  for (const candidate of [compact, recased]) {
    if (candidate !== text && candidate.length > 0 && parseText(candidate).nanos !== undefined) return candidate;
  }
  return undefined;
}

import { IConstruct } from 'constructs';
import { ErrorCode, ValidationError } from './errors';

// The public boundary's one discipline. JavaScript callers, and other languages through jsii, can pass anything:
// the wrong type, null inside nested props, NaN, Infinity, huge numbers, a string that looks like an enum value,
// prototype keys in maps. Every prop of every construct and factory goes through these guards, which refuse such
// input with a coded ValidationError naming the prop, the value and the fix — never a TypeError, never a coercion.

/** What is being checked, for the error. */
export interface Check {
  /** The construct the value belongs to (its path is reported). */
  readonly scope?: IConstruct;
  /** The code a refusal carries. */
  readonly code: ErrorCode;
  /** The prop, as the user wrote it: `maxNodes`, `quotas[2].pool`, `taints[0].key`. */
  readonly what: string;
  /** How to fix it. */
  readonly fix: string;
}

/** The kind of value received, in words: "null", "an array", "a string", "NaN". */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? 'a number' : String(value);
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A value as text for a message, whatever it is (an object whose `toString` is not a function does not crash it). */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return kindOf(value);
}

function refuse(check: Check, message: string, received: unknown, allowed?: string): ValidationError {
  return new ValidationError(check.code, { message, received: received === undefined ? '[undefined]' : received, allowed, fix: check.fix }, check.scope);
}

/** A plain object (not null, not an array): props and nested props. */
export function assertObject(value: unknown, check: Check): asserts value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw refuse(check, `${check.what} must be an object, not ${kindOf(value)}.`, value);
  }
}

/** An array whose items pass `each`. */
export function assertArray(value: unknown, check: Check, each?: (item: unknown, index: number) => void): asserts value is unknown[] {
  if (!Array.isArray(value)) throw refuse(check, `${check.what} must be a list, not ${kindOf(value)}.`, value);
  if (each) value.forEach(each);
}

/** Rules for a string. */
export interface StringRule {
  /** Allowed characters and shape. */
  readonly pattern?: RegExp;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** What is allowed, in words, for the error. */
  readonly allowed?: string;
}

/** A string of the right shape. Empty strings are refused unless `minLength` is 0. */
export function assertString(value: unknown, check: Check, rule: StringRule = {}): asserts value is string {
  if (typeof value !== 'string') throw refuse(check, `${check.what} must be a string, not ${kindOf(value)}.`, value, rule.allowed);
  const min = rule.minLength ?? 1;
  if (value.length < min || (rule.maxLength !== undefined && value.length > rule.maxLength)) {
    const bounds = rule.maxLength === undefined ? `at least ${min}` : `${min} to ${rule.maxLength}`;
    throw refuse(check, `${check.what} must be ${bounds} characters long (it has ${value.length}).`, value, rule.allowed);
  }
  if (rule.pattern && !rule.pattern.test(value)) throw refuse(check, `${check.what} is not well formed.`, value, rule.allowed);
}

/** `true` or `false`; `'no'`, `0` and `'false'` are refused, not read as booleans. */
export function assertBoolean(value: unknown, check: Check): asserts value is boolean {
  if (typeof value !== 'boolean') throw refuse(check, `${check.what} must be true or false, not ${kindOf(value)}.`, value, 'true, false');
}

/** Bounds of a number. */
export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  /** Whether only whole numbers are allowed. */
  readonly integer?: boolean;
}

/** A finite number (whole, when asked) within bounds; strings such as `'24'` are refused, not coerced. */
export function assertNumber(value: unknown, check: Check, rule: NumberRule = {}): asserts value is number {
  const bounds = [rule.min !== undefined ? `at least ${rule.min}` : undefined, rule.max !== undefined ? `at most ${rule.max}` : undefined]
    .filter((b) => b !== undefined).join(' and ');
  const allowed = `${rule.integer ? 'a whole number' : 'a finite number'}${bounds ? ` ${bounds}` : ''}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw refuse(check, `${check.what} must be ${allowed}, not ${kindOf(value)}.`, typeof value === 'number' ? String(value) : value, allowed);
  }
  if ((rule.integer && !Number.isSafeInteger(value)) || (rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
    throw refuse(check, `${check.what} must be ${allowed}.`, value, allowed);
  }
}

/** One of an enum's values (the library's constant, e.g. `Placement.COMPACT`; its key `'COMPACT'` is refused). */
export function assertEnum<T extends string>(value: unknown, values: Record<string, T>, check: Check): asserts value is T {
  const allowed = Object.values(values);
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    const key = typeof value === 'string' ? Object.keys(values).find((k) => k === value) : undefined;
    const hint = key !== undefined ? ` ('${value}' is the constant's name; its value is '${values[key]}')` : '';
    throw refuse(check, `${check.what} is not one of the allowed values${hint}.`, value, allowed.join(', '));
  }
}

/** An instance of one of the library's classes (e.g. a `Capacity` from `Capacity.spot()`, not a look-alike literal). */
export function assertInstance<T>(value: unknown, type: { readonly prototype: T }, check: Check, made: string): asserts value is T {
  if (!(value instanceof (type as unknown as new () => T))) {
    throw refuse(check, `${check.what} must be ${made}, not ${kindOf(value)}${value !== null && typeof value === 'object' ? ' of another kind' : ''}.`, value);
  }
}

/**
 * A map of strings to values (labels, tags, quotas): an object whose own keys and values pass `key` and `entry`.
 * Only own enumerable keys count; keys such as `constructor` or `__proto__` are ordinary keys here.
 */
export function assertStringMap(value: unknown, check: Check, entry?: (key: string, item: unknown) => void): asserts value is Record<string, unknown> {
  assertObject(value, check);
  if (entry) for (const key of Object.keys(value)) entry(key, value[key]);
}

/** Props that may be left out (undefined) but, when given, must be an object. */
export function optionalProps(value: unknown, check: Check): Record<string, unknown> {
  if (value === undefined) return {};
  assertObject(value, check);
  return value;
}

/** Names of properties every JavaScript object inherits: ids and keys the constructs library and plain objects mishandle. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * A construct id: a non-empty string that is not a property every object inherits (the constructs library keeps
 * children in a plain object, where `__proto__` or `constructor` would not be a child).
 */
export function assertConstructId(scope: IConstruct | undefined, id: unknown, what: string): asserts id is string {
  if (typeof id !== 'string' || id.length === 0 || INHERITED.has(id)) {
    throw new ValidationError(ErrorCode.INVALID_NAME, {
      message: `The ${what}'s construct id must be a non-empty string that is not a built-in object property.`,
      received: id === undefined ? '[undefined]' : id,
      allowed: 'any other non-empty string, e.g. "h100-train"',
      fix: 'Pass an id such as "training" as the second argument.',
    }, scope?.node ? scope : undefined);
  }
}

/** `id`, once checked as a construct id (for constructors that must check it before `super()`). */
export function checkedConstructId(id: unknown, what: string): string {
  assertConstructId(undefined, id, what);
  return id;
}

/**
 * A construct id for a name (a DNS label): the name itself, except the one DNS label every object inherits,
 * `constructor`, which the constructs library cannot hold as a child id; it gets a trailing "-", which no DNS label
 * has, so no other name can collide with it.
 */
export function idForName(name: string): string {
  return INHERITED.has(name) ? `${name}-` : name;
}

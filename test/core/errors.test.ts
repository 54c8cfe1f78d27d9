import { Construct } from 'constructs';
import { ErrorCode, ValidationError } from '../../lib/core/errors';

const root = new Construct(undefined as unknown as Construct, 'root');
const pool = new Construct(new Construct(root, 'Platform'), 'Pool');

describe('ValidationError', () => {
  const err = new ValidationError(ErrorCode.POOL_SIZE_INVALID, {
    message: 'The pool size is negative.',
    received: { zeta: 1, alpha: { y: [3, { b: 2, a: 1 }], x: null } },
    allowed: 'a non-negative integer',
    fix: 'Set minSize to 0 or more.',
  }, pool);

  test('the message states code, construct path, what is wrong, the value, what is allowed and the fix, in that order', () => {
    expect(err.message).toBe(
      '[POOL_SIZE_INVALID] root/Platform/Pool: The pool size is negative.'
      + ' Received: {"alpha":{"x":null,"y":[3,{"a":1,"b":2}]},"zeta":1}.'
      + ' Allowed: a non-negative integer.'
      + ' Fix: Set minSize to 0 or more.',
    );
  });

  test('the received value is JSON with keys sorted at every depth, arrays kept in order', () => {
    expect(err.receivedJson).toBe('{"alpha":{"x":null,"y":[3,{"a":1,"b":2}]},"zeta":1}');
  });

  test('exposes its parts as fields', () => {
    expect(err.code).toBe(ErrorCode.POOL_SIZE_INVALID);
    expect(err.constructPath).toBe('root/Platform/Pool');
    expect(err.detail).toBe('The pool size is negative.');
    expect(err.allowed).toBe('a non-negative integer');
    expect(err.fix).toBe('Set minSize to 0 or more.');
    expect(err.name).toBe('ValidationError');
  });

  test('is an Error and an instance of ValidationError, with a stack', () => {
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.stack).toContain('POOL_SIZE_INVALID');
  });

  test('without a scope the path is empty and the message has no path', () => {
    const bare = new ValidationError(ErrorCode.CLOUD_INVALID, { message: 'Bad.', fix: 'Fix it.' });
    expect(bare.constructPath).toBe('');
    expect(bare.message).toBe('[CLOUD_INVALID] Bad. Fix: Fix it.');
    expect(bare.receivedJson).toBeUndefined();
    expect(bare.allowed).toBeUndefined();
  });

  test.each<[unknown, string]>([
    [false, 'false'],
    [0, '0'],
    ['', '""'],
    [null, 'null'],
  ])('a falsy received value %j is still reported', (received, json) => {
    const e = new ValidationError(ErrorCode.CLOUD_INVALID, { message: 'Bad.', received, fix: 'Fix it.' });
    expect(e.message).toContain(`Received: ${json}.`);
  });
});

describe('ValidationError.isValidationError', () => {
  test('is true for a ValidationError', () => {
    expect(ValidationError.isValidationError(new ValidationError(ErrorCode.INVALID_NAME, { message: 'm', fix: 'f' }))).toBe(true);
  });

  test.each<[string, unknown]>([
    ['a plain Error', new Error('[INVALID_NAME] looks similar')],
    ['an object with a code', { code: 'INVALID_NAME', message: 'm' }],
    ['null', null],
    ['undefined', undefined],
    ['a string', '[INVALID_NAME] m'],
  ])('is false for %s', (_what, value) => {
    expect(ValidationError.isValidationError(value)).toBe(false);
  });

  test('recognises an error from a second copy of the library, where instanceof does not', () => {
    let Other: typeof ValidationError | undefined;
    jest.isolateModules(() => {

      Other = require('../../lib/core/errors').ValidationError;
    });
    const foreign = new Other!(ErrorCode.INVALID_NAME, { message: 'm', fix: 'f' });
    expect(Other).not.toBe(ValidationError);
    expect(foreign).not.toBeInstanceOf(ValidationError);
    expect(ValidationError.isValidationError(foreign)).toBe(true);
  });
});

describe('ErrorCode', () => {
  test('every code is spelled as its name, so that a message and a switch agree', () => {
    for (const [name, value] of Object.entries(ErrorCode)) {
      expect(value).toBe(name);
    }
  });
});

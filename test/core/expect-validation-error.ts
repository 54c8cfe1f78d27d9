import { ValidationError } from '../../lib/core/errors';

/**
 * Runs `fn` and returns the ValidationError it throws. Fails the test when `fn` returns normally
 * or throws anything else, so that a wrong error type never passes as "threw".
 */
export function catchValidationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (ValidationError.isValidationError(e)) return e;
    throw e;
  }
  throw new TypeError('expected a ValidationError, but nothing was thrown');
}

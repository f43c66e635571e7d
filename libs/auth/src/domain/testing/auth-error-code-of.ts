import { AuthError, AuthErrorCode } from '../auth.error';

/**
 * The code of the AuthError that `fn` throws, or undefined when it does not throw.
 * Any other error is rethrown, so a bug does not pass for a rejection.
 */
export function authErrorCodeOf(fn: () => unknown): AuthErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    throw error;
  }
  return undefined;
}

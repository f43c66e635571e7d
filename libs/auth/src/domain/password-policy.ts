import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordWeakness } from '@lib/kernel';
import { AuthError, AuthErrorCode } from './auth.error';

// The rule itself is in the kernel, so the config can check ADMIN_PASSWORD before anything starts.
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

/** NIST-style policy (see the kernel's passwordWeakness): a refusal is WEAK_PASSWORD with the reason. */
export function assertPasswordPolicy(password: string, email: string): void {
  const reason = passwordWeakness(password, email);
  if (reason) throw new AuthError(AuthErrorCode.WEAK_PASSWORD, reason);
}

import { AuthError, AuthErrorCode } from './auth.error';

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/**
 * Emails are unique case-insensitively: the stored form is trimmed and
 * lower-cased, so `Alice@X.io` and `alice@x.io` are one account.
 */
export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) {
    throw new AuthError(AuthErrorCode.INVALID_EMAIL, 'Not a valid email address');
  }
  return email;
}

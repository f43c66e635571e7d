export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/** A short list of the passwords attackers try first (NIST 800-63B: block known-bad values). */
const COMMON = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', '1234567890', '12345678910',
  'qwertyuiop', 'qwerty1234', 'qwerty12345', '1q2w3e4r5t', 'iloveyou12', 'letmein123', 'welcome123',
  'admin12345', 'administrator', 'passw0rd123', 'changeme123', 'trustno1234', 'abcdefghij',
  '0987654321', '1111111111', 'aaaaaaaaaa', 'football123', 'baseball123', 'monkey1234', 'dragon1234',
]);

/**
 * NIST-style policy: length over composition rules. 10 to 128 characters, not
 * a well-known password, not one repeated character, not the email itself.
 * Pure, in the kernel: the auth domain enforces it on accounts, and the config
 * checks ADMIN_PASSWORD with it before anything starts. `email` is normalised
 * (trimmed, lower case). Returns why the password is refused, or undefined.
 */
export function passwordWeakness(password: string, email: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `Password must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'Password is too common';
  if (new Set(lower).size === 1) return 'Password must not repeat a single character';
  const local = email.split('@')[0] ?? '';
  if (lower === email || (local.length >= 4 && lower.includes(local))) return 'Password must not contain the email';
  return undefined;
}

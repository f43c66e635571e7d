import { passwordWeakness } from '@lib/kernel';
import type { AdminConfig } from './app-config';
import type { EnvReader } from './env-reader';

/**
 * ADMIN_EMAIL / ADMIN_PASSWORD (both or neither) and ADMIN_ALLOW_PROMOTION.
 * The password must pass the account password policy (the kernel's rule, the
 * one registration uses): a weak one is reported here, naming ADMIN_PASSWORD,
 * before the database or anything else starts.
 */
export function readAdmin(e: EnvReader): AdminConfig | undefined {
  const email = e.string('ADMIN_EMAIL');
  const password = e.raw('ADMIN_PASSWORD');
  const allowPromotion = e.bool('ADMIN_ALLOW_PROMOTION', false);
  if (email === undefined && password === undefined) return undefined;
  if (email === undefined) e.fail('ADMIN_EMAIL', 'is required when ADMIN_PASSWORD is set');
  if (password === undefined) e.fail('ADMIN_PASSWORD', 'is required when ADMIN_EMAIL is set');
  const validEmail = email !== undefined && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email);
  if (email !== undefined && !validEmail) e.fail('ADMIN_EMAIL', 'is not an email address');
  if (password !== undefined) {
    // Checked against the email as the account will store it; without a valid email, on its own.
    const weakness = passwordWeakness(password, validEmail ? email.trim().toLowerCase() : '');
    if (weakness) e.fail('ADMIN_PASSWORD', `fails the password policy: ${weakness}`);
  }
  return email && password ? { email, password, allowPromotion } : undefined;
}

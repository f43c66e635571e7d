import { createHash, randomInt } from 'node:crypto';

/**
 * Two-factor authentication with TOTP (RFC 6238; docs/two-factor.md): what
 * every authenticator app speaks, 6 digits, a 30-second step, HMAC-SHA1.
 */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** Steps of clock drift accepted on either side of the current one. */
export const TOTP_DRIFT_STEPS = 1;
export const TOTP_ISSUER = 'Exchange';
/** Single-use recovery codes handed out when 2FA is enabled. */
export const RECOVERY_CODE_COUNT = 10;
/** How long the token between a right password and the second factor lives. */
export const MFA_CHALLENGE_TTL_SECONDS = 300;

export type TwoFactorStatus = 'PENDING' | 'ENABLED';

/** A user's second factor as stored (the secret decrypted: base32, as the authenticator app shows it). */
export interface TwoFactorRecord {
  readonly userId: string;
  readonly status: TwoFactorStatus;
  readonly secret: string;
  /** The last time step a code was accepted for: a code of that step or an earlier one is a replay. */
  readonly lastUsedStep: number | null;
  readonly createdAt: Date;
  readonly enabledAt: Date | null;
}

/** What the second factor is proven with: a current code, or (login and removal only) a recovery code. */
export interface TwoFactorProof {
  readonly code?: string | null;
  readonly recoveryCode?: string | null;
}

export function isTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

/** The time step a moment falls in. */
export function timeStepOf(atMs: number): number {
  return Math.floor(atMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** A code matched at `step` is accepted once: only a step after the last one accepted. */
export function isFreshStep(step: number, lastUsedStep: number | null): boolean {
  return lastUsedStep === null || step > lastUsedStep;
}

// Crockford-like alphabet without look-alikes (no 0/o, 1/l/i): read off paper and typed back.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten codes like `k7m2p-x9qaz`: 10 characters of a 31-letter alphabet, about 49 bits each. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    // randomInt draws without modulo bias.
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Case, spaces and dashes do not matter when a recovery code is typed back. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/**
 * Recovery codes are stored hashed. They are random (about 49 bits) and
 * guesses are limited, so a fast hash is enough: there is no password to stretch.
 */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(code), 'utf8').digest('hex');
}

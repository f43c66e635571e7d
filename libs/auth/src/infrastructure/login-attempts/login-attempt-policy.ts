import { AppConfig } from '@lib/platform';
import { PasswordAttempt } from '../../application/ports';

export interface WindowKey {
  readonly key: string;
  readonly limit: number;
}

/** The counters an attempt reserves, and what a right password does to them. */
export interface AttemptCounters {
  readonly reserve: readonly WindowKey[];
  /** Forgotten on a right password (the account's or user's failures). */
  readonly resetOnSuccess: readonly WindowKey[];
  /** Given back one attempt on a right password (the IP's: a success is not a guess against it). */
  readonly releaseOnSuccess: readonly WindowKey[];
}

export function countersOf(config: AppConfig, attempt: PasswordAttempt): AttemptCounters {
  if (attempt.kind === 'password-change') {
    // The same budget as a login: a wrong current password is a guess by whoever holds the session.
    const user = { key: `password-fail:user:${attempt.userId}`, limit: config.auth.maxFailuresPerAccount };
    return { reserve: [user], resetOnSuccess: [user], releaseOnSuccess: [] };
  }
  if (attempt.kind === 'two-factor') {
    // Six digits are 10^6 codes: the per-account budget keeps a guesser far from one.
    const user = { key: `two-factor-fail:user:${attempt.userId}`, limit: config.auth.maxFailuresPerAccount };
    return { reserve: [user], resetOnSuccess: [user], releaseOnSuccess: [] };
  }
  const account = { key: `login-fail:account:${attempt.account}`, limit: config.auth.maxFailuresPerAccount };
  const ip = { key: `login-fail:ip:${attempt.ip}`, limit: config.auth.maxFailuresPerIp };
  return { reserve: [account, ip], resetOnSuccess: [account], releaseOnSuccess: [ip] };
}

/** A guess: a login (counted per account and per IP), the current password of a password change or a second-factor code (per user). */
export type PasswordAttempt =
  | { readonly kind: 'login'; /** The normalised email that was tried, whether or not an account has it. */ readonly account: string; readonly ip: string }
  | { readonly kind: 'password-change'; readonly userId: string }
  /** A second-factor code (login, setup confirmation, step-up, removal): per user. */
  | { readonly kind: 'two-factor'; readonly userId: string };

/**
 * Counts password guesses in fixed windows: per account and per IP for logins,
 * per user for password changes. An attempt is reserved atomically BEFORE the
 * password is verified, so a burst of parallel guesses cannot all pass a check
 * made while the first ones are still hashing (measured before: 35-100 of 100
 * parallel wrong passwords were evaluated against a limit of 5).
 */
export abstract class LoginAttemptLimiter {
  /**
   * Takes one attempt from each of the attempt's counters, all or none. 0: taken, go on and verify;
   * otherwise a counter is at its limit: the seconds until its window ends (nothing was taken).
   */
  abstract reserve(attempt: PasswordAttempt): Promise<number>;
  /** The password was right: the account's (user's) failures are forgotten and the IP's attempt is given back. */
  abstract succeeded(attempt: PasswordAttempt): Promise<void>;
  /** The attempt failed before the password was judged (a server error): its reservations are given back. */
  abstract abandoned(attempt: PasswordAttempt): Promise<void>;
}

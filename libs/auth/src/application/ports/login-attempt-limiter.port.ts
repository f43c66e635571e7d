export interface LoginAttemptKeys {
  /** The normalised email that was tried, whether or not an account has it. */
  readonly account: string;
  readonly ip: string;
}

/**
 * Counts failed logins per account and per IP in a fixed window. Once either
 * counter reaches its limit, logins for that key are refused until the window ends.
 */
export abstract class LoginAttemptLimiter {
  /** Seconds until the next attempt is allowed, or 0 when it is allowed now. */
  abstract retryAfterSeconds(keys: LoginAttemptKeys): Promise<number>;
  abstract recordFailure(keys: LoginAttemptKeys): Promise<void>;
  /** A successful login clears the account counter (not the IP's). */
  abstract recordSuccess(keys: LoginAttemptKeys): Promise<void>;
}

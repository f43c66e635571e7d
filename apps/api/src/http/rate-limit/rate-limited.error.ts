/** A request over one of its rate-limit budgets: 429 RATE_LIMITED with Retry-After (the RateLimit-* headers are already on the reply). */
export class RateLimitedError extends Error {
  readonly code = 'RATE_LIMITED';

  constructor(
    readonly retryAfterSeconds: number,
    readonly budget: string,
  ) {
    super(`Too many requests (the ${budget} budget); retry in ${retryAfterSeconds} s`);
  }
}

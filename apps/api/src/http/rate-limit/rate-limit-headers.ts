/** Where one request stands in one of its budgets. */
export interface BudgetState {
  readonly limit: number;
  readonly windowSeconds: number;
  readonly remaining: number;
  /** Seconds until the window resets. */
  readonly resetSeconds: number;
}

/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers): Limit, Remaining and
 * Reset describe the budget closest to running out (fewest remaining, then the longest wait);
 * Policy lists every budget of the route, e.g. `60;w=60, 10;w=3600`.
 */
export function rateLimitHeaders(states: readonly BudgetState[]): Record<string, string> {
  const closest = states.reduce((a, b) => (b.remaining < a.remaining || (b.remaining === a.remaining && b.resetSeconds > a.resetSeconds) ? b : a));
  return {
    'RateLimit-Limit': String(closest.limit),
    'RateLimit-Remaining': String(closest.remaining),
    'RateLimit-Reset': String(closest.resetSeconds),
    'RateLimit-Policy': states.map((s) => `${s.limit};w=${s.windowSeconds}`).join(', '),
  };
}

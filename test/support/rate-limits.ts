/**
 * Every suite's requests come from 127.0.0.1 and many of its users act in bursts: the HTTP
 * rate limits are off unless a suite turns a budget on (test/rate-limits*.e2e-spec.ts,
 * test/auth-limits*.e2e-spec.ts).
 */
export const RATE_LIMITS_OFF: Readonly<Record<string, string>> = {
  RATE_LIMIT_ORDERS: '0',
  RATE_LIMIT_READS: '0',
  RATE_LIMIT_WRITES: '0',
  RATE_LIMIT_AUTH: '0',
  RATE_LIMIT_REGISTER: '0',
  RATE_LIMIT_PUBLIC: '0',
};

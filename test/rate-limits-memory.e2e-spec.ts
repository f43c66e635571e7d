import { describeRateLimits } from './support/rate-limit-suite';

// The single-instance fallback: no REDIS_URL, the library's in-memory storage.
describeRateLimits('HTTP rate limits (e2e, in memory)', { REDIS_URL: '' });

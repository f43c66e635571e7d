import { describeRateLimits } from './support/rate-limit-suite';

// Counted in Redis when the run sets REDIS_URL (CI does), else in memory.
describeRateLimits('HTTP rate limits (e2e, the run\'s storage)', {});

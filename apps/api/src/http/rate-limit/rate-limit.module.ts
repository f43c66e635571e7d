import { Module } from '@nestjs/common';
import { ThrottlerModule, ThrottlerOptions } from '@nestjs/throttler';
import { AppConfig, MemoryThrottlerStorage, RedisConnection, RedisThrottlerStorage } from '@lib/platform';
import { BUDGET_NAMES } from './route-budgets';

/**
 * @nestjs/throttler with one throttler per budget of RATE_LIMIT_* (a budget set to 0 has none),
 * counted in Redis when REDIS_URL is set (shared by the instances), else in memory. The guard
 * (RateLimitGuard) is registered as an APP_GUARD in AppModule, after authentication, and counts a
 * request against the throttlers of its budgets (route-budgets.ts).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, RedisConnection],
      useFactory: (config: AppConfig, redis: RedisConnection) => ({
        throttlers: BUDGET_NAMES.filter((name) => config.rateLimits[name].limit > 0).map(
          (name): ThrottlerOptions => ({
            name,
            limit: config.rateLimits[name].limit,
            ttl: config.rateLimits[name].windowSeconds * 1000,
            // 0: at the limit a request is refused (and not counted) until the window ends; no longer block.
            blockDuration: 0,
          }),
        ),
        storage: redis.enabled ? new RedisThrottlerStorage(redis) : new MemoryThrottlerStorage(),
        setHeaders: false,
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitModule {}

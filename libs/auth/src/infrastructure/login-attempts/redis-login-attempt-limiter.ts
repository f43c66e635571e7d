import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, RedisConnection } from '@lib/platform';
import Redis from 'ioredis';
import { LoginAttemptKeys, LoginAttemptLimiter } from '../../application/ports';
import { WindowKey, windowKeys } from './login-attempt-policy';

/**
 * Shared across API instances. If Redis is unreachable the limiter fails open
 * (logins keep working, with a warning): an outage of the cache must not lock
 * every user out.
 */
@Injectable()
export class RedisLoginAttemptLimiter extends LoginAttemptLimiter {
  private readonly logger = new Logger(RedisLoginAttemptLimiter.name);

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisConnection,
  ) {
    super();
  }

  private get client(): Redis {
    if (!this.redis.client) throw new Error('RedisLoginAttemptLimiter needs REDIS_URL');
    return this.redis.client;
  }

  async retryAfterSeconds(keys: LoginAttemptKeys): Promise<number> {
    const { account, ip } = windowKeys(this.config, keys);
    try {
      const [a, b] = await Promise.all([this.blockedFor(account), this.blockedFor(ip)]);
      return Math.max(a, b);
    } catch (error) {
      this.logger.warn(`login limiter unavailable: ${(error as Error).message}`);
      return 0;
    }
  }

  async recordFailure(keys: LoginAttemptKeys): Promise<void> {
    const ttl = this.config.auth.lockoutSeconds;
    const pipeline = this.client.multi();
    for (const { key } of Object.values(windowKeys(this.config, keys))) {
      pipeline.incr(this.redis.key(key)).expire(this.redis.key(key), ttl, 'NX');
    }
    await pipeline.exec().catch((error: Error) => this.logger.warn(`login limiter unavailable: ${error.message}`));
  }

  async recordSuccess(keys: LoginAttemptKeys): Promise<void> {
    await this.client
      .del(this.redis.key(windowKeys(this.config, keys).account.key))
      .catch((error: Error) => this.logger.warn(`login limiter unavailable: ${error.message}`));
  }

  private async blockedFor({ key, limit }: WindowKey): Promise<number> {
    const full = this.redis.key(key);
    const [[, count], [, ttl]] = (await this.client.multi().get(full).ttl(full).exec()) as [[null, string | null], [null, number]];
    return Number(count ?? 0) >= limit && ttl > 0 ? ttl : 0;
  }
}

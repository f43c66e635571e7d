import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { RedisConnection } from './redis-connection';

/**
 * One hit in a fixed window, in one round trip. KEYS[1]: the window's counter; KEYS[2]: the block
 * marker. ARGV: limit, window (ms), block duration (ms). Answers {hits, ms to window end, blocked,
 * ms to block end}.
 * - block duration 0: at the limit a hit is refused and not counted, until the window ends.
 * - block duration > 0: the hit past the limit starts a block of that length (the library's
 *   default semantics), during which hits are refused and not counted.
 */
const INCREMENT = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local block = tonumber(ARGV[3])
local blocked = redis.call('PTTL', KEYS[2])
local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  hits = 0
  ttl = window
end
if blocked > 0 then return {hits + 1, ttl, 1, blocked} end
if block <= 0 and hits >= limit then return {hits + 1, ttl, 1, ttl} end
hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], window) end
if block > 0 and hits > limit then
  redis.call('SET', KEYS[2], '1', 'PX', block)
  return {hits, ttl, 1, block}
end
return {hits, ttl, 0, 0}
`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
type ScriptClient = { throttlerIncrement(counter: string, block: string, ...args: number[]): Promise<[number, number, number, number]> };

/** Redis is not connected: the caller decides whether to fail open (the rate limiter does). */
export class RateLimitStoreUnavailable extends Error {}

/**
 * The @nestjs/throttler storage shared by every API instance (REDIS_URL set): a fixed-window
 * counter per key in one Lua script, so concurrent hits from several instances never over-admit.
 * Written here because @nest-lab/throttler-storage-redis declares NestJS <= 11 as its peer.
 * While Redis is not connected it throws at once rather than queueing every request behind
 * ioredis's reconnection.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly scripts: ScriptClient;

  constructor(private readonly redis: RedisConnection) {
    const client = redis.client;
    if (!client) throw new Error('RedisThrottlerStorage needs REDIS_URL');
    client.defineCommand('throttlerIncrement', { numberOfKeys: 2, lua: INCREMENT });
    this.scripts = client as unknown as ScriptClient;
  }

  /** `ttl` and `blockDuration` in milliseconds (the library's unit); the record's times in whole seconds, rounded up. */
  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    if (this.redis.client?.status !== 'ready') throw new RateLimitStoreUnavailable(`redis is ${this.redis.client?.status ?? 'absent'}`);
    const counter = this.redis.key('rate', throttlerName, key);
    const [hits, windowMs, blocked, blockMs] = await this.scripts.throttlerIncrement(counter, `${counter}:blocked`, limit, ttl, blockDuration);
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(windowMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockMs / 1000),
    };
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, RedisConnection } from '@lib/platform';
import { LoginAttemptLimiter, PasswordAttempt } from '../../application/ports';
import { WindowKey, countersOf } from './login-attempt-policy';

/**
 * All or none: when any counter is at its limit, answer the longest wait (seconds, rounded up) and take
 * nothing; otherwise take one attempt from every counter, opening its window on the first.
 * KEYS: the counters; ARGV: their limits, then the window in milliseconds.
 */
const RESERVE = `
local wait = 0
for i, key in ipairs(KEYS) do
  local count = tonumber(redis.call('GET', key) or '0')
  if count >= tonumber(ARGV[i]) then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then
      redis.call('PEXPIRE', key, ARGV[#KEYS + 1])
      ttl = tonumber(ARGV[#KEYS + 1])
    end
    wait = math.max(wait, math.ceil(ttl / 1000))
  end
end
if wait > 0 then return wait end
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[#KEYS + 1]) end
end
return 0
`;

/** Deletes the first ARGV[1] keys, gives one attempt back on the others (never below zero, never reviving an ended window). */
const SETTLE = `
local resets = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  if i <= resets then
    redis.call('DEL', key)
  elseif tonumber(redis.call('GET', key) or '0') > 0 then
    redis.call('DECR', key)
  end
end
return 0
`;

type ScriptClient = {
  loginReserve(numKeys: number, ...args: (string | number)[]): Promise<number>;
  loginSettle(numKeys: number, ...args: (string | number)[]): Promise<number>;
};

/**
 * Shared across API instances; each operation is one Lua script, so reservations
 * from several instances never interleave. If Redis is unreachable the limiter
 * fails open (logins keep working, with a warning): an outage of the cache must
 * not lock every user out.
 */
@Injectable()
export class RedisLoginAttemptLimiter extends LoginAttemptLimiter {
  private readonly logger = new Logger(RedisLoginAttemptLimiter.name);
  private readonly scripts: ScriptClient;

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisConnection,
  ) {
    super();
    const client = redis.client;
    if (!client) throw new Error('RedisLoginAttemptLimiter needs REDIS_URL');
    client.defineCommand('loginReserve', { lua: RESERVE });
    client.defineCommand('loginSettle', { lua: SETTLE });
    this.scripts = client as unknown as ScriptClient;
  }

  async reserve(attempt: PasswordAttempt): Promise<number> {
    const counters = countersOf(this.config, attempt).reserve;
    try {
      const keys = counters.map(({ key }) => this.redis.key(key));
      return Number(await this.scripts.loginReserve(keys.length, ...keys, ...counters.map((c) => c.limit), this.config.auth.lockoutSeconds * 1000));
    } catch (error) {
      this.logger.warn(`login limiter unavailable: ${(error as Error).message}`);
      return 0;
    }
  }

  async succeeded(attempt: PasswordAttempt): Promise<void> {
    const { resetOnSuccess, releaseOnSuccess } = countersOf(this.config, attempt);
    await this.settle(resetOnSuccess, releaseOnSuccess);
  }

  async abandoned(attempt: PasswordAttempt): Promise<void> {
    await this.settle([], countersOf(this.config, attempt).reserve);
  }

  private async settle(reset: readonly WindowKey[], release: readonly WindowKey[]): Promise<void> {
    const keys = [...reset, ...release].map(({ key }) => this.redis.key(key));
    await this.scripts.loginSettle(keys.length, ...keys, reset.length).catch((error: Error) => this.logger.warn(`login limiter unavailable: ${error.message}`));
  }
}

import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RateLimitStoreUnavailable, RedisConnection, RedisThrottlerStorage, loadConfig } from '@lib/platform';
import { waitFor } from './support/wallet';

/**
 * The Redis storage of the rate limiter against a real Redis (the run's, else the machine's):
 * two "instances" (two connections, one key prefix) share each budget and never over-admit.
 */
describe('RedisThrottlerStorage (e2e, real Redis)', () => {
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'throttler-storage-')),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
  });
  const connections = [new RedisConnection(config), new RedisConnection(config)];
  const [a, b] = connections.map((c) => new RedisThrottlerStorage(c)) as [RedisThrottlerStorage, RedisThrottlerStorage];

  beforeAll(async () => {
    for (const c of connections) await waitFor(async () => (c.client?.status === 'ready' ? true : undefined));
  });
  afterAll(async () => {
    for (const c of connections) await c.onApplicationShutdown();
  });

  it('admits exactly the limit of 60 hits sent at once through two instances', async () => {
    const records = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).increment('orders:user:1', 60_000, 10, 0, 'orders')));

    const admitted = records.filter((r) => !r.isBlocked);
    expect(admitted.map((r) => r.totalHits).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const r of records.filter((r) => r.isBlocked)) {
      expect(r.totalHits).toBe(11);
      expect(r.timeToBlockExpire).toBe(60);
      expect(r.timeToExpire).toBe(60);
    }
  });

  it('opens a fresh window once the last one ended', async () => {
    for (let i = 0; i < 3; i += 1) expect((await a.increment('reads:user:2', 300, 3, 0, 'reads')).isBlocked).toBe(false);
    expect((await b.increment('reads:user:2', 300, 3, 0, 'reads')).isBlocked).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, 350));

    expect(await b.increment('reads:user:2', 300, 3, 0, 'reads')).toEqual({ totalHits: 1, timeToExpire: 1, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('with a block duration, the hit past the limit blocks for that long even after the window', async () => {
    expect(await a.increment('auth:ip:1', 200, 2, 5_000, 'auth')).toMatchObject({ isBlocked: false, totalHits: 1 });
    expect(await b.increment('auth:ip:1', 200, 2, 5_000, 'auth')).toMatchObject({ isBlocked: false, totalHits: 2 });
    expect(await a.increment('auth:ip:1', 200, 2, 5_000, 'auth')).toMatchObject({ isBlocked: true, timeToBlockExpire: 5 });

    await new Promise((resolve) => setTimeout(resolve, 250));

    expect(await b.increment('auth:ip:1', 200, 2, 5_000, 'auth')).toMatchObject({ isBlocked: true, timeToBlockExpire: 5 });
  });

  it('fails fast while Redis is not connected, for the guard to let requests through', async () => {
    const offline = new RedisConnection(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'throttler-storage-')), REDIS_URL: 'redis://127.0.0.1:1' }));
    try {
      await expect(new RedisThrottlerStorage(offline).increment('k', 1000, 1, 0, 'reads')).rejects.toBeInstanceOf(RateLimitStoreUnavailable);
    } finally {
      offline.client?.disconnect();
    }
  });
});

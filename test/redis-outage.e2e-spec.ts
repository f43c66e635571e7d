import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { findFreePort } from '@lib/platform';
import { connectPrices, subscribe, suiteDatabase } from './support/market';
import { TestApp, startTestApp } from './support/test-app';
import { waitFor } from './support/wallet';

/**
 * Redis goes away and comes back (a private redis-server, so the machine's is
 * untouched): the app keeps serving, readiness says Redis is down, nothing
 * crashes; when Redis returns it reconnects and ticks reach /prices again.
 */
const REDIS_SERVER = '/usr/bin/redis-server';
const maybe = existsSync(REDIS_SERVER) ? describe : describe.skip;

maybe('Redis outage (e2e, a private redis-server)', () => {
  const db = suiteDatabase('redis_outage');
  let port: number;
  let redis: ChildProcess | undefined;
  let t: TestApp;

  async function startRedis(): Promise<void> {
    redis = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', mkdtempSync(join(tmpdir(), 'redis-outage-'))], { stdio: 'ignore' });
    await waitFor(async () => {
      const socket = await import('node:net').then((net) => net.connect(port, '127.0.0.1'));
      return new Promise<true | undefined>((resolve) => {
        socket.once('connect', () => (socket.end(), resolve(true)));
        socket.once('error', () => resolve(undefined));
      });
    });
  }

  function stopRedis(): Promise<void> {
    return new Promise((resolve) => {
      if (!redis || redis.exitCode !== null) return resolve();
      redis.once('exit', () => resolve());
      redis.kill('SIGKILL');
    });
  }

  beforeAll(async () => {
    port = await findFreePort();
    await startRedis();
    await db.enter();
    t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}`, FEED_ENABLED: 'true', FEED_INTERVAL_MS: '100', LEADER_RETRY_MS: '200' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await stopRedis();
    await db.leave();
  });

  it('keeps serving while Redis is down and streams prices again once it is back', async () => {
    const ready = async () => (await request(t.url).get('/api/health/ready')).body?.checks?.redis as string | undefined;
    expect(await waitFor(async () => ((await ready()) === 'up' ? 'up' : undefined))).toBe('up');

    await stopRedis();
    expect(await waitFor(async () => ((await ready()) === 'down' ? 'down' : undefined))).toBe('down');
    // Still alive and serving what needs no Redis.
    await request(t.url).get('/api/health/live').expect(200);
    await request(t.url).get('/api/v1/markets/BTC-USDT').expect(200);
    const prices = await connectPrices(t.url);
    try {
      expect((await subscribe(prices, ['BTC-USDT'])).subscribed).toEqual(['BTC-USDT']);

      await startRedis();
      expect(await waitFor(async () => ((await ready()) === 'up' ? 'up' : undefined), 20_000)).toBe('up');
      const tick = await new Promise<{ symbol: string }>((resolve) => prices.once('price', resolve));
      expect(tick.symbol).toBe('BTC-USDT');
    } finally {
      prices.close();
    }
  }, 60_000);
});

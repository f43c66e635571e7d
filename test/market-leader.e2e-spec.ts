import { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Account, bearer, login, uniqueEmail } from './support/accounts';
import { PricesClient, collectPrices, connectPrices, subscribe, suiteDatabase, until } from './support/market';
import { buildApp, startAppProcess } from './support/app-process';

jest.setTimeout(90_000);

const withRedis = process.env.REDIS_URL !== undefined && process.env.REDIS_URL !== '';

interface Instance {
  readonly url: string;
  readonly child: ChildProcess;
  admin?: Account;
}

/**
 * Two real API processes on one PostgreSQL (and one Redis when REDIS_URL is
 * set): exactly one runs the price feed; SIGKILL it and the other takes over
 * within a few seconds, and a subscriber on the survivor keeps receiving prices.
 */
describe('market: one feed leader across instances (e2e, two real processes)', () => {
  let build: string;
  const db = suiteDatabase('leader');
  const adminEmail = uniqueEmail('leader-admin');
  const redisPrefix = `test:${randomUUID()}:`;
  const instances: Instance[] = [];
  const sockets: PricesClient[] = [];

  beforeAll(async () => {
    // A build of its own: other suites may rebuild theirs while this one runs.
    build = buildApp('market-leader');
    await db.create();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const i of instances) i.child.kill('SIGKILL');
    await db.drop();
  });

  async function start(): Promise<Instance> {
    const instance: Instance = await startAppProcess(build, {
      DATABASE_URL: db.url,
      // Both instances share the Socket.IO channels: one prefix.
      ...(withRedis ? { REDIS_KEY_PREFIX: redisPrefix } : {}),
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
      FEED_INTERVAL_MS: '150',
      LEADER_RETRY_MS: '300',
    });
    instances.push(instance);
    instance.admin = await login(instance.url, adminEmail, 'admin passphrase for tests');
    return instance;
  }

  async function leads(instance: Instance): Promise<boolean> {
    const status = await request(instance.url).get('/api/v1/admin/markets/feed').set(bearer(instance.admin!.accessToken)).expect(200);
    return status.body.leader === true;
  }

  it('runs one feed; when its leader dies the other instance takes over and its subscribers keep receiving prices', async () => {
    const a = await start();
    await until('a feed leader', () => leads(a), 10_000);
    const b = await start();
    // Let b try a few times: it must stay a follower while a lives.
    await new Promise((r) => setTimeout(r, 1000));
    expect([await leads(a), await leads(b)]).toEqual([true, false]);

    // The follower serves the leader's prices over REST (read from the database).
    const before = (await request(b.url).get('/api/v1/markets/ETH-USDT/mark-price').expect(200)).body;

    const onSurvivor = await connectPrices(b.url);
    sockets.push(onSurvivor);
    expect(await subscribe(onSurvivor, ['ETH-USDT'])).toEqual({ subscribed: ['ETH-USDT'] });
    const seen = collectPrices(onSurvivor);
    if (withRedis) {
      // With the Redis adapter the leader's emits reach b's sockets, exactly once per tick.
      await until('prices relayed from the leader', () => (seen.length >= 5 ? true : undefined), 10_000);
      expect(new Set(seen.map((p) => p.ts)).size).toBe(seen.length);
    }

    a.child.kill('SIGKILL');
    const killedAt = Date.now();
    await until('b to take over', () => leads(b), 10_000);
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(5000);

    const afterKill = seen.length;
    await until('prices from the new leader', () => (seen.length >= afterKill + 5 ? true : undefined), 10_000);
    const fresh = seen.slice(afterKill);
    expect(fresh.every((p) => p.symbol === 'ETH-USDT')).toBe(true);
    expect(new Set(fresh.map((p) => p.ts)).size).toBe(fresh.length);
    // The walk resumed where the dead leader left it: tick numbers continue, no restart from the initial price.
    const after = (await request(b.url).get('/api/v1/markets/ETH-USDT/mark-price').expect(200)).body;
    expect(after.seq).toBeGreaterThan(before.seq);
    const klines = (await request(b.url).get('/api/v1/markets/ETH-USDT/klines?source=mark&interval=1m').expect(200)).body.candles;
    expect(klines.length).toBeGreaterThanOrEqual(1);

    // A third instance joins as a follower.
    const c = await start();
    await new Promise((r) => setTimeout(r, 800));
    expect([await leads(b), await leads(c)]).toEqual([true, false]);
  });
});

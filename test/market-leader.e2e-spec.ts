import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { findFreePort } from '@lib/platform';
import request from 'supertest';
import { Account, bearer, login, uniqueEmail } from './support/accounts';
import { PricesClient, collectPrices, connectPrices, subscribe, suiteDatabase, until } from './support/market';
import { TEST_JWT_SECRET } from './support/test-app';

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
  const root = resolve(__dirname, '..');
  // A build of its own: other suites may rebuild theirs while this one runs.
  const build = join(root, 'dist-crash-test', 'market-leader');
  const db = suiteDatabase('leader');
  const adminEmail = uniqueEmail('leader-admin');
  const redisPrefix = `test:${randomUUID()}:`;
  const instances: Instance[] = [];
  const sockets: PricesClient[] = [];

  beforeAll(async () => {
    execFileSync(join(root, 'node_modules/.bin/swc'), ['apps', 'libs', '-d', build, '--ignore', '**/*.spec.ts,**/testing/**', '-q'], { cwd: root, stdio: 'inherit' });
    await db.create();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const i of instances) i.child.kill('SIGKILL');
    await db.drop();
  });

  async function start(): Promise<Instance> {
    const port = await findFreePort();
    const child = spawn(process.execPath, [join(build, 'apps/api/src/main.js')], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'exchange-leader-')),
        DATABASE_URL: db.url,
        DATABASE_POOL_SIZE: '5',
        // Both instances share the Socket.IO channels: one prefix.
        ...(withRedis ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: redisPrefix } : {}),
        JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: 'error',
        ADMIN_EMAIL: adminEmail,
        ADMIN_PASSWORD: 'admin passphrase for tests',
        FEED_INTERVAL_MS: '150',
        LEADER_RETRY_MS: '300',
      },
    });
    const instance: Instance = { url: `http://127.0.0.1:${port}`, child };
    instances.push(instance);
    await until('the instance to be ready', async () => ((await fetch(`${instance.url}/api/health/ready`).catch(() => undefined))?.ok ? true : undefined), 30_000);
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

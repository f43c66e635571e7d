import { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Socket, io } from 'socket.io-client';
import type { AlertView } from '@lib/platform';
import type { AdminActivity, AdminMetrics, AdminServerToClientEvents } from '../apps/api/src/monitoring/admin.events';
import { bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase, until } from './support/market';
import { buildApp, startAppProcess } from './support/app-process';

jest.setTimeout(120_000);

const withRedis = process.env.REDIS_URL !== undefined && process.env.REDIS_URL !== '';
const ADMIN_PASSWORD = 'admin passphrase for tests';

/**
 * /admin across two real API processes on one PostgreSQL and one Redis: an
 * admin connected to one instance sees both in `metrics` (sockets of the
 * other summed in), a sign-up served by the other as `activity`, and the
 * alert raised by whichever instance holds the alerts lease.
 */
(withRedis ? describe : describe.skip)('admin: /admin across two instances with Redis (e2e, two real processes)', () => {
  let build: string;
  const db = suiteDatabase('admin2');
  const redisPrefix = `test:${randomUUID()}:`;
  const adminEmail = uniqueEmail('admin2');
  const children: ChildProcess[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    build = buildApp('admin-monitoring-instances');
    await db.create();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const c of children) c.kill('SIGKILL');
    await db.drop();
  });

  async function start(): Promise<string> {
    const app = await startAppProcess(build, {
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: '10',
      REDIS_KEY_PREFIX: redisPrefix,
      FEED_INTERVAL_MS: '200',
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD,
      ADMIN_METRICS_INTERVAL_MS: '300',
      ADMIN_ALERTS: 'true',
      ALERT_FEED_STALE_MS: '1500',
    });
    children.push(app.child);
    return app.url;
  }

  it('aggregates both instances, and relays activity and alerts from either', async () => {
    const a = await start();
    const b = await start();
    const admin = await login(a, adminEmail, ADMIN_PASSWORD);
    const socket: Socket<AdminServerToClientEvents> = io(`${a}/admin`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: admin.accessToken } });
    sockets.push(socket);
    const metrics: AdminMetrics[] = [];
    const activity: AdminActivity[] = [];
    const alerts: AlertView[] = [];
    socket.on('metrics', (m) => metrics.push(m));
    socket.on('activity', (m) => activity.push(m));
    socket.on('alert', (m) => alerts.push(m));
    await new Promise<void>((ok, fail) => {
      socket.once('connect', () => ok());
      socket.once('connect_error', fail);
    });

    // A /user socket on B counts in A's aggregate.
    const user = await register(b);
    const userSocket = io(`${b}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: user.accessToken } });
    sockets.push(userSocket);
    const both = await until('both instances with B\'s /user socket', () => metrics.find((m) => m.instances === 2 && m.sockets['/user'] === 1 && m.sockets['/admin'] === 1), 15_000);
    expect(new Set(both.perInstance.map((i) => i.instance)).size).toBe(2);
    expect(both.perInstance.find((i) => i.sockets['/user'] === 1)?.sockets['/admin']).toBe(0);

    // The sign-up was served by B: its activity reached A's admin through Redis.
    await until('B\'s sign-up on A', () => activity.find((x) => x.kind === 'SIGN_UP' && x.data.userId === user.id), 10_000);

    // The feed paused through B: the alert reaches A's admin whichever instance evaluates it, once.
    await request(b).put('/api/v1/admin/markets/feed').set(bearer((await login(b, adminEmail, ADMIN_PASSWORD)).accessToken)).send({ paused: true, reason: 'drill on two instances' }).expect(200);
    await until('STALE_FEED on A', () => alerts.find((x) => x.code === 'STALE_FEED' && x.subject === 'ETH-USDT'), 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(alerts.filter((x) => x.code === 'STALE_FEED' && x.subject === 'ETH-USDT' && x.clearedAt === null)).toHaveLength(1);
  });
});

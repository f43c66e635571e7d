import request from 'supertest';
import { Socket, io } from 'socket.io-client';
import type { AlertView } from '@lib/platform';
import type { AdminActivity, AdminMetrics, AdminServerToClientEvents } from '../apps/api/src/monitoring/admin.events';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { sleep, suiteDatabase, until } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { deposit } from './support/wallet';

jest.setTimeout(90_000);

type AdminClient = Socket<AdminServerToClientEvents>;

/** A decimal string in units of 10^-8 (exact). */
const units8 = (decimal: string): bigint => {
  const [whole, fraction = ''] = decimal.split('.');
  return BigInt(whole!) * 100_000_000n + BigInt((fraction + '00000000').slice(0, 8));
};
const INTERVAL_MS = 300;

/**
 * The /admin monitoring namespace through a real socket.io client
 * (docs/admin-monitoring.md): refused without a token and for a user;
 * `metrics` on schedule with the trades made meanwhile; `activity` for a
 * sign-up, a large trade, a failed-login burst and an admin action; a stale
 * feed (the feed paused by an admin) raises STALE_FEED once, GET /admin/alerts
 * lists it, and resuming the feed clears it; a demoted admin is disconnected
 * at the next session check.
 */
describe('admin: the /admin monitoring namespace (e2e, socket.io-client)', () => {
  const db = suiteDatabase('admin-monitor');
  const adminEmail = uniqueEmail('monitor-admin');
  let t: TestApp;
  let admin: Account;
  const sockets: AdminClient[] = [];

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      FEED_INTERVAL_MS: '100',
      DATABASE_POOL_SIZE: '20',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
      ADMIN_METRICS_INTERVAL_MS: String(INTERVAL_MS),
      ADMIN_SESSION_RECHECK_MS: '300',
      ADMIN_ALERTS: 'true',
      ALERT_FEED_STALE_MS: '1500',
      ADMIN_LARGE_TRADE_NOTIONAL: '1000',
      ADMIN_LOGIN_FAILURE_BURST: '3',
    });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
    await db.leave();
  });

  function open(token?: string): AdminClient {
    const socket: AdminClient = io(`${t.url}/admin`, { transports: ['websocket'], reconnection: false, forceNew: true, ...(token === undefined ? {} : { auth: { token } }) });
    sockets.push(socket);
    return socket;
  }

  const refusal = (socket: AdminClient): Promise<{ code: string }> =>
    new Promise((resolve, reject) => {
      socket.on('connect', () => reject(new Error('connected')));
      socket.on('connect_error', (error) => resolve((error as unknown as { data: { code: string } }).data));
    });

  const connected = (socket: AdminClient): Promise<void> =>
    new Promise((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', (error) => reject(error));
    });

  it('refuses a handshake without a token and a user\'s', async () => {
    expect(await refusal(open())).toEqual(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    const user = await register(t.url);
    expect(await refusal(open(user.accessToken))).toEqual(expect.objectContaining({ code: 'ADMIN_REQUIRED' }));
    expect(await refusal(open('not a token'))).toEqual(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });

  it('sends metrics on schedule with the trades made meanwhile, and activity', async () => {
    const socket = open(admin.accessToken);
    const metrics: AdminMetrics[] = [];
    const activity: AdminActivity[] = [];
    socket.on('metrics', (m) => metrics.push(m));
    socket.on('activity', (a) => activity.push(a));
    await connected(socket);

    const price = await wholeMark(t.url, 'BTC-USDT');
    const alice = await register(t.url);
    const bob = await register(t.url);
    await deposit(t.url, alice.accessToken, 'USDT', '100000');
    await deposit(t.url, bob.accessToken, 'BTC', '1');
    // Two trades of 0.1 BTC each: 2 × 0.1 × price of quote volume, each above the 1000 notional.
    for (let i = 0; i < 2; i += 1) {
      await placeOrder(t.url, bob.accessToken, { symbol: 'BTC-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.1', price: `${price}` }).expect(201);
      await placeOrder(t.url, alice.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.1', price: `${price}` }).expect(201);
    }
    const volume8 = (2n * price * 100_000_000n) / 10n; // 2 × 0.1 × price, in 10^-8 units
    await until('the trades in the metrics', () => {
      const traded = metrics.flatMap((m) => m.markets).filter((m) => m.symbol === 'BTC-USDT');
      // Exact decimals: the sum over the intervals is the trades' quote.
      const quote = traded.reduce((sum, m) => sum + units8(m.quoteVolume), 0n);
      return quote === volume8 ? true : undefined;
    });
    const last = metrics.at(-1)!;
    const orders = metrics.reduce((n, m) => n + m.ordersPerSecond * (m.intervalMs / 1000), 0);
    expect(Math.round(orders)).toBe(4);
    expect(last.instances).toBe(1);
    expect(last.sockets['/admin']).toBe(1);
    expect(last.http.perSecond).toBeGreaterThanOrEqual(0);
    expect(metrics.some((m) => m.http.perSecond > 0 && m.http.p99Ms !== null && m.activeUsers >= 1)).toBe(true);
    expect(last.database.inUse).toBeGreaterThanOrEqual(0);
    expect(last.outbox).toEqual(expect.objectContaining({ lagRows: expect.any(Number), lagMs: expect.any(Number) }));
    expect(last.feedAgeMs['BTC-USDT']).toBeLessThan(1500);
    expect(last.eventLoop.p99Ms).toBeGreaterThan(0);

    // On schedule: the gaps between messages are about the interval. On a fast machine the trades
    // can land in the first message, so wait for enough messages to measure gaps between.
    await until('three metrics messages', () => (metrics.length >= 3 ? true : undefined));
    const times = metrics.slice(-6).map((m) => Date.parse(m.at));
    const gaps = times.slice(1).map((time, i) => time - times[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(INTERVAL_MS - 50);
    expect(gaps.reduce((a, b) => a + b, 0) / gaps.length).toBeLessThan(INTERVAL_MS * 2);

    expect(activity.filter((a) => a.kind === 'SIGN_UP').map((a) => a.data.userId)).toEqual(expect.arrayContaining([alice.id, bob.id]));
    await until('the large trades', () => (activity.filter((a) => a.kind === 'LARGE_TRADE').length === 2 ? true : undefined));

    // A failed-login burst (3 within a minute) is told once.
    const victim = uniqueEmail('victim');
    for (let i = 0; i < 4; i += 1) await request(t.url).post('/api/v1/auth/login').send({ email: victim, password: 'wrong password guess' }).expect(401);
    await until('the burst', () => activity.find((a) => a.kind === 'LOGIN_FAILURES' && a.data.account === victim));
    expect(activity.filter((a) => a.kind === 'LOGIN_FAILURES' && a.data.account === victim)).toHaveLength(1);
  });

  it('raises STALE_FEED once when the feed stops, lists it, and clears it when the feed returns', async () => {
    const socket = open(admin.accessToken);
    const alerts: AlertView[] = [];
    const activity: AdminActivity[] = [];
    socket.on('alert', (a) => alerts.push(a));
    socket.on('activity', (a) => activity.push(a));
    await connected(socket);
    await sleep(INTERVAL_MS * 2);
    expect(alerts).toEqual([]);

    await request(t.url).put('/api/v1/admin/markets/feed').set(bearer(admin.accessToken)).send({ paused: true, reason: 'stale-feed drill' }).expect(200);
    const raised = await until('STALE_FEED raised', () => alerts.find((a) => a.code === 'STALE_FEED' && a.subject === 'BTC-USDT'), 10_000);
    expect(raised).toEqual(expect.objectContaining({ severity: 'critical', clearedAt: null, message: expect.stringContaining('BTC-USDT') }));
    await sleep(INTERVAL_MS * 3);
    // Raised once, however many intervals the condition lasts.
    expect(alerts.filter((a) => a.code === 'STALE_FEED' && a.subject === 'BTC-USDT')).toHaveLength(1);
    const listed = (await request(t.url).get('/api/v1/admin/alerts').set(bearer(admin.accessToken)).expect(200)).body;
    expect(listed.open).toEqual(expect.arrayContaining([expect.objectContaining({ id: raised.id, code: 'STALE_FEED', subject: 'BTC-USDT', clearedAt: null })]));
    expect(activity).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'ADMIN_ACTION', data: expect.objectContaining({ action: 'FEED_PAUSED', reason: 'stale-feed drill' }) })]));

    await request(t.url).put('/api/v1/admin/markets/feed').set(bearer(admin.accessToken)).send({ paused: false, reason: 'drill over' }).expect(200);
    const cleared = await until('STALE_FEED cleared', () => alerts.find((a) => a.id === raised.id && a.clearedAt !== null), 10_000);
    expect(Date.parse(cleared.clearedAt!)).toBeGreaterThan(Date.parse(cleared.since));
    // Every market's STALE_FEED clears (each market has its own).
    const after = await until('no STALE_FEED open', async () => {
      const body = (await request(t.url).get('/api/v1/admin/alerts').set(bearer(admin.accessToken)).expect(200)).body;
      return body.open.some((a: AlertView) => a.code === 'STALE_FEED') ? undefined : body;
    });
    expect(after.recent).toEqual(expect.arrayContaining([expect.objectContaining({ id: raised.id, clearedAt: cleared.clearedAt })]));
    const user = await register(t.url);
    await request(t.url).get('/api/v1/admin/alerts').set(bearer(user.accessToken)).expect(403);
    await request(t.url).put('/api/v1/admin/markets/feed').set(bearer(admin.accessToken)).send({ paused: 'yes' }).expect(400);
  });

  it('disconnects an admin whose session ends, at the next session check', async () => {
    const second = await login(t.url, adminEmail, 'admin passphrase for tests');
    const socket = open(second.accessToken);
    await connected(socket);
    const told = new Promise<{ code: string }>((resolve) => socket.on('error', resolve));
    const gone = new Promise<void>((resolve) => socket.on('disconnect', () => resolve()));
    await request(t.url).post('/api/v1/auth/logout').set(bearer(second.accessToken)).send({}).expect(204);
    expect((await told).code).toBe('SESSION_REVOKED');
    await gone;
  });

  it('disconnects a demoted admin, and a suspended one, at the next session check', async () => {
    for (const [change, code] of [
      [(id: string) => request(t.url).put(`/api/v1/admin/users/${id}/role`).set(bearer(admin.accessToken)).send({ role: 'USER', reason: 'rotation of duties' }), 'ADMIN_REQUIRED'],
      [(id: string) => request(t.url).post(`/api/v1/admin/users/${id}/suspend`).set(bearer(admin.accessToken)).send({ reason: 'left the company' }), 'ACCOUNT_SUSPENDED'],
    ] as const) {
      const operator = await register(t.url);
      await request(t.url).put(`/api/v1/admin/users/${operator.id}/role`).set(bearer(admin.accessToken)).send({ role: 'ADMIN', reason: 'on call this week' }).expect(200);
      const socket = open(operator.accessToken);
      await connected(socket);
      const told = new Promise<{ code: string }>((resolve) => socket.on('error', resolve));
      const gone = new Promise<void>((resolve) => socket.on('disconnect', () => resolve()));
      const changedAt = Date.now();
      await change(operator.id).expect(200);
      expect((await told).code).toBe(code);
      await gone;
      // Within one re-check period (300 ms here), plus the check itself.
      expect(Date.now() - changedAt).toBeLessThan(2_000);
    }
  });
});

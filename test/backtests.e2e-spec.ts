import request from 'supertest';
import { Socket, io } from 'socket.io-client';
import { BacktestScheduler } from '@lib/backtests';
import type { BacktestMessage, UserClientToServerEvents, UserServerToClientEvents } from '../apps/api/src/realtime/user.events';
import { Account, bearer, register } from './support/accounts';
import { suiteDatabase, until } from './support/market';
import { TestApp, startTestApp } from './support/test-app';
import { recomputeBuyAndHold } from './support/backtest-check';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies
type UserClient = Socket<UserServerToClientEvents, UserClientToServerEvents>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.now();
/** 60 days of hourly candles inside the synthetic history (it ends where the market was created: now). */
const HOURLY = { interval: '1h', from: new Date(NOW - 61 * DAY).toISOString(), to: new Date(NOW - DAY).toISOString() };
/** A year of 1-minute candles: long enough to watch it run and to cancel it. */
const YEAR_1M = { interval: '1m', from: new Date(NOW - 366 * DAY).toISOString(), to: new Date(NOW - DAY - 60_000).toISOString() };

/**
 * Backtests through HTTP and a real /user socket (docs/analytics.md "Backtests"): every strategy
 * finishes on the synthetic history, buy-and-hold agrees with an independent re-computation from
 * the candles, progress and status arrive as `backtest` events, cancel stops a running worker,
 * a user's queue is bounded, another user's backtest is 404.
 */
describe('backtests (e2e)', () => {
  let t: TestApp;
  const sockets: UserClient[] = [];
  const db = suiteDatabase('backtests');

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ FEED_ENABLED: 'false', BACKTEST_WORKERS: '2', BACKTEST_MAX_RUNNING_PER_USER: '2', BACKTEST_MAX_PENDING_PER_USER: '4', BACKTEST_PROGRESS_MS: '100', BACKTEST_POLL_MS: '200' });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
    await db.leave();
  });

  const submit = (user: Account, body: Json) => request(t.url).post('/api/v1/backtests').set(bearer(user.accessToken)).send({ symbol: 'BTC-USDT', initialCapital: '10000', ...HOURLY, ...body });
  const get = async (user: Account, id: string): Promise<Json> => (await request(t.url).get(`/api/v1/backtests/${id}`).set(bearer(user.accessToken)).expect(200)).body;
  const finished = (user: Account, id: string, timeoutMs = 30_000) =>
    until(`backtest ${id} finished`, async () => {
      const b = await get(user, id);
      return ['DONE', 'FAILED', 'CANCELLED'].includes(b.status) ? b : undefined;
    }, timeoutMs);

  async function stream(user: Account): Promise<BacktestMessage[]> {
    const socket: UserClient = io(`${t.url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: user.accessToken } });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const seen: BacktestMessage[] = [];
    socket.on('backtest', (m) => seen.push(m));
    return seen;
  }

  it('runs every strategy on the synthetic history, with buy-and-hold as the benchmark', async () => {
    const [alice, bob] = [await register(t.url), await register(t.url)];
    const runs: [Account, Json][] = [
      [alice, { strategy: { type: 'SMA_CROSSOVER', params: { fast: 10, slow: 30 } } }],
      [alice, { strategy: { type: 'EMA_CROSSOVER' }, slippageBps: 5 }],
      [alice, { strategy: { type: 'RSI_THRESHOLDS', params: { period: 14 } }, positionSizing: { type: 'FRACTION', fraction: '0.5' } }],
      [bob, { strategy: { type: 'MACD_CROSS' }, symbol: 'BTC-PERP' }],
      [bob, { strategy: { type: 'BOLLINGER_REVERSION', params: { period: 20, stdDev: 1.5 } }, symbol: 'BTC-PERP' }],
      [bob, { strategy: { type: 'BUY_AND_HOLD' } }],
    ];
    const ids: [Account, string][] = [];
    for (const [user, body] of runs) {
      const res = await submit(user, body).expect(202);
      expect(res.body).toEqual({ id: expect.any(String), status: 'QUEUED' });
      ids.push([user, res.body.id]);
    }
    for (const [user, id] of ids) {
      const b = await finished(user, id);
      expect(b).toMatchObject({ status: 'DONE', progress: 100, error: null });
      expect(b.result.candles).toBe(1441);
      expect(b.result.origin).toEqual({ synthetic: 1441, live: 0, imported: 0 });
      expect(b.result.benchmark.metrics.trades).toBe(1);
      expect(b.result.strategy.equityCurve.length).toBeLessThanOrEqual(1001);
      expect(b.result.strategy.metrics.totalReturn).toMatch(/^-?\d+\.\d{8}$/);
      expect(b.result.strategy.metrics.maxDrawdown).toMatch(/^\d\.\d{8}$/);
    }
    const perp = await get(bob, ids[3]![1]);
    expect(perp.request).toMatchObject({ symbol: 'BTC-PERP', strategy: { type: 'MACD_CROSS', params: { fast: 12, slow: 26, signal: 9 } }, feeRate: '0.0005' });
    expect(perp.result.strategy.trades.some((tr: Json) => tr.side === 'SHORT')).toBe(true);
    const spot = await get(alice, ids[0]![1]);
    expect(spot.result.strategy.trades.every((tr: Json) => tr.side === 'LONG')).toBe(true);
    expect(spot.result.strategy.metrics.trades).toBeGreaterThan(0);
  });

  it('agrees with an independent re-computation of buy-and-hold from the candles (fills at the next open, fees like live trading)', async () => {
    const user = await register(t.url);
    const res = await submit(user, { strategy: { type: 'BUY_AND_HOLD' }, feeRate: '0.001', slippageBps: 10 }).expect(202);
    const b = await finished(user, res.body.id);
    // The candles the run read: from aligned down to the hour.
    const expected = await recomputeBuyAndHold(t, { symbol: 'BTC-USDT', interval: '1h', from: b.request.from, to: b.request.to, initialCapital: '10000', feePpm: 1000n, slippageBps: 10n });
    expect(b.result.strategy.trades).toEqual([expected.trade]);
    expect(b.result.strategy.metrics.finalEquity).toBe(expected.finalEquity);
  });

  it('reports progress and status as backtest events on /user, and the result on GET', async () => {
    const user = await register(t.url);
    const seen = await stream(user);
    const id = (await submit(user, { strategy: { type: 'SMA_CROSSOVER' }, ...YEAR_1M }).expect(202)).body.id;
    const done = await finished(user, id, 60_000);
    expect(done).toMatchObject({ status: 'DONE', progress: 100 });
    expect(done.result.candles).toBeGreaterThan(500_000);
    await until('the DONE event', () => (seen.some((m) => m.backtest.status === 'DONE') ? true : undefined), 5_000);
    const mine = seen.map((m) => m.backtest).filter((m) => m.backtestId === id);
    expect(mine[0]).toMatchObject({ status: 'QUEUED', progress: 0 });
    expect(mine.map((m) => m.status)).toContain('RUNNING');
    expect(mine.some((m) => m.status === 'RUNNING' && m.progress > 0 && m.progress < 100)).toBe(true);
    expect(mine[mine.length - 1]).toMatchObject({ status: 'DONE', progress: 100, errorCode: null });
    const progress = mine.map((m) => m.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('cancels a running backtest (its worker stops) and a queued one; a finished one is 409', async () => {
    const user = await register(t.url);
    const id = (await submit(user, { strategy: { type: 'EMA_CROSSOVER' }, ...YEAR_1M }).expect(202)).body.id;
    await until('RUNNING', async () => ((await get(user, id)).status === 'RUNNING' ? true : undefined), 20_000);
    await request(t.url).delete(`/api/v1/backtests/${id}`).set(bearer(user.accessToken)).expect(204);
    expect(await get(user, id)).toMatchObject({ status: 'CANCELLED', result: null });
    await until('the worker stopped', () => (t.app.get(BacktestScheduler).active === 0 ? true : undefined), 10_000);
    const again = await request(t.url).delete(`/api/v1/backtests/${id}`).set(bearer(user.accessToken)).expect(409);
    expect(again.body).toMatchObject({ code: 'BACKTEST_FINISHED', current: 'CANCELLED' });
    // Still CANCELLED once the worker's end is in (it never turns DONE).
    await new Promise((r) => setTimeout(r, 500));
    expect((await get(user, id)).status).toBe('CANCELLED');
  });

  it('bounds a user\'s queue (429 BACKTEST_QUEUE_FULL) and runs at most two of theirs at once', async () => {
    const user = await register(t.url);
    const seen = await stream(user);
    // Five at once: the user's lock counts them one after the other; a year of minutes takes seconds to run.
    const answers = await Promise.all(Array.from({ length: 5 }, () => submit(user, { strategy: { type: 'SMA_CROSSOVER' }, ...YEAR_1M })));
    const accepted = answers.filter((a) => a.status === 202).map((a) => a.body.id as string);
    const refused = answers.filter((a) => a.status !== 202);
    expect(accepted).toHaveLength(4);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.status).toBe(429);
    expect(refused[0]!.body).toMatchObject({ code: 'BACKTEST_QUEUE_FULL', limit: 4 });
    expect(refused[0]!.headers['retry-after']).toBe('10');
    await until('all four done', async () => ((await Promise.all(accepted.map((id) => get(user, id)))).every((b) => b.status === 'DONE') ? true : undefined), 60_000);
    // The user's events in outbox order: a run counts from its RUNNING to its DONE.
    await until('four DONE events', () => (seen.filter((m) => m.backtest.status === 'DONE').length === 4 ? true : undefined), 5_000);
    const running = new Set<string>();
    let maxRunning = 0;
    let startedAfterAnEnd = false;
    for (const { backtest: b } of [...seen].sort((x, y) => x.seq - y.seq)) {
      if (b.status === 'RUNNING' && !running.has(b.backtestId) && b.progress === 0) {
        if (seen.some((m) => m.backtest.status === 'DONE' && m.seq < seen.find((r) => r.backtest.backtestId === b.backtestId && r.backtest.status === 'RUNNING')!.seq)) startedAfterAnEnd = true;
        running.add(b.backtestId);
      }
      if (b.status === 'DONE') running.delete(b.backtestId);
      maxRunning = Math.max(maxRunning, running.size);
    }
    expect(maxRunning).toBe(2);
    expect(startedAfterAnEnd).toBe(true); // the third waited QUEUED for one of the first two to end
  });

  it('lists a user\'s own backtests by cursor; another user\'s is 404 (read and cancel)', async () => {
    const [owner, other] = [await register(t.url), await register(t.url)];
    const a = (await submit(owner, { strategy: { type: 'BUY_AND_HOLD' } }).expect(202)).body.id;
    const b = (await submit(owner, { strategy: { type: 'RSI_THRESHOLDS' } }).expect(202)).body.id;
    const page1 = (await request(t.url).get('/api/v1/backtests?limit=1').set(bearer(owner.accessToken)).expect(200)).body;
    expect(page1.items.map((x: Json) => x.id)).toEqual([b]);
    expect(page1.items[0].result).toBeNull();
    const page2 = (await request(t.url).get(`/api/v1/backtests?limit=1&cursor=${page1.nextCursor}`).set(bearer(owner.accessToken)).expect(200)).body;
    expect(page2).toMatchObject({ items: [{ id: a }], nextCursor: null });
    expect((await request(t.url).get('/api/v1/backtests').set(bearer(other.accessToken)).expect(200)).body.items).toEqual([]);
    expect((await request(t.url).get(`/api/v1/backtests/${a}`).set(bearer(other.accessToken)).expect(404)).body.code).toBe('BACKTEST_NOT_FOUND');
    expect((await request(t.url).delete(`/api/v1/backtests/${a}`).set(bearer(other.accessToken)).expect(404)).body.code).toBe('BACKTEST_NOT_FOUND');
    await request(t.url).get('/api/v1/backtests/not-a-uuid').set(bearer(owner.accessToken)).expect(404);
    await finished(owner, a);
    await finished(owner, b);
  });

  it('refuses bad requests with their codes', async () => {
    const user = await register(t.url);
    const refused = async (body: Json, status: number, code: string, field?: string) => {
      const res = await submit(user, body).expect(status);
      expect(res.body.code).toBe(code);
      if (field) expect(res.body.field).toBe(field);
    };
    await refused({ strategy: { type: 'SMA_CROSSOVER', params: { fast: 50, slow: 20 } } }, 400, 'INVALID_BACKTEST', 'strategy.params.fast');
    await refused({ strategy: { type: 'MAGIC' } }, 400, 'VALIDATION_FAILED');
    await refused({ strategy: { type: 'BUY_AND_HOLD' }, initialCapital: '0' }, 400, 'INVALID_BACKTEST', 'initialCapital');
    await refused({ strategy: { type: 'BUY_AND_HOLD' }, initialCapital: 10000 }, 400, 'VALIDATION_FAILED');
    await refused({ strategy: { type: 'BUY_AND_HOLD' }, interval: '1m', from: new Date(NOW - 500 * DAY).toISOString() }, 400, 'INVALID_BACKTEST', 'to');
    await refused({ strategy: { type: 'BUY_AND_HOLD' }, to: new Date(NOW + DAY).toISOString() }, 400, 'INVALID_BACKTEST', 'to');
    await refused({ strategy: { type: 'BUY_AND_HOLD' }, feeRate: '0.5' }, 400, 'INVALID_BACKTEST', 'feeRate');
    await refused({ strategy: { type: 'BUY_AND_HOLD' }, symbol: 'NOPE-USDT' }, 404, 'MARKET_NOT_FOUND');
  });
});

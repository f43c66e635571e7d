import request from 'supertest';
import { Socket, io } from 'socket.io-client';
import { EventBus } from '@nestjs/cqrs';
import { CandleClosed } from '@lib/market';
import { CandleClosedListener, SignalEvaluator } from '@lib/signals';
import type { SignalMessage, UserClientToServerEvents, UserServerToClientEvents } from '../apps/api/src/realtime/user.events';
import { Account, bearer, register } from './support/accounts';
import { until } from './support/market';
import { TestApp, startTestApp } from './support/test-app';

type UserClient = Socket<UserServerToClientEvents, UserClientToServerEvents>;

jest.setTimeout(60_000);

const HOUR = 3_600_000;

/**
 * Signals through HTTP and a real /user socket (docs/analytics.md "Signals"):
 * a rule fired by a crafted sequence of closed candles exactly once per
 * crossing, delivered once, in its events and its stats; BOLA; limits.
 */
describe('signals (e2e)', () => {
  let t: TestApp;
  const sockets: UserClient[] = [];
  // Hourly candles from a fixed hour well after the synthetic history's start.
  let hour = Math.floor(Date.now() / HOUR) * HOUR - 200 * HOUR;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  const create = (user: Account, body: Record<string, unknown>) => request(t.url).post('/api/v1/signals').set(bearer(user.accessToken)).send(body);
  const firingCount = async (user: Account, id: string): Promise<number> =>
    (await request(t.url).get(`/api/v1/signals/${id}/events?limit=100`).set(bearer(user.accessToken)).expect(200)).body.items.length;
  /** A mark candle of BTC-USDT closes: the feed leader's CandleClosed on the app's EventBus; answers the firings it made. */
  const closeCandle = async (user: Account, id: string, close: string): Promise<number> => {
    hour += HOUR;
    const before = await firingCount(user, id);
    t.app.get(EventBus).publish(new CandleClosed({ symbol: 'BTC-USDT', interval: '1h', openTime: hour, open: close, high: close, low: close, close }));
    // The bus hands the event over on a later turn of the loop.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await t.app.get(CandleClosedListener).drained();
    return (await firingCount(user, id)) - before;
  };

  async function signalStream(user: Account): Promise<SignalMessage[]> {
    const socket: UserClient = io(`${t.url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: user.accessToken } });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const seen: SignalMessage[] = [];
    socket.on('signal', (m) => seen.push(m));
    return seen;
  }

  it('fires once per crossing on crafted candles, delivered once over /user, in its events and stats', async () => {
    const alice = await register(t.url);
    const seen = await signalStream(alice);
    const rule = (await create(alice, {
      name: 'breakout',
      symbol: 'btc-usdt',
      interval: '1h',
      conditions: [{ left: 'close', op: 'crosses_above', right: '1000000' }],
      direction: 'UP',
      horizon: 2,
    }).expect(201)).body;
    expect(rule).toMatchObject({ symbol: 'BTC-USDT', conditions: [{ left: 'CLOSE', op: 'CROSSES_ABOVE', right: '1000000' }], horizon: 2, active: true });

    const fired = [];
    for (const close of ['999999.00', '1000001.00', '1000002.00', '999000.00', '1000500.00', '1001000.00', '1002000.00']) fired.push(await closeCandle(alice, rule.id, close));
    expect(fired).toEqual([0, 1, 0, 0, 1, 0, 0]);

    await until('two signals on /user', () => (seen.length >= 2 ? true : undefined), 5_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toHaveLength(2);
    expect(seen[0]!.signal).toMatchObject({ signalId: rule.id, name: 'breakout', symbol: 'BTC-USDT', interval: '1h', close: '1000001.00', direction: 'UP' });
    expect(seen[1]!.signal.close).toBe('1000500.00');

    const events = (await request(t.url).get(`/api/v1/signals/${rule.id}/events`).set(bearer(alice.accessToken)).expect(200)).body;
    expect(events.items.map((e: { close: string }) => e.close)).toEqual(['1000500.00', '1000001.00']);
    const page = (await request(t.url).get(`/api/v1/signals/${rule.id}/events?limit=1`).set(bearer(alice.accessToken)).expect(200)).body;
    expect(page.items).toHaveLength(1);
    const next = (await request(t.url).get(`/api/v1/signals/${rule.id}/events?limit=1&cursor=${page.nextCursor}`).set(bearer(alice.accessToken)).expect(200)).body;
    expect(next.items.map((e: { close: string }) => e.close)).toEqual(['1000001.00']);

    // Replaying a candle fires nothing.
    expect(await t.app.get(SignalEvaluator).onCandleClosed({ symbol: 'BTC-USDT', interval: '1h', openTime: hour, close: '1002000.00' })).toBe(0);

    const stats = (await request(t.url).get('/api/v1/signals/stats').set(bearer(alice.accessToken)).expect(200)).body;
    expect(stats).toEqual([
      expect.objectContaining({ signalId: rule.id, firings: 2, horizon: 2, direction: 'UP' }),
    ]);
  });

  it('keeps each rule its owner\'s (404 for another user), validates, and bounds rules per user', async () => {
    const alice = await register(t.url);
    const mallory = await register(t.url);
    const body = { name: 'rsi', symbol: 'ETH-USDT', interval: '15m', conditions: [{ left: 'RSI(14)', op: 'BELOW', right: '30' }], direction: 'UP' };
    const rule = (await create(alice, body).expect(201)).body;

    for (const path of [`/api/v1/signals/${rule.id}`, `/api/v1/signals/${rule.id}/events`]) {
      expect((await request(t.url).get(path).set(bearer(mallory.accessToken)).expect(404)).body.code).toBe('SIGNAL_NOT_FOUND');
    }
    expect((await request(t.url).patch(`/api/v1/signals/${rule.id}`).set(bearer(mallory.accessToken)).send({ active: false }).expect(404)).body.code).toBe('SIGNAL_NOT_FOUND');
    expect((await request(t.url).delete(`/api/v1/signals/${rule.id}`).set(bearer(mallory.accessToken)).expect(404)).body.code).toBe('SIGNAL_NOT_FOUND');
    expect(await (await request(t.url).get('/api/v1/signals').set(bearer(mallory.accessToken)).expect(200)).body).toEqual([]);
    expect((await request(t.url).get('/api/v1/signals/not-a-uuid').set(bearer(alice.accessToken)).expect(404)).body.code).toBe('SIGNAL_NOT_FOUND');

    const patched = (await request(t.url).patch(`/api/v1/signals/${rule.id}`).set(bearer(alice.accessToken)).send({ conditions: [{ left: 'sma(20)', op: 'CROSSES_ABOVE', right: 'sma(50)' }], active: false }).expect(200)).body;
    expect(patched).toMatchObject({ active: false, conditions: [{ left: 'SMA(20)', op: 'CROSSES_ABOVE', right: 'SMA(50)' }] });

    expect((await create(alice, { ...body, conditions: [{ left: 'RSI(0)', op: 'BELOW', right: '30' }] }).expect(400)).body.code).toBe('INVALID_SIGNAL_RULE');
    expect((await create(alice, { ...body, conditions: [{ left: 'RSI(14)', op: 'NEAR', right: '30' }] }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await create(alice, { ...body, symbol: 'NOPE-USDT' }).expect(404)).body.code).toBe('MARKET_NOT_FOUND');
    expect((await create(alice, { ...body, interval: '2h' }).expect(400)).body.code).toBe('VALIDATION_FAILED');

    await Promise.all(Array.from({ length: 19 }, () => create(alice, body).expect(201)));
    expect((await create(alice, body).expect(422)).body.code).toBe('SIGNAL_LIMIT_REACHED');
    await request(t.url).delete(`/api/v1/signals/${rule.id}`).set(bearer(alice.accessToken)).expect(204);
    await create(alice, body).expect(201);
  });
});

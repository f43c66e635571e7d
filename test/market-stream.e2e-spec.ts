import { Client } from 'pg';
import request from 'supertest';
import { Socket, io } from 'socket.io-client';
import type {
  BookMessage,
  CandleMessage,
  MarketClientToServerEvents,
  MarketServerToClientEvents,
  MarketSubscriptionAck,
  TickerMessage,
  TradesMessage,
} from '../apps/api/src/realtime/market.events';
import { Account, bearer, register } from './support/accounts';
import { sleep, suiteDatabase, until } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { deposit } from './support/wallet';

jest.setTimeout(60_000);

type MarketClient = Socket<MarketServerToClientEvents, MarketClientToServerEvents>;
type Levels = readonly (readonly [string, string])[];

/** A client's copy of one book, kept by the documented seq rule. */
class BookReplica {
  seq = -1;
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();
  snapshots = 0;
  applied = 0;
  gaps = 0;
  readonly order: string[] = [];

  constructor(socket: MarketClient, symbol: string) {
    socket.on('book', (m: BookMessage) => {
      if (m.symbol !== symbol) throw new Error(`book of ${m.symbol} on a ${symbol} replica`);
      this.order.push(m.type);
      if (m.type === 'snapshot') {
        this.snapshots += 1;
        this.seq = m.seq;
        this.bids.clear();
        this.asks.clear();
        apply(this.bids, m.bids);
        apply(this.asks, m.asks);
        return;
      }
      if (this.seq < 0 || m.seq <= this.seq) return; // before the snapshot, or already in it
      if (m.prevSeq > this.seq) {
        this.gaps += 1;
        return;
      }
      apply(this.bids, m.bids);
      apply(this.asks, m.asks);
      this.seq = m.seq;
      this.applied += 1;
    });
  }

  view(): { bids: [string, string][]; asks: [string, string][] } {
    const sorted = (side: Map<string, string>, descending: boolean) =>
      [...side].sort(([a], [b]) => (descending ? Number(b) - Number(a) : Number(a) - Number(b)));
    return { bids: sorted(this.bids, true), asks: sorted(this.asks, false) };
  }
}

function apply(side: Map<string, string>, levels: Levels): void {
  for (const [price, quantity] of levels) {
    if (Number(quantity) === 0) side.delete(price);
    else side.set(price, quantity);
  }
}

/**
 * /market against the whole app on a database of its own (a quiet book: no
 * market maker, no noise trader, no other suite's orders), with real
 * socket.io clients and orders placed over HTTP.
 */
describe('market: the /market stream (e2e, socket.io-client)', () => {
  const db = suiteDatabase('mstream');
  let t: TestApp;
  let btcMark: bigint;
  let ethMark: bigint;
  let maker: Account;
  let taker: Account;
  const sockets: MarketClient[] = [];

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      FEED_INTERVAL_MS: '200',
      DATABASE_POOL_SIZE: '20',
      WS_MAX_SUBSCRIPTIONS: '8',
      WS_MAX_MESSAGES_PER_SECOND: '10',
    });
    btcMark = await wholeMark(t.url, 'BTC-USDT');
    ethMark = await wholeMark(t.url, 'ETH-USDT');
    maker = await register(t.url);
    taker = await register(t.url);
    for (const user of [maker, taker]) {
      await deposit(t.url, user.accessToken, 'USDT', '50000');
      await deposit(t.url, user.accessToken, 'BTC', '1');
      await deposit(t.url, user.accessToken, 'ETH', '10');
    }
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
    await db.leave();
  });

  async function client(): Promise<MarketClient> {
    const socket: MarketClient = io(`${t.url}/market`, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  function subscribe(socket: MarketClient, body: unknown, event: 'subscribe' | 'unsubscribe' = 'subscribe'): Promise<MarketSubscriptionAck> {
    return socket.timeout(5000).emitWithAck(event, body as never) as Promise<MarketSubscriptionAck>;
  }

  async function restBook(symbol: string): Promise<{ seq: number; bids: [string, string][]; asks: [string, string][] }> {
    return (await request(t.url).get(`/api/v1/markets/${symbol}/orderbook?depth=500`).expect(200)).body;
  }

  const btc = (offset: bigint) => `${btcMark + offset}`;
  const eth = (offset: bigint) => `${ethMark + offset}`;

  it('sends a book snapshot, then deltas whose seq continues; applied, they equal the REST book', async () => {
    // A book before anyone subscribes.
    for (let i = 1n; i <= 3n; i++) {
      await placeOrder(t.url, maker.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: btc(-100n * i) }).expect(201);
      await placeOrder(t.url, maker.accessToken, { symbol: 'BTC-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.001', price: btc(100n * i) }).expect(201);
    }
    const first = await client();
    const replica = new BookReplica(first, 'BTC-USDT');
    expect(await subscribe(first, { symbol: 'btc-usdt', channels: ['book'] })).toEqual({ subscriptions: [{ symbol: 'BTC-USDT', channels: ['book'] }] });
    await until('the snapshot', () => replica.snapshots === 1 || undefined);
    const atSubscribe = await restBook('BTC-USDT');
    expect(replica.seq).toBe(atSubscribe.seq);
    expect(replica.view()).toEqual({ bids: atSubscribe.bids, asks: atSubscribe.asks });

    // Changes of every kind, some concurrent, while a second client subscribes in the middle of them.
    const second = await client();
    const late = new BookReplica(second, 'BTC-USDT');
    const resting = await placeOrder(t.url, maker.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.002', price: btc(-50n) }).expect(201);
    const burst = Array.from({ length: 12 }, (_, i) =>
      placeOrder(t.url, maker.accessToken, { symbol: 'BTC-USDT', side: i % 2 ? 'BUY' : 'SELL', type: 'LIMIT', quantity: '0.001', price: btc(i % 2 ? -200n - BigInt(i) : 200n + BigInt(i)) }),
    );
    const lateAck = subscribe(second, { symbol: 'BTC-USDT', channels: ['book'] });
    await Promise.all(burst);
    expect((await lateAck).subscriptions).toEqual([{ symbol: 'BTC-USDT', channels: ['book'] }]);
    await request(t.url).patch(`/api/v1/orders/${resting.body.id}`).set(bearer(maker.accessToken)).send({ quantity: '0.001' }).expect(200);
    await request(t.url).delete(`/api/v1/orders/${resting.body.id}`).set(bearer(maker.accessToken)).expect(200);
    // A taker sweeps the best ask (trades, level removed).
    await placeOrder(t.url, taker.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.0015', price: btc(150n), timeInForce: 'IOC' }).expect(201);

    const after = await restBook('BTC-USDT');
    expect(after.seq).toBeGreaterThan(atSubscribe.seq);
    await until('both replicas to reach the REST seq', () => (replica.seq === after.seq && late.seq === after.seq) || undefined);
    for (const r of [replica, late]) {
      expect(r.gaps).toBe(0);
      expect(r.order[0]).toBe('snapshot');
      expect(r.view()).toEqual({ bids: after.bids, asks: after.asks });
    }
    expect(replica.applied).toBeGreaterThan(0);
    expect(replica.snapshots).toBe(1);
  });

  it('sends a socket that holds `book` no second snapshot unless it saw a gap; new subscriptions are budgeted', async () => {
    const socket = await client();
    const replica = new BookReplica(socket, 'ETH-USDT');
    await subscribe(socket, { symbol: 'ETH-USDT', channels: ['book'] });
    await until('the snapshot', () => replica.snapshots === 1 || undefined);
    // Re-sent subscribes (spaced: the suite caps messages at 10/s) and a change in between: no snapshot, the deltas go on.
    for (let i = 0; i < 3; i++) {
      expect(await subscribe(socket, { symbol: 'ETH-USDT', channels: ['book'] })).toEqual({ subscriptions: [{ symbol: 'ETH-USDT', channels: ['book'] }] });
      await sleep(150);
    }
    const resting = await placeOrder(t.url, maker.accessToken, { symbol: 'ETH-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: eth(-30n) }).expect(201);
    await until('the delta', () => replica.applied === 1 || undefined);
    await subscribe(socket, { symbol: 'ETH-USDT', channels: ['book'] });
    await sleep(300);
    expect(replica.snapshots).toBe(1);

    // Another writer (as another instance would) cancels the order and moves the market's version: the REST book
    // shows it at once (rebuilt outside the lane), and the lane's next batch rebuilds its book (a seq without a delta).
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    try {
      await sql.query('BEGIN');
      await sql.query(`UPDATE orders.orders SET status = 'CANCELED', updated_at = now() WHERE id = $1`, [resting.body.id]);
      await sql.query(`UPDATE orders.market_state SET version = version + 1 WHERE symbol = 'ETH-USDT'`);
      await sql.query('COMMIT');
    } finally {
      await sql.end();
    }
    expect((await request(t.url).get('/api/v1/markets/ETH-USDT/orderbook?depth=500').expect(200)).body.bids).not.toContainEqual([`${ethMark - 30n}.00`, '0.0100']);
    await placeOrder(t.url, maker.accessToken, { symbol: 'ETH-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: eth(-31n) }).expect(201);
    await until('the gap', () => replica.gaps === 1 || undefined);
    // Now a repeated subscribe earns a snapshot, which agrees with the REST book.
    await subscribe(socket, { symbol: 'ETH-USDT', channels: ['book'] });
    await until('the second snapshot', () => replica.snapshots === 2 || undefined);
    const rest = (await request(t.url).get('/api/v1/markets/ETH-USDT/orderbook?depth=500').expect(200)).body;
    expect(replica.view()).toEqual({ bids: rest.bids, asks: rest.asks });

    // Unsubscribe/subscribe cycles draw on the socket's snapshot budget (5, then 1 per second).
    let refused: MarketSubscriptionAck | undefined;
    for (let i = 0; i < 15 && !refused; i++) {
      await subscribe(socket, { symbol: 'ETH-USDT', channels: ['book'] }, 'unsubscribe');
      await sleep(150);
      const ack = await subscribe(socket, { symbol: 'ETH-USDT', channels: ['book'] });
      if (ack.error) refused = ack;
      await sleep(150);
    }
    expect(refused).toEqual({ subscriptions: [], error: { code: 'TOO_MANY_SNAPSHOTS', message: expect.stringMatching(/^Too many book snapshots/), unknown: [], retryAfterMs: expect.any(Number) } });
    expect(socket.connected).toBe(true);
    await request(t.url).delete('/api/v1/orders').set(bearer(maker.accessToken)).expect(200);
  });

  it('sends trades of the subscribed market only, batched per tick, and stops after unsubscribe', async () => {
    const socket = await client();
    const seen: TradesMessage[] = [];
    socket.on('trade', (m) => seen.push(m));
    expect(await subscribe(socket, { symbol: 'ETH-USDT', channels: ['trades'] })).toEqual({ subscriptions: [{ symbol: 'ETH-USDT', channels: ['trades'] }] });

    // Three makers at one price, one taker order: three trades in one matching pass.
    for (let i = 0; i < 3; i++) await placeOrder(t.url, maker.accessToken, { symbol: 'ETH-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.01', price: eth(5n) }).expect(201);
    await placeOrder(t.url, maker.accessToken, { symbol: 'BTC-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.001', price: btc(20n) }).expect(201);
    await placeOrder(t.url, taker.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: btc(20n) }).expect(201);
    await placeOrder(t.url, taker.accessToken, { symbol: 'ETH-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.03', price: eth(5n) }).expect(201);

    const tape = (await request(t.url).get('/api/v1/markets/ETH-USDT/trades?limit=3').expect(200)).body as { id: string }[];
    await until('three ETH trades', () => seen.flatMap((m) => m.trades).length >= 3 || undefined);
    await sleep(300);
    expect(seen.every((m) => m.symbol === 'ETH-USDT' && m.trades.every((tr) => tr.symbol === 'ETH-USDT'))).toBe(true);
    const trades = seen.flatMap((m) => m.trades);
    expect(trades.map((tr) => tr.id).sort()).toEqual(tape.map((tr) => tr.id).sort());
    // Batched per tick (one pass's trades share a message unless the relay's dispatch straddles a tick), oldest first.
    expect(seen.length).toBeLessThanOrEqual(3);
    expect(trades.map((tr) => Number(tr.id))).toEqual(trades.map((tr) => Number(tr.id)).sort((a, b) => a - b));
    expect(trades[0]).toEqual({ id: expect.any(String), symbol: 'ETH-USDT', price: `${ethMark + 5n}.00`, quantity: '0.0100', quote: expect.any(String), takerSide: 'BUY', time: expect.any(String) });

    expect(await subscribe(socket, { symbol: 'ETH-USDT', channels: ['trades'] }, 'unsubscribe')).toEqual({ subscriptions: [] });
    await placeOrder(t.url, maker.accessToken, { symbol: 'ETH-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.01', price: eth(6n) }).expect(201);
    await placeOrder(t.url, taker.accessToken, { symbol: 'ETH-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: eth(6n) }).expect(201);
    const count = seen.length;
    await sleep(500);
    expect(seen).toHaveLength(count);
  });

  it('sends the ticker and the candle on subscribe, then updates from trades at most once per second', async () => {
    const socket = await client();
    const tickers: { at: number; ticker: TickerMessage }[] = [];
    const candles: { at: number; candle: CandleMessage }[] = [];
    socket.on('ticker', (ticker) => tickers.push({ at: Date.now(), ticker }));
    socket.on('candle', (candle) => candles.push({ at: Date.now(), candle }));
    expect(await subscribe(socket, { symbol: 'SOL-USDT', channels: ['candles:1m', 'ticker'] })).toEqual({
      subscriptions: [{ symbol: 'SOL-USDT', channels: ['ticker', 'candles:1m'] }],
    });
    await until('the initial ticker', () => tickers.length === 1 || undefined);
    expect(tickers[0]!.ticker).toMatchObject({ symbol: 'SOL-USDT', trades: 0, last: null });
    expect(candles).toEqual([]); // no trade yet: no candle

    const solMark = await wholeMark(t.url, 'SOL-USDT');
    await deposit(t.url, maker.accessToken, 'SOL', '100');
    for (let i = 0; i < 4; i++) {
      await placeOrder(t.url, maker.accessToken, { symbol: 'SOL-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.1', price: `${solMark + 1n}` }).expect(201);
      await placeOrder(t.url, taker.accessToken, { symbol: 'SOL-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.1', price: `${solMark + 1n}` }).expect(201);
    }
    await until('a ticker with 4 trades', () => tickers.some((x) => x.ticker.trades === 4) || undefined);
    await until('a candle with 4 trades', () => candles.some((x) => x.candle.candle.trades === 4) || undefined);
    const last = tickers[tickers.length - 1]!.ticker;
    expect(last).toMatchObject({ symbol: 'SOL-USDT', last: `${solMark + 1n}.00`, volume: '0.400', trades: 4 });
    const candle = candles[candles.length - 1]!.candle;
    expect(candle).toMatchObject({ symbol: 'SOL-USDT', interval: '1m', candle: { close: `${solMark + 1n}.00`, volume: '0.400' } });
    expect(candle.candle.trades).toBe(4);
    // Throttled: live tickers (after the initial one) are at least ~1 s apart.
    const live = tickers.slice(1);
    for (let i = 1; i < live.length; i++) expect(live[i]!.at - live[i - 1]!.at).toBeGreaterThanOrEqual(900);
    const perInterval = candles.filter((c) => c.candle.candle.openTime === candle.candle.openTime);
    expect(perInterval.length).toBeLessThanOrEqual(4);
  });

  it('names an unknown symbol or channel in the ack, and refuses a malformed request', async () => {
    const socket = await client();
    expect(await subscribe(socket, { symbol: 'NOPE-USDT', channels: ['book'] })).toEqual({
      subscriptions: [],
      error: { code: 'UNKNOWN_SYMBOL', message: 'Unknown symbol: NOPE-USDT', unknown: ['NOPE-USDT'] },
    });
    const ack = await subscribe(socket, { symbol: 'ETH-USDT', channels: ['trades', 'candles:2m', 'depth', 'trades'] });
    expect(ack.subscriptions).toEqual([{ symbol: 'ETH-USDT', channels: ['trades'] }]);
    expect(ack.error).toMatchObject({ code: 'UNKNOWN_CHANNELS', unknown: ['candles:2m', 'depth'] });
    expect(ack.error!.message).toMatch(/^Unknown channels: candles:2m, depth \(known: book, trades, ticker, liquidations, candles:1m/);
    for (const bad of [{ symbol: 'ETH-USDT' }, { symbol: 'ETH-USDT', channels: [] }, { symbol: 7, channels: ['book'] }, 'ETH-USDT', null]) {
      const refused = await subscribe(socket, bad);
      expect(refused.subscriptions).toEqual([{ symbol: 'ETH-USDT', channels: ['trades'] }]);
      expect(refused.error?.code).toBe('INVALID_REQUEST');
    }
    expect(socket.connected).toBe(true);
  });

  it('refuses more subscriptions than the cap: error event, then disconnect', async () => {
    const socket = await client();
    const events: string[] = [];
    socket.on('error', (e) => events.push(`error:${e.code}`));
    socket.on('disconnect', (reason) => events.push(`disconnect:${reason}`));
    expect((await subscribe(socket, { symbol: 'ETH-USDT', channels: ['trades', 'ticker', 'candles:1m', 'candles:5m'] })).subscriptions).toHaveLength(1);
    expect((await subscribe(socket, { symbol: 'SOL-USDT', channels: ['trades', 'ticker', 'candles:1m', 'candles:5m'] })).error).toBeUndefined();
    socket.emit('subscribe', { symbol: 'BTC-USDT', channels: ['trades'] }, () => events.push('ack'));
    await until('the disconnect', () => events.some((e) => e.startsWith('disconnect')) || undefined);
    expect(events).toEqual(['error:TOO_MANY_SUBSCRIPTIONS', 'disconnect:io server disconnect']);
  });

  it('refuses more messages per second than the cap: error event, then disconnect', async () => {
    const socket = await client();
    const events: string[] = [];
    socket.on('error', (e) => events.push(`error:${e.code}`));
    socket.on('disconnect', (reason) => events.push(`disconnect:${reason}`));
    for (let i = 0; i < 14; i++) socket.emit('unsubscribe', { symbol: 'BTC-USDT', channels: ['book'] }, () => undefined);
    await until('the disconnect', () => events.some((e) => e.startsWith('disconnect')) || undefined);
    expect(events).toEqual(['error:RATE_LIMITED', 'disconnect:io server disconnect']);
  });
});

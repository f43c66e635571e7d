import { formatUnits } from '@lib/kernel';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit, reconcile, waitFor } from './support/wallet';

/**
 * Spot trading through HTTP on real PostgreSQL. BTC-USDT: fees 0.1 % maker
 * and taker, USDT has 6 decimals, BTC 8. Prices are whole numbers near the
 * mark so the expected amounts are easy to state exactly.
 */
describe('spot orders (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let mark: bigint;
  const adminEmail = uniqueEmail('orders-admin');
  const usdt = (units: bigint) => formatUnits(units, 6);
  // A database of its own: the tape and the books hold only this suite's trades.
  const db = suiteDatabase('orders');

  beforeAll(async () => {
    await db.enter();
    // Queues long enough for the storms below (one user's 200 orders at once): fairness has its own suite.
    t = await startTestApp({ FEED_ENABLED: 'true', ORDERS_MAX_QUEUED_PER_MARKET: '1000', ORDERS_MAX_QUEUED_PER_USER: '999', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests', DATABASE_POOL_SIZE: '20' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    mark = await wholeMark(t.url, 'BTC-USDT');
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });

  async function trader(usdtAmount?: string, btcAmount?: string): Promise<Account> {
    const user = await register(t.url);
    if (usdtAmount) await deposit(t.url, user.accessToken, 'USDT', usdtAmount);
    if (btcAmount) await deposit(t.url, user.accessToken, 'BTC', btcAmount);
    return user;
  }

  it('crosses two users\' limit orders: exact balances, fees, statuses and fills for both', async () => {
    const alice = await trader('20000');
    const bob = await trader(undefined, '1');
    // A price no other test uses, so this pair only meets itself.
    const price = mark - 7n;
    const sell = await placeOrder(t.url, bob.accessToken, { symbol: 'BTC-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.1', price: `${price}` }).expect(201);
    expect(sell.body).toMatchObject({ status: 'NEW', filledQuantity: '0.00000', remainingQuantity: '0.10000', fills: [] });
    expect((await balanceOf(t.url, bob.accessToken, 'BTC')).spot).toEqual({ available: '0.90000000', locked: '0.10000000', total: '1.00000000' });

    const buy = await placeOrder(t.url, alice.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.1', price: `${price}` }).expect(201);
    // quote = price x 0.1 = price x 100000 units; fee = 0.1 % of it = price x 100 units.
    const quote = price * 100_000n;
    const fee = price * 100n;
    expect(buy.body).toMatchObject({ status: 'FILLED', filledQuantity: '0.10000', filledQuote: usdt(quote), fee: usdt(fee), feeAsset: 'USDT' });
    expect(buy.body.fills).toEqual([
      expect.objectContaining({ side: 'BUY', quantity: '0.10000', quote: usdt(quote), fee: usdt(fee), liquidity: 'TAKER' }),
    ]);
    expect((await balanceOf(t.url, alice.accessToken, 'USDT')).spot).toEqual({ available: usdt(20_000_000_000n - quote - fee), locked: '0.000000', total: usdt(20_000_000_000n - quote - fee) });
    expect((await balanceOf(t.url, alice.accessToken, 'BTC')).spot).toEqual({ available: '0.10000000', locked: '0.00000000', total: '0.10000000' });
    expect((await balanceOf(t.url, bob.accessToken, 'BTC')).spot).toEqual({ available: '0.90000000', locked: '0.00000000', total: '0.90000000' });
    expect((await balanceOf(t.url, bob.accessToken, 'USDT')).spot).toEqual({ available: usdt(quote - fee), locked: '0.000000', total: usdt(quote - fee) });

    const bobOrder = await request(t.url).get(`/api/v1/orders/${sell.body.id}`).set(bearer(bob.accessToken)).expect(200);
    expect(bobOrder.body).toMatchObject({ status: 'FILLED', fee: usdt(fee), fills: [expect.objectContaining({ side: 'SELL', liquidity: 'MAKER', quote: usdt(quote) })] });
    const bobFills = await request(t.url).get('/api/v1/fills').set(bearer(bob.accessToken)).expect(200);
    expect(bobFills.body.items).toHaveLength(1);
    expect(bobFills.body.items[0]).toMatchObject({ orderId: sell.body.id, side: 'SELL', price: expect.stringMatching(new RegExp(`^${price}\\.`)) });
    const aliceFills = await request(t.url).get('/api/v1/fills').set(bearer(alice.accessToken)).expect(200);
    expect(aliceFills.body.items.map((f: { orderId: string }) => f.orderId)).toEqual([buy.body.id]);
    expect((await reconcile(t.url, admin.accessToken)).ok).toBe(true);
  });

  it('releases the whole hold on cancel, to the last unit', async () => {
    const user = await trader('1000');
    const price = mark - 1000n;
    const order = await placeOrder(t.url, user.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.00777', price: `${price}` }).expect(201);
    const held = price * 7770n + (price * 7770n * 1000n + 999_999n) / 1_000_000n;
    expect((await balanceOf(t.url, user.accessToken, 'USDT')).spot).toEqual({ available: usdt(1_000_000_000n - held), locked: usdt(held), total: '1000.000000' });
    const canceled = await request(t.url).delete(`/api/v1/orders/${order.body.id}`).set(bearer(user.accessToken)).expect(200);
    expect(canceled.body).toMatchObject({ status: 'CANCELED', reason: 'CANCELED_BY_REQUEST' });
    expect((await balanceOf(t.url, user.accessToken, 'USDT')).spot).toEqual({ available: '1000.000000', locked: '0.000000', total: '1000.000000' });
    await request(t.url).delete(`/api/v1/orders/${order.body.id}`).set(bearer(user.accessToken)).expect(409);
  });

  it('hides another user\'s orders everywhere (404) and refuses to cancel or amend them', async () => {
    const owner = await trader('1000');
    const other = await trader('1000');
    const order = await placeOrder(t.url, owner.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: `${mark - 2000n}`, clientOrderId: 'mine-1' }).expect(201);
    for (const id of [order.body.id, 'mine-1']) {
      expect((await request(t.url).get(`/api/v1/orders/${id}`).set(bearer(other.accessToken))).status).toBe(404);
      expect((await request(t.url).delete(`/api/v1/orders/${id}`).set(bearer(other.accessToken))).body.code).toBe('ORDER_NOT_FOUND');
      expect((await request(t.url).patch(`/api/v1/orders/${id}`).set(bearer(other.accessToken)).send({ quantity: '0.002' })).status).toBe(404);
    }
    expect((await request(t.url).get('/api/v1/orders').set(bearer(other.accessToken)).expect(200)).body.items).toEqual([]);
    expect((await request(t.url).get(`/api/v1/orders/mine-1`).set(bearer(owner.accessToken)).expect(200)).body.id).toBe(order.body.id);
  });

  it('returns the existing order for a repeated clientOrderId, and replays an Idempotency-Key', async () => {
    const user = await trader('1000');
    const body = { symbol: 'BTC-USDT', side: 'BUY' as const, type: 'LIMIT' as const, quantity: '0.001', price: `${mark - 3000n}`, clientOrderId: 'dup-1' };
    const first = await placeOrder(t.url, user.accessToken, body).expect(201);
    const again = await placeOrder(t.url, user.accessToken, body).expect(200);
    expect(again.body.id).toBe(first.body.id);
    const keyed = { ...body, clientOrderId: undefined };
    const one = await placeOrder(t.url, user.accessToken, keyed).set('Idempotency-Key', 'order-key-1').expect(201);
    const two = await placeOrder(t.url, user.accessToken, keyed).set('Idempotency-Key', 'order-key-1').expect(201);
    expect(two.headers['idempotent-replayed']).toBe('true');
    expect(two.text).toBe(one.text);
    const other = await placeOrder(t.url, user.accessToken, { ...keyed, quantity: '0.002' }).set('Idempotency-Key', 'order-key-1');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await request(t.url).get('/api/v1/orders?symbol=BTC-USDT').set(bearer(user.accessToken)).expect(200)).body.items).toHaveLength(2);
  });

  it('replays a keyed order even when its own hold used the balance a new one would need', async () => {
    const user = await trader('100');
    const price = mark - 2500n;
    // About 90 USDT of a 100 USDT balance: a second such order could not be paid.
    const lots = 90_000_000n / (price * 10n);
    const body = { symbol: 'BTC-USDT', side: 'BUY' as const, type: 'LIMIT' as const, quantity: formatUnits(lots, 5), price: `${price}` };
    const first = await placeOrder(t.url, user.accessToken, body).set('Idempotency-Key', 'all-in-1').expect(201);
    const again = await placeOrder(t.url, user.accessToken, body).set('Idempotency-Key', 'all-in-1');
    expect([again.status, again.headers['idempotent-replayed'], again.text]).toEqual([201, 'true', first.text]);
    const fresh = await placeOrder(t.url, user.accessToken, body).set('Idempotency-Key', 'all-in-2');
    expect([fresh.status, fresh.body.code]).toEqual([422, 'INSUFFICIENT_BALANCE']);
    await request(t.url).delete(`/api/v1/orders/${first.body.id}`).set(bearer(user.accessToken)).expect(200);
  });

  it('enforces POST_ONLY, FOK and IOC exactly, and a market order fills at the makers\' prices', async () => {
    const maker = await trader(undefined, '1');
    const taker = await trader('50000');
    const base = mark + 500n;
    await placeOrder(t.url, maker.accessToken, { symbol: 'BTC-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.01', price: `${base}` }).expect(201);
    await placeOrder(t.url, maker.accessToken, { symbol: 'BTC-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.02', price: `${base + 1n}` }).expect(201);

    const postOnly = await placeOrder(t.url, taker.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: `${base}`, timeInForce: 'POST_ONLY' });
    expect(postOnly.status).toBe(422);
    expect(postOnly.body.code).toBe('POST_ONLY_WOULD_TAKE');
    const fok = await placeOrder(t.url, taker.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.05', price: `${base + 1n}`, timeInForce: 'FOK' }).expect(201);
    expect(fok.body).toMatchObject({ status: 'EXPIRED', filledQuantity: '0.00000', fills: [] });
    expect((await balanceOf(t.url, taker.accessToken, 'USDT')).spot).toEqual({ available: '50000.000000', locked: '0.000000', total: '50000.000000' });

    const ioc = await placeOrder(t.url, taker.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.015', price: `${base}`, timeInForce: 'IOC' }).expect(201);
    expect(ioc.body).toMatchObject({ status: 'EXPIRED', reason: 'IOC_REMAINDER', filledQuantity: '0.01000' });

    const market = await placeOrder(t.url, taker.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'MARKET', quantity: '0.005' }).expect(201);
    expect(market.body).toMatchObject({ status: 'FILLED', price: null, filledQuantity: '0.00500' });
    expect(market.body.fills[0].price.startsWith(`${base + 1n}.`)).toBe(true);
    // Spent exactly: 0.01 at base and 0.005 at base + 1, each with its 0.1 % taker fee, nothing left locked.
    const q1 = base * 10_000n;
    const q2 = (base + 1n) * 5_000n;
    const fee = (q: bigint) => (q * 1000n + 999_999n) / 1_000_000n;
    expect((await balanceOf(t.url, taker.accessToken, 'USDT')).spot).toEqual({
      available: usdt(50_000_000_000n - q1 - fee(q1) - q2 - fee(q2)),
      locked: '0.000000',
      total: usdt(50_000_000_000n - q1 - fee(q1) - q2 - fee(q2)),
    });
    expect((await balanceOf(t.url, taker.accessToken, 'BTC')).spot.available).toBe('0.01500000');
    expect((await reconcile(t.url, admin.accessToken)).ok).toBe(true);
  });

  it('rejects bad numbers and prices outside the band with stable codes, writing nothing', async () => {
    const user = await trader('1000');
    const cases: [Record<string, string>, number, string][] = [
      [{ quantity: '0.000001' }, 400, 'INVALID_QUANTITY'],
      [{ quantity: '1e-3' }, 400, 'INVALID_QUANTITY'],
      [{ quantity: '-1' }, 400, 'INVALID_QUANTITY'],
      [{ price: `${mark}.001` }, 400, 'INVALID_PRICE'],
      [{ price: `${mark * 2n}` }, 422, 'PRICE_OUT_OF_BAND'],
      [{ quantity: '1' }, 422, 'INSUFFICIENT_BALANCE'],
      [{ symbol: 'NOPE-USDT' }, 404, 'MARKET_NOT_FOUND'],
    ];
    for (const [patch, status, code] of cases) {
      const r = await placeOrder(t.url, user.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: `${mark}`, ...patch });
      expect([r.status, r.body.code]).toEqual([status, code]);
    }
    // The refusal says what is there and what the hold needs (1 BTC at the mark plus the 0.1 % taker fee).
    const short = await placeOrder(t.url, user.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '1', price: `${mark}` });
    expect(short.body).toMatchObject({ code: 'INSUFFICIENT_BALANCE', asset: 'USDT', available: '1000.000000', required: usdt(mark * 1_000_000n + mark * 1_000n) });
    expect((await balanceOf(t.url, user.accessToken, 'USDT')).spot).toEqual({ available: '1000.000000', locked: '0.000000', total: '1000.000000' });
    expect((await request(t.url).get('/api/v1/orders/history').set(bearer(user.accessToken)).expect(200)).body.items).toEqual([]);
  });

  it('amends: a smaller quantity keeps the hold exact, a new price re-holds, cancel-all releases everything', async () => {
    const user = await trader('1000');
    const price = mark - 4000n;
    const order = await placeOrder(t.url, user.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.002', price: `${price}` }).expect(201);
    const hold = (p: bigint, lots: bigint) => p * lots * 10n + (p * lots * 10n * 1000n + 999_999n) / 1_000_000n;
    const amended = await request(t.url).patch(`/api/v1/orders/${order.body.id}`).set(bearer(user.accessToken)).send({ quantity: '0.001' }).expect(200);
    expect(amended.body).toMatchObject({ quantity: '0.00100', status: 'NEW' });
    expect((await balanceOf(t.url, user.accessToken, 'USDT')).spot.locked).toBe(usdt(hold(price, 100n)));
    await request(t.url).patch(`/api/v1/orders/${order.body.id}`).set(bearer(user.accessToken)).send({ price: `${price - 1n}` }).expect(200);
    expect((await balanceOf(t.url, user.accessToken, 'USDT')).spot.locked).toBe(usdt(hold(price - 1n, 100n)));
    await placeOrder(t.url, user.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: `${price - 2n}` }).expect(201);
    const all = await request(t.url).delete('/api/v1/orders?symbol=BTC-USDT').set(bearer(user.accessToken)).expect(200);
    expect(all.body.canceled).toHaveLength(2);
    expect((await balanceOf(t.url, user.accessToken, 'USDT')).spot).toEqual({ available: '1000.000000', locked: '0.000000', total: '1000.000000' });
  });

  it('never deadlocks or errors when users trade against each other on two markets at once', async () => {
    const eth = await wholeMark(t.url, 'ETH-USDT');
    const users = [await trader('20000', '0.2'), await trader('20000', '0.2'), await trader('20000', '0.2')];
    for (const u of users) await deposit(t.url, u.accessToken, 'ETH', '5');
    // Every user buys one market and sells the other, crossing each other, all at once: two lock rounds would deadlock here.
    const requests = [];
    for (let round = 0; round < 10; round++) {
      for (const [i, u] of users.entries()) {
        const btcSide = (round + i) % 2 === 0 ? 'BUY' : 'SELL';
        const ethSide = btcSide === 'BUY' ? 'SELL' : 'BUY';
        requests.push(placeOrder(t.url, u.accessToken, { symbol: 'BTC-USDT', side: btcSide, type: 'LIMIT', quantity: '0.001', price: `${mark - 11n}` }));
        requests.push(placeOrder(t.url, u.accessToken, { symbol: 'ETH-USDT', side: ethSide, type: 'LIMIT', quantity: '0.01', price: `${eth - 3n}` }));
      }
    }
    const responses = await Promise.all(requests);
    expect(responses.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    expect((await reconcile(t.url, admin.accessToken)).ok).toBe(true);
    for (const u of users) await request(t.url).delete('/api/v1/orders').set(bearer(u.accessToken)).expect(200);
  });

  it('refuses to amend into a halted market, and answers a first keyed order without the replay header', async () => {
    const user = await trader('1000');
    const order = await placeOrder(t.url, user.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: `${mark - 3500n}` })
      .set('Idempotency-Key', 'first-keyed-order')
      .expect(201);
    expect(order.headers['idempotent-replayed']).toBeUndefined();
    await request(t.url).patch('/api/v1/admin/markets/BTC-USDT').set(bearer(admin.accessToken)).send({ status: 'HALTED' }).expect(200);
    try {
      const amend = await request(t.url).patch(`/api/v1/orders/${order.body.id}`).set(bearer(user.accessToken)).send({ price: `${mark - 3400n}` });
      expect([amend.status, amend.body.code]).toEqual([409, 'MARKET_HALTED']);
      const place = await placeOrder(t.url, user.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: `${mark - 3500n}` });
      expect([place.status, place.body.code]).toEqual([409, 'MARKET_HALTED']);
      // Cancel still works on a halted market: users can always get their funds back.
      await request(t.url).delete(`/api/v1/orders/${order.body.id}`).set(bearer(user.accessToken)).expect(200);
    } finally {
      await request(t.url).patch('/api/v1/admin/markets/BTC-USDT').set(bearer(admin.accessToken)).send({ status: 'TRADING' }).expect(200);
    }
  });

  it('returns an order repeated by clientOrderId in its own market\'s units, with its fills; the same id on another market is a conflict', async () => {
    const user = await trader('1000');
    const eth = await wholeMark(t.url, 'ETH-USDT');
    const body = { symbol: 'ETH-USDT', side: 'BUY' as const, type: 'LIMIT' as const, quantity: '0.0100', price: `${eth - 100n}`, clientOrderId: 'cross-market' };
    const first = await placeOrder(t.url, user.accessToken, body).expect(201);
    const again = await placeOrder(t.url, user.accessToken, { ...body, quantity: '0.01' }).expect(200);
    expect(again.body).toMatchObject({ id: first.body.id, symbol: 'ETH-USDT', price: first.body.price, quantity: '0.0100', fills: [] });
    const elsewhere = await placeOrder(t.url, user.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: `${mark}`, clientOrderId: 'cross-market' });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([409, 'CLIENT_ORDER_ID_CONFLICT']);
  });

  it('storm: 200 concurrent orders each needing 60% of one balance: only one is accepted, holds match the open orders', async () => {
    const user = await trader('1000');
    // Size the quantity so one order needs 50-60 % of the balance.
    const price = mark - 4500n;
    const lots = (600_000_000n * 100n) / (price * 1_000n) / 100n * 100n; // quantity units (1e-5 BTC) for ~600 USDT
    const quantity = formatUnits(lots, 5);
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => placeOrder(t.url, user.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity, price: `${price}` })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(new Set(responses.filter((r) => r.status !== 201).map((r) => r.body.code))).toEqual(new Set(['INSUFFICIENT_BALANCE']));
    const open = (await request(t.url).get('/api/v1/orders').set(bearer(user.accessToken)).expect(200)).body.items;
    expect(open).toHaveLength(1);
    const notional = price * lots * 10n;
    const held = notional + (notional * 1000n + 999_999n) / 1_000_000n;
    expect((await balanceOf(t.url, user.accessToken, 'USDT')).spot.locked).toBe(usdt(held));
    expect((await reconcile(t.url, admin.accessToken)).ok).toBe(true);
  });

  it('publishes the trade tape, the depth and 24 h tickers from trades', async () => {
    const trades = await request(t.url).get('/api/v1/markets/BTC-USDT/trades?limit=5').expect(200);
    expect(trades.body.length).toBeGreaterThan(0);
    expect(trades.body[0]).toEqual({ id: expect.any(String), symbol: 'BTC-USDT', price: expect.any(String), quantity: expect.any(String), quote: expect.any(String), takerSide: expect.stringMatching(/BUY|SELL/), time: expect.any(String) });
    const book = await request(t.url).get('/api/v1/markets/BTC-USDT/orderbook?depth=5').expect(200);
    expect(book.body).toMatchObject({ symbol: 'BTC-USDT', seq: expect.any(Number) });
    expect(book.body.bids.length).toBeGreaterThan(0);
    const ticker = await request(t.url).get('/api/v1/markets/BTC-USDT/ticker/24h').expect(200);
    expect(ticker.body).toMatchObject({ symbol: 'BTC-USDT', trades: expect.any(Number) });
    expect(ticker.body.trades).toBeGreaterThan(0);
    // The market list shows the last trade price (relayed from the trade events).
    const latest = trades.body[0].price;
    expect(await waitFor(async () => {
      const market = (await request(t.url).get('/api/v1/markets/BTC-USDT').expect(200)).body;
      return market.ticker.last === latest ? market.ticker.last : undefined;
    })).toBe(latest);
    // Trade candles are the default klines; their volumes are the sums of the tape's quantities.
    const klines = await request(t.url).get('/api/v1/markets/BTC-USDT/klines?interval=1d').expect(200);
    expect(klines.body).toMatchObject({ symbol: 'BTC-USDT', source: 'trades', interval: '1d' });
    const candles: { volume: string; trades: number }[] = klines.body.candles;
    const tape = await request(t.url).get('/api/v1/markets/BTC-USDT/trades?limit=1000').expect(200);
    const units = (q: string) => BigInt(q.replace('.', ''));
    expect(candles.reduce((sum, c) => sum + units(c.volume), 0n)).toBe(tape.body.reduce((sum: bigint, tr: { quantity: string }) => sum + units(tr.quantity), 0n));
    expect(candles.reduce((sum, c) => sum + c.trades, 0)).toBe(tape.body.length);
  });
});

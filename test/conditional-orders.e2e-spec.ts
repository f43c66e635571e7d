import { Client } from 'pg';
import request from 'supertest';
import { io, Socket } from 'socket.io-client';
import { Account, bearer, uniqueEmail } from './support/accounts';
import { sleep, suiteDatabase, until } from './support/market';
import { TestApp } from './support/test-app';
import { balanceOf, reconcile } from './support/wallet';
import { expectPerpInvariants } from './support/perp-market';
import { aaplAt, perpTrader as perpTraderOf, spotTrader as spotTraderOf, startStillAapl } from './support/still-aapl';

/**
 * Conditional orders end to end (docs/conditional-orders.md), every amount
 * exact. AAPL-USD (spot: USD 2 decimals, tick 0.01, step 1, maker 0.05 %,
 * taker 0.1 %, band 10 %) and AAPL-PERP (tick 1, step 0.01, taker 0.2 %)
 * share the AAPL price, which the feed holds still until the admin moves it
 * (POST /admin/markets/AAPL-PERP/price); the mark is the index. The trigger
 * monitor looks every 100 ms and at each mark tick.
 */
describe('conditional orders: stops, take-profits, trailing stops, GTD (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  const adminEmail = uniqueEmail('cond-admin');
  const SPOT = 'AAPL-USD';
  const PERP = 'AAPL-PERP';
  const db = suiteDatabase('conditional_orders');

  beforeAll(async () => {
    await db.enter();
    ({ t, admin } = await startStillAapl(adminEmail));
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });
  afterEach(() => expectPerpInvariants(t.url, admin.accessToken, db.url, PERP, 'USD'));

  const place = (user: Account, body: Record<string, unknown>) => request(t.url).post('/api/v1/orders').set(bearer(user.accessToken)).send(body);
  const getOrder = async (user: Account, id: string) => (await request(t.url).get(`/api/v1/orders/${id}`).set(bearer(user.accessToken)).expect(200)).body;
  const priceAt = (price: string) => aaplAt(t.url, admin.accessToken, price);
  const markOf = async (symbol: string) => (await request(t.url).get(`/api/v1/markets/${symbol}/mark-price`).expect(200)).body.mark as string;
  const statusOf = async (user: Account, id: string) => (await getOrder(user, id)).status as string;
  const untilStatus = (user: Account, id: string, status: string) => until(`order ${id} ${status}`, async () => ((await statusOf(user, id)) === status ? true : undefined), 5_000);
  const usd = async (user: Account) => (await balanceOf(t.url, user.accessToken, 'USD')).spot;
  const margin = async (user: Account) => (await balanceOf(t.url, user.accessToken, 'USD')).margin;
  const spotTrader = (asset: string, amount: string) => spotTraderOf(t.url, asset, amount);
  const perpTrader = (amount = '1000') => perpTraderOf(t.url, amount);
  /** `buyer` buys `quantity` of AAPL-PERP at 230 from a fresh seller (the seller rests, the buyer takes: 0.2 % taker fee). */
  async function longAt230(buyer: Account, quantity: string): Promise<void> {
    const seller = await perpTrader();
    await place(seller, { symbol: PERP, side: 'SELL', type: 'LIMIT', quantity, price: '230' }).expect(201);
    await place(buyer, { symbol: PERP, side: 'BUY', type: 'LIMIT', quantity, price: '230' }).expect(201);
  }
  async function userSocket(user: Account): Promise<{ socket: Socket; orders: Record<string, unknown>[] }> {
    const socket = io(`${t.url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: user.accessToken } });
    const orders: Record<string, unknown>[] = [];
    socket.on('order', (m: { order: Record<string, unknown> }) => orders.push(m.order));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return { socket, orders };
  }

  it('refuses what cannot be a conditional order, each with its code, and writes nothing', async () => {
    const user = await spotTrader('AAPL', '10');
    const cases: [Record<string, unknown>, number, string][] = [
      // A sell stop fires at or below its trigger: 231 is reached at 230.
      [{ type: 'STOP_MARKET', side: 'SELL', quantity: '1', triggerPrice: '231' }, 422, 'ORDER_WOULD_TRIGGER_IMMEDIATELY'],
      // A sell take-profit fires at or above: 229 is reached.
      [{ type: 'TAKE_PROFIT_LIMIT', side: 'SELL', quantity: '1', price: '229', triggerPrice: '229' }, 422, 'ORDER_WOULD_TRIGGER_IMMEDIATELY'],
      [{ type: 'STOP_MARKET', side: 'SELL', quantity: '1' }, 400, 'TRIGGER_PRICE_REQUIRED'],
      [{ type: 'STOP_LIMIT', side: 'SELL', quantity: '1', triggerPrice: '220' }, 400, 'PRICE_REQUIRED'],
      [{ type: 'TRAILING_STOP_MARKET', side: 'SELL', quantity: '1' }, 400, 'CALLBACK_RATE_REQUIRED'],
      [{ type: 'TRAILING_STOP_MARKET', side: 'SELL', quantity: '1', callbackRate: '20' }, 400, 'INVALID_CALLBACK_RATE'],
      [{ type: 'TRAILING_STOP_MARKET', side: 'SELL', quantity: '1', callbackRate: '0.05' }, 400, 'INVALID_CALLBACK_RATE'],
      [{ type: 'TRAILING_STOP_MARKET', side: 'SELL', quantity: '1', callbackRate: '1', triggerPrice: '200' }, 400, 'TRIGGER_NOT_ALLOWED'],
      [{ type: 'LIMIT', side: 'SELL', quantity: '1', price: '240', triggerPrice: '220' }, 400, 'TRIGGER_NOT_ALLOWED'],
      [{ type: 'STOP_MARKET', side: 'SELL', closePosition: true, triggerPrice: '220' }, 400, 'REDUCE_ONLY_NOT_ALLOWED'],
      [{ type: 'STOP_MARKET', side: 'SELL', quantity: '1', closePosition: true, triggerPrice: '220' }, 400, 'INVALID_CLOSE_POSITION'],
      [{ type: 'LIMIT', side: 'SELL', quantity: '1', price: '240', timeInForce: 'GTD' }, 400, 'INVALID_GOOD_TILL_DATE'],
      [{ type: 'LIMIT', side: 'SELL', quantity: '1', price: '240', timeInForce: 'GTD', goodTillDate: new Date(Date.now() - 1000).toISOString() }, 400, 'INVALID_GOOD_TILL_DATE'],
      [{ type: 'STOP_MARKET', side: 'SELL', quantity: '1', triggerPrice: '220', triggerBy: 'LAST' }, 409, 'NO_LAST_PRICE'],
      [{ type: 'STOP_MARKET', side: 'SELL', quantity: '11', triggerPrice: '220' }, 422, 'INSUFFICIENT_BALANCE'],
    ];
    for (const [body, status, code] of cases) {
      const res = await place(user, { symbol: SPOT, ...body });
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
    }
    expect((await balanceOf(t.url, user.accessToken, 'AAPL')).spot).toMatchObject({ available: '10.000000', locked: '0.000000' });
    // On a perpetual, closePosition needs a position it closes.
    const flat = await perpTrader();
    const res = await place(flat, { symbol: PERP, type: 'STOP_MARKET', side: 'SELL', closePosition: true, triggerPrice: '220' }).expect(422);
    expect(res.body.code).toBe('NO_POSITION');
  });

  it('a spot stop-loss holds its base, waits UNTRIGGERED, and sells when the price falls to it; every amount exact', async () => {
    await priceAt('230');
    const alice = await spotTrader('AAPL', '10');
    const bob = await spotTrader('USD', '3000');
    const { socket, orders } = await userSocket(alice);
    try {
      const stop = await place(alice, { symbol: SPOT, type: 'STOP_MARKET', side: 'SELL', quantity: '10', triggerPrice: '220' }).expect(201);
      expect(stop.body).toMatchObject({ type: 'STOP_MARKET', status: 'UNTRIGGERED', triggerPrice: '220.00', triggerBy: 'MARK', triggeredAt: null, timeInForce: 'IOC', fills: [] });
      expect((await balanceOf(t.url, alice.accessToken, 'AAPL')).spot).toMatchObject({ available: '0.000000', locked: '10.000000' });
      const waiting = await request(t.url).get('/api/v1/orders?untriggered=true').set(bearer(alice.accessToken)).expect(200);
      expect(waiting.body.items.map((o: { id: string }) => o.id)).toEqual([stop.body.id]);
      expect((await request(t.url).get('/api/v1/orders?untriggered=false').set(bearer(alice.accessToken)).expect(200)).body.items).toEqual([]);
      // Bob bids 10 at 215: 2150.00 + the fee at the higher rate (0.1 %) = 2152.15 held.
      await place(bob, { symbol: SPOT, type: 'LIMIT', side: 'BUY', quantity: '10', price: '215' }).expect(201);
      await priceAt('225');
      await sleep(400);
      expect(await statusOf(alice, stop.body.id)).toBe('UNTRIGGERED');
      await priceAt('219');
      await untilStatus(alice, stop.body.id, 'FILLED');
      const filled = await getOrder(alice, stop.body.id);
      expect(filled).toMatchObject({ type: 'STOP_MARKET', filledQuantity: '10', averagePrice: '215.00', fee: '2.15', triggerPrice: '220.00', reason: null });
      expect(filled.triggeredAt).toEqual(expect.any(String));
      // Alice: 2150.00 - 2.15 taker fee. Bob: 2150.00 + 1.08 maker fee (0.05 %, rounded up); 1.07 of his hold released.
      expect(await usd(alice)).toMatchObject({ available: '2147.85', locked: '0.00' });
      expect((await balanceOf(t.url, alice.accessToken, 'AAPL')).spot).toMatchObject({ available: '0.000000', locked: '0.000000' });
      expect(await usd(bob)).toMatchObject({ available: '848.92', locked: '0.00' });
      expect((await balanceOf(t.url, bob.accessToken, 'AAPL')).spot).toMatchObject({ available: '10.000000' });
      await until('the order events', () => (orders.some((o) => o.status === 'FILLED') ? true : undefined), 3_000);
      expect(orders[0]).toMatchObject({ id: stop.body.id, status: 'UNTRIGGERED', triggeredAt: null });
      expect(orders.at(-1)).toMatchObject({ id: stop.body.id, status: 'FILLED', triggeredAt: filled.triggeredAt });
    } finally {
      socket.close();
    }
  });

  it('a spot MARKET-kind buy stop holds up to the band above its trigger; a cancel gives it all back', async () => {
    await priceAt('230');
    const user = await spotTrader('USD', '1000');
    // Fires at 240 or above; once triggered it buys at most at 240 + 10 % = 264.00: 2 x 264 = 528.00 + 0.53 of fee.
    const stop = await place(user, { symbol: SPOT, type: 'STOP_MARKET', side: 'BUY', quantity: '2', triggerPrice: '240' }).expect(201);
    expect(await usd(user)).toMatchObject({ available: '471.47', locked: '528.53' });
    const canceled = await request(t.url).delete(`/api/v1/orders/${stop.body.id}`).set(bearer(user.accessToken)).expect(200);
    expect(canceled.body).toMatchObject({ status: 'CANCELED', reason: 'CANCELED_BY_REQUEST' });
    expect(await usd(user)).toMatchObject({ available: '1000.00', locked: '0.00' });
  });

  it('a perpetual stop with closePosition holds nothing, then closes the whole position when the mark falls to it', async () => {
    await priceAt('230');
    const carol = await perpTrader();
    await longAt230(carol, '2');
    const lockedBefore = (await margin(carol)).locked;
    const stop = await place(carol, { symbol: PERP, type: 'STOP_MARKET', side: 'SELL', closePosition: true, triggerPrice: '220' }).expect(201);
    expect(stop.body).toMatchObject({ status: 'UNTRIGGERED', quantity: '2.00', reduceOnly: true, closePosition: true, triggerPrice: '220' });
    expect((await margin(carol)).locked).toBe(lockedBefore);
    const erin = await perpTrader();
    await place(erin, { symbol: PERP, side: 'BUY', type: 'LIMIT', quantity: '2', price: '218' }).expect(201);
    await priceAt('219');
    await untilStatus(carol, stop.body.id, 'FILLED');
    const position = (await request(t.url).get(`/api/v1/positions/${PERP}`).set(bearer(carol.accessToken)).expect(200)).body;
    expect(position.size).toBe('0.00');
    // 1000 - 0.92 (taker fee to open) - 24.00 (2 x (218 - 230)) - 0.88 (0.2 % of 436, rounded up).
    expect(await margin(carol)).toMatchObject({ available: '974.20', locked: '0.00' });
  });

  it('a closePosition order waiting for its trigger is cancelled once the position is closed otherwise', async () => {
    await priceAt('230');
    const nina = await perpTrader();
    await longAt230(nina, '1');
    const tp = await place(nina, { symbol: PERP, type: 'TAKE_PROFIT_MARKET', side: 'SELL', closePosition: true, triggerPrice: '250' }).expect(201);
    const buyer = await perpTrader();
    await place(buyer, { symbol: PERP, side: 'BUY', type: 'LIMIT', quantity: '1', price: '231' }).expect(201);
    await place(nina, { symbol: PERP, side: 'SELL', type: 'LIMIT', quantity: '1', price: '231' }).expect(201);
    expect(await getOrder(nina, tp.body.id)).toMatchObject({ status: 'CANCELED', reason: 'NO_POSITION', triggeredAt: null });
  });

  it('a trailing stop follows the best mark since it was placed and fires on the callback from it', async () => {
    await priceAt('230');
    const fay = await perpTrader();
    await longAt230(fay, '2');
    // 5 % under the best mark: 230 -> fires at 218 (floor of 218.5) or below.
    const trail = await place(fay, { symbol: PERP, type: 'TRAILING_STOP_MARKET', side: 'SELL', quantity: '2', reduceOnly: true, callbackRate: '5' }).expect(201);
    expect(trail.body).toMatchObject({ status: 'UNTRIGGERED', callbackRate: '5.0000', triggerPrice: null, activationPrice: null });
    const anchor = async () => {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        return (await client.query('SELECT trail_anchor::text AS a FROM orders.orders WHERE id = $1', [trail.body.id])).rows[0].a as string;
      } finally {
        await client.end();
      }
    };
    expect(await anchor()).toBe('230');
    await priceAt('240'); // the best is 240 now: fires at 228 or below
    await until('the anchor at 240', async () => ((await anchor()) === '240' ? true : undefined), 3_000);
    await priceAt('229');
    await sleep(400);
    expect(await statusOf(fay, trail.body.id)).toBe('UNTRIGGERED');
    expect(await anchor()).toBe('240');
    const hank = await perpTrader();
    await place(hank, { symbol: PERP, side: 'BUY', type: 'LIMIT', quantity: '2', price: '227' }).expect(201);
    await priceAt('228');
    await untilStatus(fay, trail.body.id, 'FILLED');
    // 1000 - 0.92 - 6.00 (2 x (227 - 230)) - 0.91 (0.2 % of 454, rounded up).
    expect(await margin(fay)).toMatchObject({ available: '992.17', locked: '0.00' });
  });

  it('a stop watching the last trade fires on a trade, whatever the mark', async () => {
    await priceAt('230');
    const [olga, pat, quinn] = [await spotTrader('AAPL', '10'), await spotTrader('USD', '5000'), await spotTrader('AAPL', '10')];
    // A trade at 226 makes the last price; the mark stays at 230.
    await place(olga, { symbol: SPOT, type: 'LIMIT', side: 'SELL', quantity: '1', price: '226' }).expect(201);
    await place(pat, { symbol: SPOT, type: 'LIMIT', side: 'BUY', quantity: '1', price: '226' }).expect(201);
    const stop = await place(quinn, { symbol: SPOT, type: 'STOP_MARKET', side: 'SELL', quantity: '2', triggerPrice: '225', triggerBy: 'LAST' }).expect(201);
    expect(stop.body).toMatchObject({ status: 'UNTRIGGERED', triggerBy: 'LAST' });
    await place(pat, { symbol: SPOT, type: 'LIMIT', side: 'BUY', quantity: '3', price: '224' }).expect(201);
    await sleep(300);
    expect(await statusOf(quinn, stop.body.id)).toBe('UNTRIGGERED');
    // Olga sells 1 into Pat's bid at 224: the last trade reaches the stop, which sells its 2 at 224 too.
    await place(olga, { symbol: SPOT, type: 'LIMIT', side: 'SELL', quantity: '1', price: '224' }).expect(201);
    await untilStatus(quinn, stop.body.id, 'FILLED');
    // The mark never came near the trigger (it only drifts by a cent or so from 230).
    expect(BigInt((await markOf(SPOT)).split('.')[0]!)).toBeGreaterThan(225n);
    // 448.00 less 0.45 of taker fee (0.1 %, rounded up).
    expect(await usd(quinn)).toMatchObject({ available: '447.55', locked: '0.00' });
  });

  it('a perpetual stop that cannot pay its margin at the trigger expires with the reason, and an event', async () => {
    await priceAt('230');
    const leo = await perpTrader('1');
    const { socket, orders } = await userSocket(leo);
    try {
      // A buy stop fires at 240 or above; it holds nothing until then. 1 x 241 at leverage 20 needs 12.05 of margin.
      const stop = await place(leo, { symbol: PERP, type: 'STOP_MARKET', side: 'BUY', quantity: '1', triggerPrice: '240' }).expect(201);
      expect(await margin(leo)).toMatchObject({ available: '1.00', locked: '0.00' });
      await priceAt('241');
      await untilStatus(leo, stop.body.id, 'EXPIRED');
      expect(await getOrder(leo, stop.body.id)).toMatchObject({ status: 'EXPIRED', reason: 'INSUFFICIENT_MARGIN', filledQuantity: '0.00', triggeredAt: expect.any(String) });
      expect(await margin(leo)).toMatchObject({ available: '1.00', locked: '0.00' });
      await until('the expiry event', () => (orders.some((o) => o.status === 'EXPIRED') ? true : undefined), 3_000);
      expect(orders.at(-1)).toMatchObject({ id: stop.body.id, status: 'EXPIRED', reason: 'INSUFFICIENT_MARGIN' });
    } finally {
      socket.close();
    }
  });

  it('a stop on a halted market waits until it trades again, then triggers', async () => {
    await priceAt('230');
    const jack = await spotTrader('AAPL', '5');
    const kim = await spotTrader('USD', '2000');
    const stop = await place(jack, { symbol: SPOT, type: 'STOP_MARKET', side: 'SELL', quantity: '5', triggerPrice: '220' }).expect(201);
    await place(kim, { symbol: SPOT, type: 'LIMIT', side: 'BUY', quantity: '5', price: '215' }).expect(201);
    const patch = (status: string) => request(t.url).patch(`/api/v1/admin/markets/${SPOT}`).set(bearer(admin.accessToken)).send({ status }).expect(200);
    await patch('HALTED');
    try {
      await priceAt('219');
      await sleep(600);
      expect(await statusOf(jack, stop.body.id)).toBe('UNTRIGGERED');
    } finally {
      await patch('TRADING');
    }
    await untilStatus(jack, stop.body.id, 'FILLED');
    // 1075.00 - 1.08 of taker fee (0.1 %, rounded up).
    expect(await usd(jack)).toMatchObject({ available: '1073.92', locked: '0.00' });
  });

  it('a GTD order expires within a second of its goodTillDate, its hold released', async () => {
    await priceAt('230');
    const ivy = await spotTrader('USD', '1000');
    const goodTill = new Date(Date.now() + 1_500);
    const order = await place(ivy, { symbol: SPOT, type: 'LIMIT', side: 'BUY', quantity: '1', price: '210', timeInForce: 'GTD', goodTillDate: goodTill.toISOString() }).expect(201);
    expect(order.body).toMatchObject({ status: 'NEW', timeInForce: 'GTD', goodTillDate: goodTill.toISOString() });
    expect(await usd(ivy)).toMatchObject({ available: '789.79', locked: '210.21' });
    await untilStatus(ivy, order.body.id, 'EXPIRED');
    const expired = await getOrder(ivy, order.body.id);
    expect(expired.reason).toBe('GTD_EXPIRED');
    expect(new Date(expired.updatedAt).getTime() - goodTill.getTime()).toBeLessThan(1_000);
    expect(await usd(ivy)).toMatchObject({ available: '1000.00', locked: '0.00' });
    const report = await reconcile(t.url, admin.accessToken);
    expect(report.ok).toBe(true);
  });
});

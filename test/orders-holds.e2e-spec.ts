import request from 'supertest';
import { io } from 'socket.io-client';
import type { OrderMessage } from '../apps/api/src/realtime/user.events';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase, until } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit, reconcile } from './support/wallet';

/**
 * What an order holds and how an amend changes it, with exact amounts. A
 * market of this suite's own: ETH-USD, USD with 2 decimals, tick 1 (price
 * scale 0), step 0.01, minimum quantity 0.05, maker 0.1 %, taker 0.2 %, band
 * 50 % around a mark that stays at 100 (volatility 0.000001: the walk never
 * moves a whole tick), so a MARKET buy's protection price is 150. Every
 * notional is a whole number of cents: price x quantity; fees round up to
 * the cent. Each test starts and ends with an empty book and a ledger that
 * reconciles.
 */
describe('order holds and amends (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  const adminEmail = uniqueEmail('holds-admin');
  const SYMBOL = 'ETH-USD';
  const db = suiteDatabase('orders_holds');
  const users: Account[] = [];

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ FEED_ENABLED: 'true', FEED_INTERVAL_MS: '200', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    await request(t.url)
      .post('/api/v1/admin/markets')
      .set(bearer(admin.accessToken))
      .send({
        symbol: SYMBOL,
        kind: 'SPOT',
        baseAsset: 'ETH',
        quoteAsset: 'USD',
        tickSize: '1',
        stepSize: '0.01',
        minQuantity: '0.05',
        minNotional: '1',
        makerFeeRate: '0.001',
        takerFeeRate: '0.002',
        maxLeverage: 1,
        priceBandRate: '0.5',
        maintenanceMarginTiers: [],
        initialPrice: '100',
        volatility: '0.000001',
      })
      .expect(201);
    expect(await wholeMark(t.url, SYMBOL)).toBe(100n);
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });

  beforeEach(async () => {
    const book = (await request(t.url).get(`/api/v1/markets/${SYMBOL}/orderbook?depth=10`).expect(200)).body;
    expect([book.bids, book.asks]).toEqual([[], []]);
  });
  afterEach(async () => {
    for (const user of users.splice(0)) await request(t.url).delete(`/api/v1/orders?symbol=${SYMBOL}`).set(bearer(user.accessToken)).expect(200);
    const report = await reconcile(t.url, admin.accessToken);
    expect({ ok: report.ok, mismatched: report.mismatchedAccounts, negative: report.negativeBalances }).toEqual({ ok: true, mismatched: [], negative: [] });
  });

  async function trader(usd?: string, eth?: string): Promise<Account> {
    const user = await register(t.url);
    if (usd) await deposit(t.url, user.accessToken, 'USD', usd);
    if (eth) await deposit(t.url, user.accessToken, 'ETH', eth);
    users.push(user);
    return user;
  }
  const limit = (user: Account, side: 'BUY' | 'SELL', quantity: string, price: string) =>
    placeOrder(t.url, user.accessToken, { symbol: SYMBOL, side, type: 'LIMIT', quantity, price }).expect(201);
  const marketBuy = (user: Account, quantity: string, timeInForce?: 'IOC' | 'FOK') =>
    placeOrder(t.url, user.accessToken, { symbol: SYMBOL, side: 'BUY', type: 'MARKET', quantity, ...(timeInForce ? { timeInForce } : {}) });
  const amend = (user: Account, id: string, changes: { price?: string; quantity?: string }) =>
    request(t.url).patch(`/api/v1/orders/${id}`).set(bearer(user.accessToken)).send(changes);
  const usd = async (user: Account) => (await balanceOf(t.url, user.accessToken, 'USD')).spot;
  const eth = async (user: Account) => (await balanceOf(t.url, user.accessToken, 'ETH')).spot;
  const spot = (available: string, locked: string, total: string) => ({ available, locked, total });
  const ledger = async (user: Account) => (await request(t.url).get('/api/v1/wallet/history?asset=USD').set(bearer(user.accessToken)).expect(200)).body;
  const getOrder = async (user: Account, id: string) => (await request(t.url).get(`/api/v1/orders/${id}`).set(bearer(user.accessToken)).expect(200)).body;

  describe('a MARKET buy holds what it can at most spend: the book walked up to the protection price, stopping at the buyer\'s own first ask', () => {
    it('holds exactly the walk plus the taker fee rounded up, and refuses one cent less', async () => {
      const seller = await trader(undefined, '1');
      await limit(seller, 'SELL', '0.30', '101');
      await limit(seller, 'SELL', '0.30', '102');
      // 0.30 x 101 + 0.20 x 102 = 30.30 + 20.40 = 50.70; fee ceil(0.1014) = 0.11; 50.81 in all.
      const short = await trader('50.80');
      const refused = await marketBuy(short, '0.50');
      expect([refused.status, refused.body.code, refused.body.required, refused.body.available]).toEqual([422, 'INSUFFICIENT_BALANCE', '50.81', '50.80']);
      expect(await usd(short)).toEqual(spot('50.80', '0.00', '50.80'));

      const buyer = await trader('50.81');
      const filled = await marketBuy(buyer, '0.50').expect(201);
      expect(filled.body).toMatchObject({ status: 'FILLED', filledQuantity: '0.50', filledQuote: '50.70', fee: '0.11' });
      expect(await usd(buyer)).toEqual(spot('0.00', '0.00', '0.00'));
      expect(await eth(buyer)).toEqual(spot('0.50000000', '0.00000000', '0.50000000'));
    });

    it.each([
      // [case, asks in the order they are placed (the buyer's own marked "mine"), buyer's USD, MARKET buy quantity, time in force,
      //  status, reason, filled, buyer's USD after, buyer's ETH available after]
      ['own ask first: nothing to spend, no funds needed', ['mine 0.50@101', 'other 0.50@102'], undefined, '0.30', 'IOC', 'EXPIRED', 'SELF_TRADE_PREVENTED', '0.00', spot('0.00', '0.00', '0.00'), '0.50000000'],
      ['own ask only', ['mine 0.50@101'], undefined, '0.30', 'IOC', 'EXPIRED', 'SELF_TRADE_PREVENTED', '0.00', spot('0.00', '0.00', '0.00'), '0.50000000'],
      ['own ask first in a level shared with another\'s', ['mine 0.50@101', 'other 0.50@101'], undefined, '0.30', 'IOC', 'EXPIRED', 'SELF_TRADE_PREVENTED', '0.00', spot('0.00', '0.00', '0.00'), '0.50000000'],
      // 0.20 x 101 = 20.20, fee ceil(0.0404) = 0.05: the asks behind the own one are not needed.
      ['own ask second: only what is before it', ['other 0.20@101', 'mine 0.50@102', 'other 0.50@103'], '20.25', '1.00', 'IOC', 'EXPIRED', 'SELF_TRADE_PREVENTED', '0.20', spot('0.00', '0.00', '0.00'), '0.70000000'],
      ['empty book, no funds', [], undefined, '0.10', 'IOC', 'CANCELED', 'MARKET_REMAINDER', '0.00', spot('0.00', '0.00', '0.00'), '0.00000000'],
      ['empty book, funds', [], '1000', '0.10', 'IOC', 'CANCELED', 'MARKET_REMAINDER', '0.00', spot('1000.00', '0.00', '1000.00'), '0.00000000'],
      ['FOK the book cannot fill: expires with nothing held', ['other 0.30@101'], undefined, '0.50', 'FOK', 'EXPIRED', 'FOK_NOT_FILLABLE', '0.00', spot('0.00', '0.00', '0.00'), '0.00000000'],
      // 0.30 x 101 = 30.30, fee ceil(0.0606) = 0.07.
      ['FOK the book fills: holds the walk', ['other 0.30@101', 'other 0.30@120'], '30.37', '0.30', 'FOK', 'FILLED', null, '0.30', spot('0.00', '0.00', '0.00'), '0.30000000'],
    ] as const)('%s', async (_case, asks, funds, quantity, timeInForce, status, reason, filled, usdAfter, ethAfter) => {
      const seller = await trader(undefined, '2');
      const buyer = await trader(funds, asks.some((a) => a.startsWith('mine')) ? '1' : undefined);
      for (const ask of asks) {
        const [who, size] = ask.split(' ') as [string, string];
        const [q, p] = size.split('@') as [string, string];
        await limit(who === 'mine' ? buyer : seller, 'SELL', q, p);
      }
      const response = await marketBuy(buyer, quantity, timeInForce);
      expect([response.status, response.body.code]).toEqual([201, undefined]);
      expect(response.body).toMatchObject({ status, reason, filledQuantity: filled });
      expect(await usd(buyer)).toEqual(usdAfter);
      expect((await eth(buyer)).available).toBe(ethAfter);
    });
  });

  describe('an amend recomputes a buy\'s hold exactly; an amend that changes nothing changes nothing', () => {
    it('keeps the change of a price improvement through a no-op amend and releases it, exactly, at a real one', async () => {
      const seller = await trader(undefined, '1');
      const buyer = await trader('200');
      await limit(seller, 'SELL', '0.40', '101');
      // Hold 105.00 + ceil(0.21) = 105.21. Takes 0.40 at 101: 40.40 + fee ceil(0.0808) = 0.09, so 64.72 stays held
      // for the rest (0.60 at 105 needs 63.00 + 0.13 = 63.13: 1.59 of change).
      const order = await limit(buyer, 'BUY', '1.00', '105');
      expect(order.body).toMatchObject({ status: 'PARTIALLY_FILLED', filledQuantity: '0.40', fee: '0.09' });
      expect(await usd(buyer)).toEqual(spot('94.79', '64.72', '159.51'));
      const before = await getOrder(buyer, order.body.id);
      const entries = await ledger(buyer);

      for (const same of [{ price: '105' }, { quantity: '1.00' }, { price: '105', quantity: '1' }]) {
        const unchanged = await amend(buyer, order.body.id, same).expect(200);
        expect(unchanged.body).toMatchObject({ price: '105', quantity: '1.00', remainingQuantity: '0.60', updatedAt: before.updatedAt });
        expect(await usd(buyer)).toEqual(spot('94.79', '64.72', '159.51'));
      }
      // Nothing written: the order as it was, no ledger entry.
      expect(await getOrder(buyer, order.body.id)).toEqual(before);
      expect(await ledger(buyer)).toEqual(entries);

      // Same price, smaller total: priority kept; the rest 0.50 at 105 needs 52.50 + ceil(0.105) = 52.61: 12.11 released now.
      const smaller = await amend(buyer, order.body.id, { quantity: '0.90' }).expect(200);
      expect(smaller.body).toMatchObject({ quantity: '0.90', remainingQuantity: '0.50', status: 'PARTIALLY_FILLED' });
      expect(await usd(buyer)).toEqual(spot('106.90', '52.61', '159.51'));

      // The rest fills as maker: 52.50, the order's fee ceil(0.0808 + 0.0525) = 0.14, so 0.05 more; 0.06 of the hold is left and released.
      const closer = await trader(undefined, '1');
      await limit(closer, 'SELL', '0.50', '105');
      const done = await getOrder(buyer, order.body.id);
      expect(done).toMatchObject({ status: 'FILLED', filledQuantity: '0.90', filledQuote: '92.90', fee: '0.14' });
      expect(await usd(buyer)).toEqual(spot('106.96', '0.00', '106.96'));
      expect(await eth(buyer)).toEqual(spot('0.90000000', '0.00000000', '0.90000000'));
      // The taker's side: 52.50 less ceil(0.105) = 0.11.
      expect(await usd(closer)).toEqual(spot('52.39', '0.00', '52.39'));
    });

    it('keeps the fee change of a maker fill through a no-op amend and releases it at a new price', async () => {
      const buyer = await trader('100');
      const seller = await trader(undefined, '1');
      // Hold 50.00 + ceil(0.10) = 50.10: the rest is held at the taker rate, the higher one. The seller takes 0.20:
      // the buyer pays 20.00 + maker fee ceil(0.02) = 0.02, and 30.08 stays held (0.30 at 100 needs 30.00 + 0.06: 0.02 of change).
      const order = await limit(buyer, 'BUY', '0.50', '100');
      await limit(seller, 'SELL', '0.20', '100');
      expect(await usd(buyer)).toEqual(spot('49.90', '30.08', '79.98'));
      const before = await getOrder(buyer, order.body.id);
      const entries = await ledger(buyer);
      // The buyer's /user stream: the no-op publishes nothing, so the first order event it gets is the real amend's.
      const socket = io(`${t.url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: buyer.accessToken } });
      const events: OrderMessage[] = [];
      socket.on('order', (m) => events.push(m));
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const unchanged = await amend(buyer, order.body.id, { price: '100' }).expect(200);
      expect(unchanged.body).toMatchObject({ status: 'PARTIALLY_FILLED', price: '100', remainingQuantity: '0.30', updatedAt: before.updatedAt });
      expect(await usd(buyer)).toEqual(spot('49.90', '30.08', '79.98'));
      expect(await ledger(buyer)).toEqual(entries);
      // 0.30 at 99: 29.70 + ceil(0.0594) = 29.76.
      await amend(buyer, order.body.id, { price: '99' }).expect(200);
      expect(await usd(buyer)).toEqual(spot('50.22', '29.76', '79.98'));
      try {
        await until('the amend\'s order event', () => (events.length > 0 ? true : undefined));
        expect(events.map((e) => [e.order.id, e.order.price])).toEqual([[order.body.id, '99']]);
      } finally {
        socket.close();
      }
    });
  });

  describe('the minimum quantity of an amend applies to the order\'s new total quantity, not to what is left of it', () => {
    it.each([
      // [case, amend, status, code, price after, quantity after, remaining after, buyer's USD after]
      // The rest, 0.03 at 98: 2.94 + ceil(0.00588) = 2.95 (was 2.98 at 99).
      ['a new price for a rest below the minimum', { price: '98' }, 200, undefined, '98', '0.10', '0.03', spot('40.11', '2.95', '43.06')],
      // Total 0.08 >= 0.05: the rest 0.01 at 99 needs 0.99 + ceil(0.00198) = 1.00.
      ['a smaller total at or above the minimum, leaving a rest below it', { quantity: '0.08' }, 200, undefined, '99', '0.08', '0.01', spot('42.06', '1.00', '43.06')],
      // A larger total: the rest 0.13 at 99 needs 12.87 + ceil(0.02574) = 12.90.
      ['a larger total', { quantity: '0.20' }, 200, undefined, '99', '0.20', '0.13', spot('30.16', '12.90', '43.06')],
      ['a total at the minimum but below what filled', { quantity: '0.05' }, 400, 'INVALID_AMEND', '99', '0.10', '0.03', spot('40.08', '2.98', '43.06')],
      ['a total at what filled', { quantity: '0.07' }, 400, 'INVALID_AMEND', '99', '0.10', '0.03', spot('40.08', '2.98', '43.06')],
      ['a total off the step grid', { quantity: '0.085' }, 400, 'INVALID_QUANTITY', '99', '0.10', '0.03', spot('40.08', '2.98', '43.06')],
      ['a new price outside the band (50 to 150)', { price: '151' }, 422, 'PRICE_OUT_OF_BAND', '99', '0.10', '0.03', spot('40.08', '2.98', '43.06')],
    ] as const)('%s', async (_case, changes, status, code, priceAfter, quantityAfter, remainingAfter, usdAfter) => {
      const buyer = await trader('50');
      const seller = await trader(undefined, '1');
      // Hold 9.90 + ceil(0.0198) = 9.92. The seller takes 0.07 of it: the buyer pays 6.93 + maker fee ceil(0.00693) = 0.01,
      // and 2.98 stays held for the rest, 0.03 at 99 (2.97 + ceil(0.00594) = 0.01): below the minimum of 0.05.
      const order = await limit(buyer, 'BUY', '0.10', '99');
      await limit(seller, 'SELL', '0.07', '99');
      expect(await usd(buyer)).toEqual(spot('40.08', '2.98', '43.06'));
      expect(await usd(seller)).toEqual(spot('6.91', '0.00', '6.91'));

      const response = await amend(buyer, order.body.id, changes);
      expect([response.status, response.body.code]).toEqual([status, code]);
      const now = await getOrder(buyer, order.body.id);
      expect(now).toMatchObject({ status: 'PARTIALLY_FILLED', price: priceAfter, quantity: quantityAfter, filledQuantity: '0.07', remainingQuantity: remainingAfter });
      expect(await usd(buyer)).toEqual(usdAfter);
    });

    it('refuses a total below the minimum on an order that has not filled', async () => {
      const buyer = await trader('50');
      const order = await limit(buyer, 'BUY', '0.10', '99');
      const refused = await amend(buyer, order.body.id, { quantity: '0.04' });
      expect([refused.status, refused.body.code]).toEqual([400, 'QUANTITY_BELOW_MINIMUM']);
      // 0.05 at 99: 4.95 + ceil(0.0099) = 4.96.
      await amend(buyer, order.body.id, { quantity: '0.05' }).expect(200);
      expect(await usd(buyer)).toEqual(spot('45.04', '4.96', '50.00'));
    });
  });
});

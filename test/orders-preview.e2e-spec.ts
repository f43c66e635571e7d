import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase } from './support/market';
import { OrderBody, placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit, reconcile } from './support/wallet';
import { toMargin } from './support/perp-market';

/**
 * POST /orders/preview on real PostgreSQL, with exact amounts: ETH-USD spot
 * (mark 100) and AAPL-PERP (mark 230), both USD with 2 decimals, price tick
 * 1, step 0.01, maker 0.1%, taker 0.2%; AAPL-PERP maintenance 1% up to
 * 10 000 USD, leverage 10 by default.
 */
describe('orders preview (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  const adminEmail = uniqueEmail('preview-admin');
  const SPOT = 'ETH-USD';
  const PERP = 'AAPL-PERP';
  const db = suiteDatabase('orders_preview');
  const users: Account[] = [];
  const market = { tickSize: '1', stepSize: '0.01', minQuantity: '0.05', minNotional: '1', makerFeeRate: '0.001', takerFeeRate: '0.002', priceBandRate: '0.5', volatility: '0.000001' };

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ FEED_ENABLED: 'true', FEED_INTERVAL_MS: '200', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    const list = (body: object) => request(t.url).post('/api/v1/admin/markets').set(bearer(admin.accessToken)).send(body).expect(201);
    await list({ symbol: SPOT, kind: 'SPOT', baseAsset: 'ETH', quoteAsset: 'USD', ...market, maxLeverage: 1, maintenanceMarginTiers: [], initialPrice: '100' });
    await list({
      symbol: PERP, kind: 'PERPETUAL', baseAsset: 'AAPL', quoteAsset: 'USD', ...market, maxLeverage: 20, initialPrice: '100',
      maintenanceMarginTiers: [{ maxNotional: '10000', rate: '0.01' }, { maxNotional: null, rate: '0.02' }],
    });
    expect(await wholeMark(t.url, SPOT)).toBe(100n);
    expect(await wholeMark(t.url, PERP)).toBe(230n);
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });
  afterEach(async () => {
    for (const user of users.splice(0)) {
      for (const symbol of [SPOT, PERP]) await request(t.url).delete(`/api/v1/orders?symbol=${symbol}`).set(bearer(user.accessToken)).expect(200);
    }
    const report = await reconcile(t.url, admin.accessToken);
    expect({ ok: report.ok, negative: report.negativeBalances }).toEqual({ ok: true, negative: [] });
  });

  async function trader(spotUsd: string, marginUsd = '0', eth = '0'): Promise<Account> {
    const user = await register(t.url);
    users.push(user);
    for (const [asset, amount] of [['USD', spotUsd], ['USD', marginUsd], ['ETH', eth]] as const) if (amount !== '0') await deposit(t.url, user.accessToken, asset, amount);
    if (marginUsd !== '0') {
      await toMargin(t.url, user.accessToken, 'USD', marginUsd);
    }
    return user;
  }
  const preview = (user: Account, body: OrderBody & { reduceOnly?: boolean }) => request(t.url).post('/api/v1/orders/preview').set(bearer(user.accessToken)).send(body);
  const openOrders = async (user: Account) => (await request(t.url).get('/api/v1/orders').set(bearer(user.accessToken)).expect(200)).body.items;

  it('a spot limit buy: holds price x quantity + the fee at the higher rate, and says whether SPOT covers it', async () => {
    const buyer = await trader('1000');
    const body: OrderBody = { symbol: SPOT, side: 'BUY', type: 'LIMIT', quantity: '2', price: '100' };
    // 2 x 100 = 200.00, fee at 0.2% = 0.40
    expect((await preview(buyer, body).expect(200)).body).toEqual({
      symbol: SPOT, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '2.00', limitPrice: '100',
      hold: { asset: 'USD', amount: '200.40' }, fee: { asset: 'USD', amount: '0.40' }, wouldTake: { quantity: '0.00', averagePrice: null },
      available: { account: 'SPOT', asset: 'USD', amount: '1000.00' }, sufficient: true,
    });
    const poor = await trader('200.39');
    expect((await preview(poor, body).expect(200)).body).toMatchObject({ hold: { amount: '200.40' }, sufficient: false });
    // Placing holds exactly that.
    await placeOrder(t.url, buyer.accessToken, body).expect(201);
    expect((await balanceOf(t.url, buyer.accessToken, 'USD')).spot).toMatchObject({ available: '799.60', locked: '200.40' });
  });

  it('the same refusals as placing, with the same codes', async () => {
    const user = await trader('1000');
    for (const body of [
      { symbol: SPOT, side: 'BUY', type: 'LIMIT', quantity: '1', price: '1000' },
      { symbol: SPOT, side: 'BUY', type: 'LIMIT', quantity: '1.001', price: '100' },
      { symbol: SPOT, side: 'BUY', type: 'MARKET', quantity: '1', price: '100' },
      { symbol: 'NOPE-USD', side: 'BUY', type: 'LIMIT', quantity: '1', price: '100' },
    ] as OrderBody[]) {
      const placed = await placeOrder(t.url, user.accessToken, body);
      const previewed = await preview(user, body);
      expect({ status: previewed.status, code: previewed.body.code }).toEqual({ status: placed.status, code: placed.body.code });
      expect(placed.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('a perp limit buy with no position: IM + fee, its liquidation price, and maxQuantity exact to the step', async () => {
    const user = await trader('0', '30');
    const body: OrderBody = { symbol: PERP, side: 'BUY', type: 'LIMIT', quantity: '1', price: '230' };
    expect((await preview(user, body).expect(200)).body).toEqual({
      symbol: PERP, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '1.00', limitPrice: '230',
      // IM ceil(230.00 / 10) = 23.00, fee at the higher rate 0.2% of 230.00 = 0.46
      hold: { asset: 'USD', amount: '23.46' }, fee: { asset: 'USD', amount: '0.46' }, wouldTake: { quantity: '0.00', averagePrice: null },
      available: { account: 'MARGIN', asset: 'USD', amount: '30.00' }, marginOk: true,
      // perpHold(q) = 23q + ceil(0.46q) (q in 0.01): 1.27 holds 29.21 + 0.59 = 29.80; 1.28 would hold 29.44 + 0.59 = 30.03 > 30.00
      maxQuantity: '1.27',
      position: {
        side: 'LONG', size: '1.00', entryPrice: '230.00', initialMargin: '23.00',
        // collateral = 30.00 - 23.46 = 6.54; long at entry 230.00 for 1.00, maintenance 1%:
        // P x 1 - 230.00 + 6.54 = 0.01 x P x 1  =>  P = 223.46 / 0.99 = 225.71..., rounded up to the tick: 226
        liquidationPrice: '226',
      },
    });
    const refused = await placeOrder(t.url, user.accessToken, { ...body, quantity: '1.28' });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'INSUFFICIENT_MARGIN' });
    const max = await placeOrder(t.url, user.accessToken, { ...body, quantity: '1.27' });
    expect(max.status).toBe(201);
    expect((await balanceOf(t.url, user.accessToken, 'USD')).margin).toMatchObject({ available: '0.20', locked: '29.80' });
  });

  it('a perp order that reduces a position holds nothing', async () => {
    const long = await trader('0', '1000');
    const short = await trader('0', '1000');
    await placeOrder(t.url, long.accessToken, { symbol: PERP, side: 'BUY', type: 'LIMIT', quantity: '1', price: '230' }).expect(201);
    expect((await placeOrder(t.url, short.accessToken, { symbol: PERP, side: 'SELL', type: 'LIMIT', quantity: '1', price: '230' }).expect(201)).body.status).toBe('FILLED');
    const body = { symbol: PERP, side: 'SELL', type: 'LIMIT', quantity: '0.40', price: '240' } as const;
    const answer = (await preview(long, body).expect(200)).body;
    // 0.40 of the 1.00 long closes at 240: nothing opens, so nothing is held; the rest keeps its entry (13 800 of 23 000)
    expect(answer).toMatchObject({ hold: { asset: 'USD', amount: '0.00' }, fee: { amount: '0.20' }, marginOk: true });
    expect(answer.position).toEqual({ side: 'LONG', size: '0.60', entryPrice: '230.00', initialMargin: '13.80', liquidationPrice: null });
    expect((await preview(long, { ...body, reduceOnly: true }).expect(200)).body.hold).toEqual({ asset: 'USD', amount: '0.00' });
    const increase = await preview(long, { ...body, side: 'BUY', reduceOnly: true });
    expect({ status: increase.status, code: increase.body.code }).toEqual({ status: 422, code: 'REDUCE_ONLY_WOULD_INCREASE' });
  });

  it('writes nothing: balances, open orders and the book are as they were', async () => {
    const seller = await trader('0', '0', '1');
    const buyer = await trader('1000', '100');
    await placeOrder(t.url, seller.accessToken, { symbol: SPOT, side: 'SELL', type: 'LIMIT', quantity: '1', price: '101' }).expect(201);
    const before = {
      buyer: await balanceOf(t.url, buyer.accessToken, 'USD'),
      seller: await balanceOf(t.url, seller.accessToken, 'ETH'),
      orders: [await openOrders(buyer), await openOrders(seller)],
      book: (await request(t.url).get(`/api/v1/markets/${SPOT}/orderbook`).expect(200)).body.asks,
    };
    const taking = (await preview(buyer, { symbol: SPOT, side: 'BUY', type: 'MARKET', quantity: '2' }).expect(200)).body;
    // It would take the 1.00 at 101 now: the hold is that walk plus the taker fee (101.00 + 0.21); the fee counts the rest at the band's edge 150
    expect(taking).toMatchObject({
      limitPrice: '150', wouldTake: { quantity: '1.00', averagePrice: '101.00' }, hold: { asset: 'USD', amount: '101.21' }, fee: { amount: '0.51' }, sufficient: true,
    });
    await preview(buyer, { symbol: PERP, side: 'BUY', type: 'LIMIT', quantity: '1', price: '230' }).expect(200);
    expect({
      buyer: await balanceOf(t.url, buyer.accessToken, 'USD'),
      seller: await balanceOf(t.url, seller.accessToken, 'ETH'),
      orders: [await openOrders(buyer), await openOrders(seller)],
      book: (await request(t.url).get(`/api/v1/markets/${SPOT}/orderbook`).expect(200)).body.asks,
    }).toEqual(before);
    expect(before.orders[0]).toEqual([]);
    expect(before.book).toEqual([['101', '1.00']]);
  });
});

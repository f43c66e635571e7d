import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase, until } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit, reconcile } from './support/wallet';
import { createPerpMarket, toMargin } from './support/perp-market';

/**
 * The kill switch and the pre-trade stage end to end (docs/risk.md), on
 * AAPL-PERP (USD; taker 0.2 %; the feed holds AAPL at 230 until the admin
 * shocks it; the mark is the index). Exact amounts.
 */
describe('risk: the kill switch and the pre-trade stage (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  const adminEmail = uniqueEmail('kill-admin');
  const SYMBOL = 'AAPL-PERP';
  const db = suiteDatabase('kill_switch');

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({
      FEED_ENABLED: 'true',
      FEED_INTERVAL_MS: '100',
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      MARK_PRICE_FORMULA: 'false',
      KILL_SWITCH_INTERVAL_MS: '100',
      RISK_MAX_ORDER_NOTIONAL: '5000',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
    });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    await createPerpMarket(t.url, admin.accessToken);
    expect(await wholeMark(t.url, SYMBOL)).toBe(230n);
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });
  afterEach(async () => {
    const report = await reconcile(t.url, admin.accessToken);
    expect({ ok: report.ok, negative: report.negativeBalances }).toEqual({ ok: true, negative: [] });
  });

  async function trader(usd = '1000'): Promise<Account> {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USD', usd);
    await toMargin(t.url, user.accessToken, 'USD', usd);
    return user;
  }
  const order = (user: Account, side: 'BUY' | 'SELL', quantity: string, price: string, more: Record<string, unknown> = {}) =>
    placeOrder(t.url, user.accessToken, { symbol: SYMBOL, side, type: 'LIMIT', quantity, price, ...more } as never);
  const switches = async (user: Account) => (await request(t.url).get('/api/v1/risk/kill-switch').set(bearer(user.accessToken)).expect(200)).body as Record<string, unknown>[];
  const shock = (price: string) => request(t.url).post(`/api/v1/admin/markets/${SYMBOL}/price`).set(bearer(admin.accessToken)).send({ price }).expect(202);

  it('refuses an order worth more than RISK_MAX_ORDER_NOTIONAL, and a kill switch on an asset no perpetual settles in', async () => {
    const user = await trader();
    const big = await order(user, 'BUY', '22', '230').expect(422); // 5 060 > 5 000
    expect(big.body).toMatchObject({ code: 'ORDER_NOTIONAL_TOO_LARGE', status: 422 });
    await order(user, 'BUY', '25', '200').expect(201); // 5 000: at the limit, taken (resting far below the mark)
    const wrong = await request(t.url).post('/api/v1/risk/kill-switch').set(bearer(user.accessToken)).send({ asset: 'BTC', maxDailyLoss: '10' }).expect(400);
    expect(wrong.body.code).toBe('INVALID_KILL_SWITCH');
    await request(t.url).post('/api/v1/risk/kill-switch').set(bearer(user.accessToken)).send({ asset: 'USD', maxDailyLoss: '0' }).expect(400);
    await request(t.url).delete('/api/v1/risk/kill-switch?asset=USD').set(bearer(user.accessToken)).expect(404);
  });

  it('triggers past the day\'s loss limit: orders cancelled, the position closed, new exposure refused until cleared', async () => {
    const alice = await trader();
    const seller = await trader();
    const dave = await trader();
    await order(seller, 'SELL', '2', '230').expect(201);
    await order(alice, 'BUY', '2', '230').expect(201); // 0.92 of taker fee
    const armed = await request(t.url).post('/api/v1/risk/kill-switch').set(bearer(alice.accessToken)).send({ asset: 'USD', maxDailyLoss: '30' }).expect(200);
    expect(armed.body).toEqual({ asset: 'USD', maxDailyLoss: '30.00', dayResult: '-0.92', triggered: false, triggeredAt: null, blockedUntil: null });
    const resting = await order(alice, 'BUY', '1', '200').expect(201);
    await order(dave, 'BUY', '2', '214').expect(201);

    // At 216: -28.00 unrealized, -28.92 for the day: within the limit.
    await shock('216');
    await until('the mark at 216', async () => ((await switches(alice))[0]!.dayResult === '-28.92' ? true : undefined), 3_000);
    await new Promise((r) => setTimeout(r, 300));
    expect((await switches(alice))[0]).toMatchObject({ triggered: false });

    // At 214: -32.92: past it. Her bid is cancelled, her long sold at market to Dave at 214 (0.86 of fee).
    await shock('214');
    await until('the trigger', async () => ((await switches(alice))[0]!.triggered ? true : undefined), 5_000);
    await until('the close', async () => ((await request(t.url).get(`/api/v1/positions/${SYMBOL}`).set(bearer(alice.accessToken))).body.size === '0.00' ? true : undefined), 5_000);
    const state = (await switches(alice))[0]!;
    expect(state).toMatchObject({ triggered: true, dayResult: '-33.78' });
    expect(new Date(state.blockedUntil as string).getUTCHours()).toBe(0);
    const bid = (await request(t.url).get(`/api/v1/orders/${resting.body.id}`).set(bearer(alice.accessToken)).expect(200)).body;
    expect(bid).toMatchObject({ status: 'CANCELED' });
    expect((await balanceOf(t.url, alice.accessToken, 'USD')).margin).toMatchObject({ available: '966.22', locked: '0.00' });

    // New exposure is refused; clearing lifts the block at once.
    const refused = await order(alice, 'BUY', '1', '214').expect(422);
    expect(refused.body).toMatchObject({ code: 'KILL_SWITCH_ACTIVE', status: 422 });
    await request(t.url).delete('/api/v1/risk/kill-switch?asset=USD').set(bearer(alice.accessToken)).expect(204);
    expect(await switches(alice)).toEqual([]);
    await order(alice, 'BUY', '1', '214').expect(201);
  });
});

import request from 'supertest';
import { Client } from 'pg';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit, reconcile } from './support/wallet';
import { toMargin } from './support/perp-market';

/**
 * A storm of orders from one account on two perpetual markets and a spot
 * market at once never holds the same margin twice: what the perpetual
 * orders hold fits the MARGIN cash less the initial margin of the account's
 * cross position (not a ledger hold: the check in the lane), spot orders
 * hold SPOT funds only, and the lane admits all it can.
 */
describe('perpetuals: concurrent orders from one account (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  const adminEmail = uniqueEmail('perp-storm-admin');
  const db = suiteDatabase('perp_storm');
  const PERPS = ['AAPL-PERP', 'MSFT-PERP'];
  const SPOT = 'TSLA-USD';

  const market = (symbol: string, kind: 'SPOT' | 'PERPETUAL', base: string) => ({
    symbol, kind, baseAsset: base, quoteAsset: 'USD', tickSize: '1', stepSize: '0.01', minQuantity: '0.01', minNotional: '1',
    makerFeeRate: '0.001', takerFeeRate: '0.002', maxLeverage: kind === 'SPOT' ? 1 : 20, priceBandRate: '0.5',
    maintenanceMarginTiers: kind === 'SPOT' ? [] : [{ maxNotional: '10000', rate: '0.01' }, { maxNotional: null, rate: '0.02' }],
    initialPrice: '100', volatility: '0.000001',
  });

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({
      FEED_ENABLED: 'true', FEED_INTERVAL_MS: '200', MARKET_MAKER: 'false', NOISE_TRADER: 'false',
      ORDERS_MAX_QUEUED_PER_MARKET: '1000', ORDERS_MAX_QUEUED_PER_USER: '999', DATABASE_POOL_SIZE: '20',
      ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests',
    });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    await request(t.url).post('/api/v1/admin/markets').set(bearer(admin.accessToken)).send(market('AAPL-PERP', 'PERPETUAL', 'AAPL')).expect(201);
    await request(t.url).post('/api/v1/admin/markets').set(bearer(admin.accessToken)).send(market('MSFT-PERP', 'PERPETUAL', 'MSFT')).expect(201);
    // The catalog may list it already (the stock markets): either way it trades on SPOT.
    const spot = await request(t.url).post('/api/v1/admin/markets').set(bearer(admin.accessToken)).send(market(SPOT, 'SPOT', 'TSLA'));
    expect([201, 409]).toContain(spot.status);
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });

  async function trader(usd: string, margin: string): Promise<Account> {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USD', usd);
    await toMargin(t.url, user.accessToken, 'USD', margin);
    return user;
  }

  it('holds no margin twice across two perpetual markets and a spot market', async () => {
    const aapl = await wholeMark(t.url, 'AAPL-PERP');
    const msft = await wholeMark(t.url, 'MSFT-PERP');
    const tsla = await wholeMark(t.url, SPOT);
    const alice = await trader('2000', '1000');
    const bob = await trader('2000', '2000');
    // Alice goes long 4 AAPL-PERP at the mark (cross, leverage 10): its initial margin is mark / 10, not a ledger hold.
    await placeOrder(t.url, bob.accessToken, { symbol: 'AAPL-PERP', side: 'SELL', type: 'LIMIT', quantity: '4', price: `${aapl}` }).expect(201);
    const open = await placeOrder(t.url, alice.accessToken, { symbol: 'AAPL-PERP', side: 'BUY', type: 'LIMIT', quantity: '4', price: `${aapl}` }).expect(201);
    expect(open.body.status).toBe('FILLED');
    const cash = BigInt((await balanceOf(t.url, alice.accessToken, 'USD')).margin.available.replace('.', ''));
    const positionMargin = (4n * aapl * 100n) / 10n; // cents: 4 x mark / leverage 10 (uPnL 0: the mark does not move)

    // The storm: resting buys far below the marks (nothing fills), each holding ~5 % of the margin, and spot buys.
    const perpOrders = Array.from({ length: 48 }, (_, i) => {
      const symbol = PERPS[i % 2]!;
      const price = ((i % 2 === 0 ? aapl : msft) * 6n) / 10n;
      const quantity = (5000n * 10n) / (price * 100n) + 1n; // whole units: notional ~ 500 + , IM ~ 50 + at leverage 10
      return placeOrder(t.url, alice.accessToken, { symbol, side: 'BUY', type: 'LIMIT', quantity: `${quantity}`, price: `${price}` });
    });
    const spotOrders = Array.from({ length: 24 }, () => placeOrder(t.url, alice.accessToken, { symbol: SPOT, side: 'BUY', type: 'LIMIT', quantity: '1', price: `${(tsla * 95n) / 100n}` }));
    const answers = await Promise.all([...perpOrders, ...spotOrders].map((r) => r.then((x) => x)));
    const codes = answers.map((a) => (a.status === 201 ? 'OK' : a.body.code));
    expect(codes.filter((c) => c !== 'OK' && c !== 'INSUFFICIENT_MARGIN' && c !== 'INSUFFICIENT_BALANCE')).toEqual([]);
    expect(codes.filter((c) => c === 'INSUFFICIENT_MARGIN').length).toBeGreaterThan(0);

    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const held = await client.query(
        `SELECT (symbol LIKE '%-PERP') AS perp, sum(hold_remaining)::text AS held, max(hold_remaining)::text AS largest, count(*)::int AS n
           FROM orders.orders WHERE user_id = $1 AND status = 'NEW' GROUP BY 1`,
        [alice.id],
      );
      const perp = held.rows.find((r: { perp: boolean }) => r.perp)!;
      const spot = held.rows.find((r: { perp: boolean }) => !r.perp)!;
      const perpHeld = BigInt(perp.held);
      // Never more than the cash less the position's margin; and the lane admitted all it could (less than one more order's worth is left).
      expect(perpHeld <= cash - positionMargin).toBe(true);
      expect(cash - positionMargin - perpHeld < BigInt(perp.largest)).toBe(true);
      const wallet = await balanceOf(t.url, alice.accessToken, 'USD');
      expect(BigInt(wallet.margin.locked.replace('.', ''))).toBe(perpHeld);
      expect(BigInt(wallet.spot.locked.replace('.', ''))).toBe(BigInt(spot.held));
      expect(BigInt(wallet.spot.locked.replace('.', '')) <= 100000n).toBe(true);
    } finally {
      await client.end();
    }
    const report = await reconcile(t.url, admin.accessToken);
    expect({ ok: report.ok, negative: report.negativeBalances }).toEqual({ ok: true, negative: [] });
  }, 60_000);
});

import request from 'supertest';
import { Client } from 'pg';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit, reconcile } from './support/wallet';

describe('perp smoke (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  const adminEmail = uniqueEmail('perp-admin');
  const SYMBOL = 'AAPL-PERP';
  const db = suiteDatabase('perp_smoke');

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ FEED_ENABLED: 'true', FEED_INTERVAL_MS: '200', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    await request(t.url)
      .post('/api/v1/admin/markets')
      .set(bearer(admin.accessToken))
      .send({
        symbol: SYMBOL, kind: 'PERPETUAL', baseAsset: 'AAPL', quoteAsset: 'USD', tickSize: '1', stepSize: '0.01', minQuantity: '0.05', minNotional: '1',
        makerFeeRate: '0.001', takerFeeRate: '0.002', maxLeverage: 20, priceBandRate: '0.5',
        maintenanceMarginTiers: [{ maxNotional: '10000', rate: '0.01' }, { maxNotional: null, rate: '0.02' }],
        initialPrice: '100', volatility: '0.000001',
      })
      .expect(201);
    expect(await wholeMark(t.url, SYMBOL)).toBe(230n);
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });

  async function trader(usd: string): Promise<Account> {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USD', usd);
    await request(t.url).post('/api/v1/wallet/transfers').set(bearer(user.accessToken)).send({ asset: 'USD', amount: usd, from: 'SPOT', to: 'MARGIN' }).expect(201);
    return user;
  }

  it('opens a long against a short, settles through the ledger', async () => {
    const a = await trader('1000');
    const b = await trader('1000');
    const bid = await placeOrder(t.url, a.accessToken, { symbol: SYMBOL, side: 'BUY', type: 'LIMIT', quantity: '1', price: '230' });
    expect(bid.status).toBe(201);
    expect((await balanceOf(t.url, a.accessToken, 'USD')).margin).toMatchObject({ available: '976.54', locked: '23.46' });
    const ask = await placeOrder(t.url, b.accessToken, { symbol: SYMBOL, side: 'SELL', type: 'LIMIT', quantity: '1', price: '230' });
    expect(ask.status).toBe(201);
    expect(ask.body.status).toBe('FILLED');
    expect((await balanceOf(t.url, a.accessToken, 'USD')).margin).toMatchObject({ available: '999.77', locked: '0.00' });
    expect((await balanceOf(t.url, b.accessToken, 'USD')).margin).toMatchObject({ available: '999.54', locked: '0.00' });
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const rows = (await client.query(`SELECT user_id, size::text, entry_value::text FROM positions.positions WHERE symbol = $1 ORDER BY size`, [SYMBOL])).rows;
    await client.end();
    expect(rows).toEqual([
      { user_id: b.id, size: '-100', entry_value: '23000' },
      { user_id: a.id, size: '100', entry_value: '23000' },
    ]);
    // b closes at 90: +10.00 for b, a (maker) loses 10.00
    await placeOrder(t.url, a.accessToken, { symbol: SYMBOL, side: 'SELL', type: 'LIMIT', quantity: '1', price: '220' }).expect(201);
    const close = await placeOrder(t.url, b.accessToken, { symbol: SYMBOL, side: 'BUY', type: 'LIMIT', quantity: '1', price: '220', reduceOnly: true } as never);
    expect(close.status).toBe(201);
    expect((await balanceOf(t.url, b.accessToken, 'USD')).margin).toMatchObject({ available: '1009.10', locked: '0.00' });
    expect((await balanceOf(t.url, a.accessToken, 'USD')).margin).toMatchObject({ available: '989.55', locked: '0.00' });
    const report = await reconcile(t.url, admin.accessToken);
    expect({ ok: report.ok, negative: report.negativeBalances }).toEqual({ ok: true, negative: [] });
  });
});

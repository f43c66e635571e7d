import { Client } from 'pg';
import request from 'supertest';
import { Account, bearer, register, uniqueEmail } from './support/accounts';
import { suiteDatabase } from './support/market';
import { perpTrader, spotTrader, startStillAapl } from './support/still-aapl';
import { TestApp } from './support/test-app';

type Json = Record<string, unknown>;

/**
 * GET /api/v1/admin/stats (docs/operations.md, "Admin REST") on a database
 * of its own, with the bots off: exact users, 24 h trades, volumes and fees
 * per market from known trades (one moved out of the window by SQL), open
 * and untriggered orders, open interest and the insurance fund.
 * AAPL-USD: maker 0.05 %, taker 0.1 %, whole shares, USD 2 decimals;
 * AAPL-PERP: maker 0.1 %, taker 0.2 %, step 0.01 (test/support).
 */
describe('admin stats (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let sql: Client;
  const adminEmail = uniqueEmail('stats-admin');
  const db = suiteDatabase('admin_stats');

  beforeAll(async () => {
    await db.enter();
    ({ t, admin } = await startStillAapl(adminEmail));
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
    await db.leave();
  });

  const order = (user: Account, body: Json) => request(t.url).post('/api/v1/orders').set(bearer(user.accessToken)).send(body).expect(201);
  const stats = async (): Promise<Json & { markets: Json[]; perpetuals: Json[] }> => (await request(t.url).get('/api/v1/admin/stats').set(bearer(admin.accessToken)).expect(200)).body;

  it('answers only admins, with problem details', async () => {
    const user = await register(t.url);
    const refused = await request(t.url).get('/api/v1/admin/stats').set(bearer(user.accessToken)).expect(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await request(t.url).get('/api/v1/admin/stats').expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('counts users, trades, volumes and fees of the last 24 h exactly, open orders, open interest and the insurance fund', async () => {
    const before = await stats();
    expect(before.users).toEqual({ total: 2, active24h: 2 }); // the admin and the user of the test above

    // AAPL-USD: 2 @ 230.00 (fees 0.23 + 0.46) and 1 @ 240.00 (0.12 + 0.24) in the window; 1 @ 220.00 moved out of it.
    const alice = await spotTrader(t.url, 'USD', '2000');
    const bob = await spotTrader(t.url, 'AAPL', '10');
    await order(bob, { symbol: 'AAPL-USD', side: 'SELL', type: 'LIMIT', quantity: '2', price: '230.00' });
    await order(alice, { symbol: 'AAPL-USD', side: 'BUY', type: 'LIMIT', quantity: '2', price: '230.00' });
    await order(bob, { symbol: 'AAPL-USD', side: 'SELL', type: 'LIMIT', quantity: '1', price: '240.00' });
    await order(alice, { symbol: 'AAPL-USD', side: 'BUY', type: 'LIMIT', quantity: '1', price: '240.00' });
    await order(bob, { symbol: 'AAPL-USD', side: 'SELL', type: 'LIMIT', quantity: '1', price: '220.00' });
    const old = await order(alice, { symbol: 'AAPL-USD', side: 'BUY', type: 'LIMIT', quantity: '1', price: '220.00' });
    await sql.query(`UPDATE orders.trades SET created_at = now() - interval '25 hours' WHERE taker_order_id = $1`, [old.body.id]);
    // Resting and waiting: a bid, and a stop that has not triggered.
    await order(alice, { symbol: 'AAPL-USD', side: 'BUY', type: 'LIMIT', quantity: '1', price: '210.00' });
    await order(alice, { symbol: 'AAPL-USD', side: 'SELL', type: 'STOP_MARKET', quantity: '1', triggerPrice: '215.00' });

    // AAPL-PERP: 2 @ 230 (fees 0.46 + 0.92): open interest 2.00.
    const carol = await perpTrader(t.url);
    const dave = await perpTrader(t.url);
    await order(dave, { symbol: 'AAPL-PERP', side: 'SELL', type: 'LIMIT', quantity: '2', price: '230' });
    await order(carol, { symbol: 'AAPL-PERP', side: 'BUY', type: 'LIMIT', quantity: '2', price: '230' });
    await request(t.url).post('/api/v1/admin/insurance-fund/top-ups').set(bearer(admin.accessToken)).set('Idempotency-Key', 'stats-seed').send({ asset: 'USD', amount: '100', reason: 'seed' }).expect(201);

    // A user last seen two days ago is counted, not active.
    const eve = await register(t.url);
    await sql.query(`UPDATE auth.refresh_tokens SET created_at = now() - interval '2 days' WHERE session_id IN (SELECT id FROM auth.sessions WHERE user_id = $1)`, [eve.id]);

    const now = await stats();
    expect(Date.parse(now.at as string) - Date.parse(now.since as string)).toBe(24 * 60 * 60 * 1000);
    expect(now.users).toEqual({ total: 7, active24h: 6 });
    const market = (symbol: string) => now.markets.find((m) => m.symbol === symbol);
    expect(market('AAPL-USD')).toEqual({
      symbol: 'AAPL-USD',
      kind: 'SPOT',
      trades: 2,
      baseVolume: '3',
      quoteVolume: '700.00',
      fees: '1.05',
      quoteAsset: 'USD',
      openOrders: 1,
      untriggeredOrders: 1,
    });
    expect(market('AAPL-PERP')).toEqual({
      symbol: 'AAPL-PERP',
      kind: 'PERPETUAL',
      trades: 1,
      baseVolume: '2.00',
      quoteVolume: '460.00',
      fees: '1.38',
      quoteAsset: 'USD',
      openOrders: 0,
      untriggeredOrders: 0,
    });
    // No bots: every other market is idle, and the totals are these markets'.
    expect(now.markets.filter((m) => m.trades !== 0).map((m) => m.symbol).sort()).toEqual(['AAPL-PERP', 'AAPL-USD']);
    expect(now.openOrders).toEqual({ total: 1, untriggered: 1 });
    expect(now.perpetuals).toContainEqual({ symbol: 'AAPL-PERP', settlementAsset: 'USD', openInterest: '2.00', insuranceFund: '100.00' });
    expect(now.outbox).toEqual({ rows: expect.any(Number), ageMs: expect.any(Number) });
    expect((now.outbox as { rows: number }).rows).toBeGreaterThanOrEqual(0);
  });
});

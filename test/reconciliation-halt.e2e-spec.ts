import { Client } from 'pg';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { sleep, suiteDatabase, until } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { createPerpMarket, toMargin } from './support/perp-market';
import { nextCheck, reconciliation } from './support/reconciliation';
import { TestApp, startTestApp } from './support/test-app';
import { deposit } from './support/wallet';

/**
 * RECONCILE_HALT_ON_MISMATCH=true (docs/operations.md, "Continuous
 * reconciliation"): a mismatch halts the markets it implicates, as the
 * platform's own audited change (actor null, reason "reconciliation
 * mismatch: ..."), once; nothing else is halted, and nothing is reopened when
 * the mismatch clears. AAPL-PERP of the suite's own (USD, mark 230).
 */
describe('continuous reconciliation halts the implicated markets (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let sql: Client;
  const adminEmail = uniqueEmail('reconcile-halt-admin');
  const db = suiteDatabase('reconciliation_halt');

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({
      RECONCILE: 'true',
      RECONCILE_INTERVAL_MS: '300',
      RECONCILE_HALT_ON_MISMATCH: 'true',
      FEED_ENABLED: 'true',
      FEED_INTERVAL_MS: '200',
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
    });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    await createPerpMarket(t.url, admin.accessToken);
    expect(await wholeMark(t.url, 'AAPL-PERP')).toBe(230n);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
    await db.leave();
  });

  const statusOf = async (symbol: string) => (await request(t.url).get(`/api/v1/markets/${symbol}`).expect(200)).body.status;
  const audit = async (symbol: string) =>
    (await request(t.url).get(`/api/v1/admin/audit?target=market:${symbol}&action=MARKET_UPDATED`).set(bearer(admin.accessToken)).expect(200)).body.items;
  const trader = async () => {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USD', '1000');
    await toMargin(t.url, user.accessToken, 'USD', '1000');
    return user;
  };

  it('halts the perpetual whose open interest is off, once, audited as the platform, and never reopens it', async () => {
    const alice = await trader();
    const bob = await trader();
    await placeOrder(t.url, bob.accessToken, { symbol: 'AAPL-PERP', side: 'SELL', type: 'LIMIT', quantity: '2', price: '230' }).expect(201);
    await placeOrder(t.url, alice.accessToken, { symbol: 'AAPL-PERP', side: 'BUY', type: 'LIMIT', quantity: '2', price: '230' }).expect(201);
    expect((await nextCheck(t.url, admin.accessToken)).ok).toBe(true);
    expect(await statusOf('AAPL-PERP')).toBe('TRADING');

    // A fill of 1.00 at 230 that no trade made.
    const phantom = `UPDATE positions.positions SET size = size + $2, entry_value = entry_value + $3 WHERE user_id = $1 AND symbol = 'AAPL-PERP'`;
    await sql.query(phantom, [alice.id, 100, 23_000]);
    await until('AAPL-PERP halted', async () => ((await statusOf('AAPL-PERP')) === 'HALTED' ? true : undefined), 5_000);
    const reason = 'reconciliation mismatch: AAPL-PERP open interest: long 3.00, short 2.00; CLEARING USD: 0.00, expected -230.00';
    const entries = await audit('AAPL-PERP');
    expect(entries).toEqual([
      expect.objectContaining({ actorId: null, action: 'MARKET_UPDATED', target: 'market:AAPL-PERP', reason, before: expect.objectContaining({ status: 'TRADING' }), after: expect.objectContaining({ status: 'HALTED' }) }),
    ]);
    const marketAudit = (await request(t.url).get('/api/v1/admin/markets/audit?symbol=AAPL-PERP').set(bearer(admin.accessToken)).expect(200)).body;
    expect(marketAudit[0]).toMatchObject({ adminId: null, action: 'MARKET_UPDATED', symbol: 'AAPL-PERP', reason, after: { status: 'HALTED' } });
    expect((await request(t.url).get('/api/v1/admin/audit/verify').set(bearer(admin.accessToken)).expect(200)).body.ok).toBe(true);

    // Trading stops there, and only there.
    const refused = await placeOrder(t.url, alice.accessToken, { symbol: 'AAPL-PERP', side: 'SELL', type: 'LIMIT', quantity: '1', price: '230' }).expect(409);
    expect(refused.body.code).toBe('MARKET_HALTED');
    for (const symbol of ['AAPL-USD', 'BTC-PERP', 'BTC-USDT']) expect(await statusOf(symbol)).toBe('TRADING');
    const during = await reconciliation(t.url, admin.accessToken);
    expect({ ok: during.ok, affected: during.affectedSymbols }).toEqual({ ok: false, affected: ['AAPL-PERP'] });

    // Checks go on: the market is halted already, nothing more is written.
    await sleep(1_000);
    expect(await audit('AAPL-PERP')).toHaveLength(1);

    // Put back: everything matches again, and the market stays halted until an admin reopens it.
    await sql.query(phantom, [alice.id, -100, -23_000]);
    await until('clean again', async () => ((await reconciliation(t.url, admin.accessToken)).ok === true ? true : undefined), 5_000);
    await nextCheck(t.url, admin.accessToken);
    expect(await statusOf('AAPL-PERP')).toBe('HALTED');
    expect(await audit('AAPL-PERP')).toHaveLength(1);
    await request(t.url).patch('/api/v1/admin/markets/AAPL-PERP').set(bearer(admin.accessToken)).send({ status: 'TRADING' }).expect(200);
    await nextCheck(t.url, admin.accessToken);
    expect(await statusOf('AAPL-PERP')).toBe('TRADING');
    const reopened = await audit('AAPL-PERP');
    expect(reopened).toHaveLength(2);
    expect(reopened[0]).toMatchObject({ actorId: admin.id, after: { status: 'TRADING' } });
  });
});

import { Client } from 'pg';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase, until } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { createPerpMarket, toMargin } from './support/perp-market';
import { createSpotMarket, nextCheck, problemsMetric, reconciliation } from './support/reconciliation';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit } from './support/wallet';

/**
 * Continuous reconciliation (issue 17, docs/operations.md): every
 * RECONCILE_INTERVAL_MS (300 ms here) one snapshot is checked: the ledger,
 * locked funds against open orders' holds, pending withdrawals and isolated
 * margins, open interest per perpetual and the CLEARING balance. Each test
 * changes a row by direct SQL, finds it reported within an interval with the
 * exact amounts and the markets it implicates (nothing halted: the option is
 * off here), then puts it back and finds everything clean again.
 * Markets of the suite's own: ETH-USD (spot, USD 2 decimals, mark 100) and
 * AAPL-PERP (USD, mark 230), both with fees of 0.1 % / 0.2 %.
 */
describe('continuous reconciliation (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let sql: Client;
  const adminEmail = uniqueEmail('reconcile-admin');
  const db = suiteDatabase('reconciliation');

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({
      RECONCILE: 'true',
      RECONCILE_INTERVAL_MS: '300',
      FEED_ENABLED: 'true',
      FEED_INTERVAL_MS: '200',
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      WITHDRAWAL_DELAY_MS: '3600000',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
    });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    await createSpotMarket(t.url, admin.accessToken);
    await createPerpMarket(t.url, admin.accessToken);
    expect(await wholeMark(t.url, 'ETH-USD')).toBe(100n);
    expect(await wholeMark(t.url, 'AAPL-PERP')).toBe(230n);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
    await db.leave();
  });

  const status = () => reconciliation(t.url, admin.accessToken);
  const check = () => nextCheck(t.url, admin.accessToken);
  const okMetric = async () => /^exchange_reconcile_ok (-?\d+)$/m.exec((await request(t.url).get('/api/metrics').expect(200)).text)?.[1];
  const mismatch = () => until('a mismatch reported', async () => {
    const s = await status();
    return s.ok === false ? s : undefined;
  }, 5_000);
  const clean = async () => {
    const s = await until('everything clean', async () => {
      const s = await status();
      return s.ok === true ? s : undefined;
    }, 5_000);
    expect({ affected: s.affectedSymbols, halted: s.haltedSymbols }).toEqual({ affected: [], halted: [] });
    return s;
  };
  /** The spot markets trading USD (a SPOT USD account implicates them all: the seeded stocks and ETH-USD). */
  const usdSpotMarkets = async () =>
    ((await request(t.url).get('/api/v1/markets').expect(200)).body as { symbol: string; kind: string; baseAsset: string; quoteAsset: string }[])
      .filter((m) => m.kind === 'SPOT' && (m.baseAsset === 'USD' || m.quoteAsset === 'USD'))
      .map((m) => m.symbol)
      .sort();

  it('reports a balance changed behind the ledger within an interval, and clears when it is put back', async () => {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USDT', '100');
    await until('a clean check after the deposit', async () => ((await status()).ok === true && (await okMetric()) === '1' ? true : undefined), 5_000);
    const changedAt = Date.now();
    // One smallest unit (0.000001 USDT) that no posting explains.
    await sql.query(`UPDATE wallet.accounts SET available = available + 1 WHERE owner_id = $1 AND asset = 'USDT' AND kind = 'SPOT'`, [user.id]);
    const found = await mismatch();
    // Within one interval of 300 ms, plus the check itself.
    expect(Date.now() - changedAt).toBeLessThan(2_000);
    expect(found.report.mismatchedAccounts).toEqual([expect.objectContaining({ ownerId: user.id, kind: 'SPOT', asset: 'USDT', available: '100.000001', postedAvailable: '100.000000' })]);
    expect(found.lockedFunds.mismatches).toEqual([]);
    // SPOT USDT: the spot markets trading USDT.
    expect(found.affectedSymbols).toEqual(['BTC-USDT', 'ETH-USDT', 'SOL-USDT']);
    expect(await okMetric()).toBe('0');
    expect(await problemsMetric(t.url, 'mismatched_accounts')).toBe('1');
    await sql.query(`UPDATE wallet.accounts SET available = available - 1 WHERE owner_id = $1 AND asset = 'USDT' AND kind = 'SPOT'`, [user.id]);
    await clean();
    expect(await okMetric()).toBe('1');
    const other = await register(t.url);
    await request(t.url).get('/api/v1/admin/reconciliation').set(bearer(other.accessToken)).expect(403);
    await request(t.url).get('/api/v1/admin/reconciliation').expect(401);
  });

  it('checks locked funds against open orders\' holds and pending withdrawals, to the cent', async () => {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USD', '200');
    // A LIMIT buy of 1.00 at 90 holds 90.00 + 0.18 (the fee at the higher rate); a withdrawal of 5.00 holds 5.00.
    const order = (await placeOrder(t.url, user.accessToken, { symbol: 'ETH-USD', side: 'BUY', type: 'LIMIT', quantity: '1', price: '90' }).expect(201)).body;
    const withdrawal = (await request(t.url).post('/api/v1/wallet/withdrawals').set(bearer(user.accessToken)).send({ asset: 'USD', amount: '5', address: 'reconcile-test-address' }).expect(201)).body;
    expect((await balanceOf(t.url, user.accessToken, 'USD')).spot).toEqual({ available: '104.82', locked: '95.18', total: '200.00' });
    const before = await check();
    expect(before.ok).toBe(true);
    expect(before.lockedFunds.accounts).toBeGreaterThanOrEqual(1);

    // One cent locked that nothing holds: the ledger sees a balance off its postings, the locked check what it should be.
    await sql.query(`UPDATE wallet.accounts SET locked = locked + 1 WHERE owner_id = $1 AND asset = 'USD' AND kind = 'SPOT'`, [user.id]);
    const found = await mismatch();
    const expected = { ownerId: user.id, kind: 'SPOT', asset: 'USD', locked: '95.19', expected: '95.18', orderHolds: '90.18', pendingWithdrawals: '5.00', isolatedMargin: '0.00', symbols: ['ETH-USD'] };
    expect(found.lockedFunds.mismatches).toEqual([expected]);
    expect(found.report.mismatchedAccounts).toEqual([expect.objectContaining({ ownerId: user.id, kind: 'SPOT', asset: 'USD', locked: '95.19', postedLocked: '95.18' })]);
    expect(found.affectedSymbols).toEqual(await usdSpotMarkets());
    expect(found.affectedSymbols).toContain('ETH-USD');
    expect(await problemsMetric(t.url, 'locked_mismatches')).toBe('1');
    await sql.query(`UPDATE wallet.accounts SET locked = locked - 1 WHERE owner_id = $1 AND asset = 'USD' AND kind = 'SPOT'`, [user.id]);
    await clean();

    // The order's hold changed instead: the ledger is clean, only the locked check can tell.
    await sql.query(`UPDATE orders.orders SET hold_remaining = hold_remaining - 1 WHERE id = $1`, [order.id]);
    const held = await mismatch();
    expect(held.report.ok).toBe(true);
    expect(held.lockedFunds.mismatches).toEqual([{ ...expected, locked: '95.18', expected: '95.17', orderHolds: '90.17' }]);
    await sql.query(`UPDATE orders.orders SET hold_remaining = hold_remaining + 1 WHERE id = $1`, [order.id]);
    await clean();

    await request(t.url).delete(`/api/v1/orders/${order.id}`).set(bearer(user.accessToken)).expect(200);
    await request(t.url).post(`/api/v1/wallet/withdrawals/${withdrawal.id}/cancel`).set(bearer(user.accessToken)).expect(200);
    expect((await check()).ok).toBe(true);
    expect(await problemsMetric(t.url, 'locked_mismatches')).toBe('0');
  });

  it('checks open interest and the clearing invariant on a perpetual, and isolated margin against MARGIN.locked', async () => {
    const trader = async () => {
      const user = await register(t.url);
      await deposit(t.url, user.accessToken, 'USD', '1000');
      await toMargin(t.url, user.accessToken, 'USD', '1000');
      return user;
    };
    const alice = await trader();
    const bob = await trader();
    const settings = (user: Account, path: string, body: object) => request(t.url).post(`/api/v1/positions/AAPL-PERP/${path}`).set(bearer(user.accessToken)).send(body).expect(200);
    await settings(bob, 'margin-mode', { mode: 'ISOLATED' });
    await settings(bob, 'leverage', { leverage: 5 });
    // Bob shorts 2.00 at 230 (isolated: 92.00 margin + 0.92 fee held); Alice takes it: long 2.00, entry value 460.00 each.
    await placeOrder(t.url, bob.accessToken, { symbol: 'AAPL-PERP', side: 'SELL', type: 'LIMIT', quantity: '2', price: '230' }).expect(201);
    expect((await placeOrder(t.url, alice.accessToken, { symbol: 'AAPL-PERP', side: 'BUY', type: 'LIMIT', quantity: '2', price: '230' }).expect(201)).body.status).toBe('FILLED');
    expect((await balanceOf(t.url, bob.accessToken, 'USD')).margin).toMatchObject({ locked: '92.46' });
    const before = await check();
    expect(before).toMatchObject({
      ok: true,
      openInterest: [{ symbol: 'AAPL-PERP', long: '2.00', short: '2.00', balanced: true }],
      clearing: [{ asset: 'USD', clearing: '0.00', expected: '0.00', balanced: true }],
      lockedFunds: { mismatches: [] },
    });

    // A fill of 1.00 at 230 that no trade made: Alice long 3.00, entry value 690.00.
    const phantom = `UPDATE positions.positions SET size = size + $2, entry_value = entry_value + $3 WHERE user_id = $1 AND symbol = 'AAPL-PERP'`;
    await sql.query(phantom, [alice.id, 100, 23_000]);
    const found = await mismatch();
    expect(found.report.ok).toBe(true);
    expect(found.openInterest).toEqual([{ symbol: 'AAPL-PERP', long: '3.00', short: '2.00', balanced: false }]);
    // CLEARING must hold Σ shorts − Σ longs = 460.00 − 690.00.
    expect(found.clearing).toEqual([{ asset: 'USD', clearing: '0.00', expected: '-230.00', balanced: false }]);
    expect(found.affectedSymbols).toEqual(['AAPL-PERP']);
    expect(found.haltedSymbols).toEqual([]);
    expect(await problemsMetric(t.url, 'open_interest_imbalances')).toBe('1');
    expect(await problemsMetric(t.url, 'clearing_mismatches')).toBe('1');
    await sql.query(phantom, [alice.id, -100, -23_000]);
    await clean();

    // Bob's isolated margin grows by a cent that MARGIN.locked does not have.
    await sql.query(`UPDATE positions.positions SET isolated_margin = isolated_margin + 1 WHERE user_id = $1 AND symbol = 'AAPL-PERP'`, [bob.id]);
    const margin = await mismatch();
    expect(margin.lockedFunds.mismatches).toEqual([
      { ownerId: bob.id, kind: 'MARGIN', asset: 'USD', locked: '92.46', expected: '92.47', orderHolds: '0.00', pendingWithdrawals: '0.00', isolatedMargin: '92.47', symbols: [] },
    ]);
    expect(margin.affectedSymbols).toEqual(['AAPL-PERP']);
    await sql.query(`UPDATE positions.positions SET isolated_margin = isolated_margin - 1 WHERE user_id = $1 AND symbol = 'AAPL-PERP'`, [bob.id]);
    await clean();
    expect((await request(t.url).get('/api/v1/markets/AAPL-PERP').expect(200)).body.status).toBe('TRADING');
  });
});

import { Client } from 'pg';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase, until } from './support/market';
import { TestApp, startTestApp } from './support/test-app';
import { deposit } from './support/wallet';

/**
 * Continuous reconciliation (issue 17, docs/operations.md): the ledger is
 * checked every RECONCILE_INTERVAL_MS (500 ms here); a balance changed by
 * direct SQL is reported within an interval, by the admin route and the
 * metric, and the report clears once the balance is put back.
 */
describe('continuous reconciliation (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let sql: Client;
  const adminEmail = uniqueEmail('reconcile-admin');
  const db = suiteDatabase('reconciliation');

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ RECONCILE: 'true', RECONCILE_INTERVAL_MS: '500', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
    await db.leave();
  });

  const status = async () => (await request(t.url).get('/api/v1/admin/reconciliation').set(bearer(admin.accessToken)).expect(200)).body;
  const metric = async () => /^exchange_reconcile_ok (-?\d+)$/m.exec((await request(t.url).get('/api/metrics').expect(200)).text)?.[1];

  it('reports a balance changed behind the ledger within an interval, and clears when it is put back', async () => {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USDT', '100');
    await until('a clean check after the deposit', async () => ((await status()).ok === true && (await metric()) === '1' ? true : undefined), 5_000);
    const changedAt = Date.now();
    // One smallest unit (0.000001 USDT) that no posting explains.
    await sql.query(`UPDATE wallet.accounts SET available = available + 1 WHERE owner_id = $1 AND asset = 'USDT' AND kind = 'SPOT'`, [user.id]);
    const found = await until('the mismatch reported', async () => {
      const s = await status();
      return s.ok === false ? s : undefined;
    }, 5_000);
    // Within one interval of 500 ms, plus the check itself.
    expect(Date.now() - changedAt).toBeLessThan(2_000);
    expect(found.report.mismatchedAccounts).toEqual([expect.objectContaining({ ownerId: user.id, kind: 'SPOT', asset: 'USDT', available: '100.000001', postedAvailable: '100.000000' })]);
    expect(await metric()).toBe('0');
    await sql.query(`UPDATE wallet.accounts SET available = available - 1 WHERE owner_id = $1 AND asset = 'USDT' AND kind = 'SPOT'`, [user.id]);
    await until('the ledger clean again', async () => ((await status()).ok === true ? true : undefined), 5_000);
    expect(await metric()).toBe('1');
    const other = await register(t.url);
    await request(t.url).get('/api/v1/admin/reconciliation').set(bearer(other.accessToken)).expect(403);
  });
});

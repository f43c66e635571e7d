import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { sleep, suiteDatabase } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { SuspendedTraders } from '../libs/orders/src/application/suspended-traders';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit, reconcile, waitFor } from './support/wallet';

/**
 * What a suspension does to money (docs/auth.md, "Suspension"): the account's
 * open orders are cancelled before the suspend call answers and nothing of it
 * fills meanwhile; its pending withdrawals are held and resume, with the delay
 * they had left, on reactivation. Admin adjustments need an existing user.
 */
describe('account safety: suspension freezes money, adjustments need a user (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let mark: bigint;
  const adminEmail = uniqueEmail('safety-admin');
  const adminPassword = 'admin passphrase for tests';
  // A database of its own: the BTC-USDT book holds only this suite's orders.
  const db = suiteDatabase('account_safety');
  const delayMs = 1500;

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({
      FEED_ENABLED: 'true',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      WITHDRAWAL_DELAY_MS: `${delayMs}`,
      WITHDRAWAL_JOB_INTERVAL_MS: '100',
      DATABASE_POOL_SIZE: '10',
    });
    admin = await login(t.url, adminEmail, adminPassword);
    mark = await wholeMark(t.url, 'BTC-USDT');
  });
  afterAll(async () => {
    try {
      if (admin) expect(await reconcile(t.url, admin.accessToken)).toMatchObject({ ok: true, mismatchedAccounts: [], negativeBalances: [] });
    } finally {
      await t?.close();
      await db.leave();
    }
  });

  const adminPost = (path: string, body: object = {}) => request(t.url).post(path).set(bearer(admin.accessToken)).send(body);
  const withdrawalsOf = async (user: Account) =>
    (await request(t.url).get('/api/v1/wallet/withdrawals').set(bearer(user.accessToken)).expect(200)).body.items as { id: string; status: string; heldAt: string | null }[];

  async function trader(usdt?: string, btc?: string): Promise<Account> {
    const user = await register(t.url);
    if (usdt) await deposit(t.url, user.accessToken, 'USDT', usdt);
    if (btc) await deposit(t.url, user.accessToken, 'BTC', btc);
    return user;
  }
  const suspend = (user: Account) => adminPost(`/api/v1/admin/users/${user.id}/suspend`, { reason: 'fraud review' }).expect(200);
  const reactivate = async (user: Account) => {
    await adminPost(`/api/v1/admin/users/${user.id}/reactivate`).expect(200);
    return login(t.url, user.email, user.password);
  };

  it('cancels the open orders before the suspend call answers (ACCOUNT_SUSPENDED, holds back): a crossing order finds nothing', async () => {
    const seller = await trader('1000', '1');
    const buyer = await trader('20000');
    const price = `${mark - 3n}`;
    const resting = await placeOrder(t.url, seller.accessToken, { symbol: 'BTC-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.1', price }).expect(201);
    // A second market: a bid well below the mark, holding USDT.
    const ethBid = `${(await wholeMark(t.url, 'ETH-USDT')) - 50n}`;
    const other = await placeOrder(t.url, seller.accessToken, { symbol: 'ETH-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.1', price: ethBid }).expect(201);
    expect(other.body.status).toBe('NEW');

    await suspend(seller);

    const cross = await placeOrder(t.url, buyer.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.1', price, timeInForce: 'IOC' }).expect(201);
    expect(cross.body).toMatchObject({ filledQuantity: '0.00000', fills: [] });
    expect((await balanceOf(t.url, buyer.accessToken, 'USDT')).spot).toEqual({ available: '20000.000000', locked: '0.000000', total: '20000.000000' });

    const again = await reactivate(seller);
    const order = await request(t.url).get(`/api/v1/orders/${resting.body.id}`).set(bearer(again.accessToken)).expect(200);
    expect(order.body).toMatchObject({ status: 'CANCELED', reason: 'ACCOUNT_SUSPENDED', filledQuantity: '0.00000', fills: [] });
    // Every market: the ETH bid ended the same way.
    expect((await request(t.url).get(`/api/v1/orders/${other.body.id}`).set(bearer(again.accessToken)).expect(200)).body).toMatchObject({ status: 'CANCELED', reason: 'ACCOUNT_SUSPENDED' });
    expect((await request(t.url).get('/api/v1/orders').set(bearer(again.accessToken)).expect(200)).body.items).toEqual([]);
    // Every hold released to the last unit.
    expect((await balanceOf(t.url, again.accessToken, 'BTC')).spot).toEqual({ available: '1.00000000', locked: '0.00000000', total: '1.00000000' });
    expect((await balanceOf(t.url, again.accessToken, 'USDT')).spot).toEqual({ available: '1000.000000', locked: '0.000000', total: '1000.000000' });
  });

  it('holds a pending withdrawal past its delay while suspended; reactivation resumes it with the delay it had left', async () => {
    const user = await trader('100');
    const withdrawal = await request(t.url)
      .post('/api/v1/wallet/withdrawals')
      .set(bearer(user.accessToken))
      .send({ asset: 'USDT', amount: '40', address: 'sim:safety-suspension' })
      .expect(201);
    expect(withdrawal.body.status).toBe('PENDING');
    await suspend(user);

    // Well past its delay (the job runs every 100 ms), it is not paid out; an admin still reads it, held.
    await sleep(delayMs + 1500);
    const seen = await request(t.url).get(`/api/v1/admin/wallet/withdrawals?userId=${user.id}`).set(bearer(admin.accessToken)).expect(200);
    expect(seen.body.items).toEqual([expect.objectContaining({ id: withdrawal.body.id, status: 'PENDING', heldAt: expect.any(String) })]);
    const reactivated = Date.now();
    const again = await reactivate(user);
    expect((await withdrawalsOf(again)).find((w) => w.id === withdrawal.body.id)).toMatchObject({ status: 'PENDING', heldAt: null });
    expect((await balanceOf(t.url, again.accessToken, 'USDT')).spot).toEqual({ available: '60.000000', locked: '40.000000', total: '100.000000' });

    // It was held almost at once, so most of its delay was left: it completes that long after the reactivation, not at once.
    await waitFor(async () => ((await withdrawalsOf(again)).find((w) => w.id === withdrawal.body.id)?.status === 'COMPLETED' ? true : undefined));
    expect(Date.now() - reactivated).toBeGreaterThanOrEqual(delayMs / 2);
    expect((await balanceOf(t.url, again.accessToken, 'USDT')).spot).toEqual({ available: '60.000000', locked: '0.000000', total: '60.000000' });
  });

  it('the chain job itself never pays out to a suspended owner, even when nothing held the withdrawal', async () => {
    const user = await trader('50');
    const withdrawal = await request(t.url)
      .post('/api/v1/wallet/withdrawals')
      .set(bearer(user.accessToken))
      .send({ asset: 'USDT', amount: '20', address: 'sim:safety-job-check' })
      .expect(201);
    // A suspension written by something other than the suspend call (or one that stopped before HoldWithdrawals).
    const sql = t.app.get(DataSource);
    await sql.query(`UPDATE auth.users SET status = 'SUSPENDED' WHERE id = $1`, [user.id]);
    await sleep(delayMs + 1000);
    const seen = await request(t.url).get(`/api/v1/admin/wallet/withdrawals?userId=${user.id}`).set(bearer(admin.accessToken)).expect(200);
    // The job read the owner, held it instead of completing it.
    expect(seen.body.items).toEqual([expect.objectContaining({ id: withdrawal.body.id, status: 'PENDING', heldAt: expect.any(String) })]);
    // Held once due: nothing of its delay was left, so it completes as soon as the owner is reactivated.
    const again = await reactivate(user);
    await waitFor(async () => ((await withdrawalsOf(again)).find((w) => w.id === withdrawal.body.id)?.status === 'COMPLETED' ? true : undefined));
  });

  it('never fills a resting order of an account being suspended, even before its cancel reaches the market', async () => {
    const seller = await trader(undefined, '1');
    const buyer = await trader('20000');
    const price = `${mark - 5n}`;
    const resting = await placeOrder(t.url, seller.accessToken, { symbol: 'BTC-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.1', price }).expect(201);
    // The moment between the start of a suspension (the orders context knows) and its cancel-all in this market.
    const traders = t.app.get(SuspendedTraders);
    traders.suspend(seller.id);
    try {
      const cross = await placeOrder(t.url, buyer.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.1', price, timeInForce: 'IOC' }).expect(503);
      expect(cross.body).toMatchObject({ code: 'MARKET_BUSY' });
      const own = await placeOrder(t.url, seller.accessToken, { symbol: 'BTC-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.1', price: `${mark + 500n}` }).expect(403);
      expect(own.body.code).toBe('ACCOUNT_SUSPENDED');
      expect((await request(t.url).get(`/api/v1/orders/${resting.body.id}`).set(bearer(seller.accessToken)).expect(200)).body).toMatchObject({ status: 'NEW', fills: [] });
      expect((await balanceOf(t.url, buyer.accessToken, 'USDT')).spot.total).toBe('20000.000000');
    } finally {
      traders.resume(seller.id);
    }
    // The book was rebuilt after the refusal: the same order fills once the account may trade again.
    const cross = await placeOrder(t.url, buyer.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.1', price, timeInForce: 'IOC' }).expect(201);
    expect(cross.body.filledQuantity).toBe('0.10000');
  });

  it('refuses an adjustment for a user that does not exist with 404 USER_NOT_FOUND, writing nothing', async () => {
    const ghost = randomUUID();
    const key = `ghost-${randomUUID()}`;
    const refused = await adminPost('/api/v1/admin/wallet/adjustments', { userId: ghost, asset: 'USDT', amount: '1000000', reason: 'mint' })
      .set('idempotency-key', key)
      .expect(404);
    expect(refused.body).toMatchObject({ code: 'USER_NOT_FOUND', status: 404 });
    // No account was created for it and no ledger transaction names it: nothing was minted.
    const sql = t.app.get(DataSource);
    expect(await sql.query(`SELECT id FROM wallet.accounts WHERE owner_id = $1`, [ghost])).toEqual([]);
    expect(await sql.query(`SELECT id FROM wallet.ledger_transactions WHERE reference LIKE $1`, [`%${key}`])).toEqual([]);
  });

  it('adjusts a suspended user: an admin correction is not frozen', async () => {
    const user = await register(t.url);
    await adminPost(`/api/v1/admin/users/${user.id}/suspend`, { reason: 'review' }).expect(200);
    await adminPost('/api/v1/admin/wallet/adjustments', { userId: user.id, asset: 'USD', amount: '3.5', reason: 'refund' }).set('idempotency-key', randomUUID()).expect(201);
    await adminPost(`/api/v1/admin/users/${user.id}/reactivate`).expect(200);
    const again = await login(t.url, user.email, 'correct horse battery staple');
    expect((await balanceOf(t.url, again.accessToken, 'USD')).spot.total).toBe('3.50');
  });
});

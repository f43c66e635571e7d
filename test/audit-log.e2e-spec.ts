import { Client } from 'pg';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase } from './support/market';
import { TestApp, startTestApp } from './support/test-app';

/**
 * The admin audit log (issue 17, docs/operations.md "Audit log"): every
 * admin action in one hash chain, listed and verified through the API; a
 * row changed or removed by direct SQL is found by verify at that row.
 */
describe('admin audit log (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let sql: Client;
  const adminEmail = uniqueEmail('audit-admin');
  const db = suiteDatabase('audit_log');

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
    await db.leave();
  });

  const audit = (query = '') => request(t.url).get(`/api/v1/admin/audit${query}`).set(bearer(admin.accessToken));
  const verify = async () => (await request(t.url).get('/api/v1/admin/audit/verify').set(bearer(admin.accessToken)).expect(200)).body;

  it('records each admin action with its actor, before and after, reason and request id, in one verifiable chain', async () => {
    const user = await register(t.url);
    const suspended = await request(t.url).post(`/api/v1/admin/users/${user.id}/suspend`).set(bearer(admin.accessToken)).set('x-request-id', 'audit-test-1').send({ reason: 'chargeback' }).expect(200);
    expect(suspended.headers['x-request-id']).toBe('audit-test-1');
    await request(t.url).post(`/api/v1/admin/users/${user.id}/reactivate`).set(bearer(admin.accessToken)).expect(200);
    await request(t.url).patch('/api/v1/admin/markets/BTC-USDT').set(bearer(admin.accessToken)).send({ takerFeeRate: '0.0015' }).expect(200);
    const page = (await audit().expect(200)).body;
    expect(page.items.map((e: { action: string; target: string }) => [e.action, e.target])).toEqual([
      ['MARKET_UPDATED', 'market:BTC-USDT'],
      ['USER_REACTIVATED', `user:${user.id}`],
      ['USER_SUSPENDED', `user:${user.id}`],
    ]);
    const [market, , suspension] = page.items;
    expect(suspension).toMatchObject({ seq: '1', actorId: admin.id, reason: 'chargeback', requestId: 'audit-test-1', before: { status: 'ACTIVE' }, after: { status: 'SUSPENDED', reason: 'chargeback' } });
    expect(suspension.prevHash).toBe('0'.repeat(64));
    expect(page.items[1].prevHash).toBe(suspension.hash);
    expect(market.before.takerFeeRate).not.toBe(market.after.takerFeeRate);
    // Filters and the cursor.
    expect((await audit(`?action=USER_SUSPENDED`).expect(200)).body.items.map((e: { seq: string }) => e.seq)).toEqual(['1']);
    const first = (await audit('?limit=2').expect(200)).body;
    expect(first.nextCursor).toBe('2');
    expect((await audit(`?limit=2&cursor=${first.nextCursor}`).expect(200)).body.items.map((e: { seq: string }) => e.seq)).toEqual(['1']);
    expect(await verify()).toEqual({ ok: true, entries: 3 });
    await audit('?cursor=abc').expect(400);
    const other = await register(t.url);
    await request(t.url).get('/api/v1/admin/audit').set(bearer(other.accessToken)).expect(403);
    await request(t.url).get('/api/v1/admin/audit/verify').expect(401);
  });

  it('records balance adjustments and insurance fund top-ups once, a repeated key not again', async () => {
    const user = await register(t.url);
    const adjust = () =>
      request(t.url).post('/api/v1/admin/wallet/adjustments').set(bearer(admin.accessToken)).set('Idempotency-Key', 'adj-1').send({ userId: user.id, asset: 'USDT', amount: '25', reason: 'goodwill' });
    await adjust().expect(201);
    await adjust().expect(201);
    await request(t.url).post('/api/v1/admin/insurance-fund/top-ups').set(bearer(admin.accessToken)).set('Idempotency-Key', 'top-1').send({ asset: 'USDT', amount: '100', reason: 'seed' }).expect(201);
    const items = (await audit('?limit=2').expect(200)).body.items;
    expect(items).toEqual([
      expect.objectContaining({ seq: '5', action: 'INSURANCE_FUND_TOPPED_UP', target: 'insurance-fund:USDT', reason: 'seed', before: { balance: '0.000000' }, after: expect.objectContaining({ balance: '100.000000' }) }),
      expect.objectContaining({ seq: '4', action: 'BALANCE_ADJUSTED', target: `user:${user.id}`, reason: 'goodwill', after: expect.objectContaining({ account: 'SPOT', asset: 'USDT', amount: '25.000000' }) }),
    ]);
    expect(await verify()).toEqual({ ok: true, entries: 5 });
    // Past entry 9: the chain is ordered by number, not as text ('10' < '9').
    for (let i = 0; i < 6; i++) {
      await request(t.url).post('/api/v1/admin/insurance-fund/top-ups').set(bearer(admin.accessToken)).set('Idempotency-Key', `top-more-${i}`).send({ asset: 'USDT', amount: '1', reason: 'more' }).expect(201);
    }
    expect((await audit('?limit=1').expect(200)).body.items[0]).toMatchObject({ seq: '11', after: expect.objectContaining({ balance: '106.000000' }) });
    expect(await verify()).toEqual({ ok: true, entries: 11 });
  });

  it('finds a row changed by direct SQL, and a row removed, at that row', async () => {
    expect(await verify()).toEqual({ ok: true, entries: 11 });
    await sql.query(`UPDATE platform.audit_log SET reason = 'nothing happened' WHERE seq = 1`);
    expect(await verify()).toEqual({ ok: false, entries: 0, firstBad: { seq: '1', reason: 'HASH_MISMATCH' } });
    await sql.query(`UPDATE platform.audit_log SET reason = 'chargeback' WHERE seq = 1`);
    expect(await verify()).toEqual({ ok: true, entries: 11 });
    // Rewriting a row with its own hash recomputed still breaks the link of the next one.
    await sql.query(`UPDATE platform.audit_log SET after = '{"status":"ACTIVE"}', hash = repeat('a', 64) WHERE seq = 2`);
    expect(await verify()).toEqual({ ok: false, entries: 1, firstBad: { seq: '2', reason: 'HASH_MISMATCH' } });
    await sql.query(`DELETE FROM platform.audit_log WHERE seq = 2`);
    expect(await verify()).toEqual({ ok: false, entries: 1, firstBad: { seq: '3', reason: 'GAP' } });
  });
});

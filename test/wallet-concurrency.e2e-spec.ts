import { formatUnits, parseUnits } from '@lib/kernel';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit, reconcile } from './support/wallet';

describe('wallet under concurrency (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  const adminEmail = uniqueEmail('storm-admin');

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests', DATABASE_POOL_SIZE: '20' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
  });
  afterAll(async () => {
    await t.close();
  });

  it('200 parallel withdrawals of 60% of one balance: exactly one succeeds, the rest are 422', async () => {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USDT', '100');
    const responses = await Promise.all(
      Array.from({ length: 200 }, () =>
        request(t.url).post('/api/v1/wallet/withdrawals').set(bearer(user.accessToken)).send({ asset: 'USDT', amount: '60', address: 'TStormAddress0001' }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(199);
    expect(new Set(responses.filter((r) => r.status === 422).map((r) => r.body.code))).toEqual(new Set(['INSUFFICIENT_BALANCE']));
    expect((await balanceOf(t.url, user.accessToken, 'USDT')).spot).toEqual({ available: '40.000000', locked: '60.000000', total: '100.000000' });
    expect((await reconcile(t.url, admin.accessToken)).ok).toBe(true);
  });

  it('parallel transfers both ways and withdrawals never overdraw either account', async () => {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USDT', '100');
    const send = (i: number) =>
      i % 3 === 2
        ? request(t.url).post('/api/v1/wallet/withdrawals').set(bearer(user.accessToken)).send({ asset: 'USDT', amount: '60', address: 'TStormAddress0002' })
        : request(t.url)
            .post('/api/v1/wallet/transfers')
            .set(bearer(user.accessToken))
            .send({ asset: 'USDT', amount: '60', from: i % 3 === 0 ? 'SPOT' : 'MARGIN', to: i % 3 === 0 ? 'MARGIN' : 'SPOT' });
    const responses = await Promise.all(Array.from({ length: 150 }, (_, i) => send(i)));
    // Named when one fails: the status and the problem of every other answer.
    const unexpected = responses.filter((r) => !(r.status === 201 || (r.status === 422 && r.body.code === 'INSUFFICIENT_BALANCE'))).map((r, i) => ({ i, status: r.status, body: r.body as unknown }));
    expect(unexpected).toEqual([]);
    const balance = await balanceOf(t.url, user.accessToken, 'USDT');
    const withdrawn = responses.filter((r, i) => i % 3 === 2 && r.status === 201).length;
    expect(withdrawn).toBeLessThanOrEqual(1);
    // Total is conserved: what is not locked for a withdrawal is in SPOT or MARGIN.
    const total = parseUnits(balance.spot.total!, 6) + parseUnits(balance.margin.total!, 6);
    expect(formatUnits(total, 6)).toBe('100.000000');
    expect((await reconcile(t.url, admin.accessToken)).ok).toBe(true);
  });

  it('50 parallel deposits with one Idempotency-Key: one credit, 50 identical responses', async () => {
    const user = await register(t.url);
    const key = `storm-${Date.now()}`;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        request(t.url).post('/api/v1/wallet/deposits').set(bearer(user.accessToken)).set('idempotency-key', key).send({ asset: 'USDT', amount: '25.5' }),
      ),
    );
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(responses.map((r) => r.text)).size).toBe(1);
    expect((await balanceOf(t.url, user.accessToken, 'USDT')).spot.total).toBe('25.500000');
    const history = await request(t.url).get('/api/v1/wallet/history').set(bearer(user.accessToken)).expect(200);
    expect(history.body.items).toHaveLength(1);
    const conflict = await request(t.url).post('/api/v1/wallet/deposits').set(bearer(user.accessToken)).set('idempotency-key', key).send({ asset: 'USDT', amount: '26' }).expect(422);
    expect(conflict.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps the reconcile report clean after a burst of mixed operations from many users', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => register(t.url)));
    await Promise.all(users.map((u) => deposit(t.url, u.accessToken, 'BTC', '1')));
    await Promise.all(
      users.flatMap((u, i) => [
        request(t.url).post('/api/v1/wallet/transfers').set(bearer(u.accessToken)).send({ asset: 'BTC', amount: '0.3', from: 'SPOT', to: 'MARGIN' }),
        request(t.url).post('/api/v1/wallet/withdrawals').set(bearer(u.accessToken)).send({ asset: 'BTC', amount: `0.${i + 1}`, address: 'bc1qstormaddress' }),
        request(t.url).post('/api/v1/wallet/deposits').set(bearer(u.accessToken)).send({ asset: 'BTC', amount: '0.25' }),
      ]),
    );
    const report = await reconcile(t.url, admin.accessToken);
    expect(report).toMatchObject({ ok: true, mismatchedAccounts: [], negativeBalances: [] });
    expect(report.assets.every((a) => a.balanced)).toBe(true);
  });
});

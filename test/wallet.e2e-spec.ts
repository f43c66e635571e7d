import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit, reconcile, waitFor } from './support/wallet';

describe('wallet: balances, deposits, transfers, withdrawals, history (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  const adminEmail = uniqueEmail('wallet-admin');

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests', WITHDRAWAL_DELAY_MS: '60000', WITHDRAWAL_JOB_INTERVAL_MS: '100' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
  });
  afterAll(async () => {
    try {
      expect((await reconcile(t.url, admin.accessToken)).ok).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('shows every asset of both accounts at zero for a new user, as fixed-scale decimal strings', async () => {
    const user = await register(t.url);
    const wallet = await request(t.url).get('/api/v1/wallet').set(bearer(user.accessToken)).expect(200);
    expect(wallet.body.accounts.map((a: { account: string }) => a.account)).toEqual(['SPOT', 'MARGIN']);
    const spot = wallet.body.accounts[0].balances as { asset: string; total: string }[];
    expect(spot.find((b) => b.asset === 'USDT')).toEqual({ asset: 'USDT', available: '0.000000', locked: '0.000000', total: '0.000000' });
    expect(spot.find((b) => b.asset === 'BTC')).toEqual({ asset: 'BTC', available: '0.00000000', locked: '0.00000000', total: '0.00000000' });
    expect(spot.map((b) => b.asset)).toEqual(expect.arrayContaining(['USD', 'ETH', 'SOL', 'AAPL', 'NVDA']));
  });

  it('deposits exactly and returns the new balance', async () => {
    const user = await register(t.url);
    const response = await request(t.url).post('/api/v1/wallet/deposits').set(bearer(user.accessToken)).send({ asset: 'USDT', amount: '1000.5' }).expect(201);
    expect(response.body).toEqual({
      transactionId: expect.any(String),
      asset: 'USDT',
      amount: '1000.500000',
      balance: { asset: 'USDT', available: '1000.500000', locked: '0.000000', total: '1000.500000' },
    });
    await deposit(t.url, user.accessToken, 'USDT', '0.000001');
    expect((await balanceOf(t.url, user.accessToken, 'usdt')).spot).toEqual({ available: '1000.500001', locked: '0.000000', total: '1000.500001' });
  });

  it('rejects malformed amounts with INVALID_AMOUNT and a reason, writing nothing', async () => {
    const user = await register(t.url);
    const cases: [unknown, number, string, string?][] = [
      ['1e3', 400, 'INVALID_AMOUNT', 'NOT_A_DECIMAL'],
      ['-5', 400, 'INVALID_AMOUNT', 'NOT_POSITIVE'],
      ['0', 400, 'INVALID_AMOUNT', 'NOT_POSITIVE'],
      ['1.1234567', 400, 'INVALID_AMOUNT', 'TOO_MANY_DECIMALS'],
      ['1'.repeat(40), 400, 'INVALID_AMOUNT', 'TOO_LARGE'],
      [' 5', 400, 'INVALID_AMOUNT', 'NOT_A_DECIMAL'],
      [5, 400, 'INVALID_AMOUNT', 'NOT_A_DECIMAL'],
    ];
    for (const [amount, status, code, reason] of cases) {
      const response = await request(t.url).post('/api/v1/wallet/deposits').set(bearer(user.accessToken)).send({ asset: 'USDT', amount }).expect(status);
      expect({ amount, code: response.body.code, reason: response.body.reason }).toEqual({ amount, code, reason });
    }
    const unknown = await request(t.url).post('/api/v1/wallet/deposits').set(bearer(user.accessToken)).send({ asset: 'DOGE', amount: '1' }).expect(404);
    expect(unknown.body.code).toBe('UNKNOWN_ASSET');
    const history = await request(t.url).get('/api/v1/wallet/history').set(bearer(user.accessToken)).expect(200);
    expect(history.body).toEqual({ items: [], nextCursor: null });
  });

  it('caps the faucet per asset per day', async () => {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'BTC', '1.5');
    const over = await request(t.url).post('/api/v1/wallet/deposits').set(bearer(user.accessToken)).send({ asset: 'BTC', amount: '0.6' }).expect(422);
    expect(over.body).toMatchObject({ code: 'DEPOSIT_LIMIT_EXCEEDED', dailyLimit: '2.00000000', remaining: '0.50000000' });
    await deposit(t.url, user.accessToken, 'BTC', '0.5');
    expect((await balanceOf(t.url, user.accessToken, 'BTC')).spot.total).toBe('2.00000000');
  });

  it('transfers between SPOT and MARGIN, refusing overdrafts and same-account transfers', async () => {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USDT', '300');
    const moved = await request(t.url).post('/api/v1/wallet/transfers').set(bearer(user.accessToken)).send({ asset: 'USDT', amount: '250', from: 'SPOT', to: 'MARGIN' }).expect(201);
    expect(moved.body).toMatchObject({ asset: 'USDT', amount: '250.000000', from: 'SPOT', to: 'MARGIN' });
    expect(await balanceOf(t.url, user.accessToken, 'USDT')).toMatchObject({ spot: { total: '50.000000' }, margin: { total: '250.000000' } });
    const over = await request(t.url).post('/api/v1/wallet/transfers').set(bearer(user.accessToken)).send({ asset: 'USDT', amount: '50.000001', from: 'SPOT', to: 'MARGIN' }).expect(422);
    expect(over.body).toMatchObject({ code: 'INSUFFICIENT_BALANCE', available: '50.000000', required: '50.000001' });
    const same = await request(t.url).post('/api/v1/wallet/transfers').set(bearer(user.accessToken)).send({ asset: 'USDT', amount: '1', from: 'SPOT', to: 'SPOT' }).expect(400);
    expect(same.body.code).toBe('SAME_ACCOUNT_TRANSFER');
  });

  it('locks a withdrawal at once and returns the funds on cancel; never twice', async () => {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'ETH', '3');
    const pending = await request(t.url)
      .post('/api/v1/wallet/withdrawals')
      .set(bearer(user.accessToken))
      .send({ asset: 'ETH', amount: '1.25', address: '0x52908400098527886E0F7030069857D2E4169EE7' })
      .expect(201);
    expect(pending.body).toMatchObject({ asset: 'ETH', amount: '1.25000000', status: 'PENDING', finishedAt: null });
    expect((await balanceOf(t.url, user.accessToken, 'ETH')).spot).toEqual({ available: '1.75000000', locked: '1.25000000', total: '3.00000000' });

    const canceled = await request(t.url).post(`/api/v1/wallet/withdrawals/${pending.body.id}/cancel`).set(bearer(user.accessToken)).expect(200);
    expect(canceled.body).toMatchObject({ id: pending.body.id, status: 'CANCELED', finishedAt: expect.any(String) });
    expect((await balanceOf(t.url, user.accessToken, 'ETH')).spot).toEqual({ available: '3.00000000', locked: '0.00000000', total: '3.00000000' });
    const again = await request(t.url).post(`/api/v1/wallet/withdrawals/${pending.body.id}/cancel`).set(bearer(user.accessToken)).expect(409);
    expect(again.body.code).toBe('WITHDRAWAL_NOT_PENDING');

    const list = await request(t.url).get('/api/v1/wallet/withdrawals').set(bearer(user.accessToken)).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: pending.body.id, status: 'CANCELED' })]);
  });

  it('refuses a withdrawal above the available balance or to a bad address, writing nothing', async () => {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'SOL', '10');
    const over = await request(t.url).post('/api/v1/wallet/withdrawals').set(bearer(user.accessToken)).send({ asset: 'SOL', amount: '10.00000001', address: 'So1anaAddress1234' }).expect(422);
    expect(over.body.code).toBe('INSUFFICIENT_BALANCE');
    const bad = await request(t.url).post('/api/v1/wallet/withdrawals').set(bearer(user.accessToken)).send({ asset: 'SOL', amount: '1', address: 'x y' }).expect(400);
    expect(bad.body.code).toBe('INVALID_ADDRESS');
    expect((await balanceOf(t.url, user.accessToken, 'SOL')).spot).toEqual({ available: '10.00000000', locked: '0.00000000', total: '10.00000000' });
    expect((await request(t.url).get('/api/v1/wallet/withdrawals').set(bearer(user.accessToken))).body.items).toEqual([]);
  });

  it('never shows or moves another user\'s funds', async () => {
    const alice = await register(t.url);
    const mallory = await register(t.url);
    await deposit(t.url, alice.accessToken, 'ETH', '2');
    const pending = await request(t.url).post('/api/v1/wallet/withdrawals').set(bearer(alice.accessToken)).send({ asset: 'ETH', amount: '1', address: '0xabcdef0123456789' }).expect(201);
    const foreign = await request(t.url).post(`/api/v1/wallet/withdrawals/${pending.body.id}/cancel`).set(bearer(mallory.accessToken)).expect(404);
    expect(foreign.body.code).toBe('WITHDRAWAL_NOT_FOUND');
    await request(t.url).post('/api/v1/wallet/withdrawals/not-a-uuid/cancel').set(bearer(mallory.accessToken)).expect(404);
    expect((await request(t.url).get('/api/v1/wallet/withdrawals').set(bearer(mallory.accessToken))).body.items).toEqual([]);
    expect((await request(t.url).get('/api/v1/wallet/history').set(bearer(mallory.accessToken))).body.items).toEqual([]);
    // A filter naming another user is not a filter: unknown query fields are refused.
    await request(t.url).get(`/api/v1/wallet/history?userId=${alice.id}`).set(bearer(mallory.accessToken)).expect(400);
    expect((await balanceOf(t.url, mallory.accessToken, 'ETH')).spot.total).toBe('0.00000000');
    expect((await balanceOf(t.url, alice.accessToken, 'ETH')).spot).toEqual({ available: '1.00000000', locked: '1.00000000', total: '2.00000000' });
  });

  it('lists the ledger history newest first, filtered and paginated', async () => {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USDT', '10');
    await deposit(t.url, user.accessToken, 'USDT', '20');
    await deposit(t.url, user.accessToken, 'USD', '5');
    await request(t.url).post('/api/v1/wallet/transfers').set(bearer(user.accessToken)).send({ asset: 'USDT', amount: '7', from: 'SPOT', to: 'MARGIN' }).expect(201);

    const all = await request(t.url).get('/api/v1/wallet/history?asset=USDT').set(bearer(user.accessToken)).expect(200);
    expect(all.body.items.map((e: { type: string; account: string; amount: string }) => [e.type, e.account, e.amount])).toEqual([
      ['TRANSFER', 'MARGIN', '7.000000'],
      ['TRANSFER', 'SPOT', '-7.000000'],
      ['DEPOSIT', 'SPOT', '20.000000'],
      ['DEPOSIT', 'SPOT', '10.000000'],
    ]);
    const page1 = await request(t.url).get('/api/v1/wallet/history?type=DEPOSIT&limit=2').set(bearer(user.accessToken)).expect(200);
    expect(page1.body.items.map((e: { asset: string }) => e.asset)).toEqual(['USD', 'USDT']);
    const page2 = await request(t.url).get(`/api/v1/wallet/history?type=DEPOSIT&limit=2&cursor=${page1.body.nextCursor}`).set(bearer(user.accessToken)).expect(200);
    expect(page2.body).toEqual({ items: [expect.objectContaining({ asset: 'USDT', amount: '10.000000' })], nextCursor: null });
    const future = await request(t.url).get('/api/v1/wallet/history?from=2999-01-01T00:00:00Z').set(bearer(user.accessToken)).expect(200);
    expect(future.body.items).toEqual([]);
    expect((await request(t.url).get('/api/v1/wallet/history?cursor=abc').set(bearer(user.accessToken)).expect(400)).body.code).toBe('INVALID_CURSOR');
  });

  it('lets an admin adjust a balance idempotently, with the key required', async () => {
    const user = await register(t.url);
    const body = { userId: user.id, asset: 'USD', amount: '12.34', reason: 'goodwill credit' };
    const noKey = await request(t.url).post('/api/v1/admin/wallet/adjustments').set(bearer(admin.accessToken)).send(body).expect(400);
    expect(noKey.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const key = `adj-${Date.now()}`;
    const first = await request(t.url).post('/api/v1/admin/wallet/adjustments').set(bearer(admin.accessToken)).set('idempotency-key', key).send(body).expect(201);
    expect(first.body).toMatchObject({ userId: user.id, asset: 'USD', amount: '12.34', reason: 'goodwill credit' });
    const again = await request(t.url).post('/api/v1/admin/wallet/adjustments').set(bearer(admin.accessToken)).set('idempotency-key', key).send(body).expect(201);
    expect(again.text).toBe(first.text);
    expect((await balanceOf(t.url, user.accessToken, 'USD')).spot.total).toBe('12.34');
    const debit = await request(t.url)
      .post('/api/v1/admin/wallet/adjustments')
      .set(bearer(admin.accessToken))
      .set('idempotency-key', `${key}-b`)
      .send({ ...body, amount: '-12.35' })
      .expect(422);
    expect(debit.body.code).toBe('INSUFFICIENT_BALANCE');
    await request(t.url).post('/api/v1/admin/wallet/adjustments').set(bearer(user.accessToken)).set('idempotency-key', 'x-1').send(body).expect(403);
  });
});

// Its own app (after the first one is closed): nestjs-cls keeps one TransactionHost per process.
describe('wallet: the simulated chain completes withdrawals (e2e)', () => {
  let fast: TestApp;

  beforeAll(async () => {
    fast = await startTestApp({ WITHDRAWAL_DELAY_MS: '200', WITHDRAWAL_JOB_INTERVAL_MS: '50' });
  });
  afterAll(async () => {
    await fast.close();
  });

  it('completes a withdrawal after the simulated chain delay', async () => {
    const user = await register(fast.url);
    await deposit(fast.url, user.accessToken, 'USDT', '100');
    const pending = await request(fast.url).post('/api/v1/wallet/withdrawals').set(bearer(user.accessToken)).send({ asset: 'USDT', amount: '40', address: 'TXYZabcdefgh1234' }).expect(201);
    const done = await waitFor(async () => {
      const list = await request(fast.url).get('/api/v1/wallet/withdrawals?status=COMPLETED').set(bearer(user.accessToken));
      return list.body.items.find((w: { id: string }) => w.id === pending.body.id);
    });
    expect(done).toMatchObject({ status: 'COMPLETED', amount: '40.000000' });
    expect((await balanceOf(fast.url, user.accessToken, 'USDT')).spot).toEqual({ available: '60.000000', locked: '0.000000', total: '60.000000' });
    const late = await request(fast.url).post(`/api/v1/wallet/withdrawals/${pending.body.id}/cancel`).set(bearer(user.accessToken)).expect(409);
    expect(late.body.code).toBe('WITHDRAWAL_NOT_PENDING');
  });
});

import { formatUnits } from '@lib/kernel';
import { Client } from 'pg';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { sleep, suiteDatabase, until } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit, reconcile } from './support/wallet';

/**
 * The dead-man's switch (POST /orders/countdown-cancel-all, docs/orders.md)
 * through HTTP on real PostgreSQL: it fires and releases the holds to the
 * last unit, a repeat resets it, 0 turns it off, a market's countdown
 * cancels only that market, and a countdown armed before a restart fires
 * after it. BTC-USDT and ETH-USDT: fees 0.1 %, USDT 6 decimals; a LIMIT buy
 * of 0.001 BTC at p holds p x 1000 + p units (the fee at 0.1 %, exact).
 */
describe('orders: the dead-man\'s switch (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let btc: bigint;
  let eth: bigint;
  const adminEmail = uniqueEmail('countdown-admin');
  const env = { FEED_ENABLED: 'true', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests', LEADER_RETRY_MS: '100' };
  const db = suiteDatabase('orders_countdown');
  const usdt = (units: bigint) => formatUnits(units, 6);

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp(env);
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    btc = await wholeMark(t.url, 'BTC-USDT');
    eth = await wholeMark(t.url, 'ETH-USDT');
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });
  afterEach(async () => {
    expect((await reconcile(t.url, admin.accessToken)).ok).toBe(true);
  });

  async function trader(): Promise<Account> {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USDT', '1000');
    return user;
  }
  /** A resting buy of 0.001 BTC (or 0.01 ETH) below the mark, and what it holds in USDT units. */
  async function rest(user: Account, symbol: 'BTC-USDT' | 'ETH-USDT'): Promise<{ id: string; held: bigint }> {
    const price = symbol === 'BTC-USDT' ? btc - 1000n : eth - 50n;
    const quantity = symbol === 'BTC-USDT' ? '0.001' : '0.01';
    const placed = await placeOrder(t.url, user.accessToken, { symbol, side: 'BUY', type: 'LIMIT', quantity, price: `${price}` }).expect(201);
    // 0.001 BTC x p = p x 1000 units; 0.01 ETH x p = p x 10 000 units; the fee 0.1 % of it.
    const notional = symbol === 'BTC-USDT' ? price * 1000n : price * 10_000n;
    return { id: placed.body.id as string, held: notional + notional / 1000n };
  }
  const arm = (user: Account, body: Record<string, unknown>) => request(t.url).post('/api/v1/orders/countdown-cancel-all').set(bearer(user.accessToken)).send(body);
  const order = async (user: Account, id: string) => (await request(t.url).get(`/api/v1/orders/${id}`).set(bearer(user.accessToken)).expect(200)).body;
  const openIds = async (user: Account) => ((await request(t.url).get('/api/v1/orders').set(bearer(user.accessToken)).expect(200)).body.items as { id: string }[]).map((o) => o.id).sort();
  const usdtOf = async (user: Account) => (await balanceOf(t.url, user.accessToken, 'USDT')).spot;
  const sql = async (text: string, params: unknown[]): Promise<Record<string, unknown>[]> => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(text, params)).rows;
    } finally {
      await c.end();
    }
  };
  const countdownRows = async (userId: string) => (await sql(`SELECT symbol FROM orders.countdowns WHERE user_id = $1 ORDER BY symbol`, [userId])).map((r) => r.symbol as string);

  it('validates countdownMs (0 or 1000..600000, a number or a string of digits) and the symbol', async () => {
    const user = await trader();
    for (const countdownMs of [999, 600_001, -1, 1500.5, '1.5', '', 'abc', null, true]) {
      const refused = await arm(user, { countdownMs }).expect(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'countdownMs' })] });
    }
    await arm(user, {}).expect(400);
    await arm(user, { countdownMs: 1000, extra: 1 }).expect(400);
    expect((await arm(user, { symbol: 'NOPE-USDT', countdownMs: 60_000 }).expect(404)).body.code).toBe('MARKET_NOT_FOUND');
    const before = Date.now();
    const armed = await arm(user, { countdownMs: '600000' }).expect(200);
    expect(armed.body).toEqual({ symbol: null, countdownMs: '600000', deadline: expect.any(String) });
    const deadline = Date.parse(armed.body.deadline);
    expect(deadline).toBeGreaterThanOrEqual(before + 600_000 - 1000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 600_000 + 1000);
    expect((await arm(user, { symbol: 'BTC-USDT', countdownMs: 60_000 }).expect(200)).body).toMatchObject({ symbol: 'BTC-USDT', countdownMs: '60000' });
    expect(await countdownRows(user.id)).toEqual(['', 'BTC-USDT']);
    expect((await arm(user, { countdownMs: 0 }).expect(200)).body).toEqual({ symbol: null, countdownMs: '0', deadline: null });
    expect((await arm(user, { symbol: 'BTC-USDT', countdownMs: '0' }).expect(200)).body).toEqual({ symbol: 'BTC-USDT', countdownMs: '0', deadline: null });
    expect(await countdownRows(user.id)).toEqual([]);
  });

  it('cancels every open order when it runs out, releasing the holds to the last unit, reason COUNTDOWN_EXPIRED', async () => {
    const user = await trader();
    const a = await rest(user, 'BTC-USDT');
    const b = await rest(user, 'BTC-USDT');
    const c = await rest(user, 'ETH-USDT');
    const held = a.held + b.held + c.held;
    expect(await usdtOf(user)).toEqual({ available: usdt(1_000_000_000n - held), locked: usdt(held), total: '1000.000000' });
    await arm(user, { countdownMs: 1000 }).expect(200);
    await sleep(500);
    expect(await openIds(user)).toEqual([a.id, b.id, c.id].sort());
    await until('the countdown to fire', async () => (await openIds(user)).length === 0);
    for (const { id } of [a, b, c]) expect(await order(user, id)).toMatchObject({ status: 'CANCELED', reason: 'COUNTDOWN_EXPIRED', filledQuantity: expect.stringMatching(/^0\.0+$/) });
    expect(await usdtOf(user)).toEqual({ available: '1000.000000', locked: '0.000000', total: '1000.000000' });
    expect(await countdownRows(user.id)).toEqual([]);
    // The orders' events (what /user sends as `order`, docs/events.md) carry the reason too.
    const events = await sql(`SELECT payload->>'orderId' AS id, payload->>'reason' AS reason FROM platform.outbox WHERE type = 'orders.OrderUpdated' AND payload->>'userId' = $1 AND payload->>'status' = 'CANCELED'`, [user.id]);
    expect(events.map((r) => ({ id: r.id, reason: r.reason })).sort((x, y) => String(x.id).localeCompare(String(y.id)))).toEqual(
      [a.id, b.id, c.id].sort().map((id) => ({ id, reason: 'COUNTDOWN_EXPIRED' })),
    );
    // It fired once: an order placed afterwards stays.
    const later = await rest(user, 'BTC-USDT');
    await sleep(600);
    expect(await openIds(user)).toEqual([later.id]);
    await request(t.url).delete(`/api/v1/orders/${later.id}`).set(bearer(user.accessToken)).expect(200);
  });

  it('is reset by a repeat (the orders outlive the first deadline) and turned off by 0', async () => {
    const user = await trader();
    const a = await rest(user, 'BTC-USDT');
    await arm(user, { countdownMs: 1500 }).expect(200);
    await sleep(1000);
    await arm(user, { countdownMs: 1500 }).expect(200); // now due 2.5 s after the first call
    await sleep(1000); // 2 s: past the first deadline
    expect(await openIds(user)).toEqual([a.id]);
    expect((await arm(user, { countdownMs: 0 }).expect(200)).body).toEqual({ symbol: null, countdownMs: '0', deadline: null });
    await sleep(1200); // past the second deadline too
    expect(await openIds(user)).toEqual([a.id]);
    expect(await order(user, a.id)).toMatchObject({ status: 'NEW' });
    expect(await usdtOf(user)).toEqual({ available: usdt(1_000_000_000n - a.held), locked: usdt(a.held), total: '1000.000000' });
    await request(t.url).delete(`/api/v1/orders/${a.id}`).set(bearer(user.accessToken)).expect(200);
  });

  it('cancels only its market\'s orders when armed for a symbol; the all-markets countdown is a separate one', async () => {
    const user = await trader();
    const b = await rest(user, 'BTC-USDT');
    const e = await rest(user, 'ETH-USDT');
    await arm(user, { countdownMs: 60_000 }).expect(200);
    expect((await arm(user, { symbol: 'ETH-USDT', countdownMs: 1000 }).expect(200)).body).toMatchObject({ symbol: 'ETH-USDT', countdownMs: '1000' });
    await until('the ETH-USDT countdown to fire', async () => (await openIds(user)).length === 1);
    await sleep(500);
    expect(await openIds(user)).toEqual([b.id]);
    expect(await order(user, e.id)).toMatchObject({ status: 'CANCELED', reason: 'COUNTDOWN_EXPIRED' });
    expect(await usdtOf(user)).toEqual({ available: usdt(1_000_000_000n - b.held), locked: usdt(b.held), total: '1000.000000' });
    expect(await countdownRows(user.id)).toEqual(['']);
    await arm(user, { countdownMs: 0 }).expect(200);
    await request(t.url).delete(`/api/v1/orders/${b.id}`).set(bearer(user.accessToken)).expect(200);
  });

  it('fires after a restart of the app: the countdown is in the database', async () => {
    const user = await trader();
    const a = await rest(user, 'BTC-USDT');
    const e = await rest(user, 'ETH-USDT');
    await arm(user, { countdownMs: 2000 }).expect(200);
    await t.close();
    // Closed before it ran out: nothing fired, the countdown and the orders are still there.
    expect(await countdownRows(user.id)).toEqual(['']);
    const statuses = (await sql(`SELECT status FROM orders.orders WHERE user_id = $1`, [user.id])).map((r) => r.status);
    expect(statuses).toEqual(['NEW', 'NEW']);
    await sleep(2500); // past the deadline while no app runs
    t = await startTestApp(env);
    await until('the countdown to fire after the restart', async () => (await openIds(user)).length === 0);
    for (const { id } of [a, e]) expect(await order(user, id)).toMatchObject({ status: 'CANCELED', reason: 'COUNTDOWN_EXPIRED' });
    expect(await usdtOf(user)).toEqual({ available: '1000.000000', locked: '0.000000', total: '1000.000000' });
    expect(await countdownRows(user.id)).toEqual([]);
  });
});

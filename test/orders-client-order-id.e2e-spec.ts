import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase } from './support/market';
import { OrderBody, placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { deposit } from './support/wallet';

/**
 * A clientOrderId names one order of its user. Sending it again with the
 * same order (symbol, side, type, price, quantity, time in force) is a retry:
 * 200 with the existing order, before any other check (even on a halted
 * market). With another order it is a conflict: 409 CLIENT_ORDER_ID_CONFLICT,
 * as a reused Idempotency-Key with another body is refused. Concurrent
 * duplicates collapse onto one order.
 */
describe('clientOrderId: repeats, conflicts and concurrent duplicates (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let mark: bigint;
  let eth: bigint;
  const adminEmail = uniqueEmail('cid-admin');
  const database = suiteDatabase('orders_client_order_id');

  beforeAll(async () => {
    await database.enter();
    t = await startTestApp({ FEED_ENABLED: 'true', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests', DATABASE_POOL_SIZE: '20' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    mark = await wholeMark(t.url, 'BTC-USDT');
    eth = await wholeMark(t.url, 'ETH-USDT');
  });
  afterAll(async () => {
    await t?.close();
    await database.leave();
  });

  async function trader(): Promise<Account> {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USDT', '100000');
    await deposit(t.url, user.accessToken, 'BTC', '1');
    return user;
  }

  const openOrders = async (user: Account) => (await request(t.url).get('/api/v1/orders').set(bearer(user.accessToken)).expect(200)).body.items as { id: string }[];

  const base = (): OrderBody => ({ symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.00100', price: `${mark - 2000n}`, timeInForce: 'GTC' });

  it('answers a repeat of the same order with 200 and the existing order, however its numbers are spelled', async () => {
    const user = await trader();
    const body = { ...base(), clientOrderId: 'same-1' };
    const first = await placeOrder(t.url, user.accessToken, body).expect(201);
    const table: [string, OrderBody][] = [
      ['the same body', body],
      ['the default time in force left out', { ...body, timeInForce: undefined }],
      ['trailing zeros', { ...body, quantity: '0.0010', price: `${mark - 2000n}.0` }],
    ];
    for (const [what, repeat] of table) {
      const again = await placeOrder(t.url, user.accessToken, repeat);
      expect({ what, status: again.status, id: again.body.id }).toEqual({ what, status: 200, id: first.body.id });
    }
    expect(await openOrders(user)).toHaveLength(1);
  });

  it('refuses a repeat with another order: 409 CLIENT_ORDER_ID_CONFLICT, nothing placed', async () => {
    const user = await trader();
    const body = { ...base(), clientOrderId: 'conflict-1' };
    const first = await placeOrder(t.url, user.accessToken, body).expect(201);
    const table: [string, OrderBody][] = [
      ['another price', { ...body, price: `${mark - 2001n}` }],
      ['another quantity', { ...body, quantity: '0.00200' }],
      ['another side', { ...body, side: 'SELL', price: `${mark + 2000n}` }],
      ['another type', { ...body, type: 'MARKET', price: undefined, timeInForce: undefined }],
      ['another time in force', { ...body, timeInForce: 'POST_ONLY' }],
      ['another market', { ...body, symbol: 'ETH-USDT', quantity: '0.0100', price: `${eth - 100n}` }],
    ];
    for (const [what, repeat] of table) {
      const again = await placeOrder(t.url, user.accessToken, repeat);
      expect({ what, status: again.status, code: again.body.code }).toEqual({ what, status: 409, code: 'CLIENT_ORDER_ID_CONFLICT' });
    }
    const open = await openOrders(user);
    expect(open.map((o) => o.id)).toEqual([first.body.id]);
  });

  it('decides a repeat before any other check: on a halted market the same order is 200, another one 409', async () => {
    const user = await trader();
    const body = { ...base(), clientOrderId: 'halted-1' };
    const first = await placeOrder(t.url, user.accessToken, body).expect(201);
    await request(t.url).patch('/api/v1/admin/markets/BTC-USDT').set(bearer(admin.accessToken)).send({ status: 'HALTED' }).expect(200);
    try {
      const same = await placeOrder(t.url, user.accessToken, body);
      expect([same.status, same.body.id]).toEqual([200, first.body.id]);
      const other = await placeOrder(t.url, user.accessToken, { ...body, price: `${mark - 2100n}` });
      expect([other.status, other.body.code]).toEqual([409, 'CLIENT_ORDER_ID_CONFLICT']);
      const fresh = await placeOrder(t.url, user.accessToken, { ...body, clientOrderId: 'halted-2' });
      expect([fresh.status, fresh.body.code]).toEqual([409, 'MARKET_HALTED']);
    } finally {
      await request(t.url).patch('/api/v1/admin/markets/BTC-USDT').set(bearer(admin.accessToken)).send({ status: 'TRADING' }).expect(200);
    }
  });

  it('collapses concurrent duplicates onto one order: exactly one created, every other answered with it', async () => {
    const user = await trader();
    const body = { ...base(), clientOrderId: 'concurrent-1' };
    const answers = await Promise.all(Array.from({ length: 40 }, () => placeOrder(t.url, user.accessToken, body)));
    expect(answers.map((a) => a.status).sort()).toEqual([...Array.from({ length: 39 }, () => 200), 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await openOrders(user)).toHaveLength(1);
  });

  it('collapses concurrent duplicates that differ: one order, the same order answered 200, the others 409', async () => {
    const user = await trader();
    const body = { ...base(), clientOrderId: 'concurrent-2' };
    const bodies = Array.from({ length: 30 }, (_, i) => (i % 3 === 2 ? { ...body, price: `${mark - 2000n - BigInt(i)}` } : body));
    const answers = await Promise.all(bodies.map((b) => placeOrder(t.url, user.accessToken, b)));
    const open = await openOrders(user);
    expect(open).toHaveLength(1);
    const winner = bodies[answers.findIndex((a) => a.status === 201)]!;
    for (const [i, answer] of answers.entries()) {
      const expected = answer.status === 201 ? 201 : bodies[i] === winner || JSON.stringify(bodies[i]) === JSON.stringify(winner) ? 200 : 409;
      expect({ i, status: answer.status }).toEqual({ i, status: expected });
      if (answer.status !== 409) expect(answer.body.id).toBe(open[0]!.id);
      else expect(answer.body.code).toBe('CLIENT_ORDER_ID_CONFLICT');
    }
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
  });

  it('collapses concurrent repeats of one Idempotency-Key: one order, every repeat the first answer replayed', async () => {
    const user = await trader();
    const body = base();
    const answers = await Promise.all(Array.from({ length: 30 }, () => placeOrder(t.url, user.accessToken, body).set('Idempotency-Key', 'concurrent-key-1')));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(29);
    expect(await openOrders(user)).toHaveLength(1);
  });
});

import { formatUnits } from '@lib/kernel';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit, reconcile } from './support/wallet';

/**
 * Batches of orders through HTTP (POST and DELETE /orders/batch,
 * docs/orders.md): each item is answered on its own with the status and
 * body its single route would have given, in request order. BTC-USDT: tick
 * 0.1, fees 0.1 %, USDT 6 decimals; a LIMIT buy of 0.001 BTC at p holds
 * p x 1000 + p units.
 */
describe('orders: batch place and cancel (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let mark: bigint;
  const adminEmail = uniqueEmail('batch-admin');
  const db = suiteDatabase('orders_batch_api');
  const usdt = (units: bigint) => formatUnits(units, 6);

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ FEED_ENABLED: 'true', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    mark = await wholeMark(t.url, 'BTC-USDT');
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });
  afterEach(async () => {
    expect((await reconcile(t.url, admin.accessToken)).ok).toBe(true);
  });

  async function trader(amount = '1000'): Promise<Account> {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USDT', amount);
    return user;
  }
  const buy = (price: bigint | string, quantity = '0.001', more: Record<string, unknown> = {}) => ({ symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity, price: `${price}`, ...more });
  const placeBatch = (user: Account, orders: unknown[]) => request(t.url).post('/api/v1/orders/batch').set(bearer(user.accessToken)).send({ orders });
  const cancelBatch = (user: Account, ids: unknown[]) => request(t.url).delete('/api/v1/orders/batch').set(bearer(user.accessToken)).send({ ids });
  const usdtOf = async (user: Account) => (await balanceOf(t.url, user.accessToken, 'USDT')).spot;

  it('answers each order on its own: placed, off the price grid, short of funds; only the good one holds', async () => {
    const user = await trader();
    const price = mark - 1000n;
    const response = await placeBatch(user, [buy(price, '0.001', { clientOrderId: 'batch-good' }), buy(`${price}.05`), buy(price, '1')]).expect(200);
    const [good, offGrid, short] = response.body.results;
    expect(response.body.results).toHaveLength(3);
    expect(good).toEqual({ status: 201, order: expect.objectContaining({ clientOrderId: 'batch-good', symbol: 'BTC-USDT', side: 'BUY', status: 'NEW', quantity: '0.00100', fills: [] }) });
    expect(offGrid).toEqual({ status: 400, problem: expect.objectContaining({ type: 'urn:exchange:problem:INVALID_PRICE', title: 'Invalid price', status: 400, code: 'INVALID_PRICE', detail: expect.any(String) }) });
    expect(short.status).toBe(422);
    const required = price * 1_000_000n + price * 1000n; // 1 BTC at p plus 0.1 %
    expect(short.problem).toMatchObject({ type: 'urn:exchange:problem:INSUFFICIENT_BALANCE', status: 422, code: 'INSUFFICIENT_BALANCE', available: usdt(1_000_000_000n - price * 1001n), required: usdt(required) });
    const held = price * 1001n;
    expect(await usdtOf(user)).toEqual({ available: usdt(1_000_000_000n - held), locked: usdt(held), total: '1000.000000' });
    const open = (await request(t.url).get('/api/v1/orders').set(bearer(user.accessToken)).expect(200)).body.items as { id: string }[];
    expect(open.map((o) => o.id)).toEqual([good.order.id]);

    // The same clientOrderId again in a batch: the existing order, 200, as POST /orders answers it.
    const again = await placeBatch(user, [buy(price, '0.001', { clientOrderId: 'batch-good' }), buy(price, '0.002', { clientOrderId: 'batch-good' })]).expect(200);
    expect(again.body.results).toEqual([
      { status: 200, order: expect.objectContaining({ id: good.order.id }) },
      { status: 409, problem: expect.objectContaining({ code: 'CLIENT_ORDER_ID_CONFLICT', status: 409 }) },
    ]);
    await request(t.url).delete(`/api/v1/orders/${good.order.id}`).set(bearer(user.accessToken)).expect(200);
  });

  it('places in request order, each seeing the holds of those before it', async () => {
    const user = await trader('200');
    const price = mark - 1000n; // ~94 USDT held each: two fit in 200, the third does not
    const response = await placeBatch(user, [buy(price), buy(price), buy(price)]).expect(200);
    expect(response.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201, 422]);
    const ids = response.body.results.slice(0, 2).map((r: { order: { id: string } }) => r.order.id);
    const open = (await request(t.url).get('/api/v1/orders').set(bearer(user.accessToken)).expect(200)).body.items as { id: string; createdAt: string }[];
    expect(open.map((o) => o.id).sort()).toEqual([...ids].sort());
    expect(await usdtOf(user)).toEqual({ available: usdt(200_000_000n - 2n * price * 1001n), locked: usdt(2n * price * 1001n), total: '200.000000' });
    expect((await cancelBatch(user, ids).expect(200)).body.results.map((r: { status: number }) => r.status)).toEqual([200, 200]);
  });

  it('refuses a malformed batch as a whole (400), placing nothing', async () => {
    const user = await trader();
    const price = mark - 1000n;
    const eleven = Array.from({ length: 11 }, () => buy(price));
    expect((await placeBatch(user, eleven).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'orders' })] });
    expect((await placeBatch(user, []).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await request(t.url).post('/api/v1/orders/batch').set(bearer(user.accessToken)).send({}).expect(400);
    const { side: _side, ...sideless } = buy(price);
    const nested = await placeBatch(user, [buy(price), sideless]).expect(400);
    expect(nested.body.errors).toEqual([expect.objectContaining({ field: 'orders.1.side' })]);
    const unknown = await placeBatch(user, [{ ...buy(price), leverage: 5 }]).expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'orders.0.leverage' })]);
    expect((await cancelBatch(user, Array.from({ length: 11 }, () => '0f8fad5b-d9cb-469f-a165-70867728950e')).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await cancelBatch(user, ['not-a-uuid']).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'ids' })]);
    expect((await request(t.url).get('/api/v1/orders').set(bearer(user.accessToken)).expect(200)).body.items).toEqual([]);
    expect(await usdtOf(user)).toEqual({ available: '1000.000000', locked: '0.000000', total: '1000.000000' });
  });

  it('cancels each id on its own: mine (200), another user\'s (404 ORDER_NOT_FOUND), one already cancelled (409 ORDER_NOT_OPEN)', async () => {
    const alice = await trader();
    const bob = await trader();
    const price = mark - 1000n;
    const mine = await placeOrder(t.url, alice.accessToken, buy(price) as never).expect(201);
    const done = await placeOrder(t.url, alice.accessToken, buy(price) as never).expect(201);
    const bobs = await placeOrder(t.url, bob.accessToken, buy(price) as never).expect(201);
    await request(t.url).delete(`/api/v1/orders/${done.body.id}`).set(bearer(alice.accessToken)).expect(200);
    // DELETE /orders/batch is its own route, not DELETE /orders/:id with the id "batch".
    const response = await cancelBatch(alice, [mine.body.id, bobs.body.id, done.body.id]).expect(200);
    expect(response.body.results).toEqual([
      { status: 200, order: expect.objectContaining({ id: mine.body.id, status: 'CANCELED', reason: 'CANCELED_BY_REQUEST' }) },
      { status: 404, problem: expect.objectContaining({ type: 'urn:exchange:problem:ORDER_NOT_FOUND', status: 404, code: 'ORDER_NOT_FOUND' }) },
      { status: 409, problem: expect.objectContaining({ type: 'urn:exchange:problem:ORDER_NOT_OPEN', status: 409, code: 'ORDER_NOT_OPEN' }) },
    ]);
    expect(await usdtOf(alice)).toEqual({ available: '1000.000000', locked: '0.000000', total: '1000.000000' });
    // Bob's order is untouched.
    expect((await request(t.url).get(`/api/v1/orders/${bobs.body.id}`).set(bearer(bob.accessToken)).expect(200)).body.status).toBe('NEW');
    await request(t.url).delete(`/api/v1/orders/${bobs.body.id}`).set(bearer(bob.accessToken)).expect(200);
    // The single routes still take their paths.
    expect((await request(t.url).delete('/api/v1/orders/batch').set(bearer(alice.accessToken)).send({ ids: [mine.body.id] }).expect(200)).body.results[0].problem.code).toBe('ORDER_NOT_OPEN');
    expect((await request(t.url).get('/api/v1/orders/batch').set(bearer(alice.accessToken)).expect(404)).body.code).toBe('ORDER_NOT_FOUND');
  });
});

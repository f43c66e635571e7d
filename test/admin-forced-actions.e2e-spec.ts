import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Socket, io } from 'socket.io-client';
import type { OrderMessage, UserClientToServerEvents, UserServerToClientEvents } from '../apps/api/src/realtime/user.events';
import { Account, bearer, register, uniqueEmail } from './support/accounts';
import { suiteDatabase, until } from './support/market';
import { expectPerpInvariants } from './support/perp-market';
import { perpTrader, spotTrader, startStillAapl } from './support/still-aapl';
import { TestApp } from './support/test-app';
import { balanceOf, deposit } from './support/wallet';

type Json = Record<string, unknown>;
type UserClient = Socket<UserServerToClientEvents, UserClientToServerEvents>;

/**
 * The admin's forced actions through HTTP (docs/operations.md, "Admin
 * REST"), with exact amounts: cancelling every order of a user (open,
 * untriggered, order-list orders) releases every hold to the unit and stops
 * the lists; closing a user's perpetual position flattens it through the
 * book; a role change takes effect on the next request. Each is in the audit
 * log with its reason and request id, and the chain verifies.
 * AAPL-USD: maker 0.05 %, taker 0.1 %; AAPL-PERP: maker 0.1 %, taker 0.2 %.
 */
describe('admin forced actions (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  const sockets: UserClient[] = [];
  const adminEmail = uniqueEmail('forced-admin');
  const db = suiteDatabase('admin_forced');

  beforeAll(async () => {
    await db.enter();
    ({ t, admin } = await startStillAapl(adminEmail));
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
    await db.leave();
  });

  const as = (user: Account) => ({ post: (path: string, body: Json) => request(t.url).post(path).set(bearer(user.accessToken)).send(body) });
  const order = (user: Account, body: Json) => as(user).post('/api/v1/orders', body).expect(201);
  const forced = (action: 'cancel-orders' | 'close-positions', userId: string, body: Json, requestId: string = randomUUID()) =>
    request(t.url).post(`/api/v1/admin/users/${userId}/${action}`).set(bearer(admin.accessToken)).set('x-request-id', requestId).send(body);
  const setRole = (userId: string, body: Json, by = admin) => request(t.url).put(`/api/v1/admin/users/${userId}/role`).set(bearer(by.accessToken)).send(body);
  const audit = async (action: string): Promise<Json[]> => (await request(t.url).get(`/api/v1/admin/audit?action=${action}`).set(bearer(admin.accessToken)).expect(200)).body.items;
  const getOrder = async (user: Account, id: string): Promise<Json> => (await request(t.url).get(`/api/v1/orders/${id}`).set(bearer(user.accessToken)).expect(200)).body;

  async function userStream(user: Account): Promise<OrderMessage[]> {
    const socket: UserClient = io(`${t.url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: user.accessToken } });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const seen: OrderMessage[] = [];
    socket.on('order', (m) => seen.push(m));
    return seen;
  }

  it('cancels every open, untriggered and list order of a user in their turns, holds back to the unit, lists stopped, audited', async () => {
    const alice = await spotTrader(t.url, 'USD', '1000');
    await deposit(t.url, alice.accessToken, 'AAPL', '5');
    const bid = await order(alice, { symbol: 'AAPL-USD', side: 'BUY', type: 'LIMIT', quantity: '2', price: '210.00' }); // 420.00 + 0.42 held
    const stop = await order(alice, { symbol: 'AAPL-USD', side: 'SELL', type: 'STOP_MARKET', quantity: '1', triggerPrice: '220.00' }); // 1 AAPL held
    const oto = await as(alice)
      .post('/api/v1/order-lists', { kind: 'OTO', working: { symbol: 'AAPL-USD', side: 'BUY', type: 'LIMIT', quantity: '1', price: '215.00' }, pending: { symbol: 'AAPL-USD', side: 'SELL', type: 'LIMIT', quantity: '1', price: '250.00' } })
      .expect(201); // 215.00 + 0.22 held (0.215 rounded up), the pending order waits in the list
    const oco = await as(alice)
      .post('/api/v1/order-lists', { kind: 'OCO', legs: [{ symbol: 'AAPL-USD', side: 'SELL', type: 'LIMIT', quantity: '1', price: '240.00' }, { symbol: 'AAPL-USD', side: 'SELL', type: 'STOP_MARKET', quantity: '1', triggerPrice: '220.00' }] })
      .expect(201); // 1 AAPL held once for both legs
    expect((await balanceOf(t.url, alice.accessToken, 'USD')).spot).toMatchObject({ available: '364.36', locked: '635.64' });
    expect((await balanceOf(t.url, alice.accessToken, 'AAPL')).spot).toMatchObject({ available: '3.000000', locked: '2.000000' });
    const stream = await userStream(alice);

    const res = await forced('cancel-orders', alice.id, { reason: 'Compromised account review' }, 'force-cancel-1').expect(200);
    const ids = [bid.body.id, stop.body.id, ...(oto.body.orders as Json[]).map((o) => o.id), ...(oco.body.orders as Json[]).map((o) => o.id)];
    expect(res.body.cancelled).toBe(5);
    expect([...res.body.orderIds].sort()).toEqual([...ids].sort());
    expect((await balanceOf(t.url, alice.accessToken, 'USD')).spot).toMatchObject({ available: '1000.00', locked: '0.00' });
    expect((await balanceOf(t.url, alice.accessToken, 'AAPL')).spot).toMatchObject({ available: '5.000000', locked: '0.000000' });
    for (const id of ids) expect(await getOrder(alice, id)).toMatchObject({ status: 'CANCELED', reason: 'ADMIN_CANCELED' });
    await until('the five order events on /user', () => (stream.filter((m) => m.order.reason === 'ADMIN_CANCELED').length === 5 ? true : undefined), 5_000);
    // The OTO's pending order is never placed: the list ends with its working order alone.
    await until('the OTO list done', async () => {
      const list = (await request(t.url).get(`/api/v1/order-lists/${oto.body.listId}`).set(bearer(alice.accessToken)).expect(200)).body;
      return list.status === 'ALL_DONE' ? list : undefined;
    }, 5_000).then((list) => expect({ orders: list.orders.length, pendingRoles: list.pendingRoles }).toEqual({ orders: 1, pendingRoles: [] }));

    const [entry] = await audit('ORDERS_FORCE_CANCELLED');
    expect(entry).toMatchObject({
      actorId: admin.id,
      target: `user:${alice.id}`,
      reason: 'Compromised account review',
      requestId: 'force-cancel-1',
      before: { symbol: 'AAPL-USD', openOrders: 3, untriggeredOrders: 2 },
      after: { symbol: 'AAPL-USD', openOrders: 0, untriggeredOrders: 0, listsStopped: [oto.body.listId] },
    });
    expect([...((entry!.after as Json).cancelledOrderIds as string[])].sort()).toEqual([...ids].sort());

    // Nothing left: answered and recorded all the same.
    expect((await forced('cancel-orders', alice.id, { reason: 'Second pass', symbol: 'AAPL-USD' }).expect(200)).body).toEqual({ cancelled: 0, orderIds: [] });
    expect((await audit('ORDERS_FORCE_CANCELLED'))[0]).toMatchObject({ reason: 'Second pass', before: { symbol: 'AAPL-USD', openOrders: 0 }, after: { cancelledOrderIds: [] } });
    expect((await forced('cancel-orders', alice.id, { reason: 'No such market', symbol: 'NOPE-USD' }).expect(404)).body.code).toBe('MARKET_NOT_FOUND');
  });

  it('closes a perpetual position at market through the book: its orders cancelled first, flat, exact amounts, audited', async () => {
    const carol = await perpTrader(t.url);
    const dave = await perpTrader(t.url);
    const erin = await perpTrader(t.url);
    await order(dave, { symbol: 'AAPL-PERP', side: 'SELL', type: 'LIMIT', quantity: '2', price: '230' });
    await order(carol, { symbol: 'AAPL-PERP', side: 'BUY', type: 'LIMIT', quantity: '2', price: '230' }); // long 2, 0.92 of taker fee
    const bid = await order(carol, { symbol: 'AAPL-PERP', side: 'BUY', type: 'LIMIT', quantity: '1', price: '200' });
    await order(erin, { symbol: 'AAPL-PERP', side: 'BUY', type: 'LIMIT', quantity: '2', price: '229' });

    const res = await forced('close-positions', carol.id, { reason: 'Risk desk: flatten', symbol: 'AAPL-PERP' }, 'force-close-1').expect(200);
    expect(res.body.failed).toEqual([]);
    expect(res.body.closed).toEqual([
      expect.objectContaining({ symbol: 'AAPL-PERP', side: 'LONG', sizeBefore: '2.00', sizeAfter: '0.00', cancelledOrderIds: [bid.body.id] }),
    ]);
    const closing = res.body.closed[0].order;
    expect(closing).toMatchObject({ side: 'SELL', type: 'MARKET', reduceOnly: true, status: 'FILLED', filledQuantity: '2.00', averagePrice: '229.00' });
    expect(closing.fills).toHaveLength(1);
    expect(await getOrder(carol, bid.body.id)).toMatchObject({ status: 'CANCELED', reason: 'ADMIN_CANCELED' });
    expect((await request(t.url).get('/api/v1/positions/AAPL-PERP').set(bearer(carol.accessToken)).expect(200)).body).toMatchObject({ side: 'FLAT', size: '0.00' });
    // 1000 - 0.92 (open) - 2.00 (sold 2 at 229 of 230) - 0.92 (0.2 % of 458, rounded up to the cent).
    expect((await balanceOf(t.url, carol.accessToken, 'USD')).margin).toMatchObject({ available: '996.16', locked: '0.00' });
    expect((await request(t.url).get('/api/v1/positions/AAPL-PERP').set(bearer(erin.accessToken)).expect(200)).body).toMatchObject({ side: 'LONG', size: '2.00' });

    const [entry] = await audit('POSITIONS_FORCE_CLOSED');
    expect(entry).toMatchObject({
      actorId: admin.id,
      target: `user:${carol.id}`,
      reason: 'Risk desk: flatten',
      requestId: 'force-close-1',
      before: { symbol: 'AAPL-PERP', side: 'LONG', size: '2.00', openOrders: 1 },
      after: { symbol: 'AAPL-PERP', size: '0.00', closed: '2.00', averagePrice: '229.00', orderId: closing.id, orderStatus: 'FILLED', cancelledOrderIds: [bid.body.id] },
    });
    await expectPerpInvariants(t.url, admin.accessToken, db.url, 'AAPL-PERP', 'USD');
  });

  it('closes a suspended account\'s position too, and reports a halted market in failed', async () => {
    const frank = await perpTrader(t.url);
    const gina = await perpTrader(t.url);
    const hal = await perpTrader(t.url);
    await order(gina, { symbol: 'AAPL-PERP', side: 'BUY', type: 'LIMIT', quantity: '1', price: '230' });
    await order(frank, { symbol: 'AAPL-PERP', side: 'SELL', type: 'LIMIT', quantity: '1', price: '230' }); // frank short 1
    await request(t.url).post(`/api/v1/admin/users/${frank.id}/suspend`).set(bearer(admin.accessToken)).send({ reason: 'fraud review' }).expect(200);
    await order(hal, { symbol: 'AAPL-PERP', side: 'SELL', type: 'LIMIT', quantity: '1', price: '231' });
    const closed = (await forced('close-positions', frank.id, { reason: 'Flatten the suspended account' }).expect(200)).body;
    expect(closed.closed).toEqual([expect.objectContaining({ side: 'SHORT', sizeBefore: '1.00', sizeAfter: '0.00' })]);
    expect(closed.closed[0].order).toMatchObject({ side: 'BUY', status: 'FILLED', averagePrice: '231.00' });

    // gina is long 1: on a halted market her close is refused, reported, not audited; nothing changed.
    const audited = (await audit('POSITIONS_FORCE_CLOSED')).length;
    await request(t.url).patch('/api/v1/admin/markets/AAPL-PERP').set(bearer(admin.accessToken)).send({ status: 'HALTED' }).expect(200);
    try {
      const halted = (await forced('close-positions', gina.id, { reason: 'Flatten during the halt' }).expect(200)).body;
      expect(halted).toEqual({ closed: [], failed: [{ symbol: 'AAPL-PERP', code: 'MARKET_HALTED', message: expect.any(String) }] });
    } finally {
      await request(t.url).patch('/api/v1/admin/markets/AAPL-PERP').set(bearer(admin.accessToken)).send({ status: 'TRADING' }).expect(200);
    }
    expect(await audit('POSITIONS_FORCE_CLOSED')).toHaveLength(audited);
    // No position: nothing to close, recorded all the same.
    expect((await forced('close-positions', hal.id, { reason: 'Nothing here', symbol: 'AAPL-USD' }).expect(200)).body).toEqual({ closed: [], failed: [] });
    expect((await audit('POSITIONS_FORCE_CLOSED'))[0]).toMatchObject({ target: `user:${hal.id}`, before: { symbol: 'AAPL-USD', positions: 0 } });
    await expectPerpInvariants(t.url, admin.accessToken, db.url, 'AAPL-PERP', 'USD');
  });

  it('changes a role, effective on the next request of a live session, audited; never the admin\'s own', async () => {
    const bob = await register(t.url);
    const stats = () => request(t.url).get('/api/v1/admin/stats').set(bearer(bob.accessToken));
    expect((await stats().expect(403)).body.code).toBe('FORBIDDEN');
    expect((await setRole(bob.id, { role: 'ADMIN', reason: 'New operator on the desk' }).expect(200)).body).toMatchObject({ id: bob.id, role: 'ADMIN' });
    await stats().expect(200);
    expect((await setRole(bob.id, { role: 'USER', reason: 'Left the desk' }).expect(200)).body.role).toBe('USER');
    expect((await stats().expect(403)).body.code).toBe('FORBIDDEN');
    // The same role again: answered, nothing recorded.
    await setRole(bob.id, { role: 'USER', reason: 'Still a user' }).expect(200);
    const own = await setRole(admin.id, { role: 'USER', reason: 'Stepping down' }).expect(403);
    expect(own.body).toMatchObject({ status: 403, code: 'CANNOT_CHANGE_OWN_ROLE' });
    expect((await audit('ROLE_CHANGED')).map((e) => [e.target, e.before, e.after, e.reason])).toEqual([
      [`user:${bob.id}`, { role: 'ADMIN' }, { role: 'USER' }, 'Left the desk'],
      [`user:${bob.id}`, { role: 'USER' }, { role: 'ADMIN' }, 'New operator on the desk'],
    ]);
  });

  it('answers 404 for an unknown user, 400 with problem details for a bad body, 403 for a non-admin', async () => {
    const nobody = randomUUID();
    for (const action of ['cancel-orders', 'close-positions'] as const) {
      expect((await forced(action, nobody, { reason: 'Who is this' }).expect(404)).body).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
      expect((await forced(action, 'not-a-uuid', { reason: 'Who is this' }).expect(404)).body.code).toBe('USER_NOT_FOUND');
    }
    expect((await setRole(nobody, { role: 'ADMIN', reason: 'Who is this' }).expect(404)).body.code).toBe('USER_NOT_FOUND');

    const user = await register(t.url);
    const bad: [Json, string][] = [
      [{}, 'reason'],
      [{ reason: '  a  ' }, 'reason'],
      [{ reason: 'x'.repeat(501) }, 'reason'],
      [{ reason: 'A fine reason', symbol: 'not a symbol' }, 'symbol'],
      [{ reason: 'A fine reason', extra: true }, 'extra'],
    ];
    for (const [body, field] of bad) {
      const res = await forced('cancel-orders', user.id, body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: expect.arrayContaining([expect.objectContaining({ field })]) });
    }
    expect((await setRole(user.id, { role: 'ROOT', reason: 'Promote' }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'role' })]);
    const other = await register(t.url);
    expect((await request(t.url).post(`/api/v1/admin/users/${user.id}/cancel-orders`).set(bearer(other.accessToken)).send({ reason: 'Not mine to do' }).expect(403)).body.code).toBe('FORBIDDEN');
  });

  it('keeps one verifiable chain of all of it', async () => {
    // The market listed, 2 forced cancels, 2 forced closes and the close of nothing, a suspension, a halt and a reopening, 2 role changes.
    expect((await request(t.url).get('/api/v1/admin/audit/verify').set(bearer(admin.accessToken)).expect(200)).body).toEqual({ ok: true, entries: 11 });
  });
});

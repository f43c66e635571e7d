import request from 'supertest';
import { io } from 'socket.io-client';
import { Account, bearer, register, uniqueEmail } from './support/accounts';
import { suiteDatabase, until } from './support/market';
import { TestApp } from './support/test-app';
import { balanceOf, reconcile } from './support/wallet';
import { expectPerpInvariants } from './support/perp-market';
import { aaplAt, perpTrader as perpTraderOf, spotTrader, startStillAapl } from './support/still-aapl';

type Json = Record<string, unknown> & { orders: (Record<string, unknown> & { id: string; listRole: string; status: string; quantity: string })[] };

/**
 * Order lists end to end (docs/conditional-orders.md, "Order lists"), every
 * amount exact, on AAPL-USD (spot: USD 2 decimals, tick 0.01, step 1, maker
 * 0.05 %, taker 0.1 %) and AAPL-PERP (tick 1, step 0.01, taker 0.2 %); AAPL
 * stays at 230 until the admin moves it.
 */
describe('order lists: OCO, bracket, OTO (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  const adminEmail = uniqueEmail('lists-admin');
  const SPOT = 'AAPL-USD';
  const PERP = 'AAPL-PERP';
  const db = suiteDatabase('order_lists');

  beforeAll(async () => {
    await db.enter();
    ({ t, admin } = await startStillAapl(adminEmail));
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });
  afterEach(() => expectPerpInvariants(t.url, admin.accessToken, db.url, PERP, 'USD'));

  const place = (user: Account, body: Record<string, unknown>) => request(t.url).post('/api/v1/orders').set(bearer(user.accessToken)).send(body);
  const placeList = (user: Account, body: Record<string, unknown>) => request(t.url).post('/api/v1/order-lists').set(bearer(user.accessToken)).send(body);
  const getList = async (user: Account, id: string): Promise<Json> => (await request(t.url).get(`/api/v1/order-lists/${id}`).set(bearer(user.accessToken)).expect(200)).body;
  const role = (list: Json, name: string) => list.orders.find((o) => o.listRole === name)!;
  const priceAt = (price: string) => aaplAt(t.url, admin.accessToken, price);
  const untilList = (user: Account, id: string, probe: (list: Json) => boolean, what: string) => until(what, async () => (probe(await getList(user, id)) ? true : undefined), 5_000);
  const spot = async (user: Account, asset: string) => (await balanceOf(t.url, user.accessToken, asset)).spot;
  const trader = (asset: string, amount: string) => spotTrader(t.url, asset, amount);
  const perpTrader = () => perpTraderOf(t.url);
  const sell = (symbol: string, quantity: string, extra: Record<string, unknown>) => ({ symbol, side: 'SELL', quantity, ...extra });

  it('refuses a list that is not its kind, and a clientListId used twice', async () => {
    const user = await trader('AAPL', '10');
    const bad: [Record<string, unknown>, string][] = [
      [{ kind: 'OCO', legs: [sell(SPOT, '1', { type: 'LIMIT', price: '240' }), { ...sell(SPOT, '1', { type: 'STOP_MARKET', triggerPrice: '220' }), side: 'BUY' }] }, 'INVALID_ORDER_LIST'],
      [{ kind: 'OCO', legs: [sell(SPOT, '1', { type: 'LIMIT', price: '240' }), sell(SPOT, '1', { type: 'MARKET' })] }, 'INVALID_ORDER_LIST'],
      [{ kind: 'OCO', legs: [sell(SPOT, '1', { type: 'LIMIT', price: '240', timeInForce: 'IOC' }), sell(SPOT, '1', { type: 'STOP_MARKET', triggerPrice: '220' })] }, 'INVALID_ORDER_LIST'],
      [{ kind: 'BRACKET', entry: { symbol: SPOT, side: 'BUY', type: 'LIMIT', quantity: '1', price: '230' }, takeProfit: sell(SPOT, '1', { type: 'TAKE_PROFIT_MARKET', triggerPrice: '250' }), stopLoss: { symbol: SPOT, side: 'SELL', type: 'STOP_MARKET', triggerPrice: '210' } }, 'INVALID_ORDER_LIST'],
      [{ kind: 'OTO', working: { symbol: SPOT, side: 'BUY', type: 'LIMIT', quantity: '1', price: '230' } }, 'INVALID_ORDER_LIST'],
      [{ kind: 'OCO', legs: [sell(SPOT, '1', { type: 'LIMIT', price: '240' }), sell(SPOT, '1', { type: 'STOP_MARKET', triggerPrice: '231' })] }, 'ORDER_WOULD_TRIGGER_IMMEDIATELY'],
    ];
    for (const [body, code] of bad) {
      const res = await placeList(user, body);
      expect({ body, code: res.body.code }).toEqual({ body, code });
    }
    const oco = { kind: 'OCO', clientListId: 'mine-1', legs: [sell(SPOT, '1', { type: 'LIMIT', price: '240' }), sell(SPOT, '1', { type: 'STOP_MARKET', triggerPrice: '220' })] };
    const first = await placeList(user, oco).expect(201);
    expect((await placeList(user, oco).expect(409)).body.code).toBe('LIST_CLIENT_ID_CONFLICT');
    // The refused one wrote nothing: one AAPL held, by the first list only.
    expect(await spot(user, 'AAPL')).toMatchObject({ available: '9.000000', locked: '1.000000' });
    await request(t.url).get('/api/v1/order-lists/not-a-uuid').set(bearer(user.accessToken)).expect(404);
    const other = await register(t.url);
    const mine = (await request(t.url).get('/api/v1/orders').set(bearer(user.accessToken)).expect(200)).body.items[0];
    await request(t.url).get(`/api/v1/order-lists/${mine.listId}`).set(bearer(other.accessToken)).expect(404);
    await request(t.url).delete(`/api/v1/order-lists/${mine.listId}`).set(bearer(other.accessToken)).expect(404);
    const canceled = await request(t.url).delete(`/api/v1/order-lists/${first.body.listId}`).set(bearer(user.accessToken)).expect(200);
    expect(canceled.body.orders.map((o: { status: string; reason: string }) => [o.status, o.reason])).toEqual([
      ['CANCELED', 'CANCELED_BY_REQUEST'],
      ['CANCELED', 'CANCELED_BY_REQUEST'],
    ]);
    expect(canceled.body.status).toBe('ALL_DONE');
    expect(await spot(user, 'AAPL')).toMatchObject({ available: '10.000000', locked: '0.000000' });
  });

  it('an OCO holds once; its take-profit fills (partly, then in full) and the stop is cancelled; the list ends', async () => {
    await priceAt('230');
    const alice = await trader('AAPL', '10');
    const bob = await trader('USD', '5000');
    const socket = io(`${t.url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: alice.accessToken } });
    const lists: { orderList: { status: string } }[] = [];
    socket.on('orderList', (m) => lists.push(m));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    try {
      const res = await placeList(alice, { kind: 'OCO', legs: [sell(SPOT, '10', { type: 'LIMIT', price: '240' }), sell(SPOT, '10', { type: 'STOP_MARKET', triggerPrice: '220' })] }).expect(201);
      expect(res.body).toMatchObject({ kind: 'OCO', status: 'EXECUTING', pendingRoles: [] });
      expect(res.body.orders.map((o: Json['orders'][number]) => [o.type, o.status, o.timeInForce, o.listRole])).toEqual([
        ['LIMIT', 'NEW', 'POST_ONLY', 'LEG'],
        ['STOP_MARKET', 'UNTRIGGERED', 'IOC', 'LEG'],
      ]);
      // One hold for the pair: the 10 AAPL either leg sells.
      expect(await spot(alice, 'AAPL')).toMatchObject({ available: '0.000000', locked: '10.000000' });
      await place(bob, { symbol: SPOT, side: 'BUY', type: 'LIMIT', quantity: '4', price: '240' }).expect(201);
      let list = await getList(alice, res.body.listId);
      expect(list.orders.map((o) => [o.status, o.reason])).toEqual([
        ['PARTIALLY_FILLED', null],
        ['CANCELED', 'LINKED_ORDER_FILLED'],
      ]);
      // 960.00 less the maker fee (0.05 %: 0.48); 6 AAPL still held by the take-profit.
      expect(await spot(alice, 'USD')).toMatchObject({ available: '959.52', locked: '0.00' });
      expect(await spot(alice, 'AAPL')).toMatchObject({ available: '0.000000', locked: '6.000000' });
      await place(bob, { symbol: SPOT, side: 'BUY', type: 'LIMIT', quantity: '6', price: '240' }).expect(201);
      await untilList(alice, res.body.listId, (l) => l.status === 'ALL_DONE', 'the OCO done');
      list = await getList(alice, res.body.listId);
      expect(role(list, 'LEG')).toMatchObject({ status: 'FILLED', fee: '1.20' });
      expect(await spot(alice, 'USD')).toMatchObject({ available: '2398.80', locked: '0.00' });
      expect(await spot(alice, 'AAPL')).toMatchObject({ available: '0.000000', locked: '0.000000' });
      await until('the orderList events', () => (lists.length >= 2 ? true : undefined), 3_000);
      expect(lists.map((m) => m.orderList.status)).toEqual(['EXECUTING', 'ALL_DONE']);
    } finally {
      socket.close();
    }
  });

  it('an OCO whose stop triggers cancels its limit and sells with the hold they shared', async () => {
    await priceAt('230');
    const alice = await trader('AAPL', '5');
    const carl = await trader('USD', '2000');
    const res = await placeList(alice, { kind: 'OCO', legs: [sell(SPOT, '5', { type: 'LIMIT', price: '240' }), sell(SPOT, '5', { type: 'STOP_MARKET', triggerPrice: '220' })] }).expect(201);
    await place(carl, { symbol: SPOT, side: 'BUY', type: 'LIMIT', quantity: '5', price: '215' }).expect(201);
    await priceAt('219');
    await untilList(alice, res.body.listId, (l) => role(l, 'LEG') && l.orders[1]!.status === 'FILLED', 'the stop filled');
    const list = await getList(alice, res.body.listId);
    expect(list.orders.map((o) => [o.type, o.status, o.reason])).toEqual([
      ['LIMIT', 'CANCELED', 'LINKED_ORDER_TRIGGERED'],
      ['STOP_MARKET', 'FILLED', null],
    ]);
    // 1075.00 less 1.08 of taker fee (0.1 %, rounded up).
    expect(await spot(alice, 'USD')).toMatchObject({ available: '1073.92', locked: '0.00' });
    expect(await spot(alice, 'AAPL')).toMatchObject({ available: '0.000000', locked: '0.000000' });
    await untilList(alice, res.body.listId, (l) => l.status === 'ALL_DONE', 'the OCO done');
  });

  it('a futures OCO on a position: the take-profit fills and the stop-loss is cancelled', async () => {
    await priceAt('230');
    const gil = await perpTrader();
    const seller = await perpTrader();
    await place(seller, { symbol: PERP, side: 'SELL', type: 'LIMIT', quantity: '2', price: '230' }).expect(201);
    await place(gil, { symbol: PERP, side: 'BUY', type: 'LIMIT', quantity: '2', price: '230' }).expect(201);
    const res = await placeList(gil, {
      kind: 'OCO',
      legs: [sell(PERP, '2', { type: 'TAKE_PROFIT_MARKET', triggerPrice: '240', reduceOnly: true }), sell(PERP, '2', { type: 'STOP_MARKET', triggerPrice: '220', reduceOnly: true })],
    }).expect(201);
    const buyer = await perpTrader();
    await place(buyer, { symbol: PERP, side: 'BUY', type: 'LIMIT', quantity: '2', price: '239' }).expect(201);
    await priceAt('241');
    await untilList(gil, res.body.listId, (l) => l.status === 'ALL_DONE', 'the futures OCO done');
    const list = await getList(gil, res.body.listId);
    expect(list.orders.map((o) => [o.type, o.status, o.reason])).toEqual([
      ['TAKE_PROFIT_MARKET', 'FILLED', null],
      ['STOP_MARKET', 'CANCELED', 'LINKED_ORDER_TRIGGERED'],
    ]);
    expect((await request(t.url).get(`/api/v1/positions/${PERP}`).set(bearer(gil.accessToken)).expect(200)).body.size).toBe('0.00');
    // 1000 - 0.92 (to open) + 18.00 (2 x (239 - 230)) - 0.96 (0.2 % of 478, rounded up).
    expect((await balanceOf(t.url, gil.accessToken, 'USD')).margin).toMatchObject({ available: '1016.12', locked: '0.00' });
  });

  it('a bracket places its legs at what the entry filled, grows them, and its stop-loss ends the rest', async () => {
    await priceAt('230');
    const dana = await trader('USD', '3000');
    const eve = await trader('AAPL', '10');
    const fred = await trader('USD', '3000');
    const res = await placeList(dana, {
      kind: 'BRACKET',
      entry: { symbol: SPOT, side: 'BUY', type: 'LIMIT', quantity: '10', price: '230' },
      takeProfit: { symbol: SPOT, side: 'SELL', type: 'TAKE_PROFIT_LIMIT', price: '250', triggerPrice: '250' },
      stopLoss: { symbol: SPOT, side: 'SELL', type: 'STOP_MARKET', triggerPrice: '210' },
    }).expect(201);
    expect(res.body).toMatchObject({ kind: 'BRACKET', status: 'EXECUTING', pendingRoles: ['TAKE_PROFIT', 'STOP_LOSS'] });
    // The entry holds 2300.00 + 2.30 (the fee at the higher rate).
    expect(await spot(dana, 'USD')).toMatchObject({ available: '697.70', locked: '2302.30' });
    await place(eve, { symbol: SPOT, side: 'SELL', type: 'LIMIT', quantity: '4', price: '230' }).expect(201);
    await untilList(dana, res.body.listId, (l) => l.orders.length === 3, 'the legs');
    let list = await getList(dana, res.body.listId);
    expect(list.pendingRoles).toEqual([]);
    expect(list.orders.map((o) => [o.listRole, o.status, o.quantity])).toEqual([
      ['ENTRY', 'PARTIALLY_FILLED', '10'],
      ['TAKE_PROFIT', 'UNTRIGGERED', '4'],
      ['STOP_LOSS', 'UNTRIGGERED', '4'],
    ]);
    // The legs share one hold: the 4 AAPL bought.
    expect(await spot(dana, 'AAPL')).toMatchObject({ available: '0.000000', locked: '4.000000' });
    await place(eve, { symbol: SPOT, side: 'SELL', type: 'LIMIT', quantity: '3', price: '230' }).expect(201);
    await untilList(dana, res.body.listId, (l) => role(l, 'STOP_LOSS').quantity === '7', 'the legs grown');
    list = await getList(dana, res.body.listId);
    expect(role(list, 'TAKE_PROFIT').quantity).toBe('7');
    expect(await spot(dana, 'AAPL')).toMatchObject({ available: '0.000000', locked: '7.000000' });
    await place(fred, { symbol: SPOT, side: 'BUY', type: 'LIMIT', quantity: '7', price: '208' }).expect(201);
    await priceAt('209');
    await untilList(dana, res.body.listId, (l) => l.status === 'ALL_DONE', 'the bracket done');
    list = await getList(dana, res.body.listId);
    expect(list.orders.map((o) => [o.listRole, o.status, o.reason])).toEqual([
      ['ENTRY', 'CANCELED', 'LINKED_ORDER_TRIGGERED'],
      ['TAKE_PROFIT', 'CANCELED', 'LINKED_ORDER_TRIGGERED'],
      ['STOP_LOSS', 'FILLED', null],
    ]);
    // Bought 7 at 230 as maker (1610.00 + 0.81), sold 7 at 208 as taker (1456.00 - 1.46): 3000 - 1610.81 + 1454.54.
    expect(await spot(dana, 'USD')).toMatchObject({ available: '2843.73', locked: '0.00' });
    expect(await spot(dana, 'AAPL')).toMatchObject({ available: '0.000000', locked: '0.000000' });
  });

  it('an OTO places its pending order once the working order filled; cancelling the list cancels it', async () => {
    await priceAt('230');
    const hal = await trader('USD', '1000');
    const ida = await trader('AAPL', '2');
    const res = await placeList(hal, {
      kind: 'OTO',
      working: { symbol: SPOT, side: 'BUY', type: 'LIMIT', quantity: '2', price: '230' },
      pending: { symbol: SPOT, side: 'SELL', type: 'LIMIT', quantity: '2', price: '250' },
    }).expect(201);
    expect(res.body.pendingRoles).toEqual(['PENDING']);
    await place(ida, { symbol: SPOT, side: 'SELL', type: 'LIMIT', quantity: '2', price: '230' }).expect(201);
    await untilList(hal, res.body.listId, (l) => l.orders.length === 2, 'the pending order');
    const placed = role(await getList(hal, res.body.listId), 'PENDING');
    expect(placed).toMatchObject({ type: 'LIMIT', side: 'SELL', status: 'NEW', price: '250.00', quantity: '2' });
    expect(await spot(hal, 'AAPL')).toMatchObject({ available: '0.000000', locked: '2.000000' });
    const canceled = await request(t.url).delete(`/api/v1/order-lists/${res.body.listId}`).set(bearer(hal.accessToken)).expect(200);
    expect(canceled.body).toMatchObject({ status: 'ALL_DONE', pendingRoles: [] });
    expect(role(canceled.body, 'PENDING')).toMatchObject({ status: 'CANCELED', reason: 'CANCELED_BY_REQUEST' });
    expect(await spot(hal, 'AAPL')).toMatchObject({ available: '2.000000', locked: '0.000000' });
    expect((await reconcile(t.url, admin.accessToken)).ok).toBe(true);
  });
});

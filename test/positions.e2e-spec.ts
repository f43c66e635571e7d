import request from 'supertest';
import { Socket, io } from 'socket.io-client';
import type { PositionMessage, ResumeAck, UserClientToServerEvents, UserServerToClientEvents } from '../apps/api/src/realtime/user.events';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase, until } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { deposit } from './support/wallet';
import { createPerpMarket, toMargin } from './support/perp-market';

jest.setTimeout(60_000);

type UserClient = Socket<UserServerToClientEvents, UserClientToServerEvents>;

/*
 * AAPL-PERP settles in USD (2 decimals): prices in whole USD (tick 1, priceScale 0), quantities
 * in hundredths (step 0.01), so a notional in cents is price x quantity units: 2 at 230 = 46000
 * (460.00). Fees: maker 0.1%, taker 0.2%. Maintenance 1% up to 10,000 USD. Leverage 10 (default).
 * The feed holds the mark at 230 (volatility 0.000001).
 *
 * A (1000 USD in MARGIN) rests BUY 2 @230; B (1000 USD) sells 2 @230 into it:
 *   A: long 2, entry value 46000, maker fee 46 -> AVAILABLE 99954 (999.54)
 *   B: short 2, entry value 46000, taker fee 92 -> AVAILABLE 99908 (999.08)
 *   notional at 230: 460.00; uPnL 0; initial margin ceil(46000 / 10) = 4600 (46.00);
 *   maintenance ceil(46000 x 1%) = 460 (4.60).
 */
describe('positions API (e2e, real PostgreSQL)', () => {
  const SYMBOL = 'AAPL-PERP';
  const db = suiteDatabase('positions_api');
  const adminEmail = uniqueEmail('positions-admin');
  let t: TestApp;
  let a: Account;
  let b: Account;
  let c: Account;
  let socket: UserClient;
  const positions: PositionMessage[] = [];

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ FEED_ENABLED: 'true', FEED_INTERVAL_MS: '200', MARKET_MAKER: 'false', NOISE_TRADER: 'false', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests' });
    const admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    await createPerpMarket(t.url, admin.accessToken, { minQuantity: '0.05', initialPrice: '100' });
    expect(await wholeMark(t.url, SYMBOL)).toBe(230n);
    a = await trader('1000');
    b = await trader('1000');
    c = await register(t.url);
    socket = io(`${t.url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: a.accessToken } });
    socket.on('position', (m) => positions.push(m));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
    await db.leave();
  });

  async function trader(usd: string): Promise<Account> {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USD', usd);
    await toMargin(t.url, user.accessToken, 'USD', usd);
    return user;
  }
  const get = (user: Account, path: string) => request(t.url).get(`/api/v1${path}`).set(bearer(user.accessToken));
  const post = (user: Account, path: string, body: object = {}) => request(t.url).post(`/api/v1${path}`).set(bearer(user.accessToken)).send(body);
  const time = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/);
  /** The size of A's last `position` message, once it is `size`. */
  const streamed = (size: string) =>
    until(`a position of ${size}`, () => {
      const last = positions.at(-1);
      return last?.position.size === size ? last : undefined;
    });

  it('opens a long (cross) against a short: both views, exact, and the account margin', async () => {
    await placeOrder(t.url, a.accessToken, { symbol: SYMBOL, side: 'BUY', type: 'LIMIT', quantity: '2', price: '230' }).expect(201);
    const ask = await placeOrder(t.url, b.accessToken, { symbol: SYMBOL, side: 'SELL', type: 'LIMIT', quantity: '2', price: '230' }).expect(201);
    expect(ask.body.status).toBe('FILLED');

    const long = {
      symbol: SYMBOL, side: 'LONG', size: '2.00', signedSize: '2.00',
      entryPrice: '230.00', // 46000 x 100 / 200 cents per whole unit
      markPrice: '230', notional: '460.00', unrealizedPnl: '0.00', roe: '0.0000',
      leverage: 10, marginMode: 'CROSS', isolatedMargin: '0.00', initialMargin: '46.00', maintenanceMargin: '4.60',
      marginRatio: '0.0047', // 460 / 99954 (margin balance) = 0.0046021, up
      liquidationPrice: null, // 46000 - 99954 < 0: the account covers the long all the way to zero
      realizedPnl: '0.00', fees: '0.46', openedAt: time, updatedAt: time,
    };
    // REST adds the ADL rank (the only long, at no profit: 1); the stream's view is the position alone.
    expect((await get(a, '/positions').expect(200)).body).toEqual([{ ...long, adlRank: 1 }]);
    expect((await get(a, `/positions/${SYMBOL}`).expect(200)).body).toEqual({ ...long, adlRank: 1 });
    const short = {
      ...long, side: 'SHORT', signedSize: '-2.00', fees: '0.92',
      marginRatio: '0.0047', // 460 / 99908 = 0.0046042, up
      liquidationPrice: '722', // (46000 + 99908) / (200 x 1.01) = 722.3, down (towards the mark)
    };
    expect((await get(b, '/positions').expect(200)).body).toEqual([{ ...short, adlRank: 1 }]);
    expect((await get(b, '/positions/aapl-perp').expect(200)).body).toEqual({ ...short, adlRank: 1 });

    // Another user sees nothing of theirs: an empty list, a flat view with the default settings, no margin account.
    expect((await get(c, '/positions').expect(200)).body).toEqual([]);
    expect((await get(c, `/positions/${SYMBOL}`).expect(200)).body).toEqual({
      ...long, side: 'FLAT', size: '0.00', signedSize: '0.00', entryPrice: null, notional: '0.00', roe: null, initialMargin: '0.00', maintenanceMargin: '0.00',
      marginRatio: null, fees: '0.00', openedAt: null, adlRank: null,
    });
    expect((await get(c, '/account/margin').expect(200)).body).toEqual([]);

    expect((await get(a, '/account/margin').expect(200)).body).toEqual([
      {
        asset: 'USD', walletBalance: '999.54', unrealizedPnl: '0.00', marginBalance: '999.54', initialMargin: '46.00', maintenanceMargin: '4.60',
        available: '953.54', // 99954 - 4600
        transferable: '953.54',
        marginRatio: '0.0047', // 460 / 99954, up
      },
    ]);
    expect((await streamed('2.00')).position).toEqual(long);
  });

  it('a partial close at 240, then a full close through POST /positions/:symbol/close: the history', async () => {
    // A rests SELL 1 @240 reduce-only, B buys it: A closes half of 46000 = 23000 for 24000 (+10.00, maker fee 24),
    // B pays 24000 for 23000 of short entry (-10.00, taker fee 48).
    await placeOrder(t.url, a.accessToken, { symbol: SYMBOL, side: 'SELL', type: 'LIMIT', quantity: '1', price: '240', reduceOnly: true } as never).expect(201);
    await placeOrder(t.url, b.accessToken, { symbol: SYMBOL, side: 'BUY', type: 'LIMIT', quantity: '1', price: '240' }).expect(201);
    expect((await get(a, `/positions/${SYMBOL}`).expect(200)).body).toMatchObject({
      side: 'LONG', size: '1.00', entryPrice: '230.00', notional: '230.00', unrealizedPnl: '0.00', initialMargin: '23.00', maintenanceMargin: '2.30',
      marginRatio: '0.0023', // AVAILABLE 99954 - 24 + 1000 = 100930; 230 / 100930 = 0.0022788, up
      realizedPnl: '10.00', fees: '0.70',
    });
    expect((await get(b, `/positions/${SYMBOL}`).expect(200)).body).toMatchObject({
      side: 'SHORT', size: '1.00', signedSize: '-1.00', realizedPnl: '-10.00', fees: '1.40',
      marginRatio: '0.0024', // AVAILABLE 99908 - 48 - 1000 = 98860; 230 / 98860 = 0.0023265, up
      liquidationPrice: '1206', // (23000 + 98860) / (100 x 1.01) = 1206.5, down
    });
    await streamed('1.00');

    // B rests BUY 1 @230 (maker 23); A closes all at the market (taker 46).
    await placeOrder(t.url, b.accessToken, { symbol: SYMBOL, side: 'BUY', type: 'LIMIT', quantity: '1', price: '230' }).expect(201);
    const close = await post(a, `/positions/${SYMBOL}/close`).expect(201);
    expect(close.body).toMatchObject({ symbol: SYMBOL, side: 'SELL', type: 'MARKET', quantity: '1.00', status: 'FILLED', averagePrice: '230.00', fee: '0.46' });
    expect((await get(a, '/positions').expect(200)).body).toEqual([]);
    expect((await get(a, `/positions/${SYMBOL}`).expect(200)).body).toMatchObject({ side: 'FLAT', size: '0.00', leverage: 10, marginMode: 'CROSS', fees: '0.00' });
    expect((await get(b, '/positions').expect(200)).body).toEqual([]);
    const closed = await post(a, `/positions/${SYMBOL}/close`).expect(422);
    expect(closed.body.code).toBe('NO_POSITION');

    // A's life: opened 2 for 46000; closed 1 for 24000 and 1 for 23000 (exit 47000 x 100 / 200 = 235.00); fees 46 + 24 + 46.
    const life = { symbol: SYMBOL, quantity: '2.00', entryPrice: '230.00', exitPrice: '235.00', openedAt: time, closedAt: time };
    expect((await get(a, '/positions/history').expect(200)).body).toEqual({
      items: [{ ...life, id: expect.any(String), side: 'LONG', realizedPnl: '10.00', fees: '1.16', netPnl: '8.84' }],
      nextCursor: null,
    });
    // B's: fees 92 + 48 + 23.
    expect((await get(b, `/positions/history?symbol=${SYMBOL}&limit=1`).expect(200)).body).toEqual({
      items: [{ ...life, id: expect.any(String), side: 'SHORT', realizedPnl: '-10.00', fees: '1.63', netPnl: '-11.63' }],
      nextCursor: null,
    });
    expect((await get(c, '/positions/history').expect(200)).body).toEqual({ items: [], nextCursor: null });
    // 1000 - 1.16 + 10.00, nothing held.
    expect((await get(a, '/account/margin').expect(200)).body).toEqual([
      { asset: 'USD', walletBalance: '1008.84', unrealizedPnl: '0.00', marginBalance: '1008.84', initialMargin: '0.00', maintenanceMargin: '0.00', available: '1008.84', transferable: '1008.84', marginRatio: null },
    ]);

    await streamed('0.00');
    const sizes = positions.map((m) => m.position.size).filter((size, i, all) => i === 0 || all[i - 1] !== size);
    expect(sizes).toEqual(['2.00', '1.00', '0.00']);
    expect(positions.at(-1)!.position).toMatchObject({ symbol: SYMBOL, side: 'FLAT', signedSize: '0.00' });
    expect(positions.map((m) => m.seq)).toEqual([...positions.map((m) => m.seq)].sort((x, y) => x - y));

    // resume {since} answers the same position messages (seqs and states), valued now.
    const ack = (await socket.timeout(5000).emitWithAck('resume', { since: 0 })) as ResumeAck;
    const resumed = ack.events.filter((e) => e.event === 'position').map((e) => ({ seq: e.seq, size: e.event === 'position' ? e.position.size : '' }));
    expect(resumed).toEqual(positions.map((m) => ({ seq: m.seq, size: m.position.size })));
  });

  it('answers bad inputs with problem details and stable codes', async () => {
    const problem = async (r: request.Test, status: number, code: string) => {
      const res = await r.expect(status);
      expect({ type: res.headers['content-type'], code: res.body.code }).toEqual({ type: expect.stringContaining('application/problem+json'), code });
    };
    await problem(get(a, '/positions/NOPE-PERP'), 404, 'MARKET_NOT_FOUND');
    await problem(get(a, '/positions/BTC-USDT'), 400, 'MARKET_NOT_PERPETUAL');
    await problem(post(a, '/positions/BTC-USDT/close'), 400, 'MARKET_NOT_PERPETUAL');
    await problem(get(a, '/positions/history?cursor=bm90LWEtY3Vyc29y'), 400, 'INVALID_CURSOR');
    await problem(get(a, '/positions/history?limit=0'), 400, 'VALIDATION_FAILED');
    await problem(get(a, '/positions/history?symbol=NOPE-PERP'), 404, 'MARKET_NOT_FOUND');
    await problem(post(a, `/positions/${SYMBOL}/leverage`, { leverage: 'ten' }), 400, 'VALIDATION_FAILED');
    await problem(post(a, `/positions/${SYMBOL}/leverage`, { leverage: 2.5 }), 400, 'VALIDATION_FAILED');
    await problem(post(a, `/positions/${SYMBOL}/margin-mode`, { mode: 'PORTFOLIO' }), 400, 'VALIDATION_FAILED');
    await problem(post(a, `/positions/${SYMBOL}/margin`, { amount: '-1', type: 'ADD' }), 400, 'VALIDATION_FAILED');
    await problem(post(a, `/positions/${SYMBOL}/margin`, { amount: '1', type: 'MOVE' }), 400, 'VALIDATION_FAILED');
    await problem(request(t.url).get('/api/v1/positions'), 401, 'UNAUTHENTICATED');
    await problem(request(t.url).get('/api/v1/account/margin'), 401, 'UNAUTHENTICATED');
  });

  // enabled when the settings handlers land (ChangeLeverage/ChangeMarginMode/MoveIsolatedMargin, orders context)
  it('changes the leverage and the margin mode, moves isolated margin: the position view after each', async () => {
    const d = await trader('1000');
    expect((await post(d, `/positions/${SYMBOL}/leverage`, { leverage: 20 }).expect(200)).body).toMatchObject({ symbol: SYMBOL, side: 'FLAT', leverage: 20, marginMode: 'CROSS' });
    expect((await post(d, `/positions/${SYMBOL}/margin-mode`, { mode: 'ISOLATED' }).expect(200)).body).toMatchObject({ leverage: 20, marginMode: 'ISOLATED', isolatedMargin: '0.00' });
    // Open 1 @230 isolated at 20x against C's short: the hold spent (23000 / 20 = 1150 + fee) becomes its margin, less the fee.
    await deposit(t.url, c.accessToken, 'USD', '1000');
    await toMargin(t.url, c.accessToken, 'USD', '1000');
    await placeOrder(t.url, d.accessToken, { symbol: SYMBOL, side: 'BUY', type: 'LIMIT', quantity: '1', price: '230' }).expect(201);
    await placeOrder(t.url, c.accessToken, { symbol: SYMBOL, side: 'SELL', type: 'LIMIT', quantity: '1', price: '230' }).expect(201);
    const before = (await get(d, `/positions/${SYMBOL}`).expect(200)).body;
    expect(before).toMatchObject({ side: 'LONG', size: '1.00', marginMode: 'ISOLATED', leverage: 20, initialMargin: '11.50' });
    const added = (await post(d, `/positions/${SYMBOL}/margin`, { amount: '10.00', type: 'ADD' }).expect(200)).body;
    expect(BigInt(added.isolatedMargin.replace('.', '')) - BigInt(before.isolatedMargin.replace('.', ''))).toBe(1000n);
    const removed = (await post(d, `/positions/${SYMBOL}/margin`, { amount: '10.00', type: 'REMOVE' }).expect(200)).body;
    expect(removed.isolatedMargin).toBe(before.isolatedMargin);
    await problem422(post(d, `/positions/${SYMBOL}/margin-mode`, { mode: 'CROSS' }), 'MARGIN_MODE_LOCKED');
  });

  async function problem422(r: request.Test, code: string): Promise<void> {
    expect((await r.expect(422)).body.code).toBe(code);
  }
});

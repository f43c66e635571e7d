import request from 'supertest';
import { io, Socket } from 'socket.io-client';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase, until } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit } from './support/wallet';
import { createPerpMarket, expectPerpInvariants, toMargin } from './support/perp-market';

/**
 * Liquidation end to end (docs/risk.md), every amount exact, on AAPL-PERP
 * (USD, tick 1, step 0.01, taker 0.2 %, maintenance 1 %; the feed holds AAPL
 * at 230 until the admin shocks it; the mark is the index). The margin monitor runs (RISK_MONITOR)
 * and ticks every 100 ms; the liquidation fee is 0.5 %. After every step:
 * nothing negative, the ledger reconciles, Σ sizes = 0, CLEARING = Σ entry
 * value of shorts − Σ entry value of longs.
 */
describe('liquidation: the monitor, the decider, the insurance fund (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let socket: Socket;
  const liquidations: { seq: number; liquidation: Record<string, string> }[] = [];
  const marginCalls: { seq: number; marginCall: Record<string, string> }[] = [];
  const adminEmail = uniqueEmail('liq-admin');
  const SYMBOL = 'AAPL-PERP';
  const db = suiteDatabase('liquidation');

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({
      FEED_ENABLED: 'true',
      FEED_INTERVAL_MS: '100',
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      RISK_MONITOR: 'true',
      RISK_MONITOR_INTERVAL_MS: '100',
      LIQUIDATION_FEE_RATE: '0.005',
      // The mark is the index (the formula's own e2e is mark-price): the amounts below follow the admin's shocks alone.
      MARK_PRICE_FORMULA: 'false',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
    });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    await createPerpMarket(t.url, admin.accessToken);
    await createPerpMarket(t.url, admin.accessToken, { symbol: 'MSFT-PERP', baseAsset: 'MSFT', initialPrice: '420' });
    expect(await wholeMark(t.url, SYMBOL)).toBe(230n);
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
    await db.leave();
  });
  afterEach(() => expectPerpInvariants(t.url, admin.accessToken, db.url, SYMBOL, 'USD'));

  async function trader(usd = '1000'): Promise<Account> {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USD', usd);
    await toMargin(t.url, user.accessToken, 'USD', usd);
    return user;
  }
  const order = (user: Account, side: 'BUY' | 'SELL', quantity: string, price: string) => placeOrder(t.url, user.accessToken, { symbol: SYMBOL, side, type: 'LIMIT', quantity, price } as never);
  const post = (user: Account, path: string, body: Record<string, unknown>) => request(t.url).post(`/api/v1/positions/${SYMBOL}/${path}`).set(bearer(user.accessToken)).send(body);
  const position = async (user: Account) => (await request(t.url).get(`/api/v1/positions/${SYMBOL}`).set(bearer(user.accessToken)).expect(200)).body;
  const fund = async () => (await request(t.url).get('/api/v1/insurance-fund?asset=USD').expect(200)).body;
  const shock = (price: string) => request(t.url).post(`/api/v1/admin/markets/${SYMBOL}/price`).set(bearer(admin.accessToken)).send({ price }).expect(202);

  /** `user` ISOLATED at leverage 10 buys 2 at 230 from a fresh seller: 46.00 of margin, 0.92 of taker fee. */
  async function isolatedLong(user: Account): Promise<void> {
    const seller = await trader();
    await post(user, 'margin-mode', { mode: 'ISOLATED' }).expect(200);
    await post(user, 'leverage', { leverage: 10 }).expect(200);
    await order(seller, 'SELL', '2', '230').expect(201);
    await order(user, 'BUY', '2', '230').expect(201);
    expect(await position(user)).toMatchObject({ size: '2.00', isolatedMargin: '46.00' });
  }

  it('an admin tops the fund up; the fund and its history are public', async () => {
    const top = await request(t.url).post('/api/v1/admin/insurance-fund/top-ups').set(bearer(admin.accessToken)).set('Idempotency-Key', 'seed-1').send({ asset: 'USD', amount: '100', reason: 'seed' }).expect(201);
    expect(top.body).toMatchObject({ asset: 'USD', amount: '100.00', balance: '100.00', reason: 'seed' });
    const user = await register(t.url);
    await request(t.url).post('/api/v1/admin/insurance-fund/top-ups').set(bearer(user.accessToken)).set('Idempotency-Key', 'x').send({ asset: 'USD', amount: '1', reason: 'no' }).expect(403);
    const body = await fund();
    expect(body.balances).toEqual([{ asset: 'USD', balance: '100.00' }]);
    expect(body.history.items[0]).toMatchObject({ type: 'ADJUSTMENT', asset: 'USD', amount: '100.00' });
    await request(t.url).get('/api/v1/insurance-fund?cursor=abc').expect(400);
  });

  it('liquidates an isolated long through the book when the mark crosses its liquidation price; the rest of its margin is the fee', async () => {
    const bob = await trader();
    const dave = await trader();
    await isolatedLong(bob);
    socket = io(`${t.url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: bob.accessToken } });
    socket.on('liquidation', (m) => liquidations.push(m));
    socket.on('marginCall', (m) => marginCalls.push(m));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const market = io(`${t.url}/market`, { transports: ['websocket'], reconnection: false, forceNew: true });
    const publicLiquidations: unknown[] = [];
    market.on('liquidation', (m) => publicLiquidations.push(m));
    const ack = await new Promise((resolve) => market.emit('subscribe', { symbol: SYMBOL, channels: ['liquidations'] }, resolve));
    expect(ack).toEqual({ subscriptions: [{ symbol: SYMBOL, channels: ['liquidations'] }] });
    // Dave bids 2 at 208; a resting reduce-only ask of Bob's is cancelled by the liquidation.
    await order(dave, 'BUY', '2', '208').expect(201);
    await placeOrder(t.url, bob.accessToken, { symbol: SYMBOL, side: 'SELL', type: 'LIMIT', quantity: '1', price: '300', reduceOnly: true } as never).expect(201);
    // At 209: 46 - 42 = 4.00 of margin balance against 1 % x 418 = 4.18: below; the liquidation price is 209.
    await shock('209');
    await until('the liquidation', async () => ((await position(bob)).size === '0.00' ? true : undefined), 5_000);
    // Sold 2 at 208 to Dave: -44.00 of PnL, 0.84 of taker fee (0.2 % of 416, rounded up): 46 - 44.84 = 1.16 left, all of it
    // the liquidation fee (0.5 % of 416 = 2.08 is more): the fund has 101.16, Bob's cash outside the position is untouched.
    expect((await balanceOf(t.url, bob.accessToken, 'USD')).margin).toMatchObject({ available: '953.08', locked: '0.00' });
    expect((await fund()).balances).toEqual([{ asset: 'USD', balance: '101.16' }]);
    expect(await position(dave)).toMatchObject({ size: '2.00', adlRank: 1 }); // the only long, in profit at 209: the lowest quintile
    expect((await position(bob)).adlRank).toBeNull();
    await until('the liquidation event', () => (liquidations.length > 0 ? true : undefined), 3_000);
    expect(liquidations[0]!.liquidation).toMatchObject({ symbol: SYMBOL, side: 'LONG', marginMode: 'ISOLATED', quantity: '2.00', averagePrice: '208', liquidationFee: '1.16', insuranceCover: '0.00', sizeAfter: '0.00' });
    await until('the public liquidation', () => (publicLiquidations.length > 0 ? true : undefined), 3_000);
    expect(publicLiquidations).toEqual([{ symbol: SYMBOL, side: 'SELL', price: '208', quantity: '2.00', time: expect.any(String) }]);
    market.close();
    const orders = (await request(t.url).get(`/api/v1/orders/history?symbol=${SYMBOL}`).set(bearer(bob.accessToken)).expect(200)).body.items as { status: string; reduceOnly: boolean }[];
    expect(orders.filter((o) => o.reduceOnly).map((o) => o.status).sort()).toEqual(['CANCELED', 'FILLED']);
  });

  it('a gap past the bankruptcy price: the fund pays the loss beyond the margin', async () => {
    await shock('230');
    const erin = await trader();
    const frank = await trader();
    await isolatedLong(erin);
    await order(frank, 'BUY', '2', '195').expect(201);
    const before = BigInt((await fund()).balances[0].balance.replace('.', ''));
    await shock('190');
    await until('the liquidation', async () => ((await position(erin)).size === '0.00' ? true : undefined), 5_000);
    // Sold at 195: -70.00 of PnL and 0.78 of fee against 46.00 of margin: the fund pays 24.78.
    expect(BigInt((await fund()).balances[0].balance.replace('.', ''))).toBe(before - 2478n);
    expect((await balanceOf(t.url, erin.accessToken, 'USD')).margin).toMatchObject({ available: '953.08', locked: '0.00' });
  });

  it('a margin call when maintenance reaches 80 % of the margin balance, once per crossing', async () => {
    await shock('230');
    const gina = await trader();
    const seller = await trader();
    await post(gina, 'margin-mode', { mode: 'ISOLATED' }).expect(200);
    await post(gina, 'leverage', { leverage: 5 }).expect(200);
    await order(seller, 'SELL', '2', '230').expect(201);
    await order(gina, 'BUY', '2', '230').expect(201);
    const own = io(`${t.url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: gina.accessToken } });
    const calls: { seq: number; marginCall: Record<string, string> }[] = [];
    own.on('marginCall', (m) => calls.push(m));
    await new Promise<void>((resolve, reject) => {
      own.once('connect', () => resolve());
      own.once('connect_error', reject);
    });
    try {
      // At 187: 92 - 86 = 6.00 of margin balance, 3.74 of maintenance: 62 %, no call.
      await shock('187');
      await new Promise((r) => setTimeout(r, 600));
      expect(calls).toEqual([]);
      // At 186: 92 - 88 = 4.00 against 3.72: 93 %, a call (not a liquidation: 4.00 covers 3.72).
      await shock('186');
      await until('the margin call', () => (calls.length > 0 ? true : undefined), 5_000);
      expect(calls[0]!.marginCall).toEqual({ symbol: SYMBOL, asset: 'USD', marginMode: 'ISOLATED', size: '2.00', markPrice: '186', warningPrice: '187', marginRatio: '0.8', at: expect.any(String) });
      await new Promise((r) => setTimeout(r, 600));
      expect(calls).toHaveLength(1);
      expect(await position(gina)).toMatchObject({ size: '2.00' });
      // Out of the zone and back: a second call.
      await shock('200');
      await new Promise((r) => setTimeout(r, 600));
      await shock('186');
      await until('the second margin call', () => (calls.length > 1 ? true : undefined), 5_000);
      expect(calls).toHaveLength(2);
    } finally {
      own.close();
    }
  });

  it('a cross account with two positions: the losing one closes first, then the other, the fund covering the last cents', async () => {
    await shock('230');
    const carol = await trader('200');
    const [s1, s2, dave, erin] = [await trader(), await trader(), await trader(), await trader()];
    const msft = (user: Account, side: 'BUY' | 'SELL', quantity: string, price: string) => placeOrder(t.url, user.accessToken, { symbol: 'MSFT-PERP', side, type: 'LIMIT', quantity, price } as never);
    expect(await wholeMark(t.url, 'MSFT-PERP')).toBe(420n);
    await order(s1, 'SELL', '2', '230').expect(201);
    await order(carol, 'BUY', '2', '230').expect(201); // 0.92 of fee
    await msft(s2, 'SELL', '1', '420').expect(201);
    await msft(carol, 'BUY', '1', '420').expect(201); // 0.84 of fee: 198.24 of cash, CROSS at leverage 10
    await order(dave, 'BUY', '2', '132').expect(201);
    await msft(erin, 'BUY', '1', '419').expect(201);
    const own = io(`${t.url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: carol.accessToken } });
    const steps: { liquidation: Record<string, string> }[] = [];
    own.on('liquidation', (m) => steps.push(m));
    await new Promise<void>((resolve, reject) => {
      own.once('connect', () => resolve());
      own.once('connect_error', reject);
    });
    try {
      // At 132: 198.24 - 196 = 2.24 of margin balance against 2.64 + 4.20 of maintenance.
      await shock('132');
      await until('both closed', async () => (steps.length >= 2 ? true : undefined), 5_000);
      // AAPL first (symbol order): sold at 132 to Dave, -196.00 and 0.53 of fee: 1.71 left; the fee due is 1.32.
      expect(steps[0]!.liquidation).toMatchObject({ symbol: SYMBOL, marginMode: 'CROSS', quantity: '2.00', averagePrice: '132', liquidationFee: '1.32', insuranceCover: '0.00', sizeAfter: '0.00' });
      // MSFT then, 0.39 of cash against 4.20: sold at 419 to Erin, -1.00 and 0.84 of fee: the fund pays 1.45.
      expect(steps[1]!.liquidation).toMatchObject({ symbol: 'MSFT-PERP', marginMode: 'CROSS', quantity: '1.00', averagePrice: '419', liquidationFee: '0.00', insuranceCover: '1.45', sizeAfter: '0.00' });
      expect((await balanceOf(t.url, carol.accessToken, 'USD')).margin).toMatchObject({ available: '0.00', locked: '0.00' });
      // The fund's movements include both (other accounts of this suite are liquidated by the same move).
      const moves = ((await fund()).history.items as { type: string; amount: string }[]).filter((m) => m.type === 'TRADE').map((m) => m.amount);
      expect(moves).toEqual(expect.arrayContaining(['1.32', '-1.45']));
    } finally {
      own.close();
    }
  });
});

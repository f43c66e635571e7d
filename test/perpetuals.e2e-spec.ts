import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit, waitFor } from './support/wallet';
import { createPerpMarket, expectPerpInvariants, toMargin } from './support/perp-market';

/**
 * One story of two traders on a perpetual of this suite's own, every amount
 * exact (docs/positions.md). AAPL-PERP on USD (2 decimals): tick 1, step
 * 0.01, maker 0.1 %, taker 0.2 %, maintenance 1 % up to 10,000 then 2 %,
 * max leverage 20; the feed prices AAPL at 230 and does not move it
 * (volatility 0.000001) until the admin shocks it to 250. Alice trades
 * CROSS at leverage 10, Bob ISOLATED at leverage 5. After every step: the
 * positions balance (Σ sizes = 0), CLEARING holds Σ entry value of shorts
 * − Σ entry value of longs, and the ledger reconciles.
 */
describe('perpetuals: positions, margin and PnL end to end (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let alice: Account;
  let bob: Account;
  const adminEmail = uniqueEmail('perp-admin');
  const SYMBOL = 'AAPL-PERP';
  const db = suiteDatabase('perpetuals');

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ FEED_ENABLED: 'true', FEED_INTERVAL_MS: '200', MARKET_MAKER: 'false', NOISE_TRADER: 'false', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    await createPerpMarket(t.url, admin.accessToken);
    expect(await wholeMark(t.url, SYMBOL)).toBe(230n);
    alice = await trader();
    bob = await trader();
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });
  afterEach(() => expectPerpInvariants(t.url, admin.accessToken, db.url, SYMBOL, 'USD'));

  async function trader(): Promise<Account> {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USD', '1000');
    await toMargin(t.url, user.accessToken, 'USD', '1000');
    return user;
  }
  const margin = async (user: Account) => {
    const { available, locked } = (await balanceOf(t.url, user.accessToken, 'USD')).margin;
    return { available, locked };
  };
  const position = async (user: Account) => (await request(t.url).get(`/api/v1/positions/${SYMBOL}`).set(bearer(user.accessToken)).expect(200)).body;
  const order = (user: Account, side: 'BUY' | 'SELL', quantity: string, price: string, more: Record<string, unknown> = {}) =>
    placeOrder(t.url, user.accessToken, { symbol: SYMBOL, side, type: 'LIMIT', quantity, price, ...more } as never);
  const post = (user: Account, path: string, body: Record<string, unknown>) => request(t.url).post(`/api/v1/positions/${SYMBOL}/${path}`).set(bearer(user.accessToken)).send(body);

  it('opens a cross long against an isolated short: holds, fees and the isolated margin to the cent', async () => {
    await post(bob, 'margin-mode', { mode: 'ISOLATED' }).expect(200);
    await post(bob, 'leverage', { leverage: 5 }).expect(200);
    // Bob's short of 2 at 230 opens 460.00: margin 460 / 5 = 92.00, fee 0.2 % = 0.92.
    await order(bob, 'SELL', '2', '230').expect(201);
    expect(await margin(bob)).toEqual({ available: '907.08', locked: '92.92' });
    // Alice takes it: her hold (46.00 + 0.92) is spent at once; she pays 0.92, Bob (maker) 0.46 out of his hold.
    const taken = await order(alice, 'BUY', '2', '230').expect(201);
    expect(taken.body.status).toBe('FILLED');
    expect(await margin(alice)).toEqual({ available: '999.08', locked: '0.00' });
    expect(await margin(bob)).toEqual({ available: '907.08', locked: '92.46' });
    expect(await position(alice)).toMatchObject({ side: 'LONG', size: '2.00', entryPrice: '230.00', leverage: 10, marginMode: 'CROSS', unrealizedPnl: '0.00' });
    expect(await position(bob)).toMatchObject({ side: 'SHORT', size: '2.00', entryPrice: '230.00', leverage: 5, marginMode: 'ISOLATED', isolatedMargin: '92.46' });
  });

  it('moves unrealized PnL with the mark, and keeps unrealized profit out of what may leave MARGIN', async () => {
    await request(t.url).post(`/api/v1/admin/markets/${SYMBOL}/price`).set(bearer(admin.accessToken)).send({ price: '250' }).expect((r) => expect([200, 202]).toContain(r.status));
    await waitFor(async () => ((await position(alice)).markPrice === '250' ? true : undefined));
    expect(await position(alice)).toMatchObject({ unrealizedPnl: '40.00', notional: '500.00' });
    expect(await position(bob)).toMatchObject({ unrealizedPnl: '-40.00', notional: '500.00' });
    // The portfolio counts the open position's PnL in the equity (the MARGIN cash is a holding).
    const portfolio = (await request(t.url).get('/api/v1/portfolio').set(bearer(alice.accessToken)).expect(200)).body;
    expect(portfolio.perpetuals).toEqual([{ asset: 'USD', walletBalance: '999.08', unrealizedPnl: '40.00', marginBalance: '1039.08', value: '40.000000' }]);
    expect(portfolio.totals.equity).toBe('1039.080000');
    // A loss counts too (Bob: 907.08 + 92.46 of margin, 40.00 down).
    const bobs = (await request(t.url).get('/api/v1/portfolio').set(bearer(bob.accessToken)).expect(200)).body;
    expect(bobs.perpetuals).toEqual([{ asset: 'USD', walletBalance: '999.54', unrealizedPnl: '-40.00', marginBalance: '959.54', value: '-40.000000' }]);
    expect(bobs.totals.equity).toBe('959.540000');
    // Alice may move out her cash less her position's initial margin at the mark (50.00); the 40.00 profit never counts.
    const out = (amount: string) => request(t.url).post('/api/v1/wallet/transfers').set(bearer(alice.accessToken)).send({ asset: 'USD', amount, from: 'MARGIN', to: 'SPOT' });
    expect((await out('949.09').expect(422)).body.code).toBe('INSUFFICIENT_MARGIN');
    await out('0.01').expect(201);
    await toMargin(t.url, alice.accessToken, 'USD', '0.01');
  });

  it('refuses a leverage the isolated margin cannot carry, then adds and removes margin down to the initial margin', async () => {
    // At leverage 1 Bob's position needs 500.00; it has 92.46.
    expect((await post(bob, 'leverage', { leverage: 1 }).expect(422)).body.code).toBe('INSUFFICIENT_MARGIN');
    await post(bob, 'margin', { amount: '50', type: 'ADD' }).expect(200);
    expect(await margin(bob)).toEqual({ available: '857.08', locked: '142.46' });
    // What may leave: 142.46 − the 40.00 loss − the initial margin 500 / 5 = 100.00 → 2.46.
    expect((await post(bob, 'margin', { amount: '2.47', type: 'REMOVE' }).expect(422)).body.code).toBe('INSUFFICIENT_MARGIN');
    await post(bob, 'margin', { amount: '2.46', type: 'REMOVE' }).expect(200);
    expect(await margin(bob)).toEqual({ available: '859.54', locked: '140.00' });
    expect((await post(alice, 'margin', { amount: '1', type: 'ADD' }).expect(422)).body.code).toBe('NOT_ISOLATED');
  });

  it('closes half: the realized PnL and the released isolated margin to the cent', async () => {
    // Alice (maker) sells 1 at 250: it only reduces, so it holds nothing.
    await order(alice, 'SELL', '1', '250').expect(201);
    expect(await margin(alice)).toEqual({ available: '999.08', locked: '0.00' });
    await order(bob, 'BUY', '1', '250', { reduceOnly: true }).expect(201);
    // Alice: +20.00 realized (half of 460.00 entry out at 250), maker fee 0.25.
    expect(await margin(alice)).toEqual({ available: '1018.83', locked: '0.00' });
    // Bob: −20.00 realized, taker fee 0.50, half of his 140.00 margin released: +49.50 available, 70.00 still locked.
    expect(await margin(bob)).toEqual({ available: '909.04', locked: '70.00' });
    expect(await position(bob)).toMatchObject({ side: 'SHORT', size: '1.00', isolatedMargin: '70.00' });
  });

  it('flips both positions in one fill and refuses a reduce-only order that would flip', async () => {
    // Alice sells 3 at 250 while long 1: 2 open a short, holding 50.00 + 1.00.
    await order(alice, 'SELL', '3', '250').expect(201);
    expect(await margin(alice)).toEqual({ available: '967.83', locked: '51.00' });
    // Bob buys 3 while short 1: 2 open a long, holding 100.00 + 1.00 at leverage 5.
    await order(bob, 'BUY', '3', '250').expect(201);
    // Alice: +20.00 on the long's last unit, maker fee 0.75; short 2 at 250.
    expect(await margin(alice)).toEqual({ available: '1038.08', locked: '0.00' });
    // Bob: −20.00, taker fee 1.50 from the hold; the old 70.00 released, the new position keeps 101.00 − 1.50 = 99.50.
    expect(await margin(bob)).toEqual({ available: '858.04', locked: '99.50' });
    expect(await position(alice)).toMatchObject({ side: 'SHORT', size: '2.00', entryPrice: '250.00' });
    expect(await position(bob)).toMatchObject({ side: 'LONG', size: '2.00', entryPrice: '250.00', isolatedMargin: '99.50' });
    expect((await order(alice, 'BUY', '3', '250', { reduceOnly: true }).expect(422)).body.code).toBe('REDUCE_ONLY_WOULD_INCREASE');
  });

  it('closes all with POST /close and lists both lives in the history', async () => {
    await order(bob, 'SELL', '2', '250').expect(201);
    await post(alice, 'close', {}).expect(201);
    // Alice: no PnL on the short (250 in, 250 out), taker fee 1.00. Bob: flat, all 99.50 back, maker fee 0.50.
    expect(await margin(alice)).toEqual({ available: '1037.08', locked: '0.00' });
    expect(await margin(bob)).toEqual({ available: '957.04', locked: '0.00' });
    expect((await request(t.url).get('/api/v1/positions').set(bearer(alice.accessToken)).expect(200)).body).toEqual([]);
    const history = (await request(t.url).get('/api/v1/positions/history').set(bearer(alice.accessToken)).expect(200)).body;
    const lines = (history.items ?? history).map((h: { side: string; realizedPnl: string; fees: string }) => [h.side, h.realizedPnl, h.fees]);
    expect(lines).toEqual([
      ['SHORT', '0.00', '1.00'],
      ['LONG', '40.00', '1.92'],
    ]);
    // Another user sees none of it.
    const eve = await register(t.url);
    expect((await request(t.url).get('/api/v1/positions').set(bearer(eve.accessToken)).expect(200)).body).toEqual([]);
  });
});

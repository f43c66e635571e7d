import request from 'supertest';
import type { PriceMessage } from '../apps/api/src/realtime/prices.events';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { PricesClient, collectPrices, connectPrices, sleep, subscribe, suiteDatabase, until } from './support/market';
import { placeOrder } from './support/orders';
import { createPerpMarket, toMargin } from './support/perp-market';
import { TestApp, startTestApp } from './support/test-app';
import { deposit } from './support/wallet';

/**
 * The perpetual mark price (docs/risk.md, "Mark price") and the percent price
 * shock, through the API and the /prices socket, checked against an
 * independent model of both, to the unit:
 *   mark = median(index x (1 + lastRate x left / interval), index + avg(mid - index over the window), last trade)
 *   a ramp: from + (to - from) x elapsed / span, in whole ticks truncated toward `from`.
 * No funding has been settled (8 h interval) and the interest rate is 0, so
 * the funding basis is the index and the predicted rate 0.
 */
const FEED_MS = 200;
const WINDOW_MS = 2000;
const EIGHT_HOURS = 8 * 3_600_000;

describe('perpetual mark price and percent price shocks (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let socket: PricesClient;
  let seen: PriceMessage[];
  const adminEmail = uniqueEmail('mark-admin');
  const db = suiteDatabase('mark_price');

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({
      FEED_ENABLED: 'true',
      FEED_INTERVAL_MS: String(FEED_MS),
      MARK_BASIS_WINDOW_MS: String(WINDOW_MS),
      FUNDING_INTEREST_RATE: '0',
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
    });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    await createPerpMarket(t.url, admin.accessToken);
    socket = await connectPrices(t.url);
    seen = collectPrices(socket);
    await subscribe(socket, ['BTC-USDT', 'BTC-PERP', 'AAPL-USD', 'AAPL-PERP']);
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
    await db.leave();
  });

  const of = (symbol: string, from = 0) => seen.slice(from).filter((m) => m.symbol === symbol);
  const at = (m: PriceMessage) => Date.parse(m.ts);
  const shock = (token: string, symbol: string, body: Record<string, unknown>) =>
    request(t.url).post(`/api/v1/admin/markets/${symbol}/price-shock`).set(bearer(token)).send(body);

  it('publishes index, mark, the funding rate and the next funding time of a perpetual on /prices and REST, and none for spot', async () => {
    const perp = await until('a BTC-PERP tick', () => of('BTC-PERP')[0]);
    expect(perp).toMatchObject({ fundingRate: '0.00000000', nextFundingTime: new Date((Math.floor(at(perp) / EIGHT_HOURS) + 1) * EIGHT_HOURS).toISOString() });
    expect(perp.mark).toBe(perp.index); // no book, no trade: every term of the median is the index
    const spot = await until('a BTC-USDT tick', () => of('BTC-USDT')[0]);
    expect(spot).not.toHaveProperty('fundingRate');
    expect(spot).not.toHaveProperty('nextFundingTime');
    const rest = (await request(t.url).get('/api/v1/markets/BTC-PERP/mark-price').expect(200)).body;
    expect(rest).toMatchObject({ symbol: 'BTC-PERP', fundingRate: '0.00000000', nextFundingTime: expect.any(String) });
    expect((await request(t.url).get('/api/v1/markets/BTC-USDT/mark-price').expect(200)).body).not.toHaveProperty('fundingRate');
  });

  it('moves the index of BTC-USDT and BTC-PERP together by -10 % over 2 s, in exact steps, and the perp mark with it', async () => {
    const res = await shock(admin.accessToken, 'BTC-PERP', { percent: '-10', overSeconds: 2 }).expect(202);
    const view = res.body as { fromIndex: string; toIndex: string; startsAt: string; endsAt: string };
    const from = units(view.fromIndex, 1);
    const to = halfUpTo(from * 9n, 10n); // 90 %, rounded half up to the tick 0.1 (1 unit)
    expect(res.body).toMatchObject({ symbol: 'BTC-PERP', symbols: ['BTC-PERP', 'BTC-USDT'], percent: '-10', overSeconds: 2, toIndex: decimal(to, 1) });
    const [startsAt, endsAt] = [Date.parse(view.startsAt), Date.parse(view.endsAt)];
    expect(endsAt - startsAt).toBe(2000);
    const mark = seen.length;
    const end = await until('the end of the ramp', () => of('BTC-PERP', mark).find((m) => at(m) >= endsAt), 6_000);
    await until('the same tick of the spot market', () => of('BTC-USDT', mark).find((m) => m.ts === end.ts));
    // A tick taken while the request was being committed may still walk: check those from one feed interval after, to the end.
    const ramp = of('BTC-PERP', mark).filter((m) => at(m) > startsAt + FEED_MS && at(m) <= at(end));
    expect(ramp.length).toBeGreaterThanOrEqual(3);
    for (const perp of ramp) {
      const expected = at(perp) >= endsAt ? to : from + ((to - from) * BigInt(at(perp) - startsAt)) / BigInt(endsAt - startsAt);
      const spot = of('BTC-USDT', mark).find((m) => m.ts === perp.ts);
      expect({ ts: perp.ts, perp: perp.index, spot: spot?.index, mark: perp.mark }).toEqual({ ts: perp.ts, perp: decimal(expected, 1), spot: decimal(expected, 1), mark: decimal(expected, 1) });
    }
    expect(end.index).toBe(view.toIndex);
  });

  it('marks a perpetual at the median of the index, the averaged book basis and the last trade, through a -10 % shock', async () => {
    const [alice, bob] = [await trader(), await trader()];
    const order = (user: Account, side: 'BUY' | 'SELL', price: string) =>
      placeOrder(t.url, user.accessToken, { symbol: 'AAPL-PERP', side, type: 'LIMIT', quantity: '1', price }).expect(201);
    await order(alice, 'SELL', '232');
    await order(bob, 'BUY', '232');
    await until('the last trade on the feed', () => of('AAPL-PERP').find((m) => m.last === '232'));
    // The book: 226 / 240, mid 233: the basis is +3 over the index 230.
    await order(bob, 'BUY', '226');
    await order(alice, 'SELL', '240');
    const bookAt = Date.now() + 500; // the book snapshot is read outside the order lanes
    await sleep(WINDOW_MS + 1000);
    // median(230, 230 + 3, 232) = 232.
    const before = of('AAPL-PERP').at(-1)!;
    expect({ index: before.index, mark: before.mark }).toEqual({ index: '230', mark: '232' });

    const res = await shock(admin.accessToken, 'AAPL-PERP', { percent: '-10', overSeconds: 2 }).expect(202);
    expect(res.body).toMatchObject({ symbols: ['AAPL-PERP', 'AAPL-USD'], fromIndex: '230', toIndex: '207' });
    const endsAt = Date.parse(res.body.endsAt as string);
    await until('the mark after the ramp and a full window', () => of('AAPL-PERP').find((m) => at(m) >= endsAt + WINDOW_MS + FEED_MS), 8_000);
    // Every tick whose window holds only samples of the settled book: the model recomputes the average from the ticks themselves.
    const ticks = of('AAPL-PERP');
    const checked = ticks.filter((m) => at(m) - WINDOW_MS > bookAt);
    expect(checked.length).toBeGreaterThanOrEqual(10);
    for (const m of checked) {
      const window = ticks.filter((w) => at(w) > at(m) - WINDOW_MS && at(w) <= at(m));
      const basis = floorDiv(window.reduce((sum, w) => sum + (233n - BigInt(w.index)), 0n), BigInt(window.length));
      const index = BigInt(m.index);
      expect({ ts: m.ts, mark: m.mark }).toEqual({ ts: m.ts, mark: String(median(index, index + basis, 232n)) });
    }
    // The spot market on the same underlying moved with it: 207.00 at the tick that ended the ramp (then it walks on, by cents).
    const end = ticks.find((m) => at(m) >= endsAt)!;
    await until('the same tick of the spot market', () => of('AAPL-USD').find((m) => m.ts === end.ts));
    expect(of('AAPL-USD').find((m) => m.ts === end.ts)?.index).toBe('207.00');
    // At rest: index 207, basis 233 - 207 = 26, last trade 232: the mark is the last trade.
    expect({ index: ticks.at(-1)!.index, mark: ticks.at(-1)!.mark }).toEqual({ index: '207', mark: '232' });
  });

  it('is for admins, validates its input, and is audited', async () => {
    const user = await register(t.url);
    expect((await shock(user.accessToken, 'BTC-PERP', { percent: '-10', overSeconds: 5 }).expect(403)).body.code).toBe('FORBIDDEN');
    for (const body of [{ percent: '-100', overSeconds: 5 }, { percent: '0', overSeconds: 5 }, { percent: '1.00001', overSeconds: 5 }]) {
      expect((await shock(admin.accessToken, 'BTC-PERP', body).expect(400)).body).toMatchObject({ code: 'INVALID_MARKET_SPEC', field: 'percent' });
    }
    for (const body of [{ percent: '-10', overSeconds: 3601 }, { percent: '-10', overSeconds: 1.5 }, { percent: -10, overSeconds: 5 }]) {
      expect((await shock(admin.accessToken, 'BTC-PERP', body).expect(400)).body.code).toBe('VALIDATION_FAILED');
    }
    expect((await shock(admin.accessToken, 'NOPE-PERP', { percent: '-10', overSeconds: 5 }).expect(404)).body.code).toBe('MARKET_NOT_FOUND');
    const audit = (await request(t.url).get('/api/v1/admin/markets/audit?symbol=AAPL-PERP').set(bearer(admin.accessToken)).expect(200)).body;
    expect(audit[0]).toMatchObject({ action: 'PRICE_SHOCK', symbol: 'AAPL-PERP', adminId: admin.id, details: { from: '230', to: '207', percent: '-10', overSeconds: 2 } });
  });

  async function trader(): Promise<Account> {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USD', '1000');
    await toMargin(t.url, user.accessToken, 'USD', '1000');
    return user;
  }
});

function units(value: string, scale: number): bigint {
  const [whole, fraction = ''] = value.split('.');
  return BigInt(whole! + fraction.padEnd(scale, '0'));
}
function decimal(value: bigint, scale: number): string {
  const digits = value.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
function halfUpTo(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}
function median(a: bigint, b: bigint, c: bigint): bigint {
  return [a, b, c].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))[1]!;
}

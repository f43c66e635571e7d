import { QueryBus } from '@nestjs/cqrs';
import { formatUnits, parseUnits } from '@lib/kernel';
import { CandleInterval, GetPriceHistoryQuery, HistorySeries } from '@lib/market';
import request from 'supertest';
import { Account, bearer, register } from './support/accounts';
import { suiteDatabase } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { toMargin } from './support/perp-market';
import { TestApp, startTestApp } from './support/test-app';
import { deposit } from './support/wallet';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const Z95 = 1.6448536269514722;
const Z99 = 2.3263478740408408;
const money = (text: string) => parseUnits(text, 6);
const signedUnits = (text: string, scale: number) => (text.startsWith('-') ? -parseUnits(text.slice(1), scale) : parseUnits(text, scale));

/** part / whole with 8 decimals, half to even. */
function shareOf(part: bigint, whole: bigint): string {
  const scaled = part * 10n ** 8n;
  let q = scaled / whole;
  const twice = 2n * (scaled - q * whole);
  if (twice > whole || (twice === whole && q % 2n === 1n)) q += 1n;
  return formatUnits(q, 8);
}

/*
 * GET /portfolio/risk on its own database (its own feed, ticking once a
 * minute so the marks hold still through the suite) over the seeded
 * synthetic history of a fresh install. Alice holds 0.5 BTC (SPOT) and is
 * short 0.10 ETH-PERP against Bob; Carol holds nothing. The figures are
 * recomputed here from the same daily closes the market context answers.
 */
describe('portfolio risk (e2e)', () => {
  const db = suiteDatabase('portfolio_risk');
  let t: TestApp;
  let alice: Account;
  let carol: Account;

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ FEED_INTERVAL_MS: '60000', MARKET_MAKER: 'false', NOISE_TRADER: 'false' });
    [alice, carol] = [await register(t.url), await register(t.url)];
    const bob = await register(t.url);
    await deposit(t.url, alice.accessToken, 'BTC', '0.5');
    for (const user of [alice, bob]) {
      await deposit(t.url, user.accessToken, 'USDT', '1000');
      await toMargin(t.url, user.accessToken, 'USDT', '1000');
    }
    const price = `${await wholeMark(t.url, 'ETH-PERP')}`;
    await wholeMark(t.url, 'BTC-USDT');
    await placeOrder(t.url, bob.accessToken, { symbol: 'ETH-PERP', side: 'BUY', type: 'LIMIT', quantity: '0.10', price }).expect(201);
    const sell = await placeOrder(t.url, alice.accessToken, { symbol: 'ETH-PERP', side: 'SELL', type: 'LIMIT', quantity: '0.10', price }).expect(201);
    expect(sell.body.status).toBe('FILLED');
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });

  const risk = (user: Account, query = '') => request(t.url).get(`/api/v1/portfolio/risk${query}`).set(bearer(user.accessToken));
  const history = (symbol: string, fromMs: number, toMs: number): Promise<HistorySeries> =>
    t.app.get(QueryBus).execute(new GetPriceHistoryQuery(symbol, CandleInterval.D1, fromMs, toMs));

  it('exposure of a BTC holding and a short ETH perpetual: exact notionals at the marks it reports', async () => {
    const [portfolio, r, positions] = await Promise.all([
      request(t.url).get('/api/v1/portfolio').set(bearer(alice.accessToken)).expect(200),
      risk(alice, '?window=30').expect(200),
      request(t.url).get('/api/v1/positions').set(bearer(alice.accessToken)).expect(200),
    ]);
    const body = r.body;
    const [btc, eth] = body.exposure.byMarket;
    expect(btc).toMatchObject({ symbol: 'BTC-USDT', kind: 'SPOT', asset: 'BTC', quantity: '0.50000000', short: '0.000000' });
    expect(eth).toMatchObject({ symbol: 'ETH-PERP', kind: 'PERPETUAL', asset: 'ETH', quantity: '-0.10', long: '0.000000' });
    // The marks are those GET /portfolio and GET /positions used (the feed ticks once a minute).
    const btcHolding = portfolio.body.holdings.find((h: { asset: string }) => h.asset === 'BTC');
    expect(btc.mark).toBe(btcHolding.price.mark);
    expect(eth.mark).toBe(positions.body[0].markPrice);
    // 0.5 BTC x mark (price scale 1), rounded down to 10^-6; 0.10 x mark (scale 2) is exact at 10^-6.
    const btcValue = (50_000_000n * signedUnits(btc.mark, 1) * 1_000_000n) / 10n ** 9n;
    const ethValue = 10n * signedUnits(eth.mark, 2) * 100n;
    expect(btc).toMatchObject({ gross: formatUnits(btcValue, 6), long: formatUnits(btcValue, 6), net: formatUnits(btcValue, 6) });
    expect(eth).toMatchObject({ gross: formatUnits(ethValue, 6), short: formatUnits(ethValue, 6), net: formatUnits(-ethValue, 6) });
    expect(btc.gross).toBe(btcHolding.value);
    expect(body.exposure).toMatchObject({
      gross: formatUnits(btcValue + ethValue, 6),
      long: formatUnits(btcValue, 6),
      short: formatUnits(ethValue, 6),
      net: formatUnits(btcValue - ethValue, 6),
    });
    const gross = btcValue + ethValue;
    expect(body.exposure.byAsset.map((a: { asset: string; share: string }) => [a.asset, a.share])).toEqual([
      ['BTC', shareOf(btcValue, gross)],
      ['ETH', shareOf(ethValue, gross)],
    ]);
    // Equity and cash as GET /portfolio.
    expect(body.equity).toBe(portfolio.body.totals.equity);
    expect(body.cash).toBe(portfolio.body.holdings.find((h: { asset: string }) => h.asset === 'USDT').value);
    expect(body.excluded).toEqual([]);
  });

  it('figures over 30 days of synthetic history, recomputed here from the same daily closes', async () => {
    const body = (await risk(alice, '?window=30').expect(200)).body;
    const today = Math.floor(Date.now() / DAY) * DAY;
    expect(body.window).toEqual({ days: 30, from: new Date(today - 31 * DAY).toISOString(), to: new Date(today - DAY).toISOString() });
    expect(body).toMatchObject({ returns: 30, insufficientHistory: false, reason: null, benchmark: 'BTC-USDT', syntheticHistory: ['BTC-USDT', 'ETH-PERP'] });
    expect(body.history).toEqual([
      { symbol: 'BTC-USDT', candles: 31, origins: { SYNTHETIC: 31, LIVE: 0, IMPORTED: 0 }, synthetic: true },
      { symbol: 'ETH-PERP', candles: 31, origins: { SYNTHETIC: 31, LIVE: 0, IMPORTED: 0 }, synthetic: true },
    ]);

    const [btc, eth] = await Promise.all([history('BTC-USDT', Date.parse(body.window.from), Date.parse(body.window.to)), history('ETH-PERP', Date.parse(body.window.from), Date.parse(body.window.to))]);
    // P&L in 10^-9 USDT: 0.5 BTC (10^-8) x Δclose (10^-1); −0.10 ETH (10^-2) x Δclose (10^-2) x 10^5.
    const pnl = Array.from({ length: 30 }, (_, i) => 50_000_000n * (btc.close[i + 1]! - btc.close[i]!) - 10n * (eth.close[i + 1]! - eth.close[i]!) * 100_000n);
    const worst = [...pnl].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const lossUp = (units: bigint) => formatUnits(units > 0n ? (units + 999n) / 1000n : 0n, 6);
    const f = body.figures;
    // n = 30: the 2nd worst day at 95 % (⌈1.5⌉), the worst at 99 % (⌈0.3⌉).
    expect(f.valueAtRisk.historical).toEqual({ p95: lossUp(-worst[1]!), p99: lossUp(-worst[0]!) });
    expect(f.expectedShortfall.p95).toBe(formatUnits(-(worst[0]! + worst[1]!) > 0n ? (-(worst[0]! + worst[1]!) + 1999n) / 2000n : 0n, 6));
    expect(f.expectedShortfall.p99).toBe(lossUp(-worst[0]!));

    const equity = money(body.equity) * 1000n;
    let value = equity;
    let peak = equity;
    let drawdown = 0n;
    for (const p of pnl) {
      value += p;
      peak = value > peak ? value : peak;
      drawdown = peak - value > drawdown ? peak - value : drawdown;
    }
    expect(f.maxDrawdown).toBe(lossUp(drawdown));

    const r = pnl.map((p) => Number(p) / Number(equity));
    const b = Array.from({ length: 30 }, (_, i) => Number(btc.close[i + 1]! - btc.close[i]!) / Number(btc.close[i]!));
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const cov = (xs: number[], ys: number[]) => xs.reduce((s, x, i) => s + (x - mean(xs)) * (ys[i]! - mean(ys)), 0) / (xs.length - 1);
    const sigma = Math.sqrt(cov(r, r));
    expect(Number(f.meanDailyReturn)).toBeCloseTo(mean(r), 8);
    expect(Number(f.dailyVolatility)).toBeCloseTo(sigma, 8);
    expect(Number(f.sharpe)).toBeCloseTo((mean(r) / sigma) * Math.sqrt(365), 6);
    expect(Number(f.sortino)).toBeCloseTo((mean(r) / Math.sqrt(r.reduce((s, x) => s + Math.min(x, 0) ** 2, 0) / 30)) * Math.sqrt(365), 6);
    expect(Number(f.beta)).toBeCloseTo(cov(r, b) / cov(b, b), 6);
    const equityUsdt = Number(body.equity);
    expect(Number(f.valueAtRisk.parametric.p95)).toBeCloseTo(Z95 * sigma * equityUsdt, 5);
    expect(Number(f.valueAtRisk.parametric.p99)).toBeCloseTo(Z99 * sigma * equityUsdt, 5);
    // And the invariants.
    expect(money(f.valueAtRisk.historical.p99)).toBeGreaterThanOrEqual(money(f.valueAtRisk.historical.p95));
    expect(money(f.expectedShortfall.p95)).toBeGreaterThanOrEqual(money(f.valueAtRisk.historical.p95));
    expect(money(f.expectedShortfall.p99)).toBeGreaterThanOrEqual(money(f.valueAtRisk.historical.p99));
  });

  it('a user with nothing: 200, no equity said so, zero exposure', async () => {
    const body = (await risk(carol).expect(200)).body;
    expect(body).toMatchObject({
      window: { days: 90 },
      equity: '0.000000',
      cash: '0.000000',
      insufficientHistory: true,
      reason: { code: 'NO_EQUITY' },
      figures: null,
      exposure: { gross: '0.000000', long: '0.000000', short: '0.000000', net: '0.000000', byAsset: [], byMarket: [] },
      excluded: [],
    });
    expect(body.history.map((h: { symbol: string }) => h.symbol)).toEqual(['BTC-USDT']);
  });

  it('a year: every window answers, 365 days of returns at most', async () => {
    const started = Date.now();
    const body = (await risk(alice, '?window=365').expect(200)).body;
    const tookMs = Date.now() - started;
    expect(body.window.days).toBe(365);
    expect(body.returns).toBeGreaterThanOrEqual(360);
    expect(body.returns).toBeLessThanOrEqual(365);
    expect(body.figures).not.toBeNull();
    process.stderr.write(`portfolio risk, window=365, two markets: ${tookMs} ms\n`);
  });

  it('refuses a window it does not offer, and an anonymous caller', async () => {
    for (const window of ['7', 'abc', '91']) {
      const r = await risk(alice, `?window=${window}`).expect(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.body.code).toBe('VALIDATION_FAILED');
    }
    await request(t.url).get('/api/v1/portfolio/risk').expect(401);
  });
});

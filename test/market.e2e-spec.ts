import { FEED_LEASE } from '@lib/market';
import { parseUnits } from '@lib/kernel';
import { LeadershipService } from '@lib/platform';
import { Client } from 'pg';
import request from 'supertest';
import { percentChange, rollUp, CandleInterval } from '../libs/market/src/domain';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { sleep, suiteDatabase, until } from './support/market';
import { TestApp, startTestApp } from './support/test-app';

jest.setTimeout(30_000);

const SYMBOLS = [
  'AAPL-USD', 'AMZN-USD', 'BTC-PERP', 'BTC-USDT', 'ETH-PERP', 'ETH-USDT', 'GOOGL-USD', 'META-USD',
  'MSFT-USD', 'NFLX-USD', 'NVDA-USD', 'SOL-PERP', 'SOL-USDT', 'TSLA-USD',
];

interface Market {
  symbol: string;
  status: string;
  priceScale: number;
  tickSize: string;
  ticker: { index: string | null; mark: string | null; last: string | null; open24h: string | null; high24h: string | null; low24h: string | null; change24h: string | null; updatedAt: string | null };
}

describe('market: catalog, tickers, mark price, klines, admin (e2e)', () => {
  const db = suiteDatabase('market');
  const adminEmail = uniqueEmail('market-admin');
  let t: TestApp;
  let admin: Account;
  let user: Account;

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ FEED_ENABLED: 'true', FEED_INTERVAL_MS: '100', LEADER_RETRY_MS: '200', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    user = await register(t.url);
    // Every market priced at least twice.
    await until('two ticks', async () => {
      const status = (await request(t.url).get('/api/v1/admin/markets/feed').set(bearer(admin.accessToken)).expect(200)).body;
      return status.leader && status.ticks >= 2 ? true : undefined;
    });
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });

  const get = (path: string) => request(t.url).get(path);

  it('lists the default catalog with live prices; no token needed', async () => {
    const markets: Market[] = (await get('/api/v1/markets').expect(200)).body;
    expect(markets.map((m) => m.symbol)).toEqual(SYMBOLS);
    for (const m of markets) {
      expect(m.status).toBe('TRADING');
      expect(m.ticker.mark).toBe(m.ticker.index);
      expect(m.ticker.last).toBeNull();
      expect(parseUnits(m.ticker.mark!, m.priceScale) % parseUnits(m.tickSize, m.priceScale)).toBe(0n);
      // The change is exactly the rounded percentage from open24h to mark.
      expect(m.ticker.change24h).toBe(percentChange(parseUnits(m.ticker.open24h!, m.priceScale), parseUnits(m.ticker.mark!, m.priceScale)));
      expect(parseUnits(m.ticker.low24h!, m.priceScale) <= parseUnits(m.ticker.mark!, m.priceScale)).toBe(true);
      expect(parseUnits(m.ticker.high24h!, m.priceScale) >= parseUnits(m.ticker.mark!, m.priceScale)).toBe(true);
    }
  });

  it('returns one market (case-insensitive) with its exact specification', async () => {
    const body = (await get('/api/v1/markets/btc-perp').expect(200)).body;
    expect(body).toEqual({
      symbol: 'BTC-PERP',
      name: 'Bitcoin perpetual (USDT margined)',
      kind: 'PERPETUAL',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      status: 'TRADING',
      priceScale: 1,
      quantityScale: 3,
      tickSize: '0.1',
      stepSize: '0.001',
      minQuantity: '0.001',
      minNotional: '5.000000',
      makerFeeRate: '0.000200',
      takerFeeRate: '0.000500',
      maxLeverage: 125,
      priceBandRate: '0.050000',
      maintenanceMarginTiers: [
        { maxNotional: '50000.000000', rate: '0.004000' },
        { maxNotional: '250000.000000', rate: '0.005000' },
        { maxNotional: '1000000.000000', rate: '0.010000' },
        { maxNotional: '5000000.000000', rate: '0.025000' },
        { maxNotional: null, rate: '0.050000' },
      ],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      ticker: expect.objectContaining({ last: null }),
    });
    const stock = (await get('/api/v1/markets/AAPL-USD').expect(200)).body;
    expect(stock).toMatchObject({ kind: 'SPOT', quoteAsset: 'USD', priceScale: 2, quantityScale: 0, tickSize: '0.01', stepSize: '1', minQuantity: '1', minNotional: '1.00', maxLeverage: 1, maintenanceMarginTiers: [] });
  });

  it('answers an unknown symbol with 404 MARKET_NOT_FOUND on every market route', async () => {
    for (const path of ['/api/v1/markets/DOGE-USDT', '/api/v1/markets/DOGE-USDT/mark-price', '/api/v1/markets/DOGE-USDT/klines']) {
      const response = await get(path).expect(404).expect('content-type', /application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 404, code: 'MARKET_NOT_FOUND', type: 'urn:exchange:problem:MARKET_NOT_FOUND', symbol: 'DOGE-USDT', instance: path });
    }
  });

  it('serves index and mark prices that move, on the tick grid, with the perpetual following its spot', async () => {
    const first = (await get('/api/v1/markets/BTC-USDT/mark-price').expect(200)).body;
    expect(first).toEqual({ symbol: 'BTC-USDT', index: first.mark, mark: expect.stringMatching(/^\d+\.\d$/), seq: expect.any(Number), ts: expect.any(String) });
    const later = await until('a later tick', async () => {
      const body = (await get('/api/v1/markets/BTC-USDT/mark-price').expect(200)).body;
      return body.seq >= first.seq + 3 ? body : undefined;
    });
    expect(new Date(later.ts).getTime()).toBeGreaterThan(new Date(first.ts).getTime());
    const perp = (await get('/api/v1/markets/BTC-PERP/mark-price').expect(200)).body;
    expect(perp.mark).toMatch(/^\d+\.\d$/);
    // Same underlying walk and the same tick (0.1): the perpetual's index is the spot's, tick for tick.
    const [spot, perpAgain] = await until('a spot and a perp price of the same tick', async () => {
      const pair = [(await get('/api/v1/markets/BTC-USDT/mark-price')).body, (await get('/api/v1/markets/BTC-PERP/mark-price')).body];
      return pair[0].seq === pair[1].seq ? pair : undefined;
    });
    expect(perpAgain.mark).toBe(spot.mark);
  });

  it('searches symbols, names and assets', async () => {
    const symbols = async (q: string): Promise<string[]> => (await get(`/api/v1/markets/search?q=${q}`).expect(200)).body.map((m: Market) => m.symbol);
    expect(await symbols('apple')).toEqual(['AAPL-USD']);
    expect(await symbols('sol')).toEqual(['SOL-PERP', 'SOL-USDT']);
    expect(await symbols('PERP')).toEqual(['BTC-PERP', 'ETH-PERP', 'SOL-PERP']);
    expect(await symbols('nothing-like-this')).toEqual([]);
    const missing = await get('/api/v1/markets/search').expect(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('q');
  });

  it('ranks trending, gainers and losers by the 24 h change', async () => {
    const abs = (s: string): bigint => { const v = parseUnits(s.replace('-', ''), 2); return v; };
    const signed = (s: string): bigint => (s.startsWith('-') ? -abs(s) : abs(s));
    const trending: Market[] = (await get('/api/v1/markets/trending?limit=5').expect(200)).body;
    expect(trending.length).toBe(5);
    for (let i = 1; i < trending.length; i++) expect(abs(trending[i - 1]!.ticker.change24h!) >= abs(trending[i]!.ticker.change24h!)).toBe(true);
    const gainers: Market[] = (await get('/api/v1/markets/movers/gainers').expect(200)).body;
    for (const [i, m] of gainers.entries()) {
      expect(signed(m.ticker.change24h!) > 0n).toBe(true);
      if (i > 0) expect(signed(gainers[i - 1]!.ticker.change24h!) >= signed(m.ticker.change24h!)).toBe(true);
    }
    const losers: Market[] = (await get('/api/v1/markets/movers/losers?limit=50').expect(200)).body;
    for (const [i, m] of losers.entries()) {
      expect(signed(m.ticker.change24h!) < 0n).toBe(true);
      if (i > 0) expect(signed(losers[i - 1]!.ticker.change24h!) <= signed(m.ticker.change24h!)).toBe(true);
    }
    expect((await get('/api/v1/markets/trending?limit=0').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await get('/api/v1/markets/movers/gainers?limit=abc').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('validates klines parameters', async () => {
    const bad = async (query: string, field: string): Promise<void> => {
      const response = await get(`/api/v1/markets/BTC-USDT/klines?${query}`).expect(400);
      expect({ query, code: response.body.code, fields: response.body.errors.map((e: { field: string }) => e.field) }).toEqual({ query, code: 'VALIDATION_FAILED', fields: [field] });
    };
    await bad('interval=2m', 'interval');
    await bad('source=last', 'source');
    await bad('limit=0', 'limit');
    await bad('limit=1001', 'limit');
    await bad('from=yesterday', 'from');
    await bad('extra=1', 'extra');
    const range = await get('/api/v1/markets/BTC-USDT/klines?from=2026-11-21T10:00:00Z&to=2026-11-21T09:00:00Z').expect(400);
    expect(range.body).toMatchObject({ code: 'INVALID_TIME_RANGE', from: '2026-11-21T10:00:00.000Z', to: '2026-11-21T09:00:00.000Z' });
  });

  describe('admin', () => {
    const eth = {
      symbol: 'ETH-USD',
      name: 'Ether / US dollar',
      kind: 'SPOT',
      baseAsset: 'ETH',
      quoteAsset: 'USD',
      tickSize: '0.05',
      stepSize: '1',
      minQuantity: '2',
      minNotional: '10',
      makerFeeRate: '0.0008',
      takerFeeRate: '0.001',
      maxLeverage: 1,
      priceBandRate: '0.05',
      maintenanceMarginTiers: [],
      initialPrice: '3400.05',
      volatility: '0.8',
    };

    it('refuses anonymous callers and non-admins', async () => {
      expect((await request(t.url).post('/api/v1/admin/markets').send(eth).expect(401)).body.code).toBe('UNAUTHENTICATED');
      expect((await request(t.url).patch('/api/v1/admin/markets/BTC-USDT').set(bearer(user.accessToken)).send({ status: 'HALTED' }).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await get('/api/v1/admin/markets/feed').set(bearer(user.accessToken)).expect(403)).body.code).toBe('FORBIDDEN');
    });

    it('lists a new market that the feed prices at once, audited; a second listing is 409', async () => {
      const created = (await request(t.url).post('/api/v1/admin/markets').set(bearer(admin.accessToken)).send(eth).expect(201)).body;
      expect(created).toEqual({
        symbol: 'ETH-USD',
        name: 'Ether / US dollar',
        kind: 'SPOT',
        baseAsset: 'ETH',
        quoteAsset: 'USD',
        status: 'TRADING',
        priceScale: 2,
        quantityScale: 0,
        tickSize: '0.05',
        stepSize: '1',
        minQuantity: '2',
        minNotional: '10.00',
        makerFeeRate: '0.000800',
        takerFeeRate: '0.001000',
        maxLeverage: 1,
        priceBandRate: '0.050000',
        maintenanceMarginTiers: [],
        createdAt: expect.any(String),
        updatedAt: created.createdAt,
      });
      const priced = await until('the new market to be priced', async () => {
        const body = (await get('/api/v1/markets/eth-usd/mark-price').expect((r) => expect([200, 503]).toContain(r.status))).body;
        return body.mark ? body : undefined;
      });
      expect(parseUnits(priced.mark, 2) % 5n).toBe(0n);
      const again = await request(t.url).post('/api/v1/admin/markets').set(bearer(admin.accessToken)).send(eth).expect(409);
      expect(again.body).toMatchObject({ code: 'MARKET_EXISTS', symbol: 'ETH-USD' });
      const audit = (await get('/api/v1/admin/markets/audit?symbol=ETH-USD').set(bearer(admin.accessToken)).expect(200)).body;
      expect(audit).toEqual([{ id: expect.any(String), adminId: admin.id, action: 'MARKET_CREATED', symbol: 'ETH-USD', before: null, after: created, createdAt: expect.any(String) }]);
    });

    it('refuses invalid definitions with INVALID_MARKET_SPEC naming the field, or VALIDATION_FAILED', async () => {
      const post = (body: object) => request(t.url).post('/api/v1/admin/markets').set(bearer(admin.accessToken)).send(body);
      const spec = async (patch: object, field: string, reason: string): Promise<void> => {
        const response = await post({ ...eth, symbol: 'SOL-USD', baseAsset: 'SOL', ...patch }).expect(400);
        expect({ code: response.body.code, field: response.body.field, reason: response.body.reason }).toEqual({ code: 'INVALID_MARKET_SPEC', field, reason });
      };
      await spec({ tickSize: '0.001' }, 'tickSize', 'TOO_MANY_DECIMALS'); // USD has 2 decimals
      await spec({ symbol: 'DOGE-USD', baseAsset: 'DOGE' }, 'baseAsset', 'UNKNOWN_ASSET');
      await spec({ initialPrice: '3400.01' }, 'initialPrice', 'NOT_A_TICK_MULTIPLE');
      await spec({ minQuantity: '1.5' }, 'minQuantity', 'TOO_MANY_DECIMALS');
      await spec({ stepSize: '0.1', minQuantity: '1' }, 'stepSize', 'NOTIONAL_NOT_EXACT'); // 2 + 1 decimals > USD's 2
      await spec({ maxLeverage: 3 }, 'maxLeverage', 'SPOT_LEVERAGE');
      await spec({ makerFeeRate: '-0.001' }, 'makerFeeRate', 'NOT_POSITIVE');
      const unknownField = await post({ ...eth, symbol: 'SOL-USD', baseAsset: 'SOL', role: 'ADMIN' }).expect(400);
      expect(unknownField.body.code).toBe('VALIDATION_FAILED');
      const wrongTypes = await post({ ...eth, symbol: 'sol usd', tickSize: 0.01, maxLeverage: '1' }).expect(400);
      expect([...new Set(wrongTypes.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['maxLeverage', 'symbol', 'tickSize']);
      expect((await get('/api/v1/markets/SOL-USD').expect(404)).body.code).toBe('MARKET_NOT_FOUND');
    });

    it('halts and re-parameterises a market, auditing before and after, with an outbox event', async () => {
      const patch = (symbol: string, body: object) => request(t.url).patch(`/api/v1/admin/markets/${symbol}`).set(bearer(admin.accessToken)).send(body);
      const halted = (await patch('btc-usdt', { status: 'HALTED', takerFeeRate: '0.0012' }).expect(200)).body;
      expect(halted).toMatchObject({ symbol: 'BTC-USDT', status: 'HALTED', takerFeeRate: '0.001200', makerFeeRate: '0.001000' });
      expect((await get('/api/v1/markets/BTC-USDT').expect(200)).body.status).toBe('HALTED');
      const perp = (await patch('ETH-PERP', { maxLeverage: 50, priceBandRate: '0.03', status: 'CLOSE_ONLY' }).expect(200)).body;
      expect(perp).toMatchObject({ maxLeverage: 50, priceBandRate: '0.030000', status: 'CLOSE_ONLY' });

      const audit = (await get('/api/v1/admin/markets/audit?symbol=BTC-USDT').set(bearer(admin.accessToken)).expect(200)).body;
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ adminId: admin.id, action: 'MARKET_UPDATED', before: { status: 'TRADING', takerFeeRate: '0.001000' }, after: { status: 'HALTED', takerFeeRate: '0.001200' } });
      // A no-op change is not audited.
      await patch('BTC-USDT', { status: 'HALTED' }).expect(200);
      expect((await get('/api/v1/admin/markets/audit?symbol=BTC-USDT').set(bearer(admin.accessToken)).expect(200)).body).toHaveLength(1);

      expect((await patch('DOGE-USDT', { status: 'HALTED' }).expect(404)).body.code).toBe('MARKET_NOT_FOUND');
      expect((await patch('BTC-USDT', { status: 'OPEN' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await patch('BTC-USDT', { maxLeverage: 5 }).expect(400)).body).toMatchObject({ code: 'INVALID_MARKET_SPEC', field: 'maxLeverage' });
      expect((await patch('BTC-PERP', { maintenanceMarginTiers: [{ maxNotional: null, rate: '0.01' }] }).expect(400)).body).toMatchObject({ code: 'INVALID_MARKET_SPEC', field: 'maintenanceMarginTiers[0].rate', reason: 'ABOVE_INITIAL_MARGIN' });

      const sql = new Client({ connectionString: db.url });
      await sql.connect();
      try {
        const { rows } = await sql.query(`SELECT payload FROM platform.outbox WHERE type = 'market.MarketUpdated' ORDER BY id`);
        expect(rows.map((r) => r.payload)).toEqual([
          { symbol: 'ETH-USD', action: 'MARKET_CREATED', status: 'TRADING' },
          { symbol: 'BTC-USDT', action: 'MARKET_UPDATED', status: 'HALTED' },
          { symbol: 'ETH-PERP', action: 'MARKET_UPDATED', status: 'CLOSE_ONLY' },
        ]);
      } finally {
        await sql.end();
      }
      await patch('BTC-USDT', { status: 'TRADING', takerFeeRate: '0.001' }).expect(200);
    });
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await get('/docs-json').expect(200)).body;
    for (const path of ['/api/v1/markets', '/api/v1/markets/{symbol}', '/api/v1/markets/{symbol}/klines', '/api/v1/markets/{symbol}/mark-price', '/api/v1/admin/markets/{symbol}']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  // Last: stops the feed so the stored history holds still while it is compared.
  it('returns klines from the stored history; 5m candles are the exact roll-up of the 1m candles', async () => {
    await t.app.get(LeadershipService).lease(FEED_LEASE).stop();
    // Let a tick cut off by the stop settle before the history is read twice and compared.
    await until('the feed to stop leading', async () => !(await request(t.url).get('/api/v1/admin/markets/feed').set(bearer(admin.accessToken)).expect(200)).body.leader);
    await sleep(300);
    const candles = async (query: string) => (await get(`/api/v1/markets/BTC-USDT/klines?${query}`).expect(200)).body;
    const oneMinute = await candles('source=mark&interval=1m');
    expect(oneMinute).toMatchObject({ symbol: 'BTC-USDT', source: 'mark', interval: '1m' });
    expect(oneMinute.candles.length).toBeGreaterThanOrEqual(1);
    for (const c of oneMinute.candles) {
      expect(new Date(c.closeTime).getTime() - new Date(c.openTime).getTime()).toBe(59_999);
      const [o, h, l, cl] = [c.open, c.high, c.low, c.close].map((v: string) => parseUnits(v, 1));
      expect(l! <= o! && l! <= cl! && h! >= o! && h! >= cl!).toBe(true);
    }
    const toCandle = (c: { openTime: string; open: string; high: string; low: string; close: string }) => ({
      openTime: new Date(c.openTime).getTime(),
      open: parseUnits(c.open, 1),
      high: parseUnits(c.high, 1),
      low: parseUnits(c.low, 1),
      close: parseUnits(c.close, 1),
    });
    for (const interval of ['5m', '1h', '1d'] as const) {
      const coarse = await candles(`source=mark&interval=${interval}`);
      expect(coarse.candles.map(toCandle)).toEqual(rollUp(oneMinute.candles.map(toCandle), interval as CandleInterval));
    }
    // Index candles: mark = index for now.
    expect((await candles('interval=1m&source=index')).candles).toEqual(oneMinute.candles);
    // The range and the limit.
    const last = oneMinute.candles[oneMinute.candles.length - 1];
    expect((await candles(`source=mark&interval=1m&from=${encodeURIComponent(last.openTime)}`)).candles).toEqual([last]);
    expect((await candles(`source=mark&interval=1m&to=${new Date(last.openTime).getTime() - 1}&from=0`)).candles).toEqual(oneMinute.candles.slice(0, -1));
    expect((await candles('source=mark&interval=1m&limit=1')).candles).toEqual([last]);
    // The latest close is the latest mark price. A tick cut off by the stop may have been stored without
    // reaching this instance's memory; as a follower it refreshes its prices from the database.
    expect(await until('the mark to match the stored close', async () => {
      const mark = (await get('/api/v1/markets/BTC-USDT/mark-price').expect(200)).body.mark;
      return mark === last.close ? mark : undefined;
    })).toBe(last.close);
  });
});

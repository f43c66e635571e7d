import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { formatUnits, parseUnits } from '@lib/kernel';
import type { FillCreatedPayload, FillView } from '@lib/orders';
import { TakeSnapshotsCommand } from '@lib/portfolio';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApplyFillsCommand, RelayedFill } from '../libs/portfolio/src/application/commands/apply-fills/apply-fills.command';
import { AssetPrice, PriceBook, PriceBooks } from '../libs/portfolio/src/application/price-book';
import { Account, bearer, register } from './support/accounts';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { deposit, waitFor } from './support/wallet';

interface Fill {
  quote: string;
  fee: string;
}

/**
 * The spot portfolio over HTTP on real PostgreSQL. BTC-USDT: fees 0.1 %,
 * USDT 6 decimals, BTC 8; valuation in USDT with 6 decimals, rounded down.
 * Expected numbers are derived from the fills the order response reports and
 * the mark the portfolio response says it used.
 */
describe('portfolio (e2e)', () => {
  let t: TestApp;
  let alice: Account;
  let bob: Account;
  let buyCost: bigint;
  const usdt = (units: bigint) => formatUnits(units, 6);
  const units = (text: string) => parseUnits(text, 6);
  const signed = (text: string) => (text.startsWith('-') ? -units(text.slice(1)) : units(text));

  beforeAll(async () => {
    t = await startTestApp({ MARKET_MAKER: 'false', NOISE_TRADER: 'false', PORTFOLIO_SNAPSHOT_INTERVAL_MS: '200' });
    alice = await register(t.url);
    bob = await register(t.url);
    await deposit(t.url, alice.accessToken, 'USDT', '20000');
    await deposit(t.url, bob.accessToken, 'BTC', '1');
    const mark = await wholeMark(t.url, 'BTC-USDT');
    // A price no other suite uses, so this pair meets itself.
    const price = `${mark - 13n}`;
    await placeOrder(t.url, bob.accessToken, { symbol: 'BTC-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.1', price }).expect(201);
    const buy = await placeOrder(t.url, alice.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.1', price }).expect(201);
    expect(buy.body).toMatchObject({ status: 'FILLED', filledQuantity: '0.10000' });
    buyCost = (buy.body.fills as Fill[]).reduce((sum, f) => sum + units(f.quote) + units(f.fee), 0n);
    // The fill reaches the portfolio through the outbox relay: wait until it is accounted for.
    await waitFor(async () => {
      const r = await request(t.url).get('/api/v1/portfolio/summary').set(bearer(alice.accessToken)).expect(200);
      return r.body.counts.fills === 1 ? true : undefined;
    });
  });
  afterAll(async () => {
    await t.close();
  });

  async function markPrice(): Promise<{ mark: string; ts: string }> {
    return (await request(t.url).get('/api/v1/markets/BTC-USDT/mark-price').expect(200)).body;
  }

  /** value = quantity x mark, in USDT units, rounded down. */
  function valueOf(quantityUnits: bigint, baseDecimals: number, mark: string): bigint {
    const [whole, fraction = ''] = mark.split('.');
    const markUnits = BigInt(whole! + fraction);
    return (quantityUnits * markUnits * 1_000_000n) / 10n ** BigInt(baseDecimals + fraction.length);
  }

  it('shows exact holdings, the cost basis including the fee and the PnL at the mark it reports', async () => {
    const before = await markPrice();
    const r = await request(t.url).get('/api/v1/portfolio').set(bearer(alice.accessToken)).expect(200);
    const after = await markPrice();
    const p = r.body;
    expect(p.valuationCurrency).toBe('USDT');
    expect(p.holdings.map((h: { asset: string }) => h.asset)).toEqual(['BTC', 'USDT']);
    const [btc, cash] = p.holdings;

    expect(btc).toMatchObject({
      total: '0.10000000',
      available: '0.10000000',
      locked: '0.00000000',
      spot: { available: '0.10000000', locked: '0.00000000', total: '0.10000000' },
      margin: { available: '0.00000000', locked: '0.00000000', total: '0.00000000' },
      costBasis: usdt(buyCost),
      // per whole BTC: cost x 10^8 / 10^7, rounded down.
      averageCost: usdt(buyCost * 10n),
      realizedPnl: '0.000000',
    });
    // The mark used is the market's mark of about the same moment.
    expect(btc.price.symbol).toBe('BTC-USDT');
    expect([before.mark, after.mark]).toContain(btc.price.mark);
    expect(Date.parse(btc.price.at)).toBeGreaterThanOrEqual(Date.parse(before.ts));
    expect(Date.parse(btc.price.at)).toBeLessThanOrEqual(Date.parse(after.ts));
    const value = valueOf(10_000_000n, 8, btc.price.mark);
    expect(btc.value).toBe(usdt(value));
    expect(btc.unrealizedPnl).toBe(usdt(value - buyCost));
    expect(btc.unrealizedPnlPercent).toBe(formatUnits(((value - buyCost) * 10_000n) / buyCost, 2));

    const left = 20_000_000_000n - buyCost;
    expect(cash).toMatchObject({
      asset: 'USDT',
      total: usdt(left),
      price: { symbol: null, mark: '1', at: null },
      value: usdt(left),
      costBasis: usdt(left),
      unrealizedPnl: '0.000000',
      realizedPnl: '0.000000',
    });
    expect(p.totals).toEqual({
      equity: usdt(left + value),
      cost: usdt(left + buyCost),
      unrealizedPnl: usdt(value - buyCost),
      unrealizedPnlPercent: formatUnits(((value - buyCost) * 10_000n) / (left + buyCost), 2),
      realizedPnl: '0.000000',
    });
    expect(p.unpricedAssets).toEqual([]);
  });

  it('prices the seller\'s deposited coins at the mark when first seen and realizes the sale against it', async () => {
    const r = await request(t.url).get('/api/v1/portfolio').set(bearer(bob.accessToken)).expect(200);
    const btc = r.body.holdings.find((h: { asset: string }) => h.asset === 'BTC');
    expect(btc).toMatchObject({ total: '0.90000000' });
    // The 0.9 BTC left were never traded: they stand at the current mark, no unrealized PnL.
    expect(btc.costBasis).toBe(btc.value);
    expect(btc.unrealizedPnl).toBe('0.000000');
    expect(btc.realizedPnl).toMatch(/^-?\d+\.\d{6}$/);
    const summary = (await request(t.url).get('/api/v1/portfolio/summary').set(bearer(bob.accessToken)).expect(200)).body;
    expect(summary.counts).toEqual({ assetsHeld: 2, openOrders: 0, fills: 1 });
    expect(summary.realizedPnl).toBe(btc.realizedPnl);
  });

  it('summarizes equity, PnL and counts, open orders included', async () => {
    const mark = await wholeMark(t.url, 'BTC-USDT');
    await placeOrder(t.url, alice.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: `${mark - 2500n}` }).expect(201);
    const s = (await request(t.url).get('/api/v1/portfolio/summary').set(bearer(alice.accessToken)).expect(200)).body;
    expect(s.counts).toEqual({ assetsHeld: 2, openOrders: 1, fills: 1 });
    expect(s.valuationCurrency).toBe('USDT');
    // A hold moves USDT from available to locked: the cost stays what was deposited.
    expect(s.cost).toBe('20000.000000');
    expect(signed(s.unrealizedPnl)).toBe(units(s.equity) - units(s.cost));
    expect(s.realizedPnl).toBe('0.000000');
    const p = (await request(t.url).get('/api/v1/portfolio').set(bearer(alice.accessToken)).expect(200)).body;
    expect(p.holdings.find((h: { asset: string }) => h.asset === 'USDT').locked).not.toBe('0.000000');
  });

  it('returns the equity curve from the snapshots, with the current equity last', async () => {
    // A snapshot taken directly: the job's lease may be another suite's app (with its own interval), and
    // on the run's shared database a job round values every user of every suite (seconds under load).
    await t.app.get(CommandBus).execute(new TakeSnapshotsCommand(new Date()));
    const body = await waitFor(async () => {
      const r = await request(t.url).get('/api/v1/portfolio/performance?interval=1m').set(bearer(alice.accessToken)).expect(200);
      return r.body.points.some((p: { live: boolean }) => !p.live) ? r.body : undefined;
    });
    expect(body).toMatchObject({ valuationCurrency: 'USDT', interval: '1m' });
    const stored = body.points.filter((p: { live: boolean }) => !p.live);
    expect(stored.length).toBeGreaterThanOrEqual(1);
    for (const point of stored) {
      expect(point.equity).toMatch(/^\d+\.\d{6}$/);
      expect(Date.parse(point.time)).toBeGreaterThanOrEqual(Date.parse(body.from));
    }
    const last = body.points[body.points.length - 1];
    expect(last.live).toBe(true);
    expect(last.cost).toBe('20000.000000');
  });

  it('validates the performance query', async () => {
    const get = (q: string) => request(t.url).get(`/api/v1/portfolio/performance?${q}`).set(bearer(alice.accessToken));
    expect((await get('interval=2m').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await get('from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z').expect(400)).body.code).toBe('INVALID_TIME_RANGE');
    expect((await get('interval=1m&from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z').expect(400)).body.code).toBe('TOO_MANY_POINTS');
  });

  it('is the caller\'s own: another user sees only their (empty) portfolio, and no token is 401', async () => {
    const carol = await register(t.url);
    const p = (await request(t.url).get('/api/v1/portfolio').set(bearer(carol.accessToken)).expect(200)).body;
    expect(p.holdings).toEqual([]);
    expect(p.totals).toEqual({ equity: '0.000000', cost: '0.000000', unrealizedPnl: '0.000000', unrealizedPnlPercent: null, realizedPnl: '0.000000' });
    const s = (await request(t.url).get('/api/v1/portfolio/summary').set(bearer(carol.accessToken)).expect(200)).body;
    expect(s.counts).toEqual({ assetsHeld: 0, openOrders: 0, fills: 0 });
    const perf = (await request(t.url).get('/api/v1/portfolio/performance').set(bearer(carol.accessToken)).expect(200)).body;
    expect(perf.points).toEqual([expect.objectContaining({ equity: '0.000000', live: true })]);
    for (const path of ['', '/summary', '/performance']) await request(t.url).get(`/api/v1/portfolio${path}`).expect(401);
  });

  it('values a MARGIN balance with no position (no unrealized PnL) and snapshots it', async () => {
    const dana = await register(t.url);
    await deposit(t.url, dana.accessToken, 'USDT', '100');
    await request(t.url).post('/api/v1/wallet/transfers').set(bearer(dana.accessToken)).send({ asset: 'USDT', amount: '40', from: 'SPOT', to: 'MARGIN' }).expect(201);
    const p = (await request(t.url).get('/api/v1/portfolio').set(bearer(dana.accessToken)).expect(200)).body;
    expect(p.perpetuals).toEqual([{ asset: 'USDT', walletBalance: '40.000000', unrealizedPnl: '0.000000', marginBalance: '40.000000', value: '0.000000' }]);
    expect(p.totals.equity).toBe('100.000000');
    // The snapshot job values every holder, this one too (a zero PnL once stopped every snapshot).
    await expect(t.app.get(CommandBus).execute(new TakeSnapshotsCommand(new Date()))).resolves.toBeGreaterThan(0);
  });

  describe('the batch path of the cost basis (ApplyFillsCommand, what the relay subscription runs)', () => {
    type Slot = 'p' | 'q' | 'r';
    // [user, symbol, side, quantity, quote, fee]: buys, partial sales, sales of more than the fills
    // account for (priced and unpriced), a non-cash quote (ETH-BTC), a market nobody knows.
    const script: readonly (readonly [Slot, string, 'BUY' | 'SELL', string, string, string])[] = [
      ['p', 'BTC-USDT', 'BUY', '0.01', '950.123456', '0.950123'],
      ['q', 'BTC-USDT', 'SELL', '0.5', '47500.5', '47.5005'],
      ['p', 'BTC-USDT', 'BUY', '0.02333333', '2216.987654', '2.216988'],
      ['r', 'ETH-BTC', 'BUY', '1.5', '0.07512345', '0.00007512'],
      ['p', 'BTC-USDT', 'SELL', '0.01777777', '1690.111111', '1.690111'],
      ['q', 'SOL-USDT', 'BUY', '3', '540.33', '0.54033'],
      ['r', 'ETH-BTC', 'SELL', '0.7', '0.03500001', '0.000035'],
      ['q', 'XXX-USDT', 'BUY', '1', '1', '0'],
      ['q', 'SOL-USDT', 'SELL', '5', '905', '0.905'],
      ['r', 'BTC-USDT', 'BUY', '0.1', '9500.1', '9.5001'],
      ['p', 'BTC-USDT', 'SELL', '0.02555556', '2430.000001', '2.43'],
      ['r', 'ETH-BTC', 'SELL', '0.8', '0.04', '0.00004'],
      ['r', 'ETH-USDT', 'BUY', '0.33333333', '1133.456789', '1.133457'],
    ];

    function relayed(users: Record<Slot, string>): RelayedFill[] {
      return script.map(([slot, symbol, side, quantity, quote, fee], i) => {
        const fill = { tradeId: String(i + 1), orderId: randomUUID(), symbol, side, price: '1', quantity, quote, fee, feeAsset: symbol.split('-')[1]!, liquidity: 'TAKER', createdAt: new Date(0).toISOString() } satisfies FillView;
        return { eventId: randomUUID(), payload: { userId: users[slot], fill } satisfies FillCreatedPayload };
      });
    }

    const newUsers = (): Record<Slot, string> => ({ p: randomUUID(), q: randomUUID(), r: randomUUID() });

    async function rowsOf(users: Record<Slot, string>): Promise<Record<Slot, unknown[]>> {
      const db = t.app.get(DataSource);
      const read = (userId: string): Promise<unknown[]> =>
        db.query(`SELECT asset, quantity::text, cost::text, realized_pnl::text, fills::int, updated_at FROM portfolio.cost_basis WHERE user_id = $1 ORDER BY asset`, [userId]);
      return { p: await read(users.p), q: await read(users.q), r: await read(users.r) };
    }

    const withoutTimes = (rows: unknown[]): unknown[] => rows.map((row) => ({ ...(row as object), updated_at: undefined }));

    let restore: () => void;
    beforeAll(async () => {
      // One book of fixed marks for every command: the two paths must see the same prices (BTC and ETH priced, SOL not).
      const books = t.app.get(PriceBooks, { strict: false });
      const live = await books.load();
      const [btc, eth, sol] = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT'].map((symbol) => live.instrument(symbol)!);
      const ethBtc = { ...eth!, symbol: 'ETH-BTC', quoteAsset: 'BTC', quoteDecimals: 8 };
      const at = new Date();
      const prices = new Map<string, AssetPrice>([
        ['BTC', { symbol: 'BTC-USDT', price: { units: 9_500_013n, scale: 2 }, at }],
        ['ETH', { symbol: 'ETH-USDT', price: { units: 340_037n, scale: 2 }, at }],
      ]);
      const spy = jest.spyOn(books, 'load').mockResolvedValue(new PriceBook([btc!, eth!, sol!, ethBtc], prices));
      restore = () => spy.mockRestore();
    });
    afterAll(() => restore());

    it('gives exactly the cost basis of applying the fills one by one, and a redelivered batch changes nothing', async () => {
      const commands = t.app.get(CommandBus);
      const one = newUsers();
      for (const fill of relayed(one)) await commands.execute(new ApplyFillsCommand([fill]));

      const batched = newUsers();
      const fills = relayed(batched);
      // Delivered before, alone: the batch must skip it.
      await expect(commands.execute(new ApplyFillsCommand([fills[0]!]))).resolves.toBe(1);
      // The same event twice in one batch (at-least-once), and the same user several times.
      const batch = [...fills, fills[4]!];
      // Every fill but the one applied before and the unknown market's, each once.
      await expect(commands.execute(new ApplyFillsCommand(batch))).resolves.toBe(script.length - 2);

      const expected = await rowsOf(one);
      const got = await rowsOf(batched);
      for (const slot of ['p', 'q', 'r'] as const) expect(withoutTimes(got[slot])).toEqual(withoutTimes(expected[slot]));
      expect(withoutTimes(got.q)).toEqual([
        // 0.5 BTC sold that no fill accounted for: entered at 95000.13, sold for 47452.9995 (realized -47.0655).
        { asset: 'BTC', quantity: '0', cost: '0', realized_pnl: '-47065500', fills: 1, updated_at: undefined },
        // 3 bought for 540.87033, 2 more sold unpriced (enter at 0), all 5 sold for 904.095.
        { asset: 'SOL', quantity: '0', cost: '0', realized_pnl: '363224670', fills: 2, updated_at: undefined },
      ]);
      expect(got.r.map((row) => (row as { asset: string }).asset)).toEqual(['BTC', 'ETH']);
      expect(got.p).toEqual([expect.objectContaining({ asset: 'BTC', quantity: '0', cost: '0', fills: 4 })]);

      // Redelivered (a relay crash before the mark): nothing applied, nothing written.
      await expect(commands.execute(new ApplyFillsCommand(batch))).resolves.toBe(0);
      expect(await rowsOf(batched)).toEqual(got);
    });
  });
});

import { LeadershipLease } from '@lib/platform';
import { suiteDatabase } from '@test/market';
import { TestDatabase, openTestDatabase } from '@test/test-database';
import { CandleInterval, ImportedCandle, MarkPrice, PriceType } from '../../domain';
import { CandleRow, loadHistoryStarts, prune, writeTick } from '../feed/price-tick-writer';
import { SqlPriceHistory } from './sql-price-history';
import { SqlImportedCandles } from './sql-imported-candles';
import { HistoryStarts1763732200000 } from '../migrations/1763732200000-history-starts';

const DAY = 86_400_000;
const NOW = new Date('2026-11-21T10:00:30.000Z');
const MINUTE = Date.parse('2026-11-21T10:00:00.000Z');

/**
 * The price-history reads and the feed's writes they rely on, on the real
 * PostgreSQL, in a database of this suite's own (it writes the seeded
 * markets' candles, which other suites read).
 */
describe('SqlPriceHistory, SqlImportedCandles and the feed writes (PostgreSQL)', () => {
  const own = suiteDatabase('price_history');
  let db: TestDatabase;
  let history: SqlPriceHistory;
  let lease: LeadershipLease;
  let imports: SqlImportedCandles;

  beforeAll(async () => {
    await own.enter();
    db = await openTestDatabase();
    history = new SqlPriceHistory(db.dataSource);
    imports = new SqlImportedCandles(db.txHost);
    lease = { query: (sql: string, params?: unknown[]) => db.dataSource.query(sql, params) } as unknown as LeadershipLease;
  });
  afterAll(async () => {
    await db?.close();
    await own.leave();
  });

  const price = (symbol: string, mark: bigint, at: Date): MarkPrice => ({ symbol, priceScale: 1, index: mark, mark, seq: 1, at });
  const candle = (symbol: string, type: PriceType, interval: CandleInterval, openTime: number, close: bigint): CandleRow => ({
    symbol,
    type,
    interval,
    candle: { openTime, open: close, high: close + 5n, low: close - 5n, close },
  });

  it('stores the history start with a market\'s first tick, once, and reads it back', async () => {
    expect(await history.firstLiveMinute('BTC-USDT')).toBeNull();
    await writeTick(lease, [price('BTC-USDT', 950_000n, NOW)], [candle('BTC-USDT', PriceType.MARK, CandleInterval.M1, MINUTE, 950_000n)], NOW, [], ['BTC-USDT']);
    expect(await history.firstLiveMinute('BTC-USDT')).toBe(MINUTE);
    // A later tick that (wrongly) names it again changes nothing: the first minute stays.
    const later = new Date(NOW.getTime() + 120_000);
    await writeTick(lease, [price('BTC-USDT', 950_100n, later)], [], later, [], ['BTC-USDT']);
    expect(await history.firstLiveMinute('BTC-USDT')).toBe(MINUTE);
    expect(await loadHistoryStarts(lease)).toEqual(new Set(['BTC-USDT']));
    expect(await history.firstLiveMinute('ETH-USDT')).toBeNull();
  });

  it('reads the mark candles of one interval in [from, to], ascending, exact', async () => {
    const rows = [0, 1, 2, 3].flatMap((h) => [
      candle('ETH-USDT', PriceType.MARK, CandleInterval.H1, MINUTE + h * 3_600_000, 35_000n + BigInt(h)),
      candle('ETH-USDT', PriceType.INDEX, CandleInterval.H1, MINUTE + h * 3_600_000, 100n),
    ]);
    await writeTick(lease, [price('ETH-USDT', 35_003n, NOW)], rows, NOW);
    const read = await history.candles({ symbol: 'ETH-USDT', type: PriceType.MARK, interval: CandleInterval.H1, from: MINUTE + 3_600_000, to: MINUTE + 3 * 3_600_000, limit: 10 });
    expect(read).toEqual([1, 2, 3].map((h) => ({ openTime: MINUTE + h * 3_600_000, open: 35_000n + BigInt(h), high: 35_005n + BigInt(h), low: 34_995n + BigInt(h), close: 35_000n + BigInt(h) })));
    expect(await history.candles({ symbol: 'ETH-USDT', type: PriceType.MARK, interval: CandleInterval.M1, from: MINUTE, to: MINUTE + DAY, limit: 10 })).toEqual([]);
  });

  it('prunes 1m/5m/15m after the short retention and 1h/4h/1d after the long one', async () => {
    const symbol = 'SOL-USDT';
    const ages = [10, 40, 800]; // days before NOW
    const rows = ages.flatMap((days) =>
      [CandleInterval.M1, CandleInterval.M5, CandleInterval.M15, CandleInterval.H1, CandleInterval.H4, CandleInterval.D1].map((interval) =>
        candle(symbol, PriceType.MARK, interval, MINUTE - days * DAY, 1_500n),
      ),
    );
    await writeTick(lease, [price(symbol, 1_500n, NOW)], rows, NOW);
    await prune(lease, NOW, 3_600_000, { shortDays: 30, longDays: 730 });
    const left: { period: string; days: number }[] = await db.query(
      `SELECT period, round(extract(epoch FROM ($2::timestamptz - open_time)) / 86400)::int AS days FROM market.candles WHERE symbol = $1 ORDER BY days, period`,
      [symbol, new Date(MINUTE)],
    );
    expect(left.map((r) => `${r.period}@${r.days}`).sort()).toEqual(['15m@10', '1d@10', '1d@40', '1h@10', '1h@40', '1m@10', '4h@10', '4h@40', '5m@10'].sort());
  });

  it('upserts imported candles in the caller\'s transaction: a re-import replaces its buckets; reads by interval and range', async () => {
    const at = new Date(MINUTE);
    const minute = (k: number, close: bigint, volume: string | null = null): ImportedCandle => ({ openTime: MINUTE - k * 60_000, open: close, high: close + 10n, low: close - 10n, close, volume });
    const first = [minute(3, 1_000n, '1.5'), minute(2, 1_001n), minute(1, 1_002n)];
    const batch = { importId: '00000000-0000-4000-8000-000000000001', symbol: 'AAPL-USD', interval: CandleInterval.M1, candles: first, at };
    expect(await db.transaction(() => imports.store(batch))).toEqual({ replaced: 0 });
    const again = { ...batch, importId: '00000000-0000-4000-8000-000000000002', candles: [minute(1, 2_002n), minute(0, 2_003n)] };
    expect(await db.transaction(() => imports.store(again))).toEqual({ replaced: 1 });
    await db.transaction(() => imports.store({ ...batch, interval: CandleInterval.H1, candles: [{ ...minute(0, 500n), openTime: MINUTE }] }));

    const read = await imports.read('AAPL-USD', [CandleInterval.M1, CandleInterval.H1], MINUTE - 2 * 60_000, MINUTE);
    expect(read.get(CandleInterval.M1)).toEqual([
      { openTime: MINUTE - 120_000, open: 1_001n, high: 1_011n, low: 991n, close: 1_001n },
      { openTime: MINUTE - 60_000, open: 2_002n, high: 2_012n, low: 1_992n, close: 2_002n },
      { openTime: MINUTE, open: 2_003n, high: 2_013n, low: 1_993n, close: 2_003n },
    ]);
    expect(read.get(CandleInterval.H1)).toEqual([{ openTime: MINUTE, open: 500n, high: 510n, low: 490n, close: 500n }]);
    expect((await imports.read('AAPL-USD', [CandleInterval.M5], 0, MINUTE)).size).toBe(0);
    const rows: { import_id: string; volume: string | null }[] = await db.query(
      `SELECT import_id, volume::text FROM market.imported_candles WHERE symbol = 'AAPL-USD' AND interval = '1m' ORDER BY open_time`,
    );
    expect(rows).toEqual([
      { import_id: batch.importId, volume: '1.5' },
      { import_id: batch.importId, volume: null },
      { import_id: again.importId, volume: null },
      { import_id: again.importId, volume: null },
    ]);
  });

  it('writes nothing when the transaction fails after the upsert', async () => {
    const candles: ImportedCandle[] = [{ openTime: MINUTE, open: 7n, high: 7n, low: 7n, close: 7n, volume: null }];
    const batch = { importId: '00000000-0000-4000-8000-000000000003', symbol: 'MSFT-USD', interval: CandleInterval.M1, candles, at: new Date(MINUTE) };
    await expect(db.transaction(async () => (await imports.store(batch), Promise.reject(new Error('audit failed'))))).rejects.toThrow('audit failed');
    expect((await imports.read('MSFT-USD', [CandleInterval.M1], 0, MINUTE)).size).toBe(0);
  });

  it('the migration starts an existing install\'s history at its oldest mark candle of any interval (1m ones may be pruned)', async () => {
    const symbol = 'NVDA-USD';
    const dayStart = MINUTE - 10 * 3_600_000 - 40 * DAY; // 00:00, 40 days ago
    await writeTick(lease, [price(symbol, 14_000n, NOW)], [
      candle(symbol, PriceType.MARK, CandleInterval.D1, dayStart, 14_000n),
      candle(symbol, PriceType.INDEX, CandleInterval.D1, dayStart - DAY, 14_000n),
      candle(symbol, PriceType.MARK, CandleInterval.M1, MINUTE - 20 * DAY, 14_000n),
    ], NOW);
    const runner = db.dataSource.createQueryRunner();
    try {
      await new HistoryStarts1763732200000().down(runner);
      await new HistoryStarts1763732200000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await history.firstLiveMinute(symbol)).toBe(dayStart);
    expect(await history.firstLiveMinute('BTC-USDT')).toBe(MINUTE); // its only mark candle is the 1m one of its first tick
  });
});

import { AppConfig } from '@lib/platform';
import { Candle, CandleInterval, HISTORY_ORIGIN_CODES, HISTORY_ORIGINS, Instrument, InstrumentKind } from '../../../domain';
import { CandleRange, ImportedCandles, InstrumentCatalog, PriceHistory } from '../../ports';
import { GetPriceHistoryQuery } from './get-price-history.query';
import { GetPriceHistoryHandler } from './get-price-history.handler';
import { WorkerSyntheticCandles } from '../../../infrastructure/history/worker-synthetic-candles';

const CREATED = new Date('2026-11-21T09:59:42.000Z');
const FIRST_LIVE = Date.parse('2026-11-21T10:05:00.000Z');
const market = (symbol: string, kind: InstrumentKind, base: string, initialPrice: bigint) =>
  ({ symbol, kind, base, quote: 'USDT', priceScale: 1, tickSize: 1n, initialPrice, volatility: 600_000n, createdAt: CREATED }) as unknown as Instrument;
const instruments = [market('BTC-USDT', InstrumentKind.SPOT, 'BTC', 950_000n), market('BTC-PERP', InstrumentKind.PERPETUAL, 'BTC', 950_000n), market('ETH-USDT', InstrumentKind.SPOT, 'ETH', 35_000n)];

function handler(days = 365, firstLive: number | null = null, live: Candle[] = [], imported = new Map<CandleInterval, Candle[]>()) {
  const catalog = { get: async (s: string) => instruments.find((i) => i.symbol === s)!, all: async () => instruments } as unknown as InstrumentCatalog;
  const ranges: CandleRange[] = [];
  const candles = async (range: CandleRange) => (ranges.push(range), live.filter((c) => c.openTime >= range.from! && c.openTime <= range.to!));
  const history = { firstLiveMinute: async () => firstLive, candles } as unknown as PriceHistory;
  const config = { market: { historySeed: 'exchange-synthetic-history-v1', historySyntheticDays: days } } as unknown as AppConfig;
  const imports = {
    read: async (_s: string, intervals: CandleInterval[], from: number, to: number) =>
      new Map([...imported].filter(([i]) => intervals.includes(i)).map(([i, list]) => [i, list.filter((c) => c.openTime >= from && c.openTime <= to)])),
  } as unknown as ImportedCandles;
  // Every read inline here (the worker has its own spec).
  return new GetPriceHistoryHandler(catalog, history, imports, config, new WorkerSyntheticCandles(Infinity));
}
const hour = (symbol: string, from: number, to: number) => new GetPriceHistoryQuery(symbol, CandleInterval.H1, from, to);

describe('GetPriceHistoryHandler', () => {
  it('ends just before the creation minute when the market has no live candle, at its start price', async () => {
    const to = Date.parse('2026-11-21T12:00:00.000Z');
    const series = await handler().execute(new GetPriceHistoryQuery('BTC-USDT', CandleInterval.M1, to - 86_400_000, to));
    expect(series.openTime[series.openTime.length - 1]).toBe(Date.parse('2026-11-21T09:58:00.000Z'));
    expect(series.close[series.close.length - 1]).toBe(950_000n);
    expect(series.openTime.length).toBe(22 * 60 - 1); // 11:59 (the day before) .. 09:58
    expect(series.origin.every((o) => o === HISTORY_ORIGIN_CODES.SYNTHETIC)).toBe(true);
    expect({ symbol: series.symbol, interval: series.interval, priceScale: series.priceScale }).toEqual({ symbol: 'BTC-USDT', interval: '1m', priceScale: 1 });
  });

  it('ends before the first live minute when there is one; a spot market and its perpetual share the walk, another underlying does not', async () => {
    const range = [FIRST_LIVE - 7 * 86_400_000, FIRST_LIVE] as const;
    const spot = await handler(365, FIRST_LIVE).execute(hour('BTC-USDT', ...range));
    const perp = await handler(365, FIRST_LIVE).execute(hour('BTC-PERP', ...range));
    const eth = await handler(365, FIRST_LIVE).execute(hour('ETH-USDT', ...range));
    expect(spot.openTime.length).toBe(7 * 24); // 11:00 a week ago .. 10:00 today (that hour holds 10:00 .. 10:04)
    expect(spot.close[spot.close.length - 1]).toBe(950_000n);
    expect(Array.from(perp.close)).toEqual(Array.from(spot.close));
    expect(eth.close[eth.close.length - 1]).toBe(35_000n);
    expect(Array.from(eth.close).map((c) => (c * 950_000n) / 35_000n)).not.toEqual(Array.from(spot.close));
  });

  it('answers nothing with HISTORY_SYNTHETIC_DAYS=0, and nothing older than the synthetic span', async () => {
    expect((await handler(0).execute(hour('BTC-USDT', FIRST_LIVE - 86_400_000, FIRST_LIVE))).openTime.length).toBe(0);
    const old = await handler(1, FIRST_LIVE).execute(hour('BTC-USDT', FIRST_LIVE - 3 * 86_400_000, FIRST_LIVE));
    expect(old.openTime[0]).toBe(FIRST_LIVE - 86_400_000 - 5 * 60_000); // 10:00 a day earlier, as a partial hour (10:05 ..)
  });

  it('refuses a reversed range and one of more than MAX_HISTORY_CANDLES candles', async () => {
    await expect(handler().execute(hour('BTC-USDT', FIRST_LIVE, FIRST_LIVE - 1))).rejects.toMatchObject({ code: 'INVALID_TIME_RANGE' });
    const tooMany = new GetPriceHistoryQuery('BTC-USDT', CandleInterval.M1, 0, 600_000 * 60_000);
    await expect(handler().execute(tooMany)).rejects.toMatchObject({ code: 'HISTORY_RANGE_TOO_LARGE', details: { maxCandles: 600_000, candles: 600_001 } });
  });

  it('reads the stored mark candles of the range: live from the history start on, the shared hour rolled up', async () => {
    const H = 3_600_000;
    const startHour = FIRST_LIVE - 5 * 60_000; // 10:00; the feed began at 10:05
    const live = [
      { openTime: startHour, open: 950_010n, high: 960_000n, low: 940_000n, close: 951_000n },
      { openTime: startHour + H, open: 951_000n, high: 952_000n, low: 950_000n, close: 951_500n },
    ];
    const series = await handler(365, FIRST_LIVE, live).execute(hour('BTC-USDT', startHour - 2 * H, startHour + 5 * H));
    expect(Array.from(series.origin, (o) => HISTORY_ORIGINS[o])).toEqual(['SYNTHETIC', 'SYNTHETIC', 'SYNTHETIC', 'LIVE']);
    expect(series.openTime[3]).toBe(startHour + H);
    // 10:00: the walk's 10:00 .. 10:04 then the feed's 10:05 .. 10:59.
    expect(series.close[2]).toBe(951_000n);
    expect(series.high[2]).toBe(960_000n);
  });

  it('imported candles win over live and synthetic; 1-minute imports serve 1h reads (rolled up), a 1d import does not', async () => {
    const H = 3_600_000;
    const startHour = FIRST_LIVE - 5 * 60_000;
    const live = [{ openTime: startHour + H, open: 951_000n, high: 952_000n, low: 950_000n, close: 951_500n }];
    const minutes = [0, 1, 2].map((k) => ({ openTime: startHour - 3 * H + k * 60_000, open: 900_000n + BigInt(k), high: 900_010n + BigInt(k), low: 899_990n, close: 900_001n + BigInt(k) }));
    const hours = [{ openTime: startHour + H, open: 800_000n, high: 800_100n, low: 799_900n, close: 800_050n }];
    const imported = new Map([[CandleInterval.M1, minutes], [CandleInterval.H1, hours], [CandleInterval.D1, [{ ...hours[0]!, openTime: 0 }]]]);
    const series = await handler(365, FIRST_LIVE, live, imported).execute(hour('BTC-USDT', startHour - 3 * H, startHour + 2 * H));
    expect(Array.from(series.origin, (o) => HISTORY_ORIGINS[o])).toEqual(['IMPORTED', 'SYNTHETIC', 'SYNTHETIC', 'SYNTHETIC', 'IMPORTED']);
    expect([series.open[0], series.high[0], series.low[0], series.close[0]]).toEqual([900_000n, 900_012n, 899_990n, 900_003n]);
    expect(series.close[4]).toBe(800_050n);
  });
});

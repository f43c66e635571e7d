import { Candle, CandleInterval } from './candles';
import { columnsOf, emptyColumns } from './history-range';
import { mergeHistory } from './history-merge';
import { HISTORY_ORIGINS, HistorySeries } from './history-series';

const H = 3_600_000;
const c = (hour: number, open: bigint, high: bigint, low: bigint, close: bigint): Candle => ({ openTime: hour * H, open, high, low, close });
const rows = (s: HistorySeries) =>
  Array.from(s.openTime, (t, k) => [t / H, HISTORY_ORIGINS[s.origin[k]!], s.open[k], s.high[k], s.low[k], s.close[k]] as const);

describe('mergeHistory: precedence per bucket', () => {
  const synthetic = columnsOf([c(0, 10n, 12n, 9n, 11n), c(1, 11n, 13n, 10n, 12n), c(2, 12n, 14n, 11n, 13n), c(3, 13n, 15n, 12n, 14n)]);

  it('keeps synthetic alone where nothing else is, in ascending order with the origin per candle', () => {
    const series = mergeHistory('BTC-USDT', CandleInterval.H1, 1, { synthetic, live: [], imported: [] });
    expect(rows(series)).toEqual([
      [0, 'SYNTHETIC', 10n, 12n, 9n, 11n],
      [1, 'SYNTHETIC', 11n, 13n, 10n, 12n],
      [2, 'SYNTHETIC', 12n, 14n, 11n, 13n],
      [3, 'SYNTHETIC', 13n, 15n, 12n, 14n],
    ]);
    expect([series.symbol, series.interval, series.priceScale]).toEqual(['BTC-USDT', '1h', 1]);
  });

  it('live wins over synthetic from the history start on; the bucket both share is their exact roll-up, marked SYNTHETIC', () => {
    // The history start falls inside hour 3: the walk made its first minutes, the feed the rest.
    const live = [c(3, 14n, 20n, 13n, 19n), c(4, 19n, 21n, 18n, 20n)];
    expect(rows(mergeHistory('X', CandleInterval.H1, 0, { synthetic, live, imported: [] })).slice(2)).toEqual([
      [2, 'SYNTHETIC', 12n, 14n, 11n, 13n],
      [3, 'SYNTHETIC', 13n, 20n, 12n, 19n],
      [4, 'LIVE', 19n, 21n, 18n, 20n],
    ]);
  });

  it('imported wins over live and synthetic for its buckets, and fills buckets neither has', () => {
    const live = [c(4, 19n, 21n, 18n, 20n), c(5, 20n, 22n, 19n, 21n)];
    const imported = [c(1, 100n, 110n, 90n, 105n), c(3, 101n, 111n, 91n, 106n), c(5, 102n, 112n, 92n, 107n), c(9, 103n, 113n, 93n, 108n)];
    expect(rows(mergeHistory('X', CandleInterval.H1, 0, { synthetic, live, imported }))).toEqual([
      [0, 'SYNTHETIC', 10n, 12n, 9n, 11n],
      [1, 'IMPORTED', 100n, 110n, 90n, 105n],
      [2, 'SYNTHETIC', 12n, 14n, 11n, 13n],
      [3, 'IMPORTED', 101n, 111n, 91n, 106n],
      [4, 'LIVE', 19n, 21n, 18n, 20n],
      [5, 'IMPORTED', 102n, 112n, 92n, 107n],
      [9, 'IMPORTED', 103n, 113n, 93n, 108n],
    ]);
  });

  it('answers an empty series when no origin has a candle', () => {
    expect(mergeHistory('X', CandleInterval.D1, 2, { synthetic: emptyColumns(0), live: [], imported: [] }).openTime.length).toBe(0);
  });
});

import { Candle, CandleInterval, INTERVAL_MS, bucketStart, rollUp } from './candles';
import { MinuteColumns, SyntheticWalk, WalkCheckpoints, syntheticMinutes } from './synthetic-history';
import { MAX_HISTORY_CANDLES } from './history-series';
import { MarketError, MarketErrorCode } from './market.error';

/** Candles as columns, ascending by open time (what a HistorySeries holds, without the origin). */
export type CandleColumns = MinuteColumns;

/** The candles of `interval` whose open time is in [fromMs, toMs]: the first and last bucket and how many. */
export interface HistoryRange {
  readonly interval: CandleInterval;
  readonly first: number;
  readonly last: number;
  /** Buckets in the range (0 when none is). */
  readonly count: number;
}

/** Aligns an inclusive range of open times to `interval`; refuses a reversed range and one of more than MAX_HISTORY_CANDLES candles. */
export function historyRange(interval: CandleInterval, fromMs: number, toMs: number, maxCandles = MAX_HISTORY_CANDLES): HistoryRange {
  if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs)) throw new RangeError('from and to must be integer epoch ms');
  if (fromMs > toMs) {
    throw new MarketError(MarketErrorCode.INVALID_TIME_RANGE, 'from must not be after to', { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() });
  }
  const size = INTERVAL_MS[interval];
  const first = Math.ceil(fromMs / size) * size;
  const last = bucketStart(toMs, interval);
  const count = last >= first ? (last - first) / size + 1 : 0;
  if (count > maxCandles) {
    throw new MarketError(MarketErrorCode.HISTORY_RANGE_TOO_LARGE, `At most ${maxCandles} candles of ${interval} per request (this range has ${count})`, {
      interval,
      candles: count,
      maxCandles,
    });
  }
  return { interval, first, last, count };
}

export function emptyColumns(length: number): CandleColumns {
  return {
    openTime: new Float64Array(length),
    open: new BigInt64Array(length),
    high: new BigInt64Array(length),
    low: new BigInt64Array(length),
    close: new BigInt64Array(length),
  };
}

export function columnsOf(candles: readonly Candle[]): CandleColumns {
  const columns = emptyColumns(candles.length);
  candles.forEach((c, i) => {
    columns.openTime[i] = c.openTime;
    columns.open[i] = c.open;
    columns.high[i] = c.high;
    columns.low[i] = c.low;
    columns.close[i] = c.close;
  });
  return columns;
}

/** Rolled up a day at a time: the candle objects of one day at most exist at once. */
const ROLL_UP_CHUNK = 1440;

/**
 * The synthetic candles of `range`: 1-minute candles as the walk makes them,
 * coarser ones rolled up from them (rollUp). A bucket the walk only partly
 * covers (its first and the one of the history start) is rolled up from the
 * minutes it has.
 */
export function syntheticCandles(walk: SyntheticWalk, range: HistoryRange, checkpoints?: WalkCheckpoints): CandleColumns {
  if (range.count === 0) return emptyColumns(0);
  const size = INTERVAL_MS[range.interval];
  const minutes = syntheticMinutes(walk, range.first, range.last + size - 1, checkpoints);
  if (range.interval === CandleInterval.M1) return minutes;
  const rolled: Candle[] = [];
  const n = minutes.openTime.length;
  let start = 0;
  while (start < n) {
    // A chunk ends on a bucket boundary, so no bucket is split between two chunks.
    let end = Math.min(n, start + Math.max(ROLL_UP_CHUNK, size / 60_000));
    while (end < n && bucketStart(minutes.openTime[end]!, range.interval) === bucketStart(minutes.openTime[end - 1]!, range.interval)) end++;
    const chunk: Candle[] = [];
    for (let i = start; i < end; i++) {
      chunk.push({ openTime: minutes.openTime[i]!, open: minutes.open[i]!, high: minutes.high[i]!, low: minutes.low[i]!, close: minutes.close[i]! });
    }
    for (const candle of rollUp(chunk, range.interval)) rolled.push(candle);
    start = end;
  }
  return columnsOf(rolled);
}

import { CANDLE_INTERVALS, Candle, CandleInterval, INTERVAL_MS, rollUp } from './candles';
import { CandleColumns } from './history-range';
import { HISTORY_ORIGIN_CODES, HistorySeries, allocateHistory } from './history-series';

/** The candles of one interval and range from each origin, each ascending by open time. */
export interface HistorySources {
  /** The seeded walk, up to the history start. */
  readonly synthetic: CandleColumns;
  /** The feed's stored mark candles, from the history start on. */
  readonly live: readonly Candle[];
  /** An admin's imported candles, at this interval. */
  readonly imported: readonly Candle[];
}

const { SYNTHETIC, LIVE, IMPORTED } = HISTORY_ORIGIN_CODES;

/**
 * One series from the three origins, bucket by bucket: imported wins, then
 * live, then synthetic. Synthetic and live meet in one bucket only, the one
 * holding the history start (a coarse candle begun by the walk and finished
 * by the feed): they cover consecutive minutes, so that candle is their
 * exact roll-up (open of the walk, close of the feed, extremes of both), and
 * it is marked SYNTHETIC since part of it is.
 */
export function mergeHistory(symbol: string, interval: CandleInterval, priceScale: number, sources: HistorySources): HistorySeries {
  const { synthetic, live, imported } = sources;
  const s = synthetic.openTime;
  // First pass: how many distinct buckets.
  let count = 0;
  for (let i = 0, l = 0, m = 0; i < s.length || l < live.length || m < imported.length; count++) {
    const t = Math.min(i < s.length ? s[i]! : Infinity, l < live.length ? live[l]!.openTime : Infinity, m < imported.length ? imported[m]!.openTime : Infinity);
    if (i < s.length && s[i] === t) i++;
    if (l < live.length && live[l]!.openTime === t) l++;
    if (m < imported.length && imported[m]!.openTime === t) m++;
  }
  const out = allocateHistory(symbol, interval, priceScale, count);
  let i = 0;
  let l = 0;
  let m = 0;
  let k = 0;
  while (k < count) {
    const other = Math.min(l < live.length ? live[l]!.openTime : Infinity, m < imported.length ? imported[m]!.openTime : Infinity);
    if (i < s.length && s[i]! < other) {
      // A run of synthetic candles alone: copied as blocks (most of a fresh install's year).
      let j = i;
      while (j < s.length && s[j]! < other) j++;
      copyRun(synthetic, i, j, out, k);
      out.origin.fill(SYNTHETIC, k, k + (j - i));
      k += j - i;
      i = j;
      continue;
    }
    const t = Math.min(i < s.length ? s[i]! : Infinity, other);
    const fromWalk = i < s.length && s[i] === t ? i++ : -1;
    const fromFeed = l < live.length && live[l]!.openTime === t ? live[l++]! : undefined;
    const fromAdmin = m < imported.length && imported[m]!.openTime === t ? imported[m++]! : undefined;
    out.openTime[k] = t;
    if (fromAdmin) write(out, k, fromAdmin, IMPORTED);
    else if (fromFeed && fromWalk >= 0) {
      const [high, low] = [synthetic.high[fromWalk]!, synthetic.low[fromWalk]!];
      write(out, k, { openTime: t, open: synthetic.open[fromWalk]!, high: high > fromFeed.high ? high : fromFeed.high, low: low < fromFeed.low ? low : fromFeed.low, close: fromFeed.close }, SYNTHETIC);
    } else write(out, k, fromFeed!, LIVE);
    k++;
  }
  return out;
}

function copyRun(from: CandleColumns, start: number, end: number, to: HistorySeries, at: number): void {
  to.openTime.set(from.openTime.subarray(start, end), at);
  to.open.set(from.open.subarray(start, end), at);
  to.high.set(from.high.subarray(start, end), at);
  to.low.set(from.low.subarray(start, end), at);
  to.close.set(from.close.subarray(start, end), at);
}

function write(out: HistorySeries, k: number, candle: Candle, origin: number): void {
  out.open[k] = candle.open;
  out.high[k] = candle.high;
  out.low[k] = candle.low;
  out.close[k] = candle.close;
  out.origin[k] = origin;
}

/** The imported intervals a read of `interval` can use: itself and the finer ones (each divides the next). */
export function importSources(interval: CandleInterval): CandleInterval[] {
  return CANDLE_INTERVALS.filter((i) => INTERVAL_MS[i] <= INTERVAL_MS[interval]);
}

/**
 * Imported candles at `interval` from the admin's files of `interval` and
 * finer ones (ascending each): per bucket, the coarsest imported interval
 * that has candles there, rolled up (an import of 1-minute candles serves 1h
 * reads; a bucket only partly imported is the roll-up of the part given).
 * Coarser imports cannot be split and serve only their own interval.
 */
export function importedAt(interval: CandleInterval, imported: ReadonlyMap<CandleInterval, readonly Candle[]>): Candle[] {
  const chosen = new Map<number, { size: number; candle: Candle }>();
  for (const [source, candles] of imported) {
    const size = INTERVAL_MS[source];
    if (size > INTERVAL_MS[interval]) continue;
    for (const candle of source === interval ? candles : rollUp(candles, interval)) {
      const held = chosen.get(candle.openTime);
      if (!held || held.size < size) chosen.set(candle.openTime, { size, candle });
    }
  }
  return [...chosen.values()].map((c) => c.candle).sort((a, b) => a.openTime - b.openTime);
}

import { CandleInterval } from './candles';

/** Where a candle of the price history comes from (docs/analytics.md). */
export type HistoryOrigin = 'SYNTHETIC' | 'LIVE' | 'IMPORTED';
/** `HistorySeries.origin` values, per candle. */
export const HISTORY_ORIGIN_CODES: Readonly<Record<HistoryOrigin, number>> = { SYNTHETIC: 0, LIVE: 1, IMPORTED: 2 };
export const HISTORY_ORIGINS: readonly HistoryOrigin[] = ['SYNTHETIC', 'LIVE', 'IMPORTED'];

/** The most candles one read answers: a year of 1-minute candles and some. */
export const MAX_HISTORY_CANDLES = 600_000;

/**
 * A market's price history over a range, ascending by open time, as
 * columns: a year of 1-minute candles is 525,600 rows, which as typed arrays
 * is ~21 MB, transferable to a worker thread without a copy, and exact
 * (prices are integer units at `priceScale` in BigInt64Array).
 */
export interface HistorySeries {
  readonly symbol: string;
  readonly interval: CandleInterval;
  readonly priceScale: number;
  /** Epoch ms of each candle's open (integers, exact in a double). */
  readonly openTime: Float64Array;
  readonly open: BigInt64Array;
  readonly high: BigInt64Array;
  readonly low: BigInt64Array;
  readonly close: BigInt64Array;
  /** HISTORY_ORIGIN_CODES per candle. */
  readonly origin: Uint8Array;
}

export function historyLength(series: HistorySeries): number {
  return series.openTime.length;
}

/** An empty series of `length` candles to fill in. */
export function allocateHistory(symbol: string, interval: CandleInterval, priceScale: number, length: number): HistorySeries {
  return {
    symbol,
    interval,
    priceScale,
    openTime: new Float64Array(length),
    open: new BigInt64Array(length),
    high: new BigInt64Array(length),
    low: new BigInt64Array(length),
    close: new BigInt64Array(length),
    origin: new Uint8Array(length),
  };
}

export enum CandleInterval {
  M1 = '1m',
  M5 = '5m',
  M15 = '15m',
  H1 = '1h',
  H4 = '4h',
  D1 = '1d',
}

/** Which price a candle is built from. Trade candles come with trading. */
export enum PriceType {
  MARK = 'mark',
  INDEX = 'index',
}

export const CANDLE_INTERVALS: readonly CandleInterval[] = Object.values(CandleInterval);

const MINUTE = 60_000;
export const INTERVAL_MS: Readonly<Record<CandleInterval, number>> = {
  [CandleInterval.M1]: MINUTE,
  [CandleInterval.M5]: 5 * MINUTE,
  [CandleInterval.M15]: 15 * MINUTE,
  [CandleInterval.H1]: 60 * MINUTE,
  [CandleInterval.H4]: 240 * MINUTE,
  [CandleInterval.D1]: 1440 * MINUTE,
};

/** OHLC of one interval, prices in the market's price units. `openTime` is epoch ms, aligned to the interval in UTC. */
export interface Candle {
  readonly openTime: number;
  readonly open: bigint;
  readonly high: bigint;
  readonly low: bigint;
  readonly close: bigint;
}

/** Start of the interval that contains `at` (epoch ms), aligned on the Unix epoch: days start at 00:00 UTC, 4 h candles at 00, 04, 08... UTC. */
export function bucketStart(at: number, interval: CandleInterval): number {
  const size = INTERVAL_MS[interval];
  return Math.floor(at / size) * size;
}

/** A price observed at `at` applied to the current candle of its interval (a new candle when `current` belongs to an earlier interval). */
export function applyPrice(current: Candle | undefined, at: number, interval: CandleInterval, price: bigint): Candle {
  const openTime = bucketStart(at, interval);
  if (!current || current.openTime !== openTime) return { openTime, open: price, high: price, low: price, close: price };
  return {
    openTime,
    open: current.open,
    high: price > current.high ? price : current.high,
    low: price < current.low ? price : current.low,
    close: price,
  };
}

/** Candles built from a time-ordered list of (at, price) samples. */
export function candlesFromSamples(samples: readonly { readonly at: number; readonly price: bigint }[], interval: CandleInterval): Candle[] {
  const result: Candle[] = [];
  for (const sample of samples) {
    const last = result[result.length - 1];
    const next = applyPrice(last, sample.at, interval, sample.price);
    if (last && next.openTime === last.openTime) result[result.length - 1] = next;
    else result.push(next);
  }
  return result;
}

/**
 * Rolls finer candles (ascending openTime) up into `interval`: open of the
 * first, close of the last, highest high, lowest low. Exact: the same result
 * as building the coarse candles from the underlying samples.
 */
export function rollUp(candles: readonly Candle[], interval: CandleInterval): Candle[] {
  const result: Candle[] = [];
  for (const candle of candles) {
    const openTime = bucketStart(candle.openTime, interval);
    const last = result[result.length - 1];
    if (last && last.openTime > openTime) throw new RangeError('candles must be in ascending openTime');
    if (!last || last.openTime !== openTime) {
      result.push({ ...candle, openTime });
      continue;
    }
    result[result.length - 1] = {
      openTime,
      open: last.open,
      high: candle.high > last.high ? candle.high : last.high,
      low: candle.low < last.low ? candle.low : last.low,
      close: candle.close,
    };
  }
  return result;
}

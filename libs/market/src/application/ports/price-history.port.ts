import { Candle, CandleInterval, DayStats, MarkPrice, PriceType } from '../../domain';

export interface CandleRange {
  readonly symbol: string;
  readonly type: PriceType;
  readonly interval: CandleInterval;
  /** Inclusive, epoch ms (candle open time). */
  readonly from?: number;
  /** Inclusive, epoch ms (candle open time). */
  readonly to?: number;
  readonly limit: number;
}

/** Stored prices: the latest per market, candles and 24 h statistics. */
export abstract class PriceHistory {
  /** The newest `limit` candles in the range, returned in ascending openTime. */
  abstract candles(range: CandleRange): Promise<Candle[]>;
  /** Mark-price open/high/low of the last 24 h per market, from the 1m candles. */
  abstract dayStats(since: Date): Promise<Map<string, DayStats>>;
  /** The minute of the market's first tick (its first live 1-minute candle; epoch ms), null before it: where its synthetic history ends. Kept apart from the candles, which are pruned. */
  abstract firstLiveMinute(symbol: string): Promise<number | null>;
  /** The latest stored price of every market. */
  abstract latest(priceScales: ReadonlyMap<string, number>): Promise<MarkPrice[]>;
}

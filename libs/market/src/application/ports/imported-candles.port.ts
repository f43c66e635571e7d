import { Candle, CandleInterval, ImportedCandle } from '../../domain';

export interface CandleImport {
  readonly importId: string;
  readonly symbol: string;
  readonly interval: CandleInterval;
  /** Ascending, validated (parseCandleCsv). */
  readonly candles: readonly ImportedCandle[];
  readonly at: Date;
}

/** An admin's candles (market.imported_candles): they win over live and synthetic candles in the price history. */
export abstract class ImportedCandles {
  /** Upserts every candle in the caller's transaction (a re-import replaces those buckets); how many replaced a stored one. */
  abstract store(batch: CandleImport): Promise<{ replaced: number }>;
  /** The imported candles of `intervals` whose open time is in [fromMs, toMs], ascending per interval. */
  abstract read(symbol: string, intervals: readonly CandleInterval[], fromMs: number, toMs: number): Promise<Map<CandleInterval, Candle[]>>;
}

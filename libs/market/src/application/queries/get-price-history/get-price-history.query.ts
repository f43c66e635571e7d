import { Query } from '@nestjs/cqrs';
import type { CandleInterval, HistorySeries } from '../../../domain';

/**
 * A market's mark-price history (docs/analytics.md): imported candles where
 * an admin loaded some, else the live candles, else the seeded synthetic walk
 * before the market's first live candle. `fromMs`/`toMs` are inclusive open
 * times; at most MAX_HISTORY_CANDLES candles (MarketError HISTORY_RANGE_TOO_LARGE beyond).
 */
export class GetPriceHistoryQuery extends Query<HistorySeries> {
  constructor(
    readonly symbol: string,
    readonly interval: CandleInterval,
    readonly fromMs: number,
    readonly toMs: number,
  ) {
    super();
  }
}

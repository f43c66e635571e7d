import { Query } from '@nestjs/cqrs';
import { TradeCandleView } from '../../views';

export const CANDLE_INTERVALS = { '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '4h': 14400, '1d': 86400 } as const;
export type CandleInterval = keyof typeof CANDLE_INTERVALS;

/** OHLCV candles built from the market's trades, oldest first; intervals without trades are absent. */
export class GetTradeCandlesQuery extends Query<TradeCandleView[]> {
  constructor(
    readonly symbol: string,
    readonly interval: CandleInterval,
    readonly from: Date | undefined,
    readonly to: Date | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

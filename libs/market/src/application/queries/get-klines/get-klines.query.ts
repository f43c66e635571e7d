import { Query } from '@nestjs/cqrs';
import { CandleInterval, PriceType } from '../../../domain';
import { KlinesView } from '../../views';

/**
 * OHLC candles of the mark or index price, ascending: the newest `limit`
 * candles whose open time is in [from, to] (both optional). The current
 * candle is included and still moving.
 */
export class GetKlinesQuery extends Query<KlinesView> {
  constructor(
    readonly symbol: string,
    readonly source: PriceType,
    readonly interval: CandleInterval,
    readonly limit: number,
    readonly from?: Date,
    readonly to?: Date,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import { CandleInterval } from '../../../domain';
import { PriceHistoryView } from '../../views';

/**
 * A page of the price history for the wire (GET /markets/:symbol/history):
 * the newest `limit` candles whose open time is in [from, to] (to defaults
 * to now, from to `limit` candles before it), oldest first, as decimal
 * strings with their origin. The whole range is still bounded by
 * MAX_HISTORY_CANDLES (HISTORY_RANGE_TOO_LARGE).
 */
export class GetHistoryCandlesQuery extends Query<PriceHistoryView> {
  constructor(
    readonly symbol: string,
    readonly interval: CandleInterval,
    readonly limit: number,
    readonly from?: Date,
    readonly to?: Date,
  ) {
    super();
  }
}

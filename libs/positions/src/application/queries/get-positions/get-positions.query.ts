import { Query } from '@nestjs/cqrs';
import type { PositionView } from '../../position-view';

/**
 * A user's positions valued at the mark. Without a symbol: one view per
 * perpetual market where the position is not flat. With a symbol: the one
 * view of that market, flat or not (a market without a row answers the
 * default settings, leverage 10 and CROSS). MARKET_NOT_FOUND (market context)
 * for an unknown symbol, MARKET_NOT_PERPETUAL for a spot market;
 * MARK_PRICE_UNAVAILABLE before the feed has priced a market.
 */
export class GetPositionsQuery extends Query<PositionView[]> {
  constructor(
    readonly userId: string,
    readonly symbol?: string,
  ) {
    super();
  }
}

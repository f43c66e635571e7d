import { Query } from '@nestjs/cqrs';
import { MarkPrice } from '../../../domain';

/**
 * The latest index and mark price of a market in integers, from memory (no
 * database read). MARKET_NOT_FOUND for an unknown symbol, MARK_PRICE_UNAVAILABLE
 * before the feed has priced it.
 */
export class GetMarkPriceQuery extends Query<MarkPrice> {
  constructor(readonly symbol: string) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import { MarketView } from '../../views';

/** One market's specification and ticker. */
export class GetMarketQuery extends Query<MarketView> {
  constructor(readonly symbol: string) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import { MarketView } from '../../views';

/**
 * Every market with its ticker, ordered by symbol. With `search`: only those
 * whose symbol, name, base or quote asset contains it (case-insensitive).
 */
export class ListMarketsQuery extends Query<MarketView[]> {
  constructor(readonly search?: string) {
    super();
  }
}

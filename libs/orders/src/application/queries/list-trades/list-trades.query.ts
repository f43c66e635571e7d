import { Query } from '@nestjs/cqrs';
import { TradeView } from '../../views';

/** The public trade tape of a market, newest first. */
export class ListTradesQuery extends Query<TradeView[]> {
  constructor(
    readonly symbol: string,
    readonly limit: number,
  ) {
    super();
  }
}

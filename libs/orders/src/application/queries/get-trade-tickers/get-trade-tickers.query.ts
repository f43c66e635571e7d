import { Query } from '@nestjs/cqrs';
import { TradeTickerView } from '../../views';

/** 24 h statistics from trades (last, open, high, low, volumes, change) for the given markets, or all spot markets. */
export class GetTradeTickersQuery extends Query<TradeTickerView[]> {
  constructor(readonly symbols?: readonly string[]) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import { PortfolioSummaryView } from '../../views';

/** Equity, cost, PnL and counts (assets held, open orders, fills) of the user. */
export class GetPortfolioSummaryQuery extends Query<PortfolioSummaryView> {
  constructor(readonly userId: string) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import { PortfolioView } from '../../views';

/** The user's SPOT + MARGIN holdings valued at the current marks, with cost basis and PnL. */
export class GetPortfolioQuery extends Query<PortfolioView> {
  constructor(readonly userId: string) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import type { RiskWindowDays } from '../../../domain';
import type { RiskView } from '../../risk-views';

/**
 * The risk of the user's current portfolio by historical simulation over the
 * last `days` complete UTC days (docs/analytics.md, "Portfolio risk").
 */
export class GetPortfolioRiskQuery extends Query<RiskView> {
  constructor(
    readonly userId: string,
    readonly days: RiskWindowDays,
  ) {
    super();
  }
}

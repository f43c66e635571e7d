import { Query } from '@nestjs/cqrs';
import { PerformanceInterval } from '../../../domain';
import { PerformanceView } from '../../views';

/**
 * The user's equity over [from, to] from the stored snapshots, the last one
 * of each interval, followed by the current equity when `to` is now or later.
 */
export class GetPortfolioPerformanceQuery extends Query<PerformanceView> {
  constructor(
    readonly userId: string,
    readonly interval: PerformanceInterval,
    readonly from: Date | undefined,
    readonly to: Date | undefined,
  ) {
    super();
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { MAX_PERFORMANCE_POINTS, PERFORMANCE_INTERVALS, PortfolioError, PortfolioErrorCode, VALUATION_CURRENCY, bucketCount, equityCurve, formatValuation } from '../../../domain';
import { EquitySnapshotRepository } from '../../ports';
import { PortfolioValuer } from '../../portfolio-valuer';
import { PriceBooks } from '../../price-book';
import { PerformancePointView, PerformanceView } from '../../views';
import { GetPortfolioPerformanceQuery } from './get-portfolio-performance.query';

@QueryHandler(GetPortfolioPerformanceQuery)
export class GetPortfolioPerformanceHandler implements IQueryHandler<GetPortfolioPerformanceQuery> {
  constructor(
    private readonly snapshots: EquitySnapshotRepository,
    private readonly valuer: PortfolioValuer,
    private readonly books: PriceBooks,
    private readonly clock: Clock,
  ) {}

  async execute(query: GetPortfolioPerformanceQuery): Promise<PerformanceView> {
    const now = this.clock.now();
    const width = PERFORMANCE_INTERVALS[query.interval];
    const to = query.to ?? now;
    // Without `from`, the last 100 intervals (never more than the retention holds anyway).
    const from = query.from ?? new Date(to.getTime() - 100 * width);
    if (from.getTime() > to.getTime()) {
      throw new PortfolioError(PortfolioErrorCode.INVALID_TIME_RANGE, 'from must not be after to', { from: from.toISOString(), to: to.toISOString() });
    }
    if (bucketCount(from, to, width) > MAX_PERFORMANCE_POINTS) {
      throw new PortfolioError(PortfolioErrorCode.TOO_MANY_POINTS, `the range spans more than ${MAX_PERFORMANCE_POINTS} intervals of ${query.interval}`, {
        maxPoints: MAX_PERFORMANCE_POINTS,
      });
    }
    const stored = equityCurve(await this.snapshots.range(query.userId, from, to), width);
    const points: PerformancePointView[] = stored.map((p) => ({
      time: p.at.toISOString(),
      equity: formatValuation(p.equity),
      cost: formatValuation(p.cost),
      realizedPnl: formatValuation(p.realizedPnl),
      live: false,
    }));
    if (to.getTime() >= now.getTime()) {
      const current = await this.valuer.value(query.userId, await this.books.load());
      points.push({ time: now.toISOString(), equity: formatValuation(current.equity), cost: formatValuation(current.cost), realizedPnl: formatValuation(current.realizedPnl), live: true });
    }
    return { valuationCurrency: VALUATION_CURRENCY, interval: query.interval, from: from.toISOString(), to: to.toISOString(), points };
  }
}

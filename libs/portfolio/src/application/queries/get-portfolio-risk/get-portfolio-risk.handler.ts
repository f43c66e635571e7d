import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { HistorySeries, InstrumentKind } from '@lib/market';
import { GetPositionsQuery, PositionView } from '@lib/positions';
import { riskWindow } from '../../../domain';
import { DailyHistory } from '../../daily-history';
import { PortfolioValuer } from '../../portfolio-valuer';
import { PriceBooks } from '../../price-book';
import { CurrentExposures, perpExposures, spotExposures } from '../../risk-exposures';
import { riskReport } from '../../risk-report';
import { RiskView } from '../../risk-views';
import { GetPortfolioRiskQuery } from './get-portfolio-risk.query';

/** Beta is measured against this spot market when it is listed. */
export const RISK_BENCHMARK = 'BTC-USDT';
/** In `excluded` when the perpetual positions could not be read (a mark not known yet). */
export const UNREAD_PERPETUALS = 'PERPETUALS';

@QueryHandler(GetPortfolioRiskQuery)
export class GetPortfolioRiskHandler implements IQueryHandler<GetPortfolioRiskQuery> {
  constructor(
    private readonly queries: QueryBus,
    private readonly valuer: PortfolioValuer,
    private readonly books: PriceBooks,
    private readonly daily: DailyHistory,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, days }: GetPortfolioRiskQuery): Promise<RiskView> {
    const asOf = this.clock.now();
    const book = await this.books.load();
    const [valuation, positions] = await Promise.all([
      this.valuer.value(userId, book),
      // As the valuer: a perpetual without a mark yet leaves the positions out, not the answer.
      this.queries.execute(new GetPositionsQuery(userId)).catch((): PositionView[] | null => null),
    ]);
    const spot = spotExposures(valuation.view.holdings, book);
    const perps = positions === null ? { exposures: [], cash: 0n, excluded: [UNREAD_PERPETUALS] } : perpExposures(positions, book);
    const current: CurrentExposures = { exposures: [...spot.exposures, ...perps.exposures], cash: spot.cash, excluded: [...spot.excluded, ...perps.excluded] };
    const benchmarkMarket = book.instrument(RISK_BENCHMARK);
    const benchmark = benchmarkMarket?.kind === InstrumentKind.SPOT ? RISK_BENCHMARK : null;
    const { fromMs, toMs } = riskWindow(asOf.getTime(), days);
    const markets = [...new Set([...current.exposures.map((e) => e.market), ...(benchmark === null ? [] : [benchmark])])];
    const series = await Promise.all(markets.map((m) => this.daily.read(m, fromMs, toMs)));
    const history = new Map<string, HistorySeries>(markets.map((m, i) => [m, series[i]!]));
    return riskReport({ asOf, days, fromMs, toMs, equity: valuation.equity, current, history, benchmark });
  }
}

import { Module } from '@nestjs/common';
import { ApplyFillsHandler } from './application/commands/apply-fills/apply-fills.handler';
import { RecordHoldersHandler } from './application/commands/record-holders/record-holders.handler';
import { TakeSnapshotsHandler } from './application/commands/take-snapshots/take-snapshots.handler';
import { DailyHistory } from './application/daily-history';
import { PortfolioValuer } from './application/portfolio-valuer';
import { CostBasisRepository, EquitySnapshotRepository, HolderRepository } from './application/ports';
import { PriceBooks } from './application/price-book';
import { GetPortfolioRiskHandler } from './application/queries/get-portfolio-risk/get-portfolio-risk.handler';
import { GetPortfolioPerformanceHandler } from './application/queries/get-portfolio-performance/get-portfolio-performance.handler';
import { GetPortfolioSummaryHandler } from './application/queries/get-portfolio-summary/get-portfolio-summary.handler';
import { GetPortfolioHandler } from './application/queries/get-portfolio/get-portfolio.handler';
import { EquitySnapshotJob } from './infrastructure/jobs/equity-snapshot.job';
import { PortfolioEventSubscriber } from './infrastructure/portfolio-event-subscriber';
import { SqlCostBasisRepository } from './infrastructure/repositories/sql-cost-basis.repository';
import { SqlEquitySnapshotRepository } from './infrastructure/repositories/sql-equity-snapshot.repository';
import { SqlHolderRepository } from './infrastructure/repositories/sql-holder.repository';

const handlers = [ApplyFillsHandler, RecordHoldersHandler, TakeSnapshotsHandler, GetPortfolioHandler, GetPortfolioSummaryHandler, GetPortfolioPerformanceHandler, GetPortfolioRiskHandler];

/** Spot portfolio: holdings valued at mark, cost basis from fills, PnL, the equity curve, risk by historical simulation. */
@Module({
  providers: [
    ...handlers,
    PriceBooks,
    DailyHistory,
    PortfolioValuer,
    PortfolioEventSubscriber,
    EquitySnapshotJob,
    { provide: CostBasisRepository, useClass: SqlCostBasisRepository },
    { provide: EquitySnapshotRepository, useClass: SqlEquitySnapshotRepository },
    { provide: HolderRepository, useClass: SqlHolderRepository },
  ],
})
export class PortfolioModule {}

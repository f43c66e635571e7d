import { Module } from '@nestjs/common';
import { OrdersModule } from '@lib/orders';
import { PositionsModule } from '@lib/positions';
import { FundingJob } from './application/funding/funding-job';
import { FundingRates } from './application/funding/funding-rates';
import { FundingSettler } from './application/funding/funding-settler';
import { PerpetualMarkets } from './application/funding/perpetual-markets';
import { PremiumSampler } from './application/funding/premium-sampler';
import { FundingRepository } from './application/ports/funding.repository.port';
import { GetFundingRateHandler, ListFundingHistoryHandler } from './application/queries/funding-queries.handlers';
import { SqlFundingRepository } from './infrastructure/repositories/sql-funding.repository';

/**
 * The risk context (issue 15, docs/risk.md): premium sampling and funding,
 * the perpetual mark price, margin monitoring and liquidation. It acts on
 * positions only through commands in the markets' turns (the orders
 * context's deciders) and on money only through ledger intents.
 */
@Module({
  imports: [OrdersModule, PositionsModule],
  providers: [
    { provide: FundingRepository, useClass: SqlFundingRepository },
    PerpetualMarkets,
    FundingRates,
    FundingSettler,
    PremiumSampler,
    FundingJob,
    GetFundingRateHandler,
    ListFundingHistoryHandler,
  ],
  exports: [FundingSettler, FundingJob, PremiumSampler],
})
export class RiskModule {}

import { Global, Module } from '@nestjs/common';
import { OrdersModule, PreTradeRisk } from '@lib/orders';
import { PositionsModule } from '@lib/positions';
import { FundingReader } from './application/funding-reader';
import { GetAdlRanksHandler } from './application/queries/get-adl-ranks/get-adl-ranks.handler';
import { LiquidationEngine } from './application/liquidation/liquidation-engine';
import { LiquidationMonitor } from './application/liquidation/liquidation-monitor';
import { ComputeMarkPriceHandler } from './application/queries/compute-mark-price/compute-mark-price.handler';
import { GetPerpFundingHandler } from './application/queries/compute-mark-price/get-perp-funding.handler';
import { FundingJob } from './application/funding/funding-job';
import { FundingRates } from './application/funding/funding-rates';
import { FundingSettler } from './application/funding/funding-settler';
import { PerpetualMarkets } from './application/funding/perpetual-markets';
import { PremiumSampler } from './application/funding/premium-sampler';
import { FundingRepository } from './application/ports/funding.repository.port';
import { GetFundingRateHandler, ListFundingHistoryHandler } from './application/queries/funding-queries.handlers';
import { SqlFundingRepository } from './infrastructure/repositories/sql-funding.repository';
import { ArmKillSwitchHandler, ClearKillSwitchHandler, GetKillSwitchesHandler } from './application/kill-switch/kill-switch.commands';
import { KillSwitchGuard } from './application/kill-switch/kill-switch-guard';
import { KillSwitchWatcher } from './application/kill-switch/kill-switch-watcher';
import { KillSwitches } from './application/kill-switch/kill-switches';
import { KillSwitchRepository } from './application/ports/kill-switch.repository.port';
import { RiskPreTrade } from './application/pre-trade/risk-pre-trade';
import { SqlKillSwitchRepository } from './infrastructure/repositories/sql-kill-switch.repository';
import { ReconciliationJob } from './application/reconciliation/reconciliation-job';
import { ReconciliationSnapshot } from './application/reconciliation/reconciliation-snapshot';

/**
 * The risk context (issue 15, docs/risk.md): premium sampling and funding,
 * the perpetual mark price, margin monitoring and liquidation. It acts on
 * positions only through commands in the markets' turns (its deciders, run
 * by the orders context's MarketTurns) and on money only through ledger
 * intents. Global: it provides the orders context's PreTradeRisk port
 * (dependency inversion: orders declares the port, risk implements it).
 */
@Global()
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
    FundingReader,
    ComputeMarkPriceHandler,
    GetPerpFundingHandler,
    GetAdlRanksHandler,
    LiquidationEngine,
    LiquidationMonitor,
    ReconciliationJob,
    ReconciliationSnapshot,
    { provide: KillSwitchRepository, useClass: SqlKillSwitchRepository },
    KillSwitches,
    KillSwitchGuard,
    KillSwitchWatcher,
    ArmKillSwitchHandler,
    ClearKillSwitchHandler,
    GetKillSwitchesHandler,
    { provide: PreTradeRisk, useClass: RiskPreTrade },
  ],
  exports: [FundingSettler, FundingJob, PremiumSampler, LiquidationMonitor, ReconciliationJob, KillSwitches, KillSwitchGuard, KillSwitchWatcher, PreTradeRisk],
})
export class RiskModule {}

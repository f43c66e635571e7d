// The risk context (issue 15): mark price, funding, margin monitoring, liquidation (docs/risk.md).
export * from './domain';
export { GetFundingRateQuery, type FundingRateView } from './application/queries/get-funding-rate.query';
export { ListFundingHistoryQuery, type FundingHistoryView } from './application/queries/list-funding-history.query';
export type { FundingRecord, FundingHistoryPage } from './application/ports/funding.repository.port';
export { FUNDING_PAID, RISK_EVENT_VERSION, type FundingPaidV1 } from './application/events';
export { decideFunding, type FundingOutcome } from './application/deciders/fund.decider';
export { FundingSettler, type SettleResult } from './application/funding/funding-settler';
export { FundingJob, FUNDING_LEASE, CATCH_UP_INTERVALS } from './application/funding/funding-job';
export { PremiumSampler, PREMIUM_LEASE } from './application/funding/premium-sampler';
export { RiskModule } from './risk.module';
export { LiquidationMonitor } from './application/liquidation/liquidation-monitor';
export { POSITION_LIQUIDATED, type PositionLiquidatedV1 } from './application/liquidation/liquidation-events';
export { MARGIN_CALL, type MarginCallV1 } from './application/liquidation/margin-call';
export { GetAdlRanksQuery } from './application/queries/get-adl-ranks/get-adl-ranks.query';
export { RISK_ENTITIES, RISK_MIGRATIONS } from './infrastructure/schema';
export { fundingViewOf, type FundingPaymentView } from './application/funding-view';

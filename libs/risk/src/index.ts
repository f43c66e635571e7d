// The risk context (issue 15): mark price, funding, margin monitoring, liquidation (docs/risk.md).
export * from './domain';
export { GetFundingRateQuery, type FundingRateView } from './application/queries/get-funding-rate.query';
export { RiskModule } from './risk.module';
export { LiquidationMonitor } from './application/liquidation/liquidation-monitor';
export { POSITION_LIQUIDATED, type PositionLiquidatedV1 } from './application/liquidation/liquidation-events';
export { MARGIN_CALL, type MarginCallV1 } from './application/liquidation/margin-call';
export { GetAdlRanksQuery } from './application/queries/get-adl-ranks/get-adl-ranks.query';

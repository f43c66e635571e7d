// The public face of the portfolio context.
export { PortfolioModule } from './portfolio.module';
export { GetPortfolioQuery } from './application/queries/get-portfolio/get-portfolio.query';
export { GetPortfolioSummaryQuery } from './application/queries/get-portfolio-summary/get-portfolio-summary.query';
export { GetPortfolioPerformanceQuery } from './application/queries/get-portfolio-performance/get-portfolio-performance.query';
export { GetPortfolioRiskQuery } from './application/queries/get-portfolio-risk/get-portfolio-risk.query';
export { TakeSnapshotsCommand } from './application/commands/take-snapshots/take-snapshots.command';
export type * from './application/views';
export type * from './application/risk-views';
export {
  PortfolioError,
  PortfolioErrorCode,
  PERFORMANCE_INTERVALS,
  DEFAULT_RISK_WINDOW_DAYS,
  RISK_WINDOW_DAYS,
  type RiskWindowDays,
  VALUATION_CURRENCY,
  VALUATION_DECIMALS,
  type PerformanceInterval,
} from './domain';
export { PORTFOLIO_ENTITIES, PORTFOLIO_MIGRATIONS } from './infrastructure/schema';

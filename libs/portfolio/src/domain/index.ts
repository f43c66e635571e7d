export * from './cost-basis';
export * from './valuation';
export * from './performance';
export { PortfolioError, PortfolioErrorCode } from './portfolio.error';
export * from './fill';
export * from './exact-rounding';
export * from './risk-statistics';
export * from './risk-metrics';
export * from './risk-simulation';

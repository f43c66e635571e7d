export * from './cost-basis';
export * from './valuation';
export * from './performance';
export { PortfolioError, PortfolioErrorCode } from './portfolio.error';
export * from './fill';

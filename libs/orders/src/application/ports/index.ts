export * from './market-specs.port';
export * from './order.repository.port';
export * from './pre-trade-risk.port';

export * from './market-specs.port';
export * from './order.repository.port';

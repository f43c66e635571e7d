export * from './instrument-catalog.port';
export * from './instrument.repository.port';
export * from './asset-directory.port';
export * from './market-audit.port';
export * from './price-history.port';
export * from './price-source.port';
export * from './feed-monitor.port';
export * from './price-shocks.port';

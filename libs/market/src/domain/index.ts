export * from './market.error';
export * from './instrument';
export * from './instrument-spec';
export * from './price-walk';
export * from './candles';
export * from './ticker';
export * from './price-shock';
export * from './history-series';

export * from './rates';
export * from './funding';
export * from './mark-price';
export * from './liquidation-index';

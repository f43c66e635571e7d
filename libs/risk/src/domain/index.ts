export * from './rates';
export * from './funding-schedule';
export * from './funding';
export * from './mark-price';
export * from './liquidation-index';
export * from './basis-window';
export * from './risk.error';
export * from './kill-switch';

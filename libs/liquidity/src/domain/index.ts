export * from './system-accounts';
export * from './ladder';
export * from './quote-plan';
export * from './funding';
export * from './noise';
export * from './daily-pnl';
export * from './inventory';

// The public face of the liquidity context.
export { LiquidityModule } from './liquidity.module';
export { MARKET_MAKER_ACCOUNT_ID, NOISE_TRADER_ACCOUNT_ID, LiquidityRole } from './domain';
export { LIQUIDITY_LEASE } from './infrastructure/liquidity-runner';

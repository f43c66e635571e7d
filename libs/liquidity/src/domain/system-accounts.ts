/**
 * The liquidity bots trade as system accounts: fixed owner ids in the wallet
 * and orders contexts, never users (no credentials, no row in auth.users, so
 * nobody can log in as them). Their balances come from the ledger like
 * anyone's (EXTERNAL -> SPOT adjustments with stable references), so the
 * reconcile report covers them.
 */
export const MARKET_MAKER_ACCOUNT_ID = '5e1f0000-0000-4000-8000-00000000a001';
export const NOISE_TRADER_ACCOUNT_ID = '5e1f0000-0000-4000-8000-00000000a002';

export enum LiquidityRole {
  MARKET_MAKER = 'market-maker',
  NOISE_TRADER = 'noise-trader',
}

export function accountOf(role: LiquidityRole): string {
  return role === LiquidityRole.MARKET_MAKER ? MARKET_MAKER_ACCOUNT_ID : NOISE_TRADER_ACCOUNT_ID;
}

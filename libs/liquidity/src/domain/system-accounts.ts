import { MARKET_MAKER_ACCOUNT_ID, NOISE_TRADER_ACCOUNT_ID } from '@lib/kernel';

/**
 * The liquidity bots trade as system accounts: fixed owner ids in the wallet
 * and orders contexts, never users (no credentials, no row in auth.users, so
 * nobody can log in as them). Their balances come from the ledger like
 * anyone's (EXTERNAL -> SPOT adjustments with stable references), so the
 * reconcile report covers them.
 */

// Defined in the kernel (reserved prefix): retention jobs in other contexts must recognise them too.
export { MARKET_MAKER_ACCOUNT_ID, NOISE_TRADER_ACCOUNT_ID };

export enum LiquidityRole {
  MARKET_MAKER = 'market-maker',
  NOISE_TRADER = 'noise-trader',
}

export function accountOf(role: LiquidityRole): string {
  return role === LiquidityRole.MARKET_MAKER ? MARKET_MAKER_ACCOUNT_ID : NOISE_TRADER_ACCOUNT_ID;
}

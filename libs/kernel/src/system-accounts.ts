/**
 * Owner ids reserved for system accounts (the built-in liquidity bots): they
 * trade and hold balances like users but have no login and no row in
 * auth.users. They share one reserved prefix, so retention jobs can tell
 * their rows from users' (whose ids are random v4 UUIDs) with one prefix
 * test, in code and in SQL, and a new system account needs no schema change.
 */
export const SYSTEM_ACCOUNT_ID_PREFIX = '5e1f0000-0000-4000-8000-';

export const MARKET_MAKER_ACCOUNT_ID = `${SYSTEM_ACCOUNT_ID_PREFIX}00000000a001`;
export const NOISE_TRADER_ACCOUNT_ID = `${SYSTEM_ACCOUNT_ID_PREFIX}00000000a002`;

/** True for a system account's owner id, false for any user's. */
export function isSystemAccountId(id: string): boolean {
  return id.startsWith(SYSTEM_ACCOUNT_ID_PREFIX);
}

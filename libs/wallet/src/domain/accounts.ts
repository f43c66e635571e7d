/** A user holds one SPOT and one MARGIN account per asset. */
export enum UserAccountKind {
  SPOT = 'SPOT',
  MARGIN = 'MARGIN',
}

/**
 * Platform accounts, one per asset. EXTERNAL mirrors the outside world
 * (deposits come from it, withdrawals go to it): its balance is minus what
 * users hold. It and CLEARING are the only accounts whose available balance
 * may go negative (NEGATIVE_SYSTEM_ACCOUNTS).
 */
export enum SystemAccountKind {
  EXTERNAL = 'EXTERNAL',
  FEES = 'FEES',
  INSURANCE_FUND = 'INSURANCE_FUND',
  /**
   * The counterparty of realized perpetual PnL, one per settlement asset: it
   * pays profits and takes losses, so it holds what the open positions' entry
   * values imply (docs/positions.md): it may be negative.
   */
  CLEARING = 'CLEARING',
}

export type AccountKind = UserAccountKind | SystemAccountKind;

export enum Bucket {
  AVAILABLE = 'AVAILABLE',
  LOCKED = 'LOCKED',
}

/** Which account a posting touches, before the account row's id is known. */
export type AccountRef =
  | { readonly owner: 'user'; readonly userId: string; readonly kind: UserAccountKind; readonly asset: string }
  | { readonly owner: 'system'; readonly kind: SystemAccountKind; readonly asset: string };

export const userAccount = (userId: string, kind: UserAccountKind, asset: string): AccountRef => ({ owner: 'user', userId, kind, asset });
export const systemAccount = (kind: SystemAccountKind, asset: string): AccountRef => ({ owner: 'system', kind, asset });

/** Stable text key of an account reference (map keys, lock ordering). */
export function accountKey(ref: AccountRef): string {
  return ref.owner === 'user' ? `user:${ref.userId}:${ref.kind}:${ref.asset}` : `system:${ref.kind}:${ref.asset}`;
}

/** The system accounts whose available balance may be below zero (the database's accounts_available_check says the same). */
export const NEGATIVE_SYSTEM_ACCOUNTS: readonly SystemAccountKind[] = [SystemAccountKind.EXTERNAL, SystemAccountKind.CLEARING];

export function mayGoNegative(ref: AccountRef): boolean {
  return ref.owner === 'system' && NEGATIVE_SYSTEM_ACCOUNTS.includes(ref.kind);
}

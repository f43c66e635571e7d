import { formatUnits } from '@lib/kernel';
import type { NewIntegrationEvent } from '@lib/platform';
import { UserAccountKind } from '../domain';

export const BALANCE_CHANGED = 'wallet.BalanceChanged';

/**
 * The integration event emitted for every user account a ledger transaction
 * changes: the account's absolute balance after it. Amounts are exact decimal
 * strings with exactly the asset's decimals as fraction digits ("1.500000" for
 * USDT), which the socket view sends as they are. Version 1, its first shape:
 * no `version` field (docs/events.md).
 */
export type BalanceChangedPayload = {
  readonly version?: 1;
  readonly userId: string;
  readonly account: UserAccountKind;
  readonly asset: string;
  readonly available: string;
  readonly locked: string;
  /** available + locked. */
  readonly total: string;
  /** The last new ledger transaction of the batch that touched the account, and its entry type. */
  readonly transactionId: string;
  readonly entryType: string;
};

declare module '@lib/platform' {
  interface IntegrationEventMap {
    [BALANCE_CHANGED]: BalanceChangedPayload;
  }
}

export interface BalanceChange {
  readonly userId: string;
  readonly account: UserAccountKind;
  readonly asset: { readonly code: string; readonly decimals: number };
  /** In the asset's smallest units. */
  readonly available: bigint;
  readonly locked: bigint;
  readonly transactionId: string;
  readonly entryType: string;
}

/** The one place the payload is made. */
export function balanceChangedEvent(change: BalanceChange): NewIntegrationEvent<typeof BALANCE_CHANGED> {
  const { decimals } = change.asset;
  return {
    type: BALANCE_CHANGED,
    payload: {
      userId: change.userId,
      account: change.account,
      asset: change.asset.code,
      available: formatUnits(change.available, decimals),
      locked: formatUnits(change.locked, decimals),
      total: formatUnits(change.available + change.locked, decimals),
      transactionId: change.transactionId,
      entryType: change.entryType,
    },
  };
}

import { UserAccountKind } from '../domain';

export const BALANCE_CHANGED = 'wallet.BalanceChanged';

/** Payload of the integration event emitted for every user account a ledger transaction changes. */
export interface BalanceChangedPayload {
  readonly userId: string;
  readonly account: UserAccountKind;
  readonly asset: string;
  readonly available: string;
  readonly locked: string;
  readonly total: string;
  readonly transactionId: string;
  readonly entryType: string;
  readonly [key: string]: string;
}

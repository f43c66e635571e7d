import { Query } from '@nestjs/cqrs';

/** An account whose locked balance is not zero, or that has pending withdrawals (what they hold). */
export interface LockedBalance {
  /** The user (the nil UUID for a system account). */
  readonly ownerId: string;
  /** SPOT or MARGIN for a user; a system account's kind (its locked balance should be 0). */
  readonly kind: string;
  readonly asset: string;
  /** The stored locked balance, smallest units. */
  readonly locked: bigint;
  /** Σ of the owner's PENDING withdrawals of the asset (held on SPOT.locked from request to completion or cancel). */
  readonly pendingWithdrawals: bigint;
}

/** What the continuous reconciliation reads of the wallet beside the ledger report (integers, smallest units). */
export interface ReconcileBalances {
  /** Every asset of the catalog and its decimals (to write the report's amounts). */
  readonly decimals: ReadonlyMap<string, number>;
  readonly locked: readonly LockedBalance[];
  /** The CLEARING account's balance per asset (its available bucket; the account may be negative). */
  readonly clearing: readonly { readonly asset: string; readonly balance: bigint }[];
}

/**
 * The locked side of every account with its wallet-owned explanation (pending
 * withdrawals) and the CLEARING balances, for the reconciliation's locked-funds
 * and clearing checks (risk context). Run it inside the caller's snapshot
 * (a REPEATABLE READ transaction) with the other contexts' reads it is compared to.
 */
export class GetReconcileBalancesQuery extends Query<ReconcileBalances> {}

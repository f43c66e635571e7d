import { AccountRef, LedgerTransaction } from '../../domain';

export interface AccountBalance {
  readonly accountId: string;
  readonly account: AccountRef;
  readonly available: bigint;
  readonly locked: bigint;
}

export type PostOutcome =
  | { readonly kind: 'posted'; readonly transactionId: string; readonly balances: readonly AccountBalance[] }
  /** The reference was posted before: nothing changed (a retry). */
  | { readonly kind: 'duplicate'; readonly transactionId: string }
  /** A balance would go negative: nothing changed. */
  | { readonly kind: 'insufficient'; readonly account: AccountRef; readonly available: bigint; readonly needed: bigint };

export abstract class LedgerRepository {
  /**
   * Applies a balanced transaction inside the ambient transaction: creates
   * missing accounts, locks the touched account rows in id order (so
   * concurrent postings never deadlock), checks that no balance goes negative,
   * then writes the transaction, its postings and the new balances. Decides
   * before writing: an insufficient balance changes nothing and aborts nothing.
   */
  abstract post(transaction: LedgerTransaction, now: Date): Promise<PostOutcome>;
  /** Creates the account if missing and locks its row for the rest of the transaction. */
  abstract lock(account: AccountRef): Promise<AccountBalance>;
  /** Sum of DEPOSIT credits to the user's SPOT account of this asset since `since`. */
  abstract depositedSince(userId: string, asset: string, since: Date): Promise<bigint>;
}

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

/** A batch: every transaction posted (or found a duplicate), or nothing written at all. */
export type BatchOutcome =
  | {
      readonly kind: 'posted';
      /** Per transaction, in order: its id and whether it had been posted before. */
      readonly results: readonly { readonly transactionId: string; readonly duplicate: boolean }[];
      /** The final balances of the accounts the new transactions touched. */
      readonly balances: readonly AccountBalance[];
    }
  /** `index`: the first transaction (in order) that would overdraw `account`. */
  | { readonly kind: 'insufficient'; readonly index: number; readonly account: AccountRef; readonly available: bigint; readonly needed: bigint };

/** An optimistic posting hit an account's balance constraint: the transaction is aborted; post again carefully to learn which entry. */
export class OptimisticPostingRefused extends Error {
  constructor() {
    super('an optimistic ledger posting would overdraw an account');
  }
}

export abstract class LedgerRepository {
  /**
   * Applies a balanced transaction inside the ambient transaction: creates
   * missing accounts, locks the touched account rows in id order (so
   * concurrent postings never deadlock), checks that no balance goes negative,
   * then writes the transaction, its postings and the new balances. Decides
   * before writing: an insufficient balance changes nothing and aborts nothing.
   */
  abstract post(transaction: LedgerTransaction, now: Date): Promise<PostOutcome>;
  /**
   * Several transactions with ONE round of account locks (all their accounts,
   * in id order), so a command that holds and settles in one database
   * transaction never takes locks in two rounds (two rounds can deadlock with
   * another market's command). Balances are checked after each transaction in
   * order, as if posted one by one. `optimistic`: when every account is
   * known, lock and write in ONE statement, the balance check left to the
   * accounts' constraints (OptimisticPostingRefused on an overdraft, the
   * caller's transaction then aborted).
   */
  abstract postMany(transactions: readonly LedgerTransaction[], now: Date, options?: { optimistic?: boolean }): Promise<BatchOutcome>;
  /** Creates the account if missing and locks its row for the rest of the transaction. */
  abstract lock(account: AccountRef): Promise<AccountBalance>;
  /** Sum of DEPOSIT credits to the user's SPOT account of this asset since `since`. */
  abstract depositedSince(userId: string, asset: string, since: Date): Promise<bigint>;
}

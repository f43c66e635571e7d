import { AccountRef, Bucket, accountKey, systemAccount, SystemAccountKind, userAccount, UserAccountKind } from './accounts';
import { WalletError, WalletErrorCode } from './wallet.error';

export enum LedgerEntryType {
  DEPOSIT = 'DEPOSIT',
  WITHDRAWAL_HOLD = 'WITHDRAWAL_HOLD',
  WITHDRAWAL = 'WITHDRAWAL',
  WITHDRAWAL_CANCEL = 'WITHDRAWAL_CANCEL',
  TRANSFER = 'TRANSFER',
  HOLD = 'HOLD',
  RELEASE = 'RELEASE',
  TRADE = 'TRADE',
  FEE = 'FEE',
  ADJUSTMENT = 'ADJUSTMENT',
  /** Perpetual funding between longs and shorts (issue 15). */
  FUNDING = 'FUNDING',
}

export interface Posting {
  readonly account: AccountRef;
  readonly bucket: Bucket;
  /** Signed integer in the asset's smallest unit: positive credits, negative debits. */
  readonly amount: bigint;
}

/**
 * One balanced change of the ledger. Its postings sum to zero per asset, none
 * is zero, and its reference is the business key that makes a retry a no-op.
 */
export class LedgerTransaction {
  private constructor(
    readonly type: LedgerEntryType,
    readonly reference: string,
    readonly postings: readonly Posting[],
    readonly metadata: Readonly<Record<string, string>>,
  ) {}

  static create(input: { type: LedgerEntryType; reference: string; postings: readonly Posting[]; metadata?: Record<string, string> }): LedgerTransaction {
    const { type, reference, postings } = input;
    if (reference.length === 0 || reference.length > 200) throw unbalanced('a reference of 1 to 200 characters is required');
    if (postings.length < 2) throw unbalanced('a transaction needs at least two postings');
    const sums = new Map<string, bigint>();
    for (const posting of postings) {
      if (posting.amount === 0n) throw unbalanced(`zero posting on ${accountKey(posting.account)}`);
      sums.set(posting.account.asset, (sums.get(posting.account.asset) ?? 0n) + posting.amount);
    }
    for (const [asset, sum] of sums) if (sum !== 0n) throw unbalanced(`postings of ${asset} sum to ${sum}, not zero`);
    return new LedgerTransaction(type, reference, postings, input.metadata ?? {});
  }

  /** Net change per account and bucket, so each account row is updated once. */
  deltas(): Map<string, { account: AccountRef; available: bigint; locked: bigint }> {
    const result = new Map<string, { account: AccountRef; available: bigint; locked: bigint }>();
    for (const { account, bucket, amount } of this.postings) {
      const key = accountKey(account);
      const entry = result.get(key) ?? { account, available: 0n, locked: 0n };
      if (bucket === Bucket.AVAILABLE) entry.available += amount;
      else entry.locked += amount;
      result.set(key, entry);
    }
    return result;
  }
}

function unbalanced(message: string): WalletError {
  return new WalletError(WalletErrorCode.UNBALANCED_TRANSACTION, message);
}

/** The ledger shapes of the wallet's own operations. */
export const Entries = {
  deposit(userId: string, asset: string, amount: bigint, reference: string): LedgerTransaction {
    return LedgerTransaction.create({
      type: LedgerEntryType.DEPOSIT,
      reference,
      postings: [
        { account: systemAccount(SystemAccountKind.EXTERNAL, asset), bucket: Bucket.AVAILABLE, amount: -amount },
        { account: userAccount(userId, UserAccountKind.SPOT, asset), bucket: Bucket.AVAILABLE, amount },
      ],
    });
  },

  /** Moves funds between the available and locked buckets of one account (order holds, pending withdrawals). */
  lock(type: LedgerEntryType, account: AccountRef, amount: bigint, reference: string, metadata?: Record<string, string>): LedgerTransaction {
    return LedgerTransaction.create({
      type,
      reference,
      metadata,
      postings: [
        { account, bucket: Bucket.AVAILABLE, amount: -amount },
        { account, bucket: Bucket.LOCKED, amount },
      ],
    });
  },

  unlock(type: LedgerEntryType, account: AccountRef, amount: bigint, reference: string, metadata?: Record<string, string>): LedgerTransaction {
    return LedgerTransaction.create({
      type,
      reference,
      metadata,
      postings: [
        { account, bucket: Bucket.LOCKED, amount: -amount },
        { account, bucket: Bucket.AVAILABLE, amount },
      ],
    });
  },

  withdrawal(userId: string, asset: string, amount: bigint, reference: string): LedgerTransaction {
    return LedgerTransaction.create({
      type: LedgerEntryType.WITHDRAWAL,
      reference,
      postings: [
        { account: userAccount(userId, UserAccountKind.SPOT, asset), bucket: Bucket.LOCKED, amount: -amount },
        { account: systemAccount(SystemAccountKind.EXTERNAL, asset), bucket: Bucket.AVAILABLE, amount },
      ],
    });
  },

  transfer(userId: string, asset: string, amount: bigint, from: UserAccountKind, to: UserAccountKind, reference: string): LedgerTransaction {
    if (from === to) throw new WalletError(WalletErrorCode.SAME_ACCOUNT_TRANSFER, 'from and to must be different accounts');
    return LedgerTransaction.create({
      type: LedgerEntryType.TRANSFER,
      reference,
      postings: [
        { account: userAccount(userId, from, asset), bucket: Bucket.AVAILABLE, amount: -amount },
        { account: userAccount(userId, to, asset), bucket: Bucket.AVAILABLE, amount },
      ],
    });
  },

  /** Signed: a positive amount credits the user, a negative one debits; EXTERNAL takes the other side. */
  adjustment(userId: string, kind: UserAccountKind, asset: string, amount: bigint, reference: string, metadata: Record<string, string>): LedgerTransaction {
    return LedgerTransaction.create({
      type: LedgerEntryType.ADJUSTMENT,
      reference,
      metadata,
      postings: [
        { account: systemAccount(SystemAccountKind.EXTERNAL, asset), bucket: Bucket.AVAILABLE, amount: -amount },
        { account: userAccount(userId, kind, asset), bucket: Bucket.AVAILABLE, amount },
      ],
    });
  },
};

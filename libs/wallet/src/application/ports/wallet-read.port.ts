import { LedgerEntryType, SystemAccountKind, UserAccountKind, Bucket } from '../../domain';
import type { InsuranceFundMovement } from '../queries/get-insurance-fund/get-insurance-fund.query';

export interface BalanceRow {
  readonly kind: UserAccountKind;
  readonly asset: string;
  readonly available: bigint;
  readonly locked: bigint;
}

export interface HistoryRow {
  readonly id: bigint;
  readonly transactionId: string;
  readonly type: LedgerEntryType;
  readonly account: UserAccountKind;
  readonly asset: string;
  readonly bucket: Bucket;
  readonly amount: bigint;
  readonly createdAt: Date;
}

export interface HistoryFilter {
  readonly asset?: string;
  readonly type?: LedgerEntryType;
  readonly from?: Date;
  readonly to?: Date;
  readonly beforeId?: bigint;
  readonly limit: number;
}

export interface ReconcileRows {
  readonly sums: readonly { asset: string; sum: bigint; postings: number }[];
  readonly mismatched: readonly { accountId: string; ownerId: string; kind: string; asset: string; available: bigint; locked: bigint; postedAvailable: bigint; postedLocked: bigint }[];
  readonly negative: readonly { accountId: string; ownerId: string; kind: string; asset: string; available: bigint; locked: bigint }[];
}

export interface LockedAndClearingRows {
  readonly locked: readonly { ownerId: string; kind: string; asset: string; locked: bigint; pendingWithdrawals: bigint }[];
  readonly clearing: readonly { asset: string; balance: bigint }[];
}

/** Read models: plain SQL, no locks. */
export abstract class WalletReadModel {
  abstract balances(userId: string): Promise<BalanceRow[]>;
  abstract available(userId: string, kind: UserAccountKind, asset: string): Promise<bigint>;
  /** Several accounts' available units in one statement, in the order asked (0 for a missing account). */
  abstract availableMany(refs: readonly { userId: string; kind: UserAccountKind; asset: string }[]): Promise<bigint[]>;
  abstract history(userId: string, filter: HistoryFilter): Promise<HistoryRow[]>;
  abstract reconcile(): Promise<ReconcileRows>;
  /** Accounts with a locked balance or pending withdrawals (with their sum), and every CLEARING balance (GetReconcileBalancesQuery). */
  abstract lockedAndClearing(): Promise<LockedAndClearingRows>;
  /** Σ of the TRADE and FUNDING postings on the user's MARGIN account of the asset since `since` (GetMarginDayResultQuery). */
  abstract marginResultSince(userId: string, asset: string, since: Date): Promise<bigint>;
  /** A system account's available balance per asset (0 where it has no account yet). */
  abstract systemAvailable(kind: SystemAccountKind, assets: readonly string[]): Promise<Map<string, bigint>>;
  /** A system account's postings, newest first, before `beforeId`. */
  abstract systemHistory(kind: SystemAccountKind, filter: { readonly asset?: string; readonly beforeId?: bigint; readonly limit: number }): Promise<InsuranceFundMovement[]>;
}

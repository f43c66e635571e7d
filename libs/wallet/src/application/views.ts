import { LedgerEntryType, UserAccountKind, WalletError, WithdrawalStatus } from '../domain';

/** Decimal strings at the asset's scale: never numbers. */
export interface BalanceView {
  readonly asset: string;
  readonly available: string;
  readonly locked: string;
  readonly total: string;
}

export interface WalletView {
  readonly accounts: readonly { readonly account: UserAccountKind; readonly balances: readonly BalanceView[] }[];
}

export interface AssetBalanceView {
  readonly asset: string;
  readonly decimals: number;
  readonly spot: Omit<BalanceView, 'asset'>;
  readonly margin: Omit<BalanceView, 'asset'>;
}

export interface DepositView {
  readonly transactionId: string;
  readonly asset: string;
  readonly amount: string;
  readonly balance: BalanceView;
}

export interface TransferView {
  readonly transactionId: string;
  readonly asset: string;
  readonly amount: string;
  readonly from: UserAccountKind;
  readonly to: UserAccountKind;
}

export interface WithdrawalView {
  readonly id: string;
  readonly asset: string;
  readonly amount: string;
  readonly address: string;
  readonly status: WithdrawalStatus;
  readonly requestedAt: string;
  readonly completesAt: string;
  readonly finishedAt: string | null;
  /** Since when it is held (its owner is suspended); null when it is not. */
  readonly heldAt: string | null;
}

export interface HistoryEntryView {
  readonly id: string;
  readonly transactionId: string;
  readonly type: LedgerEntryType;
  readonly account: UserAccountKind;
  readonly asset: string;
  readonly bucket: 'AVAILABLE' | 'LOCKED';
  /** Signed: positive credits, negative debits. */
  readonly amount: string;
  readonly createdAt: string;
}

export interface AdjustmentView {
  readonly transactionId: string;
  readonly userId: string;
  readonly asset: string;
  readonly amount: string;
  readonly reason: string;
}

export interface ReconcileReport {
  readonly ok: boolean;
  readonly assets: readonly { readonly asset: string; readonly postingsSum: string; readonly postings: number; readonly balanced: boolean }[];
  readonly mismatchedAccounts: readonly { readonly accountId: string; readonly ownerId: string; readonly kind: string; readonly asset: string; readonly available: string; readonly locked: string; readonly postedAvailable: string; readonly postedLocked: string }[];
  readonly negativeBalances: readonly { readonly accountId: string; readonly ownerId: string; readonly kind: string; readonly asset: string; readonly available: string; readonly locked: string }[];
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** What a hold, release or settlement did: a repeat of a reference is a no-op reported as duplicate. */
export interface LedgerPostingResult {
  readonly transactionId: string;
  readonly duplicate: boolean;
}

/** A batch refused as a whole: the entry (by index) that would overdraw, and the INSUFFICIENT_BALANCE a client would get for it. */
export interface LedgerRefusal {
  readonly index: number;
  readonly error: WalletError;
}

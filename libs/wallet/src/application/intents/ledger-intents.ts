import { Bucket, Entries, LedgerEntryType, LedgerTransaction, Posting, SystemAccountKind, UserAccountKind, systemAccount, userAccount } from '../../domain';

/**
 * What other contexts ask of the ledger, named for their intention. The
 * wallet alone turns them into postings (its chart of accounts: AVAILABLE and
 * LOCKED buckets, the FEES account); each intent is one balanced ledger
 * transaction with a reference that makes it happen at most once.
 */
export type LedgerIntent = HoldForOrder | ChangeOrderHold | ReleaseOrderHold | SettleSpotTrades | SettlePerpTrades | MoveIsolatedMargin | PayFunding;

/** Locks `amount` of an account's available balance for a new order. */
export interface HoldForOrder {
  readonly kind: 'HOLD_FOR_ORDER';
  readonly orderId: string;
  readonly userId: string;
  readonly account: UserAccountKind;
  readonly asset: string;
  /** > 0. */
  readonly amount: bigint;
}

/** An amended order's hold grows (`change` > 0, locked from available) or shrinks (< 0, released). */
export interface ChangeOrderHold {
  readonly kind: 'CHANGE_ORDER_HOLD';
  readonly orderId: string;
  /** Unique per change of this order (an amend id). */
  readonly changeId: string;
  readonly userId: string;
  readonly account: UserAccountKind;
  readonly asset: string;
  /** Non-zero. */
  readonly change: bigint;
}

/** Gives back what an order that ended (canceled, expired, filled below its limit) still holds. */
export interface ReleaseOrderHold {
  readonly kind: 'RELEASE_ORDER_HOLD';
  readonly symbol: string;
  readonly orderId: string;
  /** The status the order ended with: an order ends once, so it releases once. */
  readonly endedAs: string;
  readonly userId: string;
  readonly account: UserAccountKind;
  readonly asset: string;
  /** > 0. */
  readonly amount: bigint;
}

/** One trade of a spot market in smallest units: the buyer pays quote + fee from its hold, the seller delivers base from its hold. */
export interface SpotTradeLegs {
  readonly buyerId: string;
  readonly sellerId: string;
  readonly base: bigint;
  readonly quote: bigint;
  readonly buyerFee: bigint;
  readonly sellerFee: bigint;
}

/** What the orders of a settled pass still held once they ended, released in the same transaction. */
export interface HoldRelease {
  readonly userId: string;
  readonly asset: string;
  readonly amount: bigint;
}

/**
 * The trades of one matching pass on a spot market, with both fees paid to
 * the platform and the unused holds of the orders the pass ended: one ledger
 * transaction, referenced by its first trade.
 */
export interface SettleSpotTrades {
  readonly kind: 'SETTLE_SPOT_TRADES';
  readonly symbol: string;
  /** The order the pass was for (the taker). */
  readonly orderId: string;
  /** The id of the pass's first trade (its settlement happens once). */
  readonly firstTradeId: string;
  readonly base: string;
  readonly quote: string;
  readonly trades: readonly SpotTradeLegs[];
  readonly releases: readonly HoldRelease[];
}

/**
 * One user's side of one perpetual fill, in the settlement asset's smallest
 * units, on the user's MARGIN account (docs/positions.md, "Money"):
 * LOCKED moves by `isolatedMarginChange - holdSpent`, AVAILABLE by
 * `holdSpent - isolatedMarginChange + realizedPnl - fee - liquidationFee +
 * insuranceCover`; CLEARING pays `realizedPnl` (takes a loss), FEES takes
 * `fee`, the INSURANCE_FUND takes `liquidationFee - insuranceCover`.
 */
export interface PerpTradeLeg {
  readonly userId: string;
  /** The part of the order's hold this fill used (>= 0): it leaves LOCKED. */
  readonly holdSpent: bigint;
  /** What the fill did to the position's isolated margin (0 for cross): it stays in, or leaves, LOCKED. */
  readonly isolatedMarginChange: bigint;
  /** PnL the fill realized (signed), paid by or to CLEARING. */
  readonly realizedPnl: bigint;
  /** >= 0, to FEES. */
  readonly fee: bigint;
  /** A liquidation's fee (>= 0), from what the position has left, to the INSURANCE_FUND (docs/risk.md). */
  readonly liquidationFee?: bigint;
  /** A liquidation's loss beyond what the position had (>= 0), paid by the INSURANCE_FUND. */
  readonly insuranceCover?: bigint;
}

/**
 * The trades of one matching pass on a perpetual market: each fill's two legs
 * (no base asset moves: positions change instead), and what the orders the
 * pass ended still held, released in the same transaction. Referenced by the
 * pass's first trade.
 */
export interface SettlePerpTrades {
  readonly kind: 'SETTLE_PERP_TRADES';
  readonly symbol: string;
  readonly orderId: string;
  readonly firstTradeId: string;
  /** The settlement asset (the quote: USDT). */
  readonly asset: string;
  readonly legs: readonly PerpTradeLeg[];
  /** On MARGIN accounts. */
  readonly releases: readonly HoldRelease[];
}

/** Margin added to (amount > 0: AVAILABLE to LOCKED) or removed from (< 0) an isolated position. */
export interface MoveIsolatedMargin {
  readonly kind: 'MOVE_ISOLATED_MARGIN';
  readonly userId: string;
  readonly symbol: string;
  readonly asset: string;
  /** Unique per move. */
  readonly moveId: string;
  /** Non-zero. */
  readonly amount: bigint;
}

/**
 * One funding time of one perpetual market: each position's payment (< 0
 * paid, > 0 received) on its owner's MARGIN account (an isolated position's
 * out of or into its margin, LOCKED; a cross one's AVAILABLE), and what the
 * payers paid beyond what the receivers got (>= 0) to the INSURANCE_FUND.
 * The payments and the remainder sum to zero. Referenced by (market,
 * funding time): each funding time is settled once.
 */
export interface PayFunding {
  readonly kind: 'PAY_FUNDING';
  readonly symbol: string;
  /** ISO 8601. */
  readonly fundingTime: string;
  readonly asset: string;
  readonly payments: readonly { readonly userId: string; readonly amount: bigint; readonly isolated: boolean }[];
  readonly remainder: bigint;
}

/** The ledger transaction an intent stands for (balanced, or refused as a bug of the caller). */
export function entryOf(intent: LedgerIntent): LedgerTransaction {
  switch (intent.kind) {
    case 'HOLD_FOR_ORDER':
      return Entries.lock(LedgerEntryType.HOLD, userAccount(intent.userId, intent.account, intent.asset), intent.amount, `order:${intent.orderId}:hold`);
    case 'CHANGE_ORDER_HOLD': {
      const type = intent.change > 0n ? LedgerEntryType.HOLD : LedgerEntryType.RELEASE;
      // A shrinking hold is a lock of a negative amount: the same two legs, signs reversed.
      return Entries.lock(type, userAccount(intent.userId, intent.account, intent.asset), intent.change, `order:${intent.orderId}:amend:${intent.changeId}`);
    }
    case 'RELEASE_ORDER_HOLD':
      return Entries.unlock(LedgerEntryType.RELEASE, userAccount(intent.userId, intent.account, intent.asset), intent.amount, `order:${intent.orderId}:release:${intent.endedAs}`, {
        symbol: intent.symbol,
        orderId: intent.orderId,
      });
    case 'SETTLE_SPOT_TRADES':
      return LedgerTransaction.create({
        type: LedgerEntryType.TRADE,
        reference: `trades:${intent.firstTradeId}`,
        postings: settlementPostings(intent),
        metadata: { symbol: intent.symbol, orderId: intent.orderId },
      });
    case 'SETTLE_PERP_TRADES':
      return LedgerTransaction.create({
        type: LedgerEntryType.TRADE,
        reference: `trades:${intent.firstTradeId}`,
        postings: perpSettlementPostings(intent),
        metadata: { symbol: intent.symbol, orderId: intent.orderId },
      });
    case 'PAY_FUNDING':
      return LedgerTransaction.create({
        type: LedgerEntryType.FUNDING,
        reference: `funding:${intent.symbol}:${intent.fundingTime}`,
        postings: fundingPostings(intent),
        metadata: { symbol: intent.symbol, fundingTime: intent.fundingTime },
      });
    case 'MOVE_ISOLATED_MARGIN': {
      const type = intent.amount > 0n ? LedgerEntryType.HOLD : LedgerEntryType.RELEASE;
      return Entries.lock(type, userAccount(intent.userId, UserAccountKind.MARGIN, intent.asset), intent.amount, `position:${intent.userId}:${intent.symbol}:margin:${intent.moveId}`, {
        symbol: intent.symbol,
      });
    }
  }
}

/** The account and amount an intent takes from available funds (a hold, a hold that grows); null when it takes nothing. */
export function fundsTakenBy(intent: LedgerIntent): { readonly userId: string; readonly account: UserAccountKind; readonly asset: string; readonly amount: bigint } | null {
  if (intent.kind === 'HOLD_FOR_ORDER') return intent;
  if (intent.kind === 'CHANGE_ORDER_HOLD' && intent.change > 0n) return { ...intent, amount: intent.change };
  if (intent.kind === 'MOVE_ISOLATED_MARGIN' && intent.amount > 0n) return { ...intent, account: UserAccountKind.MARGIN };
  return null;
}

function settlementPostings(intent: SettleSpotTrades): Posting[] {
  const postings: Posting[] = [];
  const push = (account: Posting['account'], bucket: Bucket, amount: bigint) => {
    if (amount !== 0n) postings.push({ account, bucket, amount });
  };
  const spot = (userId: string, asset: string) => userAccount(userId, UserAccountKind.SPOT, asset);
  for (const t of intent.trades) {
    push(spot(t.buyerId, intent.quote), Bucket.LOCKED, -(t.quote + t.buyerFee));
    push(spot(t.buyerId, intent.base), Bucket.AVAILABLE, t.base);
    push(spot(t.sellerId, intent.base), Bucket.LOCKED, -t.base);
    push(spot(t.sellerId, intent.quote), Bucket.AVAILABLE, t.quote - t.sellerFee);
    push(systemAccount(SystemAccountKind.FEES, intent.quote), Bucket.AVAILABLE, t.buyerFee + t.sellerFee);
  }
  for (const r of intent.releases) {
    push(spot(r.userId, r.asset), Bucket.LOCKED, -r.amount);
    push(spot(r.userId, r.asset), Bucket.AVAILABLE, r.amount);
  }
  return postings;
}

function perpSettlementPostings(intent: SettlePerpTrades): Posting[] {
  const postings: Posting[] = [];
  const push = (account: Posting['account'], bucket: Bucket, amount: bigint) => {
    if (amount !== 0n) postings.push({ account, bucket, amount });
  };
  const margin = (userId: string) => userAccount(userId, UserAccountKind.MARGIN, intent.asset);
  for (const leg of intent.legs) {
    push(margin(leg.userId), Bucket.LOCKED, leg.isolatedMarginChange - leg.holdSpent);
    const toFund = (leg.liquidationFee ?? 0n) - (leg.insuranceCover ?? 0n);
    push(margin(leg.userId), Bucket.AVAILABLE, leg.holdSpent - leg.isolatedMarginChange + leg.realizedPnl - leg.fee - toFund);
    push(systemAccount(SystemAccountKind.CLEARING, intent.asset), Bucket.AVAILABLE, -leg.realizedPnl);
    push(systemAccount(SystemAccountKind.FEES, intent.asset), Bucket.AVAILABLE, leg.fee);
    push(systemAccount(SystemAccountKind.INSURANCE_FUND, intent.asset), Bucket.AVAILABLE, toFund);
  }
  for (const r of intent.releases) {
    push(margin(r.userId), Bucket.LOCKED, -r.amount);
    push(margin(r.userId), Bucket.AVAILABLE, r.amount);
  }
  return postings;
}

function fundingPostings(intent: PayFunding): Posting[] {
  const postings: Posting[] = [];
  for (const p of intent.payments) {
    if (p.amount !== 0n) postings.push({ account: userAccount(p.userId, UserAccountKind.MARGIN, intent.asset), bucket: p.isolated ? Bucket.LOCKED : Bucket.AVAILABLE, amount: p.amount });
  }
  if (intent.remainder !== 0n) postings.push({ account: systemAccount(SystemAccountKind.INSURANCE_FUND, intent.asset), bucket: Bucket.AVAILABLE, amount: intent.remainder });
  return postings;
}

import { Injectable } from '@nestjs/common';
import { Clock } from '@lib/kernel';
import { Bucket, LedgerEntryInput, LedgerEntryType, Posting, SystemAccountKind, UserAccountKind, systemAccount, userAccount } from '@lib/wallet';
import { BookResult, Liquidity, MarketSpec, Order, OrderStatus, OrdersError, OrdersErrorCode, Side } from '../domain';
import { bookChangedEvents, orderUpdatedEvent, tradeEvents } from './events';
import { toFillView, toOrderView } from './order-view';
import { NewTrade, StoredTrade } from './ports';
import { SuspendedTraders } from './suspended-traders';
import { Turn } from './turn';
import { FillView, OrderView } from './views';

/** A staged pass: its trades and the subject's fills, known once the batch is written. */
export interface StagedPass {
  /** The subject's state right after this pass (later commands of the batch may change it). */
  readonly view: OrderView;
  /** The subject's fills of this pass; only after the batch's writes. */
  subjectFills(): FillView[];
}

/**
 * Turns one engine pass into staged writes of the market's turn (see
 * TurnWriter): the makers' and the subject's new states, the trades, ONE
 * ledger transaction (every trade's legs, both fees to FEES, and the unused
 * holds of the orders that ended), and the events. The subject is the order
 * the pass was for (placed, amended or canceled). Makers come from the
 * market's memory (no read).
 */
@Injectable()
export class MatchingPass {
  constructor(
    private readonly clock: Clock,
    private readonly suspended: SuspendedTraders,
  ) {}

  /**
   * `before`: ledger entries of the command that must post with the pass in
   * the same lock round (a new order's hold, an amend's hold change), so a
   * batch locks its balance rows once, in id order, and never deadlocks
   * with another market's batch.
   */
  apply(turn: Turn, spec: MarketSpec, result: BookResult, subject: Order, isNew: boolean, before: readonly LedgerEntryInput[] = []): StagedPass {
    const now = this.clock.now();
    const makers = new Map<string, Order>();
    for (const fill of result.fills) {
      if (makers.has(fill.makerOrderId)) continue;
      const maker = turn.openOrder(fill.makerOrderId);
      if (!maker) throw new Error(`maker order ${fill.makerOrderId} of ${spec.symbol} is not in the market's memory`);
      makers.set(fill.makerOrderId, maker);
    }
    if (this.suspended.any) this.refuseSuspended(spec, subject, isNew, result.fills.length > 0, [...makers.values()]);

    const postings: Posting[] = [];
    const newTrades: NewTrade[] = [];
    for (const fill of result.fills) {
      const maker = makers.get(fill.makerOrderId)!;
      const makerEffect = maker.applyFill(spec, fill.price, fill.quantity, Liquidity.MAKER);
      const takerEffect = subject.applyFill(spec, fill.price, fill.quantity, Liquidity.TAKER);
      const [buyer, seller] = fill.takerSide === Side.BUY ? [subject, maker] : [maker, subject];
      const [buyerFee, sellerFee] = fill.takerSide === Side.BUY ? [takerEffect.fee, makerEffect.fee] : [makerEffect.fee, takerEffect.fee];
      const quote = takerEffect.quote;
      const base = takerEffect.base;
      const spot = (userId: string, asset: string) => userAccount(userId, UserAccountKind.SPOT, asset);
      push(postings, spot(buyer.state.userId, spec.quote), Bucket.LOCKED, -(quote + buyerFee));
      push(postings, spot(buyer.state.userId, spec.base), Bucket.AVAILABLE, base);
      push(postings, spot(seller.state.userId, spec.base), Bucket.LOCKED, -base);
      push(postings, spot(seller.state.userId, spec.quote), Bucket.AVAILABLE, quote - sellerFee);
      push(postings, systemAccount(SystemAccountKind.FEES, spec.quote), Bucket.AVAILABLE, buyerFee + sellerFee);
      newTrades.push({
        symbol: spec.symbol,
        price: fill.price,
        quantity: fill.quantity,
        quote,
        takerSide: fill.takerSide,
        makerOrderId: maker.state.id,
        takerOrderId: subject.state.id,
        makerUserId: maker.state.userId,
        takerUserId: subject.state.userId,
        makerFee: makerEffect.fee,
        takerFee: takerEffect.fee,
        createdAt: now,
      });
    }

    // The engine decides how the subject ended (IOC rest, FOK, market rest, self-trade, cancel).
    const final = result.order;
    if (final && (final.status === OrderStatus.CANCELED || final.status === OrderStatus.EXPIRED)) {
      subject.end(final.status, final.reason);
    }
    const touched = [subject, ...makers.values()];
    for (const order of touched) {
      order.state.updatedAt = now;
      const unused = order.takeUnusedHold();
      if (unused > 0n) {
        const account = userAccount(order.state.userId, UserAccountKind.SPOT, order.state.holdAsset);
        push(postings, account, Bucket.LOCKED, -unused);
        push(postings, account, Bucket.AVAILABLE, unused);
      }
    }

    // Snapshots now: a later command of the batch may change these orders again.
    const orderEvents = touched.map((o) => orderUpdatedEvent(spec, o.state));
    const bookEvent = bookChangedEvents(spec, result);
    let stored: readonly StoredTrade[] | null = null;
    turn.stage({
      orders: touched.map((o) => ({ order: o, isNew: isNew && o === subject })),
      trades: newTrades,
      entries: (trades) => {
        const entries: LedgerEntryInput[] = [...before];
        if (postings.length > 0) {
          const reference = trades.length > 0 ? `trades:${trades[0]!.id}` : `order:${subject.state.id}:release:${subject.state.status}`;
          const type = trades.length > 0 ? LedgerEntryType.TRADE : LedgerEntryType.RELEASE;
          entries.push({ type, reference, postings, metadata: { symbol: spec.symbol, orderId: subject.state.id } });
        }
        return entries;
      },
      events: (trades) => [
        ...orderEvents,
        ...trades.flatMap((t) => tradeEvents(spec, t)),
        ...bookEvent,
      ],
      written: (trades) => {
        stored = trades;
      },
    });
    const userId = subject.state.userId;
    return {
      view: toOrderView(spec, subject.state),
      subjectFills: () => {
        if (stored === null) throw new Error('the fills of a pass are known after the batch is written');
        return stored.map((t) => toFillView(spec, t, userId));
      },
    };
  }

  /**
   * Nothing of a suspended account trades, even before its cancel-all has
   * reached this market: its new order is refused; a pass that would fill one
   * of its orders is refused as a whole (thrown after the book changed, so the
   * batch rolls back and the book is rebuilt) and retried by the caller once
   * the cancel-all, already queued, has taken the order out.
   */
  private refuseSuspended(spec: MarketSpec, subject: Order, isNew: boolean, fills: boolean, makers: readonly Order[]): void {
    if (isNew && this.suspended.has(subject.state.userId)) {
      throw new OrdersError(OrdersErrorCode.ACCOUNT_SUSPENDED, 'This account is suspended: it cannot place orders');
    }
    if (fills && [subject, ...makers].some((o) => this.suspended.has(o.state.userId))) {
      throw new OrdersError(OrdersErrorCode.MARKET_BUSY, `${spec.symbol}: resting orders are being withdrawn; retry shortly`, { symbol: spec.symbol, retryAfterSeconds: 1 });
    }
  }

  /**
   * Several cancels of one command (cancel-all): every release in the
   * batch's one ledger posting. Returns the orders' views as canceled.
   */
  applyCancels(turn: Turn, spec: MarketSpec, passes: readonly { result: BookResult; order: Order }[], reason?: string): OrderView[] {
    if (passes.length === 0) return [];
    const now = this.clock.now();
    const entries: LedgerEntryInput[] = [];
    for (const { result, order } of passes) {
      const final = result.order!;
      order.end(final.status as OrderStatus.CANCELED | OrderStatus.EXPIRED, reason ?? final.reason);
      order.state.updatedAt = now;
      const unused = order.takeUnusedHold();
      if (unused === 0n) continue;
      const account = userAccount(order.state.userId, UserAccountKind.SPOT, order.state.holdAsset);
      entries.push({
        type: LedgerEntryType.RELEASE,
        reference: `order:${order.state.id}:release:${order.state.status}`,
        postings: [
          { account, bucket: Bucket.LOCKED, amount: -unused },
          { account, bucket: Bucket.AVAILABLE, amount: unused },
        ],
        metadata: { symbol: spec.symbol, orderId: order.state.id },
      });
    }
    const views = passes.map(({ order }) => toOrderView(spec, order.state));
    const events = [...passes.map(({ order }) => orderUpdatedEvent(spec, order.state)), ...passes.flatMap(({ result }) => bookChangedEvents(spec, result))];
    turn.stage({
      orders: passes.map(({ order }) => ({ order, isNew: false })),
      trades: [],
      entries: () => entries,
      events: () => events,
    });
    return views;
  }
}

function push(postings: Posting[], account: Posting['account'], bucket: Bucket, amount: bigint): void {
  if (amount !== 0n) postings.push({ account, bucket, amount });
}

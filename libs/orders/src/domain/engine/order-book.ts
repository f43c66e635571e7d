import { levelOf, snapshotLevels, topLevels } from './book-depth';
import { BookPass } from './book-pass';
import { BookSide } from './book-side';
import { canFillInFull } from './fill-or-kill';
import { assertNotCrossed, assertRestable } from './load-checks';
import { match } from './matching';
import {
  AmendOrder,
  BookResult,
  BookSnapshot,
  Depth,
  DepthLevel,
  NewOrder,
  OrderReason,
  OrderState,
  OrderStatus,
  OrderType,
  RestingOrder,
  SelfTradePrevention,
  Side,
  Take,
  TimeInForce,
} from './order-book.types';
import { rejectedState, restingState, stateOf } from './order-state';
import { OrderNode, PriceLevel } from './price-level';

export interface OrderBookOptions {
  /** Applied to orders that do not name a mode. Default EXPIRE_TAKER. */
  readonly selfTradePrevention?: SelfTradePrevention;
}

/**
 * The order book of one market: price-time priority, trades at the maker's price, bigint
 * ticks and lots, no I/O and no clock, so the same sequence of calls always gives the same
 * results. Not re-entrant: the market's sequencer calls it one command at a time.
 *
 * Every call that changes the book is one "pass": it returns the fills and the final
 * aggregate of every level it touched, and bumps `seq` by one, so a stream can publish
 * `{seq, deltas}` and a subscriber can detect a gap.
 *
 * Its parts live beside it: the two sides (book-side.ts, with the takeable walk) and their levels
 * (price-level.ts), the pass bookkeeping (book-pass.ts), the matching walk (matching.ts), the FOK
 * check (fill-or-kill.ts), self-trade prevention (self-trade-prevention.ts), the checks of a
 * reload (load-checks.ts) and the read-only pictures (order-state.ts, book-depth.ts).
 */
export class OrderBook {
  private readonly bids = new BookSide(Side.BUY);
  private readonly asks = new BookSide(Side.SELL);
  private readonly orders = new Map<string, OrderNode>();
  private readonly stpDefault: SelfTradePrevention;
  private readonly pass = new BookPass();
  private nextSequence = 1;

  constructor(
    readonly symbol: string,
    options: OrderBookOptions = {},
  ) {
    this.stpDefault = options.selfTradePrevention ?? SelfTradePrevention.EXPIRE_TAKER;
  }

  /** The sequence of the last pass that changed the book. */
  get seq(): number {
    return this.pass.seq;
  }

  /** Number of resting orders. */
  get size(): number {
    return this.orders.size;
  }

  place(order: NewOrder): BookResult {
    const invalid = this.validate(order);
    if (invalid !== null) return this.refuseNew(order, invalid);
    const opposite = order.side === Side.BUY ? this.asks : this.bids;
    const stp = order.selfTradePrevention ?? this.stpDefault;
    if (order.timeInForce === TimeInForce.POST_ONLY) {
      const best = opposite.best();
      if (best !== undefined && opposite.crosses(best.price, order.price)) {
        return this.refuseNew(order, OrderReason.POST_ONLY_WOULD_TAKE);
      }
    }
    const node = new OrderNode(
      order.id,
      order.ownerId,
      order.side,
      order.type,
      order.timeInForce,
      order.price,
      order.quantity,
      0n,
      order.quantity,
      this.stamp(order.sequence),
    );
    // Checked before anything moves: a FOK that cannot fill leaves no trace.
    if (order.timeInForce === TimeInForce.FOK && !canFillInFull(opposite, node, stp)) {
      node.remaining = 0n;
      return this.pass.close(null, stateOf(node, OrderStatus.EXPIRED, OrderReason.FOK_NOT_FILLABLE));
    }
    this.pass.begin();
    const expired = match(node, opposite, stp, this.orders, this.pass);
    return this.pass.close(null, this.settleTaker(node, expired));
  }

  /** O(1): a Map lookup and an unlink. */
  cancel(orderId: string): BookResult {
    const node = this.orders.get(orderId);
    if (node === undefined) return this.pass.close(OrderReason.ORDER_NOT_FOUND, null);
    this.pass.begin();
    this.takeOut(node);
    this.orders.delete(orderId);
    node.remaining = 0n;
    return this.pass.close(null, stateOf(node, OrderStatus.CANCELED, OrderReason.CANCELED_BY_REQUEST));
  }

  /**
   * `quantity` is the new total (filled part included).
   * - Same price, smaller quantity: changed in place, priority kept.
   * - Larger quantity, or a new price: the order goes to the back of its (new) level with a new
   *   sequence. A new price may cross: the order then trades as a taker first (at the makers'
   *   prices, with self-trade prevention), and its rest rests. A POST_ONLY order whose new price
   *   would take is refused and stays as it was.
   * - A quantity at or below what is already filled ends the order: the rest is canceled
   *   (AMENDED_TO_FILLED), because the owner asked for no more than that.
   * - Nothing different from the order: accepted, no change, no deltas.
   */
  amend(orderId: string, changes: AmendOrder): BookResult {
    const node = this.orders.get(orderId);
    if (node === undefined) return this.pass.close(OrderReason.ORDER_NOT_FOUND, null);
    if (changes.price === undefined && changes.quantity === undefined) return this.refuse(node, OrderReason.INVALID_AMEND);
    const price = changes.price ?? node.price;
    const quantity = changes.quantity ?? node.quantity;
    if (price <= 0n) return this.refuse(node, OrderReason.INVALID_PRICE);
    if (quantity <= 0n) return this.refuse(node, OrderReason.INVALID_QUANTITY);

    if (quantity <= node.filled) {
      this.pass.begin();
      this.takeOut(node);
      this.orders.delete(orderId);
      node.remaining = 0n;
      return this.pass.close(null, stateOf(node, OrderStatus.CANCELED, OrderReason.AMENDED_TO_FILLED));
    }
    if (price === node.price) {
      if (quantity === node.quantity) return this.pass.close(null, restingState(node));
      this.pass.begin();
      const level = node.level as PriceLevel;
      if (quantity < node.quantity) {
        const cut = node.quantity - quantity;
        node.quantity = quantity;
        node.remaining -= cut;
        level.total -= cut;
      } else {
        level.unlink(node);
        level.total -= node.remaining;
        node.quantity = quantity;
        node.remaining = quantity - node.filled;
        node.sequence = this.stamp(changes.sequence);
        level.append(node);
      }
      this.pass.touch(level);
      return this.pass.close(null, restingState(node));
    }

    const opposite = node.side === Side.BUY ? this.asks : this.bids;
    if (node.timeInForce === TimeInForce.POST_ONLY) {
      const best = opposite.best();
      if (best !== undefined && opposite.crosses(best.price, price)) return this.refuse(node, OrderReason.POST_ONLY_WOULD_TAKE);
    }
    this.pass.begin();
    this.takeOut(node);
    this.orders.delete(orderId);
    node.price = price;
    node.quantity = quantity;
    node.remaining = quantity - node.filled;
    node.sequence = this.stamp(changes.sequence);
    const expired = match(node, opposite, this.stpDefault, this.orders, this.pass);
    return this.pass.close(null, this.settleTaker(node, expired));
  }

  /**
   * Replaces the whole book with open orders read from the database, appended in the order
   * given (which must be their priority order). Throws OrderBookError on data no valid
   * history can produce (duplicates, nothing left to rest, a crossed book); the book is then
   * left empty. Bumps `seq` so every stream subscriber sees a gap and resubscribes.
   */
  load(orders: readonly RestingOrder[]): number {
    this.clear();
    try {
      for (const o of orders) {
        assertRestable(o, this.orders);
        const node = new OrderNode(o.id, o.ownerId, o.side, OrderType.LIMIT, o.timeInForce, o.price, o.quantity, o.filled, o.quantity - o.filled, this.stamp(o.sequence));
        (o.side === Side.BUY ? this.bids : this.asks).getOrCreate(o.price).append(node);
        this.orders.set(o.id, node);
      }
      assertNotCrossed(this.bids, this.asks);
    } catch (error) {
      this.clear();
      this.pass.replaced();
      throw error;
    }
    this.pass.replaced();
    return this.orders.size;
  }

  get(orderId: string): OrderState | undefined {
    const node = this.orders.get(orderId);
    return node === undefined ? undefined : restingState(node);
  }

  bestBid(): DepthLevel | null {
    return levelOf(this.bids.best());
  }

  bestAsk(): DepthLevel | null {
    return levelOf(this.asks.best());
  }

  /** What a `side` taker of `ownerId` up to `limit` would trade now, best first, the book unchanged (see BookSide.takeable). */
  takeable(side: Side, ownerId: string, limit: bigint, quantity: bigint): readonly Take[] {
    return (side === Side.BUY ? this.asks : this.bids).takeable(ownerId, limit, quantity);
  }

  /** Up to `levels` aggregated levels per side, best first. */
  depth(levels: number): Depth {
    return { seq: this.pass.seq, bids: topLevels(this.bids, levels), asks: topLevels(this.asks, levels) };
  }

  /** Every level with its orders in priority order. O(orders): not for hot paths. */
  snapshot(): BookSnapshot {
    return { seq: this.pass.seq, bids: snapshotLevels(this.bids), asks: snapshotLevels(this.asks) };
  }

  // ---- helpers ----

  /** After matching: the taker rests, or ends with the status its type and time in force give. */
  private settleTaker(node: OrderNode, expiredBySelfTrade: boolean): OrderState {
    if (expiredBySelfTrade) return this.end(node, OrderStatus.EXPIRED, OrderReason.SELF_TRADE_PREVENTED);
    if (node.remaining === 0n) return stateOf(node, OrderStatus.FILLED, null);
    if (node.type === OrderType.MARKET) return this.end(node, OrderStatus.CANCELED, OrderReason.MARKET_REMAINDER);
    if (node.timeInForce === TimeInForce.IOC || node.timeInForce === TimeInForce.FOK) {
      return this.end(node, OrderStatus.EXPIRED, OrderReason.IOC_REMAINDER);
    }
    const level = (node.side === Side.BUY ? this.bids : this.asks).getOrCreate(node.price);
    level.append(node);
    this.pass.touch(level);
    this.orders.set(node.id, node);
    return restingState(node);
  }

  private validate(order: NewOrder): OrderReason | null {
    if (this.orders.has(order.id)) return OrderReason.DUPLICATE_ORDER_ID;
    if (order.quantity <= 0n) return OrderReason.INVALID_QUANTITY;
    if (order.price <= 0n) return OrderReason.INVALID_PRICE;
    if (order.type === OrderType.MARKET && order.timeInForce === TimeInForce.POST_ONLY) return OrderReason.INVALID_TIME_IN_FORCE;
    return null;
  }

  /** Unlinks a resting order from its level (dropping the level when it empties). */
  private takeOut(node: OrderNode): void {
    const level = node.level as PriceLevel;
    level.unlink(node);
    level.total -= node.remaining;
    this.pass.touch(level);
    if (level.count === 0) (node.side === Side.BUY ? this.bids : this.asks).remove(level);
  }

  private end(node: OrderNode, status: OrderStatus, reason: OrderReason): OrderState {
    node.remaining = 0n;
    return stateOf(node, status, reason);
  }

  private stamp(supplied: number | undefined): number {
    if (supplied === undefined) return this.nextSequence++;
    if (supplied >= this.nextSequence) this.nextSequence = supplied + 1;
    return supplied;
  }

  private refuseNew(order: NewOrder, reason: OrderReason): BookResult {
    return this.pass.refused(reason, rejectedState(order, reason));
  }

  private refuse(node: OrderNode, reason: OrderReason): BookResult {
    return this.pass.close(reason, restingState(node));
  }

  private clear(): void {
    this.bids.clear();
    this.asks.clear();
    this.orders.clear();
  }
}

import { BookSide } from './book-side';
import { OrderBookError, OrderBookErrorCode } from './order-book.error';
import {
  AmendOrder,
  BookResult,
  BookSnapshot,
  Depth,
  DepthLevel,
  Fill,
  LevelDelta,
  NewOrder,
  OrderReason,
  OrderState,
  OrderStatus,
  OrderType,
  RestingOrder,
  SelfTradePrevention,
  Side,
  SnapshotLevel,
  Take,
  TimeInForce,
} from './order-book.types';
import { OrderNode, PriceLevel } from './price-level';

export interface OrderBookOptions {
  /** Applied to orders that do not name a mode. Default EXPIRE_TAKER. */
  readonly selfTradePrevention?: SelfTradePrevention;
}

const NO_FILLS: readonly Fill[] = Object.freeze([]);
const NO_DELTAS: readonly LevelDelta[] = Object.freeze([]);

/**
 * The order book of one market: price-time priority, trades at the maker's price, bigint
 * ticks and lots, no I/O and no clock, so the same sequence of calls always gives the same
 * results. Not re-entrant: the market's sequencer calls it one command at a time.
 *
 * Every call that changes the book is one "pass": it returns the fills and the final
 * aggregate of every level it touched, and bumps `seq` by one, so a stream can publish
 * `{seq, deltas}` and a subscriber can detect a gap.
 */
export class OrderBook {
  private readonly bids = new BookSide(Side.BUY);
  private readonly asks = new BookSide(Side.SELL);
  private readonly orders = new Map<string, OrderNode>();
  private readonly stpDefault: SelfTradePrevention;
  private bookSeq = 0;
  private nextSequence = 1;
  /** Pass scratch: levels changed and fills made by the current pass (reused, never returned). */
  private pass = 0;
  private readonly touched: PriceLevel[] = [];
  private touchedCount = 0;
  private passFills: Fill[] | null = null;

  constructor(
    readonly symbol: string,
    options: OrderBookOptions = {},
  ) {
    this.stpDefault = options.selfTradePrevention ?? SelfTradePrevention.EXPIRE_TAKER;
  }

  /** The sequence of the last pass that changed the book. */
  get seq(): number {
    return this.bookSeq;
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
    if (order.timeInForce === TimeInForce.FOK && !this.canFill(opposite, node, stp)) {
      node.remaining = 0n;
      return this.result(null, this.stateOf(node, OrderStatus.EXPIRED, OrderReason.FOK_NOT_FILLABLE));
    }
    this.pass++;
    const expired = this.match(node, opposite, stp);
    return this.result(null, this.settleTaker(node, expired));
  }

  /** O(1): a Map lookup and an unlink. */
  cancel(orderId: string): BookResult {
    const node = this.orders.get(orderId);
    if (node === undefined) return this.result(OrderReason.ORDER_NOT_FOUND, null);
    this.pass++;
    this.takeOut(node);
    this.orders.delete(orderId);
    node.remaining = 0n;
    return this.result(null, this.stateOf(node, OrderStatus.CANCELED, OrderReason.CANCELED_BY_REQUEST));
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
    if (node === undefined) return this.result(OrderReason.ORDER_NOT_FOUND, null);
    if (changes.price === undefined && changes.quantity === undefined) return this.refuse(node, OrderReason.INVALID_AMEND);
    const price = changes.price ?? node.price;
    const quantity = changes.quantity ?? node.quantity;
    if (price <= 0n) return this.refuse(node, OrderReason.INVALID_PRICE);
    if (quantity <= 0n) return this.refuse(node, OrderReason.INVALID_QUANTITY);

    if (quantity <= node.filled) {
      this.pass++;
      this.takeOut(node);
      this.orders.delete(orderId);
      node.remaining = 0n;
      return this.result(null, this.stateOf(node, OrderStatus.CANCELED, OrderReason.AMENDED_TO_FILLED));
    }
    if (price === node.price) {
      if (quantity === node.quantity) return this.result(null, this.stateOf(node, this.restingStatus(node), null));
      this.pass++;
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
      this.touch(level);
      return this.result(null, this.stateOf(node, this.restingStatus(node), null));
    }

    const opposite = node.side === Side.BUY ? this.asks : this.bids;
    if (node.timeInForce === TimeInForce.POST_ONLY) {
      const best = opposite.best();
      if (best !== undefined && opposite.crosses(best.price, price)) return this.refuse(node, OrderReason.POST_ONLY_WOULD_TAKE);
    }
    this.pass++;
    this.takeOut(node);
    this.orders.delete(orderId);
    node.price = price;
    node.quantity = quantity;
    node.remaining = quantity - node.filled;
    node.sequence = this.stamp(changes.sequence);
    const expired = this.match(node, opposite, this.stpDefault);
    return this.result(null, this.settleTaker(node, expired));
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
        if (o.price <= 0n || o.quantity <= 0n || o.filled < 0n || o.filled >= o.quantity) {
          throw new OrderBookError(OrderBookErrorCode.INVALID_RESTING_ORDER, `Order ${o.id} has nothing valid to rest`, { orderId: o.id });
        }
        if (o.timeInForce !== TimeInForce.GTC && o.timeInForce !== TimeInForce.POST_ONLY) {
          throw new OrderBookError(OrderBookErrorCode.INVALID_RESTING_ORDER, `Order ${o.id} is ${o.timeInForce}: only GTC and POST_ONLY rest`, { orderId: o.id });
        }
        if (this.orders.has(o.id)) {
          throw new OrderBookError(OrderBookErrorCode.DUPLICATE_RESTING_ORDER, `Order ${o.id} appears twice`, { orderId: o.id });
        }
        const node = new OrderNode(o.id, o.ownerId, o.side, OrderType.LIMIT, o.timeInForce, o.price, o.quantity, o.filled, o.quantity - o.filled, this.stamp(o.sequence));
        (o.side === Side.BUY ? this.bids : this.asks).getOrCreate(o.price).append(node);
        this.orders.set(o.id, node);
      }
      const bid = this.bids.best();
      const ask = this.asks.best();
      if (bid !== undefined && ask !== undefined && bid.price >= ask.price) {
        throw new OrderBookError(OrderBookErrorCode.CROSSED_BOOK_ON_LOAD, `The open orders cross: bid ${bid.price} >= ask ${ask.price}`, {
          bid: bid.price.toString(),
          ask: ask.price.toString(),
        });
      }
    } catch (error) {
      this.clear();
      this.bookSeq++;
      throw error;
    }
    this.bookSeq++;
    return this.orders.size;
  }

  get(orderId: string): OrderState | undefined {
    const node = this.orders.get(orderId);
    return node === undefined ? undefined : this.stateOf(node, this.restingStatus(node), null);
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
    return { seq: this.bookSeq, bids: topLevels(this.bids, levels), asks: topLevels(this.asks, levels) };
  }

  /** Every level with its orders in priority order. O(orders): not for hot paths. */
  snapshot(): BookSnapshot {
    const side = (book: BookSide): SnapshotLevel[] => {
      const out: SnapshotLevel[] = [];
      for (let i = book.levels.length - 1; i >= 0; i--) {
        const level = book.levels[i];
        const orders: OrderState[] = [];
        for (let n = level.head; n !== null; n = n.next) orders.push(this.stateOf(n, this.restingStatus(n), null));
        out.push({ price: level.price, quantity: level.total, orders });
      }
      return out;
    };
    return { seq: this.bookSeq, bids: side(this.bids), asks: side(this.asks) };
  }

  // ---- matching ----

  /**
   * Trades `taker` against the opposite side while prices cross its limit. Returns true when
   * self-trade prevention ended the taker; fills made before that point stand.
   */
  private match(taker: OrderNode, opposite: BookSide, stp: SelfTradePrevention): boolean {
    const limit = taker.price;
    const owner = taker.ownerId;
    let remaining = taker.remaining;
    let filled = taker.filled;
    let expired = false;
    while (remaining > 0n) {
      const level = opposite.best();
      if (level === undefined || !opposite.crosses(level.price, limit)) break;
      let maker = level.head;
      let traded = false;
      while (maker !== null) {
        if (maker.ownerId === owner) {
          switch (stp) {
            case SelfTradePrevention.EXPIRE_TAKER:
              expired = true;
          }
          break;
        }
        const quantity = maker.remaining < remaining ? maker.remaining : remaining;
        const makerRemaining = maker.remaining - quantity;
        maker.remaining = makerRemaining;
        maker.filled += quantity;
        remaining -= quantity;
        filled += quantity;
        level.total -= quantity;
        traded = true;
        const done = makerRemaining === 0n;
        (this.passFills ??= []).push({
          makerOrderId: maker.id,
          takerOrderId: taker.id,
          makerOwnerId: maker.ownerId,
          takerOwnerId: owner,
          takerSide: taker.side,
          price: level.price,
          quantity,
          makerRemaining,
          makerFilled: done,
        });
        const next = maker.next;
        if (done) {
          level.unlink(maker);
          this.orders.delete(maker.id);
        }
        if (remaining === 0n) break;
        maker = next;
      }
      if (traded) this.touch(level);
      if (level.count === 0) opposite.remove(level);
      if (expired || !traded) break;
    }
    taker.remaining = remaining;
    taker.filled = filled;
    return expired;
  }

  /** After matching: the taker rests, or ends with the status its type and time in force give. */
  private settleTaker(node: OrderNode, expiredBySelfTrade: boolean): OrderState {
    if (expiredBySelfTrade) return this.end(node, OrderStatus.EXPIRED, OrderReason.SELF_TRADE_PREVENTED);
    if (node.remaining === 0n) return this.stateOf(node, OrderStatus.FILLED, null);
    if (node.type === OrderType.MARKET) return this.end(node, OrderStatus.CANCELED, OrderReason.MARKET_REMAINDER);
    if (node.timeInForce === TimeInForce.IOC || node.timeInForce === TimeInForce.FOK) {
      return this.end(node, OrderStatus.EXPIRED, OrderReason.IOC_REMAINDER);
    }
    const level = (node.side === Side.BUY ? this.bids : this.asks).getOrCreate(node.price);
    level.append(node);
    this.touch(level);
    this.orders.set(node.id, node);
    return this.stateOf(node, this.restingStatus(node), null);
  }

  /**
   * Whether a FOK taker would fill in full. Walks orders, not level totals, because
   * self-trade prevention stops the taker at its owner's first resting order.
   */
  private canFill(opposite: BookSide, taker: OrderNode, stp: SelfTradePrevention): boolean {
    let need = taker.quantity;
    const levels = opposite.levels;
    for (let i = levels.length - 1; i >= 0; i--) {
      const level = levels[i];
      if (!opposite.crosses(level.price, taker.price)) return false;
      if (level.total < need) {
        // Even the whole level is not enough: only owners matter here.
        for (let n = level.head; n !== null; n = n.next) {
          if (n.ownerId === taker.ownerId && stp === SelfTradePrevention.EXPIRE_TAKER) return false;
        }
        need -= level.total;
        continue;
      }
      for (let n = level.head; n !== null; n = n.next) {
        if (n.ownerId === taker.ownerId && stp === SelfTradePrevention.EXPIRE_TAKER) return false;
        need -= n.remaining;
        if (need <= 0n) return true;
      }
    }
    return false;
  }

  // ---- helpers ----

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
    this.touch(level);
    if (level.count === 0) (node.side === Side.BUY ? this.bids : this.asks).remove(level);
  }

  private end(node: OrderNode, status: OrderStatus, reason: OrderReason): OrderState {
    node.remaining = 0n;
    return this.stateOf(node, status, reason);
  }

  private touch(level: PriceLevel): void {
    if (level.touchedInPass !== this.pass) {
      level.touchedInPass = this.pass;
      this.touched[this.touchedCount++] = level;
    }
  }

  private stamp(supplied: number | undefined): number {
    if (supplied === undefined) return this.nextSequence++;
    if (supplied >= this.nextSequence) this.nextSequence = supplied + 1;
    return supplied;
  }

  private restingStatus(node: OrderNode): OrderStatus {
    return node.filled === 0n ? OrderStatus.NEW : OrderStatus.PARTIALLY_FILLED;
  }

  private stateOf(node: OrderNode, status: OrderStatus, reason: OrderReason | null): OrderState {
    return {
      id: node.id,
      ownerId: node.ownerId,
      side: node.side,
      type: node.type,
      timeInForce: node.timeInForce,
      price: node.price,
      quantity: node.quantity,
      filled: node.filled,
      remaining: node.remaining,
      status,
      reason,
      sequence: node.sequence,
    };
  }

  private refuseNew(order: NewOrder, reason: OrderReason): BookResult {
    const state: OrderState = {
      id: order.id,
      ownerId: order.ownerId,
      side: order.side,
      type: order.type,
      timeInForce: order.timeInForce,
      price: order.price,
      quantity: order.quantity,
      filled: 0n,
      remaining: 0n,
      status: OrderStatus.REJECTED,
      reason,
      sequence: order.sequence ?? 0,
    };
    return { rejected: reason, order: state, fills: NO_FILLS, deltas: NO_DELTAS, seq: this.bookSeq };
  }

  private refuse(node: OrderNode, reason: OrderReason): BookResult {
    return this.result(reason, this.stateOf(node, this.restingStatus(node), null));
  }

  /** Closes the pass: turns touched levels into deltas and bumps `seq` if anything changed. */
  private result(rejected: OrderReason | null, order: OrderState | null): BookResult {
    const count = this.touchedCount;
    let deltas = NO_DELTAS;
    if (count > 0) {
      // The scratch array keeps its slots (no length reset): stale entries are overwritten next pass.
      const touched = this.touched;
      const out: LevelDelta[] = new Array<LevelDelta>(count);
      for (let i = 0; i < count; i++) {
        const level = touched[i];
        out[i] = { side: level.side, price: level.price, quantity: level.total };
      }
      this.touchedCount = 0;
      deltas = out;
      this.bookSeq++;
    }
    const fills = this.passFills ?? NO_FILLS;
    this.passFills = null;
    return { rejected, order, fills, deltas, seq: this.bookSeq };
  }

  private clear(): void {
    this.bids.clear();
    this.asks.clear();
    this.orders.clear();
  }
}

function levelOf(level: PriceLevel | undefined): DepthLevel | null {
  return level === undefined ? null : { price: level.price, quantity: level.total, orders: level.count };
}

function topLevels(side: BookSide, count: number): DepthLevel[] {
  const levels = side.levels;
  const out: DepthLevel[] = [];
  for (let i = levels.length - 1; i >= 0 && out.length < count; i--) {
    const level = levels[i];
    out.push({ price: level.price, quantity: level.total, orders: level.count });
  }
  return out;
}

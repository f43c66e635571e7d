import { AmendOrder, NewOrder, OrderReason, OrderStatus, OrderType, Side, TimeInForce } from '../order-book.types';

/**
 * A deliberately naive order book (plain arrays, sort on every match) with the same rules as
 * OrderBook. The property test runs both on the same random calls and compares every answer:
 * two independent writings of the rules that agree are far more likely right than one.
 */
export interface ModelOrder {
  id: string;
  ownerId: string;
  side: Side;
  timeInForce: TimeInForce;
  price: bigint;
  quantity: bigint;
  filled: bigint;
  /** Arrival in the queue: smaller is earlier. */
  arrival: number;
}

export interface ModelFill {
  makerOrderId: string;
  takerOrderId: string;
  price: bigint;
  quantity: bigint;
  makerRemaining: bigint;
  makerFilled: boolean;
}

export interface ModelResult {
  rejected: OrderReason | null;
  status: OrderStatus | null;
  reason: OrderReason | null;
  filled: bigint | null;
  fills: ModelFill[];
}

export class ReferenceModel {
  resting: ModelOrder[] = [];
  private arrivals = 0;

  place(o: NewOrder): ModelResult {
    if (this.resting.some((r) => r.id === o.id)) return refused(OrderReason.DUPLICATE_ORDER_ID);
    if (o.quantity <= 0n) return refused(OrderReason.INVALID_QUANTITY);
    if (o.price <= 0n) return refused(OrderReason.INVALID_PRICE);
    if (o.type === OrderType.MARKET && o.timeInForce === TimeInForce.POST_ONLY) return refused(OrderReason.INVALID_TIME_IN_FORCE);
    const taker: ModelOrder = { id: o.id, ownerId: o.ownerId, side: o.side, timeInForce: o.timeInForce, price: o.price, quantity: o.quantity, filled: 0n, arrival: 0 };
    if (o.timeInForce === TimeInForce.POST_ONLY && this.candidates(taker).length > 0) return refused(OrderReason.POST_ONLY_WOULD_TAKE);
    if (o.timeInForce === TimeInForce.FOK) {
      // Try it on a copy; keep the copy only if it filled in full.
      const trial = this.clone();
      const r = trial.take(taker, o.type);
      if (r.status !== OrderStatus.FILLED) {
        return { rejected: null, status: OrderStatus.EXPIRED, reason: OrderReason.FOK_NOT_FILLABLE, filled: 0n, fills: [] };
      }
      taker.filled = 0n;
    }
    return this.take(taker, o.type);
  }

  cancel(id: string): ModelResult {
    const i = this.resting.findIndex((r) => r.id === id);
    if (i < 0) return NOT_FOUND;
    const [o] = this.resting.splice(i, 1);
    return { rejected: null, status: OrderStatus.CANCELED, reason: OrderReason.CANCELED_BY_REQUEST, filled: o.filled, fills: [] };
  }

  amend(id: string, a: AmendOrder): ModelResult {
    const o = this.resting.find((r) => r.id === id);
    if (o === undefined) return NOT_FOUND;
    const live = o.filled > 0n ? OrderStatus.PARTIALLY_FILLED : OrderStatus.NEW;
    const keep = (reason: OrderReason): ModelResult => ({ rejected: reason, status: live, reason: null, filled: o.filled, fills: [] });
    if (a.price === undefined && a.quantity === undefined) return keep(OrderReason.INVALID_AMEND);
    const price = a.price ?? o.price;
    const quantity = a.quantity ?? o.quantity;
    if (price <= 0n) return keep(OrderReason.INVALID_PRICE);
    if (quantity <= 0n) return keep(OrderReason.INVALID_QUANTITY);
    if (quantity <= o.filled) {
      this.resting = this.resting.filter((r) => r !== o);
      return { rejected: null, status: OrderStatus.CANCELED, reason: OrderReason.AMENDED_TO_FILLED, filled: o.filled, fills: [] };
    }
    if (price === o.price) {
      if (quantity > o.quantity) o.arrival = ++this.arrivals;
      o.quantity = quantity;
      return { rejected: null, status: live, reason: null, filled: o.filled, fills: [] };
    }
    const moved: ModelOrder = { ...o, price, quantity };
    if (o.timeInForce === TimeInForce.POST_ONLY && this.candidates(moved).length > 0) return keep(OrderReason.POST_ONLY_WOULD_TAKE);
    this.resting = this.resting.filter((r) => r !== o);
    return this.take(moved, OrderType.LIMIT);
  }

  private take(taker: ModelOrder, type: OrderType): ModelResult {
    const fills: ModelFill[] = [];
    let selfTrade = false;
    for (const maker of this.candidates(taker)) {
      if (taker.filled === taker.quantity) break;
      if (maker.ownerId === taker.ownerId) {
        selfTrade = true;
        break;
      }
      const quantity = min(taker.quantity - taker.filled, maker.quantity - maker.filled);
      taker.filled += quantity;
      maker.filled += quantity;
      const makerRemaining = maker.quantity - maker.filled;
      fills.push({ makerOrderId: maker.id, takerOrderId: taker.id, price: maker.price, quantity, makerRemaining, makerFilled: makerRemaining === 0n });
    }
    this.resting = this.resting.filter((r) => r.filled < r.quantity);
    const end = (status: OrderStatus, reason: OrderReason | null): ModelResult => ({ rejected: null, status, reason, filled: taker.filled, fills });
    if (selfTrade) return end(OrderStatus.EXPIRED, OrderReason.SELF_TRADE_PREVENTED);
    if (taker.filled === taker.quantity) return end(OrderStatus.FILLED, null);
    if (type === OrderType.MARKET) return end(OrderStatus.CANCELED, OrderReason.MARKET_REMAINDER);
    if (taker.timeInForce === TimeInForce.IOC || taker.timeInForce === TimeInForce.FOK) return end(OrderStatus.EXPIRED, OrderReason.IOC_REMAINDER);
    taker.arrival = ++this.arrivals;
    this.resting.push(taker);
    return end(taker.filled > 0n ? OrderStatus.PARTIALLY_FILLED : OrderStatus.NEW, null);
  }

  /** Resting orders the taker's limit crosses, best price first, then earliest. */
  private candidates(taker: ModelOrder): ModelOrder[] {
    const buy = taker.side === Side.BUY;
    return this.resting
      .filter((r) => r.side !== taker.side && (buy ? r.price <= taker.price : r.price >= taker.price))
      .sort((a, b) => (a.price === b.price ? a.arrival - b.arrival : (buy ? a.price < b.price : a.price > b.price) ? -1 : 1));
  }

  private clone(): ReferenceModel {
    const copy = new ReferenceModel();
    copy.resting = this.resting.map((r) => ({ ...r }));
    copy.arrivals = this.arrivals;
    return copy;
  }

  /** The book as price -> ordered [id, remaining] per side, best first. */
  levels(side: Side): { price: bigint; orders: [string, bigint][] }[] {
    const buy = side === Side.BUY;
    const mine = this.resting.filter((r) => r.side === side).sort((a, b) => (a.price === b.price ? a.arrival - b.arrival : (buy ? a.price > b.price : a.price < b.price) ? -1 : 1));
    const out: { price: bigint; orders: [string, bigint][] }[] = [];
    for (const r of mine) {
      if (out.length === 0 || out[out.length - 1].price !== r.price) out.push({ price: r.price, orders: [] });
      out[out.length - 1].orders.push([r.id, r.quantity - r.filled]);
    }
    return out;
  }
}

const NOT_FOUND: ModelResult = { rejected: OrderReason.ORDER_NOT_FOUND, status: null, reason: null, filled: null, fills: [] };

function refused(reason: OrderReason): ModelResult {
  return { rejected: reason, status: OrderStatus.REJECTED, reason, filled: 0n, fills: [] };
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

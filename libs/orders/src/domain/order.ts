import { OrderStatus, OrderType, TimeInForce } from './engine/order-book.types';
import { Liquidity, OrderSide, isOpen } from './order-types';
import { mulDivDown } from '@lib/kernel';
import { FeeRates, MarketSpec, baseUnits, feeOn, notional } from './market-spec';
import { ApiOrderType, OrderTrigger, apiTypeOf } from './trigger';
import { ListRole } from './order-list';

export interface OrderData {
  readonly id: string;
  readonly userId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** Limit price in price units; null for a market order. */
  price: bigint | null;
  quantity: bigint;
  filledQuantity: bigint;
  /** Sum of fill notionals, in quote units, split by liquidity for the fee. */
  takerQuote: bigint;
  makerQuote: bigint;
  /** Fees charged so far, in quote units. */
  feePaid: bigint;
  status: OrderStatus;
  /** Why the order ended when it did not fill (an engine reason code), else null. */
  reason: string | null;
  /** Price-time priority stamp within the market (the book's sequence). */
  priority: number;
  readonly clientOrderId: string | null;
  /** Perpetuals: the order may only reduce the position (it holds nothing). */
  readonly reduceOnly: boolean;
  /** The asset held for this order (spot: quote for a buy, base for a sell; perpetual: the settlement asset) and what is still held. */
  readonly holdAsset: string;
  holdRemaining: bigint;
  /** The market's fee rates when the order was placed: its fills pay these, so its hold always covers them. */
  readonly makerFeePpm: bigint;
  readonly takerFeePpm: bigint;
  /** A conditional order's condition (kept after it triggered, with triggeredAt); null for a plain order. */
  trigger: OrderTrigger | null;
  /** GTD: when it expires. */
  readonly goodTill: Date | null;
  /** The order list (OCO, bracket, OTO) it belongs to, and its role there. */
  readonly listId: string | null;
  readonly listRole: ListRole | null;
  readonly createdAt: Date;
  updatedAt: Date;
}

/** What one fill did to an order, in the units the ledger needs. */
export interface FillEffect {
  readonly quantity: bigint;
  readonly price: bigint;
  /** price x quantity, quote units. */
  readonly quote: bigint;
  /** Base units of the quantity. */
  readonly base: bigint;
  /** This fill's part of the order's fee (cumulative rounding: the sum never exceeds the rounded total). */
  readonly fee: bigint;
  /** What this fill took from the order's hold. */
  readonly holdSpent: bigint;
  readonly liquidity: Liquidity;
}

/**
 * A spot order and its hold. A buy holds quote for the worst case (its limit
 * price, plus the taker fee on all of it); a sell holds its base quantity.
 * Each fill consumes the hold; what is left is released when the order ends.
 * Fees are computed on the order's cumulative notional and charged by
 * difference, so rounding up happens once per order, never once per fill.
 */
/** A new order, before any fill: what it is, what it holds, and its place in the book's time priority. */
export interface NewOrderData {
  readonly id: string;
  readonly userId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly price: bigint | null;
  readonly quantity: bigint;
  readonly clientOrderId: string | null;
  readonly reduceOnly?: boolean;
  readonly holdAsset: string;
  readonly hold: bigint;
  readonly priority: number;
  /** The market's fee rates now: the order's fills pay these. */
  readonly rates: FeeRates;
  readonly at: Date;
  /** A conditional order: it waits UNTRIGGERED for this. */
  readonly trigger?: OrderTrigger | null;
  readonly goodTill?: Date | null;
  readonly listId?: string | null;
  readonly listRole?: ListRole | null;
}

export class Order {
  constructor(readonly state: OrderData) {}

  /** A new order, NEW, nothing filled, holding `hold`. */
  static open(o: NewOrderData): Order {
    return new Order({
      id: o.id,
      userId: o.userId,
      symbol: o.symbol,
      side: o.side,
      type: o.type,
      timeInForce: o.timeInForce,
      price: o.price,
      quantity: o.quantity,
      filledQuantity: 0n,
      takerQuote: 0n,
      makerQuote: 0n,
      feePaid: 0n,
      status: o.trigger && o.trigger.triggeredAt === null ? OrderStatus.UNTRIGGERED : OrderStatus.NEW,
      reason: null,
      priority: o.priority,
      clientOrderId: o.clientOrderId,
      reduceOnly: o.reduceOnly ?? false,
      holdAsset: o.holdAsset,
      holdRemaining: o.hold,
      makerFeePpm: o.rates.makerFeePpm,
      takerFeePpm: o.rates.takerFeePpm,
      trigger: o.trigger ?? null,
      goodTill: o.goodTill ?? null,
      listId: o.listId ?? null,
      listRole: o.listRole ?? null,
      createdAt: o.at,
      updatedAt: o.at,
    });
  }

  /** A copy to change: a decision changes copies, and the market's memory takes them only once the decision is applied. */
  copy(): Order {
    return new Order({ ...this.state });
  }

  /** An amended copy: the new price and total quantity, the hold they need, and the place the book gave it. */
  amended(change: { readonly price: bigint; readonly quantity: bigint; readonly hold: bigint; readonly priority: number }): Order {
    return new Order({ ...this.state, price: change.price, quantity: change.quantity, holdRemaining: change.hold, priority: change.priority });
  }

  get remaining(): bigint {
    return this.state.quantity - this.state.filledQuantity;
  }

  get isOpen(): boolean {
    return isOpen(this.state.status);
  }

  /** A conditional order still waiting for its trigger. */
  get isUntriggered(): boolean {
    return this.state.status === OrderStatus.UNTRIGGERED;
  }

  /** Open or waiting: what a cancel can still end. */
  get isLive(): boolean {
    return this.isOpen || this.isUntriggered;
  }

  /** The API's name of its type (STOP_MARKET, ...). */
  get apiType(): ApiOrderType {
    return apiTypeOf(this.state.type, this.state.trigger?.kind ?? null);
  }

  /**
   * The quote a buy may still spend at `price` for its remaining quantity, fees
   * included (the rest charged at the higher of its two rates); the base a sell
   * still delivers.
   */
  static worstCaseHold(
    spec: MarketSpec,
    side: OrderSide,
    price: bigint,
    remaining: bigint,
    rates: FeeRates,
    spent?: { takerQuote: bigint; makerQuote: bigint; feePaid: bigint },
  ): bigint {
    if (side === OrderSide.SELL) return baseUnits(spec, remaining);
    const rest = notional(spec, price, remaining);
    const highest = rates.takerFeePpm > rates.makerFeePpm ? rates.takerFeePpm : rates.makerFeePpm;
    const restFee = feeOn({ makerFeePpm: highest, takerFeePpm: highest }, rest, 0n);
    // ceil(a + b) <= ceil(a) + ceil(b): the fee already due on what filled, plus the worst on the rest.
    const dueSoFar = feeOn(rates, spent?.takerQuote ?? 0n, spent?.makerQuote ?? 0n);
    return rest + dueSoFar + restFee - (spent?.feePaid ?? 0n);
  }

  applyFill(spec: MarketSpec, price: bigint, quantity: bigint, liquidity: Liquidity): FillEffect {
    const s = this.state;
    if (quantity <= 0n || quantity > this.remaining) throw new RangeError(`fill of ${quantity} does not fit order ${s.id}`);
    const quote = notional(spec, price, quantity);
    if (liquidity === Liquidity.TAKER) s.takerQuote += quote;
    else s.makerQuote += quote;
    const feeTotal = feeOn(s, s.takerQuote, s.makerQuote);
    const fee = feeTotal - s.feePaid;
    s.feePaid = feeTotal;
    const base = baseUnits(spec, quantity);
    // A perpetual order's hold (margin and fee of the part that opens) is spent in proportion to its quantity.
    const holdSpent =
      spec.kind === 'PERPETUAL' ? (quantity === this.remaining ? s.holdRemaining : mulDivDown(s.holdRemaining, quantity, this.remaining)) : s.side === OrderSide.BUY ? quote + fee : base;
    s.filledQuantity += quantity;
    s.holdRemaining -= holdSpent;
    if (s.holdRemaining < 0n) throw new RangeError(`order ${s.id} spent more than it held`);
    s.status = s.filledQuantity === s.quantity ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
    return { quantity, price, quote, base, fee, liquidity, holdSpent };
  }

  /** Ends the order's rest (cancel, expire); its unused hold is then taken with takeUnusedHold(). */
  end(status: OrderStatus.CANCELED | OrderStatus.EXPIRED, reason: string | null): void {
    if (this.remaining > 0n) {
      this.state.status = status;
      this.state.reason = reason;
    }
  }

  /** What is still held once the order is no longer open (a FILLED buy that traded below its limit keeps change). */
  takeUnusedHold(): bigint {
    if (this.isLive) return 0n;
    const release = this.state.holdRemaining;
    this.state.holdRemaining = 0n;
    return release;
  }

  /** Average fill price in quote smallest units per whole base unit (quote decimals), rounded down; null before a fill. */
  averagePrice(spec: MarketSpec): bigint | null {
    const s = this.state;
    return averagePriceUnits(s.takerQuote + s.makerQuote, s.filledQuantity, spec.quantityScale);
  }
}

/** Quote units per whole base unit of `filledQuote` over `filledQuantity` (quantity units at `quantityScale`), rounded down; null for nothing filled. */
export function averagePriceUnits(filledQuote: bigint, filledQuantity: bigint, quantityScale: number): bigint | null {
  if (filledQuantity === 0n) return null;
  return (filledQuote * 10n ** BigInt(quantityScale)) / filledQuantity;
}

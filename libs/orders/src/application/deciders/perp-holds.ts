import { PositionRecord, initialMargin, maxNotionalAt } from '@lib/positions';
import { MarketSpec, Order, OrdersError, OrdersErrorCode, Side, feeOn, notional } from '../../domain';
import { Facts, MarketView, Refused, refused } from '../turns/turn-command';

/**
 * The part of a perpetual order that opens: what is left of its quantity once
 * the position it closes is used up, less what the user's other open orders
 * on the same side already reduce (docs/positions.md, "Orders on perpetuals").
 */
export function openingQuantity(positionSize: bigint, side: Side, quantity: bigint, sameSideOpen: bigint): bigint {
  const reducible = reducibleQuantity(positionSize, side, sameSideOpen);
  return quantity > reducible ? quantity - reducible : 0n;
}

/** How much of a new order on `side` would reduce the position (holding nothing): its size on the closing side, less the user's other open orders on that side. */
export function reducibleQuantity(positionSize: bigint, side: Side, sameSideOpen: bigint): bigint {
  const closes = (positionSize > 0n && side === Side.SELL) || (positionSize < 0n && side === Side.BUY);
  const size = positionSize < 0n ? -positionSize : positionSize;
  return closes && size > sameSideOpen ? size - sameSideOpen : 0n;
}

/** What a perpetual order holds for `openQuantity` at `price`: its initial margin at `leverage` plus the fee at the higher of its rates. */
export function perpHold(spec: MarketSpec, leverage: number, price: bigint, openQuantity: bigint): bigint {
  if (openQuantity === 0n) return 0n;
  const value = notional(spec, price, openQuantity);
  const highest = spec.takerFeePpm > spec.makerFeePpm ? spec.takerFeePpm : spec.makerFeePpm;
  return initialMargin(value, BigInt(leverage)) + feeOn({ makerFeePpm: highest, takerFeePpm: highest }, value, 0n);
}

/** The remaining quantity of orders on one side. */
export function remainingOn(orders: readonly Order[], side: Side, only?: (o: Order) => boolean): bigint {
  return orders.filter((o) => o.state.side === side && (only ? only(o) : true)).reduce((sum, o) => sum + o.remaining, 0n);
}

/** What an order would leave to reduce: the position's size less the user's other reduce-only orders on the closing side; null when `side` does not close it. */
export function leftToReduce(positionSize: bigint, side: Side, otherReduceOnly: bigint): bigint | null {
  const closes = (positionSize > 0n && side === Side.SELL) || (positionSize < 0n && side === Side.BUY);
  if (!closes) return null;
  const left = (positionSize < 0n ? -positionSize : positionSize) - otherReduceOnly;
  return left > 0n ? left : 0n;
}

export function reduceOnlyRefusal(positionSize: bigint, left: bigint | null): OrdersError {
  return new OrdersError(
    OrdersErrorCode.REDUCE_ONLY_WOULD_INCREASE,
    left === null ? 'A reduce-only order must close the position, not open or add to it' : 'A reduce-only order may not be larger than what is left of the position to reduce',
    { position: positionSize.toString(), leftToReduce: (left ?? 0n).toString() },
  );
}

/**
 * The leverage bracket (docs/risk.md, "Pre-trade checks"): at its leverage a
 * position may reach at most maxNotionalAt(tiers, leverage). The exposure an
 * order could leave, valued at `price`: the position plus every open order
 * on its side and this one (a flip: what passes the position). Null when it
 * fits.
 */
export function bracketRefusal(spec: MarketSpec, leverage: number, positionSize: bigint, side: Side, quantity: bigint, sameSideOpen: bigint, price: bigint): OrdersError | null {
  const cap = maxNotionalAt(spec.maintenanceMarginTiers ?? [], leverage);
  if (cap === null) return null;
  const size = positionSize < 0n ? -positionSize : positionSize;
  const adds = positionSize === 0n || (positionSize > 0n) === (side === Side.BUY);
  const after = adds ? size + sameSideOpen + quantity : sameSideOpen + quantity > size ? sameSideOpen + quantity - size : 0n;
  const value = notional(spec, price, after);
  if (value <= cap) return null;
  return new OrdersError(OrdersErrorCode.POSITION_LIMIT_EXCEEDED, `At leverage ${leverage} a position on ${spec.symbol} may be worth at most ${cap} ${spec.quote} units; lower the leverage for a larger one`, {
    leverage,
    maxNotional: cap.toString(),
    notional: value.toString(),
  });
}

export function insufficientMargin(asset: string, required: bigint, available: bigint): OrdersError {
  const left = available > 0n ? available : 0n;
  return new OrdersError(OrdersErrorCode.INSUFFICIENT_MARGIN, `This order needs ${required} ${asset} units of margin and fee; the account has ${left} available`, {
    asset,
    required: required.toString(),
    available: left.toString(),
  });
}

/**
 * The hold of an amended perpetual order: a reduce-only one must still fit
 * what is left to reduce (and holds nothing); another holds the margin and
 * fee of what its new price and remaining quantity open, and what it grows
 * by must fit the available margin.
 */
export function perpAmendHold(spec: MarketSpec, order: Order, price: bigint, quantity: bigint, market: MarketView, facts: Facts): { readonly kind: 'held'; readonly hold: bigint } | Refused {
  const s = order.state;
  const size = facts.positionOf(s.userId, spec).position.size;
  const bound = bankruptcyBound(spec, facts.positionOf(s.userId, spec));
  if (beyondBound(bound, s.side, price)) return refused(beyondBankruptcy(spec, bound!));
  const others = market.openOrdersOf(s.userId).filter((o) => o.state.id !== s.id);
  const remaining = quantity - s.filledQuantity;
  if (s.reduceOnly) {
    const left = leftToReduce(size, s.side, remainingOn(others, s.side, (o) => o.state.reduceOnly));
    return left === null || remaining > left ? refused(reduceOnlyRefusal(size, left)) : { kind: 'held', hold: 0n };
  }
  const record = facts.positionOf(s.userId, spec);
  const hold = perpHold(spec, record.leverage, price, openingQuantity(size, s.side, remaining, remainingOn(others, s.side)));
  const growth = hold - s.holdRemaining;
  if (growth > 0n) {
    const available = facts.marginAvailable(s.userId, spec.quote);
    if (growth > available) return refused(insufficientMargin(spec.quote, growth, available));
  }
  return { kind: 'held', hold };
}

/** Units of rounding an isolated position's bound keeps in hand (the released margin rounds down, the fee up). */
const ROUNDING_CUSHION = 2n;

/**
 * The worst price an order closing an ISOLATED position may trade at: past
 * it, the loss and the fee would exceed the position's margin (its
 * bankruptcy price, with the fee at the higher rate). Long: sells at or above
 * `price`; short: buys at or below it (on the tick grid, a cushion of
 * rounding in hand). Null for a cross or flat position (crossCloseBound).
 */
export function bankruptcyBound(spec: MarketSpec, record: PositionRecord): { readonly side: Side; readonly price: bigint } | null {
  const { size } = record.position;
  if (record.marginMode !== 'ISOLATED' || size === 0n) return null;
  return closeBound(spec, record, size < 0n ? -size : size, record.isolatedMargin);
}

/**
 * The same bound for an order closing `quantity` of a CROSS position: its
 * loss and fee must come out of the account's cash (MARGIN AVAILABLE as the
 * batch left it), never below zero (the pre-trade side of R2, docs/risk.md).
 * Null when the order closes nothing.
 */
export function crossCloseBound(spec: MarketSpec, record: PositionRecord, quantity: bigint, cash: bigint): { readonly side: Side; readonly price: bigint } | null {
  if (record.marginMode !== 'CROSS' || record.position.size === 0n || quantity <= 0n) return null;
  return closeBound(spec, record, quantity, cash > 0n ? cash : 0n);
}

function closeBound(spec: MarketSpec, record: PositionRecord, quantity: bigint, collateral: bigint): { readonly side: Side; readonly price: bigint } {
  const { size, entryValue } = record.position;
  const PPM = 1_000_000n;
  const whole = size < 0n ? -size : size;
  const closing = quantity < whole ? quantity : whole;
  // The entry value the fills will close (applyFill rounds it down).
  const entry = closing === whole ? entryValue : (entryValue * closing) / whole;
  const unit = 10n ** BigInt(spec.quoteDecimals - spec.priceScale - spec.quantityScale);
  const rate = spec.takerFeePpm > spec.makerFeePpm ? spec.takerFeePpm : spec.makerFeePpm;
  const margin = collateral > ROUNDING_CUSHION ? collateral - ROUNDING_CUSHION : 0n;
  if (size > 0n) {
    // value x (1 - rate) >= entry - margin
    const need = (entry - margin) * PPM;
    const per = closing * unit * (PPM - rate);
    const raw = need <= 0n ? 0n : (need + per - 1n) / per;
    return { side: Side.SELL, price: ((raw + spec.tickSize - 1n) / spec.tickSize) * spec.tickSize };
  }
  // value x (1 + rate) <= entry + margin
  const raw = ((entry + margin) * PPM) / (closing * unit * (PPM + rate));
  return { side: Side.BUY, price: (raw / spec.tickSize) * spec.tickSize };
}

/** Whether `price` on `side` is past the bound (a sell below it, a buy above it). */
export function beyondBound(bound: { readonly side: Side; readonly price: bigint } | null, side: Side, price: bigint): boolean {
  if (!bound || bound.side !== side) return false;
  return side === Side.SELL ? price < bound.price : price > bound.price;
}

export function beyondBankruptcy(spec: MarketSpec, bound: { readonly price: bigint }): OrdersError {
  return new OrdersError(OrdersErrorCode.BEYOND_BANKRUPTCY_PRICE, `This order would close the position past its bankruptcy price: its loss and fee would exceed what backs it (an isolated position's margin, a cross account's cash)`, {
    symbol: spec.symbol,
    bankruptcyPriceTicks: bound.price.toString(),
  });
}

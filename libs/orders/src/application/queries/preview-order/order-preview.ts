import { mulDivDown } from '@lib/kernel';
import { Holding, PositionRecord, PositionState, applyFill, availableMargin, collateralOf, entryPrice, liquidationPrice, marginsOf } from '@lib/positions';
import { MarketSpec, Order, OrderBook, OrderType, OrdersError, OrdersErrorCode, PPM, Side, TimeInForce, feeOn, marketBuyHold, notional } from '../../../domain';
import { PlaceOrder } from '../../deciders';
import { leftToReduce, openingQuantity, perpHold, reduceOnlyRefusal, reducibleQuantity, remainingOn } from '../../deciders/perp-holds';
import { termsOf } from '../../turns/perp-positions';

/*
 * What an order would do if it were placed now, computed on a quiet book and
 * the account as read: pure, nothing is placed nor held (POST /orders/preview).
 */

/** One fill at a price (price units, quantity units). */
export interface Fill {
  readonly price: bigint;
  readonly quantity: bigint;
}

/** What the book would fill at once: the walk of takeable, best first. */
export interface Taken {
  readonly quantity: bigint;
  /** Σ notional of the fills (quote smallest units). */
  readonly cost: bigint;
  readonly fills: readonly Fill[];
}

export interface PreviewCommon {
  /** What the order would hold now (spot: the hold asset; perpetual: the settlement asset in MARGIN). */
  readonly hold: bigint;
  /** The taker fee on the notional of the order filled in full (`fillsInFull`). */
  readonly fee: bigint;
  readonly taken: Taken;
}

export interface SpotPreview extends PreviewCommon {
  readonly kind: 'SPOT';
  /** The SPOT AVAILABLE balance of the hold asset. */
  readonly available: bigint;
  readonly sufficient: boolean;
}

export interface PerpPreview extends PreviewCommon {
  readonly kind: 'PERPETUAL';
  /** The account's available margin (docs/positions.md): what the hold must fit. */
  readonly available: bigint;
  readonly marginOk: boolean;
  /** The largest quantity of this side at this price the account could place now (on the step grid). */
  readonly maxQuantity: bigint;
  /** The position after the order filled in full. */
  readonly position: PositionState;
  /** Its entry price (quote smallest units per whole base unit), null when flat. */
  readonly entryPrice: bigint | null;
  /** Price units; null when flat or when no price liquidates it. */
  readonly liquidationPrice: bigint | null;
  /** Initial margin of the resulting position at the mark. */
  readonly initialMargin: bigint;
}

/** The account's side of a perpetual preview, as read between batches. */
export interface PerpAccount {
  /** The user's row on the order's market (a flat one with the default settings when none). */
  readonly record: PositionRecord;
  /** The user's open orders on the order's market. */
  readonly mine: readonly Order[];
  /** The user's open positions in the settlement asset, at the marks. */
  readonly holdings: readonly Holding[];
  /** The MARGIN account's AVAILABLE cash in the settlement asset. */
  readonly cash: bigint;
  readonly mark: bigint;
}

/** POST_ONLY that would take is refused, as the engine refuses it when placing. */
export function assertPostOnlyRests(o: PlaceOrder, book: OrderBook): void {
  if (o.timeInForce !== TimeInForce.POST_ONLY) return;
  const depth = book.depth(1);
  const best = o.side === Side.BUY ? depth.asks[0] : depth.bids[0];
  if (best !== undefined && (o.side === Side.BUY ? best.price <= o.limit : best.price >= o.limit)) {
    throw new OrdersError(OrdersErrorCode.POST_ONLY_WOULD_TAKE, 'A POST_ONLY order must not take liquidity; it would have matched at once');
  }
}

/** What the book would fill at once, up to the limit (a market order: the band's edge), as the matching walk; a FOK it cannot fill in full takes nothing. */
export function takeNow(o: PlaceOrder, book: OrderBook): Taken {
  if (o.timeInForce === TimeInForce.POST_ONLY) return { quantity: 0n, cost: 0n, fills: [] };
  const fills = book.takeable(o.side, o.userId, o.limit, o.quantity);
  const quantity = fills.reduce((sum, f) => sum + f.quantity, 0n);
  if (o.timeInForce === TimeInForce.FOK && quantity < o.quantity) return { quantity: 0n, cost: 0n, fills: [] };
  return { quantity, cost: fills.reduce((sum, f) => sum + notional(o.spec, f.price, f.quantity), 0n), fills };
}

/** The order filled in full: a limit order at its limit price; a market order at the walked prices, the rest at the protection price. */
export function fillsInFull(o: PlaceOrder, taken: Taken): Fill[] {
  if (o.type === OrderType.LIMIT) return [{ price: o.limit, quantity: o.quantity }];
  const rest = o.quantity - taken.quantity;
  return rest > 0n ? [...taken.fills, { price: o.limit, quantity: rest }] : [...taken.fills];
}

/** The taker fee on the fills' notional, rounded up. */
export function takerFee(spec: MarketSpec, fills: readonly Fill[]): bigint {
  const value = fills.reduce((sum, f) => sum + notional(spec, f.price, f.quantity), 0n);
  return feeOn(spec, value, 0n);
}

export function previewSpot(o: PlaceOrder, book: OrderBook, available: bigint): SpotPreview {
  const taken = takeNow(o, book);
  const hold = o.hold ?? marketBuyHold(o.spec, book, { ownerId: o.userId, quantity: o.quantity, timeInForce: o.timeInForce, protectionPrice: o.limit, rates: o.spec });
  return { kind: 'SPOT', hold, fee: takerFee(o.spec, fillsInFull(o, taken)), taken, available, sufficient: available >= hold };
}

/**
 * The largest quantity (a multiple of the step) whose perpHold at `price`
 * fits `available`. perpHold(q) = ceil(v / L) + ceil(v x rate / PPM) with
 * v = price x q x unit; the ceilings only add, so v <= available x L x PPM /
 * (PPM + L x rate) bounds it from above: start there on the grid, step down
 * while the hold does not fit, then check the step above does not.
 */
export function maxOpenQuantity(spec: MarketSpec, leverage: number, price: bigint, available: bigint): bigint {
  if (available <= 0n) return 0n;
  const unit = 10n ** BigInt(spec.quoteDecimals - spec.priceScale - spec.quantityScale);
  const rate = spec.takerFeePpm > spec.makerFeePpm ? spec.takerFeePpm : spec.makerFeePpm;
  const lev = BigInt(leverage);
  let q = (available * lev * PPM) / ((PPM + lev * rate) * price * unit);
  q -= q % spec.stepSize;
  while (q > 0n && perpHold(spec, leverage, price, q) > available) q -= spec.stepSize;
  while (perpHold(spec, leverage, price, q + spec.stepSize) <= available) q += spec.stepSize;
  return q;
}

/**
 * A perpetual order: the reduce-only rule (refused as placing refuses it),
 * the hold of the part that opens and whether the available margin covers it,
 * the largest quantity that would fit, and the position after the order
 * filled in full, with its liquidation price: the collateral is the MARGIN
 * cash less the hold plus the PnL the fills realize (cross, with the other
 * cross positions as collateralOf counts them), or the isolated margin the
 * fills would leave.
 */
export function previewPerp(o: PlaceOrder, book: OrderBook, a: PerpAccount): PerpPreview {
  const { spec } = o;
  const { record } = a;
  const size = record.position.size;
  const available = availableMargin(a.cash, a.holdings);
  let hold = 0n;
  let maxQuantity: bigint;
  if (o.reduceOnly) {
    const left = leftToReduce(size, o.side, remainingOn(a.mine, o.side, (x) => x.state.reduceOnly));
    if (left === null || o.quantity > left) throw reduceOnlyRefusal(size, left);
    maxQuantity = left;
  } else {
    const sameSide = remainingOn(a.mine, o.side);
    hold = perpHold(spec, record.leverage, o.limit, openingQuantity(size, o.side, o.quantity, sameSide));
    maxQuantity = reducibleQuantity(size, o.side, sameSide) + maxOpenQuantity(spec, record.leverage, o.limit, available);
  }
  const taken = takeNow(o, book);
  const fills = fillsInFull(o, taken);
  const fee = takerFee(spec, fills);
  let position = record.position;
  let realized = 0n;
  let released = 0n;
  for (const fill of fills) {
    const open = position.size < 0n ? -position.size : position.size;
    const outcome = applyFill(spec, position, o.side, fill.price, fill.quantity);
    if (outcome.closed > 0n) {
      const margin = record.isolatedMargin - released;
      released += outcome.closed === open ? margin : mulDivDown(margin, outcome.closed, open);
    }
    realized += outcome.realized;
    position = outcome.position;
  }
  const isolated = record.marginMode === 'ISOLATED' ? record.isolatedMargin - released + hold - (fee < hold ? fee : hold) : record.isolatedMargin;
  const after: Holding = { record: { ...record, position, isolatedMargin: isolated }, terms: termsOf(spec), mark: a.mark };
  const others = a.holdings.filter((h) => h.record.symbol !== spec.symbol);
  const flat = position.size === 0n;
  return {
    kind: 'PERPETUAL',
    hold,
    fee,
    taken,
    available,
    marginOk: hold === 0n || hold <= available,
    maxQuantity,
    position,
    entryPrice: entryPrice(spec, position),
    liquidationPrice: flat ? null : liquidationPrice(after, collateralOf(after, a.cash - hold + realized, others)),
    initialMargin: flat ? 0n : marginsOf(after).initial,
  };
}

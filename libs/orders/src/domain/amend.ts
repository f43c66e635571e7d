import { OrderType } from './engine/order-book.types';
import { MarketSpec, assertOrderShape } from './market-spec';
import { Order, OrderData } from './order';
import { OrdersError, OrdersErrorCode } from './orders.error';

/** A new price and/or a new total quantity, in the market's units. */
export interface AmendChanges {
  readonly price?: bigint;
  readonly quantity?: bigint;
}

/** What an amend does: nothing, or the order's new price, total quantity and hold (and the hold's change, + held, - released). */
export type AmendPlan =
  | { readonly changed: false }
  | { readonly changed: true; readonly price: bigint; readonly quantity: bigint; readonly hold: bigint; readonly holdChange: bigint };

/**
 * Decides an amend of an open order.
 * - Nothing different from the order: nothing changes (no hold moves, no
 *   event, the order keeps its place).
 * - The new total must be above what has filled (else cancel), on the step
 *   grid, and the minimum quantity and minimum notional apply to the new
 *   total at the new price, as they did to the order when it was placed: a
 *   partly filled order whose rest is below the minimum can still be amended.
 * - The hold is recomputed from scratch, as a new order for the rest would
 *   hold it: the rest at the new price plus its fee at the higher of the
 *   order's two rates (a sell: the rest's base). Change kept from earlier
 *   fills (a fill below the limit, a maker fee below the taker fee) is thus
 *   released by the amend, and the hold is exact again.
 */
export function planAmend(spec: MarketSpec, order: OrderData, changes: AmendChanges): AmendPlan {
  if (order.type !== OrderType.LIMIT || order.price === null) throw new OrdersError(OrdersErrorCode.INVALID_AMEND, 'Only a resting LIMIT order can be amended');
  const price = changes.price ?? order.price;
  const quantity = changes.quantity ?? order.quantity;
  if (price === order.price && quantity === order.quantity) return { changed: false };
  if (quantity <= order.filledQuantity) {
    throw new OrdersError(OrdersErrorCode.INVALID_AMEND, 'The new quantity must be above what is already filled; cancel the order instead');
  }
  assertOrderShape(spec, price, quantity, price);
  const hold = Order.worstCaseHold(spec, order.side, price, quantity - order.filledQuantity, order, order);
  return { changed: true, price, quantity, hold, holdChange: hold - order.holdRemaining };
}

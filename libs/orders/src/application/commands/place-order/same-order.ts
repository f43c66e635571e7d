import { ApiOrderType, MarketSpec, OrderData, OrderType, TimeInForce, apiTypeOf, splitType } from '../../../domain';
import { parsePrice, parseQuantity } from '../../decimals';
import { PlaceOrderInput } from './place-order.command';

/** What makes two order requests the same order: the rest (the clientOrderId itself, the user) is the key. */
export type OrderFingerprint = Pick<OrderData, 'symbol' | 'side' | 'type' | 'timeInForce' | 'price' | 'quantity' | 'reduceOnly'> & Partial<Pick<OrderData, 'trigger'>>;

/** The time in force an order gets when the request leaves it out. */
export function effectiveTimeInForce(type: ApiOrderType, timeInForce: TimeInForce | undefined): TimeInForce {
  return timeInForce ?? (splitType(type).type === OrderType.LIMIT ? TimeInForce.GTC : TimeInForce.IOC);
}

/**
 * Whether `input` asks for the order `existing` is, compared in the market's
 * units ("0.0010" and "0.001" are one quantity). A number that does not parse
 * on the market's grid cannot be the stored one's. An amended order is
 * compared as it is now (its new price or quantity).
 */
export function isSameOrder(spec: MarketSpec, input: PlaceOrderInput, existing: OrderFingerprint): boolean {
  if (input.symbol !== existing.symbol || input.side !== existing.side || input.type !== apiTypeOf(existing.type, existing.trigger?.kind ?? null)) return false;
  if (effectiveTimeInForce(input.type, input.timeInForce) !== existing.timeInForce) return false;
  if (((input.reduceOnly ?? false) || (input.closePosition ?? false)) !== existing.reduceOnly) return false;
  if ((input.price === undefined) !== (existing.price === null)) return false;
  const triggerPrice = existing.trigger?.price ?? null;
  if ((input.triggerPrice === undefined) !== (triggerPrice === null)) return false;
  if (input.triggerPrice !== undefined && !sameUnits(() => parsePrice(spec, input.triggerPrice!), triggerPrice!)) return false;
  // closePosition: the stored quantity follows the position; the request names none.
  const sameQuantity = input.quantity === undefined ? existing.trigger?.closePosition === true : sameUnits(() => parseQuantity(spec, input.quantity!), existing.quantity);
  return sameQuantity && (input.price === undefined || sameUnits(() => parsePrice(spec, input.price!), existing.price!));
}

function sameUnits(parse: () => bigint, stored: bigint): boolean {
  try {
    return parse() === stored;
  } catch {
    return false;
  }
}

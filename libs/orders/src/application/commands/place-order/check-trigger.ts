import { AmountError, parsePositiveUnits } from '@lib/kernel';
import {
  MAX_CALLBACK_PPM,
  MIN_CALLBACK_PPM,
  MarketSpec,
  OrderTrigger,
  OrdersError,
  OrdersErrorCode,
  Side,
  TimeInForce,
  TriggerBy,
  TriggerKind,
  directionOf,
  highestTrailingLevel,
  priceBand,
  reached,
  trail,
} from '../../../domain';
import { parsePrice } from '../../decimals';
import { PlaceOrderInput } from './place-order.command';

/** The shortest GTD an order may have: it must be worth placing. */
const MIN_GTD_MS = 1_000;

/** The prices a condition is checked against at placement. */
export interface ReferencePrices {
  readonly mark: bigint;
  /** The market's last trade; null before its first. */
  readonly last: bigint | null;
}

/**
 * The condition of a conditional order as the request gives it, checked:
 * the fields its kind needs and no other, on the market's grid, and not
 * reached already (a trigger that would fire at once is refused: place the
 * plain order instead). A trailing stop without an activation price (or one
 * already reached) starts trailing from the price now.
 */
export function checkTrigger(spec: MarketSpec, input: PlaceOrderInput, kind: TriggerKind | null, prices: ReferencePrices, reachedOk = false): OrderTrigger | null {
  const perp = spec.kind === 'PERPETUAL';
  if (kind === null) {
    for (const field of ['triggerPrice', 'triggerBy', 'callbackRate', 'activationPrice', 'closePosition'] as const) {
      if (input[field] !== undefined) throw new OrdersError(OrdersErrorCode.TRIGGER_NOT_ALLOWED, `${field} is for conditional orders (STOP_*, TAKE_PROFIT_*, TRAILING_STOP_MARKET)`, { field });
    }
    return null;
  }
  const by = input.triggerBy ?? TriggerBy.MARK;
  const trailing = kind === TriggerKind.TRAILING_STOP;
  if (trailing) {
    if (input.triggerPrice !== undefined) throw new OrdersError(OrdersErrorCode.TRIGGER_NOT_ALLOWED, 'A TRAILING_STOP_MARKET takes callbackRate (and activationPrice), not triggerPrice', { field: 'triggerPrice' });
    if (input.callbackRate === undefined) throw new OrdersError(OrdersErrorCode.CALLBACK_RATE_REQUIRED, 'A TRAILING_STOP_MARKET needs a callbackRate (percent, 0.1 to 10)');
  } else {
    if (input.triggerPrice === undefined) throw new OrdersError(OrdersErrorCode.TRIGGER_PRICE_REQUIRED, `A ${kind} order needs a triggerPrice`);
    for (const field of ['callbackRate', 'activationPrice'] as const) {
      if (input[field] !== undefined) throw new OrdersError(OrdersErrorCode.TRIGGER_NOT_ALLOWED, `${field} is for TRAILING_STOP_MARKET only`, { field });
    }
  }
  if (input.closePosition === true && !perp) throw new OrdersError(OrdersErrorCode.REDUCE_ONLY_NOT_ALLOWED, 'closePosition is for perpetual markets');
  const reference = by === TriggerBy.MARK ? prices.mark : prices.last;
  if (reference === null) throw new OrdersError(OrdersErrorCode.NO_LAST_PRICE, `${spec.symbol} has no trade yet: triggerBy LAST has nothing to watch; use MARK`);
  const base: OrderTrigger = {
    kind,
    by,
    price: trailing ? null : parseField(spec, input.triggerPrice!, 'triggerPrice'),
    callbackPpm: trailing ? parseCallbackRate(input.callbackRate!) : null,
    activationPrice: input.activationPrice === undefined ? null : parseField(spec, input.activationPrice, 'activationPrice'),
    closePosition: input.closePosition ?? false,
    anchor: null,
    triggeredAt: null,
  };
  const trigger: OrderTrigger = trailing ? { ...base, anchor: trail(base, input.side, reference) } : base;
  if (!reachedOk && reached(trigger, input.side, reference)) {
    const fires = directionOf(kind, input.side) === 'RISE' ? 'at or above' : 'at or below';
    throw new OrdersError(OrdersErrorCode.ORDER_WOULD_TRIGGER_IMMEDIATELY, `This ${input.side} ${kind} fires when the ${by.toLowerCase()} price is ${fires} its level, which it already is: it would trigger at once`, {
      referencePriceTicks: reference.toString(),
    });
  }
  return trigger;
}

/** GTD's goodTillDate: only with GTD, and at least a second ahead. */
export function checkGoodTill(input: PlaceOrderInput, timeInForce: TimeInForce, now: Date): Date | null {
  if (timeInForce !== TimeInForce.GTD) {
    if (input.goodTillDate !== undefined) throw new OrdersError(OrdersErrorCode.INVALID_GOOD_TILL_DATE, 'goodTillDate goes with timeInForce GTD');
    return null;
  }
  if (input.goodTillDate === undefined) throw new OrdersError(OrdersErrorCode.INVALID_GOOD_TILL_DATE, 'timeInForce GTD needs a goodTillDate');
  const at = new Date(input.goodTillDate);
  if (Number.isNaN(at.getTime()) || at.getTime() < now.getTime() + MIN_GTD_MS) {
    throw new OrdersError(OrdersErrorCode.INVALID_GOOD_TILL_DATE, 'goodTillDate must be an ISO 8601 time at least a second ahead');
  }
  return at;
}

/**
 * The worst price a spot MARKET-kind conditional buy can trade at once
 * triggered, which its hold covers: the band's edge above the highest level
 * it can fire at. Once triggered, it never trades above it (its protection
 * price is the lower of this and the band's edge then).
 */
export function spotBuyCap(spec: MarketSpec, trigger: OrderTrigger, side: Side): bigint {
  if (side !== Side.BUY) throw new Error('only a buy has a cap');
  const level = trigger.kind === TriggerKind.TRAILING_STOP ? highestTrailingLevel(trigger.anchor ?? trigger.activationPrice!, trigger.callbackPpm!) : trigger.price!;
  return priceBand(spec, level).upper;
}

function parseField(spec: MarketSpec, input: string, field: string): bigint {
  try {
    return parsePrice(spec, input);
  } catch (error) {
    if (error instanceof OrdersError) throw new OrdersError(OrdersErrorCode.INVALID_PRICE, `${field}: ${error.message}`, { ...error.details, field });
    throw error;
  }
}

/** "1.5" (percent) -> 15_000 ppm; at most 4 decimals (1 ppm), 0.1 to 10. */
function parseCallbackRate(input: string): bigint {
  let ppm: bigint;
  try {
    ppm = parsePositiveUnits(input, 4);
  } catch (error) {
    if (error instanceof AmountError) throw new OrdersError(OrdersErrorCode.INVALID_CALLBACK_RATE, `callbackRate: ${error.message}`, { reason: error.reason });
    throw error;
  }
  if (ppm < MIN_CALLBACK_PPM || ppm > MAX_CALLBACK_PPM) throw new OrdersError(OrdersErrorCode.INVALID_CALLBACK_RATE, 'callbackRate is a percent from 0.1 to 10');
  return ppm;
}

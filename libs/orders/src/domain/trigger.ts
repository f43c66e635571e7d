import { mulDivDown, mulDivUp } from '@lib/kernel';
import { OrderType } from './engine/order-book.types';
import { OrderSide } from './order-types';
import { PPM } from './market-spec';

/**
 * Conditional orders (docs/conditional-orders.md): an order that waits,
 * UNTRIGGERED, until a price reaches its condition, then becomes a live
 * LIMIT or MARKET order with the same id. All prices are integers of the
 * market's price scale; rates are integers of 1e-6 (ppm).
 */
export enum TriggerKind {
  STOP = 'STOP',
  TAKE_PROFIT = 'TAKE_PROFIT',
  TRAILING_STOP = 'TRAILING_STOP',
}

/** Which price a condition watches: the mark price (default) or the last trade. */
export enum TriggerBy {
  MARK = 'MARK',
  LAST = 'LAST',
}

/** The order types of the API: the engine's two, and the conditional ones (each becomes one of the engine's at its trigger). */
export enum ConditionalType {
  STOP_MARKET = 'STOP_MARKET',
  STOP_LIMIT = 'STOP_LIMIT',
  TAKE_PROFIT_MARKET = 'TAKE_PROFIT_MARKET',
  TAKE_PROFIT_LIMIT = 'TAKE_PROFIT_LIMIT',
  TRAILING_STOP_MARKET = 'TRAILING_STOP_MARKET',
}

export type ApiOrderType = OrderType | ConditionalType;
export const API_ORDER_TYPES: readonly ApiOrderType[] = [...Object.values(OrderType), ...Object.values(ConditionalType)];

/** The engine type a conditional type becomes, and its kind (null for LIMIT and MARKET). */
export function splitType(type: ApiOrderType): { readonly type: OrderType; readonly kind: TriggerKind | null } {
  switch (type) {
    case OrderType.LIMIT:
    case OrderType.MARKET:
      return { type, kind: null };
    case ConditionalType.STOP_MARKET:
      return { type: OrderType.MARKET, kind: TriggerKind.STOP };
    case ConditionalType.STOP_LIMIT:
      return { type: OrderType.LIMIT, kind: TriggerKind.STOP };
    case ConditionalType.TAKE_PROFIT_MARKET:
      return { type: OrderType.MARKET, kind: TriggerKind.TAKE_PROFIT };
    case ConditionalType.TAKE_PROFIT_LIMIT:
      return { type: OrderType.LIMIT, kind: TriggerKind.TAKE_PROFIT };
    case ConditionalType.TRAILING_STOP_MARKET:
      return { type: OrderType.MARKET, kind: TriggerKind.TRAILING_STOP };
  }
}

/** The API's name of an order's type. */
export function apiTypeOf(type: OrderType, kind: TriggerKind | null): ApiOrderType {
  if (kind === null) return type;
  return `${kind}_${type}` as ConditionalType;
}

/** The smallest and largest trailing callback rate: 0.1 % and 10 %, in ppm. */
export const MIN_CALLBACK_PPM = 1_000n;
export const MAX_CALLBACK_PPM = 100_000n;

/** What an order waits for. */
export interface OrderTrigger {
  readonly kind: TriggerKind;
  readonly by: TriggerBy;
  /** STOP and TAKE_PROFIT: the trigger price; null for a trailing stop. */
  readonly price: bigint | null;
  /** TRAILING_STOP: the callback rate in ppm (10_000 = 1 %). */
  readonly callbackPpm: bigint | null;
  /** TRAILING_STOP: the price that starts the trailing (null: it trails from its placement). */
  readonly activationPrice: bigint | null;
  /** Perpetual market kinds: close whatever the position is when it triggers. */
  readonly closePosition: boolean;
  /** TRAILING_STOP: the best price seen since it started trailing (the highest for a sell, the lowest for a buy); null before. */
  readonly anchor: bigint | null;
  /** When it triggered; null while it waits. */
  readonly triggeredAt: Date | null;
}

/** RISE fires when the price is at or above the level, FALL when it is at or below. */
export type Direction = 'RISE' | 'FALL';

/**
 * A sell stop fires as the price falls to it, a sell take-profit as it rises
 * to it; a buy the other way round. A trailing sell is a stop (it fires on a
 * fall from the best price), a trailing buy fires on a rise from the lowest.
 */
export function directionOf(kind: TriggerKind, side: OrderSide): Direction {
  const sell = side === OrderSide.SELL;
  return kind === TriggerKind.TAKE_PROFIT ? (sell ? 'RISE' : 'FALL') : sell ? 'FALL' : 'RISE';
}

/**
 * The price at which the order fires; null for a trailing stop that has not
 * started trailing. A trailing sell fires at or below anchor x (1 - rate), a
 * trailing buy at or above anchor x (1 + rate): rounded toward the anchor's
 * far side, so `reached` on integer prices is exact (price <= floor(x) is
 * price <= x for an integer price).
 */
export function levelOf(trigger: OrderTrigger, side: OrderSide): bigint | null {
  if (trigger.kind !== TriggerKind.TRAILING_STOP) return trigger.price;
  if (trigger.anchor === null) return null;
  const rate = trigger.callbackPpm!;
  return side === OrderSide.SELL ? mulDivDown(trigger.anchor, PPM - rate, PPM) : mulDivUp(trigger.anchor, PPM + rate, PPM);
}

/** Whether `price` meets the condition. */
export function reached(trigger: OrderTrigger, side: OrderSide, price: bigint): boolean {
  const level = levelOf(trigger, side);
  if (level === null) return false;
  return directionOf(trigger.kind, side) === 'RISE' ? price >= level : price <= level;
}

/**
 * A trailing stop's anchor after the price `price` was seen: it starts
 * trailing once the activation price is reached (at once without one), from
 * that price; then a sell keeps the highest price seen, a buy the lowest.
 * Null while it has not started; the same value when nothing moved.
 */
export function trail(trigger: OrderTrigger, side: OrderSide, price: bigint): bigint | null {
  if (trigger.kind !== TriggerKind.TRAILING_STOP) return trigger.anchor;
  const sell = side === OrderSide.SELL;
  if (trigger.anchor === null) {
    const a = trigger.activationPrice;
    const active = a === null || (sell ? price >= a : price <= a);
    return active ? price : null;
  }
  return sell ? (price > trigger.anchor ? price : trigger.anchor) : price < trigger.anchor ? price : trigger.anchor;
}

/**
 * The highest price a trailing buy can fire at before it is placed (the
 * level it would have if the anchor never fell): the activation price, or
 * the price now, times (1 + rate). A spot trailing buy holds for it.
 */
export function highestTrailingLevel(activationOrNow: bigint, callbackPpm: bigint): bigint {
  return mulDivUp(activationOrNow, PPM + callbackPpm, PPM);
}

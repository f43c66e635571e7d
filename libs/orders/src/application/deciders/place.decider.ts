import { UserAccountKind, type LedgerIntent } from '@lib/wallet';
import { BookResult, ListRole, MarketSpec, Order, OrderReason, OrderStatus, OrderTrigger, OrderType, OrdersError, OrdersErrorCode, Side, TimeInForce, marketBuyHold } from '../../domain';
import { NamedOrder } from '../ports';
import { toFillView, toOrderView } from '../order-view';
import { PlacedOrderView } from '../views';
import { Decision, Facts, MarketView, Refused, refused } from '../turns/turn-command';
import { settlePass } from './settle-pass';
import { followLists } from './follow-lists';

/** A new order as checked before its turn (the market, the numbers, the band): all in the market's units. */
export interface PlaceOrder {
  readonly spec: MarketSpec;
  readonly userId: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** The limit price; null for a market order. */
  readonly price: bigint | null;
  /** The limit, or a market order's protection price (the band's edge). */
  readonly limit: bigint;
  readonly quantity: bigint;
  readonly clientOrderId: string | null;
  /** Perpetuals: the order may only reduce the position. */
  readonly reduceOnly: boolean;
  /** What the order holds: quote for a buy, base for a sell. */
  readonly holdAsset: string;
  /** Spot: the hold of a limit order or a sell; null for a market buy, whose hold depends on the book. Perpetuals: decided in the turn (null). */
  readonly hold: bigint | null;
  /** Open orders one user may have (only orders that can rest count). */
  readonly maxOpenOrders: number;
  /** A committed order its clientOrderId already names: whether it is this same order. */
  readonly sameAs: (existing: NamedOrder) => boolean;
  /** A conditional order: it waits UNTRIGGERED for this (decideConditional). */
  readonly trigger: OrderTrigger | null;
  /** GTD: when it expires. */
  readonly goodTill: Date | null;
  /** The order list it belongs to. */
  readonly listId?: string | null;
  /**
   * A conditional order that triggered (decideTrigger): it is placed as this
   * order, same id, with what it already holds; the checks of a new order
   * (clientOrderId, open-order limit, spot funds) were made when it was placed.
   */
  readonly existing?: Order;
  /** Orders the decision already ended before placing this one (a triggered leg's siblings): the list rule leaves them. */
  readonly ended?: readonly Order[];
  /** Its role in its list. */
  readonly listRole?: ListRole | null;
}

export type PlaceAnswer =
  | { readonly kind: 'placed'; readonly order: PlacedOrderView }
  /** The clientOrderId names this same order, committed since the check before the turn: answered with it. */
  | { readonly kind: 'repeat'; readonly existing: NamedOrder };

/**
 * Places an order on its market. In order: a clientOrderId that already
 * names an order (the same order is answered with it, another is a
 * conflict), the open-order limit (only orders that can rest count: a user at
 * the limit can still trade out), the funds for the hold, a suspended
 * account; then the engine places it (refusing POST_ONLY that would take, and
 * what the engine refuses, before the book changes) and the pass is settled.
 */
export function decidePlace(o: PlaceOrder, market: MarketView, facts: Facts): Decision<PlaceAnswer> {
  const { spec, userId } = o;
  if (o.trigger !== null && !o.existing) return decideConditional(o, facts);
  const early = o.existing ? null : decidedBeforeTheBook(o, facts);
  if (early) return early;
  const hold = o.existing?.state.holdRemaining ?? o.hold ?? marketBuyHold(spec, market.book, { ownerId: userId, quantity: o.quantity, timeInForce: o.timeInForce, protectionPrice: o.limit, rates: spec });
  const shortfall = o.existing ? null : facts.shortfall({ userId, account: UserAccountKind.SPOT, asset: o.holdAsset }, hold);
  if (shortfall) return refused(shortfall);
  const booked = placeOnBook(o, hold, market, facts);
  if (booked.kind === 'refused') return booked;
  const { placed, result } = booked;
  const pass = settlePass(spec, market, facts, result, placed);
  if (pass.kind === 'refused') return pass;
  const touched = new Map([...(o.ended ?? []), ...pass.orders].map((order) => [order.state.id, order]));
  const linked = followLists(spec, market, touched, facts.now);
  const holdIntent: LedgerIntent[] = hold > 0n && !o.existing ? [{ kind: 'HOLD_FOR_ORDER', orderId: placed.state.id, userId, account: UserAccountKind.SPOT, asset: o.holdAsset, amount: hold }] : [];
  return {
    kind: 'accepted',
    orders: [...pass.orders, ...linked.orders].map((order) => ({ order, isNew: order === placed && !o.existing })),
    intents: [...holdIntent, ...pass.releases, ...linked.releases],
    passes: [pass.record, ...linked.passes],
    answer: (trades) => ({ kind: 'placed', order: { ...toOrderView(spec, placed.state), fills: trades.map((t) => toFillView(spec, t, userId)) } }),
  };
}

/**
 * A new order that passed its checks, on the book: refused when its account
 * is suspended (unless `forced`: the platform's own order for the account, a
 * liquidation) or the engine refuses it (POST_ONLY that would take, a bad
 * price or size: before the book changes); else the order opened with its
 * hold and the engine's result, whose pass the caller settles.
 */
export function placeOnBook(o: PlaceOrder, hold: bigint, market: MarketView, facts: Facts, forced = false): Refused | { readonly kind: 'booked'; readonly placed: Order; readonly result: BookResult } {
  const { spec, userId } = o;
  if (!forced && facts.isSuspended(userId)) return refused(suspended());
  const id = o.existing?.state.id ?? facts.newId();
  const result = market.book.place({ id, ownerId: userId, side: o.side, type: o.type, price: o.limit, quantity: o.quantity, timeInForce: o.timeInForce });
  if (result.rejected !== null) return refused(rejection(result.rejected));
  if (o.existing) return { kind: 'booked', placed: triggeredOrder(o, o.existing, hold, result.order!.sequence, facts.now), result };
  const placed = Order.open({
    id,
    userId,
    symbol: spec.symbol,
    side: o.side,
    type: o.type,
    timeInForce: o.timeInForce,
    price: o.price,
    quantity: o.quantity,
    clientOrderId: o.clientOrderId,
    reduceOnly: o.reduceOnly,
    holdAsset: o.holdAsset,
    hold,
    priority: result.order!.sequence,
    rates: spec,
    at: facts.now,
    goodTill: o.goodTill,
    listId: o.listId ?? null,
    listRole: o.listRole ?? null,
  });
  return { kind: 'booked', placed, result };
}

/** The live order a conditional one becomes: same id, NEW, at its place in the book, holding `hold`, its trigger stamped. */
function triggeredOrder(o: PlaceOrder, existing: Order, hold: bigint, priority: number, now: Date): Order {
  const order = existing.copy();
  const s = order.state;
  s.status = OrderStatus.NEW;
  s.price = o.price;
  s.quantity = o.quantity;
  s.priority = priority;
  s.holdRemaining = hold;
  s.trigger = { ...o.trigger!, triggeredAt: now };
  s.updatedAt = now;
  return order;
}

/**
 * A conditional order, placed: it waits UNTRIGGERED beside the book
 * (docs/conditional-orders.md). A spot one holds its funds now (what it can
 * at most spend once triggered); a perpetual one holds nothing until it
 * triggers (its margin is checked then). A closePosition order needs a
 * position it closes; its quantity follows the position until the trigger.
 */
export function decideConditional(o: PlaceOrder, facts: Facts): Decision<PlaceAnswer> {
  const { spec, userId } = o;
  const early = decidedBeforeTheBook(o, facts);
  if (early) return early;
  if (facts.isSuspended(userId)) return refused(suspended());
  let quantity = o.quantity;
  if (o.trigger!.closePosition) {
    const size = facts.positionOf(userId, spec).position.size;
    const closes = o.side === Side.SELL ? size : -size;
    if (closes <= 0n) return refused(new OrdersError(OrdersErrorCode.NO_POSITION, `closePosition: there is no ${o.side === Side.SELL ? 'long' : 'short'} position on ${spec.symbol} for this ${o.side} to close`));
    quantity = closes;
  }
  const hold = o.hold ?? 0n;
  const account = spec.kind === 'PERPETUAL' ? UserAccountKind.MARGIN : UserAccountKind.SPOT;
  if (hold > 0n) {
    const shortfall = facts.shortfall({ userId, account, asset: o.holdAsset }, hold);
    if (shortfall) return refused(shortfall);
  }
  const placed = Order.open({
    id: facts.newId(),
    userId,
    symbol: spec.symbol,
    side: o.side,
    type: o.type,
    timeInForce: o.timeInForce,
    price: o.price,
    quantity,
    clientOrderId: o.clientOrderId,
    reduceOnly: o.reduceOnly,
    holdAsset: o.holdAsset,
    hold,
    priority: 0,
    rates: spec,
    at: facts.now,
    trigger: o.trigger,
    goodTill: o.goodTill,
    listId: o.listId ?? null,
    listRole: o.listRole ?? null,
  });
  const intents: LedgerIntent[] = hold > 0n ? [{ kind: 'HOLD_FOR_ORDER', orderId: placed.state.id, userId, account, asset: o.holdAsset, amount: hold }] : [];
  return { kind: 'accepted', orders: [{ order: placed, isNew: true }], intents, passes: [], answer: () => ({ kind: 'placed', order: { ...toOrderView(spec, placed.state), fills: [] } }) };
}

/**
 * What any new order decides before its funds: a clientOrderId that already
 * names an order (the same order is answered with it, another is a
 * conflict), then the open-order limit (only orders that can rest count: a
 * user at the limit can still trade out). Null when neither applies.
 */
export function decidedBeforeTheBook(o: PlaceOrder, facts: Facts): Decision<PlaceAnswer> | null {
  const existing = o.clientOrderId === null ? undefined : facts.orderNamed(o.userId, o.clientOrderId);
  if (existing !== undefined) {
    if (!o.sameAs(existing)) return refused(clientOrderIdConflict(o.clientOrderId!, existing.symbol));
    return { kind: 'accepted', orders: [], intents: [], passes: [], answer: () => ({ kind: 'repeat', existing }) };
  }
  // A conditional order waits, as a resting one does: both count.
  const canRest = o.trigger !== null || (o.type === OrderType.LIMIT && (o.timeInForce === TimeInForce.GTC || o.timeInForce === TimeInForce.GTD || o.timeInForce === TimeInForce.POST_ONLY));
  if (canRest && facts.openOrderCount(o.userId) >= o.maxOpenOrders) {
    return refused(new OrdersError(OrdersErrorCode.TOO_MANY_OPEN_ORDERS, `At most ${o.maxOpenOrders} open orders per user`, { limit: o.maxOpenOrders }));
  }
  return null;
}

function suspended(): OrdersError {
  return new OrdersError(OrdersErrorCode.ACCOUNT_SUSPENDED, 'This account is suspended: it cannot place orders');
}

export function clientOrderIdConflict(clientOrderId: string, symbol: string): OrdersError {
  return new OrdersError(OrdersErrorCode.CLIENT_ORDER_ID_CONFLICT, `clientOrderId ${clientOrderId} already names another order (on ${symbol}); a repeat must be the same order`, {
    clientOrderId,
  });
}

/** The refusal a client gets for an engine's reason. */
export function rejection(reason: OrderReason): OrdersError {
  switch (reason) {
    case OrderReason.POST_ONLY_WOULD_TAKE:
      return new OrdersError(OrdersErrorCode.POST_ONLY_WOULD_TAKE, 'A POST_ONLY order must not take liquidity; it would have matched at once');
    case OrderReason.INVALID_PRICE:
      return new OrdersError(OrdersErrorCode.INVALID_PRICE, 'Invalid price');
    case OrderReason.INVALID_QUANTITY:
      return new OrdersError(OrdersErrorCode.INVALID_QUANTITY, 'Invalid quantity');
    case OrderReason.INVALID_TIME_IN_FORCE:
      return new OrdersError(OrdersErrorCode.INVALID_TIME_IN_FORCE, 'Invalid time in force for this order type');
    default:
      return new OrdersError(OrdersErrorCode.INVALID_AMEND, `Order refused: ${reason}`);
  }
}

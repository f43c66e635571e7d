import { LINKED_ORDER_CANCELED, MarketSpec, Order, OrderReason, OrderStatus } from '../../domain';
import { endSiblings } from './follow-lists';
import { toOrderView } from '../order-view';
import { OrderView } from '../views';
import { Accepted, Decision, Facts, MarketView } from '../turns/turn-command';
import { NotOpen, notOpen } from './not-open';
import { releaseOf } from './settle-pass';

export type CancelAnswer = { readonly kind: 'canceled'; readonly order: OrderView } | NotOpen;

/** Cancels one open order: out of the book, its hold released. */
export function decideCancel(spec: MarketSpec, orderId: string, market: MarketView, facts: Facts): Decision<CancelAnswer> {
  const order = market.openOrder(orderId) ?? market.untriggeredOrder(orderId);
  if (!order) return notOpen(market, orderId);
  const canceled = cancelOrders(spec, [order], market, facts);
  // Cancelling one order of a list cancels the list (its other live orders here).
  const linked = endSiblings(spec, market, order, new Map(), LINKED_ORDER_CANCELED, facts.now);
  return {
    ...canceled,
    orders: [...canceled.orders, ...linked.orders.map((o) => ({ order: o, isNew: false }))],
    intents: [...canceled.intents, ...linked.releases],
    passes: [...canceled.passes, ...linked.passes],
    answer: () => ({ kind: 'canceled', order: canceled.answer([])[0]! }),
  };
}

/**
 * Cancels every open order of the user in this market, as the market is now
 * (what opened since the caller looked is included). `reason`: what they end
 * with instead of the engine's CANCELED_BY_REQUEST (a suspension).
 */
export function decideCancelAll(spec: MarketSpec, userId: string, reason: string | undefined, market: MarketView, facts: Facts): Decision<OrderView[]> {
  return cancelOrders(spec, [...market.openOrdersOf(userId), ...market.untriggeredOf(userId)], market, facts, reason);
}

/** Cancels every live order of the user's list `listId` in this market (DELETE /order-lists/:id); `clear` stops it placing more. */
export function decideCancelList(spec: MarketSpec, userId: string, listId: string, clear: () => Promise<Error | null>, market: MarketView, facts: Facts): Decision<OrderView[]> {
  const live = [...market.openOrdersOf(userId), ...market.untriggeredOf(userId)].filter((o) => o.state.listId === listId);
  return { ...cancelOrders(spec, live, market, facts), write: clear };
}

/**
 * Expires the orders of `ids` still open or waiting in this market (GTD at its
 * goodTillDate): EXPIRED with `reason`, their holds released. An order that
 * ended meanwhile is left as it is.
 */
export function decideExpire(spec: MarketSpec, ids: readonly string[], reason: string, market: MarketView, facts: Facts): Decision<OrderView[]> {
  const live = ids.map((id) => market.openOrder(id) ?? market.untriggeredOrder(id)).filter((o): o is Order => o !== undefined);
  return cancelOrders(spec, live, market, facts, reason, OrderStatus.EXPIRED);
}

function cancelOrders(spec: MarketSpec, orders: readonly Order[], market: MarketView, facts: Facts, reason?: string, status?: OrderStatus.EXPIRED): Accepted<OrderView[]> {
  const now = facts.now;
  const ended: Order[] = [];
  const passes = [];
  const intents = [];
  for (const order of orders) {
    if (order.isUntriggered) {
      // Never in the book: it ends, and what it holds (a spot one) is released.
      const copy = order.copy();
      copy.end(status ?? OrderStatus.CANCELED, reason ?? OrderReason.CANCELED_BY_REQUEST);
      copy.state.updatedAt = now;
      const unused = copy.takeUnusedHold();
      if (unused > 0n) intents.push(releaseOf(spec, copy, unused));
      ended.push(copy);
      continue;
    }
    const result = market.book.cancel(order.state.id);
    // Open in memory but not in the book would be a broken cache: thrown, so the batch is rolled back and the book rebuilt.
    if (result.rejected !== null) throw new Error(`order ${order.state.id} is open but not in the ${spec.symbol} book (${result.rejected})`);
    const copy = order.copy();
    copy.end(status ?? (result.order!.status as OrderStatus.CANCELED | OrderStatus.EXPIRED), reason ?? result.order!.reason);
    copy.state.updatedAt = now;
    const unused = copy.takeUnusedHold();
    if (unused > 0n) intents.push(releaseOf(spec, copy, unused));
    ended.push(copy);
    passes.push({ result, trades: [] });
  }
  const views = ended.map((o) => toOrderView(spec, o.state));
  return { kind: 'accepted', orders: ended.map((order) => ({ order, isNew: false })), intents, passes, answer: () => views };
}

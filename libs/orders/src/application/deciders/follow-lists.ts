import type { LedgerIntent } from '@lib/wallet';
import { LINKED_ORDER_FILLED, MarketSpec, Order, OrderStatus, endsItsList } from '../../domain';
import { MarketView, PassRecord } from '../turns/turn-command';
import { releaseOf } from './settle-pass';

/** What ending the rest of a list did: the orders ended (copies), their releases, the book passes of those that rested. */
export interface ListEnd {
  readonly orders: Order[];
  readonly releases: LedgerIntent[];
  readonly passes: PassRecord[];
}

/**
 * The OCO rule after a decision's passes (docs/conditional-orders.md, "Order
 * lists"): an OCO leg, or a bracket's take-profit or stop-loss, that filled
 * in this decision (even partly) ends every other live order of its list:
 * CANCELED with LINKED_ORDER_FILLED, holds released, resting ones out of the
 * book. `touched`: the orders the decision changed (copies), by id; the
 * market's memory still holds them as they were before it.
 */
export function followLists(spec: MarketSpec, market: MarketView, touched: ReadonlyMap<string, Order>, now: Date): ListEnd {
  const end: ListEnd = { orders: [], releases: [], passes: [] };
  const done = new Set<string>();
  for (const order of touched.values()) {
    const { listId, listRole, id } = order.state;
    if (listId === null || done.has(listId) || !endsItsList(listRole)) continue;
    const before = market.openOrder(id) ?? market.untriggeredOrder(id);
    if (order.state.filledQuantity <= (before?.state.filledQuantity ?? 0n)) continue;
    done.add(listId);
    const ended = endSiblings(spec, market, order, touched, LINKED_ORDER_FILLED, now);
    end.orders.push(...ended.orders);
    end.releases.push(...ended.releases);
    end.passes.push(...ended.passes);
  }
  return end;
}

/**
 * Ends the live orders of `order`'s list in this market other than it (and
 * than those in `skip`): CANCELED with `reason`, what they held released.
 */
export function endSiblings(spec: MarketSpec, market: MarketView, order: Order, skip: ReadonlyMap<string, Order>, reason: string, now: Date): ListEnd {
  const end: ListEnd = { orders: [], releases: [], passes: [] };
  const { userId, listId, id } = order.state;
  if (listId === null) return end;
  const siblings = [...market.openOrdersOf(userId), ...market.untriggeredOf(userId)].filter((o) => o.state.listId === listId && o.state.id !== id && !skip.has(o.state.id));
  for (const sibling of siblings) {
    if (sibling.isOpen) {
      const result = market.book.cancel(sibling.state.id);
      // Open in memory but not in the book would be a broken cache: the batch is rolled back and the book rebuilt.
      if (result.rejected !== null) throw new Error(`order ${sibling.state.id} is open but not in the ${spec.symbol} book (${result.rejected})`);
      end.passes.push({ result, trades: [] });
    }
    const copy = sibling.copy();
    copy.end(OrderStatus.CANCELED, reason);
    copy.state.updatedAt = now;
    const unused = copy.takeUnusedHold();
    if (unused > 0n) end.releases.push(releaseOf(spec, copy, unused));
    end.orders.push(copy);
  }
  return end;
}

import { PositionRecord } from '@lib/positions';
import { MarketSpec, Order, OrderStatus, Side } from '../../domain';
import { MarketView, PassRecord } from '../turns/turn-command';

export const REDUCE_ONLY_CANCELED = 'REDUCE_ONLY_EXCEEDS_POSITION';

/**
 * Keeps every user's resting reduce-only orders within their position after
 * a pass changed it: those on the side that would increase it, and those
 * beyond what is left to reduce (newest first), are cancelled. So a resting
 * reduce-only order can never fill into a bigger or flipped position.
 * `touched`: the orders the decision already changed (copies), by id.
 */
export function trimReduceOnly(
  spec: MarketSpec,
  market: MarketView,
  positions: readonly PositionRecord[],
  touched: ReadonlyMap<string, Order>,
  now: Date,
): { readonly orders: Order[]; readonly passes: PassRecord[] } {
  const orders: Order[] = [];
  const passes: PassRecord[] = [];
  for (const record of positions) {
    const resting = new Map<string, Order>();
    for (const o of market.openOrdersOf(record.userId)) resting.set(o.state.id, touched.get(o.state.id) ?? o);
    for (const o of touched.values()) if (o.state.userId === record.userId) resting.set(o.state.id, o);
    const reduceOnly = [...resting.values()].filter((o) => o.state.reduceOnly && o.isOpen).sort((a, b) => a.state.priority - b.state.priority);
    if (reduceOnly.length === 0) continue;
    const size = record.position.size;
    const closing = size > 0n ? Side.SELL : size < 0n ? Side.BUY : null;
    let left = size < 0n ? -size : size;
    for (const order of reduceOnly) {
      if (order.state.side === closing && order.remaining <= left) {
        left -= order.remaining;
        continue;
      }
      const result = market.book.cancel(order.state.id);
      if (result.rejected !== null) throw new Error(`reduce-only order ${order.state.id} is open but not in the ${spec.symbol} book (${result.rejected})`);
      const copy = touched.get(order.state.id) ?? order.copy();
      copy.end(OrderStatus.CANCELED, REDUCE_ONLY_CANCELED);
      copy.state.updatedAt = now;
      orders.push(copy);
      passes.push({ result, trades: [] });
      left = 0n;
    }
  }
  return { orders, passes };
}

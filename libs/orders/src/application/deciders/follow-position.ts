import { PositionRecord } from '@lib/positions';
import type { LedgerIntent } from '@lib/wallet';
import { MarketSpec, Order, OrderStatus, Side } from '../../domain';
import { MarketView, PassRecord } from '../turns/turn-command';
import { bankruptcyBound, beyondBound } from './perp-holds';
import { releaseOf } from './settle-pass';

export const REDUCE_ONLY_CANCELED = 'REDUCE_ONLY_EXCEEDS_POSITION';
export const POSITION_CHANGED_CANCELED = 'POSITION_CHANGED';
export const BANKRUPTCY_CANCELED = 'BEYOND_BANKRUPTCY_PRICE';
export const NO_POSITION_CANCELED = 'NO_POSITION';

/**
 * Keeps every user's resting orders true to their position after a pass
 * changed it (docs/positions.md, "Orders on perpetuals"), in time priority:
 * - reduce-only orders on the side that would increase it, and those beyond
 *   what is left to reduce, are cancelled (REDUCE_ONLY_EXCEEDS_POSITION): a
 *   resting reduce-only order never fills into a bigger or flipped position;
 * - an order that held nothing because it only reduced, and would now open
 *   (the position shrank or flipped under it), is cancelled
 *   (POSITION_CHANGED): no order opens a position it holds no margin for;
 * - on an isolated position, an order that would close it past its
 *   bankruptcy price (the position grew at another price, or its margin
 *   changed) is cancelled (BEYOND_BANKRUPTCY_PRICE) and its hold released;
 * - once the position is flat, its untriggered closePosition orders are
 *   cancelled (NO_POSITION).
 * `touched`: the orders the decision already changed (copies), by id.
 */
export function followPositions(
  spec: MarketSpec,
  market: MarketView,
  positions: readonly PositionRecord[],
  touched: ReadonlyMap<string, Order>,
  now: Date,
): { readonly orders: Order[]; readonly passes: PassRecord[]; readonly releases: LedgerIntent[] } {
  const orders: Order[] = [];
  const passes: PassRecord[] = [];
  const releases: LedgerIntent[] = [];
  const cancel = (order: Order, reason: string) => {
    const result = market.book.cancel(order.state.id);
    if (result.rejected !== null) throw new Error(`order ${order.state.id} is open but not in the ${spec.symbol} book (${result.rejected})`);
    const copy = touched.get(order.state.id) ?? order.copy();
    copy.end(OrderStatus.CANCELED, reason);
    copy.state.updatedAt = now;
    const unused = copy.takeUnusedHold();
    if (unused > 0n) releases.push(releaseOf(spec, copy, unused));
    orders.push(copy);
    passes.push({ result, trades: [] });
  };
  for (const record of positions) {
    const resting = new Map<string, Order>();
    for (const o of market.openOrdersOf(record.userId)) resting.set(o.state.id, touched.get(o.state.id) ?? o);
    for (const o of touched.values()) if (o.state.userId === record.userId) resting.set(o.state.id, o);
    const open = [...resting.values()].filter((o) => o.isOpen).sort((a, b) => a.state.priority - b.state.priority);
    const size = record.position.size;
    const closing = size > 0n ? Side.SELL : size < 0n ? Side.BUY : null;
    const whole = size < 0n ? -size : size;
    let reduceOnlyLeft = whole;
    let reducible = whole;
    const bound = bankruptcyBound(spec, record);
    for (const order of open) {
      const remaining = order.remaining;
      if (order.state.price !== null && beyondBound(bound, order.state.side, order.state.price)) {
        cancel(order, BANKRUPTCY_CANCELED);
        continue;
      }
      if (order.state.reduceOnly) {
        if (order.state.side === closing && remaining <= reduceOnlyLeft) reduceOnlyLeft -= remaining;
        else {
          // Only this one goes: a later (smaller) one that still fits what is left stays.
          cancel(order, REDUCE_ONLY_CANCELED);
          continue;
        }
      } else if (order.state.holdRemaining === 0n && (order.state.side !== closing || remaining > reducible)) {
        cancel(order, POSITION_CHANGED_CANCELED);
        continue;
      }
      if (order.state.side === closing) reducible = remaining < reducible ? reducible - remaining : 0n;
    }
    // A closePosition order waiting for its trigger closes nothing once the position is gone: cancelled (it held nothing).
    if (size !== 0n) continue;
    for (const waiting of market.untriggeredOf(record.userId)) {
      if (!waiting.state.trigger?.closePosition || touched.has(waiting.state.id)) continue;
      const copy = waiting.copy();
      copy.end(OrderStatus.CANCELED, NO_POSITION_CANCELED);
      copy.state.updatedAt = now;
      orders.push(copy);
    }
  }
  return { orders, passes, releases };
}

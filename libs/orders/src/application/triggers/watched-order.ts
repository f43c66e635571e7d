import { OrderData, OrderSide, OrderStatus, OrderTrigger, TriggerBy, TriggerKind, WatchedOrder } from '../../domain';
import type { OrderUpdatedV2 } from '../event-contracts';

const big = (v: string | null): bigint | null => (v === null ? null : BigInt(v));

/** What the trigger index watches of an order (a stored one, or one an `order` event carries); null when it is not waiting. */
export function watchedOf(order: OrderData | OrderUpdatedV2): WatchedOrder | null {
  if (order.status !== OrderStatus.UNTRIGGERED || !order.trigger) return null;
  if ('orderId' in order) {
    const t = order.trigger;
    const trigger: OrderTrigger = {
      kind: t.kind as TriggerKind,
      by: t.by as TriggerBy,
      price: big(t.price),
      callbackPpm: big(t.callbackRate),
      activationPrice: big(t.activationPrice),
      closePosition: t.closePosition,
      anchor: big(t.anchor),
      triggeredAt: null,
    };
    return { id: order.orderId, symbol: order.symbol, side: order.side as OrderSide, trigger };
  }
  return { id: order.id, symbol: order.symbol, side: order.side, trigger: order.trigger };
}

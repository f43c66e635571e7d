import { OrderStatus } from '../../domain';
import { Accepted, MarketView } from '../turns/turn-command';

/** The order is not open in its market: its status when an earlier command of the batch ended it, else null (the caller looks it up). */
export interface NotOpen {
  readonly kind: 'not-open';
  readonly status: OrderStatus | null;
}

/** Answered without a change: the caller refuses with ORDER_NOT_OPEN and the order's status. */
export function notOpen(market: MarketView, orderId: string): Accepted<NotOpen> {
  const status = market.touchedOrder(orderId)?.state.status ?? null;
  return { kind: 'accepted', orders: [], intents: [], passes: [], answer: () => ({ kind: 'not-open', status }) };
}

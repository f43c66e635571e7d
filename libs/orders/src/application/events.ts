import type { NewIntegrationEvent } from '@lib/platform';
import { BookResult, MarketSpec, OrderData, OrderSide, Side } from '../domain';
import { price, quantity, toFillView, toOrderView, toTradeView } from './order-view';
import { StoredTrade } from './ports';
import { FillView, OrderView, TradeView } from './views';

/** Integration events of the orders context (outbox `type` values) and their payloads. */
export const ORDER_UPDATED = 'orders.OrderUpdated';
export const FILL_CREATED = 'orders.FillCreated';
export const TRADE_EXECUTED = 'orders.TradeExecuted';
export const BOOK_CHANGED = 'orders.BookChanged';

/** One per order per matching pass, with its state at the end of the pass. */
export interface OrderUpdatedPayload extends Record<string, unknown> {
  readonly userId: string;
  readonly order: OrderView;
}

/** One per side of a trade, for its owner. */
export interface FillCreatedPayload extends Record<string, unknown> {
  readonly userId: string;
  readonly fill: FillView;
}

/** Public: the trade tape (no user or order ids). */
export interface TradeExecutedPayload extends Record<string, unknown> {
  readonly trade: TradeView;
}

/** Public: the levels a pass changed, with the book's sequence after it. */
export interface BookChangedPayload extends Record<string, unknown> {
  readonly symbol: string;
  readonly seq: number;
  /** [price, new aggregate quantity]; "0" removes the level. */
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

/**
 * The builders of the orders context's integration events: the one place
 * their payloads are made (producers call these, never build payloads inline).
 */
export function orderUpdatedEvent(spec: MarketSpec, order: OrderData): NewIntegrationEvent {
  return { type: ORDER_UPDATED, payload: { userId: order.userId, order: toOrderView(spec, order) } satisfies OrderUpdatedPayload };
}

/** The taker's fill, the maker's fill and the public trade, in that order. */
export function tradeEvents(spec: MarketSpec, trade: StoredTrade): NewIntegrationEvent[] {
  return [
    { type: FILL_CREATED, payload: { userId: trade.takerUserId, fill: toFillView(spec, trade, trade.takerUserId) } satisfies FillCreatedPayload },
    { type: FILL_CREATED, payload: { userId: trade.makerUserId, fill: toFillView(spec, trade, trade.makerUserId) } satisfies FillCreatedPayload },
    { type: TRADE_EXECUTED, payload: { trade: toTradeView(spec, trade) } satisfies TradeExecutedPayload },
  ];
}

/** The levels one engine pass changed; none when it changed no level. */
export function bookChangedEvents(spec: MarketSpec, result: Pick<BookResult, 'deltas' | 'seq'>): NewIntegrationEvent[] {
  if (result.deltas.length === 0) return [];
  const side = (s: OrderSide) => result.deltas.filter((d) => d.side === s).map((d) => [price(spec, d.price), quantity(spec, d.quantity)] as const);
  return [{ type: BOOK_CHANGED, payload: { symbol: spec.symbol, seq: result.seq, bids: side(Side.BUY), asks: side(Side.SELL) } satisfies BookChangedPayload }];
}

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

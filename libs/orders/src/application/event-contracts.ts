import type { FillView, OrderView, TradeView } from './views';

/*
 * The contracts of the orders context's integration events (outbox `type`
 * values and payloads), documented in docs/events.md.
 *
 * Version 2 carries the facts in integers: amounts are integer strings in the
 * smallest unit of their scale (a JSON number cannot hold them), each with its
 * scale: `price` at `priceScale`, quantities at `quantityScale`, quote amounts
 * and fees at `quoteScale` (the quote asset's decimals). "65000.12" is
 * `price: "6500012", priceScale: 2`. Views (REST and sockets) are derived from
 * these by event-views.ts.
 *
 * Version 1 (no `version` field) embedded the REST views (decimal strings).
 * Its rows stay in the outbox for OUTBOX_RETENTION_HOURS after an upgrade and
 * a reconnecting client may be sent them again, so each event is typed as the
 * union of both, and every reader handles both (event-views.ts).
 */
export const ORDER_UPDATED = 'orders.OrderUpdated';
export const FILL_CREATED = 'orders.FillCreated';
export const TRADE_EXECUTED = 'orders.TradeExecuted';
export const BOOK_CHANGED = 'orders.BookChanged';

/** The version the orders context writes. */
export const ORDERS_EVENT_VERSION = 2;

/** The scales of a market's amounts (from its spec at the time of the event). */
export type MarketScales = {
  readonly priceScale: number;
  readonly quantityScale: number;
  /** The quote asset's decimals: quote amounts and fees. */
  readonly quoteScale: number;
};

/** One per order per matching pass, amend or cancel, with its state after it. */
export type OrderUpdatedV2 = MarketScales & {
  readonly version: 2;
  readonly userId: string;
  readonly orderId: string;
  readonly clientOrderId: string | null;
  readonly symbol: string;
  readonly side: string;
  readonly type: string;
  readonly timeInForce: string;
  /** Perpetuals: the order only reduces the position. Absent from events written before it existed (read as false). */
  readonly reduceOnly?: boolean;
  readonly status: string;
  /** Why it ended without filling in full (e.g. IOC_REMAINDER, SELF_TRADE_PREVENTED), else null. */
  readonly reason: string | null;
  /** Limit price; null for a market order. */
  readonly price: string | null;
  readonly quantity: string;
  readonly filledQuantity: string;
  /** Sum of the fills' price x quantity. */
  readonly filledQuote: string;
  /** Fees paid so far, in `feeAsset`. */
  readonly fee: string;
  readonly feeAsset: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Conditional orders only (`type` is then STOP_MARKET, ...): the condition, prices at `priceScale`. */
  readonly trigger?: TriggerPayload;
  /** GTD orders only: when it expires (ISO 8601). */
  readonly goodTillDate?: string;
  /** Orders of an order list (OCO, bracket, OTO) only, with their role in it. */
  readonly listId?: string;
  readonly listRole?: string;
};

export type TriggerPayload = {
  readonly kind: string;
  readonly by: string;
  /** STOP and TAKE_PROFIT: the trigger price. */
  readonly price: string | null;
  /** TRAILING_STOP: the callback rate in millionths ("10000" = 1 %). */
  readonly callbackRate: string | null;
  readonly activationPrice: string | null;
  readonly closePosition: boolean;
  /** TRAILING_STOP: the best price since it started trailing, as stored (the trigger monitor keeps it current). */
  readonly anchor: string | null;
  readonly triggeredAt: string | null;
};

/** One per side of a trade, for its owner. */
export type FillCreatedV2 = MarketScales & {
  readonly version: 2;
  readonly userId: string;
  readonly tradeId: string;
  readonly orderId: string;
  readonly symbol: string;
  readonly side: string;
  readonly liquidity: 'MAKER' | 'TAKER';
  readonly price: string;
  readonly quantity: string;
  /** price x quantity. */
  readonly quote: string;
  readonly fee: string;
  readonly feeAsset: string;
  readonly executedAt: string;
};

/** Public: the trade tape (no user or order ids). */
export type TradeExecutedV2 = MarketScales & {
  readonly version: 2;
  readonly tradeId: string;
  readonly symbol: string;
  /** The taker's side: BUY means the trade lifted an ask. */
  readonly takerSide: string;
  readonly price: string;
  readonly quantity: string;
  readonly quote: string;
  readonly executedAt: string;
};

/** Public: the levels one engine pass changed, with the book's sequence after it. */
export type BookChangedV2 = {
  readonly version: 2;
  readonly symbol: string;
  readonly seq: number;
  readonly priceScale: number;
  readonly quantityScale: number;
  /** [price, new aggregate quantity]; "0" removes the level. */
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
};

/** Version 1: the REST views, decimal strings. */
type V1 = { readonly version?: undefined };
export type OrderUpdatedV1 = V1 & { readonly userId: string; readonly order: Omit<OrderView, 'reduceOnly'> & { readonly reduceOnly?: boolean } };
export type FillCreatedV1 = V1 & { readonly userId: string; readonly fill: FillView };
export type TradeExecutedV1 = V1 & { readonly trade: TradeView };
export type BookChangedV1 = V1 & {
  readonly symbol: string;
  readonly seq: number;
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
};

export type OrderUpdatedPayload = OrderUpdatedV2 | OrderUpdatedV1;
export type FillCreatedPayload = FillCreatedV2 | FillCreatedV1;
export type TradeExecutedPayload = TradeExecutedV2 | TradeExecutedV1;
export type BookChangedPayload = BookChangedV2 | BookChangedV1;

declare module '@lib/platform' {
  interface IntegrationEventMap {
    [ORDER_UPDATED]: OrderUpdatedPayload;
    [FILL_CREATED]: FillCreatedPayload;
    [TRADE_EXECUTED]: TradeExecutedPayload;
    [BOOK_CHANGED]: BookChangedPayload;
  }
}

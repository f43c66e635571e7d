import type { NewIntegrationEvent, NewIntegrationEventOf } from '@lib/platform';
import { BookResult, Liquidity, MarketSpec, OrderData, OrderSide, OrderTrigger, Side, apiTypeOf } from '../domain';
import {
  BOOK_CHANGED,
  BookChangedV2,
  FILL_CREATED,
  FillCreatedV2,
  MarketScales,
  ORDERS_EVENT_VERSION,
  ORDER_UPDATED,
  OrderUpdatedV2,
  TRADE_EXECUTED,
  TradeExecutedV2,
  TriggerPayload,
} from './event-contracts';
import { StoredTrade } from './ports';

/*
 * The builders of the orders context's integration events: the one place
 * their payloads (event-contracts.ts) are made. Producers call these, never
 * build payloads inline; the REST views are derived from the same payloads
 * (order-view.ts), so an event and the answer of a request always agree.
 */

export function orderUpdatedEvent(spec: MarketSpec, order: OrderData): NewIntegrationEvent<typeof ORDER_UPDATED> {
  return { type: ORDER_UPDATED, payload: orderUpdatedPayload(spec, order) };
}

/** The taker's fill, the maker's fill and the public trade, in that order. */
export function tradeEvents(spec: MarketSpec, trade: StoredTrade): NewIntegrationEventOf<typeof FILL_CREATED | typeof TRADE_EXECUTED>[] {
  return [
    { type: FILL_CREATED, payload: fillCreatedPayload(spec, trade, trade.takerUserId) },
    { type: FILL_CREATED, payload: fillCreatedPayload(spec, trade, trade.makerUserId) },
    { type: TRADE_EXECUTED, payload: tradeExecutedPayload(spec, trade) },
  ];
}

/** The levels one engine pass changed; none when it changed no level. */
export function bookChangedEvents(spec: MarketSpec, result: Pick<BookResult, 'deltas' | 'seq'>): NewIntegrationEvent<typeof BOOK_CHANGED>[] {
  if (result.deltas.length === 0) return [];
  const side = (s: OrderSide) => result.deltas.filter((d) => d.side === s).map((d) => [d.price.toString(), d.quantity.toString()] as const);
  const payload: BookChangedV2 = {
    version: ORDERS_EVENT_VERSION,
    symbol: spec.symbol,
    seq: result.seq,
    priceScale: spec.priceScale,
    quantityScale: spec.quantityScale,
    bids: side(Side.BUY),
    asks: side(Side.SELL),
  };
  return [{ type: BOOK_CHANGED, payload }];
}

export function scalesOf(spec: MarketSpec): MarketScales {
  return { priceScale: spec.priceScale, quantityScale: spec.quantityScale, quoteScale: spec.quoteDecimals };
}

/** An order's state as its event carries it. */
export function orderUpdatedPayload(spec: MarketSpec, order: OrderData): OrderUpdatedV2 {
  return {
    version: ORDERS_EVENT_VERSION,
    userId: order.userId,
    orderId: order.id,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    type: apiTypeOf(order.type, order.trigger?.kind ?? null),
    timeInForce: order.timeInForce,
    status: order.status,
    reason: order.reason,
    price: order.price === null ? null : order.price.toString(),
    quantity: order.quantity.toString(),
    filledQuantity: order.filledQuantity.toString(),
    filledQuote: (order.takerQuote + order.makerQuote).toString(),
    fee: order.feePaid.toString(),
    feeAsset: spec.quote,
    ...scalesOf(spec),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    reduceOnly: order.reduceOnly,
    ...(order.trigger ? { trigger: triggerPayload(order.trigger) } : {}),
    ...(order.goodTill ? { goodTillDate: order.goodTill.toISOString() } : {}),
    ...(order.listId ? { listId: order.listId, listRole: order.listRole ?? 'LEG' } : {}),
  };
}

function triggerPayload(t: OrderTrigger): TriggerPayload {
  const text = (v: bigint | null) => (v === null ? null : v.toString());
  return {
    kind: t.kind,
    by: t.by,
    price: text(t.price),
    callbackRate: text(t.callbackPpm),
    activationPrice: text(t.activationPrice),
    closePosition: t.closePosition,
    anchor: text(t.anchor),
    triggeredAt: t.triggeredAt?.toISOString() ?? null,
  };
}

/** The fill of `userId` in a trade (a user is never on both sides: self-trades are prevented). */
export function fillCreatedPayload(spec: MarketSpec, trade: StoredTrade, userId: string): FillCreatedV2 {
  const isMaker = trade.makerUserId === userId;
  const takerBuys = trade.takerSide === 'BUY';
  return {
    version: ORDERS_EVENT_VERSION,
    userId,
    tradeId: trade.id,
    orderId: isMaker ? trade.makerOrderId : trade.takerOrderId,
    symbol: trade.symbol,
    side: isMaker === takerBuys ? 'SELL' : 'BUY',
    liquidity: isMaker ? Liquidity.MAKER : Liquidity.TAKER,
    price: trade.price.toString(),
    quantity: trade.quantity.toString(),
    quote: trade.quote.toString(),
    fee: (isMaker ? trade.makerFee : trade.takerFee).toString(),
    feeAsset: spec.quote,
    ...scalesOf(spec),
    executedAt: trade.createdAt.toISOString(),
  };
}

export function tradeExecutedPayload(spec: MarketSpec, trade: StoredTrade): TradeExecutedV2 {
  return {
    version: ORDERS_EVENT_VERSION,
    tradeId: trade.id,
    symbol: trade.symbol,
    takerSide: trade.takerSide,
    price: trade.price.toString(),
    quantity: trade.quantity.toString(),
    quote: trade.quote.toString(),
    ...scalesOf(spec),
    executedAt: trade.createdAt.toISOString(),
  };
}

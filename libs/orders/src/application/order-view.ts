import { formatUnits } from '@lib/kernel';
import { MarketSpec, OrderData } from '../domain';
import { fillCreatedPayload, orderUpdatedPayload, tradeExecutedPayload } from './events';
import { fillViewOf, orderViewOf, tradeViewOf } from './event-views';
import { StoredTrade } from './ports';
import { FillView, OrderView, TradeView } from './views';

export const price = (spec: MarketSpec, units: bigint): string => formatUnits(units, spec.priceScale);
export const quantity = (spec: MarketSpec, units: bigint): string => formatUnits(units, spec.quantityScale);
export const quote = (spec: MarketSpec, units: bigint): string => formatUnits(units, spec.quoteDecimals);

/*
 * The REST views are the views of the events' payloads: what a request
 * answers and what the streams send for the same state are the same bytes.
 */

export function toOrderView(spec: MarketSpec, data: OrderData): OrderView {
  return orderViewOf(orderUpdatedPayload(spec, data));
}

/** The fill of `userId` in a trade (a user is never on both sides: self-trades are prevented). */
export function toFillView(spec: MarketSpec, trade: StoredTrade, userId: string): FillView {
  return fillViewOf(fillCreatedPayload(spec, trade, userId));
}

export function toTradeView(spec: MarketSpec, trade: StoredTrade): TradeView {
  return tradeViewOf(tradeExecutedPayload(spec, trade));
}

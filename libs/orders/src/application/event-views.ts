import { formatUnits, parseUnits } from '@lib/kernel';
import { averagePriceUnits } from '../domain';
import { BookChangedPayload, FillCreatedPayload, FillCreatedV2, OrderUpdatedPayload, TradeExecutedPayload, TriggerPayload } from './event-contracts';
import { BookChangeView, FillView, OrderView, TradeView } from './views';

/*
 * The views of the orders context, derived from its event contracts: the
 * REST answers (through order-view.ts) and the socket messages are these.
 * A version 1 payload embedded its view, which is returned as it was.
 */

const units = (text: string): bigint => BigInt(text);

export function orderViewOf(payload: OrderUpdatedPayload): OrderView {
  if (payload.version === undefined) return { ...payload.order, reduceOnly: payload.order.reduceOnly ?? false };
  const { priceScale, quantityScale, quoteScale } = payload;
  const quantity = units(payload.quantity);
  const filled = units(payload.filledQuantity);
  const filledQuote = units(payload.filledQuote);
  const average = averagePriceUnits(filledQuote, filled, quantityScale);
  return {
    id: payload.orderId,
    clientOrderId: payload.clientOrderId,
    symbol: payload.symbol,
    side: payload.side,
    type: payload.type,
    timeInForce: payload.timeInForce,
    price: payload.price === null ? null : formatUnits(units(payload.price), priceScale),
    quantity: formatUnits(quantity, quantityScale),
    filledQuantity: formatUnits(filled, quantityScale),
    remainingQuantity: formatUnits(quantity - filled, quantityScale),
    averagePrice: average === null ? null : formatUnits(average, quoteScale),
    filledQuote: formatUnits(filledQuote, quoteScale),
    fee: formatUnits(units(payload.fee), quoteScale),
    feeAsset: payload.feeAsset,
    status: payload.status,
    reason: payload.reason,
    createdAt: payload.createdAt,
    updatedAt: payload.updatedAt,
    // Last: the keys before it are in the order clients have always received.
    reduceOnly: payload.reduceOnly ?? false,
    ...(payload.trigger ? triggerView(payload.trigger, priceScale) : {}),
    ...(payload.goodTillDate ? { goodTillDate: payload.goodTillDate } : {}),
    ...(payload.listId ? { listId: payload.listId, listRole: payload.listRole ?? 'LEG' } : {}),
  };
}

function triggerView(t: TriggerPayload, priceScale: number): Partial<OrderView> {
  const price = (v: string | null) => (v === null ? null : formatUnits(units(v), priceScale));
  return {
    triggerPrice: price(t.price),
    triggerBy: t.by,
    // Millionths -> percent: 4 decimals.
    callbackRate: t.callbackRate === null ? null : formatUnits(units(t.callbackRate), 4),
    activationPrice: price(t.activationPrice),
    closePosition: t.closePosition,
    triggeredAt: t.triggeredAt,
  };
}

export function fillViewOf(payload: FillCreatedPayload): FillView {
  if (payload.version === undefined) return payload.fill;
  const { priceScale, quantityScale, quoteScale } = payload;
  return {
    tradeId: payload.tradeId,
    orderId: payload.orderId,
    symbol: payload.symbol,
    side: payload.side,
    price: formatUnits(units(payload.price), priceScale),
    quantity: formatUnits(units(payload.quantity), quantityScale),
    quote: formatUnits(units(payload.quote), quoteScale),
    fee: formatUnits(units(payload.fee), quoteScale),
    feeAsset: payload.feeAsset,
    liquidity: payload.liquidity,
    createdAt: payload.executedAt,
  };
}

export function tradeViewOf(payload: TradeExecutedPayload): TradeView {
  if (payload.version === undefined) return payload.trade;
  return {
    id: payload.tradeId,
    symbol: payload.symbol,
    price: formatUnits(units(payload.price), payload.priceScale),
    quantity: formatUnits(units(payload.quantity), payload.quantityScale),
    quote: formatUnits(units(payload.quote), payload.quoteScale),
    takerSide: payload.takerSide,
    time: payload.executedAt,
  };
}

export function bookChangeViewOf(payload: BookChangedPayload): BookChangeView {
  if (payload.version === undefined) return { symbol: payload.symbol, seq: payload.seq, bids: payload.bids, asks: payload.asks };
  const { priceScale, quantityScale } = payload;
  const levels = (side: BookChangedPayload['bids']) =>
    side.map(([price, quantity]) => [formatUnits(units(price), priceScale), formatUnits(units(quantity), quantityScale)] as const);
  return { symbol: payload.symbol, seq: payload.seq, bids: levels(payload.bids), asks: levels(payload.asks) };
}

/**
 * A fill in the current version. A version 1 fill is read back from its
 * decimal strings, each at the scale its digits show (a quote and a fee share
 * the larger): exact, since the strings were written at the market's scales.
 */
export function fillCreatedV2(payload: FillCreatedPayload): FillCreatedV2 {
  if (payload.version !== undefined) return payload;
  const { fill } = payload;
  const quoteScale = Math.max(scaleOf(fill.quote), scaleOf(fill.fee));
  const at = (text: string, scale: number): string => parseUnits(text, scale).toString();
  return {
    version: 2,
    userId: payload.userId,
    tradeId: fill.tradeId,
    orderId: fill.orderId,
    symbol: fill.symbol,
    side: fill.side,
    liquidity: fill.liquidity,
    price: at(fill.price, scaleOf(fill.price)),
    quantity: at(fill.quantity, scaleOf(fill.quantity)),
    quote: at(fill.quote, quoteScale),
    fee: at(fill.fee, quoteScale),
    feeAsset: fill.feeAsset,
    priceScale: scaleOf(fill.price),
    quantityScale: scaleOf(fill.quantity),
    quoteScale,
    executedAt: fill.createdAt,
  };
}

/** Fraction digits of a decimal string. */
function scaleOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

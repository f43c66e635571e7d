import { formatUnits } from '@lib/kernel';
import { Liquidity, MarketSpec, Order, OrderData } from '../domain';
import { StoredTrade } from './ports';
import { FillView, OrderView, TradeView } from './views';

export const price = (spec: MarketSpec, units: bigint): string => formatUnits(units, spec.priceScale);
export const quantity = (spec: MarketSpec, units: bigint): string => formatUnits(units, spec.quantityScale);
export const quote = (spec: MarketSpec, units: bigint): string => formatUnits(units, spec.quoteDecimals);

export function toOrderView(spec: MarketSpec, data: OrderData): OrderView {
  const order = new Order(data);
  const average = order.averagePrice(spec);
  return {
    id: data.id,
    clientOrderId: data.clientOrderId,
    symbol: data.symbol,
    side: data.side,
    type: data.type,
    timeInForce: data.timeInForce,
    price: data.price === null ? null : price(spec, data.price),
    quantity: quantity(spec, data.quantity),
    filledQuantity: quantity(spec, data.filledQuantity),
    remainingQuantity: quantity(spec, data.quantity - data.filledQuantity),
    averagePrice: average === null ? null : quote(spec, average),
    filledQuote: quote(spec, data.takerQuote + data.makerQuote),
    fee: quote(spec, data.feePaid),
    feeAsset: spec.quote,
    status: data.status,
    reason: data.reason,
    createdAt: data.createdAt.toISOString(),
    updatedAt: data.updatedAt.toISOString(),
  };
}

/** The fill of `userId` in a trade (a user is never on both sides: self-trades are prevented). */
export function toFillView(spec: MarketSpec, trade: StoredTrade, userId: string): FillView {
  const isMaker = trade.makerUserId === userId;
  const takerBuys = trade.takerSide === 'BUY';
  return {
    tradeId: trade.id,
    orderId: isMaker ? trade.makerOrderId : trade.takerOrderId,
    symbol: trade.symbol,
    side: isMaker === takerBuys ? 'SELL' : 'BUY',
    price: price(spec, trade.price),
    quantity: quantity(spec, trade.quantity),
    quote: quote(spec, trade.quote),
    fee: quote(spec, isMaker ? trade.makerFee : trade.takerFee),
    feeAsset: spec.quote,
    liquidity: isMaker ? Liquidity.MAKER : Liquidity.TAKER,
    createdAt: trade.createdAt.toISOString(),
  };
}

export function toTradeView(spec: MarketSpec, trade: StoredTrade): TradeView {
  return {
    id: trade.id,
    symbol: trade.symbol,
    price: price(spec, trade.price),
    quantity: quantity(spec, trade.quantity),
    quote: quote(spec, trade.quote),
    takerSide: trade.takerSide,
    time: trade.createdAt.toISOString(),
  };
}

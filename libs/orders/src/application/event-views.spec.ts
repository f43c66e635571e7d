import { MarketSpec, OrderData, OrderStatus, OrderType, Side, TimeInForce } from '../domain';
import { FILL_CREATED, FillCreatedV1, OrderUpdatedV1, TRADE_EXECUTED, TradeExecutedV1 } from './event-contracts';
import { bookChangeViewOf, fillCreatedV2, fillViewOf, orderViewOf, tradeViewOf } from './event-views';
import { bookChangedEvents, orderUpdatedEvent, tradeEvents } from './events';
import { toFillView, toOrderView, toTradeView } from './order-view';
import { StoredTrade } from './ports';

// BTC-USDT: price units of 0.01 USDT, quantity units of 0.00001 BTC, USDT 6 decimals.
const spec: MarketSpec = {
  symbol: 'BTC-USDT', kind: 'SPOT', status: 'TRADING', base: 'BTC', quote: 'USDT', baseDecimals: 8, quoteDecimals: 6,
  priceScale: 2, quantityScale: 5, tickSize: 1n, stepSize: 1n, minQuantity: 1n, minNotional: 1n,
  makerFeePpm: 500n, takerFeePpm: 1000n, priceBandPpm: 50_000n,
};

// Bought 0.03 BTC of 0.05 for 1950.000900 USDT (two fills), fee 1.950001.
const order: OrderData = {
  id: 'o-1', userId: 'u-1', symbol: 'BTC-USDT', side: Side.BUY, type: OrderType.LIMIT, timeInForce: TimeInForce.GTC,
  price: 6_500_012n, quantity: 5_000n, filledQuantity: 3_000n, takerQuote: 1_300_000_600n, makerQuote: 650_000_300n, feePaid: 1_950_001n,
  status: OrderStatus.PARTIALLY_FILLED, reason: null, priority: 7, clientOrderId: 'c-1', reduceOnly: false, holdAsset: 'USDT', holdRemaining: 0n,
  makerFeePpm: 500n, takerFeePpm: 1000n, createdAt: new Date('2026-12-06T10:00:00.000Z'), updatedAt: new Date('2026-12-06T10:00:01.500Z'), trigger: null, goodTill: null, listId: null, listRole: null,
};

// 0.01 BTC at 65000.12: 650.0012 USDT; the taker (bob) sold into alice's bid.
const trade: StoredTrade = {
  id: '901', symbol: 'BTC-USDT', price: 6_500_012n, quantity: 1_000n, quote: 650_001_200n, takerSide: 'SELL',
  makerOrderId: 'o-1', takerOrderId: 'o-2', makerUserId: 'alice', takerUserId: 'bob', makerFee: 325_001n, takerFee: 650_002n,
  createdAt: new Date('2026-12-06T10:00:01.500Z'),
};

const scales = { priceScale: 2, quantityScale: 5, quoteScale: 6 };

describe('orders event contracts (version 2): integers with their scales', () => {
  it('OrderUpdated carries the order state in units', () => {
    expect(orderUpdatedEvent(spec, order)).toEqual({
      type: 'orders.OrderUpdated',
      payload: {
        version: 2, userId: 'u-1', orderId: 'o-1', clientOrderId: 'c-1', symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC',
        status: 'PARTIALLY_FILLED', reason: null, price: '6500012', quantity: '5000', filledQuantity: '3000', filledQuote: '1950000900',
        fee: '1950001', feeAsset: 'USDT', ...scales, createdAt: '2026-12-06T10:00:00.000Z', updatedAt: '2026-12-06T10:00:01.500Z', reduceOnly: false,
      },
    });
  });

  it('a trade is the taker fill, the maker fill and the public trade', () => {
    const fill = { version: 2, tradeId: '901', symbol: 'BTC-USDT', price: '6500012', quantity: '1000', quote: '650001200', feeAsset: 'USDT', ...scales, executedAt: '2026-12-06T10:00:01.500Z' };
    expect(tradeEvents(spec, trade)).toEqual([
      { type: 'orders.FillCreated', payload: { ...fill, userId: 'bob', orderId: 'o-2', side: 'SELL', liquidity: 'TAKER', fee: '650002' } },
      { type: 'orders.FillCreated', payload: { ...fill, userId: 'alice', orderId: 'o-1', side: 'BUY', liquidity: 'MAKER', fee: '325001' } },
      {
        type: 'orders.TradeExecuted',
        payload: { version: 2, tradeId: '901', symbol: 'BTC-USDT', takerSide: 'SELL', price: '6500012', quantity: '1000', quote: '650001200', ...scales, executedAt: '2026-12-06T10:00:01.500Z' },
      },
    ]);
  });

  it('BookChanged carries [price, quantity] in units; no event without a change', () => {
    const deltas = [
      { side: Side.BUY, price: 6_500_012n, quantity: 4_000n },
      { side: Side.SELL, price: 6_500_100n, quantity: 0n },
    ];
    expect(bookChangedEvents(spec, { deltas, seq: 42 })).toEqual([
      { type: 'orders.BookChanged', payload: { version: 2, symbol: 'BTC-USDT', seq: 42, priceScale: 2, quantityScale: 5, bids: [['6500012', '4000']], asks: [['6500100', '0']] } },
    ]);
    expect(bookChangedEvents(spec, { deltas: [], seq: 42 })).toEqual([]);
  });
});

describe('orders views derived from the contracts', () => {
  const orderView = {
    id: 'o-1', clientOrderId: 'c-1', symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '65000.12', quantity: '0.05000',
    filledQuantity: '0.03000', remainingQuantity: '0.02000', averagePrice: '65000.030000', filledQuote: '1950.000900', fee: '1.950001', feeAsset: 'USDT',
    status: 'PARTIALLY_FILLED', reason: null, createdAt: '2026-12-06T10:00:00.000Z', updatedAt: '2026-12-06T10:00:01.500Z', reduceOnly: false,
  };
  const makerFill = {
    tradeId: '901', orderId: 'o-1', symbol: 'BTC-USDT', side: 'BUY', price: '65000.12', quantity: '0.01000', quote: '650.001200', fee: '0.325001',
    feeAsset: 'USDT', liquidity: 'MAKER', createdAt: '2026-12-06T10:00:01.500Z',
  };
  const tradeView = { id: '901', symbol: 'BTC-USDT', price: '65000.12', quantity: '0.01000', quote: '650.001200', takerSide: 'SELL', time: '2026-12-06T10:00:01.500Z' };
  const events = tradeEvents(spec, trade);
  const [, makerPayload] = events.flatMap((e) => (e.type === FILL_CREATED ? [e.payload] : []));
  const [tradePayload] = events.flatMap((e) => (e.type === TRADE_EXECUTED ? [e.payload] : []));

  it('the order view, with the JSON keys in the order clients have always received', () => {
    const view = orderViewOf(orderUpdatedEvent(spec, order).payload);
    expect(JSON.stringify(view)).toBe(JSON.stringify(orderView));
    expect(toOrderView(spec, order)).toEqual(view);
    // A market order has no price; nothing filled, no average.
    expect(orderViewOf(orderUpdatedEvent(spec, { ...order, price: null, filledQuantity: 0n, takerQuote: 0n, makerQuote: 0n }).payload)).toMatchObject({
      price: null, averagePrice: null, filledQuantity: '0.00000', remainingQuantity: '0.05000', filledQuote: '0.000000',
    });
  });

  it('the fill and trade views', () => {
    expect(JSON.stringify(fillViewOf(makerPayload!))).toBe(JSON.stringify(makerFill));
    expect(toFillView(spec, trade, 'alice')).toEqual(makerFill);
    expect(toFillView(spec, trade, 'bob')).toMatchObject({ orderId: 'o-2', side: 'SELL', fee: '0.650002', liquidity: 'TAKER' });
    expect(JSON.stringify(tradeViewOf(tradePayload!))).toBe(JSON.stringify(tradeView));
    expect(toTradeView(spec, trade)).toEqual(tradeView);
  });

  it('the book change view: decimal levels at the market scales', () => {
    const [event] = bookChangedEvents(spec, { deltas: [{ side: Side.SELL, price: 6_500_100n, quantity: 12_345n }], seq: 9 });
    expect(bookChangeViewOf(event!.payload)).toEqual({ symbol: 'BTC-USDT', seq: 9, bids: [], asks: [['65001.00', '0.12345']] });
  });

  it('a version 1 payload (no version) gives back the view it embedded', () => {
    const v1Order: OrderUpdatedV1 = { userId: 'u-1', order: orderView };
    const v1Fill: FillCreatedV1 = { userId: 'alice', fill: { ...makerFill, liquidity: 'MAKER' } };
    const v1Trade: TradeExecutedV1 = { trade: tradeView };
    // A version 1 view predates reduceOnly: it reads as false.
    expect(orderViewOf({ userId: 'u-1', order: { ...orderView, reduceOnly: undefined } })).toEqual(orderView);
    expect(orderViewOf(v1Order)).toEqual(orderView);
    expect(fillViewOf(v1Fill)).toBe(v1Fill.fill);
    expect(tradeViewOf(v1Trade)).toBe(tradeView);
    const levels = { symbol: 'BTC-USDT', seq: 3, bids: [['65000.12', '0.01000']] as const, asks: [] };
    expect(bookChangeViewOf(levels)).toEqual(levels);
  });

  it('reads a version 1 fill back in integers, at the scales its strings show', () => {
    const v1: FillCreatedV1 = { userId: 'alice', fill: { ...makerFill, liquidity: 'MAKER' } };
    expect(fillCreatedV2(v1)).toEqual(makerPayload);
    // A quote and a fee written with different digits share the larger scale.
    expect(fillCreatedV2({ userId: 'q', fill: { ...makerFill, price: '1', quantity: '0.5', quote: '47500.5', fee: '47.5005', liquidity: 'TAKER' } })).toMatchObject({
      price: '1', priceScale: 0, quantity: '5', quantityScale: 1, quote: '475005000', fee: '475005', quoteScale: 4,
    });
    expect(fillCreatedV2(makerPayload!)).toBe(makerPayload);
  });
});

import { MarketSpec, OrderSide, OrderType, TimeInForce } from '../../../domain';
import { OrderFingerprint, isSameOrder } from './same-order';

const spec = { symbol: 'BTC-USDT', priceScale: 1, quantityScale: 5, tickSize: 1n, stepSize: 1n } as MarketSpec;
const stored: OrderFingerprint = { symbol: 'BTC-USDT', side: OrderSide.BUY, type: OrderType.LIMIT, timeInForce: TimeInForce.GTC, price: 650_000n, quantity: 100n, reduceOnly: false };
const input = { userId: 'u1', symbol: 'BTC-USDT', side: OrderSide.BUY, type: OrderType.LIMIT, quantity: '0.00100', price: '65000.0', clientOrderId: 'c1' };

describe('isSameOrder', () => {
  it.each([
    ['the same request', {}],
    ['the default time in force left out', { timeInForce: undefined }],
    ['the default time in force named', { timeInForce: TimeInForce.GTC }],
    ['the numbers spelled otherwise', { quantity: '0.001', price: '65000' }],
  ])('is the same order: %s', (_what, change) => {
    expect(isSameOrder(spec, { ...input, ...change }, stored)).toBe(true);
  });

  it.each([
    ['another price', { price: '65000.1' }],
    ['another quantity', { quantity: '0.00101' }],
    ['another side', { side: OrderSide.SELL }],
    ['another type', { type: OrderType.MARKET, price: undefined }],
    ['another time in force', { timeInForce: TimeInForce.IOC }],
    ['another market', { symbol: 'ETH-USDT' }],
    ['a price off the grid', { price: '65000.05' }],
    ['a quantity that is not a number', { quantity: 'lots' }],
    ['reduce-only where the stored order is not', { reduceOnly: true }],
  ])('is another order: %s', (_what, change) => {
    expect(isSameOrder(spec, { ...input, ...change }, stored)).toBe(false);
  });

  it('compares a market order by its quantity and time in force (IOC unless named)', () => {
    const market: OrderFingerprint = { ...stored, type: OrderType.MARKET, timeInForce: TimeInForce.IOC, price: null };
    const request = { ...input, type: OrderType.MARKET, price: undefined };
    expect(isSameOrder(spec, request, market)).toBe(true);
    expect(isSameOrder(spec, { ...request, timeInForce: TimeInForce.FOK }, market)).toBe(false);
    expect(isSameOrder(spec, { ...request, price: '65000.0' }, market)).toBe(false);
  });
});

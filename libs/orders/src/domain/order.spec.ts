import fc from 'fast-check';
import { OrderStatus, OrderType, Side, TimeInForce } from './engine/order-book.types';
import { MarketSpec, feeOn, notional, priceBand, protectionPrice } from './market-spec';
import { Order } from './order';
import { Liquidity } from './order-types';

// BTC-USDT: price units of 0.1 USDT, quantity units of 0.00001 BTC, USDT 6 decimals, BTC 8.
const spec: MarketSpec = {
  symbol: 'BTC-USDT',
  kind: 'SPOT',
  status: 'TRADING',
  base: 'BTC',
  quote: 'USDT',
  baseDecimals: 8,
  quoteDecimals: 6,
  priceScale: 1,
  quantityScale: 5,
  tickSize: 1n,
  stepSize: 1n,
  minQuantity: 1n,
  minNotional: 5_000_000n,
  makerFeePpm: 500n,
  takerFeePpm: 1000n,
  priceBandPpm: 50_000n,
};

function buy(price: bigint, quantity: bigint): Order {
  const now = new Date(0);
  return new Order({
    id: 'o1', userId: 'u1', symbol: spec.symbol, side: Side.BUY, type: OrderType.LIMIT, timeInForce: TimeInForce.GTC,
    price, quantity, filledQuantity: 0n, takerQuote: 0n, makerQuote: 0n, feePaid: 0n, status: OrderStatus.NEW, reason: null,
    priority: 1, clientOrderId: null, reduceOnly: false, holdAsset: 'USDT', holdRemaining: Order.worstCaseHold(spec, Side.BUY, price, quantity, spec), makerFeePpm: spec.makerFeePpm, takerFeePpm: spec.takerFeePpm,
    createdAt: now, updatedAt: now, trigger: null, goodTill: null, listId: null, listRole: null,
  });
}

describe('spot order money', () => {
  it('computes notionals exactly in quote units: 95000.0 x 0.01000 BTC = 950 USDT', () => {
    expect(notional(spec, 950_000n, 1_000n)).toBe(950_000_000n);
  });

  it('rounds fees up once per order, never once per fill', () => {
    const order = buy(3n, 10n); // 0.3 USDT x 0.0001 BTC: notional 3 units
    const fees = [1n, 1n, 1n].map(() => order.applyFill(spec, 3n, 1n, Liquidity.TAKER).fee);
    // Three fills of 3e-6 USDT: 0.1 % of 9 units is 0.009 units -> one unit in all, charged on the first fill.
    expect(fees).toEqual([1n, 0n, 0n]);
    expect(order.state.feePaid).toBe(feeOn(spec, 9n, 0n));
  });

  it('keeps the hold enough for any sequence of fills at or below the limit, and releases exactly the change', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 2_000_000n }),
        fc.array(fc.record({ below: fc.bigInt({ min: 0n, max: 1000n }), qty: fc.bigInt({ min: 1n, max: 5_000n }), maker: fc.boolean() }), { minLength: 1, maxLength: 30 }),
        (limit, fills) => {
          const total = fills.reduce((sum, f) => sum + f.qty, 0n);
          const order = buy(limit, total);
          const held = order.state.holdRemaining;
          let spent = 0n;
          for (const f of fills) {
            const price = limit - f.below > 0n ? limit - f.below : 1n;
            const effect = order.applyFill(spec, price, f.qty, f.maker ? Liquidity.MAKER : Liquidity.TAKER);
            spent += effect.quote + effect.fee;
            expect(order.state.holdRemaining).toBeGreaterThanOrEqual(0n);
          }
          expect(order.state.status).toBe(OrderStatus.FILLED);
          expect(order.state.feePaid).toBe(feeOn(spec, order.state.takerQuote, order.state.makerQuote));
          const change = order.takeUnusedHold();
          expect(spent + change).toBe(held);
        },
      ),
    );
  });

  it('covers fills at a maker rate above the taker rate (rates may change after placement)', () => {
    const order = buy(1_000n, 100n);
    const rates = { makerFeePpm: 3000n, takerFeePpm: 1000n };
    const o = new Order({ ...order.state, ...rates, holdRemaining: Order.worstCaseHold(spec, Side.BUY, 1_000n, 100n, rates) });
    const effect = o.applyFill(spec, 1_000n, 100n, Liquidity.MAKER);
    expect(effect.fee).toBe(feeOn(rates, 0n, effect.quote));
    expect(o.takeUnusedHold()).toBe(0n);
  });

  it('puts the band and the market protection price on the tick grid', () => {
    expect(priceBand(spec, 950_000n)).toEqual({ lower: 902_500n, upper: 997_500n });
    expect(protectionPrice(spec, Side.BUY, 950_003n)).toBe(997_503n);
    expect(protectionPrice({ ...spec, tickSize: 10n }, Side.SELL, 950_003n)).toBe(902_510n);
  });
});

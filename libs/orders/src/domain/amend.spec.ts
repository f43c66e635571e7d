import { OrderStatus, OrderType, Side, TimeInForce } from './engine/order-book.types';
import { MarketSpec } from './market-spec';
import { AmendChanges, planAmend } from './amend';
import { Order, OrderData } from './order';
import { Liquidity } from './order-types';
import { OrdersErrorCode } from './orders.error';

// ETH-USD: price units of 1 USD, quantity units of 0.01 ETH, USD 2 decimals (amounts in cents), minimum
// quantity 0.05, minimum notional 1.00, maker 0.1 %, taker 0.2 %.
const spec: MarketSpec = {
  symbol: 'ETH-USD', kind: 'SPOT', status: 'TRADING', base: 'ETH', quote: 'USD', baseDecimals: 8, quoteDecimals: 2, priceScale: 0, quantityScale: 2,
  tickSize: 1n, stepSize: 1n, minQuantity: 5n, minNotional: 100n, makerFeePpm: 1000n, takerFeePpm: 2000n, priceBandPpm: 500_000n,
};

/** A resting order of `quantity` units at `price`, with these fills applied: `[price, quantity, liquidity]`. */
function order(side: Side, price: bigint, quantity: bigint, fills: readonly (readonly [bigint, bigint, Liquidity])[] = []): OrderData {
  const now = new Date(0);
  const o = new Order({
    id: 'o1', userId: 'u1', symbol: spec.symbol, side, type: OrderType.LIMIT, timeInForce: TimeInForce.GTC, price, quantity, filledQuantity: 0n,
    takerQuote: 0n, makerQuote: 0n, feePaid: 0n, status: OrderStatus.NEW, reason: null, priority: 1, clientOrderId: null, reduceOnly: false,
    holdAsset: side === Side.BUY ? 'USD' : 'ETH', holdRemaining: Order.worstCaseHold(spec, side, price, quantity, spec),
    makerFeePpm: spec.makerFeePpm, takerFeePpm: spec.takerFeePpm, createdAt: now, updatedAt: now, trigger: null, goodTill: null, listId: null, listRole: null,
  });
  for (const [p, q, liquidity] of fills) o.applyFill(spec, p, q, liquidity);
  return o.state;
}

describe('planAmend', () => {
  // A buy of 1.00 at 105 that took 0.40 at 101: 64.72 stays held, the rest needs 63.13 (1.59 of change).
  const improved = () => order(Side.BUY, 105n, 100n, [[101n, 40n, Liquidity.TAKER]]);
  // A buy of 0.10 at 99 that made 0.07: the rest, 0.03, is below the minimum of 0.05; 2.98 held.
  const small = () => order(Side.BUY, 99n, 10n, [[99n, 7n, Liquidity.MAKER]]);

  it('starts from the holds the e2e suite shows', () => {
    expect([improved().holdRemaining, small().holdRemaining]).toEqual([6472n, 298n]);
  });

  it.each([
    // [case, order, changes, plan]
    ['the same price: nothing', improved, { price: 105n }, { changed: false }],
    ['the same total: nothing', improved, { quantity: 100n }, { changed: false }],
    ['both the same: nothing, the change of earlier fills stays held', improved, { price: 105n, quantity: 100n }, { changed: false }],
    // The rest 0.50 at 105: 52.50 + ceil(0.105) = 52.61, so 12.11 released (the 1.59 of change with it).
    ['a smaller total: the hold recomputed, the change released', improved, { quantity: 90n }, { changed: true, price: 105n, quantity: 90n, hold: 5261n, holdChange: -1211n }],
    // The rest 0.60 at 106: 63.60 + ceil(0.1272) = 63.73.
    ['a higher price: the hold recomputed from the rest', improved, { price: 106n }, { changed: true, price: 106n, quantity: 100n, hold: 6373n, holdChange: -99n }],
    ['a new price for a rest below the minimum: the total counts', small, { price: 98n }, { changed: true, price: 98n, quantity: 10n, hold: 295n, holdChange: -3n }],
    ['a total at the minimum or above, its rest below it', small, { quantity: 8n }, { changed: true, price: 99n, quantity: 8n, hold: 100n, holdChange: -198n }],
    ['a larger total', small, { quantity: 20n }, { changed: true, price: 99n, quantity: 20n, hold: 1290n, holdChange: 992n }],
    // A sell holds the base of its rest: 0.05 ETH.
    ['a sell: the base of the rest', () => order(Side.SELL, 99n, 10n, [[99n, 7n, Liquidity.MAKER]]), { quantity: 12n }, { changed: true, price: 99n, quantity: 12n, hold: 5_000_000n, holdChange: 2_000_000n }],
  ] as const)('%s', (_case, make, changes: AmendChanges, plan) => {
    expect(planAmend(spec, make(), changes)).toEqual(plan);
  });

  it.each([
    // [case, order, changes, code]
    ['a total at what filled', small, { quantity: 7n }, OrdersErrorCode.INVALID_AMEND],
    ['a total at the minimum but below what filled', small, { quantity: 5n }, OrdersErrorCode.INVALID_AMEND],
    ['a total below the minimum', () => order(Side.BUY, 99n, 10n), { quantity: 4n }, OrdersErrorCode.QUANTITY_BELOW_MINIMUM],
    ['a zero total', () => order(Side.BUY, 99n, 10n), { quantity: 0n }, OrdersErrorCode.INVALID_AMEND],
    // 0.05 x 19 = 0.95 < 1.00: the notional of the new total at the new price.
    ['a notional below the minimum', () => order(Side.BUY, 99n, 5n), { price: 19n }, OrdersErrorCode.NOTIONAL_BELOW_MINIMUM],
  ] as const)('refuses %s', (_case, make, changes: AmendChanges, code) => {
    expect(() => planAmend(spec, make(), changes)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a MARKET order', () => {
    const market = { ...order(Side.BUY, 99n, 10n), type: OrderType.MARKET, price: null };
    expect(() => planAmend(spec, market, { quantity: 8n })).toThrow(expect.objectContaining({ code: OrdersErrorCode.INVALID_AMEND }));
  });
});

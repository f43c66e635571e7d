import { PositionRecord, flatRecord } from '@lib/positions';
import { MarketSpec, Order, OrderBook, OrderType, OrdersError, OrdersErrorCode, Side, TimeInForce } from '../../../domain';
import { PlaceOrder } from '../../deciders';
import { perpHold } from '../../deciders/perp-holds';
import { BTC, limit, price as cents, usdt } from '../../deciders/testing/scenario';
import { assertPostOnlyRests, maxOpenQuantity, previewPerp, previewSpot, takeNow } from './order-preview';

/**
 * AAPL-PERP on USD as the e2e suite lists it: prices in whole dollars
 * (priceScale 0), quantities in 0.01 (quantityScale 2), USD with 2 decimals,
 * so a notional in cents is price x quantity units. Maker 0.1%, taker 0.2%,
 * maintenance 1% up to 10 000 USD, then 2%.
 */
const PERP: MarketSpec = {
  symbol: 'AAPL-PERP',
  kind: 'PERPETUAL',
  status: 'TRADING',
  base: 'AAPL',
  quote: 'USD',
  baseDecimals: 2,
  quoteDecimals: 2,
  priceScale: 0,
  quantityScale: 2,
  tickSize: 1n,
  stepSize: 1n,
  minQuantity: 5n,
  minNotional: 100n,
  makerFeePpm: 1000n,
  takerFeePpm: 2000n,
  priceBandPpm: 500_000n,
  maxLeverage: 20,
  maintenanceMarginTiers: [
    { maxNotional: 1_000_000n, rate: 10_000n },
    { maxNotional: null, rate: 20_000n },
  ],
};
const AT = new Date('2026-12-06T00:00:00Z');

function perpOrder(side: Side, limitPrice: bigint, quantity: bigint, more: Partial<PlaceOrder> = {}): PlaceOrder {
  return { ...limit('u1', side, limitPrice, quantity), spec: PERP, holdAsset: 'USD', hold: null, ...more };
}

function row(size: bigint, entryValue: bigint, more: Partial<PositionRecord> = {}): PositionRecord {
  return { ...flatRecord('u1', PERP.symbol, 'USD', AT), position: { size, entryValue, realizedPnl: 0n }, ...more };
}

function account(record: PositionRecord, cash: bigint, mine: Order[] = []) {
  const holdings = record.position.size === 0n ? [] : [{ record, terms: { ...PERP, maxLeverage: 20, tiers: PERP.maintenanceMarginTiers! }, mark: 230n }];
  return { record, mine, holdings, cash, mark: 230n };
}

function rest(book: OrderBook, id: string, ownerId: string, side: Side, price: bigint, quantity: bigint): void {
  book.place({ id, ownerId, side, type: OrderType.LIMIT, price, quantity, timeInForce: TimeInForce.GTC });
}

describe('maxOpenQuantity', () => {
  // leverage 10 at 230: perpHold(q) = ceil(230q / 10) + ceil(230q x 0.002) = 23q + ceil(0.46q)
  it('is the largest step whose hold fits: 42.62 for 1000.00 USD (hold 999.87; 42.63 would hold 1000.10)', () => {
    expect(perpHold(PERP, 10, 230n, 4262n)).toBe(99_987n);
    expect(perpHold(PERP, 10, 230n, 4263n)).toBe(100_010n);
    expect(maxOpenQuantity(PERP, 10, 230n, 100_000n)).toBe(4262n);
    expect(maxOpenQuantity(PERP, 10, 230n, 99_987n)).toBe(4262n);
    expect(maxOpenQuantity(PERP, 10, 230n, 99_986n)).toBe(4261n);
    expect(maxOpenQuantity(PERP, 10, 230n, 100_009n)).toBe(4262n);
    expect(maxOpenQuantity(PERP, 10, 230n, 100_010n)).toBe(4263n);
  });

  it('is 0 when not one step fits, or nothing is available', () => {
    expect(perpHold(PERP, 10, 230n, 1n)).toBe(24n);
    expect(maxOpenQuantity(PERP, 10, 230n, 23n)).toBe(0n);
    expect(maxOpenQuantity(PERP, 10, 230n, 24n)).toBe(1n);
    expect(maxOpenQuantity(PERP, 10, 230n, 0n)).toBe(0n);
    expect(maxOpenQuantity(PERP, 10, 230n, -500n)).toBe(0n);
  });

  it('is exact at every amount: the answer fits, one step more does not (steps of 5, leverages 1 to 20)', () => {
    const coarse = { ...PERP, stepSize: 5n };
    for (const leverage of [1, 3, 10, 20]) {
      for (let available = 0n; available <= 5_000n; available += 23n) {
        const q = maxOpenQuantity(coarse, leverage, 231n, available);
        expect(q % 5n).toBe(0n);
        if (q > 0n) expect(perpHold(coarse, leverage, 231n, q)).toBeLessThanOrEqual(available);
        expect(perpHold(coarse, leverage, 231n, q + 5n)).toBeGreaterThan(available);
      }
    }
  });
});

describe('previewPerp', () => {
  it('a limit buy with no position: holds IM + fee, the long it would open and its liquidation price', () => {
    const p = previewPerp(perpOrder(Side.BUY, 230n, 100n), new OrderBook(PERP.symbol), account(flatRecord('u1', PERP.symbol, 'USD', AT), 3_000n));
    // IM ceil(23000 / 10) = 2300, fee ceil(23000 x 0.002) = 46
    expect({ hold: p.hold, fee: p.fee, marginOk: p.marginOk, available: p.available }).toEqual({ hold: 2_346n, fee: 46n, marginOk: true, available: 3_000n });
    expect(p.position).toEqual({ size: 100n, entryValue: 23_000n, realizedPnl: 0n });
    expect(p.entryPrice).toBe(23_000n);
    expect(p.initialMargin).toBe(2_300n);
    // collateral 3000 - 2346 = 654; long: P = (23000 - 654) / (100 x (1 - 0.01)) = 225.7..., rounded up
    expect(p.liquidationPrice).toBe(226n);
    // 30.00 USD: 1.27 holds 29.21 + 0.59 = 29.80; 1.28 would hold 29.44 + 0.59 = 30.03
    expect(p.maxQuantity).toBe(127n);
    expect(p.taken).toEqual({ quantity: 0n, cost: 0n, fills: [] });
  });

  it('says when the margin does not cover the hold', () => {
    const p = previewPerp(perpOrder(Side.BUY, 230n, 128n), new OrderBook(PERP.symbol), account(flatRecord('u1', PERP.symbol, 'USD', AT), 3_000n));
    expect({ hold: p.hold, marginOk: p.marginOk, maxQuantity: p.maxQuantity }).toEqual({ hold: 3_003n, marginOk: false, maxQuantity: 127n });
  });

  it('an order that reduces a long holds nothing; the rest of the position keeps its entry', () => {
    const p = previewPerp(perpOrder(Side.SELL, 240n, 40n), new OrderBook(PERP.symbol), account(row(100n, 23_000n), 1_000n));
    expect(p.hold).toBe(0n);
    expect(p.marginOk).toBe(true);
    expect(p.position).toEqual({ size: 60n, entryValue: 13_800n, realizedPnl: 400n });
    // fee ceil(9600 x 0.002) = 20 (19.2)
    expect(p.fee).toBe(20n);
    // available = 1000 + (upnl 0 - IM 2300) = -1300: nothing opens, 1.00 reduces
    expect(p.available).toBe(-1_300n);
    expect(p.maxQuantity).toBe(100n);
    // collateral 1000 - 0 + 400 realized: long 60 at 13800: P = (13800 - 1400) / (60 x 0.99) = 208.7..., up
    expect(p.liquidationPrice).toBe(209n);
    expect(p.initialMargin).toBe(1_380n);
  });

  it('past the position it opens the other side: the opening part holds; a full close leaves it flat', () => {
    const flip = previewPerp(perpOrder(Side.SELL, 230n, 150n), new OrderBook(PERP.symbol), account(row(100n, 23_000n), 10_000n));
    // 0.50 opens: ceil(11500 / 10) + ceil(23) = 1173
    expect(flip.hold).toBe(1_173n);
    expect(flip.position).toEqual({ size: -50n, entryValue: 11_500n, realizedPnl: 0n });
    const close = previewPerp(perpOrder(Side.SELL, 230n, 100n), new OrderBook(PERP.symbol), account(row(100n, 23_000n), 10_000n));
    expect({ hold: close.hold, liquidationPrice: close.liquidationPrice, entryPrice: close.entryPrice, initialMargin: close.initialMargin }).toEqual({ hold: 0n, liquidationPrice: null, entryPrice: null, initialMargin: 0n });
  });

  it('reduce-only: refused as placing refuses it when it would open or exceed the position', () => {
    const book = new OrderBook(PERP.symbol);
    expect(() => previewPerp(perpOrder(Side.BUY, 230n, 10n, { reduceOnly: true }), book, account(row(100n, 23_000n), 0n))).toThrow(
      expect.objectContaining({ code: OrdersErrorCode.REDUCE_ONLY_WOULD_INCREASE }) as unknown as OrdersError,
    );
    expect(() => previewPerp(perpOrder(Side.SELL, 230n, 101n, { reduceOnly: true }), book, account(row(100n, 23_000n), 0n))).toThrow(OrdersError);
    const ok = previewPerp(perpOrder(Side.SELL, 230n, 100n, { reduceOnly: true }), book, account(row(100n, 23_000n), 0n));
    expect({ hold: ok.hold, maxQuantity: ok.maxQuantity }).toEqual({ hold: 0n, maxQuantity: 100n });
  });

  it('a market buy fills at the walked prices, the rest at the protection price', () => {
    const book = new OrderBook(PERP.symbol);
    rest(book, 'a1', 'u2', Side.SELL, 231n, 100n);
    rest(book, 'a2', 'u2', Side.SELL, 232n, 50n);
    rest(book, 'a3', 'u2', Side.SELL, 400n, 50n);
    const o = perpOrder(Side.BUY, 345n, 200n, { type: OrderType.MARKET, price: null, timeInForce: TimeInForce.IOC });
    const p = previewPerp(o, book, account(flatRecord('u1', PERP.symbol, 'USD', AT), 100_000n));
    expect(p.taken).toEqual({ quantity: 150n, cost: 34_700n, fills: [{ price: 231n, quantity: 100n }, { price: 232n, quantity: 50n }] });
    // 23100 + 11600 + 50 x 345 = 51950: fee ceil(103.9) = 104; the hold is at the protection price: 6900 + 138
    expect(p.position).toEqual({ size: 200n, entryValue: 51_950n, realizedPnl: 0n });
    expect(p.fee).toBe(104n);
    expect(p.hold).toBe(7_038n);
  });
});

describe('previewSpot', () => {
  it('a limit buy holds price x quantity + the fee at the higher rate, and says whether SPOT covers it', () => {
    const o = limit('u1', Side.BUY, cents(50_000n), 100n);
    // 50 000 USDT x 0.01 = 500 USDT, fee 1.00
    const p = previewSpot(o, new OrderBook(BTC.symbol), usdt(501n));
    expect({ hold: p.hold, fee: p.fee, sufficient: p.sufficient }).toEqual({ hold: usdt(501n), fee: usdt(1n), sufficient: true });
    expect(previewSpot(o, new OrderBook(BTC.symbol), usdt(501n) - 1n).sufficient).toBe(false);
  });

  it('a market buy holds what the book can fill now (marketBuyHold), stopping at the buyer\'s own ask', () => {
    const book = new OrderBook(BTC.symbol);
    rest(book, 's1', 'u2', Side.SELL, cents(50_000n), 100n);
    rest(book, 's2', 'u1', Side.SELL, cents(50_100n), 100n);
    const o = limit('u1', Side.BUY, cents(75_000n), 300n, { type: OrderType.MARKET, price: null, timeInForce: TimeInForce.IOC, hold: null });
    const p = previewSpot(o, book, 0n);
    expect(p.taken.quantity).toBe(100n);
    expect(p.hold).toBe(usdt(500n) + usdt(1n));
    expect(p.sufficient).toBe(false);
    // the fee: 500 USDT walked + 200 x 75 000 / 10 000 = 1500 USDT at the protection price, x 0.002
    expect(p.fee).toBe(usdt(4n));
  });

  it('FOK takes nothing when the book cannot fill it in full; POST_ONLY that would take is refused', () => {
    const book = new OrderBook(BTC.symbol);
    rest(book, 's1', 'u2', Side.SELL, cents(50_000n), 100n);
    expect(takeNow(limit('u1', Side.BUY, cents(50_000n), 101n, { timeInForce: TimeInForce.FOK }), book).quantity).toBe(0n);
    expect(takeNow(limit('u1', Side.BUY, cents(50_000n), 100n, { timeInForce: TimeInForce.FOK }), book).quantity).toBe(100n);
    expect(() => assertPostOnlyRests(limit('u1', Side.BUY, cents(50_000n), 1n, { timeInForce: TimeInForce.POST_ONLY }), book)).toThrow(
      expect.objectContaining({ code: OrdersErrorCode.POST_ONLY_WOULD_TAKE }) as unknown as OrdersError,
    );
    expect(() => assertPostOnlyRests(limit('u1', Side.BUY, cents(49_999n), 1n, { timeInForce: TimeInForce.POST_ONLY }), book)).not.toThrow();
  });
});

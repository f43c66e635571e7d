import { addFills, dayLoss, emptyDay, lossCapReached, utcDay } from './daily-pnl';
import { LadderMarket, QuoteSide } from './ladder';

// BTC-USDT: price tick 0.1 (scale 1), quantity 0.00001 (scale 5), USDT 6 decimals: a unit product is 1 micro-USDT.
const BTC: LadderMarket = {
  symbol: 'BTC-USDT', base: 'BTC', quote: 'USDT', baseDecimals: 8, quoteDecimals: 6, priceScale: 1, quantityScale: 5,
  tickSize: 1n, stepSize: 1n, minQuantity: 1n, minNotional: 5_000_000n, takerFeePpm: 1000n, priceBandPpm: 50_000n,
};

describe('the maker\'s daily result on a market', () => {
  it('is the exact cash flow plus the day\'s net base at the mark', () => {
    // Bought 0.01 BTC at 95000.0 (950.000000 USDT, fee 0.095000), sold 0.004 at 95100.0 (380.400000, fee 0.038040).
    const book = addFills(emptyDay('2026-12-06'), [
      { tradeId: 7n, side: QuoteSide.BUY, quantity: 1000n, quote: 950_000_000n, fee: 95_000n },
      { tradeId: 9n, side: QuoteSide.SELL, quantity: 400n, quote: 380_400_000n, fee: 38_040n },
    ]);
    expect(book).toEqual({ day: '2026-12-06', quote: -569_733_040n, base: 600n, lastTradeId: 9n });
    // Marked at 94000.0: 0.006 BTC worth 564.000000: lost 5.733040 USDT.
    expect(dayLoss(BTC, book, 940_000n)).toBe(5_733_040n);
    // At 96000.0 it gained: no loss.
    expect(dayLoss(BTC, book, 960_000n)).toBe(0n);
    expect(lossCapReached(BTC, book, 940_000n, 5n)).toBe(true);
    expect(lossCapReached(BTC, book, 940_000n, 6n)).toBe(false);
  });

  it('counts each fill once, whatever overlap the reads have', () => {
    const fill = { tradeId: 3n, side: QuoteSide.SELL, quantity: 1n, quote: 95_000n, fee: 0n };
    const once = addFills(emptyDay('2026-12-06'), [fill]);
    expect(addFills(once, [fill])).toEqual(once);
    expect(addFills(once, [fill, { ...fill, tradeId: 4n }]).quote).toBe(190_000n);
  });

  it('starts a new book at 00:00 UTC', () => {
    expect(utcDay(new Date('2026-12-06T23:59:59.999Z'))).toBe('2026-12-06');
    expect(utcDay(new Date('2026-12-07T00:00:00.000Z'))).toBe('2026-12-07');
  });
});

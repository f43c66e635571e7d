import fc from 'fast-check';
import { FLAT, PositionState, applyFill, entryPrice, unrealizedPnl } from './position';

/** BTC-PERP in round numbers: prices in cents, quantities in 1e-4 BTC, USDT 6 decimals: a notional is price units x quantity units. */
const PERP = { quoteDecimals: 6, priceScale: 2, quantityScale: 4 };
const p = (dollars: bigint) => dollars * 100n;

type Fill = readonly ['BUY' | 'SELL', bigint, bigint];

function run(fills: readonly Fill[], from: PositionState = FLAT): { position: PositionState; realized: bigint[] } {
  let position = from;
  const realized: bigint[] = [];
  for (const [side, price, quantity] of fills) {
    const outcome = applyFill(PERP, position, side, price, quantity);
    position = outcome.position;
    realized.push(outcome.realized);
  }
  return { position, realized };
}

describe('position arithmetic (one-way, linear)', () => {
  it.each<[string, Fill[], PositionState, bigint[]]>([
    ['opening a long: the entry value is the fill notional', [['BUY', p(50_000n), 1000n]], { size: 1000n, entryValue: 5_000_000_000n, realizedPnl: 0n }, [0n]],
    [
      'adding at another price: the entry is the volume-weighted average (kept as the value)',
      [['BUY', p(50_000n), 1000n], ['BUY', p(52_000n), 1000n]],
      { size: 2000n, entryValue: 10_200_000_000n, realizedPnl: 0n },
      [0n, 0n],
    ],
    [
      'a partial close realizes its share of the entry: half of 0.2 BTC at 51,000 avg sold at 55,000 is +400',
      [['BUY', p(50_000n), 1000n], ['BUY', p(52_000n), 1000n], ['SELL', p(55_000n), 1000n]],
      { size: 1000n, entryValue: 5_100_000_000n, realizedPnl: 400_000_000n },
      [0n, 0n, 400_000_000n],
    ],
    [
      'a short closed higher loses: short 0.1 at 50,000, bought back at 51,000 is -100',
      [['SELL', p(50_000n), 1000n], ['BUY', p(51_000n), 1000n]],
      { size: 0n, entryValue: 0n, realizedPnl: -100_000_000n },
      [0n, -100_000_000n],
    ],
    [
      'a fill larger than the position closes it and opens the other side at the fill price, in one fill',
      [['BUY', p(50_000n), 1000n], ['SELL', p(49_000n), 3000n]],
      { size: -2000n, entryValue: 9_800_000_000n, realizedPnl: -100_000_000n },
      [0n, -100_000_000n],
    ],
    [
      'a close of a third rounds the closed entry value down; the unit left stays in the position',
      [['BUY', p(1n), 1n], ['BUY', p(1n), 1n], ['BUY', p(2n), 1n], ['SELL', p(2n), 1n]],
      { size: 2n, entryValue: 267n, realizedPnl: 67n },
      [0n, 0n, 0n, 67n],
    ],
  ])('%s', (_name, fills, position, realized) => {
    expect(run(fills)).toEqual({ position, realized });
  });

  it('values the open position at the mark and gives its entry price per whole base unit', () => {
    const { position } = run([['BUY', p(50_000n), 1000n], ['BUY', p(52_000n), 1000n]]);
    expect(entryPrice(PERP, position)).toBe(51_000_000_000n);
    expect(unrealizedPnl(PERP, position, p(53_000n))).toBe(400_000_000n);
    expect(unrealizedPnl(PERP, { size: -1000n, entryValue: 5_000_000_000n, realizedPnl: 0n }, p(53_000n))).toBe(-300_000_000n);
    expect([entryPrice(PERP, FLAT), unrealizedPnl(PERP, FLAT, p(1n))]).toEqual([null, 0n]);
  });

  it('refuses a fill without a positive price and quantity', () => {
    expect(() => applyFill(PERP, FLAT, 'BUY', p(1n), 0n)).toThrow(RangeError);
    expect(() => applyFill(PERP, FLAT, 'SELL', 0n, 1n)).toThrow(RangeError);
  });
});

const fillArb = fc.tuple(fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL'), fc.bigInt({ min: 1n, max: 10_000_000n }), fc.bigInt({ min: 1n, max: 5_000n }));

describe('position arithmetic: properties against the fills', () => {
  it('size is the sum of signed fills, and cash in = realized PnL - the signed entry value, to the unit', () => {
    fc.assert(
      fc.property(fc.array(fillArb, { maxLength: 40 }), (fills) => {
        const { position, realized } = run(fills);
        const signed = (side: string, q: bigint) => (side === 'BUY' ? q : -q);
        expect(position.size).toBe(fills.reduce((sum, [side, , q]) => sum + signed(side, q), 0n));
        // Each fill's cash: sells bring their notional in, buys pay theirs.
        const cash = fills.reduce((sum, [side, price, q]) => sum - signed(side, price * q), 0n);
        const signedEntry = position.size > 0n ? position.entryValue : -position.entryValue;
        expect(cash).toBe(position.realizedPnl - signedEntry);
        expect(position.realizedPnl).toBe(realized.reduce((a, b) => a + b, 0n));
        if (position.size === 0n) expect(position.entryValue).toBe(0n);
        // The entry price lies between the lowest and highest fill price.
        if (position.size !== 0n) {
          const open = position.size < 0n ? -position.size : position.size;
          const prices = fills.map(([, price]) => price);
          expect(position.entryValue).toBeGreaterThanOrEqual(open * prices.reduce((a, b) => (a < b ? a : b)));
          expect(position.entryValue).toBeLessThanOrEqual(open * prices.reduce((a, b) => (a > b ? a : b)));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('between traders, sizes balance and the realized PnL equals the long entry values minus the short ones (the clearing account)', () => {
    const trade = fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.bigInt({ min: 1n, max: 10_000_000n }), fc.bigInt({ min: 1n, max: 5_000n }));
    fc.assert(
      fc.property(fc.array(trade, { maxLength: 60 }), (trades) => {
        const book: PositionState[] = [FLAT, FLAT, FLAT, FLAT];
        for (const [buyer, seller, price, quantity] of trades) {
          if (buyer === seller) continue;
          book[buyer] = applyFill(PERP, book[buyer]!, 'BUY', price, quantity).position;
          book[seller] = applyFill(PERP, book[seller]!, 'SELL', price, quantity).position;
        }
        expect(book.reduce((sum, q) => sum + q.size, 0n)).toBe(0n);
        const realized = book.reduce((sum, q) => sum + q.realizedPnl, 0n);
        const longs = book.filter((q) => q.size > 0n).reduce((sum, q) => sum + q.entryValue, 0n);
        const shorts = book.filter((q) => q.size < 0n).reduce((sum, q) => sum + q.entryValue, 0n);
        expect(realized).toBe(longs - shorts);
      }),
      { numRuns: 500 },
    );
  });
});

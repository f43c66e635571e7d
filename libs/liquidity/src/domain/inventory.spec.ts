import { boundSide, fitMargin, inventoryLadder, ladderMargin, levelMargin, noiseSide, positionBound, positionReserve, skewShift } from './inventory';
import { LadderMarket, QuoteSide, buildLadder } from './ladder';

/** BTC-PERP of the default catalog: tick 0.1, step 0.001 BTC, min notional 5 USDT, taker 0.05 %, band 5 %. */
const PERP: LadderMarket = {
  symbol: 'BTC-PERP', base: 'BTC', quote: 'USDT', baseDecimals: 8, quoteDecimals: 6, priceScale: 1, quantityScale: 3,
  tickSize: 1n, stepSize: 1n, minQuantity: 1n, minNotional: 5_000_000n, takerFeePpm: 500n, priceBandPpm: 50_000n,
};
const MARK = 950_000n; // 95000.0
const params = { levels: 5, stepBps: 25n, levelNotional: 1_000_000_000n }; // spacing 200.0, levels of 0.010 BTC
const BOUND = positionBound(PERP, MARK, 10_000_000_000n); // 10000 USDT: 0.105 BTC
const total = (levels: readonly { quantity: bigint }[]) => levels.reduce((s, l) => s + l.quantity, 0n);

describe('the perpetual maker\'s inventory', () => {
  it('turns the notional bound into a quantity on the step grid', () => {
    expect(BOUND).toBe(105n);
    expect(positionBound({ ...PERP, stepSize: 10n }, MARK, 10_000_000_000n)).toBe(100n);
  });

  it('skews linearly against the position, two spacings at the bound and no further', () => {
    expect(skewShift(0n, 100n, 2000n)).toBe(0n);
    expect(skewShift(50n, 100n, 2000n)).toBe(2000n);
    expect(skewShift(-50n, 100n, 2000n)).toBe(-2000n);
    expect(skewShift(100n, 100n, 2000n)).toBe(4000n);
    expect(skewShift(500n, 100n, 2000n)).toBe(4000n);
    expect(skewShift(1n, 100n, 2000n)).toBe(40n);
  });

  it('flat: the spot ladder, both sides full', () => {
    expect(inventoryLadder(PERP, MARK, params, { position: 0n, maxPosition: BOUND })).toEqual(buildLadder(PERP, MARK, params));
  });

  it('long: quotes lower (asks may go below the mark), and bids only as far as the bound', () => {
    const flat = buildLadder(PERP, MARK, params);
    const long = inventoryLadder(PERP, MARK, params, { position: 80n, maxPosition: BOUND });
    expect(long.asks[0]!.price).toBeLessThan(flat.asks[0]!.price);
    expect(long.bids[0]!.price).toBeLessThan(flat.bids[0]!.price);
    expect(long.bids[0]!.price).toBeLessThan(long.asks[0]!.price);
    expect(total(long.bids)).toBeLessThanOrEqual(BOUND - 80n); // 25 units of room: 2 levels and a half
    expect(long.bids.map((l) => l.quantity)).toEqual([10n, 10n, 5n]);
    expect(total(long.asks)).toBe(50n);
  });

  it('at or past the bound: no quote on the side that would grow the position', () => {
    expect(inventoryLadder(PERP, MARK, params, { position: BOUND, maxPosition: BOUND }).bids).toEqual([]);
    expect(inventoryLadder(PERP, MARK, params, { position: -BOUND - 7n, maxPosition: BOUND }).asks).toEqual([]);
    expect(inventoryLadder(PERP, MARK, params, { position: -BOUND - 7n, maxPosition: BOUND }).bids).toHaveLength(5);
  });

  it('never lets |position| pass the bound whatever fills (a property over positions)', () => {
    for (let position = -BOUND - 20n; position <= BOUND + 20n; position += 3n) {
      const ladder = inventoryLadder(PERP, MARK, params, { position, maxPosition: BOUND });
      const worstLong = position + total(ladder.bids);
      const worstShort = position - total(ladder.asks);
      expect(worstLong <= (position > BOUND ? position : BOUND)).toBe(true);
      expect(worstShort >= (position < -BOUND ? position : -BOUND)).toBe(true);
      for (const level of [...ladder.bids, ...ladder.asks]) expect(level.quantity).toBeGreaterThanOrEqual(1n);
      if (ladder.bids[0] && ladder.asks[0]) expect(ladder.bids[0].price).toBeLessThan(ladder.asks[0].price);
    }
  });

  it('drops a partial level below the market\'s minimums', () => {
    const levels = [{ side: QuoteSide.BUY, price: MARK, quantity: 10n }];
    expect(boundSide({ ...PERP, minQuantity: 5n }, levels, 4n)).toEqual([]);
    expect(boundSide({ ...PERP, minQuantity: 5n }, levels, 6n)).toEqual([{ ...levels[0], quantity: 6n }]);
  });

  it('computes the holds exactly: initial margin at the level\'s price plus the taker fee, rounded up', () => {
    // 0.010 BTC at 95000.0 = 950 USDT: 95 USDT at 10x, fee 0.475 USDT.
    expect(levelMargin(PERP, { side: QuoteSide.BUY, price: MARK, quantity: 10n }, 10)).toBe(95_475_000n);
    // 0.001 BTC at 0.7 = 0.000700 USDT: 0.0002333.. at 3x and a fee of 0.00000035 both round up.
    expect(levelMargin(PERP, { side: QuoteSide.BUY, price: 7n, quantity: 1n }, 3)).toBe(234n + 1n);
  });

  it('fits the ladder to a margin budget, best levels first on both sides, no gap', () => {
    const ladder = buildLadder(PERP, MARK, params);
    const all = ladderMargin(PERP, ladder, 10);
    expect(fitMargin(PERP, ladder, all, 10)).toEqual({ ladder, used: all });
    const three = levelMargin(PERP, ladder.bids[0]!, 10) + levelMargin(PERP, ladder.asks[0]!, 10) + levelMargin(PERP, ladder.bids[1]!, 10);
    const fitted = fitMargin(PERP, ladder, three, 10);
    expect(fitted.used).toBe(three);
    expect(fitted.ladder.bids).toEqual(ladder.bids.slice(0, 2));
    expect(fitted.ladder.asks).toEqual(ladder.asks.slice(0, 1));
    expect(fitMargin(PERP, ladder, 0n, 10).ladder).toEqual({ spacing: ladder.spacing, bids: [], asks: [] });
  });

  it('reserves a position\'s initial margin at the mark and its unrealized loss, never its profit', () => {
    // long 0.010 BTC entered at 100000.0 (1000 USDT), mark 95000.0: IM 95, loss 50.
    expect(positionReserve(PERP, 10n, 1_000_000_000n, MARK, 10)).toBe(145_000_000n);
    // short 0.010 BTC entered at 100000.0, mark 95000.0: IM 95, a profit of 50 backs nothing.
    expect(positionReserve(PERP, -10n, 1_000_000_000n, MARK, 10)).toBe(95_000_000n);
    expect(positionReserve(PERP, 0n, 0n, MARK, 10)).toBe(0n);
  });

  it('sends the noise trader back toward flat at its bound, and lets it draw freely within', () => {
    expect(noiseSide(QuoteSide.BUY, 52n, 52n)).toBe(QuoteSide.SELL);
    expect(noiseSide(QuoteSide.SELL, -60n, 52n)).toBe(QuoteSide.BUY);
    expect(noiseSide(QuoteSide.BUY, 51n, 52n)).toBe(QuoteSide.BUY);
    expect(noiseSide(QuoteSide.SELL, -51n, 52n)).toBe(QuoteSide.SELL);
    expect(noiseSide(QuoteSide.SELL, 0n, 0n)).toBe(QuoteSide.SELL);
  });
});

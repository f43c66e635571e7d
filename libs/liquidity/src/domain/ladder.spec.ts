import { LadderMarket, QuoteSide, buildLadder, gridSpacing, ladderFunds, minimalQuantity, priceBand } from './ladder';

/** BTC-USDT of the default catalog: tick 0.1 (price scale 1), step 0.00001 (quantity scale 5), min notional 5 USDT, band 5 %. */
const BTC: LadderMarket = {
  symbol: 'BTC-USDT',
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
  takerFeePpm: 1000n,
  priceBandPpm: 50_000n,
};

/** A stock: tick 0.01 USD, whole shares, min notional 1 USD, band 10 %. */
const AAPL: LadderMarket = {
  ...BTC,
  symbol: 'AAPL-USD',
  base: 'AAPL',
  quote: 'USD',
  baseDecimals: 6,
  quoteDecimals: 2,
  priceScale: 2,
  quantityScale: 0,
  minNotional: 100n,
  priceBandPpm: 100_000n,
};

const USDT_1000 = 1_000_000_000n;
const params = { levels: 5, stepBps: 10n, levelNotional: USDT_1000 };
const prices = (levels: readonly { price: bigint }[]) => levels.map((l) => l.price);

describe('gridSpacing', () => {
  it.each([
    [1n, 950n, 500n],
    [1n, 199n, 100n],
    [1n, 200n, 200n],
    [1n, 23n, 20n],
    [10n, 95n, 50n],
    [10n, 10n, 10n],
    [1n, 1n, 1n],
    [1n, 0n, 1n],
    [5n, 3n, 5n],
  ])('tick %p, target %p -> %p (1, 2 or 5 x 10^k ticks, at least one tick)', (tick, target, spacing) => {
    expect(gridSpacing(tick, target)).toBe(spacing);
  });
});

describe('buildLadder', () => {
  it('puts 5 bids below and 5 asks above the mark on a round grid, each about 1000 USDT', () => {
    // 10 bps of 95000.3 is 95.0003 -> 950 ticks -> spacing 500 ticks (50.0 USDT).
    const ladder = buildLadder(BTC, 950_003n, params);
    expect(ladder.spacing).toBe(500n);
    expect(ladder.bids).toEqual([
      { side: QuoteSide.BUY, price: 950_000n, quantity: 1052n },
      { side: QuoteSide.BUY, price: 949_500n, quantity: 1053n },
      { side: QuoteSide.BUY, price: 949_000n, quantity: 1053n },
      { side: QuoteSide.BUY, price: 948_500n, quantity: 1054n },
      { side: QuoteSide.BUY, price: 948_000n, quantity: 1054n },
    ]);
    expect(ladder.asks).toEqual([
      { side: QuoteSide.SELL, price: 950_500n, quantity: 1052n },
      { side: QuoteSide.SELL, price: 951_000n, quantity: 1051n },
      { side: QuoteSide.SELL, price: 951_500n, quantity: 1050n },
      { side: QuoteSide.SELL, price: 952_000n, quantity: 1050n },
      { side: QuoteSide.SELL, price: 952_500n, quantity: 1049n },
    ]);
  });

  it('keeps the levels in place while the mark moves between two grid lines', () => {
    expect(buildLadder(BTC, 950_499n, params)).toEqual(buildLadder(BTC, 950_001n, params));
  });

  it('never quotes at the mark: a mark on a grid line leaves that line empty on both sides', () => {
    const ladder = buildLadder(BTC, 950_000n, params);
    expect(prices(ladder.bids)[0]).toBe(949_500n);
    expect(prices(ladder.asks)[0]).toBe(950_500n);
  });

  it('leaves out levels outside the price band', () => {
    // Band 0.1 %: reach 950 ticks -> [949053, 950953].
    const narrow = { ...BTC, priceBandPpm: 1000n };
    expect(priceBand(narrow, 950_003n)).toEqual({ lower: 949_053n, upper: 950_953n });
    const ladder = buildLadder(narrow, 950_003n, params);
    expect(prices(ladder.bids)).toEqual([950_000n, 949_500n]);
    expect(prices(ladder.asks)).toEqual([950_500n]);
  });

  it('never goes below the minimum notional or quantity', () => {
    // 1 USDT a level is under the 5 USDT minimum: ceil(5 USDT / 95000.0) = 0.00006 BTC.
    expect(minimalQuantity(BTC, 950_000n)).toBe(6n);
    const ladder = buildLadder(BTC, 950_003n, { ...params, levelNotional: 1_000_000n });
    expect(ladder.bids.map((l) => l.quantity)).toEqual([6n, 6n, 6n, 6n, 6n]);
    const shares = buildLadder(AAPL, 23_017n, { ...params, levelNotional: 1n });
    expect(shares.asks.map((l) => l.quantity)).toEqual([1n, 1n, 1n, 1n, 1n]);
  });

  it('sizes a stock ladder in whole shares on its own tick', () => {
    // 10 bps of 230.17 USD = 23 ticks -> 20 ticks (0.20 USD); 1000 USD / 230.00 = 4 shares.
    const ladder = buildLadder(AAPL, 23_017n, { ...params, levelNotional: 100_000n });
    expect(ladder.spacing).toBe(20n);
    expect(ladder.bids).toEqual([22_920n, 22_940n, 22_960n, 22_980n, 23_000n].reverse().map((price) => ({ side: QuoteSide.BUY, price, quantity: 4n })));
    expect(prices(ladder.asks)).toEqual([23_020n, 23_040n, 23_060n, 23_080n, 23_100n]);
    expect(ladder.asks.every((l) => l.quantity === 4n)).toBe(true);
  });

  it('has no levels when the band leaves no room (a price of a few ticks)', () => {
    expect(buildLadder(BTC, 3n, params)).toEqual({ spacing: 1n, bids: [], asks: [] });
  });
});

describe('ladderFunds', () => {
  it('sums the bids\' worst-case holds in quote (notional + taker fee rounded up) and the asks in base units', () => {
    const funds = ladderFunds(BTC, buildLadder(BTC, 950_003n, params));
    // e.g. 95000.0 x 0.01052 = 999.400000 USDT + 0.999400 fee; 949500 x 1053 = 999823500 units + fee 999823.5 -> 999824.
    expect(funds.quote).toBe(5_002_428_932n);
    // 1052 + 1051 + 1050 + 1050 + 1049 = 5252 units of 0.00001 BTC = 0.05252000 BTC.
    expect(funds.base).toBe(5_252_000n);
  });
});

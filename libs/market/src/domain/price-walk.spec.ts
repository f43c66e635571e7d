import { RandomWalk, growthFactor, nextWalkPrice, standardNormal, streamKey, uniforms } from './price-walk';

describe('the seeded random walk', () => {
  const tick = 1n; // BTC-USDT: prices in cents, tick 0.01
  const start = 9_500_000n; // 95000.00
  const vol = 600_000n; // 0.6 a year

  it('is deterministic for a seed: the same path every time, another path for another seed or symbol', () => {
    const a = new RandomWalk('seed-1', 1000).path('BTC-USDT', start, tick, vol, 500);
    const b = new RandomWalk('seed-1', 1000).path('BTC-USDT', start, tick, vol, 500);
    expect(b).toEqual(a);
    expect(new RandomWalk('seed-2', 1000).path('BTC-USDT', start, tick, vol, 500)).not.toEqual(a);
    expect(new RandomWalk('seed-1', 1000).path('ETH-USDT', start, tick, vol, 500)).not.toEqual(a);
  });

  it('uses the whole seed: seeds that collide in a 32-bit hash (FNV-1a) still give unrelated paths', () => {
    // 'seed-649864' and 'seed-1617280' have the same FNV-1a 32-bit hash (2634850434): a walk keyed by a
    // 32-bit hash gave both the same path, so a 2^32 search found any install's seed from a few prices.
    const a = new RandomWalk('seed-649864', 1000).path('BTC-USDT', start, tick, vol, 50);
    const b = new RandomWalk('seed-1617280', 1000).path('BTC-USDT', start, tick, vol, 50);
    expect(b).not.toEqual(a);
    // 256-bit stream keys, one per (seed, underlying).
    expect(streamKey('seed-649864', 'BTC-USDT')).toHaveLength(32);
    expect(streamKey('seed-649864', 'BTC-USDT').equals(streamKey('seed-1617280', 'BTC-USDT'))).toBe(false);
    expect(streamKey('seed-649864', 'BTC-USDT').equals(streamKey('seed-649864', 'ETH-USDT'))).toBe(false);
  });

  it('gives exactly these first prices for MARKET_SEED=exchange (a regression anchor)', () => {
    expect(new RandomWalk('exchange', 1000).path('BTC-USDT', start, tick, vol, 5)).toEqual(EXPECTED_FIRST_PRICES);
  });

  it('resumes the same path from any stored step (counter-based randomness)', () => {
    const walk = new RandomWalk('exchange', 1000);
    const path = walk.path('SOL-USDT', 18_000n, tick, 900_000n, 100);
    // A new leader that loaded (price after step 60, n = 60) continues identically.
    let price = path[59]!;
    for (let n = 61; n <= 100; n++) {
      price = walk.next('SOL-USDT', n, price, tick, 900_000n);
      expect(price).toBe(path[n - 1]);
    }
  });

  it.each([
    ['BTC-PERP', 950_000n, 1n, 600_000n],
    ['SOL-PERP', 180_000n, 1n, 900_000n],
    ['coarse tick', 9_500_000n, 50n, 800_000n],
    ['coarse grid (100 ticks)', 10_000n, 100n, 2_000_000n],
  ])('keeps every price of %s a positive multiple of the tick', (symbol, from, tickSize, volatility) => {
    const prices = new RandomWalk('exchange', 60_000).path(symbol, from, tickSize, volatility, 2000);
    for (const price of prices) {
      expect(price > 0n).toBe(true);
      expect(price % tickSize).toBe(0n);
    }
    // It moves: not stuck on its start.
    expect(new Set(prices.map(String)).size).toBeGreaterThan(1);
  });

  it('rounds half up onto the tick grid, and never below one tick', () => {
    // No move at all: factor exactly 1 (z chosen to cancel the drift) keeps the price.
    const sigma = 0.6;
    const dt = 1000 / (365 * 86_400_000);
    const zNeutral = (0.5 * sigma * sigma * dt) / (sigma * Math.sqrt(dt));
    expect(growthFactor(600_000n, 1000, zNeutral)).toBe(1_000_000_000_000n);
    expect(nextWalkPrice({ price: 12_345n, tickSize: 5n, volatilityPpm: 600_000n, dtMs: 1000, z: zNeutral })).toBe(12_345n);
    // A crash far below one tick lands on one tick.
    expect(nextWalkPrice({ price: 10n, tickSize: 10n, volatilityPpm: 10_000_000n, dtMs: 365 * 86_400_000, z: -6 })).toBe(10n);
    expect(() => nextWalkPrice({ price: 0n, tickSize: 1n, volatilityPpm: 1n, dtMs: 1, z: 0 })).toThrow(RangeError);
  });

  it('draws uniforms in (0, 1) and roughly standard normals', () => {
    let sum = 0;
    let squares = 0;
    const n = 20_000;
    const key = streamKey('exchange', 'BTC-USDT');
    for (let i = 1; i <= n; i++) {
      const [u1, u2] = uniforms(key, i);
      expect(u1 > 0 && u1 < 1 && u2 > 0 && u2 < 1).toBe(true);
      const z = standardNormal(key, i);
      sum += z;
      squares += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(squares / n - 1)).toBeLessThan(0.05);
  });
});

const EXPECTED_FIRST_PRICES: bigint[] = [9_499_087n, 9_500_401n, 9_498_817n, 9_498_277n, 9_496_949n];

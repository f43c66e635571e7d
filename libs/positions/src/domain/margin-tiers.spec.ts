import { initialMargin, maintenanceMargin, maxNotionalAt, tierMaxLeverage } from './margin-tiers';

/** Notionals in USDT units (6 decimals); rates in ppm: 0.4% to 50,000 USDT, 0.5% to 250,000, then 1%. */
const USDT = 1_000_000n;
const TIERS = [
  { maxNotional: 50_000n * USDT, rate: 4_000n },
  { maxNotional: 250_000n * USDT, rate: 5_000n },
  { maxNotional: null, rate: 10_000n },
];

describe('margin tiers', () => {
  it.each([
    ['inside the first tier: notional x 0.4%', 10_000n * USDT, 40n * USDT],
    ['at the first edge', 50_000n * USDT, 200n * USDT],
    ['just past it: continuous (0.5% less the amount 50)', 50_000n * USDT + 1n, 200n * USDT + 1n],
    ['at the second edge: 1,250 - 50', 250_000n * USDT, 1_200n * USDT],
    ['in the last tier: 1% less 50 + 1,250', 300_000n * USDT, 1_700n * USDT],
    ['zero', 0n, 0n],
  ])('maintenance %s', (_name, notional, margin) => {
    expect(maintenanceMargin(TIERS, notional)).toBe(margin);
  });

  it('never jumps at an edge and never falls as the notional grows', () => {
    let previous = 0n;
    for (let n = 0n; n <= 400_000n * USDT; n += 12_345n * USDT) {
      const m = maintenanceMargin(TIERS, n);
      expect(m).toBeGreaterThanOrEqual(previous);
      previous = m;
    }
    for (const edge of [50_000n * USDT, 250_000n * USDT]) expect(maintenanceMargin(TIERS, edge + 1n) - maintenanceMargin(TIERS, edge)).toBeLessThanOrEqual(1n);
  });

  it('rounds up, and refuses tiers that end', () => {
    expect(maintenanceMargin([{ maxNotional: null, rate: 3n }], 1n)).toBe(1n);
    expect(() => maintenanceMargin([{ maxNotional: 10n, rate: 1n }], 11n)).toThrow(RangeError);
  });

  it('initial margin is the notional over the leverage, rounded up', () => {
    expect(initialMargin(5_000n * USDT, 10n)).toBe(500n * USDT);
    expect(initialMargin(1_001n, 10n)).toBe(101n);
    expect(() => initialMargin(1n, 0n)).toThrow(RangeError);
  });

  it('gives each leverage its bracket: the largest notional a position may have at it', () => {
    // BTC-PERP: 0.4 % to 50 000 (125x), 0.5 % to 250 000 (100x), 1 % to 1 000 000 (50x), 2.5 % to 5 000 000 (20x), 5 % beyond (10x).
    const usdt = (n: bigint) => n * 1_000_000n;
    const btc = [
      { maxNotional: usdt(50_000n), rate: 4_000n },
      { maxNotional: usdt(250_000n), rate: 5_000n },
      { maxNotional: usdt(1_000_000n), rate: 10_000n },
      { maxNotional: usdt(5_000_000n), rate: 25_000n },
      { maxNotional: null, rate: 50_000n },
    ];
    expect(btc.map(tierMaxLeverage)).toEqual([125n, 100n, 50n, 20n, 10n]);
    expect(maxNotionalAt(btc, 125)).toBe(usdt(50_000n));
    expect(maxNotionalAt(btc, 101)).toBe(usdt(50_000n));
    expect(maxNotionalAt(btc, 100)).toBe(usdt(250_000n));
    expect(maxNotionalAt(btc, 50)).toBe(usdt(1_000_000n));
    expect(maxNotionalAt(btc, 20)).toBe(usdt(5_000_000n));
    expect(maxNotionalAt(btc, 10)).toBeNull();
    expect(maxNotionalAt(btc, 1)).toBeNull();
    expect(maxNotionalAt([], 50)).toBeNull();
  });
});

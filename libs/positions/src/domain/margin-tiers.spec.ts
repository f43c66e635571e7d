import { initialMargin, maintenanceMargin } from './margin-tiers';

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
});

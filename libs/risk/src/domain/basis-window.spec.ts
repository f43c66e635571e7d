import fc from 'fast-check';
import { BasisWindow } from './basis-window';
import { floorDiv } from './rates';

describe('BasisWindow: the moving average of the basis over a window', () => {
  it('has no average before its first sample, nor once every sample has aged out', () => {
    const w = new BasisWindow(60_000);
    expect(w.average(0)).toBeNull();
    w.sample(1_000, 30n);
    expect(w.average(1_000)).toBe(30n);
    expect(w.average(60_999)).toBe(30n); // (60_999 - 60_000, 60_999] still holds 1_000
    expect(w.average(61_000)).toBeNull(); // a sample exactly one window old is out
  });

  it('averages exactly and rounds down, negative bases toward minus infinity', () => {
    const w = new BasisWindow(10_000);
    w.sample(0, 10n);
    w.sample(1_000, 11n);
    w.sample(2_000, 11n);
    expect(w.average(2_000)).toBe(10n); // 32 / 3 = 10.67 -> 10
    const n = new BasisWindow(10_000);
    n.sample(0, -10n);
    n.sample(1_000, -11n);
    expect(n.average(1_000)).toBe(-11n); // -21 / 2 = -10.5 -> -11
  });

  it('skips ticks without a two-sided book and slides', () => {
    const w = new BasisWindow(3_000);
    w.sample(0, 100n);
    w.sample(1_000, null);
    w.sample(2_000, 40n);
    expect(w.size).toBe(2);
    expect(w.average(2_000)).toBe(70n);
    w.sample(3_000, -20n); // 0 leaves
    expect(w.average(3_000)).toBe(10n);
  });

  it('equals a recomputation over the window after any sequence of samples', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 2_000 }), fc.option(fc.bigInt({ min: -1_000_000_000_000n, max: 1_000_000_000_000n }))), { maxLength: 300 }), (windowMs, steps) => {
        const w = new BasisWindow(windowMs);
        const all: { at: number; basis: bigint }[] = [];
        let at = 0;
        for (const [gap, basis] of steps) {
          at += gap;
          w.sample(at, basis);
          if (basis !== null) all.push({ at, basis });
          const inside = all.filter((s) => s.at > at - windowMs);
          const expected = inside.length === 0 ? null : floorDiv(inside.reduce((sum, s) => sum + s.basis, 0n), BigInt(inside.length));
          expect(w.average(at)).toBe(expected);
        }
      }),
    );
  });
});

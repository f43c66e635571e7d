import fc from 'fast-check';
import { divCeil, divHalfEven, formatRatio, formatStatistic, roundDoubleHalfEven } from './exact-rounding';

describe('exact rounding', () => {
  it('divides half to even, either sign', () => {
    expect([5n, 15n, 25n, 7n, -5n, -15n, -7n].map((a) => divHalfEven(a, 10n))).toEqual([0n, 2n, 2n, 1n, 0n, -2n, -1n]);
  });

  it('divides up', () => {
    expect([10n, 11n, 0n, -11n].map((a) => divCeil(a, 10n))).toEqual([1n, 2n, 0n, -1n]);
  });

  it('rounds the exact value of a double, half to even', () => {
    // 1/512 = 0.001953125 exactly: a tie at 8 decimals, to the even 0.00195312; 3/512 = 0.005859375 to 0.00585938.
    expect(formatStatistic(1 / 512)).toBe('0.00195312');
    expect(formatStatistic(3 / 512)).toBe('0.00585938');
    expect(formatStatistic(-1 / 512)).toBe('-0.00195312');
    expect(formatStatistic(1.5)).toBe('1.50000000');
    expect(formatStatistic(-0)).toBe('0.00000000');
    expect(formatStatistic(-1e-12)).toBe('0.00000000');
    expect(formatStatistic(null)).toBeNull();
    expect(roundDoubleHalfEven(2.5, 0)).toBe(2n);
    expect(roundDoubleHalfEven(3.5, 0)).toBe(4n);
    expect(roundDoubleHalfEven(1e20, 0)).toBe(100000000000000000000n);
    expect(roundDoubleHalfEven(5e-324, 8)).toBe(0n);
    expect(() => roundDoubleHalfEven(Number.NaN, 8)).toThrow(RangeError);
  });

  it('agrees with toFixed(8) (exact, ties away from zero) wherever the value is not a tie', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x) => {
        // A tie at 8 decimals is a multiple of 1/(2 × 10^8) that a double holds exactly: x × 512 an integer.
        fc.pre(!Number.isInteger(x * 512));
        expect(formatStatistic(x)).toBe(Object.is(x, -0) ? '0.00000000' : x.toFixed(8).replace(/^-(0\.0+)$/, '$1'));
      }),
    );
  });

  it('formats an exact ratio with 8 decimals, null without a denominator', () => {
    expect(formatRatio(1n, 3n)).toBe('0.33333333');
    expect(formatRatio(2n, 3n)).toBe('0.66666667');
    expect(formatRatio(1n, 0n)).toBeNull();
  });
});

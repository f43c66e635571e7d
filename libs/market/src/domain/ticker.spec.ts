import { comparePercent, percentChange, withPrice } from './ticker';

describe('24 h change', () => {
  it.each([
    [100n, 101n, '1.00'],
    [100n, 100n, '0.00'],
    [3n, 2n, '-33.33'],
    [3n, 4n, '33.33'],
    [8n, 9n, '12.50'],
    [9_500_000n, 9_499_216n, '-0.01'],
    [200_000n, 199_999n, '0.00'], // -0.0005 % rounds to zero, never "-0.00"
    [1n, 1000n, '99900.00'],
  ])('from %s to %s is %s %%', (open, last, expected) => {
    expect(percentChange(open, last)).toBe(expected);
  });

  it('rounds half away from zero', () => {
    expect(percentChange(20_000n, 20_001n)).toBe('0.01'); // +0.005 %
    expect(percentChange(20_000n, 19_999n)).toBe('-0.01'); // -0.005 %
    expect(percentChange(200_000n, 200_001n)).toBe('0.00'); // +0.0005 %
  });

  it('compares percent strings without floating point', () => {
    expect(['1.50', '-2.00', '0.00', '10.01', '-0.01'].sort(comparePercent)).toEqual(['-2.00', '-0.01', '0.00', '1.50', '10.01']);
  });

  it('folds a price into the 24 h open/high/low', () => {
    expect(withPrice(undefined, 5n)).toEqual({ open: 5n, high: 5n, low: 5n });
    expect(withPrice({ open: 5n, high: 6n, low: 4n }, 7n)).toEqual({ open: 5n, high: 7n, low: 4n });
    expect(withPrice({ open: 5n, high: 6n, low: 4n }, 3n)).toEqual({ open: 5n, high: 6n, low: 3n });
  });
});

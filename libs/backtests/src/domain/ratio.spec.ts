import { exactRatio, ratioOf } from './ratio';

describe('ratios as decimal strings (8 decimals, half-even)', () => {
  it.each<[number, string | null]>([
    [0, '0.00000000'],
    [0.5, '0.50000000'],
    [-0.25, '-0.25000000'],
    [1 / 3, '0.33333333'],
    [2 / 3, '0.66666667'],
    [1 / 512, '0.00195312'], // 0.001953125: a tie, to the even neighbour
    [3 / 512, '0.00585938'], // 0.005859375: a tie, to the even neighbour
    [-1 / 512, '-0.00195312'],
    [123456.123456789, '123456.12345679'],
    [1e-12, '0.00000000'],
    [Infinity, null],
    [NaN, null],
  ])('%p -> %p', (x, text) => {
    expect(ratioOf(x)).toBe(text);
  });

  it('divides exactly', () => {
    expect(exactRatio(1n, 3n)).toBe('0.33333333');
    expect(exactRatio(-2n, 3n)).toBe('-0.66666667');
    expect(exactRatio(1n, 200_000_000n)).toBe('0.00000000'); // 0.000000005: a tie, to even (0)
    expect(exactRatio(3n, 200_000_000n)).toBe('0.00000002'); // 0.000000015: a tie, to even (2)
    expect(exactRatio(45_466_729n, 1_000_000_000n)).toBe('0.04546673');
  });
});

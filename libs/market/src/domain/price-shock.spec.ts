import { rampPrice, shockPercent, shockPrice, shockTarget } from './price-shock';

describe('shockPrice', () => {
  const market = { symbol: 'BTC-PERP', priceScale: 1, tickSize: 5n }; // tick 0.5

  it('parses a positive decimal on the tick grid into price units', () => {
    expect(shockPrice(market, '95000.5')).toBe(950_005n);
    expect(shockPrice(market, '100000')).toBe(1_000_000n);
  });

  it.each([
    ['95000.1', 'OFF_TICK'],
    ['0', 'NOT_POSITIVE'],
    ['-1', undefined],
    ['1.25', undefined],
    ['abc', undefined],
    [250, undefined],
  ])('refuses %p as INVALID_MARKET_SPEC on the field price', (input, reason) => {
    let caught: unknown;
    try {
      shockPrice(market, input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'INVALID_MARKET_SPEC', details: { field: 'price' } });
    if (reason) expect(caught).toMatchObject({ details: { reason } });
  });
});

describe('percent shocks', () => {
  it('reads a non-zero percent in (-100, 1000] at 10^-4 %, and refuses the rest on the field percent', () => {
    expect(shockPercent('-10')).toBe(-100_000n);
    expect(shockPercent('0.0001')).toBe(1n);
    expect(shockPercent('1000')).toBe(10_000_000n);
    for (const bad of ['-100', '1000.0001', '0', '1.00001', '+5', '-', 10]) {
      expect(() => shockPercent(bad)).toThrow(expect.objectContaining({ code: 'INVALID_MARKET_SPEC', details: expect.objectContaining({ field: 'percent' }) }));
    }
  });

  it('moves an index by the percent, half up to the tick, never below one tick', () => {
    expect(shockTarget(950_000n, -100_000n, 1n)).toBe(855_000n); // 95,000.0 - 10 % = 85,500.0
    expect(shockTarget(950_005n, -100_000n, 1n)).toBe(855_005n); // 855,004.5 -> 855,005
    expect(shockTarget(230n, 25_000n, 1n)).toBe(236n); // 230 x 1.025 = 235.75 -> 236
    expect(shockTarget(3n, -999_999n, 2n)).toBe(2n);
  });

  it('ramps linearly in whole ticks, truncated toward the start, and ends exactly at the target', () => {
    expect(rampPrice(950_000n, 855_000n, 1_000, 5_000, 1_000, 1n)).toBe(950_000n);
    expect(rampPrice(950_000n, 855_000n, 1_000, 5_000, 2_000, 1n)).toBe(926_250n);
    expect(rampPrice(950_000n, 855_000n, 1_000, 5_000, 4_999, 1n)).toBe(855_024n); // -94,976.25 -> -94,976
    expect(rampPrice(950_000n, 855_000n, 1_000, 5_000, 5_000, 1n)).toBe(855_000n);
    expect(rampPrice(230n, 240n, 0, 3_000, 1_000, 5n)).toBe(230n); // 2 ticks x 1/3 -> 0 ticks
    expect(rampPrice(230n, 240n, 0, 3_000, 2_000, 5n)).toBe(235n);
  });
});

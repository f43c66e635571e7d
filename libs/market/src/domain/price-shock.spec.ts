import { shockPrice } from './price-shock';

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

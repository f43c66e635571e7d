import { Exposure, StrategyType, createStrategy, parseStrategy } from '../../domain';
import { tradingSignalsKit as kit } from './trading-signals-kit';

/** The exposures a strategy answers over closes. */
function run(type: StrategyType, params: Record<string, number>, closes: readonly number[]): Exposure[] {
  const strategy = createStrategy(parseStrategy(type, params), kit);
  return closes.map((c) => strategy.next(c));
}

describe('the trading-signals indicators', () => {
  it('SMA is the mean of the window, null before it is full', () => {
    const sma = kit.sma(3);
    expect([1, 2, 3, 4, 10].map((v) => sma.add(v))).toEqual([null, null, 2, 3, 17 / 3]);
  });

  it('EMA is seeded with the first close and weighted 2 / (n + 1); null for the first n - 1', () => {
    const ema = kit.ema(3);
    const out = [10, 13, 16, 10].map((v) => ema.add(v));
    // 10; 13 x 0.5 + 10 x 0.5 = 11.5; 16 x 0.5 + 11.5 x 0.5 = 13.75; 10 x 0.5 + 13.75 x 0.5 = 11.875
    expect(out).toEqual([null, null, 13.75, 11.875]);
  });

  it('Bollinger bands are the SMA -+ k population standard deviations', () => {
    const bands = kit.bollinger(4, 2);
    const out = [2, 4, 4, 6].map((v) => bands.add(v));
    // mean 4, population variance (4 + 0 + 0 + 4) / 4 = 2
    expect(out[3]).toEqual({ lower: 4 - 2 * Math.SQRT2, middle: 4, upper: 4 + 2 * Math.SQRT2 });
  });

  it('RSI is 100 after gains only, and answers from period + 1 closes', () => {
    const rsi = kit.rsi(3);
    expect([1, 2, 3, 4, 5].map((v) => rsi.add(v))).toEqual([null, null, null, 100, 100]);
  });
});

describe('strategies on crafted closes', () => {
  const fallThenRise = [10, 9, 8, 7, 6, 7, 9, 12, 16, 15, 11, 7, 4];

  it('SMA crossover: long when the fast average crosses above the slow, flat when it crosses back (spot view)', () => {
    const out = run(StrategyType.SMA_CROSSOVER, { fast: 2, slow: 4 }, fallThenRise);
    // fast - slow: i3 (-1), i4 (-1), i5 (-0.5), i6 (+1: cross up), ... i10 (-0.5 after 15, 11: cross down)
    expect(out).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, -1, -1, -1]);
  });

  it('EMA crossover answers only at crosses, never before both are stable', () => {
    const out = run(StrategyType.EMA_CROSSOVER, { fast: 2, slow: 4 }, fallThenRise);
    expect(out.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(out).toContain(1);
    expect(out[out.length - 1]).toBe(-1);
  });

  it('RSI thresholds: long below oversold, short above overbought, unchanged between', () => {
    const out = run(StrategyType.RSI_THRESHOLDS, { period: 2, oversold: 30, overbought: 70 }, [10, 9, 8, 7, 8, 9, 10, 11, 10.9]);
    expect(out).toEqual([0, 0, 1, 1, 1, -1, -1, -1, -1]);
  });

  it('MACD cross: long when MACD crosses above its signal line', () => {
    const closes = [...Array.from({ length: 30 }, (_, i) => 100 - i), ...Array.from({ length: 30 }, (_, i) => 70 + 2 * i)];
    const out = run(StrategyType.MACD_CROSS, { fast: 3, slow: 6, signal: 3 }, closes);
    expect(out.slice(0, 8)).toEqual(Array(8).fill(0));
    const firstLong = out.indexOf(1);
    expect(firstLong).toBeGreaterThan(30);
    expect(out.slice(firstLong).every((e) => e === 1)).toBe(true);
  });

  it('Bollinger reversion: long under the lower band, out at the middle band, short over the upper band', () => {
    const out = run(StrategyType.BOLLINGER_REVERSION, { period: 4, stdDev: 1 }, [10, 10, 10, 10, 7, 8, 9, 9, 9, 12]);
    // i4: 7 < lower (mean 9.25, sd 1.299) -> long; i6: 9 >= middle (mean of 10, 7, 8, 9 = 8.5) -> flat;
    // i9: 12 > upper (mean 9.75, sd 1.299) -> short
    expect(out).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 0, -1]);
  });

  it('buy-and-hold is long from the first close', () => {
    expect(run(StrategyType.BUY_AND_HOLD, {}, [1, 2, 3])).toEqual([1, 1, 1]);
  });
});

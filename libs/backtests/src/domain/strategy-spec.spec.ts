import { BacktestsError } from './backtests.error';
import { StrategyType, parseStrategy, warmupOf } from './strategy-spec';

function refusal(run: () => unknown): { code: string; field: unknown; reason: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof BacktestsError) return { code: error.code, field: error.details?.['field'], reason: error.details?.['reason'] };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseStrategy', () => {
  it('fills in the defaults', () => {
    expect(parseStrategy('SMA_CROSSOVER', undefined)).toEqual({ type: StrategyType.SMA_CROSSOVER, params: { fast: 20, slow: 50 } });
    expect(parseStrategy('RSI_THRESHOLDS', { period: 7 })).toEqual({ type: StrategyType.RSI_THRESHOLDS, params: { period: 7, oversold: 30, overbought: 70 } });
    expect(parseStrategy('MACD_CROSS', {})).toEqual({ type: StrategyType.MACD_CROSS, params: { fast: 12, slow: 26, signal: 9 } });
    expect(parseStrategy('BOLLINGER_REVERSION', { stdDev: 2.5 })).toEqual({ type: StrategyType.BOLLINGER_REVERSION, params: { period: 20, stdDev: 2.5 } });
    expect(parseStrategy('BUY_AND_HOLD', {})).toEqual({ type: StrategyType.BUY_AND_HOLD, params: {} });
  });

  it.each<[string, unknown, unknown, string, string]>([
    ['an unknown type', 'MAGIC', {}, 'strategy.type', 'UNKNOWN_STRATEGY'],
    ['params that are not an object', 'SMA_CROSSOVER', [], 'strategy.params', 'NOT_AN_OBJECT'],
    ['an unknown parameter', 'SMA_CROSSOVER', { fast: 5, period: 3 }, 'strategy.params.period', 'UNKNOWN_PARAM'],
    ['a parameter to buy-and-hold', 'BUY_AND_HOLD', { fast: 5 }, 'strategy.params.fast', 'UNKNOWN_PARAM'],
    ['a string number', 'EMA_CROSSOVER', { fast: '5' }, 'strategy.params.fast', 'NOT_A_NUMBER'],
    ['a fractional period', 'SMA_CROSSOVER', { fast: 2.5 }, 'strategy.params.fast', 'NOT_AN_INTEGER'],
    ['a period of 0', 'SMA_CROSSOVER', { fast: 0 }, 'strategy.params.fast', 'OUT_OF_RANGE'],
    ['fast not below slow', 'SMA_CROSSOVER', { fast: 50, slow: 50 }, 'strategy.params.fast', 'NOT_BELOW'],
    ['oversold above overbought', 'RSI_THRESHOLDS', { oversold: 80 }, 'strategy.params.oversold', 'NOT_BELOW'],
    ['an RSI level above 100', 'RSI_THRESHOLDS', { overbought: 101 }, 'strategy.params.overbought', 'OUT_OF_RANGE'],
    ['a band width of 0', 'BOLLINGER_REVERSION', { stdDev: 0 }, 'strategy.params.stdDev', 'OUT_OF_RANGE'],
  ])('refuses %s', (_what, type, params, field, reason) => {
    expect(refusal(() => parseStrategy(type, params))).toEqual({ code: 'INVALID_BACKTEST', field, reason });
  });

  it('knows how many candles each strategy needs first', () => {
    expect(warmupOf(parseStrategy('SMA_CROSSOVER', { fast: 5, slow: 30 }))).toBe(30);
    expect(warmupOf(parseStrategy('MACD_CROSS', {}))).toBe(35);
    expect(warmupOf(parseStrategy('RSI_THRESHOLDS', {}))).toBe(15);
  });
});

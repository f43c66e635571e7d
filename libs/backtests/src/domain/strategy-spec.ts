import { invalidBacktest } from './backtests.error';

export enum StrategyType {
  SMA_CROSSOVER = 'SMA_CROSSOVER',
  EMA_CROSSOVER = 'EMA_CROSSOVER',
  RSI_THRESHOLDS = 'RSI_THRESHOLDS',
  MACD_CROSS = 'MACD_CROSS',
  BOLLINGER_REVERSION = 'BOLLINGER_REVERSION',
  /** The benchmark: long from the first candle to the end. */
  BUY_AND_HOLD = 'BUY_AND_HOLD',
}
export const STRATEGY_TYPES: readonly StrategyType[] = Object.values(StrategyType);

export interface CrossoverParams {
  readonly fast: number;
  readonly slow: number;
}
export interface RsiParams {
  readonly period: number;
  readonly oversold: number;
  readonly overbought: number;
}
export interface MacdParams {
  readonly fast: number;
  readonly slow: number;
  readonly signal: number;
}
export interface BollingerParams {
  readonly period: number;
  readonly stdDev: number;
}

/** A strategy and its parameters, validated and with the defaults filled in. */
export type StrategySpec =
  | { readonly type: StrategyType.SMA_CROSSOVER | StrategyType.EMA_CROSSOVER; readonly params: CrossoverParams }
  | { readonly type: StrategyType.RSI_THRESHOLDS; readonly params: RsiParams }
  | { readonly type: StrategyType.MACD_CROSS; readonly params: MacdParams }
  | { readonly type: StrategyType.BOLLINGER_REVERSION; readonly params: BollingerParams }
  | { readonly type: StrategyType.BUY_AND_HOLD; readonly params: Record<string, never> };

/** A parameter: its default and bounds (inclusive); `integer` for counts of candles. */
interface ParamRule {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}
const period = (value: number, max = 1000): ParamRule => ({ default: value, min: 1, max, integer: true });
const level = (value: number): ParamRule => ({ default: value, min: 0, max: 100, integer: false });

/** Every strategy's parameters (docs/analytics.md, "Backtests"). */
export const STRATEGY_PARAMS: Readonly<Record<StrategyType, Readonly<Record<string, ParamRule>>>> = {
  [StrategyType.SMA_CROSSOVER]: { fast: period(20), slow: period(50, 5000) },
  [StrategyType.EMA_CROSSOVER]: { fast: period(12), slow: period(26, 5000) },
  [StrategyType.RSI_THRESHOLDS]: { period: { ...period(14), min: 2 }, oversold: level(30), overbought: level(70) },
  [StrategyType.MACD_CROSS]: { fast: period(12), slow: period(26, 5000), signal: period(9) },
  [StrategyType.BOLLINGER_REVERSION]: { period: { ...period(20), min: 2 }, stdDev: { default: 2, min: 0.1, max: 10, integer: false } },
  [StrategyType.BUY_AND_HOLD]: {},
};

/**
 * The strategy of a request: a known type, known parameter names, numbers in
 * range (defaults for those left out), and the pairs that must be ordered
 * (fast < slow, oversold < overbought). INVALID_BACKTEST otherwise.
 */
export function parseStrategy(type: unknown, params: unknown): StrategySpec {
  if (typeof type !== 'string' || !STRATEGY_TYPES.includes(type as StrategyType)) {
    throw invalidBacktest('strategy.type', 'UNKNOWN_STRATEGY', `strategy.type must be one of ${STRATEGY_TYPES.join(', ')}`);
  }
  const rules = STRATEGY_PARAMS[type as StrategyType];
  if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) {
    throw invalidBacktest('strategy.params', 'NOT_AN_OBJECT', 'strategy.params must be an object');
  }
  const given = (params ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!(name in rules)) throw invalidBacktest(`strategy.params.${name}`, 'UNKNOWN_PARAM', `${type} takes ${Object.keys(rules).join(', ') || 'no parameters'}`);
  }
  const out: Record<string, number> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const value = given[name] ?? rule.default;
    const field = `strategy.params.${name}`;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidBacktest(field, 'NOT_A_NUMBER', `${field} must be a number`);
    if (rule.integer && !Number.isInteger(value)) throw invalidBacktest(field, 'NOT_AN_INTEGER', `${field} must be a whole number of candles`);
    if (value < rule.min || value > rule.max) throw invalidBacktest(field, 'OUT_OF_RANGE', `${field} must be between ${rule.min} and ${rule.max}`);
    out[name] = value;
  }
  const ordered = (low: string, high: string) => {
    if (out[low]! >= out[high]!) throw invalidBacktest(`strategy.params.${low}`, 'NOT_BELOW', `strategy.params.${low} must be below ${high}`);
  };
  if ('fast' in out && 'slow' in out) ordered('fast', 'slow');
  if ('oversold' in out) ordered('oversold', 'overbought');
  return { type, params: out } as unknown as StrategySpec;
}

/** Candles a strategy needs before its first decision (the longest indicator's warm-up). */
export function warmupOf(spec: StrategySpec): number {
  switch (spec.type) {
    case StrategyType.SMA_CROSSOVER:
    case StrategyType.EMA_CROSSOVER:
      return spec.params.slow;
    case StrategyType.RSI_THRESHOLDS:
      return spec.params.period + 1;
    case StrategyType.MACD_CROSS:
      return spec.params.slow + spec.params.signal;
    case StrategyType.BOLLINGER_REVERSION:
      return spec.params.period;
    case StrategyType.BUY_AND_HOLD:
      return 1;
  }
}

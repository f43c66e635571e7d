/**
 * The indicators a strategy reads (a port: the trading-signals library
 * implements it in infrastructure/indicators). float64, fed one close at a
 * time in order; `add` answers null until the indicator has enough candles.
 * Their values are only ever compared, never booked.
 */
export interface Indicator<R> {
  add(close: number): R | null;
}

export interface MacdValue {
  readonly macd: number;
  readonly signal: number;
}

export interface BandsValue {
  readonly lower: number;
  readonly middle: number;
  readonly upper: number;
}

export interface IndicatorKit {
  sma(period: number): Indicator<number>;
  ema(period: number): Indicator<number>;
  /** Wilder's RSI (0-100). */
  rsi(period: number): Indicator<number>;
  /** EMA(fast) - EMA(slow), and its EMA(signal). */
  macd(fast: number, slow: number, signal: number): Indicator<MacdValue>;
  /** SMA(period) -+ stdDev x the population standard deviation of the window. */
  bollinger(period: number, stdDev: number): Indicator<BandsValue>;
}

import { BollingerBands, EMA, MACD, RSI, SMA } from 'trading-signals';
import type { BandsValue, Indicator, IndicatorKit, MacdValue } from '../../domain';

/**
 * The domain's indicators from the `trading-signals` library (float64; docs/analytics.md). Each
 * answers null until it is stable: its own warm-up count (the library's EMA answers from the first
 * price, seeded with it; it counts as stable after `period` prices, as the library's isStable says).
 */
export const tradingSignalsKit: IndicatorKit = {
  sma(period: number): Indicator<number> {
    const sma = new SMA(period);
    return { add: (close) => sma.add(close) };
  },

  ema(period: number): Indicator<number> {
    const ema = new EMA(period);
    let seen = 0;
    return {
      add(close) {
        const value = ema.add(close);
        return ++seen >= period ? value : null;
      },
    };
  },

  rsi(period: number): Indicator<number> {
    const rsi = new RSI(period);
    return { add: (close) => rsi.add(close) };
  },

  macd(fast: number, slow: number, signal: number): Indicator<MacdValue> {
    const macd = new MACD(new EMA(fast), new EMA(slow), new EMA(signal));
    // The signal EMA is fed from the slow EMA's first value on: stable `signal` values later.
    let seen = 0;
    return {
      add(close) {
        const value = macd.add(close);
        return value !== null && ++seen >= signal ? { macd: value.macd, signal: value.signal } : null;
      },
    };
  },

  bollinger(period: number, stdDev: number): Indicator<BandsValue> {
    const bands = new BollingerBands(period, stdDev);
    return { add: (close) => bands.add(close) };
  },
};

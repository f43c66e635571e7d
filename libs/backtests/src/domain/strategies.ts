import { BandsValue, Indicator, IndicatorKit } from './indicators';
import { StrategySpec, StrategyType } from './strategy-spec';

/** The position a strategy wants: long (1), flat (0) or short (-1; a spot market holds no short: flat). */
export type Exposure = -1 | 0 | 1;

/**
 * A strategy sees one close at a time, in order, and answers the position it
 * wants from then on. It is never shown a later candle before it answered
 * (the simulator fills that answer at the next candle's open).
 */
export interface Strategy {
  next(close: number): Exposure;
}

export function createStrategy(spec: StrategySpec, kit: IndicatorKit): Strategy {
  switch (spec.type) {
    case StrategyType.SMA_CROSSOVER:
      return crossover(kit.sma(spec.params.fast), kit.sma(spec.params.slow));
    case StrategyType.EMA_CROSSOVER:
      return crossover(kit.ema(spec.params.fast), kit.ema(spec.params.slow));
    case StrategyType.RSI_THRESHOLDS:
      return rsiThresholds(kit.rsi(spec.params.period), spec.params.oversold, spec.params.overbought);
    case StrategyType.MACD_CROSS:
      return macdCross(kit.macd(spec.params.fast, spec.params.slow, spec.params.signal));
    case StrategyType.BOLLINGER_REVERSION:
      return bollingerReversion(kit.bollinger(spec.params.period, spec.params.stdDev));
    case StrategyType.BUY_AND_HOLD:
      return { next: () => 1 };
  }
}

/**
 * Long when `a` crosses above `b`, short (flat on spot) when it crosses below;
 * flat before the first cross. A cross: the sign of a - b changes between two
 * candles where both are defined (equality is no side: it waits).
 */
function crossCounter(): (diff: number) => Exposure | null {
  let side = 0;
  return (diff) => {
    const now = diff > 0 ? 1 : diff < 0 ? -1 : 0;
    if (now === 0) return null;
    const crossed = side !== 0 && now !== side;
    side = now;
    return crossed ? (now as Exposure) : null;
  };
}

function crossover(fast: Indicator<number>, slow: Indicator<number>): Strategy {
  const cross = crossCounter();
  let want: Exposure = 0;
  return {
    next(close) {
      const f = fast.add(close);
      const s = slow.add(close);
      if (f !== null && s !== null) want = cross(f - s) ?? want;
      return want;
    },
  };
}

function macdCross(macd: Indicator<{ readonly macd: number; readonly signal: number }>): Strategy {
  const cross = crossCounter();
  let want: Exposure = 0;
  return {
    next(close) {
      const m = macd.add(close);
      if (m !== null) want = cross(m.macd - m.signal) ?? want;
      return want;
    },
  };
}

/** Long below `oversold`, short (flat on spot) above `overbought`; in between, unchanged. */
function rsiThresholds(rsi: Indicator<number>, oversold: number, overbought: number): Strategy {
  let want: Exposure = 0;
  return {
    next(close) {
      const r = rsi.add(close);
      if (r !== null && r < oversold) want = 1;
      else if (r !== null && r > overbought) want = -1;
      return want;
    },
  };
}

/**
 * Mean reversion: long when the close is below the lower band, short (flat
 * on spot) above the upper band; a long is closed once the close is back at
 * or above the middle band, a short at or below it.
 */
function bollingerReversion(bands: Indicator<BandsValue>): Strategy {
  let want: Exposure = 0;
  return {
    next(close) {
      const b = bands.add(close);
      if (b === null) return want;
      if (close < b.lower) want = 1;
      else if (close > b.upper) want = -1;
      else if ((want === 1 && close >= b.middle) || (want === -1 && close <= b.middle)) want = 0;
      return want;
    },
  };
}

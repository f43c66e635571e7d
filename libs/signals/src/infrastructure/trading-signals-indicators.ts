import { Injectable } from '@nestjs/common';
import { BollingerBands, EMA, MACD, RSI, SMA } from 'trading-signals';
import { IndicatorFactory, OperandSeries } from '../application/ports';
import { IndicatorOperand } from '../domain';

/** The indicators of `trading-signals` (float64), each answering null until it has seen enough closes. */
@Injectable()
export class TradingSignalsIndicators extends IndicatorFactory {
  create(o: IndicatorOperand): OperandSeries {
    switch (o.kind) {
      case 'SMA': {
        const sma = new SMA(o.period);
        return { update: (close) => sma.update(close, false) };
      }
      case 'EMA': {
        const ema = new EMA(o.period);
        // EMA answers from its first input; it is a value once it has seen a period of them.
        return { update: (close) => { const v = ema.update(close, false); return ema.isStable ? v : null; } };
      }
      case 'RSI': {
        const rsi = new RSI(o.period);
        return { update: (close) => rsi.update(close, false) };
      }
      case 'MACD':
      case 'MACD_SIGNAL':
      case 'MACD_HIST': {
        const macd = new MACD(new EMA(o.fast), new EMA(o.slow), new EMA(o.signal));
        const pick = o.kind === 'MACD' ? 'macd' : o.kind === 'MACD_SIGNAL' ? 'signal' : 'histogram';
        return { update: (close) => macd.update(close, false)?.[pick] ?? null };
      }
      default: {
        const bands = new BollingerBands(o.period, o.deviations);
        const pick = o.kind === 'BB_UPPER' ? 'upper' : o.kind === 'BB_MIDDLE' ? 'middle' : 'lower';
        return { update: (close) => bands.update(close, false)?.[pick] ?? null };
      }
    }
  }
}

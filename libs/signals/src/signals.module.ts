import { Module } from '@nestjs/common';
import { SIGNAL_HANDLERS } from './application/commands';
import { IndicatorFactory, SignalRepository } from './application/ports';
import { SignalEvaluator } from './application/signal-evaluator';
import { SignalRules } from './application/signal-rules';
import { CandleClosedListener } from './infrastructure/candle-closed.listener';
import { SqlSignalRepository } from './infrastructure/sql-signal.repository';
import { TradingSignalsIndicators } from './infrastructure/trading-signals-indicators';

/**
 * Signals (issue 19, docs/analytics.md "Signals"): users' rules on indicator
 * conditions, evaluated on each closed candle, fired once per crossing and
 * delivered on /user.
 */
@Module({
  providers: [
    { provide: SignalRepository, useClass: SqlSignalRepository },
    { provide: IndicatorFactory, useClass: TradingSignalsIndicators },
    SignalRules,
    SignalEvaluator,
    CandleClosedListener,
    ...SIGNAL_HANDLERS,
  ],
  exports: [SignalEvaluator],
})
export class SignalsModule {}

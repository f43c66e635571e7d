import { SimulationOutcome, StrategyType, createStrategy, metricsOf, simulate } from '../../domain';
import type { BacktestJob, BacktestOutcome, RunOutcome } from '../../application/ports/backtest-engine.port';
import { tradingSignalsKit } from '../indicators/trading-signals-kit';

/** Share of the progress bar for the strategy's pass (the benchmark's is cheaper: no indicators). */
const STRATEGY_SHARE = 90;

/** The strategy's pass and buy-and-hold's (the same outcome when the strategy is buy-and-hold). */
export function runBacktest(job: BacktestJob, onProgress: (percent: number) => void = () => undefined): BacktestOutcome {
  const pass = (share: number, base: number, type = job.strategy): SimulationOutcome =>
    simulate(job.candles, job.rules, job.settings, createStrategy(type, tradingSignalsKit), {
      funding: job.funding,
      onProgress: (p) => onProgress(base + Math.floor((p * share) / 100)),
    });
  if (job.strategy.type === StrategyType.BUY_AND_HOLD) {
    const only = outcomeOf(pass(100, 0));
    return { strategy: only, benchmark: only };
  }
  const strategy = outcomeOf(pass(STRATEGY_SHARE, 0));
  const benchmark = outcomeOf(pass(100 - STRATEGY_SHARE, STRATEGY_SHARE, { type: StrategyType.BUY_AND_HOLD, params: {} }));
  return { strategy, benchmark };
}

function outcomeOf(o: SimulationOutcome): RunOutcome {
  return { metrics: metricsOf(o), trades: o.trades, equityCurve: o.equityCurve };
}

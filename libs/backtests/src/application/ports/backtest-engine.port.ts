import type { BacktestMetrics, CandleColumns, FundingCharge, MarketRules, SimulationSettings, StrategySpec, Trade } from '../../domain';

/** Everything a run needs, sent to where it runs (a worker thread): the candles as typed arrays. */
export interface BacktestJob {
  readonly candles: CandleColumns;
  readonly rules: MarketRules;
  readonly settings: SimulationSettings;
  readonly strategy: StrategySpec;
  readonly funding: readonly FundingCharge[];
}

/** One strategy's run: its figures, trades and downsampled equity curve (exact money, bigint). */
export interface RunOutcome {
  readonly metrics: BacktestMetrics;
  readonly trades: readonly Trade[];
  readonly equityCurve: readonly { readonly time: number; readonly equity: bigint }[];
}

/** The strategy's run and buy-and-hold's on the same candles and terms (the benchmark). */
export interface BacktestOutcome {
  readonly strategy: RunOutcome;
  readonly benchmark: RunOutcome;
}

export interface RunningBacktest {
  readonly outcome: Promise<BacktestOutcome>;
  /** Stops it now (the outcome then rejects with BacktestCancelled). */
  cancel(): Promise<void>;
}

export class BacktestCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Where backtests run, off the request path: a worker thread each (WorkerBacktestEngine). */
export abstract class BacktestEngine {
  /** Starts a run; `onProgress` gets 1..100. The job's typed arrays are transferred (unusable here after). */
  abstract start(job: BacktestJob, onProgress: (percent: number) => void): RunningBacktest;
}

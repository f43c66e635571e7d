import type { BacktestOutcome } from '../../application/ports/backtest-engine.port';

/** What a backtest worker posts to the thread that started it (bigints cross as they are). */
export type WorkerMessage =
  | { readonly type: 'progress'; readonly percent: number }
  | { readonly type: 'done'; readonly outcome: BacktestOutcome }
  | { readonly type: 'failed'; readonly message: string };

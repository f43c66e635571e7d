import { parentPort, workerData } from 'node:worker_threads';
import type { BacktestJob } from '../../application/ports/backtest-engine.port';
import { runBacktest } from './run-backtest';
import type { WorkerMessage } from './worker-messages';

/**
 * A worker thread's entry (WorkerBacktestEngine): runs the job it was started with (its candles
 * transferred, not copied), posts its progress (1..100) and then its outcome, and ends.
 */
const port = parentPort;
if (port) {
  const post = (message: WorkerMessage) => port.postMessage(message);
  try {
    post({ type: 'done', outcome: runBacktest(workerData as BacktestJob, (percent) => post({ type: 'progress', percent })) });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

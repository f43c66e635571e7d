import { Worker } from 'node:worker_threads';
import { WorkerEntry, workerEntry } from '@lib/platform';
import { BacktestCancelled, BacktestEngine, BacktestJob, BacktestOutcome, RunningBacktest } from '../../application/ports/backtest-engine.port';
import type { WorkerMessage } from './worker-messages';

/** The backtest worker: compiled beside this file in the built app, from its TypeScript source under jest (workerEntry). */
export function backtestWorkerEntry(dir = __dirname): WorkerEntry {
  return workerEntry(dir, 'backtest.worker');
}

/** The candles' buffers, each once (columns may share one); a SharedArrayBuffer is shared, not moved. By tag: a buffer from another realm (jest's) is one too. */
function transferList(job: BacktestJob): ArrayBuffer[] {
  const { openTime, open, close } = job.candles;
  return [...new Set([openTime.buffer, open.buffer, close.buffer])].filter((b): b is ArrayBuffer => Object.prototype.toString.call(b) === '[object ArrayBuffer]');
}

/**
 * One worker thread per run (docs/analytics.md, "Backtests"): the job goes as its workerData with
 * the candles' buffers transferred (no copy; they are unusable in this thread afterwards); the
 * worker posts progress and its outcome; cancel terminates it. The scheduler bounds how many run.
 */
export class WorkerBacktestEngine extends BacktestEngine {
  private readonly entry = backtestWorkerEntry();

  start(job: BacktestJob, onProgress: (percent: number) => void): RunningBacktest {
    const worker = new Worker(this.entry.filename, { eval: this.entry.eval, workerData: job, transferList: transferList(job) });
    let cancelled = false;
    const outcome = new Promise<BacktestOutcome>((resolve, reject) => {
      let settled = false;
      const settle = (done: () => void) => {
        if (settled) return;
        settled = true;
        done();
      };
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') onProgress(m.percent);
        else if (m.type === 'done') settle(() => resolve(m.outcome));
        else settle(() => reject(new Error(m.message)));
      });
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) => settle(() => reject(cancelled ? new BacktestCancelled() : new Error(`the backtest worker exited with code ${code}`))));
    });
    return {
      outcome,
      cancel: async () => {
        cancelled = true;
        await worker.terminate();
      },
    };
  }
}

import { Injectable } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@lib/platform';
import { SyntheticCandles } from '../../application/ports';
import { CandleColumns, HistoryRange, INTERVAL_MS, SyntheticWalk, WalkCheckpoints, syntheticCandles, walkSteps, walkWindow } from '../../domain';

/** Walk steps computed on the event loop at most (~5 ms); a longer read runs in a worker thread. */
export const INLINE_WALK_STEPS = 20_000;

type CheckpointEntry = [number, WalkCheckpoints['states'] extends Map<number, infer S> ? S : never];

export interface SyntheticJob {
  readonly walk: SyntheticWalk;
  readonly range: HistoryRange;
  /** The checkpoint the worker resumes from (at most one: the nearest). */
  readonly checkpoints: readonly CheckpointEntry[];
}

export interface SyntheticResult {
  readonly columns: CandleColumns;
  /** Every checkpoint the worker passed: kept here for the next reads. */
  readonly checkpoints: readonly CheckpointEntry[];
}

/**
 * Synthetic candles (docs/analytics.md, "Price history"): a short read (a
 * chart's window, a walk already checkpointed near it) is computed here; a
 * long one (a year of minutes for a backtest or a risk window) in a worker
 * thread of its own, so the API's event loop never holds for it. The worker
 * hands back the candles' buffers (transferred, not copied) and the walk's
 * checkpoints it passed, which make the next read of that walk short.
 */
@Injectable()
export class WorkerSyntheticCandles extends SyntheticCandles {
  private readonly entry = workerEntry(__dirname, 'synthetic.worker');

  constructor(private readonly inlineSteps = INLINE_WALK_STEPS) {
    super();
  }

  async candles(walk: SyntheticWalk, range: HistoryRange, checkpoints: WalkCheckpoints): Promise<CandleColumns> {
    const to = range.last + INTERVAL_MS[range.interval] - 1;
    if (range.count === 0 || walkSteps(walk, range.first, to, checkpoints) <= this.inlineSteps) return syntheticCandles(walk, range, checkpoints);
    const nearest = checkpoints.nearest(walkWindow(walk, range.first, to)!.shallowest);
    const result = await this.inWorker({ walk, range, checkpoints: nearest ? [nearest] : [] });
    for (const [step, state] of result.checkpoints) if (!checkpoints.states.has(step)) checkpoints.states.set(step, state);
    return result.columns;
  }

  private inWorker(job: SyntheticJob): Promise<SyntheticResult> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(this.entry.filename, { eval: this.entry.eval, workerData: job });
      worker.once('message', (result: SyntheticResult) => resolve(result));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the synthetic history worker exited with code ${code}`)));
    });
  }
}

import { parentPort, workerData } from 'node:worker_threads';
import { HistoryRange, SyntheticWalk, WalkCheckpoints, syntheticCandles } from '../../domain';
import type { SyntheticJob, SyntheticResult } from './worker-synthetic-candles';

/** One read of synthetic candles off the API's event loop (WorkerSyntheticCandles). */
const job = workerData as SyntheticJob;
const checkpoints = new WalkCheckpoints();
for (const [step, state] of job.checkpoints) checkpoints.states.set(step, state);
const columns = syntheticCandles(job.walk as SyntheticWalk, job.range as HistoryRange, checkpoints);
const result: SyntheticResult = { columns, checkpoints: [...checkpoints.states] };
parentPort!.postMessage(result, [columns.openTime.buffer, columns.open.buffer, columns.high.buffer, columns.low.buffer, columns.close.buffer] as ArrayBuffer[]);

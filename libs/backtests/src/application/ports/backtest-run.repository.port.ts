import type { BacktestRequest } from '../backtest-request';

export type BacktestStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED' | 'CANCELLED';
export const BACKTEST_STATUSES: readonly BacktestStatus[] = ['QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED'];
export const FINISHED: readonly BacktestStatus[] = ['DONE', 'FAILED', 'CANCELLED'];

/** A row of backtests.runs. `result` is the stored JSON (BacktestResultView) once DONE. */
export interface StoredRun {
  readonly seq: bigint;
  readonly id: string;
  readonly userId: string;
  readonly request: BacktestRequest;
  readonly status: BacktestStatus;
  readonly progress: number;
  readonly result: unknown;
  readonly errorCode: string | null;
  readonly error: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
}

/** How a RUNNING run ends (CANCELLED is the client's: cancel). */
export type RunEnd = { readonly status: 'DONE'; readonly result: unknown } | { readonly status: 'FAILED'; readonly errorCode: string; readonly error: string };

export interface NewRun {
  readonly id: string;
  readonly userId: string;
  readonly request: BacktestRequest;
  readonly createdAt: Date;
}

/** backtests.runs; every method runs in the ambient transaction when there is one. */
export abstract class BacktestRunRepository {
  /** Serialises a user's submissions (their limits are counted, then the row inserted). */
  abstract lockUser(userId: string): Promise<void>;
  /** The user's QUEUED + RUNNING runs, and everyone's QUEUED ones. */
  abstract pendingCounts(userId: string): Promise<{ readonly ofUser: number; readonly queued: number }>;
  abstract insert(run: NewRun): Promise<StoredRun>;
  abstract ofUser(userId: string, id: string, lock?: boolean): Promise<StoredRun | null>;
  /** Newest first, before `beforeSeq`; without their results. */
  abstract list(userId: string, beforeSeq: bigint | null, limit: number): Promise<StoredRun[]>;
  /** The oldest QUEUED run whose user has fewer than `maxRunningPerUser` RUNNING, made RUNNING (SKIP LOCKED: instances never take the same). */
  abstract claimNext(maxRunningPerUser: number, now: Date): Promise<StoredRun | null>;
  /** Stores progress and touches the heartbeat; false when the run is no longer RUNNING (cancelled). */
  abstract progress(id: string, progress: number, now: Date): Promise<boolean>;
  /** RUNNING -> DONE (with its result) or FAILED; false when it was no longer RUNNING. */
  abstract finish(id: string, outcome: RunEnd, now: Date): Promise<boolean>;
  /** QUEUED or RUNNING -> CANCELLED; false when it was finished already. */
  abstract cancel(id: string, now: Date): Promise<boolean>;
  /** RUNNING runs untouched since `before` -> FAILED INTERRUPTED; the runs failed. */
  abstract failStale(before: Date, now: Date): Promise<StoredRun[]>;
}

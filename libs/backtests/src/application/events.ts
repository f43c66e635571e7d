import type { NewIntegrationEvent } from '@lib/platform';
import type { StoredRun } from './ports';

/** A backtest changed status or progressed (docs/events.md): the /user `backtest` message. */
export const BACKTEST_UPDATED = 'backtests.BacktestUpdated';

export type BacktestUpdatedV1 = {
  readonly version: 1;
  readonly userId: string;
  readonly backtestId: string;
  readonly status: string;
  /** 0..100. */
  readonly progress: number;
  /** FAILED: why (INTERRUPTED, HISTORY_UNAVAILABLE, WORKER_FAILED). */
  readonly errorCode: string | null;
  readonly at: string;
};

declare module '@lib/platform' {
  interface IntegrationEventMap {
    [BACKTEST_UPDATED]: BacktestUpdatedV1;
  }
}

export function backtestUpdatedEvent(
  run: Pick<StoredRun, 'id' | 'userId'>,
  status: string,
  progress: number,
  errorCode: string | null,
  at: Date,
): NewIntegrationEvent<typeof BACKTEST_UPDATED> {
  return { type: BACKTEST_UPDATED, payload: { version: 1, userId: run.userId, backtestId: run.id, status, progress, errorCode, at: at.toISOString() } };
}

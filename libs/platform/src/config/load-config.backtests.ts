import { BacktestsConfig } from './backtests-config';
import { EnvReader } from './env-reader';

/** Backtests' worker threads, queue limits and progress cadence (docs/analytics.md, "Backtests"). */
export function readBacktests(e: EnvReader): BacktestsConfig {
  const progressMs = e.int('BACKTEST_PROGRESS_MS', 500, 50, 60_000);
  const staleMs = e.int('BACKTEST_STALE_MS', 30_000, 1000, 3_600_000);
  // A run's row is touched at least every staleMs / 3: a live run is never taken for an interrupted one.
  if (progressMs * 3 > staleMs) e.fail('BACKTEST_STALE_MS', `must be at least 3 x BACKTEST_PROGRESS_MS (${progressMs})`);
  return {
    workers: e.int('BACKTEST_WORKERS', 2, 0, 64),
    maxRunningPerUser: e.int('BACKTEST_MAX_RUNNING_PER_USER', 2, 1, 64),
    maxPendingPerUser: e.int('BACKTEST_MAX_PENDING_PER_USER', 10, 1, 1000),
    maxQueued: e.int('BACKTEST_MAX_QUEUED', 200, 1, 100_000),
    pollMs: e.int('BACKTEST_POLL_MS', 1000, 10, 60_000),
    progressMs,
    staleMs,
  };
}

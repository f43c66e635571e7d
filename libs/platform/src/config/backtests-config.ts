/** Backtests (docs/analytics.md, "Backtests"): how many run, how many wait, how progress is kept. */
export interface BacktestsConfig {
  /** Worker threads running backtests at once on this instance (BACKTEST_WORKERS). */
  readonly workers: number;
  /** A user's backtests running at once, over all instances (BACKTEST_MAX_RUNNING_PER_USER). */
  readonly maxRunningPerUser: number;
  /** A user's backtests queued or running before a new one is refused 429 BACKTEST_QUEUE_FULL (BACKTEST_MAX_PENDING_PER_USER). */
  readonly maxPendingPerUser: number;
  /** Backtests of all users waiting before a new one is refused 503 BACKTESTS_BUSY (BACKTEST_MAX_QUEUED). */
  readonly maxQueued: number;
  /** How often an instance looks for queued backtests when nothing woke it (BACKTEST_POLL_MS). */
  readonly pollMs: number;
  /** The least time between two stored progress steps of a run, each a `backtest` event (BACKTEST_PROGRESS_MS). */
  readonly progressMs: number;
  /** A RUNNING backtest whose instance has not touched it for this long is FAILED INTERRUPTED (BACKTEST_STALE_MS). */
  readonly staleMs: number;
}

// The public face of the backtests context (docs/analytics.md, "Backtests").
export {
  BacktestsError,
  BacktestsErrorCode,
  STRATEGY_PARAMS,
  STRATEGY_TYPES,
  StrategyType,
  RATIO_DECIMALS,
  MAX_CURVE_POINTS,
  MAX_TRADES_KEPT,
  type StrategySpec,
} from './domain';
export { BacktestsModule } from './backtests.module';
export { BACKTESTS_ENTITIES, BACKTESTS_MIGRATIONS } from './infrastructure/schema';
export { BACKTEST_UPDATED, type BacktestUpdatedV1 } from './application/events';
export { SubmitBacktestCommand, CancelBacktestCommand, GetBacktestQuery, ListBacktestsQuery } from './application/commands';
export { LIST_PAGE_MAX } from './application/backtests';
export { MAX_INITIAL_CAPITAL, type BacktestInput, type BacktestRequest } from './application/backtest-request';
export { BacktestScheduler } from './application/backtest-scheduler';
export type { BacktestView, BacktestPage, BacktestResultView, RunView, MetricsView, TradeView } from './application/views';
export { BACKTEST_STATUSES, type BacktestStatus } from './application/ports';

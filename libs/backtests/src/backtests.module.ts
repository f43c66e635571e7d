import { Module } from '@nestjs/common';
import { BacktestScheduler } from './application/backtest-scheduler';
import { Backtests } from './application/backtests';
import { CancelBacktestHandler, GetBacktestHandler, ListBacktestsHandler, SubmitBacktestHandler } from './application/commands';
import { BacktestEngine, BacktestRunRepository } from './application/ports';
import { SqlBacktestRunRepository } from './infrastructure/sql-backtest-run.repository';
import { WorkerBacktestEngine } from './infrastructure/worker/worker-backtest-engine';

/**
 * The backtests context (issue 19, docs/analytics.md "Backtests"): a user's strategy run over a
 * market's price history with live trading's fills and fees, in a worker thread off the request
 * path, queued and bounded; progress and status as `backtest` events on /user.
 */
@Module({
  providers: [
    { provide: BacktestRunRepository, useClass: SqlBacktestRunRepository },
    { provide: BacktestEngine, useClass: WorkerBacktestEngine },
    BacktestScheduler,
    Backtests,
    SubmitBacktestHandler,
    CancelBacktestHandler,
    GetBacktestHandler,
    ListBacktestsHandler,
  ],
  exports: [BacktestScheduler],
})
export class BacktestsModule {}

import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { AppConfig, CoalescedRun, OutboxWriter, TransactionHost } from '@lib/platform';
import { BacktestExecution, ExecutionDeps } from './backtest-execution';
import { backtestUpdatedEvent } from './events';
import { BacktestEngine, BacktestRunRepository, StoredRun } from './ports';

/**
 * Runs the queued backtests (docs/analytics.md, "Backtests"): BACKTEST_WORKERS at once on this
 * instance, at most BACKTEST_MAX_RUNNING_PER_USER of a user's over all instances, oldest first.
 * A run is claimed in the database (QUEUED -> RUNNING, SKIP LOCKED: two instances never take the
 * same) and executed here (BacktestExecution). Woken by a submission on this instance and every
 * BACKTEST_POLL_MS; each poll also fails RUNNING runs untouched for BACKTEST_STALE_MS (their
 * instance stopped: INTERRUPTED), which is how runs RUNNING when the server stopped end FAILED
 * after a restart. At shutdown, this instance's runs are stopped and FAILED INTERRUPTED at once.
 */
@Injectable()
export class BacktestScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BacktestScheduler');
  private readonly executions = new Map<string, BacktestExecution>();
  private readonly pump = new CoalescedRun(() => this.fill(), (error) => this.logger.warn(`backtest queue: ${String(error)}`));
  private readonly deps: ExecutionDeps;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly runs: BacktestRunRepository,
    engine: BacktestEngine,
    queries: QueryBus,
    private readonly outbox: OutboxWriter,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    const c = config.backtests;
    this.deps = { runs, engine, queries, outbox, tx, clock, progressMs: c.progressMs, touchMs: Math.floor(c.staleMs / 3) };
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.poll(), this.config.backtests.pollMs);
    this.timer.unref();
    void this.poll();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.pump.idle();
    const stopping = [...this.executions.values()];
    await Promise.all(stopping.map((e) => e.cancel()));
    for (const e of stopping) {
      await this.interrupt(e.run, 'The server stopped while it ran; submit it again').catch((error: unknown) => this.logger.warn(`backtest ${e.run.id} left RUNNING: ${String(error)}`));
    }
  }

  /** Runs started on this instance and not finished. */
  get active(): number {
    return this.executions.size;
  }

  /** Look for queued runs now (a submission). */
  wake(): void {
    if (!this.stopped) void this.pump.run().catch(() => undefined);
  }

  /** Stops a run of this instance (its row is CANCELLED already); a no-op for another instance's (its own beat sees the row). */
  async cancelHere(id: string): Promise<void> {
    await this.executions.get(id)?.cancel();
  }

  private async poll(): Promise<void> {
    try {
      const now = this.clock.now();
      const failed = await this.tx.withTransaction(async () => {
        const stale = await this.runs.failStale(new Date(now.getTime() - this.config.backtests.staleMs), now);
        if (stale.length > 0) await this.outbox.append(stale.map((r) => backtestUpdatedEvent(r, 'FAILED', r.progress, 'INTERRUPTED', now)));
        return stale;
      });
      if (failed.length > 0) this.logger.warn(`${failed.length} interrupted backtest(s) FAILED: ${failed.map((r) => r.id).join(', ')}`);
    } catch (error) {
      this.logger.warn(`backtest sweep failed: ${String(error)}`);
    }
    this.wake();
  }

  /** Claims and starts queued runs while this instance has a free worker. */
  private async fill(): Promise<void> {
    while (!this.stopped && this.executions.size < this.config.backtests.workers) {
      const now = this.clock.now();
      const run = await this.tx.withTransaction(async () => {
        const claimed = await this.runs.claimNext(this.config.backtests.maxRunningPerUser, now);
        if (claimed) await this.outbox.append([backtestUpdatedEvent(claimed, 'RUNNING', 0, null, now)]);
        return claimed;
      });
      if (!run) return;
      const execution = new BacktestExecution(run, this.deps);
      this.executions.set(run.id, execution);
      void execution
        .execute()
        .catch((error: unknown) => this.logger.error(`backtest ${run.id}: ${String(error)}`))
        .finally(() => {
          this.executions.delete(run.id);
          this.wake();
        });
    }
  }

  private async interrupt(run: StoredRun, message: string): Promise<void> {
    const now = this.clock.now();
    await this.tx.withTransaction(async () => {
      if (await this.runs.finish(run.id, { status: 'FAILED', errorCode: 'INTERRUPTED', error: message }, now)) {
        await this.outbox.append([backtestUpdatedEvent(run, 'FAILED', run.progress, 'INTERRUPTED', now)]);
      }
    });
  }
}

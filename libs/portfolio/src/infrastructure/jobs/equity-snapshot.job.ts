import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { AppConfig, LeadershipLease, LeadershipService } from '@lib/platform';
import { TakeSnapshotsCommand } from '../../application/commands/take-snapshots/take-snapshots.command';

/** The lease name: one snapshot job per database. */
export const SNAPSHOT_LEASE = 'portfolio.snapshots';

/**
 * Every PORTFOLIO_SNAPSHOT_INTERVAL_MS, on the holder of the
 * `portfolio.snapshots` lease only (a PostgreSQL advisory lock), records the
 * equity of every holder. Runs never overlap; a run that takes longer than
 * the interval delays the next one instead of piling up.
 */
@Injectable()
export class EquitySnapshotJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PortfolioSnapshots');
  private lease: LeadershipLease | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Bumped on every change of leadership: a run of an older term never schedules the next. */
  private term = 0;

  constructor(
    private readonly commands: CommandBus,
    private readonly leadership: LeadershipService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.lease = this.leadership.lease(SNAPSHOT_LEASE);
    this.lease.onChange((leader) => {
      this.term += 1;
      clearTimeout(this.timer);
      if (leader) this.schedule(this.term, 0);
    });
    this.lease.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.term += 1;
    clearTimeout(this.timer);
    await this.running;
    await this.lease?.stop();
  }

  private schedule(term: number, delayMs: number): void {
    if (term !== this.term) return;
    this.timer = setTimeout(() => {
      const started = Date.now();
      this.running = this.run().finally(() => {
        this.running = undefined;
        this.schedule(term, Math.max(0, this.config.portfolio.snapshotIntervalMs - (Date.now() - started)));
      });
    }, delayMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    try {
      const recorded = await this.commands.execute(new TakeSnapshotsCommand(this.clock.now()));
      this.logger.debug(`recorded ${recorded} equity snapshots`);
    } catch (error) {
      this.logger.warn(`snapshot run failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

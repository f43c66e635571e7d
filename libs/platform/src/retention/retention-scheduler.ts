import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '@lib/kernel';
import { AppConfig } from '../config/app-config';
import { LeadershipLease } from '../leadership/leadership-lease';
import { LeadershipService } from '../leadership/leadership.service';

/** The lease name: one retention round at a time per database. */
export const RETENTION_LEASE = 'platform.retention';

/** One kind of expired rows, deleted in bounded chunks; answers how many rows went. */
export interface RetentionTask {
  readonly name: string;
  run(now: Date): Promise<number>;
}

/**
 * Runs the registered retention tasks (idempotency keys, the bots' ended
 * orders, ...) every RETENTION_INTERVAL_MS on the holder of the
 * `platform.retention` lease only. Contexts register their own task (their
 * SQL stays in their lib); a failing task is logged and the others still
 * run. Rounds never overlap.
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private readonly tasks: RetentionTask[] = [];
  private lease: LeadershipLease | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<Record<string, number>> | undefined;
  /** Bumped on every change of leadership: a round of an older term never schedules the next. */
  private term = 0;

  constructor(
    private readonly leadership: LeadershipService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  register(task: RetentionTask): void {
    this.tasks.push(task);
  }

  onApplicationBootstrap(): void {
    this.lease = this.leadership.lease(RETENTION_LEASE);
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

  /** One round now (waits for a round in progress first): rows deleted per task. */
  async runOnce(): Promise<Record<string, number>> {
    while (this.running) await this.running;
    this.running = this.round();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private schedule(term: number, delayMs: number): void {
    if (term !== this.term) return;
    this.timer = setTimeout(() => {
      const started = Date.now();
      void this.runOnce().finally(() => this.schedule(term, Math.max(0, this.config.retention.intervalMs - (Date.now() - started))));
    }, delayMs);
    this.timer.unref();
  }

  private async round(): Promise<Record<string, number>> {
    const now = this.clock.now();
    const deleted: Record<string, number> = {};
    for (const task of this.tasks) {
      try {
        deleted[task.name] = await task.run(now);
      } catch (error) {
        this.logger.warn(`retention of ${task.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const total = Object.values(deleted).reduce((a, b) => a + b, 0);
    if (total > 0) this.logger.debug(`retention round: ${JSON.stringify(deleted)}`);
    return deleted;
  }
}

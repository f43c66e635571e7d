import { Logger } from '@nestjs/common';
import type { LeadershipLease } from './leadership-lease';
import type { LeadershipService } from './leadership.service';

/**
 * A step run every `everyMs` on the one instance that holds the lease
 * `name` (a PostgreSQL advisory lock, as the price feed's): losing the lease
 * stops it at once; a new leader starts with a step at once. A step of an
 * older term never schedules the next one.
 */
export class LeasedLoop {
  private lease: LeadershipLease | undefined;
  private leading = false;
  private term = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly everyMs: number,
    private readonly step: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(leadership: LeadershipService): void {
    this.lease = leadership.lease(this.name);
    this.lease.onChange((leader) => (leader ? this.lead() : this.follow()));
    this.lease.start();
  }

  async stop(): Promise<void> {
    this.follow();
    await this.running;
    await this.lease?.stop();
  }

  private lead(): void {
    this.term += 1;
    this.leading = true;
    this.logger.log(`this instance runs ${this.name} every ${this.everyMs} ms`);
    this.schedule(this.term, 0);
  }

  private follow(): void {
    this.term += 1;
    this.leading = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(term: number, delayMs: number): void {
    if (term !== this.term || !this.leading) return;
    this.timer = setTimeout(() => {
      const started = Date.now();
      this.running = this.step()
        .catch((error: unknown) => this.logger.warn(`${this.name}: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running = undefined;
          this.schedule(term, Math.max(0, this.everyMs - (Date.now() - started)));
        });
    }, delayMs);
    this.timer.unref();
  }
}

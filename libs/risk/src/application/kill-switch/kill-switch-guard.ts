import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@lib/platform';
import { Clock } from '@lib/kernel';
import { utcDay } from '../../domain';
import { KillSwitchRepository } from '../ports/kill-switch.repository.port';

/**
 * Which (user, settlement asset) a triggered kill switch blocks today, in
 * memory for the pre-trade stage (no read on the order path): reloaded every
 * KILL_SWITCH_INTERVAL_MS from risk.kill_switches, and set at once on the
 * instance that triggers or clears it. Another instance learns of a trigger
 * within one interval; the watcher has cancelled the orders and closes the
 * positions meanwhile (docs/risk.md, "Kill switch").
 */
@Injectable()
export class KillSwitchGuard implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('KillSwitchGuard');
  private blocked = new Map<string, Date>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repo: KillSwitchRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const reload = () => {
      this.reload()
        .catch((error: unknown) => this.logger.warn(`kill switches not reloaded: ${String(error)}`))
        .finally(() => {
          this.timer = setTimeout(reload, this.config.risk.killSwitchIntervalMs);
          this.timer.unref();
        });
    };
    reload();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
  }

  isBlocked(userId: string, asset: string): boolean {
    const at = this.blocked.get(`${userId}:${asset}`);
    return at !== undefined && at.getTime() >= utcDay(this.clock.now()).getTime();
  }

  block(userId: string, asset: string, at: Date): void {
    this.blocked.set(`${userId}:${asset}`, at);
  }

  unblock(userId: string, asset: string): void {
    this.blocked.delete(`${userId}:${asset}`);
  }

  async reload(): Promise<void> {
    const triggered = await this.repo.triggeredSince(utcDay(this.clock.now()));
    this.blocked = new Map(triggered.map((s) => [`${s.userId}:${s.asset}`, s.triggeredAt!]));
  }
}

import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig } from '@lib/platform';
import { CompleteDueWithdrawalsCommand } from '../../application/commands/complete-due-withdrawals/complete-due-withdrawals.command';

/**
 * The simulated chain: every WITHDRAWAL_JOB_INTERVAL_MS, complete the pending
 * withdrawals whose delay has passed. Safe on several instances (rows are
 * taken with SKIP LOCKED). Runs are never concurrent within one process.
 */
@Injectable()
export class WithdrawalCompletionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WithdrawalCompletionJob.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly commands: CommandBus,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => (this.running = undefined));
    }, this.config.wallet.withdrawalJobIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    try {
      let completed: number;
      do {
        completed = await this.commands.execute(new CompleteDueWithdrawalsCommand(100));
        if (completed > 0) this.logger.log(`completed ${completed} withdrawals`);
      } while (completed === 100);
    } catch (error) {
      this.logger.error(error instanceof Error ? error : String(error));
    }
  }
}

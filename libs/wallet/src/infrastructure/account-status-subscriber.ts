import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { USER_STATUS_CHANGED } from '@lib/auth';
import { IntegrationEvent, OutboxRelay } from '@lib/platform';
import { HoldWithdrawalsCommand } from '../application/commands/hold-withdrawals/hold-withdrawals.command';
import { ResumeWithdrawalsCommand } from '../application/commands/resume-withdrawals/resume-withdrawals.command';
import { AccountHolders } from '../application/ports';

/**
 * `auth.UserStatusChanged`: the owner's status is read again (the event may
 * be late or repeated) and their pending withdrawals follow it, held or
 * resumed (both idempotent). The suspend and reactivate calls do this at once;
 * the event finishes a call that stopped half-way.
 */
@Injectable()
export class AccountStatusSubscriber implements OnModuleInit {
  private readonly logger = new Logger('WalletAccountStatus');

  constructor(
    private readonly relay: OutboxRelay,
    private readonly commands: CommandBus,
    private readonly holders: AccountHolders,
  ) {}

  onModuleInit(): void {
    this.relay.subscribe(USER_STATUS_CHANGED, (event) => this.follow(event));
  }

  private async follow(event: IntegrationEvent<typeof USER_STATUS_CHANGED>): Promise<void> {
    const { userId } = event.payload;
    try {
      const owner = (await this.holders.states([userId], false)).get(userId);
      if (!owner) return;
      await this.commands.execute(owner.suspended ? new HoldWithdrawalsCommand(userId) : new ResumeWithdrawalsCommand(userId));
    } catch (error) {
      this.logger.error(`following the status of ${userId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

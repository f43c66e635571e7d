import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { AccountStatus, GetAccountStatusesQuery, USER_STATUS_CHANGED } from '@lib/auth';
import { IntegrationEvent, OutboxRelay } from '@lib/platform';
import { ResumeTradingCommand } from '../application/commands/resume-trading/resume-trading.command';
import { SuspendTradingCommand } from '../application/commands/suspend-trading/suspend-trading.command';

/**
 * `auth.UserStatusChanged`, on every instance: the account's status is read
 * again (the event may be late or repeated) and trading follows it: suspended,
 * its orders are refused and its open ones cancelled (a no-op when the suspend
 * call did it already); active, it trades again. This is how the instances
 * that did not run the suspend call learn of it, and what finishes a suspend
 * call that stopped half-way.
 */
@Injectable()
export class AccountStatusSubscriber implements OnModuleInit {
  private readonly logger = new Logger('OrdersAccountStatus');

  constructor(
    private readonly relay: OutboxRelay,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  onModuleInit(): void {
    this.relay.subscribe(USER_STATUS_CHANGED, (event) => this.follow(event));
  }

  private async follow(event: IntegrationEvent<typeof USER_STATUS_CHANGED>): Promise<void> {
    const { userId } = event.payload;
    try {
      const statuses = await this.queries.execute(new GetAccountStatusesQuery([userId]));
      if (statuses[userId] === AccountStatus.SUSPENDED) await this.commands.execute(new SuspendTradingCommand(userId));
      else await this.commands.execute(new ResumeTradingCommand(userId));
    } catch (error) {
      this.logger.error(`following the status of ${userId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

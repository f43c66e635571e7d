import { CommandHandler, CommandBus, ICommandHandler } from '@nestjs/cqrs';
import { ACCOUNT_SUSPENDED_REASON, SuspendedTraders } from '../../suspended-traders';
import { CancelAllResult } from '../../views';
import { CancelAllOrdersCommand } from '../cancel-all-orders/cancel-all-orders.command';
import { retryWhileBusy } from '../market-busy-retry';
import { SuspendTradingCommand } from './suspend-trading.command';

@CommandHandler(SuspendTradingCommand)
export class SuspendTradingHandler implements ICommandHandler<SuspendTradingCommand> {
  constructor(
    private readonly suspended: SuspendedTraders,
    private readonly commands: CommandBus,
  ) {}

  async execute(command: SuspendTradingCommand): Promise<CancelAllResult> {
    // First, synchronously: a batch deciding after this line cannot fill or place anything of the user's.
    this.suspended.suspend(command.userId);
    // A full market queue refuses the cancel (MARKET_BUSY): wait and try again, the orders cannot trade meanwhile.
    return retryWhileBusy(() => this.commands.execute(new CancelAllOrdersCommand(command.userId, undefined, ACCOUNT_SUSPENDED_REASON)));
  }
}

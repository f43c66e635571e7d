import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { WithdrawalRepository } from '../../ports';
import { HoldWithdrawalsCommand } from './hold-withdrawals.command';

@CommandHandler(HoldWithdrawalsCommand)
export class HoldWithdrawalsHandler implements ICommandHandler<HoldWithdrawalsCommand> {
  constructor(
    private readonly withdrawals: WithdrawalRepository,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  execute(command: HoldWithdrawalsCommand): Promise<number> {
    // One UPDATE: it waits for a completion in flight (row lock) and then skips what it completed.
    return this.tx.withTransaction(() => this.withdrawals.hold(command.userId, this.clock.now()));
  }
}

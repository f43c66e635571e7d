import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { WithdrawalRepository } from '../../ports';
import { ResumeWithdrawalsCommand } from './resume-withdrawals.command';

@CommandHandler(ResumeWithdrawalsCommand)
export class ResumeWithdrawalsHandler implements ICommandHandler<ResumeWithdrawalsCommand> {
  constructor(
    private readonly withdrawals: WithdrawalRepository,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  execute(command: ResumeWithdrawalsCommand): Promise<number> {
    return this.tx.withTransaction(() => this.withdrawals.resume(command.userId, this.clock.now()));
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { Entries, WithdrawalStatus } from '../../../domain';
import { LedgerPoster } from '../../ledger-poster';
import { WithdrawalRepository } from '../../ports';
import { CompleteDueWithdrawalsCommand } from './complete-due-withdrawals.command';

@CommandHandler(CompleteDueWithdrawalsCommand)
export class CompleteDueWithdrawalsHandler implements ICommandHandler<CompleteDueWithdrawalsCommand> {
  constructor(
    private readonly withdrawals: WithdrawalRepository,
    private readonly poster: LedgerPoster,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async execute(command: CompleteDueWithdrawalsCommand): Promise<number> {
    return this.tx.withTransaction(async () => {
      const now = this.clock.now();
      const due = await this.withdrawals.lockDue(now, command.batchSize);
      for (const withdrawal of due) {
        await this.poster.post(Entries.withdrawal(withdrawal.userId, withdrawal.asset, withdrawal.amount, `withdrawal:${withdrawal.id}:complete`));
        await this.withdrawals.finish(withdrawal.id, WithdrawalStatus.COMPLETED, now);
      }
      return due.length;
    });
  }
}

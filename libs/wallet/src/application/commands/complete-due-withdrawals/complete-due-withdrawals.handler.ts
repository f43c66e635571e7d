import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { Entries, WithdrawalStatus } from '../../../domain';
import { LedgerPoster } from '../../ledger-poster';
import { AccountHolders, WithdrawalRepository } from '../../ports';
import { CompleteDueWithdrawalsCommand } from './complete-due-withdrawals.command';

@CommandHandler(CompleteDueWithdrawalsCommand)
export class CompleteDueWithdrawalsHandler implements ICommandHandler<CompleteDueWithdrawalsCommand> {
  constructor(
    private readonly withdrawals: WithdrawalRepository,
    private readonly poster: LedgerPoster,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly holders: AccountHolders,
  ) {}

  async execute(command: CompleteDueWithdrawalsCommand): Promise<number> {
    return this.tx.withTransaction(async () => {
      const now = this.clock.now();
      const due = await this.withdrawals.lockDue(now, command.batchSize);
      if (due.length === 0) return 0;
      // The owners' rows FOR SHARE: a suspension committing now waits for this transaction, and one
      // committed before is seen. A suspended owner's withdrawal is held here (the suspend call holds
      // them too; this covers the moment in between, or a suspend that stopped half-way).
      const owners = await this.holders.states([...new Set(due.map((w) => w.userId))], true);
      for (const withdrawal of due) {
        if (owners.get(withdrawal.userId)?.suspended) {
          await this.withdrawals.hold(withdrawal.userId, now, [withdrawal.id]);
          continue;
        }
        await this.poster.post(Entries.withdrawal(withdrawal.userId, withdrawal.asset, withdrawal.amount, `withdrawal:${withdrawal.id}:complete`));
        await this.withdrawals.finish(withdrawal.id, WithdrawalStatus.COMPLETED, now);
      }
      return due.length;
    });
  }
}

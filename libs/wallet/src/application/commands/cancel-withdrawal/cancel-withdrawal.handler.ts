import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { Entries, LedgerEntryType, UserAccountKind, WalletError, WalletErrorCode, WithdrawalStatus, assertPending, userAccount } from '../../../domain';
import { LedgerPoster } from '../../ledger-poster';
import { AssetCatalog, WithdrawalRepository } from '../../ports';
import { toWithdrawalView } from '../../withdrawal-view';
import { WithdrawalView } from '../../views';
import { CancelWithdrawalCommand } from './cancel-withdrawal.command';

@CommandHandler(CancelWithdrawalCommand)
export class CancelWithdrawalHandler implements ICommandHandler<CancelWithdrawalCommand> {
  constructor(
    private readonly assets: AssetCatalog,
    private readonly withdrawals: WithdrawalRepository,
    private readonly poster: LedgerPoster,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async execute(command: CancelWithdrawalCommand): Promise<WithdrawalView> {
    return this.tx.withTransaction(async () => {
      // Locked: a cancel and the completion job never both act on one withdrawal.
      const withdrawal = await this.withdrawals.findForUpdate(command.userId, command.withdrawalId);
      if (!withdrawal) throw new WalletError(WalletErrorCode.WITHDRAWAL_NOT_FOUND, 'Withdrawal not found');
      assertPending(withdrawal);
      const now = this.clock.now();
      const account = userAccount(withdrawal.userId, UserAccountKind.SPOT, withdrawal.asset);
      await this.poster.post(
        Entries.unlock(LedgerEntryType.WITHDRAWAL_CANCEL, account, withdrawal.amount, `withdrawal:${withdrawal.id}:cancel`, { withdrawalId: withdrawal.id }),
      );
      await this.withdrawals.finish(withdrawal.id, WithdrawalStatus.CANCELED, now);
      const asset = await this.assets.get(withdrawal.asset);
      return toWithdrawalView({ ...withdrawal, status: WithdrawalStatus.CANCELED, finishedAt: now }, asset);
    });
  }
}

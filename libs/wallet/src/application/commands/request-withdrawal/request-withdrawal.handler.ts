import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, newId } from '@lib/kernel';
import { AppConfig, TransactionHost } from '@lib/platform';
import { Entries, LedgerEntryType, UserAccountKind, Withdrawal, WithdrawalStatus, assertAddress, userAccount } from '../../../domain';
import { positiveAmount } from '../../amounts';
import { LedgerPoster } from '../../ledger-poster';
import { AssetCatalog, WithdrawalRepository } from '../../ports';
import { toWithdrawalView } from '../../withdrawal-view';
import { WithdrawalView } from '../../views';
import { RequestWithdrawalCommand } from './request-withdrawal.command';

@CommandHandler(RequestWithdrawalCommand)
export class RequestWithdrawalHandler implements ICommandHandler<RequestWithdrawalCommand> {
  constructor(
    private readonly assets: AssetCatalog,
    private readonly withdrawals: WithdrawalRepository,
    private readonly poster: LedgerPoster,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async execute(command: RequestWithdrawalCommand): Promise<WithdrawalView> {
    const asset = await this.assets.get(command.asset);
    const amount = positiveAmount(asset, command.amount);
    assertAddress(command.address);
    const now = this.clock.now();
    const withdrawal: Withdrawal = {
      id: newId(),
      userId: command.userId,
      asset: asset.code,
      amount,
      address: command.address,
      status: WithdrawalStatus.PENDING,
      requestedAt: now,
      completesAt: new Date(now.getTime() + this.config.wallet.withdrawalDelayMs),
      heldAt: null,
      finishedAt: null,
    };
    const account = userAccount(command.userId, UserAccountKind.SPOT, asset.code);
    await this.tx.withTransaction(async () => {
      await this.poster.post(Entries.lock(LedgerEntryType.WITHDRAWAL_HOLD, account, amount, `withdrawal:${withdrawal.id}:hold`, { withdrawalId: withdrawal.id }));
      await this.withdrawals.insert(withdrawal);
    });
    return toWithdrawalView(withdrawal, asset);
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TransactionHost } from '@lib/platform';
import { Entries } from '../../../domain';
import { decimal, signedAmount } from '../../amounts';
import { LedgerPoster } from '../../ledger-poster';
import { AssetCatalog } from '../../ports';
import { AdjustmentView } from '../../views';
import { AdjustBalanceCommand } from './adjust-balance.command';

@CommandHandler(AdjustBalanceCommand)
export class AdjustBalanceHandler implements ICommandHandler<AdjustBalanceCommand> {
  constructor(
    private readonly assets: AssetCatalog,
    private readonly poster: LedgerPoster,
    private readonly tx: TransactionHost,
  ) {}

  async execute(command: AdjustBalanceCommand): Promise<AdjustmentView> {
    const asset = await this.assets.get(command.asset);
    const amount = signedAmount(asset, command.amount);
    const entry = Entries.adjustment(command.userId, command.account, asset.code, amount, `adjustment:${command.reference}`, {
      adminId: command.adminId,
      reason: command.reason,
    });
    const posted = await this.tx.withTransaction(() => this.poster.post(entry));
    return { transactionId: posted.transactionId, userId: command.userId, asset: asset.code, amount: decimal(asset, amount), reason: command.reason };
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { newId } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { Entries } from '../../../domain';
import { decimal, positiveAmount } from '../../amounts';
import { LedgerPoster } from '../../ledger-poster';
import { AssetCatalog } from '../../ports';
import { TransferView } from '../../views';
import { TransferCommand } from './transfer.command';

@CommandHandler(TransferCommand)
export class TransferHandler implements ICommandHandler<TransferCommand> {
  constructor(
    private readonly assets: AssetCatalog,
    private readonly poster: LedgerPoster,
    private readonly tx: TransactionHost,
  ) {}

  async execute(command: TransferCommand): Promise<TransferView> {
    const asset = await this.assets.get(command.asset);
    const amount = positiveAmount(asset, command.amount);
    const entry = Entries.transfer(command.userId, asset.code, amount, command.from, command.to, `transfer:${newId()}`);
    const posted = await this.tx.withTransaction(() => this.poster.post(entry));
    return { transactionId: posted.transactionId, asset: asset.code, amount: decimal(asset, amount), from: command.from, to: command.to };
  }
}

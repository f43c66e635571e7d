import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { newId } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { Asset, Entries, UserAccountKind } from '../../../domain';
import { decimal, positiveAmount } from '../../amounts';
import { insufficientMargin } from '../../insufficient-balance';
import { LedgerPoster } from '../../ledger-poster';
import { AssetCatalog } from '../../ports';
import { GetAvailableFundsQuery } from '../../queries/get-available-funds/get-available-funds.query';
import { GetTransferableMarginQuery } from '../../queries/get-transferable-margin/get-transferable-margin.query';
import { TransferView } from '../../views';
import { TransferCommand } from './transfer.command';

@CommandHandler(TransferCommand)
export class TransferHandler implements ICommandHandler<TransferCommand> {
  constructor(
    private readonly assets: AssetCatalog,
    private readonly poster: LedgerPoster,
    private readonly tx: TransactionHost,
    private readonly queries: QueryBus,
  ) {}

  async execute(command: TransferCommand): Promise<TransferView> {
    const asset = await this.assets.get(command.asset);
    const amount = positiveAmount(asset, command.amount);
    const entry = Entries.transfer(command.userId, asset.code, amount, command.from, command.to, `transfer:${newId()}`);
    const posted = await this.tx.withTransaction(async () => {
      // Out of MARGIN: the positions context says what its positions and orders leave (never unrealized profit),
      // asked in this transaction, right before the posting (whose own check keeps AVAILABLE >= 0).
      if (command.from === UserAccountKind.MARGIN) await this.checkTransferable(command.userId, asset, amount);
      return this.poster.post(entry);
    });
    return { transactionId: posted.transactionId, asset: asset.code, amount: decimal(asset, amount), from: command.from, to: command.to };
  }

  /**
   * More than the account's AVAILABLE is the ledger's INSUFFICIENT_BALANCE (the posting says so);
   * within it but more than the positions leave is INSUFFICIENT_MARGIN.
   */
  private async checkTransferable(userId: string, asset: Asset, amount: bigint): Promise<void> {
    const ref = { userId, account: UserAccountKind.MARGIN, asset: asset.code };
    const available = (await this.queries.execute(new GetAvailableFundsQuery([ref]))).available(ref);
    if (amount > available) return;
    const transferable = await this.queries.execute(new GetTransferableMarginQuery(userId, asset.code, available));
    if (amount > transferable) throw insufficientMargin(asset, transferable, amount);
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TransactionHost } from '@lib/platform';
import { Entries, LedgerEntryType, userAccount } from '../../../domain';
import { LedgerPoster } from '../../ledger-poster';
import { AssetCatalog } from '../../ports';
import { LedgerPostingResult } from '../../views';
import { HoldFundsCommand } from './hold-funds.command';

@CommandHandler(HoldFundsCommand)
export class HoldFundsHandler implements ICommandHandler<HoldFundsCommand> {
  constructor(
    private readonly assets: AssetCatalog,
    private readonly poster: LedgerPoster,
    private readonly tx: TransactionHost,
  ) {}

  async execute(command: HoldFundsCommand): Promise<LedgerPostingResult> {
    const asset = await this.assets.get(command.asset);
    const entry = Entries.lock(LedgerEntryType.HOLD, userAccount(command.userId, command.account, asset.code), command.amount, command.reference);
    return this.tx.withTransaction(() => this.poster.post(entry));
  }
}

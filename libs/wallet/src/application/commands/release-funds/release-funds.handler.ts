import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TransactionHost } from '@lib/platform';
import { Entries, LedgerEntryType, userAccount } from '../../../domain';
import { LedgerPoster } from '../../ledger-poster';
import { AssetCatalog } from '../../ports';
import { LedgerPostingResult } from '../../views';
import { ReleaseFundsCommand } from './release-funds.command';

@CommandHandler(ReleaseFundsCommand)
export class ReleaseFundsHandler implements ICommandHandler<ReleaseFundsCommand> {
  constructor(
    private readonly assets: AssetCatalog,
    private readonly poster: LedgerPoster,
    private readonly tx: TransactionHost,
  ) {}

  async execute(command: ReleaseFundsCommand): Promise<LedgerPostingResult> {
    const asset = await this.assets.get(command.asset);
    const entry = Entries.unlock(LedgerEntryType.RELEASE, userAccount(command.userId, command.account, asset.code), command.amount, command.reference);
    return this.tx.withTransaction(() => this.poster.post(entry));
  }
}

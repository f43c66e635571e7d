import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TransactionHost } from '@lib/platform';
import { LedgerTransaction } from '../../../domain';
import { LedgerPoster } from '../../ledger-poster';
import { AssetCatalog } from '../../ports';
import { LedgerPostingResult } from '../../views';
import { PostLedgerTransactionCommand } from './post-ledger-transaction.command';

@CommandHandler(PostLedgerTransactionCommand)
export class PostLedgerTransactionHandler implements ICommandHandler<PostLedgerTransactionCommand> {
  constructor(
    private readonly assets: AssetCatalog,
    private readonly poster: LedgerPoster,
    private readonly tx: TransactionHost,
  ) {}

  async execute(command: PostLedgerTransactionCommand): Promise<LedgerPostingResult> {
    for (const asset of new Set(command.postings.map((p) => p.account.asset))) await this.assets.get(asset);
    const entry = LedgerTransaction.create({ type: command.type, reference: command.reference, postings: command.postings, metadata: command.metadata });
    return this.tx.withTransaction(() => this.poster.post(entry));
  }
}

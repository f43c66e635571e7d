import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TransactionHost } from '@lib/platform';
import { LedgerTransaction } from '../../../domain';
import { LedgerPoster } from '../../ledger-poster';
import { AssetCatalog } from '../../ports';
import { LedgerBatchResult, PostLedgerTransactionsCommand } from './post-ledger-transactions.command';

@CommandHandler(PostLedgerTransactionsCommand)
export class PostLedgerTransactionsHandler implements ICommandHandler<PostLedgerTransactionsCommand> {
  constructor(
    private readonly assets: AssetCatalog,
    private readonly poster: LedgerPoster,
    private readonly tx: TransactionHost,
  ) {}

  async execute(command: PostLedgerTransactionsCommand): Promise<LedgerBatchResult> {
    for (const asset of new Set(command.entries.flatMap((e) => e.postings.map((p) => p.account.asset)))) await this.assets.get(asset);
    const entries = command.entries.map((e) => LedgerTransaction.create({ type: e.type, reference: e.reference, postings: e.postings, metadata: e.metadata }));
    // Deferred events must be appended by the caller in the same transaction: there has to be one.
    if (command.options.deferEvents && !this.tx.isTransactionActive()) throw new Error('PostLedgerTransactionsCommand with deferEvents needs the caller\'s transaction');
    return this.tx.withTransaction(async () => {
      if (command.options.deferEvents) return this.poster.postManyDeferringEvents(entries, command.options);
      return { results: await this.poster.postMany(entries), events: [] };
    });
  }
}

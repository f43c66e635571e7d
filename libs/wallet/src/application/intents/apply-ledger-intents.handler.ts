import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TransactionHost } from '@lib/platform';
import { LedgerPoster } from '../ledger-poster';
import { AssetCatalog } from '../ports';
import { ApplyLedgerIntentsCommand, IntentsOutcome } from './apply-ledger-intents.command';
import { entryOf } from './ledger-intents';

@CommandHandler(ApplyLedgerIntentsCommand)
export class ApplyLedgerIntentsHandler implements ICommandHandler<ApplyLedgerIntentsCommand> {
  constructor(
    private readonly assets: AssetCatalog,
    private readonly poster: LedgerPoster,
    private readonly tx: TransactionHost,
  ) {}

  async execute({ intents, locking }: ApplyLedgerIntentsCommand): Promise<IntentsOutcome> {
    if (!this.tx.isTransactionActive()) throw new Error('ApplyLedgerIntentsCommand needs the caller\'s transaction');
    if (intents.length === 0) return { kind: 'applied', events: [] };
    const entries = intents.map(entryOf);
    for (const asset of new Set(entries.flatMap((e) => e.postings.map((p) => p.account.asset)))) await this.assets.get(asset);
    const posted = await this.poster.postManyDeferringEvents(entries, { reportRefusal: true, optimistic: locking === 'optimistic' });
    if (posted.refused) return { kind: 'refused', index: posted.refused.index, error: posted.refused.error };
    if (posted.results.some((r) => r.duplicate)) throw new Error('a ledger intent was applied before: its reference is already posted');
    return { kind: 'applied', events: posted.events };
  }
}

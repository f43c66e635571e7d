import { Query } from '@nestjs/cqrs';
import { LedgerEntryType } from '../../../domain';
import { HistoryEntryView, Page } from '../../views';

/** The user's ledger postings, newest first, with filters and a cursor. */
export class GetLedgerHistoryQuery extends Query<Page<HistoryEntryView>> {
  constructor(
    readonly userId: string,
    readonly filter: { asset?: string; type?: LedgerEntryType; from?: Date; to?: Date; cursor?: string; limit: number },
  ) {
    super();
  }
}

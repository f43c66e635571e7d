import { Query } from '@nestjs/cqrs';
import { MarketAuditEntryView } from '../../views';

/** Admin changes of the catalog, newest first (optionally of one market). */
export class ListMarketAuditQuery extends Query<MarketAuditEntryView[]> {
  constructor(
    readonly limit: number,
    readonly symbol?: string,
  ) {
    super();
  }
}

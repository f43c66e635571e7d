import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MarketAudit } from '../../ports';
import { MarketAuditEntryView } from '../../views';
import { ListMarketAuditQuery } from './list-market-audit.query';

@QueryHandler(ListMarketAuditQuery)
export class ListMarketAuditHandler implements IQueryHandler<ListMarketAuditQuery> {
  constructor(private readonly audit: MarketAudit) {}

  execute(query: ListMarketAuditQuery): Promise<MarketAuditEntryView[]> {
    return this.audit.list(query.symbol?.toUpperCase(), query.limit);
  }
}

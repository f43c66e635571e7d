import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { WalletReadModel } from '../../ports';
import { GetMarginDayResultQuery } from './get-margin-day-result.query';

@QueryHandler(GetMarginDayResultQuery)
export class GetMarginDayResultHandler implements IQueryHandler<GetMarginDayResultQuery> {
  constructor(private readonly reads: WalletReadModel) {}

  execute(query: GetMarginDayResultQuery): Promise<bigint> {
    return this.reads.marginResultSince(query.userId, query.asset, query.since);
  }
}

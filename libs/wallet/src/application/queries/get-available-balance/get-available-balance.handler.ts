import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { WalletReadModel } from '../../ports';
import { GetAvailableBalanceQuery } from './get-available-balance.query';

@QueryHandler(GetAvailableBalanceQuery)
export class GetAvailableBalanceHandler implements IQueryHandler<GetAvailableBalanceQuery> {
  constructor(private readonly reads: WalletReadModel) {}

  execute(query: GetAvailableBalanceQuery): Promise<bigint> {
    return this.reads.available(query.userId, query.account, query.asset);
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { insufficientBalance } from '../../insufficient-balance';
import { AssetCatalog, WalletReadModel } from '../../ports';
import { GetAvailableBalanceQuery } from './get-available-balance.query';

@QueryHandler(GetAvailableBalanceQuery)
export class GetAvailableBalanceHandler implements IQueryHandler<GetAvailableBalanceQuery> {
  constructor(
    private readonly reads: WalletReadModel,
    private readonly assets: AssetCatalog,
  ) {}

  async execute(query: GetAvailableBalanceQuery): Promise<bigint> {
    const available = await this.reads.available(query.userId, query.account, query.asset);
    if (query.atLeast !== undefined && available < query.atLeast) throw insufficientBalance(await this.assets.get(query.asset), available, query.atLeast);
    return available;
  }
}

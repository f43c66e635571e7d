import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Asset } from '../../../domain';
import { AvailableFunds } from '../../available-funds';
import { AssetCatalog, WalletReadModel } from '../../ports';
import { GetAvailableFundsQuery } from './get-available-funds.query';

@QueryHandler(GetAvailableFundsQuery)
export class GetAvailableFundsHandler implements IQueryHandler<GetAvailableFundsQuery> {
  constructor(
    private readonly reads: WalletReadModel,
    private readonly assets: AssetCatalog,
  ) {}

  async execute(query: GetAvailableFundsQuery): Promise<AvailableFunds> {
    const refs = query.refs;
    const assets = new Map<string, Asset>();
    for (const code of new Set(refs.map((r) => r.asset))) assets.set(code, await this.assets.get(code));
    const available = await this.reads.availableMany(refs.map((r) => ({ userId: r.userId, kind: r.account, asset: r.asset })));
    return new AvailableFunds(refs, available, assets);
  }
}

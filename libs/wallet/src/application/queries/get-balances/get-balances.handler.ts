import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserAccountKind } from '../../../domain';
import { decimal } from '../../amounts';
import { AssetCatalog, WalletReadModel } from '../../ports';
import { WalletView } from '../../views';
import { GetBalancesQuery } from './get-balances.query';

@QueryHandler(GetBalancesQuery)
export class GetBalancesHandler implements IQueryHandler<GetBalancesQuery> {
  constructor(
    private readonly assets: AssetCatalog,
    private readonly read: WalletReadModel,
  ) {}

  async execute(query: GetBalancesQuery): Promise<WalletView> {
    const [assets, rows] = await Promise.all([this.assets.all(), this.read.balances(query.userId)]);
    const byKey = new Map(rows.map((r) => [`${r.kind}:${r.asset}`, r]));
    return {
      accounts: [UserAccountKind.SPOT, UserAccountKind.MARGIN].map((account) => ({
        account,
        balances: assets.map((asset) => {
          const row = byKey.get(`${account}:${asset.code}`);
          const available = row?.available ?? 0n;
          const locked = row?.locked ?? 0n;
          return { asset: asset.code, available: decimal(asset, available), locked: decimal(asset, locked), total: decimal(asset, available + locked) };
        }),
      })),
    };
  }
}

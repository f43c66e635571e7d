import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserAccountKind } from '../../../domain';
import { decimal } from '../../amounts';
import { AssetCatalog, WalletReadModel } from '../../ports';
import { AssetBalanceView } from '../../views';
import { GetAssetBalanceQuery } from './get-asset-balance.query';

@QueryHandler(GetAssetBalanceQuery)
export class GetAssetBalanceHandler implements IQueryHandler<GetAssetBalanceQuery> {
  constructor(
    private readonly assets: AssetCatalog,
    private readonly read: WalletReadModel,
  ) {}

  async execute(query: GetAssetBalanceQuery): Promise<AssetBalanceView> {
    const asset = await this.assets.get(query.asset.toUpperCase());
    const rows = (await this.read.balances(query.userId)).filter((r) => r.asset === asset.code);
    const of = (kind: UserAccountKind) => {
      const row = rows.find((r) => r.kind === kind);
      const available = row?.available ?? 0n;
      const locked = row?.locked ?? 0n;
      return { available: decimal(asset, available), locked: decimal(asset, locked), total: decimal(asset, available + locked) };
    };
    return { asset: asset.code, decimals: asset.decimals, spot: of(UserAccountKind.SPOT), margin: of(UserAccountKind.MARGIN) };
  }
}

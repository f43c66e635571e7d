import { Query } from '@nestjs/cqrs';
import { AssetBalanceView } from '../../views';

export class GetAssetBalanceQuery extends Query<AssetBalanceView> {
  constructor(
    readonly userId: string,
    readonly asset: string,
  ) {
    super();
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AssetCatalog, WalletReadModel } from '../../ports';
import { GetReconcileBalancesQuery, ReconcileBalances } from './get-reconcile-balances.query';

@QueryHandler(GetReconcileBalancesQuery)
export class GetReconcileBalancesHandler implements IQueryHandler<GetReconcileBalancesQuery> {
  constructor(
    private readonly read: WalletReadModel,
    private readonly assets: AssetCatalog,
  ) {}

  async execute(): Promise<ReconcileBalances> {
    const rows = await this.read.lockedAndClearing();
    const decimals = new Map((await this.assets.all()).map((a) => [a.code, a.decimals]));
    return { decimals, locked: rows.locked, clearing: rows.clearing };
  }
}

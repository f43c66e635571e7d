import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { formatUnits } from '@lib/kernel';
import { AssetCatalog, WalletReadModel } from '../../ports';
import { ReconcileReport } from '../../views';
import { ReconcileLedgerQuery } from './reconcile-ledger.query';

@QueryHandler(ReconcileLedgerQuery)
export class ReconcileLedgerHandler implements IQueryHandler<ReconcileLedgerQuery> {
  constructor(
    private readonly read: WalletReadModel,
    private readonly assets: AssetCatalog,
  ) {}

  async execute(): Promise<ReconcileReport> {
    const rows = await this.read.reconcile();
    const scale = new Map((await this.assets.all()).map((a) => [a.code, a.decimals]));
    const fmt = (asset: string, units: bigint) => formatUnits(units, scale.get(asset) ?? 0);
    const assets = rows.sums.map((s) => ({ asset: s.asset, postingsSum: fmt(s.asset, s.sum), postings: s.postings, balanced: s.sum === 0n }));
    const mismatchedAccounts = rows.mismatched.map((m) => ({
      accountId: m.accountId,
      ownerId: m.ownerId,
      kind: m.kind,
      asset: m.asset,
      available: fmt(m.asset, m.available),
      locked: fmt(m.asset, m.locked),
      postedAvailable: fmt(m.asset, m.postedAvailable),
      postedLocked: fmt(m.asset, m.postedLocked),
    }));
    const negativeBalances = rows.negative.map((n) => ({ ...n, available: fmt(n.asset, n.available), locked: fmt(n.asset, n.locked) }));
    return { ok: assets.every((a) => a.balanced) && mismatchedAccounts.length === 0 && negativeBalances.length === 0, assets, mismatchedAccounts, negativeBalances };
  }
}

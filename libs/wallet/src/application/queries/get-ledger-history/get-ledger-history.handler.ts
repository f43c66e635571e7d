import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { parseCursorId } from '@lib/kernel';
import { WalletError, WalletErrorCode } from '../../../domain';
import { decimal } from '../../amounts';
import { AssetCatalog, WalletReadModel } from '../../ports';
import { HistoryEntryView, Page } from '../../views';
import { GetLedgerHistoryQuery } from './get-ledger-history.query';

@QueryHandler(GetLedgerHistoryQuery)
export class GetLedgerHistoryHandler implements IQueryHandler<GetLedgerHistoryQuery> {
  constructor(
    private readonly read: WalletReadModel,
    private readonly assets: AssetCatalog,
  ) {}

  async execute(query: GetLedgerHistoryQuery): Promise<Page<HistoryEntryView>> {
    const { filter } = query;
    const asset = filter.asset ? (await this.assets.get(filter.asset.toUpperCase())).code : undefined;
    const rows = await this.read.history(query.userId, {
      asset,
      type: filter.type,
      from: filter.from,
      to: filter.to,
      beforeId: filter.cursor === undefined ? undefined : decodeCursor(filter.cursor),
      limit: filter.limit + 1,
    });
    const page = rows.slice(0, filter.limit);
    const items = await Promise.all(
      page.map(async (row) => ({
        id: row.id.toString(),
        transactionId: row.transactionId,
        type: row.type,
        account: row.account,
        asset: row.asset,
        bucket: row.bucket,
        amount: decimal(await this.assets.get(row.asset), row.amount),
        createdAt: row.createdAt.toISOString(),
      })),
    );
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > filter.limit && last ? last.id.toString() : null };
  }
}

function decodeCursor(cursor: string): bigint {
  const id = parseCursorId(cursor);
  if (id === undefined) throw new WalletError(WalletErrorCode.INVALID_CURSOR, 'The cursor is not valid');
  return id;
}

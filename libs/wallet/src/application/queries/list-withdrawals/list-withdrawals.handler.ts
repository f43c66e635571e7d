import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { isUuid, parseCursorTime } from '@lib/kernel';
import { WalletError, WalletErrorCode } from '../../../domain';
import { AssetCatalog, WithdrawalRepository } from '../../ports';
import { toWithdrawalView } from '../../withdrawal-view';
import { Page, WithdrawalView } from '../../views';
import { ListWithdrawalsQuery } from './list-withdrawals.query';

/** Newest first; the cursor is the last row's (requestedAt, id). */
@QueryHandler(ListWithdrawalsQuery)
export class ListWithdrawalsHandler implements IQueryHandler<ListWithdrawalsQuery> {
  constructor(
    private readonly withdrawals: WithdrawalRepository,
    private readonly assets: AssetCatalog,
  ) {}

  async execute(query: ListWithdrawalsQuery): Promise<Page<WithdrawalView>> {
    const rows = await this.withdrawals.list(query.userId, { status: query.status, limit: query.limit + 1, before: query.cursor ? decode(query.cursor) : undefined });
    const page = rows.slice(0, query.limit);
    const items = await Promise.all(page.map(async (w) => toWithdrawalView(w, await this.assets.get(w.asset))));
    const last = page[page.length - 1];
    const nextCursor = rows.length > query.limit && last ? Buffer.from(`${last.requestedAt.toISOString()}|${last.id}`).toString('base64url') : null;
    return { items, nextCursor };
  }
}

function decode(cursor: string): { requestedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const requestedAt = parseCursorTime(at ?? '');
  if (!id || !isUuid(id) || requestedAt === undefined) throw new WalletError(WalletErrorCode.INVALID_CURSOR, 'The cursor is not valid');
  return { requestedAt, id };
}

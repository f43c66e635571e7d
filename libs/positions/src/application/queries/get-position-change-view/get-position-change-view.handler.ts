import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MarginMode, PositionRecord } from '../../../domain';
import { PositionChangedV1 } from '../../events';
import { PositionView, positionView } from '../../position-view';
import { MarginAccounts } from '../margin-accounts';
import { GetPositionChangeViewQuery } from './get-position-change-view.query';

/** The row a POSITION_CHANGED carries (the sums of the life's fills are not in it: the view does not need them). */
export function recordOfChange(p: PositionChangedV1): PositionRecord {
  return {
    userId: p.userId,
    symbol: p.symbol,
    asset: p.asset,
    leverage: p.leverage,
    marginMode: p.marginMode as MarginMode,
    isolatedMargin: BigInt(p.isolatedMargin),
    position: { size: BigInt(p.size), entryValue: BigInt(p.entryValue), realizedPnl: BigInt(p.realizedPnl) },
    fees: BigInt(p.fees),
    openedQuantity: 0n,
    openedValue: 0n,
    closedQuantity: 0n,
    closedValue: 0n,
    openedAt: p.openedAt === null ? null : new Date(p.openedAt),
    updatedAt: new Date(p.updatedAt),
    version: 0,
  };
}

@QueryHandler(GetPositionChangeViewQuery)
export class GetPositionChangeViewHandler implements IQueryHandler<GetPositionChangeViewQuery> {
  constructor(private readonly accounts: MarginAccounts) {}

  async execute({ payload }: GetPositionChangeViewQuery): Promise<PositionView> {
    const record = recordOfChange(payload);
    const others = (await this.accounts.openRows(record.userId)).filter((r) => r.asset === record.asset && r.symbol !== record.symbol);
    const [h, ...otherHoldings] = await Promise.all([this.accounts.holding(record), ...others.map((r) => this.accounts.holding(r))]);
    return positionView(h!, await this.accounts.account(record.userId, record.asset, [h!, ...otherHoldings]));
  }
}

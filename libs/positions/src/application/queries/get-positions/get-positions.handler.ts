import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Holding, PositionRecord, flatRecord } from '../../../domain';
import { PositionView, positionView } from '../../position-view';
import { MarginAccounts } from '../margin-accounts';
import { GetPositionsQuery } from './get-positions.query';

@QueryHandler(GetPositionsQuery)
export class GetPositionsHandler implements IQueryHandler<GetPositionsQuery> {
  constructor(private readonly accounts: MarginAccounts) {}

  async execute({ userId, symbol }: GetPositionsQuery): Promise<PositionView[]> {
    return symbol === undefined ? this.open(userId) : [await this.one(userId, symbol)];
  }

  /** Every open position, by symbol; each valued with the account of its settlement asset. */
  private async open(userId: string): Promise<PositionView[]> {
    const rows = await this.accounts.openRows(userId);
    const holdings = await Promise.all(rows.map((r) => this.accounts.holding(r)));
    const assets = [...new Set(rows.map((r) => r.asset))];
    const accounts = new Map(await Promise.all(assets.map(async (asset) => [asset, await this.accounts.account(userId, asset, holdings)] as const)));
    return holdings.map((h) => positionView(h, accounts.get(h.record.asset)!)).sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  }

  /** The user's row on one perpetual market, flat or not (without a row: the default settings). */
  private async one(userId: string, symbol: string): Promise<PositionView> {
    const { instrument, terms } = await this.accounts.perp(symbol);
    const rows = (await this.accounts.positions.ofUsers([userId])).get(userId) ?? [];
    const record: PositionRecord = rows.find((r) => r.symbol === instrument.symbol) ?? flatRecord(userId, instrument.symbol, instrument.quote, new Date());
    const others = rows.filter((r) => r.asset === record.asset && r.symbol !== record.symbol && r.position.size !== 0n);
    const [h, ...otherHoldings]: Holding[] = await Promise.all([this.accounts.holding(record, terms), ...others.map((r) => this.accounts.holding(r))]);
    const account = await this.accounts.account(userId, record.asset, [h!, ...otherHoldings]);
    return positionView(h!, account);
  }
}

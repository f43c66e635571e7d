import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PerpTerms } from '../../../domain';
import { closedPositionView } from '../../position-view';
import { MarginAccounts } from '../margin-accounts';
import { ClosedPositionViewPage, GetPositionHistoryQuery } from './get-position-history.query';

@QueryHandler(GetPositionHistoryQuery)
export class GetPositionHistoryHandler implements IQueryHandler<GetPositionHistoryQuery> {
  constructor(private readonly accounts: MarginAccounts) {}

  async execute({ userId, options }: GetPositionHistoryQuery): Promise<ClosedPositionViewPage> {
    const symbol = options.symbol === undefined ? undefined : (await this.accounts.perp(options.symbol)).instrument.symbol;
    const page = await this.accounts.positions.history(userId, { symbol, cursor: options.cursor, limit: options.limit });
    const symbols = [...new Set(page.items.map((c) => c.symbol))];
    const terms = new Map<string, PerpTerms>(await Promise.all(symbols.map(async (s) => [s, (await this.accounts.perp(s)).terms] as const)));
    return { items: page.items.map((c) => closedPositionView(c, terms.get(c.symbol)!)), nextCursor: page.next };
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { decodeTradeCursor, encodeTradeCursor } from '../../cursor';
import { toFillView } from '../../order-view';
import { MarketSpecs, OrderRepository } from '../../ports';
import { FillPage, FillView } from '../../views';
import { ListFillsQuery } from './list-fills.query';

@QueryHandler(ListFillsQuery)
export class ListFillsHandler implements IQueryHandler<ListFillsQuery> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
  ) {}

  async execute(query: ListFillsQuery): Promise<FillPage> {
    const f = query.filter;
    if (f.symbol !== undefined) await this.specs.get(f.symbol);
    const rows = await this.orders.trades({
      userId: query.userId,
      symbol: f.symbol,
      orderId: f.orderId,
      beforeId: f.cursor === undefined ? undefined : decodeTradeCursor(f.cursor),
      limit: f.limit + 1,
    });
    const page = rows.slice(0, f.limit);
    const items: FillView[] = [];
    for (const t of page) items.push(toFillView(await this.specs.get(t.symbol), t, query.userId));
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > f.limit && last ? encodeTradeCursor(last.id) : null };
  }
}

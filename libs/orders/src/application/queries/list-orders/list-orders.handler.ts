import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { OrderStatus } from '../../../domain';
import { decodeOrderCursor, encodeOrderCursor } from '../../cursor';
import { toOrderView } from '../../order-view';
import { MarketSpecs, OrderRepository } from '../../ports';
import { OrderPage } from '../../views';
import { ListOrdersQuery } from './list-orders.query';

@QueryHandler(ListOrdersQuery)
export class ListOrdersHandler implements IQueryHandler<ListOrdersQuery> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
  ) {}

  async execute(query: ListOrdersQuery): Promise<OrderPage> {
    const f = query.filter;
    if (f.symbol !== undefined) await this.specs.get(f.symbol);
    const live = [OrderStatus.NEW, OrderStatus.PARTIALLY_FILLED];
    const open = f.untriggered === undefined ? [OrderStatus.UNTRIGGERED, ...live] : f.untriggered ? [OrderStatus.UNTRIGGERED] : live;
    const statuses = f.open ? open : f.status ? [f.status] : undefined;
    const rows = await this.orders.list({
      userId: query.userId,
      symbol: f.symbol,
      statuses,
      from: f.from,
      to: f.to,
      before: f.cursor === undefined ? undefined : decodeOrderCursor(f.cursor),
      limit: f.limit + 1,
    });
    const page = rows.slice(0, f.limit);
    const items = [];
    for (const row of page) items.push(toOrderView(await this.specs.get(row.symbol), row));
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > f.limit && last ? encodeOrderCursor(last.createdAt, last.id) : null };
  }
}

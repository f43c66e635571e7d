import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toTradeView } from '../../order-view';
import { MarketSpecs, OrderRepository } from '../../ports';
import { TradeView } from '../../views';
import { ListTradesQuery } from './list-trades.query';

@QueryHandler(ListTradesQuery)
export class ListTradesHandler implements IQueryHandler<ListTradesQuery> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
  ) {}

  async execute(query: ListTradesQuery): Promise<TradeView[]> {
    const spec = await this.specs.get(query.symbol);
    const trades = await this.orders.trades({ symbol: spec.symbol, limit: query.limit });
    return trades.map((t) => toTradeView(spec, t));
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { quantity, quote } from '../../order-view';
import { MarketSpecs, OrderRepository } from '../../ports';
import { MarketActivityView, OrdersActivityView } from '../../views';
import { GetOrdersActivityQuery } from './get-orders-activity.query';

@QueryHandler(GetOrdersActivityQuery)
export class GetOrdersActivityHandler implements IQueryHandler<GetOrdersActivityQuery> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
  ) {}

  async execute(query: GetOrdersActivityQuery): Promise<OrdersActivityView> {
    const specs = new Map((await this.specs.list()).map((s) => [s.symbol, s]));
    const [totals, open] = await Promise.all([this.orders.tradeTotals([...specs.keys()], query.from, query.to), this.orders.openOrdersByMarket()]);
    const openBySymbol = new Map(open.map((o) => [o.symbol, o]));
    const markets: MarketActivityView[] = totals.map((t) => {
      const spec = specs.get(t.symbol)!;
      const orders = openBySymbol.get(t.symbol);
      return {
        symbol: t.symbol,
        kind: spec.kind,
        trades: t.trades,
        baseVolume: quantity(spec, t.base),
        quoteVolume: quote(spec, t.quote),
        fees: quote(spec, t.fees),
        quoteAsset: spec.quote,
        openOrders: orders?.open ?? 0,
        untriggeredOrders: orders?.untriggered ?? 0,
      };
    });
    // Every order counts in the totals, a market no longer listed included.
    return { markets, openOrders: open.reduce((n, o) => n + o.open, 0), untriggeredOrders: open.reduce((n, o) => n + o.untriggered, 0) };
  }
}

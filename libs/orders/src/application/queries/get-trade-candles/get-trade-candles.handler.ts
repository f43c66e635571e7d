import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { price, quantity, quote } from '../../order-view';
import { MarketSpecs, OrderRepository } from '../../ports';
import { TradeCandleView } from '../../views';
import { CANDLE_INTERVALS, GetTradeCandlesQuery } from './get-trade-candles.query';

@QueryHandler(GetTradeCandlesQuery)
export class GetTradeCandlesHandler implements IQueryHandler<GetTradeCandlesQuery> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
    private readonly clock: Clock,
  ) {}

  async execute(query: GetTradeCandlesQuery): Promise<TradeCandleView[]> {
    const spec = await this.specs.get(query.symbol);
    const seconds = CANDLE_INTERVALS[query.interval];
    const to = query.to ?? new Date(this.clock.now().getTime() + 1);
    const from = query.from ?? new Date(to.getTime() - seconds * 1000 * query.limit);
    const rows = await this.orders.candles(spec.symbol, seconds, from, to, query.limit);
    return rows.map((r) => ({
      openTime: r.openTime.toISOString(),
      closeTime: new Date(r.openTime.getTime() + seconds * 1000 - 1).toISOString(),
      open: price(spec, r.open),
      high: price(spec, r.high),
      low: price(spec, r.low),
      close: price(spec, r.close),
      volume: quantity(spec, r.volume),
      quoteVolume: quote(spec, r.quoteVolume),
      trades: r.trades,
    }));
  }
}

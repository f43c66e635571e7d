import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock, formatUnits } from '@lib/kernel';
import { MarketSpec } from '../../../domain';
import { price, quantity, quote } from '../../order-view';
import { MarketSpecs, OrderRepository } from '../../ports';
import { TradeTickerView } from '../../views';
import { GetTradeTickersQuery } from './get-trade-tickers.query';

@QueryHandler(GetTradeTickersQuery)
export class GetTradeTickersHandler implements IQueryHandler<GetTradeTickersQuery> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
    private readonly clock: Clock,
  ) {}

  async execute(query: GetTradeTickersQuery): Promise<TradeTickerView[]> {
    const specs: MarketSpec[] = [];
    if (query.symbols) for (const s of query.symbols) specs.push(await this.specs.get(s));
    else specs.push(...(await this.specs.list()).filter((s) => s.kind === 'SPOT'));
    const bySymbol = new Map(specs.map((s) => [s.symbol, s]));
    const stats = await this.orders.stats24h([...bySymbol.keys()], this.clock.now());
    return stats.map((s) => {
      const spec = bySymbol.get(s.symbol)!;
      const fmt = (v: bigint | null) => (v === null ? null : price(spec, v));
      return {
        symbol: s.symbol,
        last: fmt(s.last),
        open: fmt(s.open),
        high: fmt(s.high),
        low: fmt(s.low),
        volume: quantity(spec, s.volume),
        quoteVolume: quote(spec, s.quoteVolume),
        change: s.open === null || s.last === null || s.open === 0n ? null : changeOf(s.open, s.last),
        trades: s.trades,
      };
    });
  }
}

/** (last - open) / open with 6 decimals, rounded toward zero. */
function changeOf(open: bigint, last: bigint): string {
  return formatUnits(((last - open) * 1_000_000n) / open, 6);
}

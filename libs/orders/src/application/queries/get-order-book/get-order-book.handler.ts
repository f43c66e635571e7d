import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MarketTurns } from '../../market-turns';
import { OrderBooks } from '../../order-books';
import { price, quantity } from '../../order-view';
import { MarketSpecs } from '../../ports';
import { DepthView } from '../../views';
import { GetOrderBookQuery } from './get-order-book.query';

@QueryHandler(GetOrderBookQuery)
export class GetOrderBookHandler implements IQueryHandler<GetOrderBookQuery> {
  constructor(
    private readonly specs: MarketSpecs,
    private readonly books: OrderBooks,
    private readonly turns: MarketTurns,
  ) {}

  async execute(query: GetOrderBookQuery): Promise<DepthView> {
    const spec = await this.specs.get(query.symbol);
    // Read between turns: never a half-applied pass.
    return this.turns.quietly(spec.symbol, async () => {
      const depth = (await this.books.current(spec.symbol)).depth(query.depth);
      const side = (levels: typeof depth.bids) => levels.map((l) => [price(spec, l.price), quantity(spec, l.quantity)] as const);
      return { symbol: spec.symbol, seq: depth.seq, bids: side(depth.bids), asks: side(depth.asks) };
    });
  }
}

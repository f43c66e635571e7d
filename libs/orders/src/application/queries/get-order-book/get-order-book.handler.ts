import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { BookSnapshot, BookSnapshots } from '../../book-snapshots';
import { price, quantity } from '../../order-view';
import { MarketSpecs } from '../../ports';
import { DepthView } from '../../views';
import { GetOrderBookQuery } from './get-order-book.query';

/**
 * Depth from the snapshot kept outside the order lanes (BookSnapshots): a
 * read never waits behind order batches. The wire form of a snapshot is
 * built once and shared by every reader of it.
 */
@QueryHandler(GetOrderBookQuery)
export class GetOrderBookHandler implements IQueryHandler<GetOrderBookQuery> {
  private readonly views = new WeakMap<BookSnapshot, DepthView>();

  constructor(
    private readonly specs: MarketSpecs,
    private readonly snapshots: BookSnapshots,
  ) {}

  async execute(query: GetOrderBookQuery): Promise<DepthView> {
    const spec = await this.specs.get(query.symbol);
    const snapshot = await this.snapshots.current(spec.symbol);
    let view = this.views.get(snapshot);
    if (!view) {
      const side = (levels: typeof snapshot.depth.bids) => levels.map((l) => [price(spec, l.price), quantity(spec, l.quantity)] as const);
      view = { symbol: spec.symbol, seq: snapshot.seq, bids: side(snapshot.depth.bids), asks: side(snapshot.depth.asks) };
      this.views.set(snapshot, view);
    }
    if (view.bids.length <= query.depth && view.asks.length <= query.depth) return view;
    return { ...view, bids: view.bids.slice(0, query.depth), asks: view.asks.slice(0, query.depth) };
  }
}

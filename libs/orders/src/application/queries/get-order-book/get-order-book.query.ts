import { Query } from '@nestjs/cqrs';
import { DepthView } from '../../views';

/** Aggregated depth of a market's book, best first, with the book's sequence (for a stream of deltas). */
export class GetOrderBookQuery extends Query<DepthView> {
  constructor(
    readonly symbol: string,
    readonly depth: number,
  ) {
    super();
  }
}

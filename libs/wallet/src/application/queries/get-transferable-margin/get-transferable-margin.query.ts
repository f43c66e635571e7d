import { Query } from '@nestjs/cqrs';

/**
 * Asked by the wallet, answered by the positions context: how much of a
 * user's MARGIN account in `asset` may leave it now (smallest units), given
 * the `available` balance the wallet read: what no open position needs,
 * never counting unrealized profit (docs/positions.md). A transfer out of
 * MARGIN takes at most this. (The wallet reads the balance once and passes
 * it, so the answer and the wallet's own check rest on one read.)
 */
export class GetTransferableMarginQuery extends Query<bigint> {
  constructor(
    readonly userId: string,
    readonly asset: string,
    readonly available: bigint,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';

/**
 * Asked by the wallet, answered by the positions context: how much of a
 * user's MARGIN account in `asset` may leave it now (smallest units): what
 * no open position or order needs, never counting unrealized profit
 * (docs/positions.md). A transfer out of MARGIN takes at most this.
 */
export class GetTransferableMarginQuery extends Query<bigint> {
  constructor(
    readonly userId: string,
    readonly asset: string,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import type { AvailableFunds, FundsRef } from '../../available-funds';

/**
 * For other contexts: the available units of several accounts, read in one
 * statement without a lock, as an AvailableFunds to spend down in memory
 * (e.g. a market's batch of orders checking their holds one after the other).
 */
export class GetAvailableFundsQuery extends Query<AvailableFunds> {
  constructor(readonly refs: readonly FundsRef[]) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { FillCreatedPayload } from '@lib/orders';

export interface RelayedFill {
  readonly eventId: string;
  readonly payload: FillCreatedPayload;
}

/**
 * Folds a batch of relayed `orders.FillCreated` into their owners' cost
 * basis, in the given (relay) order, once per event id, in one transaction:
 * the same result as one command per fill with the same marks (the
 * subscriber's fallback sends them one at a time).
 * Returns how many fills it applied (redelivered ones and fills of unknown
 * markets are not).
 */
export class ApplyFillsCommand extends Command<number> {
  constructor(readonly fills: readonly RelayedFill[]) {
    super();
  }
}

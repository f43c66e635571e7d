import { Command } from '@nestjs/cqrs';
import type { FillCreatedPayload } from '@lib/orders';

/**
 * Folds one relayed `orders.FillCreated` into the owner's cost basis, once
 * per event id. Returns false for a redelivered event (nothing changed).
 */
export class ApplyFillCommand extends Command<boolean> {
  constructor(
    readonly eventId: string,
    readonly payload: FillCreatedPayload,
  ) {
    super();
  }
}

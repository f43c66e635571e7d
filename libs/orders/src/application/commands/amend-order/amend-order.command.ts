import { Command } from '@nestjs/cqrs';
import { OrderView } from '../../views';

/**
 * Change an open LIMIT order's price and/or total quantity (decimal strings).
 * A smaller quantity at the same price keeps the order's priority; a new price
 * or a larger quantity sends it to the back of its level, and a new price may
 * trade at once. The hold is recomputed for the rest (it grows, or fails with
 * INSUFFICIENT_BALANCE, or shrinks); an amend that changes nothing changes
 * nothing. See planAmend for the rules.
 */
export class AmendOrderCommand extends Command<OrderView> {
  constructor(
    readonly userId: string,
    readonly orderId: string,
    readonly price?: string,
    readonly quantity?: string,
  ) {
    super();
  }
}

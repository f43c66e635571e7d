import { Command } from '@nestjs/cqrs';
import { OrderView } from '../../views';

/** Cancel one open order of the user, by id or clientOrderId; the unused hold is released. Another user's order is not found. */
export class CancelOrderCommand extends Command<OrderView> {
  constructor(
    readonly userId: string,
    readonly orderId: string,
  ) {
    super();
  }
}

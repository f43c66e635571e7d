import { Command } from '@nestjs/cqrs';
import { ForceCancelResult } from '../../views';

/**
 * Admin action: cancel every open order of a user (untriggered conditional
 * orders and order-list orders included, and what the user's lists still had
 * to place), in one market or all, each market in its turn, with the reason
 * ADMIN_CANCELED. Audited (ORDERS_FORCE_CANCELLED) in each market's turn.
 */
export class ForceCancelOrdersCommand extends Command<ForceCancelResult> {
  constructor(
    readonly actorId: string,
    readonly userId: string,
    readonly reason: string,
    readonly symbol?: string,
  ) {
    super();
  }
}

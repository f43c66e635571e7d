import { Command } from '@nestjs/cqrs';
import { CancelAllResult } from '../../views';

/**
 * Cancel every open order of the user, in one market or all; one transaction
 * per market. `reason`: the reason the orders end with (the engine's
 * CANCELED_BY_REQUEST when absent; ACCOUNT_SUSPENDED for a suspension).
 */
export class CancelAllOrdersCommand extends Command<CancelAllResult> {
  constructor(
    readonly userId: string,
    readonly symbol?: string,
    readonly reason?: string,
  ) {
    super();
  }
}

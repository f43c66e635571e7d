import { Command } from '@nestjs/cqrs';
import { CancelAllResult } from '../../views';

/**
 * The account is being suspended: from now on nothing of it trades on this
 * instance (new orders refused, its resting orders never matched), and every
 * open order of it, in every market, is cancelled with the reason
 * ACCOUNT_SUSPENDED (holds released to the last unit). Idempotent.
 */
export class SuspendTradingCommand extends Command<CancelAllResult> {
  constructor(readonly userId: string) {
    super();
  }
}

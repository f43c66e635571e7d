import { Command } from '@nestjs/cqrs';
import { ForceCloseResult } from '../../views';

/**
 * Admin action: close a user's perpetual positions at market (one market or
 * all), each in its market's turn: the user's orders there are cancelled
 * (ADMIN_CANCELED), then a MARKET reduce-only order closes the position
 * (decideForceClose). Audited (POSITIONS_FORCE_CLOSED) in each turn.
 */
export class ForceClosePositionsCommand extends Command<ForceCloseResult> {
  constructor(
    readonly actorId: string,
    readonly userId: string,
    readonly reason: string,
    readonly symbol?: string,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import { UserAccountKind } from '../../../domain';
import { LedgerPostingResult } from '../../views';

/** For other contexts: return `amount` locked units to available (what an order did not use). */
export class ReleaseFundsCommand extends Command<LedgerPostingResult> {
  constructor(
    readonly userId: string,
    readonly account: UserAccountKind,
    readonly asset: string,
    readonly amount: bigint,
    readonly reference: string,
  ) {
    super();
  }
}

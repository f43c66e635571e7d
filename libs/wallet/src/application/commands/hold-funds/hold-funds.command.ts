import { Command } from '@nestjs/cqrs';
import { UserAccountKind } from '../../../domain';
import { LedgerPostingResult } from '../../views';

/**
 * For other contexts (orders): lock `amount` units of the user's account, in
 * the caller's transaction. Keyed by `reference`: a retry never holds twice.
 * Throws WalletError(INSUFFICIENT_BALANCE) without writing anything.
 */
export class HoldFundsCommand extends Command<LedgerPostingResult> {
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

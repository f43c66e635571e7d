import { Command } from '@nestjs/cqrs';
import { UserAccountKind } from '../../../domain';
import { AdjustmentView } from '../../views';

/**
 * Admin correction of a user's balance (signed amount, EXTERNAL takes the other
 * side). `reference` makes it idempotent: the same reference never posts twice.
 */
export class AdjustBalanceCommand extends Command<AdjustmentView> {
  constructor(
    readonly adminId: string,
    readonly userId: string,
    readonly account: UserAccountKind,
    readonly asset: string,
    readonly amount: string,
    readonly reason: string,
    readonly reference: string,
  ) {
    super();
  }
}

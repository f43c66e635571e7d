import { Command } from '@nestjs/cqrs';
import { WithdrawalView } from '../../views';

export class CancelWithdrawalCommand extends Command<WithdrawalView> {
  constructor(
    readonly userId: string,
    readonly withdrawalId: string,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import { WithdrawalView } from '../../views';

/** Locks the funds at once; a job completes it after the simulated chain delay. */
export class RequestWithdrawalCommand extends Command<WithdrawalView> {
  constructor(
    readonly userId: string,
    readonly asset: string,
    readonly amount: string,
    readonly address: string,
  ) {
    super();
  }
}

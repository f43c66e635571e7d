import { Command } from '@nestjs/cqrs';
import { DepositView } from '../../views';

/** The simulated faucet: credits the user's SPOT account at once, within a daily cap per asset. */
export class DepositCommand extends Command<DepositView> {
  constructor(
    readonly userId: string,
    readonly asset: string,
    readonly amount: string,
  ) {
    super();
  }
}

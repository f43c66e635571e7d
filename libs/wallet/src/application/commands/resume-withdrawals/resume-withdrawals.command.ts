import { Command } from '@nestjs/cqrs';

/**
 * The owner is active again: their held withdrawals go on, each completing
 * after the delay it had left when it was held. Idempotent. Returns how many.
 */
export class ResumeWithdrawalsCommand extends Command<number> {
  constructor(readonly userId: string) {
    super();
  }
}

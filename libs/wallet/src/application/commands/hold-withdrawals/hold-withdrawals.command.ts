import { Command } from '@nestjs/cqrs';

/**
 * The owner is suspended: their pending withdrawals are held (the chain job
 * skips them; the money stays locked in their SPOT account). Idempotent.
 * Returns how many were held now.
 */
export class HoldWithdrawalsCommand extends Command<number> {
  constructor(readonly userId: string) {
    super();
  }
}

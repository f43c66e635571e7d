import { Command } from '@nestjs/cqrs';

/** Run by the withdrawal job: completes what the simulated chain has confirmed. Returns how many. */
export class CompleteDueWithdrawalsCommand extends Command<number> {
  constructor(readonly batchSize = 100) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';

/** The account is active again: its new orders are accepted and can trade (its cancelled orders stay cancelled). */
export class ResumeTradingCommand extends Command<void> {
  constructor(readonly userId: string) {
    super();
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SuspendedTraders } from '../../suspended-traders';
import { ResumeTradingCommand } from './resume-trading.command';

@CommandHandler(ResumeTradingCommand)
export class ResumeTradingHandler implements ICommandHandler<ResumeTradingCommand> {
  constructor(private readonly suspended: SuspendedTraders) {}

  async execute(command: ResumeTradingCommand): Promise<void> {
    this.suspended.resume(command.userId);
  }
}

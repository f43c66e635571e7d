import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { MarketSpecs } from '../ports';
import { ALL_MARKETS, CountdownRepository, CountdownView } from './countdown';
import { SetCountdownCommand } from './set-countdown.command';

/** Arms, resets or clears a countdown (an unknown market is MARKET_NOT_FOUND); the loop fires it (CountdownLoop). */
@CommandHandler(SetCountdownCommand)
export class SetCountdownHandler implements ICommandHandler<SetCountdownCommand> {
  constructor(
    private readonly countdowns: CountdownRepository,
    private readonly specs: MarketSpecs,
  ) {}

  async execute(command: SetCountdownCommand): Promise<CountdownView> {
    const symbol = command.symbol === undefined ? ALL_MARKETS : (await this.specs.get(command.symbol)).symbol;
    const shown = symbol === ALL_MARKETS ? null : symbol;
    if (command.countdownMs === 0) {
      await this.countdowns.clear(command.userId, symbol);
      return { symbol: shown, countdownMs: '0', deadline: null };
    }
    const deadline = await this.countdowns.arm(command.userId, symbol, command.countdownMs);
    return { symbol: shown, countdownMs: String(command.countdownMs), deadline: deadline.toISOString() };
  }
}

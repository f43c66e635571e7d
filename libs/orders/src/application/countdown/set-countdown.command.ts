import { Command } from '@nestjs/cqrs';
import { CountdownView } from './countdown';

/**
 * The dead-man's switch: cancel every open order of the user (in `symbol`,
 * or in every market when absent) if the call is not repeated within
 * `countdownMs`. Repeating it resets the countdown; 0 turns it off. The
 * caller has checked `countdownMs` (isCountdownMs).
 */
export class SetCountdownCommand extends Command<CountdownView> {
  constructor(
    readonly userId: string,
    readonly symbol: string | undefined,
    readonly countdownMs: number,
  ) {
    super();
  }
}

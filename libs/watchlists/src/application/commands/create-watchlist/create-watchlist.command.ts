import { Command } from '@nestjs/cqrs';
import { WatchlistView } from '../../views';

/** A new list, last among the user's lists. */
export class CreateWatchlistCommand extends Command<WatchlistView> {
  constructor(
    readonly userId: string,
    readonly name: string,
    readonly symbols: readonly string[] = [],
  ) {
    super();
  }
}

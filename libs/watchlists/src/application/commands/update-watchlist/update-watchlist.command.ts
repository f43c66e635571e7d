import { Command } from '@nestjs/cqrs';
import { WatchlistChange } from '../../../domain';
import { WatchlistView } from '../../views';

/** Renames, replaces the symbols of and/or moves one of the user's lists. */
export class UpdateWatchlistCommand extends Command<WatchlistView> {
  constructor(
    readonly userId: string,
    readonly id: string,
    readonly change: WatchlistChange,
  ) {
    super();
  }
}

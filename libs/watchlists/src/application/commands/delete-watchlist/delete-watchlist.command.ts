import { Command } from '@nestjs/cqrs';

/** Deletes one of the user's lists; the lists after it move up one place. */
export class DeleteWatchlistCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly id: string,
  ) {
    super();
  }
}

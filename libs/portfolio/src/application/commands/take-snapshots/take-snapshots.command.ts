import { Command } from '@nestjs/cqrs';

/** Records the equity of every holder with a balance at `at`, prunes what is past the retention; returns how many were recorded. */
export class TakeSnapshotsCommand extends Command<number> {
  constructor(readonly at: Date) {
    super();
  }
}

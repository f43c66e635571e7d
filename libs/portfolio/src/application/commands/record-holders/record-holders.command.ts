import { Command } from '@nestjs/cqrs';

/**
 * Remembers that the users of `userIds` hold (or held) a balance, so the
 * snapshot job values them. Idempotent; repeated ids are fine.
 */
export class RecordHoldersCommand extends Command<void> {
  constructor(readonly userIds: readonly string[]) {
    super();
  }
}

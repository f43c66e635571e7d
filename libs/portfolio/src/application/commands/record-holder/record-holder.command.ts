import { Command } from '@nestjs/cqrs';

/** Remembers that `userId` holds (or held) a balance, so the snapshot job values them. */
export class RecordHolderCommand extends Command<void> {
  constructor(readonly userId: string) {
    super();
  }
}

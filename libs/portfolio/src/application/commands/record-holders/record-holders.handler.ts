import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { HolderRepository } from '../../ports';
import { RecordHoldersCommand } from './record-holders.command';

/** Users this process remembers as recorded, at most (beyond, they cost one idempotent insert each time). */
const MAX_KNOWN = 100_000;

@CommandHandler(RecordHoldersCommand)
export class RecordHoldersHandler implements ICommandHandler<RecordHoldersCommand> {
  /** Users already recorded by this process: most balance changes are of known holders, and cost no statement. */
  private readonly known = new Set<string>();

  constructor(
    private readonly holders: HolderRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: RecordHoldersCommand): Promise<void> {
    const unknown = [...new Set(command.userIds)].filter((id) => !this.known.has(id));
    if (unknown.length === 0) return;
    await this.holders.touch(unknown, this.clock.now());
    for (const id of unknown) {
      if (this.known.size >= MAX_KNOWN) break;
      this.known.add(id);
    }
  }
}

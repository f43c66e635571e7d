import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { HolderRepository } from '../../ports';
import { RecordHolderCommand } from './record-holder.command';

@CommandHandler(RecordHolderCommand)
export class RecordHolderHandler implements ICommandHandler<RecordHolderCommand> {
  /** Users already recorded by this process: most balance changes are of known holders. */
  private readonly known = new Set<string>();

  constructor(
    private readonly holders: HolderRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: RecordHolderCommand): Promise<void> {
    if (this.known.has(command.userId)) return;
    await this.holders.touch(command.userId, this.clock.now());
    if (this.known.size < 100_000) this.known.add(command.userId);
  }
}

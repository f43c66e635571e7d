import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { UserWatchlists } from '../../../domain';
import { WatchlistRepository } from '../../ports';
import { DeleteWatchlistCommand } from './delete-watchlist.command';

@CommandHandler(DeleteWatchlistCommand)
export class DeleteWatchlistHandler implements ICommandHandler<DeleteWatchlistCommand> {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repository: WatchlistRepository,
  ) {}

  async execute(command: DeleteWatchlistCommand): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const current = new UserWatchlists(await this.repository.lockListsOf(command.userId));
      await this.repository.replaceAll(command.userId, current.remove(command.id).lists);
    });
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { UserWatchlists } from '../../../domain';
import { MarketBoard } from '../../market-board';
import { WatchlistRepository } from '../../ports';
import { WatchlistView, watchlistView } from '../../views';
import { UpdateWatchlistCommand } from './update-watchlist.command';

@CommandHandler(UpdateWatchlistCommand)
export class UpdateWatchlistHandler implements ICommandHandler<UpdateWatchlistCommand> {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repository: WatchlistRepository,
    private readonly board: MarketBoard,
  ) {}

  async execute(command: UpdateWatchlistCommand): Promise<WatchlistView> {
    const markets = await this.board.markets();
    const lists = await this.txHost.withTransaction(async () => {
      const current = new UserWatchlists(await this.repository.lockListsOf(command.userId));
      const next = current.change(command.id, command.change, new Set(markets.keys()), new Date());
      await this.repository.replaceAll(command.userId, next.lists);
      return next;
    });
    const list = lists.get(command.id);
    return watchlistView(list, lists.lists.indexOf(list), markets);
  }
}

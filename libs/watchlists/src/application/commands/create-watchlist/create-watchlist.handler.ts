import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { UserWatchlists } from '../../../domain';
import { MarketBoard } from '../../market-board';
import { WatchlistRepository } from '../../ports';
import { WatchlistView, watchlistView } from '../../views';
import { CreateWatchlistCommand } from './create-watchlist.command';

@CommandHandler(CreateWatchlistCommand)
export class CreateWatchlistHandler implements ICommandHandler<CreateWatchlistCommand> {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repository: WatchlistRepository,
    private readonly board: MarketBoard,
  ) {}

  async execute(command: CreateWatchlistCommand): Promise<WatchlistView> {
    const markets = await this.board.markets();
    const id = randomUUID();
    const lists = await this.txHost.withTransaction(async () => {
      const current = new UserWatchlists(await this.repository.lockListsOf(command.userId));
      const next = current.create({ id, userId: command.userId, name: command.name, symbols: command.symbols, at: new Date() }, new Set(markets.keys()));
      await this.repository.replaceAll(command.userId, next.lists);
      return next;
    });
    return watchlistView(lists.get(id), lists.lists.length - 1, markets);
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MarketBoard } from '../../market-board';
import { WatchlistRepository } from '../../ports';
import { WatchlistView, watchlistView } from '../../views';
import { ListWatchlistsQuery } from './list-watchlists.query';

@QueryHandler(ListWatchlistsQuery)
export class ListWatchlistsHandler implements IQueryHandler<ListWatchlistsQuery> {
  constructor(
    private readonly repository: WatchlistRepository,
    private readonly board: MarketBoard,
  ) {}

  async execute(query: ListWatchlistsQuery): Promise<WatchlistView[]> {
    const [lists, markets] = await Promise.all([this.repository.listOf(query.userId), this.board.markets()]);
    return lists.map((list, position) => watchlistView(list, position, markets));
  }
}

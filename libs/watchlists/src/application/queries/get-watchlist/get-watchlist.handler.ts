import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserWatchlists } from '../../../domain';
import { MarketBoard } from '../../market-board';
import { WatchlistRepository } from '../../ports';
import { WatchlistView, watchlistView } from '../../views';
import { GetWatchlistQuery } from './get-watchlist.query';

@QueryHandler(GetWatchlistQuery)
export class GetWatchlistHandler implements IQueryHandler<GetWatchlistQuery> {
  constructor(
    private readonly repository: WatchlistRepository,
    private readonly board: MarketBoard,
  ) {}

  async execute(query: GetWatchlistQuery): Promise<WatchlistView> {
    const [stored, markets] = await Promise.all([this.repository.listOf(query.userId), this.board.markets()]);
    const lists = new UserWatchlists(stored);
    const list = lists.get(query.id);
    return watchlistView(list, lists.lists.indexOf(list), markets);
  }
}

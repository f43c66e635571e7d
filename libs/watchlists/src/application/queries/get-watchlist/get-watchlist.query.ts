import { Query } from '@nestjs/cqrs';
import { WatchlistView } from '../../views';

/** One of the user's lists; another user's is WATCHLIST_NOT_FOUND, as if it did not exist. */
export class GetWatchlistQuery extends Query<WatchlistView> {
  constructor(
    readonly userId: string,
    readonly id: string,
  ) {
    super();
  }
}

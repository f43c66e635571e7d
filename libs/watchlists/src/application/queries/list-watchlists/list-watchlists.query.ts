import { Query } from '@nestjs/cqrs';
import { WatchlistView } from '../../views';

/** The user's lists in their order, each symbol with its live ticker. */
export class ListWatchlistsQuery extends Query<WatchlistView[]> {
  constructor(readonly userId: string) {
    super();
  }
}

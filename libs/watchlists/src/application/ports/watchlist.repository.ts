import { Watchlist } from '../../domain';

/** The watchlists of the users (schema `watchlists`). */
export abstract class WatchlistRepository {
  /** A user's lists in their order. */
  abstract listOf(userId: string): Promise<Watchlist[]>;
  /**
   * The same, read for a change: the user's lists stay locked until the
   * ambient transaction ends, so two concurrent writes of one user (two
   * creates racing to the limit) run one after the other.
   */
  abstract lockListsOf(userId: string): Promise<Watchlist[]>;
  /** Makes `lists`, in this order, the user's lists: rows not among them are deleted. */
  abstract replaceAll(userId: string, lists: readonly Watchlist[]): Promise<void>;
}

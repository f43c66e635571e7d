import { MAX_WATCHLISTS_PER_USER, Watchlist, WatchlistChange, watchlistName, watchlistNotFound, watchlistSymbols } from './watchlist';
import { WatchlistsError, WatchlistsErrorCode } from './watchlists.error';

/**
 * One user's watchlists, in their order: the unit the rules hold on (the count
 * limit, unique names, positions). Immutable: every change answers a new value.
 */
export class UserWatchlists {
  constructor(readonly lists: readonly Watchlist[]) {}

  get(id: string): Watchlist {
    const list = this.lists.find((l) => l.id === id);
    if (!list) throw watchlistNotFound();
    return list;
  }

  /** A new list, last in the order. */
  create(input: { id: string; userId: string; name: string; symbols: readonly string[]; at: Date }, catalog: ReadonlySet<string>): UserWatchlists {
    if (this.lists.length >= MAX_WATCHLISTS_PER_USER) {
      throw new WatchlistsError(WatchlistsErrorCode.WATCHLIST_LIMIT, `At most ${MAX_WATCHLISTS_PER_USER} watchlists per user`, { limit: MAX_WATCHLISTS_PER_USER });
    }
    const name = this.freeName(input.name);
    const symbols = watchlistSymbols(input.symbols, catalog);
    return new UserWatchlists([...this.lists, { id: input.id, userId: input.userId, name, symbols, createdAt: input.at, updatedAt: input.at }]);
  }

  /** Renames, replaces the symbols and/or moves one list; what is not given stays. */
  change(id: string, change: WatchlistChange, catalog: ReadonlySet<string>, at: Date): UserWatchlists {
    const current = this.get(id);
    const name = change.name === undefined ? current.name : this.freeName(change.name, id);
    const symbols = change.symbols === undefined ? current.symbols : watchlistSymbols(change.symbols, catalog);
    const updated: Watchlist = { ...current, name, symbols, updatedAt: at };
    const others = this.lists.filter((l) => l.id !== id);
    const from = this.lists.indexOf(current);
    const to = change.position ?? from;
    if (!Number.isInteger(to) || to < 0 || to >= this.lists.length) {
      throw new WatchlistsError(WatchlistsErrorCode.INVALID_POSITION, `position is from 0 to ${this.lists.length - 1}`, { maxPosition: this.lists.length - 1 });
    }
    return new UserWatchlists([...others.slice(0, to), updated, ...others.slice(to)]);
  }

  remove(id: string): UserWatchlists {
    const list = this.get(id);
    return new UserWatchlists(this.lists.filter((l) => l !== list));
  }

  /** Names are unique per user regardless of case: "Crypto" and "crypto" would be the same list to a reader. */
  private freeName(raw: string, exceptId?: string): string {
    const name = watchlistName(raw);
    const key = name.toLowerCase();
    if (this.lists.some((l) => l.id !== exceptId && l.name.toLowerCase() === key)) {
      throw new WatchlistsError(WatchlistsErrorCode.WATCHLIST_NAME_TAKEN, `You already have a watchlist named ${name}`, { name });
    }
    return name;
  }
}

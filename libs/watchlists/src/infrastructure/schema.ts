import { CreateWatchlistsSchema1763731600000 } from './migrations/1763731600000-create-watchlists-schema';

/** No entities: the watchlists context reads and writes in plain SQL only (SqlWatchlistRepository). */
export const WATCHLISTS_ENTITIES: (new () => unknown)[] = [];
export const WATCHLISTS_MIGRATIONS = [CreateWatchlistsSchema1763731600000];

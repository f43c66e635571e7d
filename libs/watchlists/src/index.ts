// The public face of the watchlists context (issue 18): its rules and errors, the commands and
// queries of the API, the module and its tables.
export * from './domain';
export type { WatchlistView, WatchlistSymbolView } from './application/views';
export { WatchlistsModule } from './watchlists.module';
export { WATCHLISTS_ENTITIES, WATCHLISTS_MIGRATIONS } from './infrastructure/schema';
export { CreateWatchlistCommand } from './application/commands/create-watchlist/create-watchlist.command';
export { UpdateWatchlistCommand } from './application/commands/update-watchlist/update-watchlist.command';
export { DeleteWatchlistCommand } from './application/commands/delete-watchlist/delete-watchlist.command';
export { ListWatchlistsQuery } from './application/queries/list-watchlists/list-watchlists.query';
export { GetWatchlistQuery } from './application/queries/get-watchlist/get-watchlist.query';

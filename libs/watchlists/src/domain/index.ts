export * from './watchlists.error';
export * from './watchlist';
export * from './user-watchlists';

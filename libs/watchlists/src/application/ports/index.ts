export * from './watchlist.repository';

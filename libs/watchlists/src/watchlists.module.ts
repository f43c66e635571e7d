import { Module } from '@nestjs/common';
import { CreateWatchlistHandler } from './application/commands/create-watchlist/create-watchlist.handler';
import { DeleteWatchlistHandler } from './application/commands/delete-watchlist/delete-watchlist.handler';
import { UpdateWatchlistHandler } from './application/commands/update-watchlist/update-watchlist.handler';
import { MarketBoard } from './application/market-board';
import { WatchlistRepository } from './application/ports';
import { GetWatchlistHandler } from './application/queries/get-watchlist/get-watchlist.handler';
import { ListWatchlistsHandler } from './application/queries/list-watchlists/list-watchlists.handler';
import { SqlWatchlistRepository } from './infrastructure/repositories/sql-watchlist.repository';

/**
 * Watchlists (issue 18, docs/watchlists.md): a user's named, ordered lists of
 * symbols, checked against the market catalog and answered with the markets'
 * live tickers (both read through the market context's ListMarketsQuery).
 */
@Module({
  providers: [
    MarketBoard,
    CreateWatchlistHandler,
    UpdateWatchlistHandler,
    DeleteWatchlistHandler,
    ListWatchlistsHandler,
    GetWatchlistHandler,
    { provide: WatchlistRepository, useClass: SqlWatchlistRepository },
  ],
})
export class WatchlistsModule {}

import { Module } from '@nestjs/common';
import { LastTradeSubscriber } from './infrastructure/last-trade-subscriber';
import { CreateMarketHandler } from './application/commands/create-market/create-market.handler';
import { UpdateMarketHandler } from './application/commands/update-market/update-market.handler';
import { ShockIndexHandler } from './application/commands/shock-price/shock-index.handler';
import { ShockPriceHandler } from './application/commands/shock-price/shock-price.handler';
import { SetFeedPausedHandler } from './application/commands/set-feed-paused/set-feed-paused.handler';
import { ImportCandlesHandler } from './application/commands/import-candles/import-candles.handler';
import { AssetDirectory, FeedMonitor, ImportedCandles, InstrumentCatalog, InstrumentRepository, MarketAudit, PriceHistory, PriceShocks, PriceSource, SyntheticCandles } from './application/ports';
import { WorkerSyntheticCandles } from './infrastructure/history/worker-synthetic-candles';
import { PriceBoard } from './application/price-board';
import { GetFeedStatusHandler } from './application/queries/get-feed-status/get-feed-status.handler';
import { GetInstrumentHandler } from './application/queries/get-instrument/get-instrument.handler';
import { GetKlinesHandler } from './application/queries/get-klines/get-klines.handler';
import { GetPriceHistoryHandler } from './application/queries/get-price-history/get-price-history.handler';
import { GetHistoryCandlesHandler } from './application/queries/get-history-candles/get-history-candles.handler';
import { GetMarkPriceHandler } from './application/queries/get-mark-price/get-mark-price.handler';
import { GetMarketHandler } from './application/queries/get-market/get-market.handler';
import { GetPriceHandler } from './application/queries/get-price/get-price.handler';
import { ListInstrumentsHandler } from './application/queries/list-instruments/list-instruments.handler';
import { ListMarketAuditHandler } from './application/queries/list-market-audit/list-market-audit.handler';
import { ListMarketsHandler } from './application/queries/list-markets/list-markets.handler';
import { ListMoversHandler } from './application/queries/list-movers/list-movers.handler';
import { PriceBoardRefresher } from './infrastructure/feed/price-board-refresher';
import { PriceFeed } from './infrastructure/feed/price-feed';
import { SimulatedPriceSource } from './infrastructure/feed/simulated-price-source';
import { CachedInstrumentCatalog } from './infrastructure/repositories/cached-instrument-catalog';
import { SqlAssetDirectory } from './infrastructure/repositories/sql-asset-directory';
import { SqlPriceHistory } from './infrastructure/repositories/sql-price-history';
import { SqlPriceShocks } from './infrastructure/repositories/sql-price-shocks';
import { SqlImportedCandles } from './infrastructure/repositories/sql-imported-candles';
import { TypeOrmInstrumentRepository } from './infrastructure/repositories/typeorm-instrument.repository';
import { TypeOrmMarketAudit } from './infrastructure/repositories/typeorm-market-audit';

const handlers = [
  CreateMarketHandler,
  UpdateMarketHandler,
  ShockPriceHandler,
  SetFeedPausedHandler,
  ShockIndexHandler,
  ImportCandlesHandler,
  GetInstrumentHandler,
  ListInstrumentsHandler,
  GetMarkPriceHandler,
  GetPriceHandler,
  GetMarketHandler,
  ListMarketsHandler,
  ListMoversHandler,
  GetKlinesHandler,
  GetPriceHistoryHandler,
  GetHistoryCandlesHandler,
  GetFeedStatusHandler,
  ListMarketAuditHandler,
];

/** The instrument catalog, the index/mark price feed (one leader per database), price history. */
@Module({
  providers: [
    ...handlers,
    PriceBoard,
    PriceFeed,
    PriceBoardRefresher,
    LastTradeSubscriber,
    { provide: FeedMonitor, useExisting: PriceFeed },
    { provide: PriceSource, useClass: SimulatedPriceSource },
    { provide: InstrumentCatalog, useClass: CachedInstrumentCatalog },
    { provide: InstrumentRepository, useClass: TypeOrmInstrumentRepository },
    { provide: AssetDirectory, useClass: SqlAssetDirectory },
    { provide: MarketAudit, useClass: TypeOrmMarketAudit },
    { provide: PriceHistory, useClass: SqlPriceHistory },
    { provide: PriceShocks, useClass: SqlPriceShocks },
    { provide: ImportedCandles, useClass: SqlImportedCandles },
    { provide: SyntheticCandles, useFactory: () => new WorkerSyntheticCandles() },
  ],
})
export class MarketModule {}

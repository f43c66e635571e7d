import { InstrumentEntity } from './entities/instrument.entity';
import { CandleEntity, LatestPriceEntity, MarketAuditEntity, PriceSampleEntity, PriceShockEntity, FeedControlEntity } from './entities/price.entities';
import { FeedControl1763731320000 } from './migrations/1763731320000-feed-control';
import { CreateMarketSchema1763727100000 } from './migrations/1763727100000-create-market-schema';
import { PriceShocks1763730700000 } from './migrations/1763730700000-price-shocks';
import { PriceShockRamps1763730800000 } from './migrations/1763730800000-price-shock-ramps';
import { SystemMarketChanges1763731400000 } from './migrations/1763731400000-system-market-changes';
import { HistoryStarts1763732200000 } from './migrations/1763732200000-history-starts';
import { HistoryStartEntity, ImportedCandleEntity } from './entities/history.entities';
import { ImportedCandles1763732210000 } from './migrations/1763732210000-imported-candles';

export const MARKET_ENTITIES = [InstrumentEntity, LatestPriceEntity, PriceSampleEntity, CandleEntity, MarketAuditEntity, PriceShockEntity, FeedControlEntity, HistoryStartEntity, ImportedCandleEntity];
export const MARKET_MIGRATIONS = [CreateMarketSchema1763727100000, PriceShocks1763730700000, PriceShockRamps1763730800000, FeedControl1763731320000, SystemMarketChanges1763731400000, HistoryStarts1763732200000, ImportedCandles1763732210000];

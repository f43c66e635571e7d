import { InstrumentEntity } from './entities/instrument.entity';
import { CandleEntity, LatestPriceEntity, MarketAuditEntity, PriceSampleEntity } from './entities/price.entities';
import { CreateMarketSchema1763727100000 } from './migrations/1763727100000-create-market-schema';

export const MARKET_ENTITIES = [InstrumentEntity, LatestPriceEntity, PriceSampleEntity, CandleEntity, MarketAuditEntity];
export const MARKET_MIGRATIONS = [CreateMarketSchema1763727100000];

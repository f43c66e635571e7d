import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Clock, formatUnits } from '@lib/kernel';
import { HISTORY_ORIGINS, HISTORY_ORIGIN_CODES, INTERVAL_MS, bucketStart, historyRange } from '../../../domain';
import { InstrumentCatalog } from '../../ports';
import { PriceHistoryView } from '../../views';
import { GetPriceHistoryQuery } from '../get-price-history/get-price-history.query';
import { GetHistoryCandlesQuery } from './get-history-candles.query';

export const SYNTHETIC_NOTE = 'Candles with origin SYNTHETIC are a seeded random walk (HISTORY_SEED), not market data: see docs/analytics.md.';

@QueryHandler(GetHistoryCandlesQuery)
export class GetHistoryCandlesHandler implements IQueryHandler<GetHistoryCandlesQuery> {
  constructor(
    private readonly catalog: InstrumentCatalog,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  async execute(query: GetHistoryCandlesQuery): Promise<PriceHistoryView> {
    const instrument = await this.catalog.get(query.symbol);
    const size = INTERVAL_MS[query.interval];
    const to = query.to?.getTime() ?? this.clock.now().getTime();
    const from = query.from?.getTime() ?? bucketStart(to, query.interval) - (query.limit - 1) * size;
    // The whole range is checked (reversed, too large), then only its newest `limit` candles are computed.
    const range = historyRange(query.interval, from, to);
    const start = Math.max(range.first, range.last - (query.limit - 1) * size);
    const series = await this.queries.execute(new GetPriceHistoryQuery(instrument.symbol, query.interval, start, to));
    const p = (units: bigint): string => formatUnits(units, series.priceScale);
    const candles = Array.from(series.openTime, (openTime, k) => ({
      openTime: new Date(openTime).toISOString(),
      closeTime: new Date(openTime + size - 1).toISOString(),
      open: p(series.open[k]!),
      high: p(series.high[k]!),
      low: p(series.low[k]!),
      close: p(series.close[k]!),
      origin: HISTORY_ORIGINS[series.origin[k]!]!,
    }));
    const synthetic = series.origin.includes(HISTORY_ORIGIN_CODES.SYNTHETIC);
    return { symbol: instrument.symbol, interval: query.interval, candles, ...(synthetic ? { note: SYNTHETIC_NOTE } : {}) };
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { formatUnits } from '@lib/kernel';
import { INTERVAL_MS, MarketError, MarketErrorCode } from '../../../domain';
import { InstrumentCatalog, PriceHistory } from '../../ports';
import { KlinesView } from '../../views';
import { GetKlinesQuery } from './get-klines.query';

@QueryHandler(GetKlinesQuery)
export class GetKlinesHandler implements IQueryHandler<GetKlinesQuery> {
  constructor(
    private readonly catalog: InstrumentCatalog,
    private readonly history: PriceHistory,
  ) {}

  async execute(query: GetKlinesQuery): Promise<KlinesView> {
    const instrument = await this.catalog.get(query.symbol);
    if (query.from && query.to && query.from > query.to) {
      throw new MarketError(MarketErrorCode.INVALID_TIME_RANGE, 'from must not be after to', { from: query.from.toISOString(), to: query.to.toISOString() });
    }
    const candles = await this.history.candles({
      symbol: instrument.symbol,
      type: query.source,
      interval: query.interval,
      from: query.from?.getTime(),
      to: query.to?.getTime(),
      limit: query.limit,
    });
    const size = INTERVAL_MS[query.interval];
    const p = (units: bigint): string => formatUnits(units, instrument.priceScale);
    return {
      symbol: instrument.symbol,
      source: query.source,
      interval: query.interval,
      candles: candles.map((c) => ({
        openTime: new Date(c.openTime).toISOString(),
        closeTime: new Date(c.openTime + size - 1).toISOString(),
        open: p(c.open),
        high: p(c.high),
        low: p(c.low),
        close: p(c.close),
      })),
    };
  }
}

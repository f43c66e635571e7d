import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AppConfig } from '@lib/platform';
import {
  CandleInterval,
  HISTORY_ORIGIN_CODES,
  HistorySeries,
  Instrument,
  SyntheticWalk,
  allocateHistory,
  bucketStart,
  emptyColumns,
  feedStartPrice,
  historyRange,
  referenceOf,
  syntheticCandles,
} from '../../../domain';
import { InstrumentCatalog, PriceHistory } from '../../ports';
import { GetPriceHistoryQuery } from './get-price-history.query';

const MINUTES_PER_DAY = 1440;

/**
 * A market's mark-price history (docs/analytics.md, "Price history"). The
 * synthetic part is computed here, on read: nothing is stored, so a fresh
 * install (and every test app) pays for it only when someone asks.
 */
@QueryHandler(GetPriceHistoryQuery)
export class GetPriceHistoryHandler implements IQueryHandler<GetPriceHistoryQuery> {
  constructor(
    private readonly catalog: InstrumentCatalog,
    private readonly history: PriceHistory,
    private readonly config: AppConfig,
  ) {}

  async execute(query: GetPriceHistoryQuery): Promise<HistorySeries> {
    const instrument = await this.catalog.get(query.symbol);
    const range = historyRange(query.interval, query.fromMs, query.toMs);
    const walk = await this.walkOf(instrument);
    const synthetic = walk ? syntheticCandles(walk, range) : emptyColumns(0);
    const series = allocateHistory(instrument.symbol, query.interval, instrument.priceScale, synthetic.openTime.length);
    series.openTime.set(synthetic.openTime);
    series.open.set(synthetic.open);
    series.high.set(synthetic.high);
    series.low.set(synthetic.low);
    series.close.set(synthetic.close);
    series.origin.fill(HISTORY_ORIGIN_CODES.SYNTHETIC);
    return series;
  }

  /** The synthetic walk of this market: its underlying's stream, ending at its feed start price just before its history start. */
  private async walkOf(instrument: Instrument): Promise<SyntheticWalk | undefined> {
    const days = this.config.market.historySyntheticDays;
    if (days === 0) return undefined;
    const instruments = await this.catalog.all();
    const reference = referenceOf(instruments, instrument);
    const firstLive = await this.history.firstLiveMinute(instrument.symbol);
    return {
      seed: this.config.market.historySeed,
      underlying: instrument.base,
      endPrice: feedStartPrice(instruments, instrument),
      tickSize: instrument.tickSize,
      volatilityPpm: reference.volatility,
      endTime: firstLive ?? bucketStart(instrument.createdAt.getTime(), CandleInterval.M1),
      minutes: days * MINUTES_PER_DAY,
    };
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AppConfig } from '@lib/platform';
import {
  CandleInterval,
  HistorySeries,
  Instrument,
  PriceType,
  SyntheticWalk,
  bucketStart,
  emptyColumns,
  feedStartPrice,
  historyRange,
  mergeHistory,
  referenceOf,
  syntheticCandles,
} from '../../../domain';
import { InstrumentCatalog, PriceHistory } from '../../ports';
import { GetPriceHistoryQuery } from './get-price-history.query';

const MINUTES_PER_DAY = 1440;

/**
 * A market's mark-price history (docs/analytics.md, "Price history"): the
 * stored live mark candles of the interval from the market's history start
 * on, the synthetic walk before it, imported candles over both. The
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
    if (range.count === 0) return mergeHistory(instrument.symbol, range.interval, instrument.priceScale, { synthetic: emptyColumns(0), live: [], imported: [] });
    const [walk, live] = await Promise.all([
      this.walkOf(instrument),
      this.history.candles({ symbol: instrument.symbol, type: PriceType.MARK, interval: range.interval, from: range.first, to: range.last, limit: range.count }),
    ]);
    const synthetic = walk ? syntheticCandles(walk, range) : emptyColumns(0);
    return mergeHistory(instrument.symbol, range.interval, instrument.priceScale, { synthetic, live, imported: [] });
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

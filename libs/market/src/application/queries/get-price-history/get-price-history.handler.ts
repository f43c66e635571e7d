import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AppConfig } from '@lib/platform';
import {
  CandleInterval,
  HistorySeries,
  INTERVAL_MS,
  Instrument,
  PriceType,
  SyntheticWalk,
  WalkCheckpoints,
  bucketStart,
  emptyColumns,
  feedStartPrice,
  historyRange,
  importSources,
  importedAt,
  mergeHistory,
  referenceOf,
} from '../../../domain';
import { ImportedCandles, InstrumentCatalog, PriceHistory, SyntheticCandles } from '../../ports';
import { GetPriceHistoryQuery } from './get-price-history.query';

const MINUTES_PER_DAY = 1440;
/** Walks whose checkpoints are kept (~40 kB each for a year): far more than the markets. */
const MAX_WALKS = 256;

/**
 * A market's mark-price history (docs/analytics.md, "Price history"): the
 * stored live mark candles of the interval from the market's history start
 * on, the synthetic walk before it, imported candles over both. The
 * synthetic part is computed here, on read: nothing is stored, so a fresh
 * install (and every test app) pays for it only when someone asks. The
 * walk's states are kept every day of it (WalkCheckpoints), so a window deep
 * in the past costs its own length, not the walk from the history start.
 */
@QueryHandler(GetPriceHistoryQuery)
export class GetPriceHistoryHandler implements IQueryHandler<GetPriceHistoryQuery> {
  private readonly checkpoints = new Map<string, WalkCheckpoints>();

  constructor(
    private readonly catalog: InstrumentCatalog,
    private readonly history: PriceHistory,
    private readonly imports: ImportedCandles,
    private readonly config: AppConfig,
    private readonly syntheticCandles: SyntheticCandles,
  ) {}

  async execute(query: GetPriceHistoryQuery): Promise<HistorySeries> {
    const instrument = await this.catalog.get(query.symbol);
    const range = historyRange(query.interval, query.fromMs, query.toMs);
    if (range.count === 0) return mergeHistory(instrument.symbol, range.interval, instrument.priceScale, { synthetic: emptyColumns(0), live: [], imported: [] });
    const [walk, live, imported] = await Promise.all([
      this.walkOf(instrument),
      this.history.candles({ symbol: instrument.symbol, type: PriceType.MARK, interval: range.interval, from: range.first, to: range.last, limit: range.count }),
      this.imports.read(instrument.symbol, importSources(range.interval), range.first, range.last + INTERVAL_MS[range.interval] - 1),
    ]);
    // A long walk runs off the event loop (WorkerSyntheticCandles).
    const synthetic = walk ? await this.syntheticCandles.candles(walk, range, this.checkpointsOf(walk)) : emptyColumns(0);
    return mergeHistory(instrument.symbol, range.interval, instrument.priceScale, { synthetic, live, imported: importedAt(range.interval, imported) });
  }

  /** The checkpoints of this walk (kept per parameters: a new history start or volatility is another walk). */
  private checkpointsOf(walk: SyntheticWalk): WalkCheckpoints {
    const key = [walk.seed, walk.underlying, walk.endPrice, walk.tickSize, walk.volatilityPpm, walk.endTime, walk.minutes].join('|');
    let checkpoints = this.checkpoints.get(key);
    if (!checkpoints) {
      if (this.checkpoints.size >= MAX_WALKS) this.checkpoints.clear();
      this.checkpoints.set(key, (checkpoints = new WalkCheckpoints()));
    }
    return checkpoints;
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

import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventBus, QueryBus } from '@nestjs/cqrs';
import { Clock, formatUnits, parseUnits } from '@lib/kernel';
import { AppConfig, LeadershipLease, LeadershipService } from '@lib/platform';
import { CANDLE_INTERVALS, Candle, Instrument, InstrumentKind, applyPrice, MarkPrice, PerpFunding, PriceType, percentChange, withPrice } from '../../domain';
import { CandleClosed, IndexPriceUpdated, MarkPriceUpdated, TickerUpdated } from '../../application/events';
import { FeedMonitor, InstrumentCatalog, LastPrice, PriceSource } from '../../application/ports';
import { PriceBoard } from '../../application/price-board';
import { ComputeMarkPriceQuery } from '../../application/queries/compute-mark-price/compute-mark-price.query';
import { FeedStatusView } from '../../application/views';
import { CandleRow, loadHistoryStarts, loadLatest, loadOpenCandles, loadShocks, prune, writeTick } from './price-tick-writer';

/** The lease name: one feed per database. */
export const FEED_LEASE = 'market.feed';
const PRUNE_EVERY_MS = 60_000;

/**
 * The price feed. Every instance competes for the `market.feed` lease; the
 * leader ticks every FEED_INTERVAL_MS: reads the admins' pending price shocks
 * (market.price_shocks), asks the PriceSource for index prices, sets
 * the mark (a spot market: the index; a perpetual: ComputeMarkPriceQuery,
 * answered by the risk context, the index when that fails), folds them into the open candles, writes the tick (one
 * statement, fenced by the lease), updates the PriceBoard and publishes
 * IndexPriceUpdated, MarkPriceUpdated and TickerUpdated on the EventBus, and
 * CandleClosed for each mark candle the tick closed.
 * Losing the lease stops the ticking at once; a new leader resumes from the
 * stored prices and candles.
 */
@Injectable()
export class PriceFeed extends FeedMonitor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PriceFeed');
  readonly instanceId = randomUUID();
  private lease: LeadershipLease | undefined;
  private leading = false;
  /** Bumped on every change of leadership: a tick of an older term never schedules the next. */
  private term = 0;
  private loaded = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly candles = new Map<string, CandleRow>();
  /** Markets whose history start is stored: the others' next tick writes theirs. */
  private started = new Set<string>();
  private ticks = 0;
  private lastTickAt: Date | undefined;
  private lastPruneAt = 0;
  private lastError: string | undefined;
  private lastMarkError: string | undefined;
  private paused = false;

  constructor(
    private readonly config: AppConfig,
    private readonly leadership: LeadershipService,
    private readonly catalog: InstrumentCatalog,
    private readonly source: PriceSource,
    private readonly board: PriceBoard,
    private readonly events: EventBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {
    super();
  }

  get isLeader(): boolean {
    return this.leading;
  }

  status(): FeedStatusView {
    return {
      instanceId: this.instanceId,
      enabled: this.config.market.feedEnabled,
      leader: this.leading,
      leaderSince: this.lease?.leaderSince?.toISOString() ?? null,
      intervalMs: this.config.market.feedIntervalMs,
      ticks: this.ticks,
      lastTickAt: this.lastTickAt?.toISOString() ?? null,
      paused: this.paused,
    };
  }

  onApplicationBootstrap(): void {
    if (!this.config.market.feedEnabled) return;
    this.lease = this.leadership.lease(FEED_LEASE);
    this.lease.onChange((leader) => (leader ? this.lead() : this.follow()));
    this.lease.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.follow();
    await this.running;
    await this.lease?.stop();
  }

  private lead(): void {
    this.term += 1;
    this.leading = true;
    this.loaded = false;
    this.ticks = 0;
    this.logger.log(`instance ${this.instanceId} runs the price feed every ${this.config.market.feedIntervalMs} ms`);
    this.schedule(this.term, 0);
  }

  private follow(): void {
    if (this.leading) this.logger.log(`instance ${this.instanceId} stopped running the price feed`);
    this.term += 1;
    this.leading = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(term: number, delayMs: number): void {
    if (term !== this.term || !this.leading) return;
    this.timer = setTimeout(() => {
      const started = Date.now();
      this.running = this.step()
        .catch((error: unknown) => this.warn(error))
        .finally(() => {
          this.running = undefined;
          this.schedule(term, Math.max(0, this.config.market.feedIntervalMs - (Date.now() - started)));
        });
    }, delayMs);
    this.timer.unref();
  }

  private async step(): Promise<void> {
    const lease = this.lease!;
    if (!this.loaded) await this.resume(lease);
    await this.tick(lease);
    this.lastError = undefined;
    if (Date.now() - this.lastPruneAt >= PRUNE_EVERY_MS) {
      this.lastPruneAt = Date.now();
      const { candleRetentionDays: shortDays, candleLongRetentionDays: longDays } = this.config.market;
      await prune(lease, this.clock.now(), this.config.market.sampleRetentionMs, { shortDays, longDays });
    }
  }

  /** A new leader starts from what the last one stored: prices (and tick numbers) and open candles. */
  private async resume(lease: LeadershipLease): Promise<void> {
    const scales = new Map((await this.catalog.all()).map((i) => [i.symbol, i.priceScale]));
    this.board.update(await loadLatest(lease, scales));
    this.candles.clear();
    for (const row of await loadOpenCandles(lease)) this.candles.set(candleKey(row.symbol, row.type, row.interval), row);
    this.started = await loadHistoryStarts(lease);
    this.loaded = true;
  }

  private async tick(lease: LeadershipLease): Promise<void> {
    // An admin's switch (PUT /admin/markets/feed): paused, nothing is priced and the prices age.
    const [control] = await lease.query<{ paused: boolean }>(`SELECT paused FROM market.feed_control`);
    if (control?.paused !== this.paused) this.logger.log(control?.paused ? 'the price feed is paused by an admin' : 'the price feed runs');
    this.paused = control?.paused ?? false;
    if (this.paused) return;
    const instruments = await this.catalog.all();
    const last = new Map<string, LastPrice>();
    for (const [symbol, price] of this.board.all()) last.set(symbol, { price: price.index, seq: price.seq });
    const now = this.clock.now();
    const shocks = await loadShocks(lease, now, new Map(instruments.map((i) => [i.symbol, i.tickSize])));
    const quotes = await this.source.nextPrices(instruments, last, shocks.prices);
    const at = now.getTime();
    // Every perpetual's mark at once (the risk context reads each book and funding): a tick waits for the slowest, not the sum.
    const perps = instruments.filter((i) => i.kind === InstrumentKind.PERPETUAL && quotes.has(i.symbol));
    const perpMarks = new Map(await Promise.all(perps.map(async (i) => [i.symbol, await this.perpMark(i, quotes.get(i.symbol)!, now)] as const)));
    const prices: MarkPrice[] = [];
    const candles: CandleRow[] = [];
    const closed: CandleClosed[] = [];
    for (const instrument of instruments) {
      const index = quotes.get(instrument.symbol);
      if (index === undefined) continue;
      const { mark, funding } = perpMarks.get(instrument.symbol) ?? { mark: index, funding: undefined };
      const seq = (last.get(instrument.symbol)?.seq ?? 0) + 1;
      const price: MarkPrice = { symbol: instrument.symbol, priceScale: instrument.priceScale, index, mark, seq, at: now, ...(funding ? { funding } : {}) };
      prices.push(price);
      for (const type of [PriceType.MARK, PriceType.INDEX]) {
        const value = type === PriceType.MARK ? price.mark : price.index;
        for (const interval of CANDLE_INTERVALS) {
          const open: Candle | undefined = this.candles.get(candleKey(instrument.symbol, type, interval))?.candle;
          const candle = applyPrice(open, at, interval, value);
          candles.push({ symbol: instrument.symbol, type, interval, candle });
          // The first price of a new bucket closes the open one (mark candles only: what signals read).
          if (type === PriceType.MARK && open && candle.openTime > open.openTime) closed.push(candleClosed(instrument, interval, open));
        }
      }
    }
    if (prices.length === 0) return;
    const firstTicks = prices.filter((p) => !this.started.has(p.symbol)).map((p) => p.symbol);
    await writeTick(lease, prices, candles, now, shocks.ids, firstTicks);
    for (const symbol of firstTicks) this.started.add(symbol);
    // Only what was written becomes the state: a failed write leaves the previous tick in place.
    for (const row of candles) this.candles.set(candleKey(row.symbol, row.type, row.interval), row);
    this.board.update(prices);
    this.ticks += 1;
    this.lastTickAt = now;
    this.publish(prices);
    if (closed.length > 0) this.events.publishAll(closed);
  }

  /** A perpetual's mark from the risk context (docs/risk.md); the index when it cannot answer. */
  private async perpMark(instrument: Instrument, index: bigint, at: Date): Promise<{ mark: bigint; funding?: PerpFunding }> {
    try {
      const trade = this.board.lastTrade(instrument.symbol);
      const lastTrade = trade === null ? null : parseUnits(trade, instrument.priceScale);
      return await this.queries.execute(new ComputeMarkPriceQuery(instrument.symbol, instrument.priceScale, instrument.tickSize, index, lastTrade, at));
    } catch (error) {
      const message = `mark of ${instrument.symbol} at the index: ${error instanceof Error ? error.message : String(error)}`;
      if (message !== this.lastMarkError) this.logger.warn(message);
      this.lastMarkError = message;
      return { mark: index };
    }
  }

  private publish(prices: readonly MarkPrice[]): void {
    const ts = (p: MarkPrice): string => p.at.toISOString();
    const events = prices.flatMap((p) => {
      const index = formatUnits(p.index, p.priceScale);
      const mark = formatUnits(p.mark, p.priceScale);
      const day = withPrice(this.board.dayStats(p.symbol), p.mark);
      return [
        new IndexPriceUpdated({ symbol: p.symbol, price: index, seq: p.seq, ts: ts(p) }),
        new MarkPriceUpdated({ symbol: p.symbol, markPrice: mark, indexPrice: index, seq: p.seq, ts: ts(p) }),
        new TickerUpdated({
          symbol: p.symbol,
          index,
          mark,
          last: this.board.lastTrade(p.symbol),
          change24h: percentChange(day.open, p.mark),
          ts: ts(p),
          ...(p.funding ? { fundingRate: p.funding.rate, nextFundingTime: p.funding.nextFundingTime.toISOString() } : {}),
        }),
      ];
    });
    this.events.publishAll(events);
  }

  private warn(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (message !== this.lastError) this.logger.warn(`price feed tick failed: ${message}`);
    this.lastError = message;
  }
}

function candleClosed(instrument: Instrument, interval: string, c: Candle): CandleClosed {
  const p = (units: bigint): string => formatUnits(units, instrument.priceScale);
  return new CandleClosed({ symbol: instrument.symbol, interval, openTime: c.openTime, open: p(c.open), high: p(c.high), low: p(c.low), close: p(c.close) });
}

function candleKey(symbol: string, type: PriceType, interval: string): string {
  return `${symbol}|${type}|${interval}`;
}

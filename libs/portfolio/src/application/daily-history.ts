import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { CandleInterval, GetPriceHistoryQuery, HistorySeries } from '@lib/market';

/** How long one read of a market's daily closes serves every risk answer over the same days. */
export const DAILY_HISTORY_TTL_MS = 60_000;
/** Reads kept at most (markets × windows); the oldest goes first. */
export const DAILY_HISTORY_MAX_ENTRIES = 64;

/**
 * The 1d history the risk answers read, shared for a minute: the synthetic
 * part is computed on read (a year of minutes per market, synchronous), and
 * every user asking for the same window needs the same closes. Concurrent
 * requests share one read in flight; a failed read is not kept. Past daily
 * candles change only by an admin import, which a risk answer may then miss
 * for up to DAILY_HISTORY_TTL_MS.
 */
@Injectable()
export class DailyHistory {
  private readonly reads = new Map<string, { readonly at: number; readonly series: Promise<HistorySeries> }>();

  constructor(
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  read(symbol: string, fromMs: number, toMs: number): Promise<HistorySeries> {
    const key = `${symbol} ${fromMs} ${toMs}`;
    const now = this.clock.now().getTime();
    const kept = this.reads.get(key);
    if (kept && now - kept.at < DAILY_HISTORY_TTL_MS) return kept.series;
    const series = this.queries.execute(new GetPriceHistoryQuery(symbol, CandleInterval.D1, fromMs, toMs));
    const entry = { at: now, series };
    this.reads.delete(key);
    this.reads.set(key, entry);
    series.catch(() => {
      if (this.reads.get(key) === entry) this.reads.delete(key);
    });
    for (const oldest of this.reads.keys()) {
      if (this.reads.size <= DAILY_HISTORY_MAX_ENTRIES) break;
      this.reads.delete(oldest);
    }
    return series;
  }
}

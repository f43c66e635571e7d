import { Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { GetInstrumentQuery, GetPriceHistoryQuery, HISTORY_ORIGIN_CODES, HistorySeries, INTERVAL_MS, Instrument } from '@lib/market';
import { OutboxWriter, TransactionHost } from '@lib/platform';
import type { FundingCharge } from '../domain';
import { rulesOf, settingsOf } from './backtest-request';
import { backtestUpdatedEvent } from './events';
import { fundingCharges } from './funding-history';
import { BacktestCancelled, BacktestEngine, BacktestRunRepository, RunEnd, RunningBacktest, StoredRun } from './ports';
import { resultViewOf } from './views';

export interface ExecutionDeps {
  readonly runs: BacktestRunRepository;
  readonly engine: BacktestEngine;
  readonly queries: QueryBus;
  readonly outbox: OutboxWriter;
  readonly tx: TransactionHost;
  readonly clock: Clock;
  /** Least time between two stored progress steps. */
  readonly progressMs: number;
  /** A RUNNING row is touched at least this often (BACKTEST_STALE_MS / 3). */
  readonly touchMs: number;
}

class Failure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One claimed (RUNNING) backtest on this instance: its market and history read through the
 * market context (GetPriceHistoryQuery; the risk context's funding for a perpetual), then the
 * worker; progress stored at most every progressMs (each step a `backtest` event), the row touched
 * meanwhile; DONE with its result, or FAILED. A row found no longer RUNNING (cancelled, here or on
 * another instance) stops the worker. `cancel()` stops it from here.
 */
export class BacktestExecution {
  private readonly logger = new Logger('BacktestExecution');
  private running: RunningBacktest | null = null;
  private cancelled = false;
  private latest = 0;
  private stored = 0;
  private touchedAt = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly run: StoredRun,
    private readonly deps: ExecutionDeps,
  ) {}

  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.running?.cancel();
  }

  async execute(): Promise<void> {
    const timer = setInterval(() => this.beat(), this.deps.progressMs);
    timer.unref();
    this.touchedAt = Date.now();
    try {
      const { market, series, funding } = await this.load();
      if (this.cancelled) return;
      const origin = countOrigins(series);
      const n = series.openTime.length;
      const candles = { candles: n, origin, firstCandle: new Date(series.openTime[0]!).toISOString(), lastCandle: new Date(series.openTime[n - 1]!).toISOString() };
      this.running = this.deps.engine.start(
        { candles: { openTime: series.openTime, open: series.open, close: series.close }, rules: rulesOf(market), settings: settingsOf(this.run.request, market), strategy: this.run.request.strategy, funding },
        (percent) => (this.latest = percent),
      );
      const outcome = await this.running.outcome;
      clearInterval(timer);
      await this.writing;
      await this.finish({ status: 'DONE', result: resultViewOf(outcome, market, candles) });
    } catch (error) {
      clearInterval(timer);
      await this.writing;
      if (error instanceof BacktestCancelled || this.cancelled) return;
      const failure = error instanceof Failure ? error : new Failure('WORKER_FAILED', `The backtest failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!(error instanceof Failure)) this.logger.error(`backtest ${this.run.id}: ${String(error)}`);
      await this.finish({ status: 'FAILED', errorCode: failure.code, error: failure.message });
    }
  }

  private async load(): Promise<{ market: Instrument; series: HistorySeries; funding: FundingCharge[] }> {
    const r = this.run.request;
    const fromMs = Date.parse(r.from);
    const toMs = Date.parse(r.to);
    let market: Instrument;
    let series: HistorySeries;
    try {
      market = await this.deps.queries.execute(new GetInstrumentQuery(r.symbol));
      series = await this.deps.queries.execute(new GetPriceHistoryQuery(r.symbol, r.interval, fromMs, toMs));
    } catch (error) {
      throw new Failure('HISTORY_UNAVAILABLE', `The price history could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (series.openTime.length < 2) throw new Failure('NOT_ENOUGH_HISTORY', `${r.symbol} has ${series.openTime.length} candle(s) of ${r.interval} in ${r.from}..${r.to}; a backtest needs 2 or more`);
    if (series.priceScale !== market.priceScale) throw new Failure('HISTORY_UNAVAILABLE', `The history's price scale (${series.priceScale}) is not the market's (${market.priceScale})`);
    const funding = market.kind === 'PERPETUAL' ? await fundingCharges(this.deps.queries, market.symbol, fromMs, toMs + INTERVAL_MS[r.interval]) : [];
    return { market, series, funding };
  }

  /** On the timer: the latest progress stored (a `backtest` event) when it moved, else the row touched when due. */
  private beat(): void {
    const progress = this.latest;
    const due = Date.now() - this.touchedAt >= this.deps.touchMs;
    if (progress <= this.stored && !due) return;
    this.writing = this.writing.then(async () => {
      try {
        const moved = progress > this.stored;
        const now = this.deps.clock.now();
        const still = await this.deps.tx.withTransaction(async () => {
          const ok = await this.deps.runs.progress(this.run.id, progress, now);
          if (ok && moved) await this.deps.outbox.append([backtestUpdatedEvent(this.run, 'RUNNING', progress, null, now)]);
          return ok;
        });
        this.touchedAt = Date.now();
        if (moved) this.stored = progress;
        if (!still) await this.cancel();
      } catch (error) {
        this.logger.warn(`backtest ${this.run.id}: progress not stored (${String(error)})`);
      }
    });
  }

  private async finish(outcome: RunEnd): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.tx.withTransaction(async () => {
      if (!(await this.deps.runs.finish(this.run.id, outcome, now))) return;
      const errorCode = outcome.status === 'FAILED' ? outcome.errorCode : null;
      await this.deps.outbox.append([backtestUpdatedEvent(this.run, outcome.status, outcome.status === 'DONE' ? 100 : this.stored, errorCode, now)]);
    });
  }
}

function countOrigins(series: HistorySeries): { synthetic: number; live: number; imported: number } {
  const counts = [0, 0, 0];
  for (const o of series.origin) counts[o] = (counts[o] ?? 0) + 1;
  return { synthetic: counts[HISTORY_ORIGIN_CODES.SYNTHETIC]!, live: counts[HISTORY_ORIGIN_CODES.LIVE]!, imported: counts[HISTORY_ORIGIN_CODES.IMPORTED]! };
}

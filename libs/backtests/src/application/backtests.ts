import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Clock, newId } from '@lib/kernel';
import { GetInstrumentQuery } from '@lib/market';
import { AppConfig, OutboxWriter, TransactionHost } from '@lib/platform';
import { BacktestsError, BacktestsErrorCode } from '../domain';
import { BacktestInput, normaliseRequest } from './backtest-request';
import { BacktestScheduler } from './backtest-scheduler';
import { backtestUpdatedEvent } from './events';
import { BacktestRunRepository, FINISHED } from './ports';
import { BacktestPage, BacktestView, backtestViewOf } from './views';

export const LIST_PAGE_MAX = 100;

const notFound = () => new BacktestsError(BacktestsErrorCode.BACKTEST_NOT_FOUND, 'No such backtest');

/**
 * Submitting, cancelling and reading a user's backtests (docs/analytics.md, "Backtests"). A
 * submission is checked (market, range, strategy, terms), counted against the user's and the
 * instance's queue limits under the user's lock, and stored QUEUED with its `backtest` event; the
 * scheduler runs it off the request path.
 */
@Injectable()
export class Backtests {
  constructor(
    private readonly runs: BacktestRunRepository,
    private readonly scheduler: BacktestScheduler,
    private readonly queries: QueryBus,
    private readonly outbox: OutboxWriter,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async submit(userId: string, input: BacktestInput): Promise<BacktestView> {
    const market = await this.queries.execute(new GetInstrumentQuery(input.symbol));
    const now = this.clock.now();
    const request = normaliseRequest(input, market, now);
    const { maxPendingPerUser, maxQueued } = this.config.backtests;
    const run = await this.tx.withTransaction(async () => {
      await this.runs.lockUser(userId);
      const pending = await this.runs.pendingCounts(userId);
      if (pending.ofUser >= maxPendingPerUser) {
        throw new BacktestsError(BacktestsErrorCode.BACKTEST_QUEUE_FULL, `At most ${maxPendingPerUser} backtests queued or running per user: wait for one to finish or cancel one`, { limit: maxPendingPerUser, retryAfterSeconds: 10 });
      }
      if (pending.queued >= maxQueued) throw new BacktestsError(BacktestsErrorCode.BACKTESTS_BUSY, 'Too many backtests are waiting; try again in a minute', { retryAfterSeconds: 60 });
      const inserted = await this.runs.insert({ id: newId(), userId, request, createdAt: now });
      await this.outbox.append([backtestUpdatedEvent(inserted, 'QUEUED', 0, null, now)]);
      return inserted;
    });
    this.scheduler.wake();
    return backtestViewOf(run);
  }

  /** QUEUED or RUNNING -> CANCELLED (its worker stopped); BACKTEST_FINISHED when it ended already. */
  async cancel(userId: string, id: string): Promise<void> {
    const now = this.clock.now();
    await this.tx.withTransaction(async () => {
      const run = await this.runs.ofUser(userId, id, true);
      if (!run) throw notFound();
      if (FINISHED.includes(run.status) || !(await this.runs.cancel(id, now))) {
        throw new BacktestsError(BacktestsErrorCode.BACKTEST_FINISHED, `The backtest is ${run.status} already`, { current: run.status });
      }
      await this.outbox.append([backtestUpdatedEvent(run, 'CANCELLED', run.progress, null, now)]);
    });
    await this.scheduler.cancelHere(id);
  }

  async get(userId: string, id: string): Promise<BacktestView> {
    const run = await this.runs.ofUser(userId, id);
    if (!run) throw notFound();
    return backtestViewOf(run);
  }

  async list(userId: string, cursor: string | undefined, limit: number): Promise<BacktestPage> {
    if (cursor !== undefined && !/^[1-9]\d{0,17}$/.test(cursor)) throw new BacktestsError(BacktestsErrorCode.INVALID_CURSOR, 'Not a cursor this API returned');
    const size = Math.min(Math.max(limit, 1), LIST_PAGE_MAX);
    const rows = await this.runs.list(userId, cursor === undefined ? null : BigInt(cursor), size + 1);
    const page = rows.slice(0, size);
    return { items: page.map(backtestViewOf), nextCursor: rows.length > size ? page[page.length - 1]!.seq.toString() : null };
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { AppConfig } from '@lib/platform';
import { MarketSpec, OrdersError, OrdersErrorCode } from '../../domain';
import { MarketSequencer } from '../market-sequencer';
import { Admission, QueueShares } from '../queue-shares';
import { BatchRunner, Pending } from './batch-runner';
import { TurnCommand, TurnResult } from './turn-command';

/**
 * The turns of the markets, with group commit: commands that queue while
 * their lane is busy run together as ONE batch in ONE transaction (see
 * BatchRunner for how a batch reads, decides, writes and retries). A lane is
 * a group of markets (ORDERS_LANES; a market's lane is fixed by its symbol):
 * one batch at a time per lane in this process, lanes run concurrently.
 * Reads that need a quiet book queue in the lane too (`quietly`).
 */
@Injectable()
export class MarketTurns {
  private readonly logger = new Logger('MarketTurns');
  /** Commands waiting, per lane. */
  private readonly pending = new Map<number, Pending[]>();
  /** Commands waiting or in a running batch, per market (backpressure). */
  private readonly queuedBySymbol = new Map<string, number>();
  private readonly scheduled = new Set<number>();
  private readonly shares: QueueShares;

  constructor(
    private readonly sequencer: MarketSequencer,
    private readonly runner: BatchRunner,
    private readonly config: AppConfig,
    private readonly cls: ClsService,
  ) {
    this.shares = new QueueShares(config.orders.maxQueuedPerUser);
  }

  /** Commands waiting or in a running batch, per market that has any. */
  queuedMarkets(): ReadonlyMap<string, number> {
    return this.queuedBySymbol;
  }

  /** Commands of the market waiting or in a running batch. */
  queued(symbol: string): number {
    return this.queuedBySymbol.get(symbol) ?? 0;
  }

  /** Runs `read` between batches of the market's lane: the book is never half-way through a batch. */
  quietly<T>(market: MarketSpec, read: () => Promise<T>): Promise<T> {
    return this.sequencer.run(laneKey(this.laneOfMarket(market)), read);
  }

  /**
   * Backpressure: refuses at once (503 MARKET_BUSY, retry after a second) when
   * the market already has ORDERS_MAX_QUEUED_PER_MARKET commands waiting,
   * instead of letting latency grow without bound. Callers may check early,
   * before their own reads, so overload is cheap to refuse; run() checks too.
   */
  assertNotBusy(symbol: string): void {
    if (this.queued(symbol) >= this.config.orders.maxQueuedPerMarket) {
      throw new OrdersError(OrdersErrorCode.MARKET_BUSY, `${symbol} has too many commands waiting; retry shortly`, { symbol, retryAfterSeconds: 1 });
    }
  }

  /**
   * A user's share of the market (ORDERS_MAX_QUEUED_PER_USER places, see
   * QueueShares): resolves once one of their places is free, holding it until
   * `release`, or refuses (429 TOO_MANY_PENDING_ORDERS). Callers take it
   * before their own reads, so one user never holds more than their share of
   * the market's queue, nor of the connections its checks read on; `ahead`
   * tells how many of theirs were running then.
   */
  admit(symbol: string, userId: string): Promise<Admission> {
    return this.shares.admit(symbol, userId);
  }

  /** Queues the command in its market's lane; settles once its batch committed (or it was refused). */
  run<R>(command: TurnCommand<R>): Promise<TurnResult<R>> {
    const { symbol } = command.spec;
    try {
      this.assertNotBusy(symbol);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<TurnResult<R>>((resolve, reject) => {
      const lane = this.laneOfMarket(command.spec);
      const queue = this.pending.get(lane) ?? [];
      this.pending.set(lane, queue);
      const pending: Pending = { command, resolve: resolve as Pending['resolve'], reject };
      if (command.urgent) {
        // After the urgent ones already waiting, before everything else: the next batch takes it.
        const at = queue.findIndex((p) => !p.command.urgent);
        queue.splice(at === -1 ? queue.length : at, 0, pending);
      } else queue.push(pending);
      this.queuedBySymbol.set(symbol, this.queued(symbol) + 1);
      this.schedule(lane);
    });
  }

  /** A market's lane: all perpetuals of one settlement asset share one (one account's margin is decided by one batch at a time). */
  private laneOfMarket(market: Pick<MarketSpec, 'symbol' | 'kind' | 'quote'>): number {
    return this.laneOf(market.kind === 'PERPETUAL' ? `perp:${market.quote}` : market.symbol);
  }

  private laneOf(key: string): number {
    const lanes = this.config.orders.lanes;
    if (lanes <= 1) return 0;
    // FNV-1a: a market's lane never changes while the process runs.
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
    return hash % lanes;
  }

  /** At most one batch waiting in the sequencer per lane: it takes whatever queued by the time it starts. */
  private schedule(lane: number): void {
    if (this.scheduled.has(lane)) return;
    this.scheduled.add(lane);
    // A context of its own: the batch serves many requests and must never join a caller's transaction.
    void this.sequencer.run(laneKey(lane), () => this.cls.run({ ifNested: 'override' }, () => this.drain(lane)));
  }

  private async drain(lane: number): Promise<void> {
    this.scheduled.delete(lane);
    const queue = this.pending.get(lane) ?? [];
    const batch = queue.splice(0, this.config.orders.maxBatchPerTurn);
    if (queue.length === 0) this.pending.delete(lane);
    else this.schedule(lane);
    if (batch.length === 0) return;
    try {
      await this.runner.run(batch);
    } catch (error) {
      // The runner settles every command itself; this is a bug, not a refusal.
      this.logger.error(`a batch of lane ${lane} failed: ${String(error)}`);
      for (const item of batch) item.reject(error);
    } finally {
      for (const { command } of batch) {
        const left = this.queued(command.spec.symbol) - 1;
        if (left > 0) this.queuedBySymbol.set(command.spec.symbol, left);
        else this.queuedBySymbol.delete(command.spec.symbol);
      }
    }
  }
}

function laneKey(lane: number): string {
  return `lane:${lane}`;
}

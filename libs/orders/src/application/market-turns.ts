import { Injectable, Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ClsService } from 'nestjs-cls';
import { AppConfig, TransactionHost } from '@lib/platform';
import { FundsRef, GetAvailableFundsQuery } from '@lib/wallet';
import { OrdersError, OrdersErrorCode } from '../domain';
import { MarketSequencer } from './market-sequencer';
import { OrderBooks } from './order-books';
import { OrderRepository } from './ports';
import { Answer, BatchState, Turn } from './turn';
import { TurnWriter } from './turn-writer';

export type { Answer, Turn } from './turn';

/** What a command declares before its turn, so the batch reads it for all its commands at once. */
export interface TurnOptions {
  /** Count this user's open orders across markets (the open-order limit). */
  readonly countOpenOf?: string;
  /** Read this account's available funds (the hold check). */
  readonly funds?: FundsRef;
}

/** Decides a command in its turn (in memory, staging its writes) and returns how to answer once they are written. */
export type TurnWork<T> = (turn: Turn) => Promise<Answer<T>>;

interface Pending {
  readonly work: TurnWork<unknown>;
  readonly options: TurnOptions;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Attempt =
  | { readonly kind: 'done' }
  /** One command must go: it failed after changing the book or writing, or the ledger refused its entries. */
  | { readonly kind: 'refused'; readonly item: Pending; readonly error: unknown }
  /** The batch failed as a whole (a unique key, a lost connection, a bug): try its commands one by one. */
  | { readonly kind: 'broken'; readonly error: unknown };

class RefusedInBatch extends Error {
  constructor(
    readonly item: Pending,
    readonly reason: unknown,
  ) {
    super('a command of the batch was refused');
  }
}

/**
 * A market's turns, with group commit: commands that queue for a market
 * while it is busy run together as ONE batch in ONE transaction.
 *
 * 1. The sequencer's slot (one batch at a time per market in this process;
 *    reads that need a quiet book queue there too).
 * 2. BEGIN; bump the market's version (its row lock serialises the market
 *    across instances; the cached book is rebuilt if it missed a change) and
 *    count the declared users' open orders; read the declared funds.
 * 3. Each command, one after the other, decides in memory on the same book
 *    and stages its writes. A command refused before it touched anything is
 *    answered at once and leaves no trace.
 * 4. The batch's writes: orders and trades in one statement, every ledger
 *    entry in one posting (one round of account locks), the events in one
 *    outbox insert; each command's answer; COMMIT.
 *
 * If a command fails after it changed the book (or wrote), or the ledger
 * refuses its entries (a balance moved since the batch read it), the
 * transaction is rolled back, the book is rebuilt, that command is refused
 * and the others run again without it. If the batch fails as a whole, its
 * commands run one by one. Memory never holds what did not commit.
 */
@Injectable()
export class MarketTurns {
  private readonly logger = new Logger('MarketTurns');
  private readonly pending = new Map<string, Pending[]>();
  private readonly running = new Map<string, number>();
  private readonly scheduled = new Set<string>();

  constructor(
    private readonly sequencer: MarketSequencer,
    private readonly books: OrderBooks,
    private readonly orders: OrderRepository,
    private readonly writer: TurnWriter,
    private readonly queries: QueryBus,
    private readonly tx: TransactionHost,
    private readonly config: AppConfig,
    private readonly cls: ClsService,
  ) {}

  /** Commands of the market waiting or in its running batch. */
  queued(symbol: string): number {
    return (this.pending.get(symbol)?.length ?? 0) + (this.running.get(symbol) ?? 0);
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

  run<T>(symbol: string, work: TurnWork<T>, options: TurnOptions = {}): Promise<T> {
    try {
      this.assertNotBusy(symbol);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => {
      const queue = this.pending.get(symbol) ?? [];
      this.pending.set(symbol, queue);
      queue.push({ work: work as TurnWork<unknown>, options, resolve: resolve as (value: unknown) => void, reject });
      this.schedule(symbol);
    });
  }

  /** At most one batch waiting in the sequencer per market: it takes whatever queued by the time it starts. */
  private schedule(symbol: string): void {
    if (this.scheduled.has(symbol)) return;
    this.scheduled.add(symbol);
    // A context of its own: the batch serves many requests and must never join a caller's transaction.
    void this.sequencer.run(symbol, () => this.cls.run({ ifNested: 'override' }, () => this.drain(symbol)));
  }

  private async drain(symbol: string): Promise<void> {
    this.scheduled.delete(symbol);
    const queue = this.pending.get(symbol) ?? [];
    const batch = queue.splice(0, this.config.orders.maxBatchPerTurn);
    if (queue.length === 0) this.pending.delete(symbol);
    else this.schedule(symbol);
    if (batch.length === 0) return;
    this.running.set(symbol, (this.running.get(symbol) ?? 0) + batch.length);
    try {
      await this.runBatch(symbol, batch);
    } catch (error) {
      // runBatch settles every command itself; this is a bug, not a refusal.
      this.logger.error(`batch of ${symbol} failed: ${String(error)}`);
      for (const item of batch) item.reject(error);
    } finally {
      const left = (this.running.get(symbol) ?? 0) - batch.length;
      if (left > 0) this.running.set(symbol, left);
      else this.running.delete(symbol);
    }
  }

  private async runBatch(symbol: string, batch: readonly Pending[]): Promise<void> {
    let items = [...batch];
    while (items.length > 0) {
      const attempt = await this.attempt(symbol, items);
      if (attempt.kind === 'done') return;
      if (attempt.kind === 'refused') {
        attempt.item.reject(attempt.error);
        items = items.filter((i) => i !== attempt.item);
        continue;
      }
      if (items.length === 1) {
        items[0]!.reject(attempt.error);
        return;
      }
      // Alone, each command gets its own answer (e.g. the one whose clientOrderId raced in from another market).
      for (const item of items) {
        const alone = await this.attempt(symbol, [item]);
        if (alone.kind !== 'done') item.reject(alone.error);
      }
      return;
    }
  }

  /** One transaction for `items`; when it commits, settles all of them (answered, or refused before they touched anything). */
  private async attempt(symbol: string, items: readonly Pending[]): Promise<Attempt> {
    let version: bigint | undefined;
    let batch: BatchState | undefined;
    const refusedEarly: { item: Pending; error: unknown }[] = [];
    try {
      const answered = await this.tx.withTransaction(async () => {
        const users = [...new Set(items.map((i) => i.options.countOpenOf).filter((u): u is string => u !== undefined))];
        const bumped = await this.orders.bumpMarketVersion(symbol, users);
        version = bumped.version;
        const memory = await this.books.inTurn(symbol, version);
        const refs = uniqueFunds(items);
        const funds = refs.length > 0 ? await this.queries.execute(new GetAvailableFundsQuery(refs)) : null;
        batch = new BatchState(memory, bumped.openOrders, funds);

        const decided: { item: Pending; answer: Answer<unknown> }[] = [];
        for (const [index, item] of items.entries()) {
          const turn = batch.turnFor(index);
          try {
            decided.push({ item, answer: await item.work(turn) });
          } catch (error) {
            if (turn.dirty) throw new RefusedInBatch(item, error);
            refusedEarly.push({ item, error });
          }
        }
        const flushed = await this.writer.flush(batch.writes);
        if (flushed.kind === 'refused') throw new RefusedInBatch(items[flushed.owner]!, flushed.error);
        const values: { item: Pending; value: unknown }[] = [];
        for (const { item, answer } of decided) values.push({ item, value: await answer() });
        return values;
      });
      for (const { item, error } of refusedEarly) item.reject(error);
      for (const { item, value } of answered) item.resolve(value);
      return { kind: 'done' };
    } catch (error) {
      if (batch?.bookChanged) this.books.forget(symbol);
      else if (version !== undefined) this.books.rollBack(symbol, version);
      // Those refused early decided on what did not commit: they run again with the others.
      if (error instanceof RefusedInBatch) return { kind: 'refused', item: error.item, error: error.reason };
      return { kind: 'broken', error };
    }
  }
}

function uniqueFunds(items: readonly Pending[]): FundsRef[] {
  const refs = new Map<string, FundsRef>();
  for (const { options } of items) {
    const ref = options.funds;
    if (ref) refs.set(`${ref.userId}:${ref.account}:${ref.asset}`, ref);
  }
  return [...refs.values()];
}

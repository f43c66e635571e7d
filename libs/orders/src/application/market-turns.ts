import { Injectable, Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ClsService } from 'nestjs-cls';
import { AppConfig, TransactionHost } from '@lib/platform';
import { FundsRef, GetAvailableFundsQuery } from '@lib/wallet';
import { OrdersError, OrdersErrorCode } from '../domain';
import { MarketSequencer } from './market-sequencer';
import { MarketMemory, OrderBooks } from './order-books';
import { MarketVersionCheck, NamedOrder, OrderRepository } from './ports';
import { Admission, QueueShares } from './queue-shares';
import { Answer, Batch, CommandTurn, MarketBatch, Turn } from './turn';
import { TurnWriter } from './turn-writer';

export type { Answer, Turn } from './turn';
export type { Admission } from './queue-shares';

/** What a command declares before its turn, so the batch reads it for all its commands at once. */
export interface TurnOptions {
  /** Count this user's open orders across markets (the open-order limit). */
  readonly countOpenOf?: string;
  /** Read this account's available funds (the hold check). */
  readonly funds?: FundsRef;
  /** Look up the order this user's clientOrderId already names (a repeat is answered with it). */
  readonly clientOrderId?: { readonly userId: string; readonly clientOrderId: string };
}

/** Decides a command in its turn (in memory, staging its writes) and returns how to answer once they are written. */
export type TurnWork<T> = (turn: Turn) => Promise<Answer<T>>;

interface Pending {
  readonly symbol: string;
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
  | { readonly kind: 'broken'; readonly error: unknown }
  /** The optimistic ledger posting hit a balance constraint: run the same batch again, carefully. */
  | { readonly kind: 'recheck' }
  /** Decided on books in memory, a market was not at their version (another instance wrote it): run the same batch again, bumping first. */
  | { readonly kind: 'moved' };

/** How an attempt runs. `careful`: the ledger posting locks and checks entry by entry. `lockFirst`: bump the markets before deciding (always when careful). */
interface AttemptMode {
  readonly careful: boolean;
  readonly lockFirst: boolean;
}

class Recheck extends Error {}

class Moved extends Error {}

class RefusedInBatch extends Error {
  constructor(
    readonly item: Pending,
    readonly reason: unknown,
  ) {
    super('a command of the batch was refused');
  }
}

/**
 * The turns of the markets, with group commit: commands that queue while
 * their lane is busy run together as ONE batch in ONE transaction. A lane is
 * a group of markets (ORDERS_LANES; a market's lane is fixed by its symbol):
 * one batch at a time per lane in this process, lanes run concurrently.
 *
 * 1. The lane's slot in the sequencer (reads that need a quiet book queue
 *    there too: `quietly`).
 * 2. BEGIN. The declared funds, clientOrderIds and (fast path) open-order
 *    counts are read meanwhile, on connections of their own (unlocked reads:
 *    the ledger, the unique key and the version check decide).
 *    - Fast path: every market of the batch has its book in memory at a
 *      known version (the version of the last batch that wrote it here).
 *      Nothing more is read: the batch decides on those books.
 *    - Otherwise (a book missing or stale, or a careful run): bump the
 *      version of every market of the batch first (one statement, symbols in
 *      order; the row locks serialise a market across instances, and a
 *      cached book that missed a change is rebuilt), with the declared users'
 *      open-order counts.
 * 3. Each command, in arrival order, decides in memory on its market's book
 *    and stages its writes. A command refused before it touched anything is
 *    answered with its error and leaves no trace.
 * 4. The batch's writes: orders and trades in one statement, every ledger
 *    entry in one posting (one round of account locks, in id order), the
 *    events in one outbox insert; each command's answer; COMMIT.
 *    On the fast path the orders + trades statement starts by bumping the
 *    markets the batch writes (symbols in order, the same row locks) only if
 *    they are still at the versions the batch decided on, and by checking
 *    that the markets where it only refused or answered are too; each of its
 *    writes is conditioned on that, so when a market moved it writes nothing,
 *    the transaction is rolled back and the batch runs again, bumping first
 *    (which rebuilds the book that missed the change). One round trip fewer
 *    per batch, and the same guarantee: another instance writing the market
 *    holds its row lock until it commits, so our bump waits for it, then
 *    sees the new version and fails the check; and once our bump passed, we
 *    hold the lock until our COMMIT, so no one writes the market in between.
 *
 * If a command fails after it changed a book (or wrote), or the ledger
 * refuses its entries (a balance moved since the batch read it), the
 * transaction is rolled back, the books it changed are rebuilt, that command
 * is refused and the others run again without it. If the batch fails as a
 * whole, its commands run one by one. Memory never holds what did not commit.
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
    private readonly books: OrderBooks,
    private readonly orders: OrderRepository,
    private readonly writer: TurnWriter,
    private readonly queries: QueryBus,
    private readonly tx: TransactionHost,
    private readonly config: AppConfig,
    private readonly cls: ClsService,
  ) {
    this.shares = new QueueShares(config.orders.maxQueuedPerUser);
  }

  /** Commands of the market waiting or in a running batch. */
  queued(symbol: string): number {
    return this.queuedBySymbol.get(symbol) ?? 0;
  }

  /** Runs `read` between batches of the market's lane: the book is never half-way through a batch. */
  quietly<T>(symbol: string, read: () => Promise<T>): Promise<T> {
    return this.sequencer.run(laneKey(this.laneOf(symbol)), read);
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

  run<T>(symbol: string, work: TurnWork<T>, options: TurnOptions = {}): Promise<T> {
    try {
      this.assertNotBusy(symbol);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => {
      const lane = this.laneOf(symbol);
      const queue = this.pending.get(lane) ?? [];
      this.pending.set(lane, queue);
      queue.push({ symbol, work: work as TurnWork<unknown>, options, resolve: resolve as (value: unknown) => void, reject });
      this.queuedBySymbol.set(symbol, this.queued(symbol) + 1);
      this.schedule(lane);
    });
  }

  private laneOf(symbol: string): number {
    const lanes = this.config.orders.lanes;
    if (lanes <= 1) return 0;
    // FNV-1a: a market's lane never changes while the process runs.
    let hash = 0x811c9dc5;
    for (let i = 0; i < symbol.length; i++) hash = Math.imul(hash ^ symbol.charCodeAt(i), 0x01000193) >>> 0;
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
      await this.runBatch(batch);
    } catch (error) {
      // runBatch settles every command itself; this is a bug, not a refusal.
      this.logger.error(`a batch of lane ${lane} failed: ${String(error)}`);
      for (const item of batch) item.reject(error);
    } finally {
      for (const { symbol } of batch) {
        const left = this.queued(symbol) - 1;
        if (left > 0) this.queuedBySymbol.set(symbol, left);
        else this.queuedBySymbol.delete(symbol);
      }
    }
  }

  private async runBatch(batch: readonly Pending[]): Promise<void> {
    let items = [...batch];
    let careful = false;
    let lockFirst = false;
    // Refused after an earlier command of the batch may have shaped their refusal: decided again alone, on what committed.
    const later: Pending[] = [];
    while (items.length > 0) {
      const attempt = await this.attempt(items, { careful, lockFirst: careful || lockFirst });
      if (attempt.kind === 'done') break;
      if (attempt.kind === 'recheck') {
        careful = true;
        continue;
      }
      if (attempt.kind === 'moved') {
        lockFirst = true;
        continue;
      }
      if (attempt.kind === 'refused') {
        if (items[0] === attempt.item) attempt.item.reject(attempt.error);
        else later.push(attempt.item);
        items = items.filter((i) => i !== attempt.item);
        continue;
      }
      if (items.length === 1) {
        items[0]!.reject(attempt.error);
        break;
      }
      // Alone, each command gets its own answer (e.g. the one whose clientOrderId raced in from another market).
      later.unshift(...items);
      break;
    }
    for (const item of later) {
      const alone = await this.attempt([item], { careful: true, lockFirst: true });
      // Careful and bump-first, it can only be done, refused or broken; anything else must still answer.
      if (alone.kind === 'refused' || alone.kind === 'broken') item.reject(alone.error);
      else if (alone.kind !== 'done') item.reject(new Error(`a command decided alone came back '${alone.kind}'`));
    }
  }

  /**
   * One transaction for `items`. 'done' when it settled them: committed (each
   * answered, or refused before it touched anything), or COMMIT itself failed
   * (each OUTCOME_UNKNOWN: never run again).
   *
   * Unless `mode.lockFirst`, a batch whose markets all have their book in
   * memory at a known version decides on those books without bumping first
   * (the fast path): the orders + trades statement bumps the markets it writes
   * only if they are still at those versions, and checks the others; 'moved'
   * when one is not (nothing was written: the batch runs again, bumping first).
   */
  private async attempt(items: readonly Pending[], mode: AttemptMode): Promise<Attempt> {
    const symbols = [...new Set(items.map((i) => i.symbol))].sort();
    const cached = mode.lockFirst ? undefined : this.cachedBooks(symbols);
    let versions: ReadonlyMap<string, bigint> | undefined;
    let expected: MarketVersionCheck | undefined;
    const markets = new Map<string, MarketBatch>();
    const refusedEarly: { item: Pending; error: unknown }[] = [];
    let committing = false;
    // The funds are an unlocked read either way: read them while the transaction starts (its own pooled
    // connection, never waiting on the transaction), one round trip fewer on the batch's path.
    const refs = uniqueFunds(items);
    const fundsRead = refs.length > 0 ? this.queries.execute(new GetAvailableFundsQuery(refs)) : Promise.resolve(null);
    fundsRead.catch(() => undefined);
    // The same for the clientOrderIds the batch's orders name: one read for all (a repeat committed since then hits the unique key).
    const named = items.map((i) => i.options.clientOrderId).filter((c): c is NonNullable<TurnOptions['clientOrderId']> => c !== undefined);
    const namedRead = named.length > 0 ? this.orders.ordersByClientOrderIds(named) : Promise.resolve(new Map<string, NamedOrder>());
    namedRead.catch(() => undefined);
    const users = [...new Set(items.map((i) => i.options.countOpenOf).filter((u): u is string => u !== undefined))];
    // On the fast path the open-order counts are such a read too (the bump that counted them is not sent).
    const countsRead = cached && users.length > 0 ? this.orders.openOrderCounts(users) : Promise.resolve(new Map<string, number>());
    countsRead.catch(() => undefined);
    try {
      const answered = await this.tx.withTransaction(async () => {
        // A market whose book cannot be rebuilt refuses its own commands; the others go on.
        const unusable = new Map<string, unknown>();
        let openOrders: ReadonlyMap<string, number>;
        if (cached) {
          for (const [symbol, { memory }] of cached) markets.set(symbol, new MarketBatch(memory));
          openOrders = await countsRead;
        } else {
          const bumped = await this.orders.bumpMarketVersions(symbols, users);
          versions = bumped.versions;
          for (const symbol of symbols) {
            try {
              markets.set(symbol, new MarketBatch(await this.books.inTurn(symbol, bumped.versions.get(symbol)!)));
            } catch (error) {
              unusable.set(symbol, error);
            }
          }
          openOrders = bumped.openOrders;
        }
        const funds = await fundsRead;
        const batch = new Batch(openOrders, funds, await namedRead);

        const decided: { item: Pending; answer: Answer<unknown> }[] = [];
        // The markets whose books decided an answer or a refusal: a fast batch checks their versions.
        const decidedOn = new Set<string>();
        for (const [index, item] of items.entries()) {
          if (unusable.has(item.symbol)) {
            refusedEarly.push({ item, error: unusable.get(item.symbol) });
            continue;
          }
          const turn = new CommandTurn(batch, markets.get(item.symbol)!, index);
          try {
            decided.push({ item, answer: await item.work(turn) });
            decidedOn.add(item.symbol);
          } catch (error) {
            if (turn.dirty) throw new RefusedInBatch(item, error);
            else {
              refusedEarly.push({ item, error });
              decidedOn.add(item.symbol);
            }
          }
        }
        if (cached) expected = versionCheck(cached, markets, decidedOn);
        const flushed = await this.writer.flush(batch.writes, { careful: mode.careful, expected });
        if (flushed.kind === 'refused') throw new RefusedInBatch(items[flushed.owner]!, flushed.error);
        if (flushed.kind === 'recheck') throw new Recheck();
        if (flushed.kind === 'moved') throw new Moved();
        const values: { item: Pending; value: unknown }[] = [];
        for (const { item, answer } of decided) values.push({ item, value: await answer() });
        committing = true;
        return values;
      });
      // The markets this fast batch wrote are one version on; the others were checked, not changed.
      for (const [symbol, version] of expected?.bump ?? []) this.books.committed(symbol, version + 1n);
      // What committed is kept for depth readers outside the lane (before the lane's next batch can start).
      this.books.settled(symbols);
      // Answered on the next turn of the event loop: the lane's next batch sends its first statements
      // before the HTTP answers of this one are built and written (the answers overlap its round trip).
      setImmediate(() => {
        for (const { item, error } of refusedEarly) item.reject(error);
        for (const { item, value } of answered) item.resolve(value);
      });
      return { kind: 'done' };
    } catch (error) {
      // A fast batch changed no version in memory: only the books it changed are dropped.
      for (const symbol of symbols) {
        if (committing || markets.get(symbol)?.bookChanged) this.books.forget(symbol);
        else if (versions?.has(symbol)) this.books.rollBack(symbol, versions.get(symbol)!);
      }
      if (committing) {
        // COMMIT itself failed (a lost connection): the batch may have committed. Never run it again.
        // An outage (a lost connection), not a bug: a warning, answered 503 OUTCOME_UNKNOWN with Retry-After.
        this.logger.warn(`the commit of a batch of ${items.length} command(s) failed; their outcome is unknown: ${String(error)}`);
        for (const { item, error: reason } of refusedEarly) item.reject(reason);
        const settled = new Set(refusedEarly.map((r) => r.item));
        for (const item of items) if (!settled.has(item)) item.reject(outcomeUnknown());
        return { kind: 'done' };
      }
      // Those refused early decided on what did not commit: they run again with the others.
      if (error instanceof RefusedInBatch) return { kind: 'refused', item: error.item, error: error.reason };
      if (error instanceof Recheck) return { kind: 'recheck' };
      if (error instanceof Moved) return { kind: 'moved' };
      return { kind: 'broken', error };
    }
  }

  /** Every market's book in memory at a known version, or undefined (the batch bumps first). */
  private cachedBooks(symbols: readonly string[]): Map<string, { memory: MarketMemory; version: bigint }> | undefined {
    const cached = new Map<string, { memory: MarketMemory; version: bigint }>();
    for (const symbol of symbols) {
      const book = this.books.cached(symbol);
      if (!book) return undefined;
      cached.set(symbol, book);
    }
    return cached;
  }
}

/**
 * What a fast batch's writes check: the markets it wrote (or whose book it
 * changed) are bumped from the version it decided on; those where it only
 * decided refusals or answers must still be at theirs (their books shaped
 * them).
 */
function versionCheck(
  cached: ReadonlyMap<string, { readonly version: bigint }>,
  markets: ReadonlyMap<string, MarketBatch>,
  decidedOn: ReadonlySet<string>,
): MarketVersionCheck {
  const bump = new Map<string, bigint>();
  const unchanged = new Map<string, bigint>();
  for (const [symbol, { version }] of cached) {
    const market = markets.get(symbol)!;
    if (market.staged || market.bookChanged) bump.set(symbol, version);
    else if (decidedOn.has(symbol)) unchanged.set(symbol, version);
  }
  return { bump, unchanged };
}

function outcomeUnknown(): OrdersError {
  return new OrdersError(
    OrdersErrorCode.OUTCOME_UNKNOWN,
    'The database connection failed while this command was committing: it may have taken effect. Look it up before sending it again.',
    { retryAfterSeconds: 1 },
  );
}

function laneKey(lane: number): string {
  return `lane:${lane}`;
}

function uniqueFunds(items: readonly Pending[]): FundsRef[] {
  const refs = new Map<string, FundsRef>();
  for (const { options } of items) {
    const ref = options.funds;
    if (ref) refs.set(`${ref.userId}:${ref.account}:${ref.asset}`, ref);
  }
  return [...refs.values()];
}

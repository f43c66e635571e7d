import { Injectable, Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Clock, newId } from '@lib/kernel';
import { IdempotencyStore, StoredResponse, TransactionHost } from '@lib/platform';
import { OrdersError, OrdersErrorCode } from '../../domain';
import { MarketMemory, OrderBooks } from '../order-books';
import { MarketVersionCheck, OrderRepository } from '../ports';
import { SuspendedTraders } from '../suspended-traders';
import { Batch, MarketBatch } from './batch';
import { PerpReads } from './perp-reads';
import { DecisionToWrite, DecisionWriter } from './decision-writer';
import { readNeeds } from './batch-reads';
import { Accepted, TurnCommand, TurnResult } from './turn-command';

/** A command waiting for its batch. */
export interface Pending {
  readonly command: TurnCommand<unknown>;
  readonly resolve: (result: TurnResult<unknown>) => void;
  readonly reject: (error: unknown) => void;
}

type Attempt =
  | { readonly kind: 'done' }
  /** One command must go: its decider threw or changed the book and refused, the ledger refused its intents, or its key was taken. */
  | { readonly kind: 'refused'; readonly item: Pending; readonly error: unknown }
  /** The batch failed as a whole (a unique key, a lost connection, a bug): try its commands one by one. */
  | { readonly kind: 'broken'; readonly error: unknown }
  /** The optimistic ledger posting hit a balance constraint: run the same batch again, locking. */
  | { readonly kind: 'recheck' }
  /** Decided on books in memory, a market was not at their version (another instance wrote it): run the same batch again, bumping first. */
  | { readonly kind: 'moved' };

/** How an attempt runs. `locking`: the wallet locks and checks intent by intent. `bumpFirst`: bump the markets before deciding (always when locking). */
interface AttemptMode {
  readonly locking: boolean;
  readonly bumpFirst: boolean;
}

/** Why an attempt was rolled back (thrown inside the transaction, caught outside it). */
class Retry extends Error {
  constructor(readonly attempt: Exclude<Attempt, { kind: 'done' | 'broken' }>) {
    super(attempt.kind);
  }
}

/** An idempotent command whose key another request took: answered with that request's outcome. */
const KEY_TAKEN = Symbol('key taken');

/**
 * Runs one batch of commands of a lane (see docs/orders.md, "The write path"):
 *
 * 1. Reads what the commands declared they need, for all of them at once and
 *    beside the transaction's start: the funds, the clientOrderIds, the
 *    open-order counts (unlocked reads: the ledger, the unique key and the
 *    version check decide). Books in memory at a known version are decided on
 *    as they are (the fast path); otherwise the markets are bumped first (the
 *    row locks), which rebuilds a book that missed a change.
 * 2. Decides each command in arrival order, on its market as the decisions
 *    before it left it, and applies each accepted decision to the market's
 *    memory and the batch's facts. A refusal leaves nothing behind and is
 *    answered as it is.
 * 3. Writes the decisions (DecisionWriter), stores the answers of the
 *    idempotent ones, COMMIT, answers.
 *
 * A decider that throws (a bug, a broken cache), or that refuses after it
 * changed the book, or whose intents the ledger refuses (a balance moved
 * since the read), takes its command out: the transaction is rolled back,
 * the books it changed are rebuilt, the others run again without it, and it
 * is decided again alone. If the batch fails as a whole, its commands run
 * one by one. Memory never holds what did not commit.
 */
@Injectable()
export class BatchRunner {
  private readonly logger = new Logger('MarketTurns');

  constructor(
    private readonly books: OrderBooks,
    private readonly orders: OrderRepository,
    private readonly writer: DecisionWriter,
    private readonly queries: QueryBus,
    private readonly tx: TransactionHost,
    private readonly idempotency: IdempotencyStore,
    private readonly suspended: SuspendedTraders,
    private readonly clock: Clock,
    private readonly perp: PerpReads,
  ) {}

  async run(batch: readonly Pending[]): Promise<void> {
    let items = [...batch];
    let mode: AttemptMode = { locking: false, bumpFirst: false };
    // Refused after an earlier command of the batch may have shaped their refusal: decided again alone, on what committed.
    const later: Pending[] = [];
    while (items.length > 0) {
      const attempt = await this.attempt(items, mode);
      if (attempt.kind === 'done') break;
      if (attempt.kind === 'recheck') mode = { locking: true, bumpFirst: true };
      else if (attempt.kind === 'moved') mode = { ...mode, bumpFirst: true };
      else if (attempt.kind === 'refused') {
        if (attempt.error === KEY_TAKEN) await this.answerFromKey(attempt.item);
        else if (items[0] === attempt.item) attempt.item.reject(attempt.error);
        else later.push(attempt.item);
        items = items.filter((i) => i !== attempt.item);
      } else {
        if (items.length === 1) {
          items[0]!.reject(attempt.error);
          break;
        }
        // Alone, each command gets its own answer (e.g. the one whose clientOrderId raced in from another market).
        later.unshift(...items);
        break;
      }
    }
    for (const item of later) {
      const alone = await this.attempt([item], { locking: true, bumpFirst: true });
      if (alone.kind === 'refused' && alone.error === KEY_TAKEN) await this.answerFromKey(item);
      else if (alone.kind === 'refused' || alone.kind === 'broken') item.reject(alone.error);
      // Locking and bumping first, it can only be done, refused or broken; anything else must still answer.
      else if (alone.kind !== 'done') item.reject(new Error(`a command decided alone came back '${alone.kind}'`));
    }
  }

  /**
   * One transaction for `items`. 'done' when it settled them: committed (each
   * answered, or refused without a trace), or COMMIT itself failed (each
   * OUTCOME_UNKNOWN: never run again).
   */
  private async attempt(items: readonly Pending[], mode: AttemptMode): Promise<Attempt> {
    const symbols = [...new Set(items.map((i) => i.command.spec.symbol))].sort();
    const cached = mode.bumpFirst ? undefined : this.cachedBooks(symbols);
    let versions: ReadonlyMap<string, bigint> | undefined;
    let expected: MarketVersionCheck | undefined;
    const markets = new Map<string, MarketBatch>();
    const answered: { item: Pending; result: TurnResult<unknown> }[] = [];
    const refusedEarly: { item: Pending; error: unknown }[] = [];
    let committing = false;
    const reads = readNeeds(this.queries, this.orders, items.map((i) => i.command.needs), cached !== undefined);
    const perp = this.perp.start(items);
    try {
      await this.tx.withTransaction(async () => {
        // A market whose book cannot be rebuilt refuses its own commands; the others go on.
        const unusable = new Map<string, unknown>();
        let openOrders: ReadonlyMap<string, number>;
        if (cached) {
          for (const [symbol, { memory }] of cached) markets.set(symbol, new MarketBatch(memory));
          openOrders = await reads.counts;
        } else {
          const bumped = await this.orders.bumpMarketVersions(symbols, reads.users);
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
        const positions = await perp.positions(markets);
        const batch = new Batch(openOrders, await reads.funds, await reads.named, this.suspended, () => this.clock.now(), newId, positions, new Map(await reads.insurance));

        const decided: (DecisionToWrite & { item: Pending })[] = [];
        // The markets whose books decided an answer or a refusal: a fast batch checks their versions.
        const decidedOn = new Set<string>();
        for (const [index, item] of items.entries()) {
          const { spec } = item.command;
          if (unusable.has(spec.symbol)) {
            refusedEarly.push({ item, error: unusable.get(spec.symbol) });
            continue;
          }
          const market = markets.get(spec.symbol)!;
          const seq = market.book.seq;
          let decision;
          try {
            decision = item.command.decide(market, batch);
            if (decision.kind === 'accepted') batch.apply(market, decision);
          } catch (error) {
            market.broken = true;
            throw new Retry({ kind: 'refused', item, error });
          }
          decidedOn.add(spec.symbol);
          if (decision.kind === 'accepted') {
            decided.push({ spec, decision, owner: index, item });
            continue;
          }
          if (market.book.seq !== seq) throw new Retry({ kind: 'refused', item, error: decision.error });
          // A retried key whose first request committed since (another instance): the refusal may rest on that very order.
          const previous = item.command.idempotency ? await this.idempotency.find(item.command.idempotency.request) : undefined;
          if (previous) answered.push({ item, result: previous.kind === 'key-reused' ? previous : { kind: 'replayed', response: previous.response } });
          else refusedEarly.push({ item, error: decision.error });
        }
        if (cached) expected = versionCheck(cached, markets, decidedOn);
        const written = await this.writer.write(decided, { locking: mode.locking, expected });
        if (written.kind === 'refused') throw new Retry({ kind: 'refused', item: items[written.owner]!, error: written.error });
        if (written.kind !== 'written') throw new Retry(written);

        const records: { item: Pending; request: NonNullable<TurnCommand<unknown>['idempotency']>['request']; response: StoredResponse }[] = [];
        decided.forEach(({ decision, item }, i) => {
          const answer = (decision as Accepted<unknown>).answer(written.trades[i]!);
          answered.push({ item, result: { kind: 'decided', answer } });
          const idempotency = item.command.idempotency;
          const response = idempotency?.response(answer);
          if (idempotency && response) records.push({ item, request: idempotency.request, response });
        });
        const taken = await this.idempotency.recordAll(records);
        if (taken.length > 0) throw new Retry({ kind: 'refused', item: records[taken[0]!]!.item, error: KEY_TAKEN });
        committing = true;
      });
      // The markets this fast batch wrote are one version on; the others were checked, not changed.
      for (const [symbol, version] of expected?.bump ?? []) this.books.committed(symbol, version + 1n);
      for (const market of markets.values()) market.positionsCommitted(); // the rows it wrote are one version on
      // What committed is kept for depth readers outside the lane (before the lane's next batch can start).
      this.books.settled(symbols);
      // Answered on the next turn of the event loop: the lane's next batch sends its first statements
      // before the HTTP answers of this one are built and written (the answers overlap its round trip).
      setImmediate(() => {
        for (const { item, error } of refusedEarly) item.reject(error);
        for (const { item, result } of answered) item.resolve(result);
      });
      return { kind: 'done' };
    } catch (error) {
      // A fast batch changed no version in memory: only the books it changed are dropped.
      for (const symbol of symbols) {
        if (committing || markets.get(symbol)?.changed) this.books.forget(symbol);
        else if (versions?.has(symbol)) this.books.rollBack(symbol, versions.get(symbol)!);
      }
      if (committing) {
        // COMMIT itself failed (a lost connection): the batch may have committed. Never run it again.
        // An outage, not a bug: a warning, answered 503 OUTCOME_UNKNOWN with Retry-After.
        this.logger.warn(`the commit of a batch of ${items.length} command(s) failed; their outcome is unknown: ${String(error)}`);
        for (const { item, error: reason } of refusedEarly) item.reject(reason);
        const settled = new Set(refusedEarly.map((r) => r.item));
        for (const item of items) if (!settled.has(item)) item.reject(outcomeUnknown());
        return { kind: 'done' };
      }
      // Those refused or answered early decided on what did not commit: they run again with the others.
      if (error instanceof Retry) return error.attempt;
      return { kind: 'broken', error };
    }
  }


  /** An idempotent command whose key another request took: that request's stored outcome (or, gone since, decided again alone). */
  private async answerFromKey(item: Pending): Promise<void> {
    try {
      const previous = await this.idempotency.find(item.command.idempotency!.request);
      if (previous) item.resolve(previous.kind === 'key-reused' ? previous : { kind: 'replayed', response: previous.response });
      else item.reject(new OrdersError(OrdersErrorCode.MARKET_BUSY, 'The same Idempotency-Key was in use by another request; retry shortly', { retryAfterSeconds: 1 }));
    } catch (error) {
      item.reject(error);
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
 * What a fast batch's writes check: the markets it wrote are bumped from the
 * version it decided on; those where it only decided refusals or answers must
 * still be at theirs (their books shaped them).
 */
function versionCheck(cached: ReadonlyMap<string, { readonly version: bigint }>, markets: ReadonlyMap<string, MarketBatch>, decidedOn: ReadonlySet<string>): MarketVersionCheck {
  const bump = new Map<string, bigint>();
  const unchanged = new Map<string, bigint>();
  for (const [symbol, { version }] of cached) {
    const market = markets.get(symbol)!;
    if (market.written || market.changed) bump.set(symbol, version);
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

import { AppConfig, IdempotentRequest, StoredResponse } from '@lib/platform';
import { MarketSpec, OrderBook, OrderType, Side, TimeInForce } from '../../../domain';
import { MarketSequencer } from '../../market-sequencer';
import { MarketMemory } from '../../order-books';
import { OpenOrders } from '../../open-orders';
import { MarketVersionCheck } from '../../ports';
import { BatchRunner } from '../batch-runner';
import { DecisionToWrite, WriteOutcome } from '../decision-writer';
import { MarketTurns } from '../market-turns';
import { Accepted, Decision, Facts, MarketView, Needs, TurnCommand, answerOf } from '../turn-command';

export const tick = () => new Promise((r) => setImmediate(r));

const SYMBOLS = ['BTC-USDT', 'ETH-USDT'];

/**
 * Fakes around MarketTurns: every transaction and flush is recorded; `flushes`
 * decides what the writer answers. The market versions are kept as the
 * database would (bumped first, or bumped by the writes' check on the fast
 * path; a rolled-back transaction undoes its bumps), and so is the cache of
 * books (`warm`: every market's book is in memory at the current version).
 */
export function harnessOf(
  options: {
    maxQueued?: number;
    maxBatch?: number;
    warm?: boolean;
    flushes?: (owners: number[], locking: boolean) => WriteOutcome | { kind: 'written' };
    /** Keys stored by other requests: recordAll finds them taken, find returns their outcome. */
    keys?: Map<string, StoredResponse>;
  } = {},
) {
  const memory: MarketMemory = { book: new OrderBook('BTC-USDT'), open: new OpenOrders(), untriggered: new OpenOrders(), positions: new Map() };
  const log = {
    transactions: 0,
    committed: 0,
    batches: [] as number[][],
    careful: [] as boolean[],
    forgotten: 0,
    /** The symbols of each bump-first statement. */
    bumps: [] as string[][],
    /** What each fast batch's writes checked: `${symbol}@${version}`, bumped ones first, then `|`, then the checked ones. */
    checks: [] as string[],
    /** The markets whose book was rebuilt from the database. */
    loads: [] as string[],
    countReads: [] as string[][],
    /** The markets of each committed batch handed to the depth snapshots. */
    settled: [] as string[][],
    /** The keys of each recordAll. */
    recorded: [] as string[][],
  };
  const db = new Map<string, bigint>(SYMBOLS.map((s) => [s, 7n]));
  const cache = new Map<string, { version: bigint | undefined; stale: boolean }>(options.warm ? SYMBOLS.map((s) => [s, { version: 7n, stale: false }]) : []);
  const books = {
    cached: (symbol: string) => {
      const entry = cache.get(symbol);
      return entry && !entry.stale && entry.version !== undefined ? { memory, version: entry.version } : undefined;
    },
    inTurn: async (symbol: string, version: bigint) => {
      const entry = cache.get(symbol);
      if (!entry || entry.stale || entry.version !== version - 1n) log.loads.push(symbol);
      cache.set(symbol, { version, stale: false });
      return memory;
    },
    committed: (symbol: string, version: bigint) => {
      const entry = cache.get(symbol);
      if (entry && !entry.stale) entry.version = version;
    },
    settled: (symbols: string[]) => {
      log.settled.push([...symbols]);
    },
    forget: (symbol: string) => {
      log.forgotten += 1;
      cache.set(symbol, { version: undefined, stale: true });
    },
    rollBack: (symbol: string, version: bigint) => {
      const entry = cache.get(symbol);
      if (entry && entry.version === version) entry.version = version - 1n;
    },
  };
  const orders = {
    bumpMarketVersions: async (symbols: string[]) => {
      log.bumps.push([...symbols]);
      const versions = new Map<string, bigint>();
      for (const s of symbols) {
        db.set(s, (db.get(s) ?? 0n) + 1n);
        versions.set(s, db.get(s)!);
      }
      return { versions, openOrders: new Map<string, number>() };
    },
    openOrderCounts: async (users: string[]) => {
      log.countReads.push([...users]);
      return new Map<string, number>();
    },
  };
  const writer = {
    write: async (decisions: readonly DecisionToWrite[], writeOptions: { locking: boolean; expected?: MarketVersionCheck }): Promise<WriteOutcome> => {
      const owners = decisions.map((d) => d.owner);
      log.batches.push(owners);
      log.careful.push(writeOptions.locking);
      const { expected } = writeOptions;
      if (expected) {
        const at = (m: ReadonlyMap<string, bigint>) => [...m].map(([symbol, version]) => `${symbol}@${version}`).join(',');
        log.checks.push(`${at(expected.bump)}|${at(expected.unchanged)}`);
        const moved = [...expected.bump, ...expected.unchanged].some(([symbol, version]) => (db.get(symbol) ?? 0n) !== version);
        if (moved) return { kind: 'moved' };
        for (const [symbol, version] of expected.bump) db.set(symbol, version + 1n);
      }
      const outcome = options.flushes ? options.flushes(owners, writeOptions.locking) : { kind: 'written' as const };
      return outcome.kind === 'written' ? { kind: 'written', trades: decisions.map(() => []) } : outcome;
    },
  };
  const keys = options.keys ?? new Map<string, StoredResponse>();
  const idempotency = {
    find: async (request: IdempotentRequest) => {
      const response = keys.get(request.key);
      return response ? { kind: 'replayed' as const, response } : undefined;
    },
    recordAll: async (records: { request: IdempotentRequest; response: StoredResponse }[]) => {
      log.recorded.push(records.map((r) => r.request.key));
      return records.flatMap((r, i) => (keys.has(r.request.key) ? [i] : []));
    },
  };
  let commitFailures = 0;
  const tx = {
    withTransaction: async <T>(work: () => Promise<T>) => {
      log.transactions += 1;
      const before = new Map(db);
      let value: T;
      try {
        value = await work();
      } catch (error) {
        // ROLLBACK: the bumps are undone.
        for (const [symbol, version] of before) db.set(symbol, version);
        throw error;
      }
      if (commitFailures > 0) {
        commitFailures -= 1;
        throw new Error('Connection terminated during COMMIT');
      }
      log.committed += 1;
      return value;
    },
  };
  const config = { orders: { maxQueuedPerMarket: options.maxQueued ?? 100, maxQueuedPerUser: 10, maxBatchPerTurn: options.maxBatch ?? 64, lanes: 1 } } as AppConfig;
  const sequencer = new MarketSequencer();
  const cls = { run: (_options: unknown, work: () => unknown) => work() };
  const suspended = { any: false, has: () => false };
  const clock = { now: () => new Date(0) };
  const perp = { start: () => ({ positions: async () => null }) };
  const runner = new BatchRunner(books as never, orders as never, writer as never, {} as never, tx as never, idempotency as never, suspended as never, clock as never, perp as never);
  const turns = new MarketTurns(sequencer, runner, config, cls as never);
  return {
    turns,
    sequencer,
    log,
    failCommit: (times: number) => void (commitFailures = times),
    /** Another instance commits a write to the market: its version moves on. */
    writeElsewhere: (symbol: string) => void db.set(symbol, (db.get(symbol) ?? 0n) + 1n),
    version: (symbol: string) => db.get(symbol),
    cachedVersion: (symbol: string) => cache.get(symbol)?.version,
  };
}

/** Takes the lane's slot until released. */
export function occupy(turns: MarketTurns): { release: () => void; busy: Promise<void> } {
  let release!: () => void;
  const blocked = new Promise<void>((r) => (release = r));
  return { release, busy: turns.quietly(specOf('BTC-USDT'), () => blocked) };
}

const specOf = (symbol: string) => ({ symbol }) as MarketSpec;
let ids = 0;

/** A command on `symbol` deciding with `decide`; answered with its answer (never idempotent). */
export function command<R>(symbol: string, decide: (market: MarketView, facts: Facts) => Decision<R>, needs: Needs = {}): TurnCommand<R> {
  return { spec: specOf(symbol), needs, decide };
}

export const run = async <R>(turns: MarketTurns, cmd: TurnCommand<R>): Promise<R> => answerOf(await turns.run(cmd));

/** A decision with something to write (one empty pass), answering `value`. */
export const writing = <R>(value: R): Accepted<R> => ({ kind: 'accepted', orders: [], intents: [], passes: [{ result: { deltas: [], seq: 0 }, trades: [] }], answer: () => value });

/** A command that writes (so the writer sees it) and answers `value`. */
export const staging = (value: string, symbol = 'BTC-USDT', needs: Needs = {}) => command(symbol, () => writing(value), needs);

/** Rests an order on the book: the book changes (its seq grows). */
export const changeBook = (market: MarketView) =>
  market.book.place({ id: `o${++ids}`, ownerId: 'u9', side: Side.BUY, type: OrderType.LIMIT, price: 100n, quantity: 1n, timeInForce: TimeInForce.GTC });


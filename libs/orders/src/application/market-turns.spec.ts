import { AppConfig } from '@lib/platform';
import { WalletError, WalletErrorCode } from '@lib/wallet';
import { Order, OrderBook } from '../domain';
import { MarketSequencer } from './market-sequencer';
import { MarketTurns, TurnWork } from './market-turns';
import { MarketMemory } from './order-books';
import { MarketVersionCheck } from './ports';
import { FlushOutcome } from './turn-writer';

const tick = () => new Promise((r) => setImmediate(r));

const SYMBOLS = ['BTC-USDT', 'ETH-USDT'];

/**
 * Fakes around MarketTurns: every transaction and flush is recorded; `flushes`
 * decides what the writer answers. The market versions are kept as the
 * database would (bumped first, or bumped by the writes' check on the fast
 * path; a rolled-back transaction undoes its bumps), and so is the cache of
 * books (`warm`: every market's book is in memory at the current version).
 */
function harnessOf(options: { maxQueued?: number; maxBatch?: number; warm?: boolean; flushes?: (owners: number[], careful: boolean) => FlushOutcome } = {}) {
  const memory: MarketMemory = { book: new OrderBook('BTC-USDT'), open: new Map<string, Order>() };
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
    flush: async (writes: { owner: number }[], flushOptions: { careful?: boolean; expected?: MarketVersionCheck } = {}): Promise<FlushOutcome> => {
      const owners = writes.map((w) => w.owner);
      log.batches.push(owners);
      log.careful.push(flushOptions.careful === true);
      const { expected } = flushOptions;
      if (expected) {
        const at = (m: ReadonlyMap<string, bigint>) => [...m].map(([symbol, version]) => `${symbol}@${version}`).join(',');
        log.checks.push(`${at(expected.bump)}|${at(expected.unchanged)}`);
        const moved = [...expected.bump, ...expected.unchanged].some(([symbol, version]) => (db.get(symbol) ?? 0n) !== version);
        if (moved) return { kind: 'moved' };
        for (const [symbol, version] of expected.bump) db.set(symbol, version + 1n);
      }
      return options.flushes ? options.flushes(owners, flushOptions.careful === true) : { kind: 'written' };
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
  const turns = new MarketTurns(sequencer, books as never, orders as never, writer as never, {} as never, tx as never, config, cls as never);
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
function occupy(turns: MarketTurns): { release: () => void; busy: Promise<void> } {
  let release!: () => void;
  const blocked = new Promise<void>((r) => (release = r));
  return { release, busy: turns.quietly('BTC-USDT', () => blocked) };
}

/** A command that stages a write (so the flush sees it) and answers `value`. */
const staging = (value: string): TurnWork<string> => async (turn) => {
  turn.stage({ orders: [], trades: [], entries: () => [], events: () => [] });
  return () => value;
};

describe.each([
  ['bumping the markets first (books not cached)', false],
  ['on the cached books (the writes check the versions)', true],
])('MarketTurns, %s', (_path, warm) => {
  const harness = (options: Parameters<typeof harnessOf>[0] = {}) => harnessOf({ warm, ...options });

  it('refuses a command at once when the market already has as many waiting as allowed, and accepts again once they ran', async () => {
    const { turns } = harness({ maxQueued: 2 });
    // The market's slot is taken: commands wait.
    const { release, busy } = occupy(turns);
    const first = turns.run('BTC-USDT', staging('first'));
    const second = turns.run('BTC-USDT', staging('second'));
    expect(() => turns.assertNotBusy('BTC-USDT')).toThrow(expect.objectContaining({ code: 'MARKET_BUSY', details: { symbol: 'BTC-USDT', retryAfterSeconds: 1 } }));
    await expect(turns.run('BTC-USDT', staging('third'))).rejects.toMatchObject({ code: 'MARKET_BUSY' });
    // Other markets are not affected.
    expect(() => turns.assertNotBusy('ETH-USDT')).not.toThrow();
    release();
    await busy;
    expect([await first, await second]).toEqual(['first', 'second']);
    await tick();
    expect(() => turns.assertNotBusy('BTC-USDT')).not.toThrow();
  });

  it('runs the commands that queued while the market was busy as one batch: one transaction, one flush, answers in order', async () => {
    const { turns, log } = harness();
    const { release, busy } = occupy(turns);
    const answers = ['a', 'b', 'c', 'd'].map((v) => turns.run('BTC-USDT', staging(v)));
    release();
    await busy;
    expect(await Promise.all(answers)).toEqual(['a', 'b', 'c', 'd']);
    expect(log.transactions).toBe(1);
    expect(log.batches).toEqual([[0, 1, 2, 3]]);
  });

  it('batches the commands of several markets of one lane in one transaction', async () => {
    const { turns, log } = harness();
    const { release, busy } = occupy(turns);
    const answers = [turns.run('BTC-USDT', staging('btc')), turns.run('ETH-USDT', staging('eth')), turns.run('BTC-USDT', staging('btc2'))];
    // Backpressure counts per market.
    expect([turns.queued('BTC-USDT'), turns.queued('ETH-USDT'), turns.queued('SOL-USDT')]).toEqual([2, 1, 0]);
    release();
    await busy;
    expect(await Promise.all(answers)).toEqual(['btc', 'eth', 'btc2']);
    expect(log.transactions).toBe(1);
    expect(log.batches).toEqual([[0, 1, 2]]);
    // What committed is handed to the depth snapshots, every market of the batch.
    expect(log.settled).toEqual([['BTC-USDT', 'ETH-USDT']]);
    await tick();
    expect(turns.queued('BTC-USDT')).toBe(0);
  });

  it('caps a batch at ORDERS_MAX_BATCH commands and runs the rest in the next one', async () => {
    const { turns, log } = harness({ maxBatch: 3 });
    const { release, busy } = occupy(turns);
    const answers = ['a', 'b', 'c', 'd', 'e'].map((v) => turns.run('BTC-USDT', staging(v)));
    release();
    await busy;
    expect(await Promise.all(answers)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(log.batches).toEqual([[0, 1, 2], [0, 1]]);
  });

  it('refuses a command that failed before touching anything on its own: the others commit in the same transaction', async () => {
    const { turns, log } = harness();
    const { release, busy } = occupy(turns);
    const a = turns.run('BTC-USDT', staging('a'));
    const refused = turns.run('BTC-USDT', async () => {
      throw new Error('refused early');
    });
    const c = turns.run('BTC-USDT', staging('c'));
    release();
    await busy;
    await expect(refused).rejects.toThrow('refused early');
    expect([await a, await c]).toEqual(['a', 'c']);
    expect(log.transactions).toBe(1);
    expect(log.batches).toEqual([[0, 2]]);
    expect(log.forgotten).toBe(0);
  });

  it('takes out a command that failed after changing the book: rolled back, the book dropped, the others run again without it, then it alone', async () => {
    const { turns, log } = harness();
    const { release, busy } = occupy(turns);
    const a = turns.run('BTC-USDT', staging('a'));
    const broken = turns.run('BTC-USDT', async (turn) => {
      turn.bookChanged = true;
      throw new Error('failed half-way');
    });
    const c = turns.run('BTC-USDT', staging('c'));
    release();
    await busy;
    await expect(broken).rejects.toThrow('failed half-way');
    expect([await a, await c]).toEqual(['a', 'c']);
    // The first transaction never reached its flush; the second wrote a and c; the third tried the failed one alone, on what committed.
    expect(log.transactions).toBe(3);
    expect(log.committed).toBe(1);
    expect(log.batches).toEqual([[0, 1]]);
    expect(log.forgotten).toBe(2);
  });

  it('refuses the command whose ledger entries the locked posting refused, commits the others, then decides it alone', async () => {
    const short = new WalletError(WalletErrorCode.INSUFFICIENT_BALANCE, 'Insufficient USDT balance', { asset: 'USDT', available: '1', required: '2' });
    let flushes = 0;
    // The ledger refuses b in the batch, and again when b runs alone (the third flush).
    const { turns, log } = harness({ flushes: (owners) => (++flushes === 1 ? { kind: 'refused', owner: owners[1]!, error: short } : flushes === 3 ? { kind: 'refused', owner: owners[0]!, error: short } : { kind: 'written' }) });
    const { release, busy } = occupy(turns);
    const answers = ['a', 'b', 'c'].map((v) => turns.run('BTC-USDT', staging(v)));
    release();
    await busy;
    await expect(answers[1]).rejects.toBe(short);
    expect([await answers[0], await answers[2]]).toEqual(['a', 'c']);
    expect(log.batches).toEqual([[0, 1, 2], [0, 1], [0]]);
    expect(log.committed).toBe(1);
  });

  it('answers OUTCOME_UNKNOWN, and never runs them again, when COMMIT itself fails', async () => {
    const { turns, log, failCommit } = harness();
    failCommit(1);
    const { release, busy } = occupy(turns);
    const answers = ['a', 'b'].map((v) => turns.run('BTC-USDT', staging(v)));
    release();
    await busy;
    for (const answer of answers) await expect(answer).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    expect(log.transactions).toBe(1);
    expect(log.forgotten).toBe(1);
    // Nothing is known to have committed: no depth snapshot is taken.
    expect(log.settled).toEqual([]);
  });

  it('runs a batch again, carefully, when its optimistic ledger posting hit a balance constraint', async () => {
    const { turns, log } = harness({ flushes: (_owners, careful) => (careful ? { kind: 'written' } : { kind: 'recheck' }) });
    const { release, busy } = occupy(turns);
    const answers = ['a', 'b'].map((v) => turns.run('BTC-USDT', staging(v)));
    release();
    await busy;
    expect(await Promise.all(answers)).toEqual(['a', 'b']);
    expect(log.batches).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(log.careful).toEqual([false, true]);
    expect(log.committed).toBe(1);
  });

  it('runs the commands one by one when their batch fails as a whole, so each gets its own answer', async () => {
    let flushes = 0;
    const { turns, log } = harness({
      flushes: () => {
        flushes += 1;
        if (flushes === 1 || flushes === 3) throw new Error('unique violation');
        return { kind: 'written' };
      },
    });
    const { release, busy } = occupy(turns);
    const answers = ['a', 'b', 'c'].map((v) => turns.run('BTC-USDT', staging(v)));
    release();
    await busy;
    expect(await answers[0]).toBe('a');
    await expect(answers[1]).rejects.toThrow('unique violation');
    expect(await answers[2]).toBe('c');
    expect(log.batches).toEqual([[0, 1, 2], [0], [0], [0]]);
  });
});

describe('MarketTurns: the fast path (books in memory, the version check folded into the writes)', () => {
  it('decides on the cached books without bumping first: the counts are read beside the transaction, the written market is bumped by its check', async () => {
    const { turns, log, version, cachedVersion } = harnessOf({ warm: true });
    const { release, busy } = occupy(turns);
    const answers = [
      turns.run('BTC-USDT', staging('btc'), { countOpenOf: 'u1' }),
      // Refused before touching anything: ETH-USDT is decided on, not written.
      turns.run('ETH-USDT', async () => {
        throw new Error('refused on its book');
      }, { countOpenOf: 'u2' }),
    ];
    release();
    await busy;
    expect(await answers[0]).toBe('btc');
    await expect(answers[1]).rejects.toThrow('refused on its book');
    expect(log.bumps).toEqual([]);
    expect(log.countReads).toEqual([['u1', 'u2']]);
    expect(log.checks).toEqual(['BTC-USDT@7|ETH-USDT@7']);
    expect(log.loads).toEqual([]);
    // Written: one version on, in the database and in memory; only checked: unchanged.
    expect([version('BTC-USDT'), cachedVersion('BTC-USDT')]).toEqual([8n, 8n]);
    expect([version('ETH-USDT'), cachedVersion('ETH-USDT')]).toEqual([7n, 7n]);

    // The next batch expects the version this one made.
    await turns.run('BTC-USDT', staging('again'));
    expect(log.checks).toEqual(['BTC-USDT@7|ETH-USDT@7', 'BTC-USDT@8|']);
    expect(log.bumps).toEqual([]);
  });

  it('bumps first when a book of the batch is not cached, then takes the fast path once it is', async () => {
    const { turns, log, cachedVersion } = harnessOf({ warm: false });
    expect(await turns.run('BTC-USDT', staging('first'), { countOpenOf: 'u1' })).toBe('first');
    expect(log.bumps).toEqual([['BTC-USDT']]);
    expect(log.loads).toEqual(['BTC-USDT']);
    // The bump counted the open orders: no read beside it.
    expect(log.countReads).toEqual([]);
    expect(log.checks).toEqual([]);
    expect(cachedVersion('BTC-USDT')).toBe(8n);

    expect(await turns.run('BTC-USDT', staging('second'), { countOpenOf: 'u1' })).toBe('second');
    expect(log.bumps).toEqual([['BTC-USDT']]);
    expect(log.checks).toEqual(['BTC-USDT@8|']);
    expect(log.countReads).toEqual([['u1']]);

    // One market of the batch not cached: the whole batch bumps first.
    const { release, busy } = occupy(turns);
    const answers = [turns.run('BTC-USDT', staging('btc')), turns.run('ETH-USDT', staging('eth'))];
    release();
    await busy;
    expect(await Promise.all(answers)).toEqual(['btc', 'eth']);
    expect(log.bumps).toEqual([['BTC-USDT'], ['BTC-USDT', 'ETH-USDT']]);
    expect(log.checks).toEqual(['BTC-USDT@8|']);
  });

  it('rolls back and runs the batch again, bumping first, when a market moved since its book was cached: the book is rebuilt, each command answered once', async () => {
    const { turns, log, writeElsewhere, version, cachedVersion } = harnessOf({ warm: true });
    writeElsewhere('BTC-USDT');
    let runs = 0;
    let answered = 0;
    const placing: TurnWork<string> = async (turn) => {
      runs += 1;
      turn.bookChanged = true;
      turn.stage({ orders: [], trades: [], entries: () => [], events: () => [] });
      return () => {
        answered += 1;
        return 'placed';
      };
    };
    expect(await turns.run('BTC-USDT', placing)).toBe('placed');
    expect([runs, answered]).toEqual([2, 1]);
    expect(log.checks).toEqual(['BTC-USDT@7|']);
    // Rolled back (nothing kept), the changed book dropped, then the market bumped first and its book rebuilt.
    expect([log.transactions, log.committed, log.forgotten]).toEqual([2, 1, 1]);
    expect(log.bumps).toEqual([['BTC-USDT']]);
    expect(log.loads).toEqual(['BTC-USDT']);
    // The ledger posting stays optimistic: only the markets were the problem.
    expect(log.careful).toEqual([false, false]);
    expect([version('BTC-USDT'), cachedVersion('BTC-USDT')]).toEqual([9n, 9n]);

    // Back on the fast path.
    await turns.run('BTC-USDT', staging('next'));
    expect(log.checks).toEqual(['BTC-USDT@7|', 'BTC-USDT@9|']);
  });

  it('keeps the book of a market that did not change when the batch is rolled back for another market that moved', async () => {
    const { turns, log, writeElsewhere, cachedVersion } = harnessOf({ warm: true });
    writeElsewhere('ETH-USDT');
    const { release, busy } = occupy(turns);
    const answers = [turns.run('BTC-USDT', staging('btc')), turns.run('ETH-USDT', staging('eth'))];
    release();
    await busy;
    expect(await Promise.all(answers)).toEqual(['btc', 'eth']);
    expect(log.checks).toEqual(['BTC-USDT@7,ETH-USDT@7|']);
    // Neither book changed: none dropped; the bump finds BTC-USDT's current and rebuilds only ETH-USDT's.
    expect(log.forgotten).toBe(0);
    expect(log.loads).toEqual(['ETH-USDT']);
    expect([cachedVersion('BTC-USDT'), cachedVersion('ETH-USDT')]).toEqual([8n, 9n]);
  });

  it('bumps nothing when nothing is written, but still checks the books its refusals were decided on', async () => {
    const { turns, log, writeElsewhere, version, cachedVersion } = harnessOf({ warm: true });
    let runs = 0;
    const refusing: TurnWork<string> = async () => {
      runs += 1;
      throw new Error('not open');
    };
    await expect(turns.run('BTC-USDT', refusing)).rejects.toThrow('not open');
    expect(log.batches).toEqual([[]]);
    expect(log.checks).toEqual(['|BTC-USDT@7']);
    expect(log.bumps).toEqual([]);
    expect([version('BTC-USDT'), cachedVersion('BTC-USDT')]).toEqual([7n, 7n]);

    // Decided on a book that missed another instance's write: decided again on the rebuilt one, answered once.
    writeElsewhere('BTC-USDT');
    await expect(turns.run('BTC-USDT', refusing)).rejects.toThrow('not open');
    expect(runs).toBe(3);
    expect(log.checks).toEqual(['|BTC-USDT@7', '|BTC-USDT@7']);
    expect(log.bumps).toEqual([['BTC-USDT']]);
    expect(log.loads).toEqual(['BTC-USDT']);
    expect([version('BTC-USDT'), cachedVersion('BTC-USDT')]).toEqual([9n, 9n]);
  });
});

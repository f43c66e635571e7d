import { AppConfig } from '@lib/platform';
import { WalletError, WalletErrorCode } from '@lib/wallet';
import { Order, OrderBook } from '../domain';
import { MarketSequencer } from './market-sequencer';
import { MarketTurns, TurnWork } from './market-turns';
import { MarketMemory } from './order-books';
import { FlushOutcome } from './turn-writer';

const tick = () => new Promise((r) => setImmediate(r));

/** Fakes around MarketTurns: every transaction and flush is recorded; `flushes` decides what the writer answers. */
function harness(options: { maxQueued?: number; maxBatch?: number; flushes?: (owners: number[], careful: boolean) => FlushOutcome } = {}) {
  const memory: MarketMemory = { book: new OrderBook('BTC-USDT'), open: new Map<string, Order>() };
  const log = { transactions: 0, committed: 0, batches: [] as number[][], careful: [] as boolean[], forgotten: 0 };
  let version = 0n;
  const books = {
    inTurn: async () => memory,
    forget: () => void (log.forgotten += 1),
    rollBack: () => undefined,
  };
  const orders = {
    bumpMarketVersions: async (symbols: string[]) => ({ versions: new Map(symbols.map((s) => [s, ++version])), openOrders: new Map<string, number>() }),
  };
  const writer = {
    flush: async (writes: { owner: number }[], flushOptions: { careful?: boolean } = {}) => {
      const owners = writes.map((w) => w.owner);
      log.batches.push(owners);
      log.careful.push(flushOptions.careful === true);
      return options.flushes ? options.flushes(owners, flushOptions.careful === true) : ({ kind: 'written' } as const);
    },
  };
  let commitFailures = 0;
  const tx = {
    withTransaction: async <T>(work: () => Promise<T>) => {
      log.transactions += 1;
      const value = await work();
      if (commitFailures > 0) {
        commitFailures -= 1;
        throw new Error('Connection terminated during COMMIT');
      }
      log.committed += 1;
      return value;
    },
  };
  const config = { orders: { maxQueuedPerMarket: options.maxQueued ?? 100, maxBatchPerTurn: options.maxBatch ?? 64, lanes: 1 } } as AppConfig;
  const sequencer = new MarketSequencer();
  const cls = { run: (_options: unknown, work: () => unknown) => work() };
  const turns = new MarketTurns(sequencer, books as never, orders as never, writer as never, {} as never, tx as never, config, cls as never);
  return { turns, sequencer, log, failCommit: (times: number) => void (commitFailures = times) };
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

describe('MarketTurns', () => {
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

  it('defers a command whose key an earlier command of the batch holds to the next batch', async () => {
    const { turns, log } = harness();
    const { release, busy } = occupy(turns);
    const keyed = (value: string): TurnWork<string> => async (turn) => {
      if (!turn.claimOnce('idempotency:u1:k1')) turn.deferToNextBatch();
      turn.stage({ orders: [], trades: [], entries: () => [], events: () => [] });
      return () => value;
    };
    const answers = [turns.run('BTC-USDT', keyed('first')), turns.run('ETH-USDT', staging('other')), turns.run('BTC-USDT', keyed('retry'))];
    release();
    await busy;
    expect(await Promise.all(answers)).toEqual(['first', 'other', 'retry']);
    expect(log.batches).toEqual([[0, 1], [0]]);
    await tick();
    expect([turns.queued('BTC-USDT'), turns.queued('ETH-USDT')]).toEqual([0, 0]);
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

import { WalletError, WalletErrorCode } from '@lib/wallet';
import { changeBook, command, harnessOf, occupy, run, staging, tick } from './testing/turns-harness';
import { refused } from './turn-command';

describe.each([
  ['bumping the markets first (books not cached)', false],
  ['on the cached books (the writes check the versions)', true],
])('MarketTurns, %s', (_path, warm) => {
  const harness = (options: Parameters<typeof harnessOf>[0] = {}) => harnessOf({ warm, ...options });

  it('refuses a command at once when the market already has as many waiting as allowed, and accepts again once they ran', async () => {
    const { turns } = harness({ maxQueued: 2 });
    // The market's slot is taken: commands wait.
    const { release, busy } = occupy(turns);
    const first = run(turns, staging('first'));
    const second = run(turns, staging('second'));
    expect(() => turns.assertNotBusy('BTC-USDT')).toThrow(expect.objectContaining({ code: 'MARKET_BUSY', details: { symbol: 'BTC-USDT', retryAfterSeconds: 1 } }));
    await expect(run(turns, staging('third'))).rejects.toMatchObject({ code: 'MARKET_BUSY' });
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
    const answers = ['a', 'b', 'c', 'd'].map((v) => run(turns, staging(v)));
    release();
    await busy;
    expect(await Promise.all(answers)).toEqual(['a', 'b', 'c', 'd']);
    expect(log.transactions).toBe(1);
    expect(log.batches).toEqual([[0, 1, 2, 3]]);
  });

  it('batches the commands of several markets of one lane in one transaction', async () => {
    const { turns, log } = harness();
    const { release, busy } = occupy(turns);
    const answers = [run(turns, staging('btc')), run(turns, staging('eth', 'ETH-USDT')), run(turns, staging('btc2'))];
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
    const answers = ['a', 'b', 'c', 'd', 'e'].map((v) => run(turns, staging(v)));
    release();
    await busy;
    expect(await Promise.all(answers)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(log.batches).toEqual([[0, 1, 2], [0, 1]]);
  });

  it('queues an urgent command (a trigger) ahead of the others waiting, after the urgent ones already there', async () => {
    const { turns, log } = harness({ maxBatch: 2 });
    const { release, busy } = occupy(turns);
    const order: string[] = [];
    const tracked = (value: string, urgent = false) => run(turns, { ...staging(value), urgent }).then((v) => order.push(v));
    const all = [tracked('a'), tracked('b'), tracked('t1', true), tracked('c'), tracked('t2', true)];
    release();
    await busy;
    await Promise.all(all);
    // The triggers run in the first batch, in their own order; the rest follow in theirs.
    expect(order).toEqual(['t1', 't2', 'a', 'b', 'c']);
    expect(log.batches).toEqual([[0, 1], [0, 1], [0]]);
  });

  it('refuses a command that failed before touching anything on its own: the others commit in the same transaction', async () => {
    const { turns, log } = harness();
    const { release, busy } = occupy(turns);
    const a = run(turns, staging('a'));
    const refusal = run(turns, command('BTC-USDT', () => refused(new Error('refused early'))));
    const c = run(turns, staging('c'));
    release();
    await busy;
    await expect(refusal).rejects.toThrow('refused early');
    expect([await a, await c]).toEqual(['a', 'c']);
    expect(log.transactions).toBe(1);
    expect(log.batches).toEqual([[0, 2]]);
    expect(log.forgotten).toBe(0);
  });

  it('takes out a command that failed after changing the book: rolled back, the book dropped, the others run again without it, then it alone', async () => {
    const { turns, log } = harness();
    const { release, busy } = occupy(turns);
    const a = run(turns, staging('a'));
    const broken = run(
      turns,
      command('BTC-USDT', (market) => {
        changeBook(market);
        throw new Error('failed half-way');
      }),
    );
    const c = run(turns, staging('c'));
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
    const answers = ['a', 'b', 'c'].map((v) => run(turns, staging(v)));
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
    const answers = ['a', 'b'].map((v) => run(turns, staging(v)));
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
    const answers = ['a', 'b'].map((v) => run(turns, staging(v)));
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
    const answers = ['a', 'b', 'c'].map((v) => run(turns, staging(v)));
    release();
    await busy;
    expect(await answers[0]).toBe('a');
    await expect(answers[1]).rejects.toThrow('unique violation');
    expect(await answers[2]).toBe('c');
    expect(log.batches).toEqual([[0, 1, 2], [0], [0], [0]]);
  });
});


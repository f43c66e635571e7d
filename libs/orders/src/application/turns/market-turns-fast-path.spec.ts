import { changeBook, command, harnessOf, occupy, run, staging, writing } from './testing/turns-harness';
import { Decision, refused } from './turn-command';

describe('MarketTurns: the fast path (books in memory, the version check folded into the writes)', () => {
  it('decides on the cached books without bumping first: the counts are read beside the transaction, the written market is bumped by its check', async () => {
    const { turns, log, version, cachedVersion } = harnessOf({ warm: true });
    const { release, busy } = occupy(turns);
    const answers = [
      run(turns, staging('btc', 'BTC-USDT', { openOrdersOf: 'u1' })),
      // Refused before touching anything: ETH-USDT is decided on, not written.
      run(turns, command('ETH-USDT', () => refused(new Error('refused on its book')), { openOrdersOf: 'u2' })),
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
    await run(turns, staging('again'));
    expect(log.checks).toEqual(['BTC-USDT@7|ETH-USDT@7', 'BTC-USDT@8|']);
    expect(log.bumps).toEqual([]);
  });

  it('bumps first when a book of the batch is not cached, then takes the fast path once it is', async () => {
    const { turns, log, cachedVersion } = harnessOf({ warm: false });
    expect(await run(turns, staging('first', 'BTC-USDT', { openOrdersOf: 'u1' }))).toBe('first');
    expect(log.bumps).toEqual([['BTC-USDT']]);
    expect(log.loads).toEqual(['BTC-USDT']);
    // The bump counted the open orders: no read beside it.
    expect(log.countReads).toEqual([]);
    expect(log.checks).toEqual([]);
    expect(cachedVersion('BTC-USDT')).toBe(8n);

    expect(await run(turns, staging('second', 'BTC-USDT', { openOrdersOf: 'u1' }))).toBe('second');
    expect(log.bumps).toEqual([['BTC-USDT']]);
    expect(log.checks).toEqual(['BTC-USDT@8|']);
    expect(log.countReads).toEqual([['u1']]);

    // One market of the batch not cached: the whole batch bumps first.
    const { release, busy } = occupy(turns);
    const answers = [run(turns, staging('btc')), run(turns, staging('eth', 'ETH-USDT'))];
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
    const placing = command('BTC-USDT', (market): Decision<string> => {
      runs += 1;
      changeBook(market);
      return {
        ...writing('placed'),
        answer: () => {
          answered += 1;
          return 'placed';
        },
      };
    });
    expect(await run(turns, placing)).toBe('placed');
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
    await run(turns, staging('next'));
    expect(log.checks).toEqual(['BTC-USDT@7|', 'BTC-USDT@9|']);
  });

  it('keeps the book of a market that did not change when the batch is rolled back for another market that moved', async () => {
    const { turns, log, writeElsewhere, cachedVersion } = harnessOf({ warm: true });
    writeElsewhere('ETH-USDT');
    const { release, busy } = occupy(turns);
    const answers = [run(turns, staging('btc')), run(turns, staging('eth', 'ETH-USDT'))];
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
    const refusing = command('BTC-USDT', () => {
      runs += 1;
      return refused(new Error('not open'));
    });
    await expect(run(turns, refusing)).rejects.toThrow('not open');
    expect(log.batches).toEqual([[]]);
    expect(log.checks).toEqual(['|BTC-USDT@7']);
    expect(log.bumps).toEqual([]);
    expect([version('BTC-USDT'), cachedVersion('BTC-USDT')]).toEqual([7n, 7n]);

    // Decided on a book that missed another instance's write: decided again on the rebuilt one, answered once.
    writeElsewhere('BTC-USDT');
    await expect(run(turns, refusing)).rejects.toThrow('not open');
    expect(runs).toBe(3);
    expect(log.checks).toEqual(['|BTC-USDT@7', '|BTC-USDT@7']);
    expect(log.bumps).toEqual([['BTC-USDT']]);
    expect(log.loads).toEqual(['BTC-USDT']);
    expect([version('BTC-USDT'), cachedVersion('BTC-USDT')]).toEqual([9n, 9n]);
  });
});

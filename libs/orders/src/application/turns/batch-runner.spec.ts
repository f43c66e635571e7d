import { StoredResponse } from '@lib/platform';
import { changeBook, command, harnessOf, occupy, run, staging, writing } from './testing/turns-harness';
import { TurnCommand, refused } from './turn-command';

/** An idempotent command answering `value`, whose stored answer is `{statusCode: 201, body: value}`. */
function keyed(key: string, decide: TurnCommand<string>['decide']): TurnCommand<string> {
  return {
    ...command('BTC-USDT', decide),
    idempotency: { request: { scope: 'u1', key, requestHash: 'h' }, response: (answer) => ({ statusCode: 201, body: answer }) },
  };
}

describe('BatchRunner: what is derived from the decisions', () => {
  it('treats a refusal that changed the book as a broken command: rolled back, the book rebuilt, the others committed without it', async () => {
    const { turns, log } = harnessOf({ warm: true });
    const { release, busy } = occupy(turns);
    const a = run(turns, staging('a'));
    const sneaky = run(
      turns,
      command('BTC-USDT', (market) => {
        changeBook(market);
        return refused(new Error('refused after placing'));
      }),
    );
    const c = run(turns, staging('c'));
    release();
    await busy;
    await expect(sneaky).rejects.toThrow('refused after placing');
    expect([await a, await c]).toEqual(['a', 'c']);
    // Rolled back before its writes; a and c again; then it alone (bumping first), refused again after changing the book.
    expect(log.batches).toEqual([[0, 1]]);
    expect(log.committed).toBe(1);
    expect(log.forgotten).toBe(2);
  });

  it('a refusal that changed nothing is answered as it is, and the batch is not rolled back', async () => {
    const { turns, log } = harnessOf({ warm: true });
    await expect(run(turns, command('BTC-USDT', () => refused(new Error('no'))))).rejects.toThrow('no');
    expect([log.transactions, log.committed, log.forgotten]).toEqual([1, 1, 0]);
  });
});

describe('BatchRunner: idempotent commands', () => {
  it('stores the answers of the batch\'s idempotent commands in one call, after the writes', async () => {
    const { turns, log } = harnessOf({ warm: true });
    const { release, busy } = occupy(turns);
    const answers = [turns.run(keyed('k1', () => writing('one'))), run(turns, staging('plain')), turns.run(keyed('k2', () => writing('two')))];
    release();
    await busy;
    expect(await Promise.all(answers)).toEqual([{ kind: 'decided', answer: 'one' }, 'plain', { kind: 'decided', answer: 'two' }]);
    expect(log.recorded).toEqual([['k1', 'k2']]);
    expect(log.transactions).toBe(1);
  });

  it('answers a command whose key another request stored meanwhile with that request\'s answer, and commits the others again without it', async () => {
    const keys = new Map<string, StoredResponse>([['k1', { statusCode: 201, body: 'first' }]]);
    const { turns, log } = harnessOf({ warm: true, keys });
    const { release, busy } = occupy(turns);
    const dup = turns.run(keyed('k1', () => writing('second')));
    const other = run(turns, staging('other'));
    release();
    await busy;
    expect(await dup).toEqual({ kind: 'replayed', response: { statusCode: 201, body: 'first' } });
    expect(await other).toBe('other');
    expect(log.recorded).toEqual([['k1'], []]);
    expect([log.transactions, log.committed]).toEqual([2, 1]);
  });

  it('replays the stored answer instead of a refusal when the key was used by a request that committed (the refusal may rest on it)', async () => {
    const keys = new Map<string, StoredResponse>([['k1', { statusCode: 201, body: 'first' }]]);
    const { turns } = harnessOf({ warm: true, keys });
    expect(await turns.run(keyed('k1', () => refused(new Error('funds spent by that very order'))))).toEqual({ kind: 'replayed', response: { statusCode: 201, body: 'first' } });
  });
});

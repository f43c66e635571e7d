import { READ_BATCH_MAX_KEYS, ReadBatcher } from './read-batcher';

describe('ReadBatcher', () => {
  it('answers the reads of one turn with one query, duplicates and misses included', async () => {
    const queries: string[][] = [];
    const batcher = new ReadBatcher<string>(async (keys) => {
      queries.push(keys);
      return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, `row ${k}`]));
    });

    const answers = await Promise.all([batcher.load('a'), batcher.load('b'), batcher.load('a'), batcher.load('missing')]);

    expect(answers).toEqual(['row a', 'row b', 'row a', undefined]);
    expect(queries).toEqual([['a', 'b', 'missing']]);
  });

  it('starts a new batch for a read asked after the previous one was sent', async () => {
    const queries: string[][] = [];
    const batcher = new ReadBatcher<string>(async (keys) => {
      queries.push(keys);
      return new Map(keys.map((k) => [k, k]));
    });

    await batcher.load('a');
    await batcher.load('b');

    expect(queries).toEqual([['a'], ['b']]);
  });

  it('fails every read of a batch whose query failed, and only those', async () => {
    let fail = true;
    const batcher = new ReadBatcher<string>(async (keys) => {
      if (fail) throw new Error('connection lost');
      return new Map(keys.map((k) => [k, k]));
    });

    const failed = await Promise.allSettled([batcher.load('a'), batcher.load('b')]);
    fail = false;

    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(batcher.load('a')).resolves.toBe('a');
  });

  it('splits a batch larger than READ_BATCH_MAX_KEYS', async () => {
    const sizes: number[] = [];
    const batcher = new ReadBatcher<number>(async (keys) => {
      sizes.push(keys.length);
      return new Map(keys.map((k) => [k, Number(k)]));
    });

    const keys = Array.from({ length: READ_BATCH_MAX_KEYS + 3 }, (_, i) => String(i));
    const answers = await Promise.all(keys.map((k) => batcher.load(k)));

    expect(answers).toEqual(keys.map(Number));
    expect(sizes).toEqual([READ_BATCH_MAX_KEYS, 3]);
  });
});

import { SingleFlight } from './single-flight';

/** A piece of work that ends when told to, counting how often it ran. */
function gate<T>(): { work: () => Promise<T>; finish: (value: T) => void; fail: (error: unknown) => void; runs: () => number } {
  let runs = 0;
  let finish!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<T>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { work: () => ((runs += 1), done), finish, fail, runs: () => runs };
}

const shared = (first: { ok: boolean; value?: string; error?: unknown }) => {
  if (!first.ok) throw first.error;
  return `shared:${first.value}`;
};

describe('SingleFlight', () => {
  it('runs the first of 150 identical commands and answers the others from its outcome, without running them', async () => {
    const flight = new SingleFlight<string>();
    const first = gate<string>();
    const answers = Array.from({ length: 150 }, () => flight.run(['cid:u1:a'], 'same', first.work, shared));
    expect(flight.size).toBe(1);
    first.finish('order-1');
    expect(await Promise.all(answers)).toEqual(['order-1', ...Array.from({ length: 149 }, () => 'shared:order-1')]);
    expect(first.runs()).toBe(1);
    expect(flight.size).toBe(0);
  });

  it('shares a refusal with the identical duplicates', async () => {
    const flight = new SingleFlight<string>();
    const first = gate<string>();
    const refusal = new Error('INSUFFICIENT_BALANCE');
    const answers = [flight.run(['cid:u1:a'], 'same', first.work, shared), flight.run(['cid:u1:a'], 'same', first.work, shared)];
    first.fail(refusal);
    await expect(answers[0]).rejects.toBe(refusal);
    await expect(answers[1]).rejects.toBe(refusal);
    expect(first.runs()).toBe(1);
  });

  it('runs a different request under the same key once the first settled, one at a time', async () => {
    const flight = new SingleFlight<string>();
    const first = gate<string>();
    const second = gate<string>();
    const third = gate<string>();
    const a = flight.run(['cid:u1:a'], 'body-1', first.work, shared);
    const b = flight.run(['cid:u1:a'], 'body-2', second.work, shared);
    const c = flight.run(['cid:u1:a'], 'body-3', third.work, shared);
    await Promise.resolve();
    expect([second.runs(), third.runs()]).toEqual([0, 0]);
    first.finish('one');
    expect(await a).toBe('one');
    await new Promise((resolve) => setImmediate(resolve));
    // The second leads now; the third waits for it (another body again).
    expect([second.runs(), third.runs()]).toEqual([1, 0]);
    second.finish('two');
    expect(await b).toBe('two');
    await new Promise((resolve) => setImmediate(resolve));
    expect(third.runs()).toBe(1);
    third.finish('three');
    expect(await c).toBe('three');
  });

  it('collapses on any shared key, and keeps unrelated keys and keyless commands apart', async () => {
    const flight = new SingleFlight<string>();
    const first = gate<string>();
    const other = gate<string>();
    const keyless = gate<string>();
    const a = flight.run(['cid:u1:a', 'key:u1:k'], 'same', first.work, shared);
    const byKey = flight.run(['key:u1:k'], 'same', first.work, shared);
    const unrelated = flight.run(['cid:u2:a'], 'same', other.work, shared);
    const none = flight.run([], 'same', keyless.work, shared);
    expect([first.runs(), other.runs(), keyless.runs()]).toEqual([1, 1, 1]);
    first.finish('one');
    other.finish('two');
    keyless.finish('three');
    expect(await Promise.all([a, byKey, unrelated, none])).toEqual(['one', 'shared:one', 'two', 'three']);
  });
});

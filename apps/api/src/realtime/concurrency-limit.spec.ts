import { ConcurrencyLimit, LimitQueueFull } from './concurrency-limit';

describe('ConcurrencyLimit', () => {
  it('runs at most `concurrency` tasks at once, the rest in arrival order, and refuses beyond the queue', async () => {
    const limit = new ConcurrencyLimit(2, 2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const task = (n: number) => () =>
      new Promise<number>((resolve) => {
        active += 1;
        peak = Math.max(peak, active);
        order.push(n);
        releases.push(() => {
          active -= 1;
          resolve(n);
        });
      });
    const runs = [1, 2, 3, 4].map((n) => limit.run(task(n)));
    await expect(limit.run(task(5))).rejects.toBeInstanceOf(LimitQueueFull);
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([1, 2]);
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(runs)).toEqual([1, 2, 3, 4]);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(peak).toBe(2);
    // A failing task frees its slot.
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit.run(async () => 'free')).toBe('free');
  });
});

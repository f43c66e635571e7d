import { ThrottlerStorageService } from '@nestjs/throttler';
import { MemoryThrottlerStorage } from './memory-throttler-storage';

/** A seeded PRNG (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('MemoryThrottlerStorage', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-12-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it.each([
    ['no block (how the app uses it)', 0],
    ['a block duration', 3_000],
  ])('answers exactly as @nestjs/throttler\'s storage, with %s', async (_title, blockDuration) => {
    const ours = new MemoryThrottlerStorage();
    const library = new ThrottlerStorageService();
    const next = random(blockDuration + 7);
    try {
      for (let i = 0; i < 3_000; i++) {
        // One throttler per key, as the app's keys are (`<budget>:<tracker>`).
        const [ttl, limit] = next() < 0.5 ? [1_000, 5] : [2_500, 12];
        const key = `${ttl}:user:${Math.floor(next() * 3)}`;
        const expected = await library.increment(key, ttl, limit, blockDuration, String(ttl));
        const actual = await ours.increment(key, ttl, limit, blockDuration, String(ttl));
        expect({ i, ...actual }).toEqual({ i, ...expected });
        jest.advanceTimersByTime(Math.floor(next() * 400));
      }
    } finally {
      ours.onApplicationShutdown();
      library.onApplicationShutdown();
    }
  });

  it('drops the counters with nothing left in their window', async () => {
    const storage = new MemoryThrottlerStorage();
    await storage.increment('a', 1_000, 5, 0, 'reads');
    await storage.increment('b', 120_000, 5, 0, 'reads');

    jest.advanceTimersByTime(60_000);
    const b = await storage.increment('b', 120_000, 5, 0, 'reads');
    const a = await storage.increment('a', 1_000, 5, 0, 'reads');

    expect(b.totalHits).toBe(2);
    expect(a.totalHits).toBe(1);
    storage.onApplicationShutdown();
  });
});
